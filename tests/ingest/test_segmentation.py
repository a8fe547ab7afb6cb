"""Paragraph and list-item breaks from page geometry, and two-column reading order (issue 13)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layout import build_blocks, order_columns, split_wide_lines
from ingest.pdf import RawLine

ROOT = Path(__file__).resolve().parents[2]
BINNENSTAD = ROOT / "corpus" / "2019-programmacontract-binnenstad.pdf"
WASSENAAR = ROOT.parent / "shared" / "real" / "03_wassenaar_begroting_2021-2024.pdf"


def ln(text, y, x0=72.0, x1=500.0, size=10.0, bold=False):
    return RawLine(text, (x0, y, x1, y + size * 1.1), size, bold, 0)


def texts(blocks):
    return [b.text for b in blocks]


def test_a_gap_larger_than_the_line_pitch_starts_a_new_paragraph_without_punctuation():
    lines = [ln("De doelen zijn:", 100),
             ln("In 2022 wonen meer mensen in de binnenstad van", 124), ln("Almelo en omgeving", 138),
             ln("In 2022 staan minder winkels leeg in de binnenstad", 162),
             ln("In 2022 is de binnenstad schoner", 186), ln("en veiliger", 200)]
    blocks = build_blocks([(1, lines)], body=10.0)
    assert texts(blocks) == ["De doelen zijn:", "In 2022 wonen meer mensen in de binnenstad van Almelo en omgeving",
                             "In 2022 staan minder winkels leeg in de binnenstad", "In 2022 is de binnenstad schoner en veiliger"]


def test_a_sentence_that_runs_on_over_a_gap_stays_one_paragraph():
    lines = [ln("Om daar te komen maken de betrokken afspraken. Het", 100), ln("college van B&W heeft doelen.", 124),
             ln("Dit is de tweede alinea van de tekst die lang", 148), ln("genoeg is.", 162)]
    blocks = build_blocks([(1, lines)], body=10.0)
    assert texts(blocks) == ["Om daar te komen maken de betrokken afspraken. Het college van B&W heeft doelen.",
                             "Dit is de tweede alinea van de tekst die lang genoeg is."]


def test_first_line_indent_after_a_sentence_end_starts_a_paragraph():
    lines = [ln("Eerste alinea loopt door op", 100), ln("de volgende regel.", 114),
             ln("Tweede alinea met inspringing.", 128, x0=90)]
    assert len(build_blocks([(1, lines)], body=10.0)) == 2


def test_two_flowing_columns_are_read_column_by_column():
    lines = [ln("Links begint een zin die", 100, x1=300), ln("Rechts staat het resultaat dat", 100, x0=340),
             ln("doorloopt in de kolom.", 114, x1=300), ln("ook doorloopt.", 114, x0=340),
             ln("Nog een resultaat van de", 138, x0=340), ln("rechterkolom.", 152, x0=340)]
    blocks = build_blocks([(1, lines)], body=10.0)
    assert texts(blocks) == ["Links begint een zin die doorloopt in de kolom.", "Rechts staat het resultaat dat ook doorloopt.",
                             "Nog een resultaat van de rechterkolom."]


def test_a_label_value_form_is_read_row_by_row():
    lines = [ln("Bestuurlijk", 100, x1=150), ln("Jan Jansen", 100, x0=300),
             ln("Ambtelijk", 114, x1=150), ln("Piet Pietersen", 114, x0=300)]
    assert [x.text for x in order_columns(lines, 10.0)] == ["Bestuurlijk", "Jan Jansen", "Ambtelijk", "Piet Pietersen"]


def test_a_line_joined_across_a_gutter_is_split_but_a_table_row_is_not():
    words = [(72, 100, 100, 111, "Belangrijkste"), (102, 100, 160, 111, "ontwikkelingen"),
             (340, 100, 390, 111, "Belangrijkste"), (392, 100, 450, 111, "resultaten")]
    joined = RawLine("Belangrijkste ontwikkelingen Belangrijkste resultaten", (72, 100, 450, 111), 10.0, True, 0)
    parts = split_wide_lines([joined], words)
    assert [p.text for p in parts] == ["Belangrijkste ontwikkelingen", "Belangrijkste resultaten"]
    row_words = [(72, 100, 100, 111, "Lasten"), (200, 100, 220, 111, "-522"), (300, 100, 320, 111, "-548"),
                 (400, 100, 420, 111, "-384")]
    row = RawLine("Lasten -522 -548 -384", (72, 100, 420, 111), 10.0, False, 0)
    assert split_wide_lines([row], row_words) == [row]


def _page_blocks(path: Path, pages: tuple[int, ...]):
    """Blocks of some pages, built the way ``ingest.parse.parse_pdf`` builds them (tables excluded)."""
    import pymupdf

    from ingest.pdf import page_lines
    from ingest.tables import find_tables

    doc = pymupdf.open(str(path))
    page_data = []
    for n in pages:
        page = doc[n - 1]
        tables = find_tables(page)
        lines = page_lines(page, exclude=[t.bbox for t in tables])
        page_data.append((n, split_wide_lines(lines, page.get_text("words"))))
    body = 10.5 if "binnenstad" in path.name else 9.0
    return build_blocks(page_data, body)


def test_binnenstad_strategic_goals_and_lettered_operational_goals_are_separate_blocks():
    from ingest.parse import parse_pdf
    from beleid.config import load_settings

    parsed = parse_pdf(BINNENSTAD, load_settings("/tmp/unused-segmentation-test"))
    page5 = [" ".join(b.text.split()) for p in parsed.pages if p.number == 5 for b in p.blocks]
    starts = ["In 2022 recreéren en winkelen meer inwoners en bezoekers in de binnenstad van Almelo",
              "In 2022 staan minder winkels en panden leeg in de binnenstad van Almelo",
              "In 2022 kent de binnenstad betere activiteiten op het gebied van cultuur",
              "In 2022 is de binnenstad van Almelo aantrekkelijker, veiliger en gastvrijer met betere parkeermogelijkheden",
              "In 2022 zijn er meer bedrijven in de binnenstad van Almelo gevestigd met meer omzet"]
    for s in starts:  # each strategic goal begins its own block (once in the list, once above its operational goals)
        assert any(b.startswith(s) for b in page5), s
    assert sum(b.startswith("In 2022") for b in page5) >= 8
    assert any(b.startswith("a. Groei van het aantal bezoekers per week") for b in page5)
    assert any(b.startswith("a. Almeloérs waarderen het evenementenaanbod") for b in page5)
    assert any(b.startswith("b. Almeloérs waarderen het cultuuraanbod") for b in page5)


@pytest.mark.skipif(not WASSENAAR.exists(), reason="../shared/real not available")
def test_wassenaar_result_bullets_per_taakveld_are_separate_blocks_in_their_column():
    blocks = _page_blocks(WASSENAAR, (65, 93))
    right = [b for b in blocks if b.page == 65 and b.bbox[0] > 300]
    assert right[0].kind == "heading" and right[0].text == "Belangrijkste resultaten 2021"
    assert [b.text for b in right[1:5]] == [
        "Samen met de partners uit het sociaal domein, onderwijs, sport en welzijn worden de activiteiten uit het "
        "sportakkoord uitgevoerd.",
        "Het Wassenaars Sportcontact en de gemeente gaan intensiever samenwerken.",
        "Er wordt optimaal gebruik gemaakt van de beschikbare sportfaciliteiten en -accommodaties.",
        "Het doel, om het aantal niet-sporters te laten afnemen naar de streefwaarde, is gehaald."]
    left = [b.text for b in blocks if b.page == 65 and b.bbox[0] < 300 and b.kind == "paragraph"]
    assert "De verenigingen maken optimaal gebruik van de beschikbare ruimte en sportaccommodaties." in left
    bullets = [b.text for b in blocks if b.page == 93 and b.kind == "list_item"]
    assert bullets == ["• Lokale implementatie en borging van Beter Samenspel",
                       "• Versterken van het voorveld op het gebied van preventie", "• Q sturing",
                       "• Contractmanagement, controle en verantwoording"]
    strategic = [b.text for b in blocks if b.page == 65 and b.text.endswith(";")]
    assert len(strategic) == 5  # the five "Wat willen we bereiken?" items before the last one ending in "."
