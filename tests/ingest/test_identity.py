"""A document is its content: one test per identity case, zero lost documents."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from beleid.config import load_settings
from beleid.errors import ConfigError, NotFoundError
from beleid.store import Store
from index.embedders import FakeEmbedder
from index.sync import sync_indexes
from app.ingest import ingest_paths
from ingest.pipeline import delete_document, set_metadata


def _pdf(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    for i in range(0, len(lines), 3):
        page = doc.new_page()
        y = 72
        for ln in lines[i:i + 3]:
            page.insert_text((72, y), ln, fontsize=11)
            y += 20
    doc.save(str(path))
    return path


A = ["Raadsbrief over de wachtlijsten in de jeugdzorg.", "Datum 3 maart 2021",
     "Het college verkort de wachtlijsten door extra inzet van wijkteams."]
B = ["Programmabegroting 2022 van de gemeente.", "Datum 12 november 2021",
     "De begroting investeert in duurzame energie en zonnepanelen op scholen."]


@pytest.fixture()
def env(tmp_path):
    settings = replace(load_settings(tmp_path / "data"), model="fake")
    return settings, Store(settings.db_path), tmp_path


def _ids(store):
    return sorted(d.doc_id for d in store.documents())


def test_two_files_with_one_name_both_stay(env):
    settings, store, tmp = env
    first = _pdf(tmp / "mixed" / "good.pdf", A)
    second = _pdf(tmp / "other" / "good.pdf", B)
    r1 = ingest_paths([first], settings, store).results[0]
    r2 = ingest_paths([second], settings, store).results[0]
    assert (r1.status, r2.status) == ("ingested", "ingested")
    assert r1.doc_id == "good" and r2.doc_id.startswith("good-") and len(r2.doc_id) == len("good-") + 6
    assert "stored as" in r2.reason
    assert _ids(store) == sorted([r1.doc_id, r2.doc_id])
    assert "wachtlijsten" in " ".join(c.text for c in store.chunks(r1.doc_id))
    assert "zonnepanelen" in " ".join(c.text for c in store.chunks(r2.doc_id))


def test_ids_are_stable_across_reingests(env):
    settings, store, tmp = env
    first = _pdf(tmp / "mixed" / "good.pdf", A)
    second = _pdf(tmp / "other" / "good.pdf", B)
    ingest_paths([first, second], settings, store)
    before = _ids(store)
    again = ingest_paths([second, first], settings, store).results
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert all(r.chunks > 0 and r.reason.startswith("unchanged") for r in again)  # not "0 chunks"
    assert sorted(r.doc_id for r in again) == before
    assert _ids(store) == before


def test_same_content_elsewhere_is_the_same_document(env):
    settings, store, tmp = env
    first = _pdf(tmp / "a" / "brief.pdf", A)
    copy = tmp / "b" / "kopie-van-brief.pdf"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    ingest_paths([first], settings, store)
    r = ingest_paths([copy], settings, store).results[0]
    assert r.status == "unchanged" and r.doc_id == "brief"
    assert "same content" in r.reason
    assert _ids(store) == ["brief"]


def test_changed_file_at_the_same_path_replaces_its_old_version(env):
    settings, store, tmp = env
    path = _pdf(tmp / "docs" / "brief.pdf", A)
    other = _pdf(tmp / "docs" / "begroting.pdf", B)
    ingest_paths([path, other], settings, store)
    _pdf(path, A[:2] + ["Het college schaft de wachtlijsten volledig af in 2023."])
    r = ingest_paths([path], settings, store).results[0]
    assert r.status == "updated" and r.doc_id == "brief" and r.replaced == "brief"
    assert "replaces the earlier version" in r.reason
    text = " ".join(c.text for c in store.chunks("brief"))
    assert "volledig af" in text and "extra inzet" not in text
    assert _ids(store) == ["begroting", "brief"]  # nothing else lost


def test_delete_removes_document_everywhere_and_only_it(env):
    settings, store, tmp = env
    a = _pdf(tmp / "x" / "brief.pdf", A)
    b = _pdf(tmp / "x" / "begroting.pdf", B)
    ingest_paths([a, b], settings, store)
    sync_indexes(settings, store, embedder=FakeEmbedder())
    set_metadata(store, "brief", kind="raadsbrief")
    removed = delete_document(store, "brief")
    assert removed.doc_id == "brief"
    assert _ids(store) == ["begroting"]
    assert store.chunks("brief") == [] and store.pages("brief") == []
    assert store.overrides("brief") == {}
    rep = sync_indexes(settings, store, embedder=FakeEmbedder())
    assert rep.deleted > 0 and rep.chunks == len(store.chunks())
    with pytest.raises(NotFoundError):
        delete_document(store, "brief")
    # re-ingesting the deleted file brings it back as a new document
    assert ingest_paths([a], settings, store).results[0].status == "ingested"


def test_index_reports_replaced_chunks(env):
    settings, store, tmp = env
    path = _pdf(tmp / "d" / "brief.pdf", A)
    ingest_paths([path], settings, store)
    first = sync_indexes(settings, store, embedder=FakeEmbedder())
    assert first.added == first.chunks and first.replaced == 0
    _pdf(path, A[:2] + ["Het college schaft de wachtlijsten volledig af in 2023."])
    ingest_paths([path], settings, store)
    second = sync_indexes(settings, store, embedder=FakeEmbedder())
    assert second.replaced >= 1 and second.added + second.replaced + second.unchanged == second.chunks


def test_unchanged_store_skips_the_index_work(env):
    settings, store, tmp = env
    ingest_paths([_pdf(tmp / "d" / "brief.pdf", A)], settings, store)
    sync_indexes(settings, store)  # settings.model == "fake"
    again = sync_indexes(settings, store)
    assert again.added == again.replaced == again.deleted == 0 and again.unchanged == again.chunks
    assert again.embed_seconds == 0 and not again.lexical_rebuilt


def test_corrections_survive_reingest_of_a_changed_file(env):
    settings, store, tmp = env
    path = _pdf(tmp / "d" / "brief.pdf", A)
    ingest_paths([path], settings, store)
    doc = set_metadata(store, "brief", kind="collegevoorstel", date="2021-03-04", title="Wachtlijsten jeugdzorg",
                       author="College van B&W, gemeente Almelo", programme="Zorg")
    assert (doc.kind, doc.date, doc.title, doc.programme) == ("collegevoorstel", "2021-03-04",
                                                              "Wachtlijsten jeugdzorg", "Zorg")
    _pdf(path, A + ["Een extra zin maakt dit een nieuwe versie."])
    assert ingest_paths([path], settings, store).results[0].status == "updated"
    doc = store.get_document("brief")
    assert (doc.kind, doc.date, doc.title, doc.author, doc.programme) == (
        "collegevoorstel", "2021-03-04", "Wachtlijsten jeugdzorg", "College van B&W, gemeente Almelo", "Zorg")
    assert set(doc.meta["corrected"]) == {"kind", "date", "title", "author", "programme"}


def test_bad_corrections_are_refused_in_words(env):
    settings, store, tmp = env
    ingest_paths([_pdf(tmp / "d" / "brief.pdf", A)], settings, store)
    for kwargs in ({"kind": "roman"}, {"date": "gisteren"}, {"colour": "blauw"}, {"title": "  "}):
        with pytest.raises(ConfigError):
            set_metadata(store, "brief", **kwargs)
    with pytest.raises(NotFoundError):
        set_metadata(store, "bestaat-niet", kind="nota")
    assert set_metadata(store, "brief", date="3 maart 2020").date == "2020-03-03"
