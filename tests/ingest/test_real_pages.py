"""Pages of real PDFs from other issuers (``../shared/real/``): none is lost.

Each test parses only the pages it needs (a page subset saved with pymupdf), so the OCR
cost stays small; the one-page screenshot table (07) is marked slow."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from beleid.config import load_settings
from ingest.ocr import tesseract_available
from ingest.parse import parse_pdf

REAL = Path(__file__).resolve().parents[3] / "shared" / "real"
needs_real = pytest.mark.skipif(not REAL.exists(), reason="../shared/real not present")
needs_ocr = pytest.mark.skipif(not tesseract_available("nld"), reason="tesseract-ocr-nld not installed")


def _subset(name: str, pages: list[int], tmp: Path) -> Path:
    src = pymupdf.open(str(next(REAL.glob(name))))
    src.select([p - 1 for p in pages])
    out = tmp / f"subset-{name.strip('*')}.pdf"
    src.save(str(out))
    return out


@needs_real
def test_hidden_ocr_layer_is_used_on_every_page(tmp_path):
    parsed = parse_pdf(next(REAL.glob("11_*.pdf")), load_settings(tmp_path / "d"))
    assert parsed.empty_pages == {}
    assert all(len(p.text) > 300 for p in parsed.pages[:7]), [len(p.text) for p in parsed.pages]
    assert parsed.document.ocr_pages == 0
    assert parsed.document.meta["hidden_ocr_pages"] == list(range(1, 9))
    assert parsed.document.kind == "wob-besluit" and parsed.document.author == "Gemeente Amsterdam"


@needs_real
@needs_ocr
def test_letter_pages_that_are_images_are_ocrd(tmp_path):
    # page 3 of 25 is a scanned letter page, page 11 a text page of the same file
    parsed = parse_pdf(_subset("25_*.pdf", [3, 11], tmp_path), load_settings(tmp_path / "d"))
    scan, text = parsed.pages
    assert scan.ocr and not text.ocr and parsed.empty_pages == {}
    assert "Wob" in scan.text and len(scan.text.split()) > 200


@needs_real
@needs_ocr
def test_broken_font_text_is_detected_and_ocrd(tmp_path):
    parsed = parse_pdf(_subset("21_*.pdf", [1], tmp_path), load_settings(tmp_path / "d"))
    page = parsed.pages[0]
    assert page.ocr and "noise" in parsed.ocr_reasons[1]
    assert "Adviescommissie" in page.text and "Nobian" in page.text


@needs_real
@needs_ocr
@pytest.mark.slow
def test_table_in_a_screenshot_gets_rows_and_cells(tmp_path):
    parsed = parse_pdf(next(REAL.glob("07_*.pdf")), load_settings(tmp_path / "d"))
    tables = parsed.pages[0].tables
    assert tables and parsed.empty_pages == {}
    widest = max(tables, key=lambda t: len(t.header))
    assert len(widest.header) >= 8 and len(widest.rows) >= 20
    labelled = [r for r in widest.rows if r[0][:1].isdigit()]
    assert len(labelled) >= 10  # taakveld rows ("0.1 Bestuur", ...) keep their label in the first cell


@needs_real
@needs_ocr
def test_a_cover_that_is_an_image_gives_its_title(tmp_path):
    # page 1 of the Wassenaar budget is an image: the crest line "Gemeente Wassenaar", "Begroting"
    # in green and "2021-2024" dark on a green band (lost by a global threshold)
    parsed = parse_pdf(_subset("03_*.pdf", [1], tmp_path), load_settings(tmp_path / "d"))
    assert "2021-2024" in parsed.pages[0].text
    assert parsed.document.title == "Begroting 2021-2024", parsed.document.title
