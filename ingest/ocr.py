"""Deciding when a page needs OCR, and running Tesseract (Dutch) on it.

A page is OCR'd when its text layer is unusable: no text at all over an image,
a scanned image carrying a poor hidden OCR layer (invisible text), or text that
extracts as glyph noise (broken font encodings map letters to private-use or
control characters). A good hidden OCR layer is used as it is.

OCR runs Tesseract through pytesseract on a rendering of the page and returns
its word boxes (in PDF points), so that the caller can rebuild lines and find
table rows and cells. The resolution fits the text size: a cheap first pass at
a low resolution measures the height of the words, and the page is OCR'd again
at the resolution that makes that height what Tesseract reads best. On a page
with toned background (coloured bands, covers), a second pass with a local
threshold adds the words the global threshold could not separate from it.
"""
from __future__ import annotations

import functools
import itertools
import os
import re
import shutil
import statistics
import unicodedata
from dataclasses import dataclass

from beleid.errors import MissingExtraError

_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")

# Word-box height (ascender to descender, in pixels) to OCR at: capitals of about
# 22 px, where Tesseract reads well; below ~20 px word height accuracy drops fast,
# far above the target only costs time (Tesseract's time grows with the pixels).
TARGET_WORD_PX = 32.0
MIN_DPI, MAX_DPI = 150, 600
PROBE_DPI = 150
SAUVOLA = 2  # Tesseract's thresholding_method for a local (Sauvola) threshold; 0 is global Otsu
MIN_TONED_SHARE = 0.01  # pages with this much toned background get the local-threshold pass
EXTRA_MIN_CONF = 60.0  # a word the local-threshold pass adds must be read this confidently
EXTRA_BLOCK = 10_000  # block-number offset that keeps the second pass's lines apart
LEGIBLE = re.compile(r"[A-Za-zÀ-ÿ0-9]{2,}")  # a word, not a speck: two letters or digits
MAX_PIXELS = 16_000_000  # an A4 page up to ~400 dpi; a large screenshot less


@dataclass(frozen=True)
class TextQuality:
    chars: int
    noise_ratio: float  # share of characters that are not letters, digits, punctuation or spaces
    wordlike_ratio: float  # share of tokens that look like words
    image_cover: float  # share of the page covered by images
    hidden_chars: int = 0  # characters of invisible text (render mode 3): an OCR layer over a scan

    @property
    def hidden_layer(self) -> bool:
        return self.hidden_chars >= 20 and self.hidden_chars >= 0.5 * max(self.chars, 1)

    def needs_ocr(self) -> tuple[bool, str]:
        need, reason = self._needs_ocr()
        if need and self.hidden_layer and "hidden" not in reason:
            reason = f"poor hidden OCR layer: {reason}"
        return need, reason

    def _needs_ocr(self) -> tuple[bool, str]:
        if self.chars < 20:
            if self.image_cover > 0.3:
                return True, "no text layer (scanned image)"
            return False, ""
        if self.noise_ratio > 0.15:
            return True, f"text layer is glyph noise ({self.noise_ratio:.0%} unreadable characters)"
        if self.wordlike_ratio < 0.5:
            return True, f"text layer reads as noise (only {self.wordlike_ratio:.0%} word-like tokens)"
        if (self.hidden_layer or self.image_cover > 0.8) and self.wordlike_ratio < 0.75:
            return True, f"scanned image with a poor hidden OCR layer ({self.wordlike_ratio:.0%} word-like tokens)"
        return False, ""


def text_quality(page, text: str, hidden_chars: int | None = None) -> TextQuality:
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
    cover = _image_cover(page)
    if hidden_chars is None:
        hidden_chars = invisible_chars(page) if cover > 0.5 and n >= 20 else 0
    return TextQuality(n, noise / max(n, 1), wordlike / counted, cover, hidden_chars)


def invisible_chars(page) -> int:
    """Characters drawn invisibly (text render mode 3), as OCR software lays its
    text layer over a scanned image."""
    try:
        return sum(len(t["chars"]) for t in page.get_texttrace() if t.get("type") == 3 or t.get("opacity", 1) == 0)
    except Exception:  # an unusual content stream must not stop the page
        return 0


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


