"""Deciding when a page needs OCR, and running Tesseract (Dutch) through pymupdf.

A page is OCR'd when its text layer is unusable: no text at all, a scanned
image carrying a poor hidden OCR layer, or text that extracts as glyph noise
(broken font encodings map letters to private-use or control characters).
"""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass

from beleid.errors import MissingExtraError

_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


@dataclass(frozen=True)
class TextQuality:
    chars: int
    noise_ratio: float  # share of characters that are not letters, digits, punctuation or spaces
    wordlike_ratio: float  # share of tokens that look like words
    image_cover: float  # share of the page covered by images

    def needs_ocr(self) -> tuple[bool, str]:
        if self.chars < 20:
            if self.image_cover > 0.3:
                return True, "no text layer (scanned image)"
            return False, ""
        if self.noise_ratio > 0.15:
            return True, f"text layer is glyph noise ({self.noise_ratio:.0%} unreadable characters)"
        if self.wordlike_ratio < 0.5:
            return True, f"text layer reads as noise (only {self.wordlike_ratio:.0%} word-like tokens)"
        if self.image_cover > 0.8 and self.wordlike_ratio < 0.75:
            return True, "scanned image with a poor hidden OCR layer"
        return False, ""


def text_quality(page, text: str) -> TextQuality:
    stripped = [c for c in text if not c.isspace()]
    n = len(stripped)
    noise = 0
    for c in stripped:
        cat = unicodedata.category(c)
        readable = cat[0] in "NP" or cat in ("Sm", "Sc", "Sk", "So") or (
            cat[0] == "L" and (ord(c) <= 0x24F or _is_common_letter(c)))
        if not readable:  # control, private use, unassigned, exotic letters from broken encodings
            noise += 1
    tokens = text.split()
    wordlike = 0
    for tok in tokens:
        core = tok.strip(".,;:()[]'\"!?%€-–")
        if not core:
            continue
        if core.replace(".", "").replace(",", "").isdigit():
            wordlike += 1
        elif _WORD.fullmatch(core) and any(ch in _VOWELS for ch in core.lower()):
            wordlike += 1
        elif re.fullmatch(r"[A-Za-zÀ-ÿ0-9/\-.'’]+", core) and any(ch in _VOWELS for ch in core.lower()):
            wordlike += 1
    counted = sum(1 for t in tokens if t.strip(".,;:()[]'\"!?%€-–")) or 1
    return TextQuality(n, noise / max(n, 1), wordlike / counted, _image_cover(page))


def _is_common_letter(c: str) -> bool:
    # Latin ligatures (ﬀ ﬁ ﬂ) and typographic letters that are not noise.
    return 0xFB00 <= ord(c) <= 0xFB06 or unicodedata.name(c, "").startswith(("LATIN", "GREEK"))


def _image_cover(page) -> float:
    area = abs(page.rect) or 1.0
    covered = 0.0
    try:
        infos = page.get_image_info()
    except Exception:
        return 0.0
    for info in infos:
        x0, y0, x1, y1 = info["bbox"]
        x0, y0 = max(x0, page.rect.x0), max(y0, page.rect.y0)
        x1, y1 = min(x1, page.rect.x1), min(y1, page.rect.y1)
        if x1 > x0 and y1 > y0:
            covered += (x1 - x0) * (y1 - y0)
    return min(covered / area, 1.0)


def tesseract_available(language: str = "nld") -> bool:
    return _tessdata(language) is not None


def _tessdata(language: str) -> str | None:
    if not shutil.which("tesseract"):
        return None
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    candidates += [f"/usr/share/tesseract-ocr/{v}/tessdata" for v in ("5", "4.00", "4")]
    candidates += ["/usr/share/tessdata", "/usr/local/share/tessdata"]
    for folder in candidates:
        if folder and os.path.exists(os.path.join(folder, f"{language}.traineddata")):
            return folder
    return None


def ocr_textpage(page, language: str = "nld", dpi: int = 300):
    """Run Tesseract on the whole page and return a pymupdf TextPage."""
    tessdata = _tessdata(language)
    if tessdata is None:
        raise MissingExtraError(
            f"OCR ({language})", f"the Debian packages tesseract-ocr and tesseract-ocr-{language} "
            "(apt-get install tesseract-ocr tesseract-ocr-nld)")
    return page.get_textpage_ocr(language=language, dpi=dpi, full=True, tessdata=tessdata)
