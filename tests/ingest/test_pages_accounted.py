"""Every page accounted for: scans made here (a text page rendered to an image, with and
without an invisible text layer, a garbled one, a blank page, a logo-only page) and
the OCR line and table rebuilding on word boxes."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from beleid.config import load_settings
from beleid.store import Store
from ingest.ocr import OcrWord, ocr_lines, tesseract_available
from ingest.parse import parse_pdf
from app.ingest import ingest_paths
from ingest.tables import tables_from_words

needs_ocr = pytest.mark.skipif(not tesseract_available("nld"), reason="tesseract-ocr-nld not installed")

LINES = [
    "Het college wil de wachtlijsten voor jeugdzorg verkorten.",
    "Daarom investeren wij in wijkteams en preventie op scholen.",
    "De gemeenteraad ontvangt elk jaar een rapportage over de voortgang.",
    "Zonne-energie op daken van scholen levert stroom voor sporthallen.",
]


def _text_page(doc, lines=LINES, fontsize=13, hidden=False, image=None):
    page = doc.new_page(width=420, height=300)
    if image is not None:
        page.insert_image(page.rect, pixmap=image)
    y = 50
    for ln in lines:
        page.insert_text((30, y), ln, fontsize=fontsize, render_mode=3 if hidden else 0)
        y += fontsize * 2
    return page


def _scan_of(lines=LINES, fontsize=13, dpi=150) -> pymupdf.Pixmap:
    src = pymupdf.open()
    _text_page(src, lines, fontsize)
    return src[0].get_pixmap(dpi=dpi)


def _save(doc, tmp: Path, name: str) -> Path:
    path = tmp / name
    doc.save(str(path))
    return path


def _words(text: str) -> set[str]:
    return {w.strip(".,").lower() for w in text.split() if len(w.strip(".,")) > 3}


@needs_ocr
def test_image_page_is_ocrd_and_hidden_layer_is_used_not_dropped(tmp_path):
    doc = pymupdf.open()
    scan = _scan_of()
    doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(0, 0, 420, 300), pixmap=scan)  # image only
    _text_page(doc, hidden=True, image=scan)  # image + good invisible OCR layer
    garbled = ["Hct co1lcge w1l dc wachtl1jstcn v00r jcugdz0rg vcrk0rtcn xq zv",
               "Dqqr0m 1nvcstcrcn w1j 1n w1jktcqms cn prcvcnt1c 0p sch0lcn qq"]
    _text_page(doc, lines=garbled, hidden=True, image=scan)  # image + poor invisible layer
    path = _save(doc, tmp_path, "scan.pdf")
    parsed = parse_pdf(path, load_settings(tmp_path / "d"))
    expected = _words(" ".join(LINES))
    for page in parsed.pages:
        got = _words(page.text)
        assert len(expected & got) >= 0.6 * len(expected), (page.number, page.text)
    assert parsed.pages[0].ocr and parsed.pages[2].ocr
    assert not parsed.pages[1].ocr  # the good hidden layer is used as it is
    assert parsed.document.meta["hidden_ocr_pages"] == [2]
    assert parsed.empty_pages == {}
    assert "poor hidden OCR layer" in parsed.ocr_reasons[3]


@needs_ocr
def test_small_text_is_ocrd_at_a_resolution_that_fits_it(tmp_path):
    doc = pymupdf.open()
    tiny = _scan_of(fontsize=6, dpi=300)  # 6 pt text: too small to read at 150 dpi
    doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(0, 0, 420, 300), pixmap=tiny)
    parsed = parse_pdf(_save(doc, tmp_path, "klein.pdf"), load_settings(tmp_path / "d"))
    reason = parsed.ocr_reasons[1]
    dpi = int(reason.rsplit("OCR at ", 1)[1].split()[0])
    assert dpi > 200, reason
    expected = _words(" ".join(LINES))
    assert len(expected & _words(parsed.pages[0].text)) >= 0.5 * len(expected), parsed.pages[0].text



@needs_ocr
def test_a_set_ocr_dpi_fixes_the_resolution(tmp_path):
    """`ocr_dpi` in the settings (config.json) overrides the fitted resolution."""
    doc = pymupdf.open()
    tiny = _scan_of(fontsize=6, dpi=300)
    doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(0, 0, 420, 300), pixmap=tiny)
    parsed = parse_pdf(_save(doc, tmp_path, "vast.pdf"), load_settings(tmp_path / "d", ocr_dpi=175))
    assert "OCR at 175 dpi" in parsed.ocr_reasons[1], parsed.ocr_reasons[1]

def test_empty_pages_are_reported_with_a_reason(tmp_path):
    doc = pymupdf.open()
    _text_page(doc)
    doc.new_page(width=420, height=300)  # blank
    logo = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False)
    logo.clear_with(200)
    doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(10, 10, 30, 30), pixmap=logo)
    p4 = doc.new_page(width=420, height=300)
    p4.insert_text((200, 290), "4", fontsize=9)  # only a page number
    path = _save(doc, tmp_path, "leeg.pdf")
    settings = load_settings(tmp_path / "d")
    store = Store(settings.db_path)
    report = ingest_paths([path], settings, store)
    r = report.results[0]
    assert r.status == "ingested"
    assert set(r.empty_pages) == {2, 3, 4}
    assert "blank" in r.empty_pages[2]
    assert "image" in r.empty_pages[3]
    assert r.empty_pages[4]
    assert "3 page(s) without text" in r.reason
    stored = store.get_document(r.doc_id).meta["empty_pages"]
    assert set(stored) == {"2", "3", "4"}


def _w(x0, y, text, h=8.0, conf=90.0, line=1, block=1):
    return OcrWord(x0, y, x0 + 6.0 * len(text), y + h, text, conf, block, line)


def test_ocr_bullets_become_bullets_and_words_stay():
    words = [
        _w(30, 50, "e", h=5.0, line=1), _w(48, 48, "Wachtlijsten", line=1), _w(130, 48, "verkorten", line=1),
        _w(30, 70, "e", h=8.0, line=2), _w(40, 70, "mail", line=2),  # 'e' right before a word: not a bullet
        _w(30, 90, "©", h=5.0, line=3), _w(48, 88, "Preventie", line=3),
    ]
    lines = ocr_lines(words)
    assert [ln.text for ln in lines] == ["• Wachtlijsten verkorten", "e mail", "• Preventie"]


def _grid_words(rows, x_cols, y0=100.0, h=8.0):
    words = []
    for i, row in enumerate(rows):
        for cell, x in zip(row, x_cols):
            x_cursor = x
            for part in cell.split():
                words.append((x_cursor, y0 + i * 14, x_cursor + 5 * len(part), y0 + i * 14 + h, part))
                x_cursor += 5 * len(part) + 3
    return words


def test_table_in_an_image_gets_rows_and_cells_from_word_boxes():
    rows = [["Taakveld", "Baten", "Lasten", "Saldo"],
            ["0.1 Bestuur", "0", "-2.052.205", "-2.052.205"],
            ["0.2 Burgerzaken", "388.477", "-799.244", "-410.767"],
            ["0.5 Treasury", "782.000", "-29.672", "752.328"],
            ["0.8 Overige baten", "0", "=239.482", "-239.482"],
            ["0.9 Vennootschapsbelasting", "of", "-1,052.205", "-1.052.205"]]
    tables = tables_from_words(_grid_words(rows, [20, 160, 240, 320]), 500)
    assert len(tables) == 1
    t = tables[0]
    assert t.header == ["Taakveld", "Baten", "Lasten", "Saldo"]
    assert t.rows[1] == ["0.2 Burgerzaken", "388.477", "-799.244", "-410.767"]
    assert t.rows[3][2] == "-239.482"  # an OCR'd minus read as '=' is a minus in a number cell
    assert t.rows[4][1:3] == ["0", "-1.052.205"]  # '0' read as 'of', a thousands dot read as a comma


def test_a_caption_in_a_big_font_above_a_table_is_not_its_header_row():
    rows = [["Taakveld", "Baten", "Lasten", "Saldo"],
            ["0.1 Bestuur", "0", "-2.052.205", "-2.052.205"],
            ["0.2 Burgerzaken", "388.477", "-799.244", "-410.767"],
            ["0.5 Treasury", "782.000", "-29.672", "752.328"]]
    words = _grid_words(rows, [20, 160, 240, 320], y0=130.0)
    # "Overzicht baten en lasten per taakveld" at twice the height, word spaces wider than a cell gap
    x = 20.0
    for part in "Overzicht baten en lasten per taakveld".split():
        words.append((x, 100.0, x + 10 * len(part), 116.0, part))
        x += 10 * len(part) + 12
    tables = tables_from_words(words, 500)
    assert len(tables) == 1 and tables[0].header == ["Taakveld", "Baten", "Lasten", "Saldo"], tables[0].header
    assert tables[0].bbox[1] >= 129  # the caption stays text above the table


def test_running_text_in_word_boxes_is_not_a_table():
    text = ("Het college wil de wachtlijsten verkorten en investeert daarom in wijkteams. "
            "De raad ontvangt elk jaar een rapportage over de voortgang van het programma. ") * 3
    words, x, y = [], 20.0, 100.0
    for tok in text.split():
        if x > 380:
            x, y = 20.0, y + 12
        words.append((x, y, x + 5 * len(tok), y + 8, tok))
        x += 5 * len(tok) + 3
    assert tables_from_words(words, 420) == []


def test_line_break_hyphens_join_but_vowel_clash_compounds_keep_theirs():
    from ingest.tables import _dehyphenate
    from nl.analysis import keeps_hyphen

    assert _dehyphenate("Zonne- energie en ontwik- kelen") == "Zonne-energie en ontwikkelen"
    assert keeps_hyphen("auto", "ongeluk") and not keeps_hyphen("ontwik", "kelen")
    assert _dehyphenate("bedrijfs- en personenauto's") == "bedrijfs- en personenauto's"


def _banded_scan(band_colour, text_colour, dpi=150) -> pymupdf.Pixmap:
    """A cover: a black-on-white line and a dark line on a coloured band, as one image."""
    src = pymupdf.open()
    page = src.new_page(width=420, height=300)
    page.insert_text((30, 60), "Gemeente Voorbeeldstad", fontsize=16)
    page.draw_rect(pymupdf.Rect(0, 150, 420, 260), color=None, fill=band_colour)
    page.insert_text((30, 215), "Begroting 2031-2034", fontsize=30, color=text_colour)
    return page.get_pixmap(dpi=dpi)


@needs_ocr
def test_dark_text_on_a_coloured_band_is_read_and_plain_scans_get_no_second_pass(tmp_path):
    from ingest.ocr import ocr_words, toned_share

    doc = pymupdf.open()
    # dark green text on a mid green band: one global threshold turns band and text alike
    doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(0, 0, 420, 300),
                                                    pixmap=_banded_scan((0.45, 0.62, 0.22), (0.1, 0.2, 0.12)))
    doc.new_page(width=420, height=300).insert_image(pymupdf.Rect(0, 0, 420, 300), pixmap=_scan_of())
    banded, plain = doc[0], doc[1]
    assert toned_share(banded) > 0.1
    assert toned_share(plain) < 0.01  # black on white: no local-threshold pass, no extra cost
    words = {w.text for w in ocr_words(banded).words}
    assert "Voorbeeldstad" in words and "Begroting" in words and "2031-2034" in words, words
    parsed = parse_pdf(_save(doc, tmp_path, "omslag.pdf"), load_settings(tmp_path / "d"))
    # the issuer's name is the letterhead, not the title; the period on the cover completes it
    assert parsed.document.title == "Begroting 2031-2034", parsed.document.title
