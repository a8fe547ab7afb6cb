"""The ingest stage on the real bundled corpus."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = {d["id"]: d for d in json.loads((ROOT / "corpus" / "manifest.json").read_text())}
DUURZAAMHEID = "2019-programmacontract-duurzaamheid"
ZORG = "2019-programmacontract-zorg"
SCAN = "2019-programmacontract-zorg-scan"


def norm(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def test_every_corpus_file_ingested(corpus_data):
    assert not corpus_data.report.failed, corpus_data.report.failed
    ids = {d.doc_id for d in corpus_data.store.documents()}
    assert set(MANIFEST) <= ids and SCAN in ids


@pytest.mark.parametrize("doc_id", sorted(MANIFEST))
def test_metadata_matches_manifest(corpus_data, doc_id):
    gold = MANIFEST[doc_id]
    doc = corpus_data.store.get_document(doc_id)
    assert doc.title == gold["title"]
    assert doc.kind == gold["kind"]
    assert doc.date == gold["date"]
    assert doc.author == gold["author"]
    assert doc.pages == gold["pages"]
    assert (doc.programme or None) == gold["programme"]


def test_running_headers_footers_and_page_numbers_removed(corpus_data):
    for doc in corpus_data.store.documents():
        for page in corpus_data.store.pages(doc.doc_id):
            assert not re.search(r"pagina \d+ van \d+", page.text), (doc.doc_id, page.number)
            assert "|  Programmacontract" not in page.text
    # the body text itself is still there
    p2 = corpus_data.store.page(DUURZAAMHEID, 2).text
    assert "Voor u ligt het programmacontract" in p2


def test_wrapped_lines_are_joined(corpus_data):
    text = corpus_data.store.page(DUURZAAMHEID, 2).text
    # justified words stored one per line in the PDF come back as running text
    assert "de directie als ambtelijk opdrachtgever en de programmamanager Duurzaamheid als opdrachtnemer" in text


def test_indicator_table_on_page_7_has_rows_with_numbers(corpus_data):
    tables = corpus_data.store.tables(DUURZAAMHEID, 7)
    assert len(tables) == 1
    t = tables[0]
    assert t.header[0] == "Indicator" and t.header[2:6] == ("2019", "2020", "2021", "2022")
    rows = {r[0]: r for r in t.rows}
    green = next(r for name, r in rows.items() if name.startswith("Toename van het aantal m2 groen"))
    assert green[1:] == ("0 (2018)", "1.000", "2.000", "4.500", "6.000", "Gemeente Almelo")
    energy = next(r for name, r in rows.items() if name.startswith("% duurzame energie"))
    assert energy[1] == "2,1 (2017)" and energy[-1] == "Klimaatmonitor"
    assert len(t.rows) >= 10
    # and the table is a chunk of its own in readable form
    chunks = [c for c in corpus_data.store.chunks(DUURZAAMHEID) if c.kind == "table"]
    assert any(c.page == 7 and "2022: 6.000" in c.text for c in chunks)


def test_scanned_contract_is_ocrd_and_searchable(corpus_data):
    doc = corpus_data.store.get_document(SCAN)
    assert doc.ocr_pages == doc.pages
    assert all(p.ocr for p in corpus_data.store.pages(SCAN))
    ocr_text = norm(" ".join(p.text for p in corpus_data.store.pages(SCAN)))
    # sentences taken from the text-layer twin must be found in the OCR text
    twin = corpus_data.store.page(ZORG, 2).text
    sentences = [s for s in re.split(r"(?<=\.)\s+", twin) if 60 < len(s) < 200][:5]
    assert sentences
    found = sum(norm(s) in ocr_text for s in sentences)
    assert found >= len(sentences) - 1, sentences


def test_scan_recorded_as_near_duplicate(corpus_data):
    assert corpus_data.store.get_document(SCAN).duplicate_of == ZORG
    assert corpus_data.store.get_document(ZORG).duplicate_of is None


def test_chunks_carry_provenance_and_sections(corpus_data):
    for doc in corpus_data.store.documents():
        chunks = corpus_data.store.chunks(doc.doc_id)
        assert chunks, doc.doc_id
        for c in chunks:
            assert 1 <= c.page <= c.page_end <= doc.pages
            assert c.text.strip()
            assert len(c.text) <= 2500, (c.chunk_id, len(c.text))
    sections = {c.section_path for c in corpus_data.store.chunks(DUURZAAMHEID)}
    assert any(s.startswith("4. Resultaten en inspanningen") for s in sections), sections


def test_headings_have_levels(corpus_data):
    heads = [b for b in corpus_data.store.blocks(DUURZAAMHEID) if b.kind == "heading"]
    numbered = [h for h in heads if re.match(r"^\d+\.\s", h.text)]
    assert len(numbered) >= 3
    assert all(h.heading_level == 1 for h in numbered)
