"""Opening PDFs safely and reading raw lines with their layout.

pymupdf gives spans with font, size and bbox. Justified text in many municipal
PDFs is stored one word per line, so lines are rebuilt per text block by
baseline before anything else looks at them.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from beleid.errors import InputError

MAX_PAGES = 2000


@dataclass
class RawLine:
    """One visual line on a page, in reading order."""

    text: str
    bbox: tuple[float, float, float, float]
    size: float  # dominant font size
    bold: bool
    block: int  # pymupdf text block number


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for part in iter(lambda: fh.read(1 << 20), b""):
            h.update(part)
    return h.hexdigest()


def limit_layout_threads() -> bool:
    """Make pymupdf's layout analyser (``pymupdf.layout``: ONNX models that
    ``find_tables`` asks for table regions) run on one thread without spinning.

    Its ONNX sessions are built when pymupdf is imported, with onnxruntime's
    defaults: a thread per core whose idle threads spin. In a page-parsing pool
    that already runs one process per core this oversubscribes the cores: the
    37 corpus pages that reach ``find_tables`` cost about 17-18 CPU seconds with
    the defaults and 12 with one quiet thread, for the same tables
    (``evaluations/table_cost.py``).

    Must run before pymupdf is imported in this process (a pool worker's
    initializer); returns False, changing nothing, when it is too late or
    onnxruntime is not installed."""
    import sys

    if "pymupdf" in sys.modules:
        return False
    try:
        import onnxruntime
    except ImportError:
        return False
    base = onnxruntime.SessionOptions

    class OneQuietThread(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.intra_op_num_threads = 1
            self.inter_op_num_threads = 1
            self.add_session_config_entry("session.intra_op.allow_spinning", "0")

    onnxruntime.SessionOptions = OneQuietThread
    return True


def open_pdf(path: Path):
    """Open ``path`` with pymupdf or raise InputError with the reason in words."""
    import pymupdf

    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, "is a folder, not a PDF file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "empty file (0 bytes)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError(path, "not a PDF (no %PDF header; the name ends in .pdf but the content is something else)")
    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except Exception as exc:  # pymupdf raises its own FileDataError and friends
        raise InputError(path, f"corrupt or truncated PDF ({_short(exc)})") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise InputError(path, "encrypted PDF (password protected); remove the password first")
    if doc.page_count == 0:
        doc.close()
        raise InputError(path, "PDF has no pages (corrupt or truncated)")
    if doc.page_count > MAX_PAGES:
        doc.close()
        raise InputError(path, f"PDF has {doc.page_count} pages; the limit is {MAX_PAGES}")
    if doc.is_repaired:
        # pymupdf rebuilt a broken xref. Usable if some page still has content.
        try:
            readable = any(page.get_text("text").strip() or page.get_images() for page in doc)
        except Exception as exc:
            doc.close()
            raise InputError(path, f"corrupt or truncated PDF ({_short(exc)})") from exc
        if not readable:
            doc.close()
            raise InputError(path, "corrupt or truncated PDF (damaged structure, no readable page content)")
    return doc


# What MuPDF's messages mean, in our words (its "code=7: ..." text is not for users).
_MUPDF_REASONS = [
    (re.compile(r"invalid number of pages|page tree|cannot find page", re.I), "its page tree is damaged"),
    (re.compile(r"startxref|xref|trailer", re.I), "its cross-reference table is missing or damaged (file cut off?)"),
    (re.compile(r"failed to open|no objects found|not a pdf|cannot recognize", re.I),
     "its structure cannot be read"),
    (re.compile(r"unexpected eof|truncated|premature end", re.I), "the file ends too early"),
    (re.compile(r"object out of range|invalid object|cannot load object|syntax error", re.I),
     "it contains damaged objects"),
    (re.compile(r"password|encrypt", re.I), "it is encrypted"),
]


def pdf_error_reason(exc: Exception) -> str:
    """A short reason in words for a pymupdf/MuPDF error."""
    msg = " ".join(str(exc).split())
    for pattern, reason in _MUPDF_REASONS:
        if pattern.search(msg):
            return reason
    return "the PDF library cannot read it"


def _short(exc: Exception) -> str:
    return pdf_error_reason(exc)


def page_lines(page, textpage=None, exclude: list[tuple[float, float, float, float]] | None = None,
               keep_rotated: bool = False) -> list[RawLine]:
    """Visual lines of ``page`` in reading order, skipping spans inside ``exclude`` boxes
    (and vertical or rotated text unless ``keep_rotated``).

    Within each text block, spans whose vertical centres lie on one baseline are
    joined into one line (left to right).
    """
    exclude = exclude or []
    data = page.get_text("dict", textpage=textpage, sort=True)
    lines: list[RawLine] = []
    for bno, block in enumerate(data.get("blocks", [])):
        if block.get("type") != 0:
            continue
        spans = []
        for line in block.get("lines", []):
            if line.get("dir", (1, 0))[0] < 0.5 and not keep_rotated:  # skip vertical / rotated text
                continue
            for span in line.get("spans", []):
                if not span.get("text", "").strip():
                    continue
                x0, y0, x1, y1 = span["bbox"]
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in exclude):
                    continue
                spans.append(span)
        for group in _by_baseline(spans):
            group.sort(key=lambda s: s["bbox"][0])
            text = _join_spans(group)
            if not text.strip():
                continue
            chars = [(len(s["text"].strip()), s) for s in group]
            total = sum(n for n, _ in chars) or 1
            size = max(chars, key=lambda c: c[0])[1]["size"]
            bold_chars = sum(n for n, s in chars if _is_bold(s))
            bbox = (min(s["bbox"][0] for s in group), min(s["bbox"][1] for s in group),
                    max(s["bbox"][2] for s in group), max(s["bbox"][3] for s in group))
            lines.append(RawLine(text, bbox, round(size, 1), bold_chars / total > 0.6, bno))
    return lines


def _is_bold(span) -> bool:
    return bool(span.get("flags", 0) & 16) or "bold" in span.get("font", "").lower()


def _by_baseline(spans: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for span in sorted(spans, key=lambda s: (s["bbox"][1] + s["bbox"][3]) / 2):
        cy = (span["bbox"][1] + span["bbox"][3]) / 2
        h = max(span["bbox"][3] - span["bbox"][1], 1.0)
        if groups:
            last = groups[-1]
            lcy = sum((s["bbox"][1] + s["bbox"][3]) / 2 for s in last) / len(last)
            if abs(cy - lcy) < 0.45 * h:
                last.append(span)
                continue
        groups.append([span])
    return groups


def _join_spans(group: list[dict]) -> str:
    out = ""
    prev_x1 = None
    for span in group:
        t = span["text"]
        if prev_x1 is not None:
            gap = span["bbox"][0] - prev_x1
            if gap > 0.15 * span["size"] and not out.endswith(" ") and not t.startswith(" "):
                out += " "
        out += t
        prev_x1 = span["bbox"][2]
    return " ".join(out.split())