def image_cover(page) -> float:
    return _image_cover(page)


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


def _require_tessdata(language: str) -> str:
    tessdata = _tessdata(language)
    if tessdata is None:
        raise MissingExtraError(
            f"OCR ({language})", f"the Debian packages tesseract-ocr and tesseract-ocr-{language} "
            "(apt-get install tesseract-ocr tesseract-ocr-nld)")
    return tessdata


# --- OCR with word boxes ----------------------------------------------------

@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read, its box in PDF points."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float
    block: int
    line: int  # (block, paragraph, line) folded into one number


@dataclass(frozen=True)
class OcrResult:
    words: tuple[OcrWord, ...]
    dpi: int
    confidence: float  # mean word confidence (0-100)
    word_px: float  # median word height at ``dpi``, pixels


def ocr_words(page, language: str = "nld", dpi: int | None = None) -> OcrResult:
    """OCR ``page``; without ``dpi`` the resolution is fitted to the text size."""
    tessdata = _require_tessdata(language)
    result = _global_threshold(page, language, tessdata, dpi)
    if toned_share(page) >= MIN_TONED_SHARE:
        result = _with_local_threshold(page, language, tessdata, result)
    return result


def toned_share(page) -> float:
    """Share of ``page`` that is toned background: blocks of about 2 mm that are
    even (no text edges) and neither white nor black, or coloured. Zero on a
    scanned or printed black-on-white page; a coloured band, cover or box gives
    more. Measured at 50 dpi on blocks of 4 x 4 pixels."""
    import numpy as np
    import pymupdf

    pix = page.get_pixmap(dpi=50, colorspace=pymupdf.csRGB, alpha=False)
    k = 4
    h, w = (pix.height // k) * k, (pix.width // k) * k
    if not h or not w:
        return 0.0
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)[:h, :w].astype(np.float32)
    blocks = rgb.reshape(h // k, k, w // k, k, 3)
    grey = blocks.mean(axis=-1)
    mean, std = grey.mean(axis=(1, 3)), grey.std(axis=(1, 3))
    colour = (blocks.max(axis=-1) - blocks.min(axis=-1)).mean(axis=(1, 3))
    toned = (std < 8) & (((mean >= 40) & (mean <= 225)) | (colour > 48))
    return float(toned.mean())


def _global_threshold(page, language: str, tessdata: str, dpi: int | None) -> OcrResult:
    if dpi is not None:
        return _ocr_at(page, language, tessdata, dpi)
    probe = _ocr_at(page, language, tessdata, PROBE_DPI)
    if not probe.words:
        # nothing legible at the probe resolution: tiny text or no text; one try at 300 dpi
        best = _ocr_at(page, language, tessdata, _cap_dpi(page, 300))
        return best if best.words else probe
    wanted = _cap_dpi(page, int(round(PROBE_DPI * TARGET_WORD_PX / max(probe.word_px, 1.0))))
    if abs(wanted - PROBE_DPI) / PROBE_DPI < 0.2:
        return probe
    final = _ocr_at(page, language, tessdata, wanted)
    return final if _score(final) >= _score(probe) else probe


def _with_local_threshold(page, language: str, tessdata: str, result: OcrResult) -> OcrResult:
    """Add the words that a locally thresholded pass reads where the first pass
    read nothing.

    Tesseract binarises a page with one global (Otsu) threshold, which drops
    dark text on a coloured band or a mid-tone background (a cover's title, a
    table caption on a coloured bar); a local (Sauvola) threshold reads those
    but loses light text on dark boxes that the global one reads. So the
    second pass (only on pages with toned background, see :func:`toned_share`),
    at the cheap probe resolution, only adds confident words whose
    centre lies outside every word box of the first pass."""
    extra = _ocr_at(page, language, tessdata, PROBE_DPI, threshold=SAUVOLA)
    taken = [(w.x0 - 1, w.y0 - 1, w.x1 + 1, w.y1 + 1) for w in result.words]
    added = [w for w in extra.words
             if w.conf >= EXTRA_MIN_CONF and LEGIBLE.search(w.text)
             and not any(b[0] <= (w.x0 + w.x1) / 2 <= b[2] and b[1] <= (w.y0 + w.y1) / 2 <= b[3] for b in taken)]
    if not added:
        return result
    # a line of the second pass is kept apart from the first pass's lines and blocks
    added = [OcrWord(w.x0, w.y0, w.x1, w.y1, w.text, w.conf, w.block + EXTRA_BLOCK, w.line + EXTRA_BLOCK * 1_000_000)
             for w in added]
    words = result.words + tuple(added)
    return OcrResult(words, result.dpi, statistics.fmean(w.conf for w in words), result.word_px)


def _score(r: OcrResult) -> float:
    return sum(w.conf * len(w.text) for w in r.words)


def _cap_dpi(page, dpi: int) -> int:
    dpi = max(MIN_DPI, min(MAX_DPI, dpi))
    w, h = page.rect.width / 72.0, page.rect.height / 72.0
    while dpi > MIN_DPI and (w * dpi) * (h * dpi) > MAX_PIXELS:
        dpi -= 25
    return dpi


def _ocr_at(page, language: str, tessdata: str, dpi: int, threshold: int = 0) -> OcrResult:
    import pymupdf
    import pytesseract
    from PIL import Image

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    data = pytesseract.image_to_data(img, lang=language, config=f'--psm 3 --dpi {dpi} -c thresholding_method={threshold} '
                                     f'--tessdata-dir "{tessdata}"',
                                     output_type=pytesseract.Output.DICT)
    scale = 72.0 / dpi
    ox, oy = page.rect.x0, page.rect.y0
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        line = data["block_num"][i] * 1_000_000 + data["par_num"][i] * 1000 + data["line_num"][i]
        words.append(OcrWord(ox + x * scale, oy + y * scale, ox + (x + w) * scale, oy + (y + h) * scale,
                             text, conf, data["block_num"][i], line))
    # only confident, letter-bearing words measure the text size (specks read as '.' do not)
    heights = [(w.y1 - w.y0) / scale for w in words if w.conf >= 60 and re.search(r"[A-Za-z0-9]{2,}", w.text)]
    word_px = statistics.median(heights) if heights else 0.0
    conf = statistics.fmean(w.conf for w in words) if words else 0.0
    return OcrResult(tuple(words), dpi, conf, word_px)


_BULLET_MISREADS = {"e", "©", "«", "°", "o", "®", "*", "•", "·", "@", "»", "¢", "+", "-"}


def ocr_lines(words: tuple[OcrWord, ...] | list[OcrWord]):
    """Visual lines (``RawLine``) from OCR word boxes, in reading order. A small
    round glyph at the start of a line that Tesseract read as 'e', '©' or '°'
    is a bullet and becomes '•'."""
    from .pdf import RawLine

    by_line: dict[int, list[OcrWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    lines = []
    for key, ws in by_line.items():
        ws.sort(key=lambda w: w.x0)
        heights = sorted(w.y1 - w.y0 for w in ws)
        median_h = heights[len(heights) // 2]
        tokens = [w.text for w in ws]
        if len(ws) >= 2 and ws[0].text in _BULLET_MISREADS:
            first, nxt = ws[0], ws[1]
            # a lone letter 'e' is no Dutch word; a bullet stands apart from the item's text
            gap = nxt.x0 - first.x1
            if gap >= 0.6 * median_h and (first.x1 - first.x0) <= 0.9 * median_h:
                tokens[0] = "•"
        text = " ".join(tokens)
        bbox = (min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws))
        # a word box runs from ascender to descender: about the font size
        size = round(median_h * 0.9 * 2) / 2
        lines.append(RawLine(text, bbox, size, False, ws[0].block))
    lines.sort(key=lambda ln: (ln.block, ln.bbox[1], ln.bbox[0]))
    return _reading_order(lines)


def _reading_order(lines):
    """Tesseract's blocks in the order they start on the page (top to bottom, then
    left to right), lines inside a block top to bottom."""
    blocks: dict[int, list] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    order = sorted(blocks.values(), key=lambda b: (round(min(l.bbox[1] for l in b) / 6), min(l.bbox[0] for l in b)))
    return [ln for b in order for ln in sorted(b, key=lambda l: l.bbox[1])]


# --- the issuer's logo --------------------------------------------------------
#
# Some documents name their issuer only in a logo: a small image in the letterhead or
# the footer of page 1 ("provincie Noordland" in two colours, a river drawn through a
# letter). A logo is read in several colour separations of the image, each a reading
# of its own: a coloured logo's letters and ornaments contrast differently in each, so
# a misread in one (an "O" with a stroke through it read as "D") seldom repeats the
# same way in another. Whoever uses the readings decides what they agree on.

LOGO_MAX_WIDTH = 0.6  # a logo is narrower than this share of the page width
LOGO_MAX_AREA = 0.08  # and covers at most this share of the page
LOGO_BAND = 0.25  # and stands (its centre) in the top or bottom quarter of the page
LOGO_MAX_IMAGES = 3  # logos read per document, the largest first
LOGO_SCALE = 2.0  # rendered at twice the image's own resolution (logo text is small)
LOGO_MAX_SIDE = 1600  # pixels, whatever the scale
LOGO_CHANNELS = ("grey", "red", "green", "blue", "max", "min")
# Two separations whose ink (dark pixels under Otsu's threshold, as Tesseract binarises)
# overlaps this much (intersection over union) are one picture, not two readings: the
# green separation of a purple logo is its grey image, min(r,g,b) of red and blue text
# is its green one. Only the first of them (in the order above) is read.
LOGO_SAME_INK = 0.95
# Each separation is binarised twice by Tesseract, with one global (Otsu) and with a
# local (Sauvola) threshold: a one-colour logo has one separation but two readings.
LOGO_THRESHOLDS = {"otsu": 0, "sauvola": 2}


@dataclass(frozen=True)
class LogoWord:
    """A word read in a logo; its box in pixels of the logo's rendering (the same for
    every reading of one logo)."""

    text: str
    box: tuple[int, int, int, int]
    line: int  # the line it stands on in this reading (0, 1, ...)
    conf: float


@dataclass(frozen=True)
class LogoReading:
    """What Tesseract read in one colour separation of one logo on page 1."""

    image: int  # which logo (0: the largest)
    channel: str  # separation/threshold: grey|red|green|blue|max|min (max(r,g,b), min(r,g,b)) / otsu|sauvola
    words: tuple[LogoWord, ...]

    @property
    def lines(self) -> list[list[LogoWord]]:
        out: dict[int, list[LogoWord]] = {}
        for w in self.words:
            out.setdefault(w.line, []).append(w)
        return [out[k] for k in sorted(out)]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines)


def logo_boxes(page) -> list[tuple[tuple[float, float, float, float], int]]:
    """The small images in the letterhead or footer band of ``page``, largest first (at
    most :data:`LOGO_MAX_IMAGES`): (box in PDF points, the image's own width in
    pixels). These are where a logo stands."""
    rect = page.rect
    area = abs(rect) or 1.0
    found: dict[tuple[float, float, float, float], int] = {}
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        x0, y0, x1, y1 = max(x0, rect.x0), max(y0, rect.y0), min(x1, rect.x1), min(y1, rect.y1)
        if x1 <= x0 or y1 <= y0:
            continue
        cy = (y0 + y1) / 2
        in_band = cy <= rect.y0 + LOGO_BAND * rect.height or cy >= rect.y1 - LOGO_BAND * rect.height
        small = (x1 - x0) <= LOGO_MAX_WIDTH * rect.width and (x1 - x0) * (y1 - y0) <= LOGO_MAX_AREA * area
        if in_band and small:
            box = (round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))
            found[box] = max(found.get(box, 0), int(info.get("width") or 0))
    ranked = sorted(found.items(), key=lambda bw: (bw[0][2] - bw[0][0]) * (bw[0][3] - bw[0][1]), reverse=True)
    return ranked[:LOGO_MAX_IMAGES]


def _logo_channels(page, box, native_width: int) -> dict:
    """The logo in ``box`` rendered (with its transparency, on white) at
    :data:`LOGO_SCALE` times its own resolution, per colour separation."""
    import numpy as np
    import pymupdf
    from PIL import Image

    x0, y0, x1, y1 = box
    own = native_width / (x1 - x0) if native_width else 300 / 72  # pixels per point
    zoom = min(LOGO_SCALE * own, LOGO_MAX_SIDE / max(x1 - x0, y1 - y0))
    pix = page.get_pixmap(clip=pymupdf.Rect(box), matrix=pymupdf.Matrix(zoom, zoom),
                          colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    planes = {
        "grey": np.asarray(Image.fromarray(rgb).convert("L")),
        "red": rgb[..., 0], "green": rgb[..., 1], "blue": rgb[..., 2],
        "max": rgb.max(axis=-1), "min": rgb.min(axis=-1),
    }
    kept: dict[str, tuple] = {}
    for name in LOGO_CHANNELS:
        ink = _otsu_ink(planes[name])
        if not ink.any() or ink.all():
            continue  # no contrast in this separation
        if any((ink & other).sum() >= LOGO_SAME_INK * (ink | other).sum() for _, other in kept.values()):
            continue  # the same picture as a separation already kept
        kept[name] = (Image.fromarray(np.ascontiguousarray(planes[name])), ink)
    return {name: img for name, (img, _) in kept.items()}


def _otsu_ink(plane):
    """The dark pixels of a grey image under Otsu's global threshold."""
    import numpy as np

    hist = np.bincount(plane.ravel(), minlength=256).astype(np.float64)
    p = hist / max(hist.sum(), 1.0)
    w = np.cumsum(p)
    m = np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (m[-1] * w - m) ** 2 / (w * (1.0 - w))
    between = np.nan_to_num(between, nan=0.0, posinf=0.0)
    return plane <= int(np.argmax(between))


@functools.lru_cache(maxsize=1)
def _tesseract_major() -> int:
    """The installed Tesseract's major version (0 when it cannot be told)."""
    import pytesseract

    try:
        return int(str(pytesseract.get_tesseract_version()).split(".")[0])
    except Exception:  # noqa: BLE001 - unknown: assume the oldest
        return 0


def read_logos(page, language: str = "nld") -> list[LogoReading]:
    """Every reading of the logos on ``page`` (see :class:`LogoReading`); none when
    the page has no logo. Raises :class:`MissingExtraError` without Tesseract."""
    import pytesseract

    tessdata = _require_tessdata(language)
    # Tesseract before 5 has no local threshold: it would read "sauvola" as Otsu again, and
    # two identical readings of one separation must not count as two that agree
    thresholds = LOGO_THRESHOLDS if _tesseract_major() >= 5 else {"otsu": LOGO_THRESHOLDS["otsu"]}
    readings = []
    for i, (box, native_width) in enumerate(logo_boxes(page)):
        for (channel, img), (method, threshold) in itertools.product(
                _logo_channels(page, box, native_width).items(), thresholds.items()):
            data = pytesseract.image_to_data(img, lang=language, output_type=pytesseract.Output.DICT,
                                             config=f'--psm 6 -c thresholding_method={threshold} '
                                                    f'--tessdata-dir "{tessdata}"')
            keys = sorted({(data["block_num"][k], data["par_num"][k], data["line_num"][k])
                           for k in range(len(data["text"]))})
            words = []
            for k, word in enumerate(data["text"]):
                word = (word or "").strip()
                if word and float(data["conf"][k]) >= 0:
                    x, y, w, h = data["left"][k], data["top"][k], data["width"][k], data["height"][k]
                    line = keys.index((data["block_num"][k], data["par_num"][k], data["line_num"][k]))
                    words.append(LogoWord(word, (x, y, x + w, y + h), line, float(data["conf"][k])))
            words.sort(key=lambda w: (w.line, w.box[0]))
            readings.append(LogoReading(i, f"{channel}/{method}", tuple(words)))
    return readings


def read_logos_of(path, language: str = "nld") -> list[LogoReading]:
    """:func:`read_logos` of page 1 of the PDF at ``path``; no readings (never an
    error) when Tesseract is missing or the file or its images cannot be read: a logo
    only ever adds to what the text says."""
    try:
        if not tesseract_available(language):
            return []
        import pymupdf

        with pymupdf.open(str(path)) as pdf:
            if pdf.page_count < 1:
                return []
            return read_logos(pdf[0], language)
    except Exception:  # an unreadable image or a Tesseract failure: the logo is skipped
        return []
