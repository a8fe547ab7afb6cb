"""Unit tests of the layout rules and the OCR decision on tiny inputs."""
from __future__ import annotations

import pymupdf

from ingest.layout import build_blocks, join_lines, running_lines, strip_running
from ingest.metadata import infer_kind, parse_dutch_date
from ingest.ocr import text_quality
from ingest.pdf import RawLine


def line(text, y, size=10.5, bold=False, block=0):
    return RawLine(text, (72, y, 400, y + size * 1.2), size, bold, block)


def test_vowel_clash_compounds_keep_their_hyphen_across_a_line_break():
    assert join_lines("meer zonne-", "energie op daken") == "meer zonne-energie op daken"
    assert join_lines("een auto-", "ongeluk") == "een auto-ongeluk"


def test_hyphenation_is_undone_but_not_before_conjunctions():
    assert join_lines("de ontwik-", "keling van de wijk") == "de ontwikkeling van de wijk"
    assert join_lines("bedrijfs-", "en personenauto's") == "bedrijfs- en personenauto's"
    assert join_lines("de wijk", "en de stad") == "de wijk en de stad"


def test_running_footer_detected_across_pages_but_body_kept():
    pages = []
    for n in range(1, 6):
        pages.append((842.0, [line("Gemeente X | Plan | pagina %d van 5" % n, 800),
                              line("Unieke tekst op pagina %d." % n, 300)]))
    running = running_lines(pages)
    kept = [strip_running(lines, h, running) for h, lines in pages]
    assert all(len(k) == 1 and k[0].text.startswith("Unieke") for k in kept)


def test_blocks_headings_lists_and_sections():
    lines = [
        line("2. Doelen", 100, size=14, bold=True),
        line("De gemeente wil het", 130),
        line("volgende bereiken:", 143),
        line("• minder uitkeringen", 170),
        line("2.1 Jeugd", 200, size=12, bold=True),
        line("Meer jongeren doen mee.", 230),
    ]
    blocks = build_blocks([(1, lines)], body=10.5)
    kinds = [(b.kind, b.text) for b in blocks]
    assert kinds == [("heading", "2. Doelen"), ("paragraph", "De gemeente wil het volgende bereiken:"),
                     ("list_item", "• minder uitkeringen"), ("heading", "2.1 Jeugd"),
                     ("paragraph", "Meer jongeren doen mee.")]
    assert blocks[3].level == 2 and blocks[0].level == 1
    assert blocks[-1].section == ("2. Doelen", "2.1 Jeugd")


def test_glyph_noise_triggers_ocr_and_good_text_does_not():
    page = pymupdf.open().new_page()
    good = "De gemeente Almelo wil in 2022 meer groen in de openbare ruimte realiseren. " * 5
    assert text_quality(page, good).needs_ocr() == (False, "")
    noise = "".join(chr(0xE000 + (i % 40)) for i in range(300))
    need, reason = text_quality(page, noise).needs_ocr()
    assert need and "noise" in reason
    garbled = "xqz3 ## ;; kfgh ptkr wrtz 77x% ,,.. " * 10
    assert text_quality(page, garbled).needs_ocr()[0]


def test_dutch_dates_and_kinds():
    assert parse_dutch_date("Almelo, 15 mei 2018") == "2018-05-15"
    assert parse_dutch_date("3-12-2019") == "2019-12-03"
    assert infer_kind("Raadsbrief: Evaluatie jeugdzorg", "", "") == "raadsbrief"
    assert infer_kind("Rapportage Evaluatie sociaal domein", "", "") == "evaluatie"
    assert infer_kind("Notitie", "", "Aan het college. Collegevoorstel over ...") == "collegevoorstel"


def test_a_plan_with_an_evaluation_section_is_not_an_evaluation():
    head = "Beleidsnota Sport en Bewegen 2024-2027\n1. Inleiding\n...\n6. Monitoring en evaluatie\nWe meten jaarlijks."
    assert infer_kind("Beleidsnota Sport en Bewegen 2024-2027", "", head) == "other"
    report = "Dit rapport bevat de resultaten van het onderzoek naar het sociaal domein. De onderzoeksvragen zijn"
    assert infer_kind("Het sociaal domein in beeld", "", report) == "evaluatie"
