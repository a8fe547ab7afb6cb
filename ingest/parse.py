"""Parse one PDF into a Document with its pages, blocks, tables and chunks.

Nothing here touches the store: :func:`parse_pdf` is pure, so the plan check
can parse a new plan without adding it to the corpus.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from beleid.config import Settings
from beleid.types import Block, Chunk, Document, Page, Table

from .chunking import make_chunks
from .layout import body_size, build_blocks, running_lines, split_wide_lines, strip_running
from .metadata import infer_metadata, signature_text
from .ocr import ocr_lines, ocr_words, read_logos_of, text_quality
from .pdf import RawLine, file_sha256, open_pdf, page_lines
from .tables import RawTable, find_tables, tables_from_words

# Pages whose images cover less than this share of the page and that have no text are
# not OCR'd (a logo, a photo strip); more than this and the image may hold text.
SMALL_IMAGES = 0.05
PARALLEL_MIN_PAGES = 6  # below this a process pool costs more than it saves
TASK_PAGES = 6  # pages per pool task


@dataclass
class RawPage:
    """What one page yields before document-level layout: its visual lines and tables,
    whether and why it was OCR'd, and (for a page that yields nothing) why."""

    number: int
    width: float
    height: float
    lines: list[RawLine]
    tables: list[RawTable]
    ocr_reason: str = ""
    source: str = "text"  # text | hidden-ocr | ocr | none
    empty_reason: str = ""
    text_seconds: float = 0.0
    table_seconds: float = 0.0
    ocr_seconds: float = 0.0
    missing_ocr: bool = False  # the page needs OCR and Tesseract is not installed


@dataclass
class ParsedDocument:
    document: Document
    pages: list[Page]
    chunks: list[Chunk]
    ocr_reasons: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0
    ocr_seconds: float = 0.0
    empty_pages: dict[int, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]


def read_page(page, number: int, language: str = "nld", dpi: int | None = None) -> RawPage:
    """Lines and tables of one pymupdf ``page``: its text layer when usable (a good
    hidden OCR layer included), else Tesseract's words (tables from their boxes)."""
    t0 = time.perf_counter()
    width, height = page.rect.width, page.rect.height
    text = page.get_text("text")
    quality = text_quality(page, text)
    need, reason = quality.needs_ocr()
    if not need and quality.chars < 20 and quality.image_cover > SMALL_IMAGES:
        need, reason = True, "no text layer; an image covers part of the page"
    if need:
        t1 = time.perf_counter()
        result = ocr_words(page, language, dpi)
        ocr_s = time.perf_counter() - t1
        words = [(w.x0, w.y0, w.x1, w.y1, w.text) for w in result.words]
        tables = tables_from_words(words, width)
        inside = [t.bbox for t in tables]
        kept = [w for w in result.words if not any(
            b[0] - 1 <= (w.x0 + w.x1) / 2 <= b[2] + 1 and b[1] - 1 <= (w.y0 + w.y1) / 2 <= b[3] + 1 for b in inside)]
        lines = ocr_lines(kept)
        raw = RawPage(number, width, height, lines, tables, f"{reason}; OCR at {result.dpi} dpi", "ocr",
                      ocr_seconds=ocr_s)
        if quality.hidden_layer and _wordcount(lines, tables) < 0.5 * len(text.split()):
            # the re-OCR read less than the poor hidden layer had: keep the hidden layer
            raw.lines, raw.tables = page_lines(page), []
            raw.source, raw.ocr_reason = "hidden-ocr", ""
        elif not lines and not tables:
            raw.source = "none"
            raw.empty_reason = (f"image page; OCR at {result.dpi} dpi found no legible text"
                                if quality.chars < 20 else f"{reason}; OCR found no legible text")
        raw.text_seconds = time.perf_counter() - t0 - ocr_s
        return raw
    t1 = time.perf_counter()
    tables = find_tables(page) if quality.chars >= 20 else []
    table_s = time.perf_counter() - t1
    lines = page_lines(page, exclude=[t.bbox for t in tables])
    lines = split_wide_lines(lines, page.get_text("words"))  # two columns on one baseline
    raw = RawPage(number, width, height, lines, tables, source="hidden-ocr" if quality.hidden_layer else "text",
                  table_seconds=table_s)
    if not lines and not tables:
        if quality.chars >= 20:
            raw.lines = page_lines(page, keep_rotated=True)
            if not raw.lines:
                raw.empty_reason = "text layer has characters but no readable lines"
        elif quality.chars:
            raw.empty_reason = "almost empty page (fewer than 20 characters)"
        elif quality.image_cover:
            raw.empty_reason = "no text layer; only small images (logo or photo), not OCR'd"
        else:
            raw.empty_reason = "blank page (no text, no images)"
        if not raw.lines:
            raw.source = "none"
    raw.text_seconds = time.perf_counter() - t0 - table_s
    return raw


def _wordcount(lines: list[RawLine], tables: list[RawTable]) -> int:
    return sum(len(ln.text.split()) for ln in lines) + sum(
        len(c.split()) for t in tables for row in [t.header, *t.rows] for c in row)


def _read_pages(path: str, numbers: list[int], language: str, dpi: int | None = None) -> list[RawPage]:
    """Pool task: read the given 1-based pages of ``path`` (opened in this process)."""
    pdf = open_pdf(Path(path))
    try:
        return [read_page_safely(pdf, n, language, dpi) for n in numbers]
    finally:
        pdf.close()


def read_page_safely(pdf, number: int, language: str, dpi: int | None = None) -> RawPage:
    """:func:`read_page`, but a damaged page becomes an empty page with the reason
    instead of failing the document (a missing OCR engine still fails it: that is
    the installation, not the file)."""
    from beleid.errors import MissingExtraError

    try:
        return read_page(pdf[number - 1], number, language, dpi)
    except MissingExtraError as exc:  # reported by the caller's process (errors with
        # their own constructor arguments do not cross a process pool intact)
        return RawPage(number, 0.0, 0.0, [], [], source="none", empty_reason=str(exc), missing_ocr=True)
    except Exception as exc:  # MuPDF raises plain exceptions for damaged content streams
        from .pdf import pdf_error_reason

        try:
            rect = pdf[number - 1].rect
            w, h = rect.width, rect.height
        except Exception:
            w, h = 595.0, 842.0
        return RawPage(number, w, h, [], [], source="none",
                       empty_reason=f"page cannot be read: {pdf_error_reason(exc)}")


def make_pool(workers: int | None = None) -> Executor | None:
    """A process pool for page parsing (one process per core), or None on one core."""
    workers = workers or os.cpu_count() or 1
    if workers < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_one_thread_each)


def _one_thread_each() -> None:
    """Pool workers already use every core: Tesseract (OpenMP), NumPy and the layout
    analyser's ONNX sessions run one thread each."""
    from .pdf import limit_layout_threads

    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    limit_layout_threads()


@dataclass
class PageReads:
    """The pages of one PDF handed to a pool ahead of their parsing (:func:`read_ahead`)."""

    sha: str  # of the file as it was handed out
    page_count: int
    futures: list[Future]

    def cancel(self) -> None:
        for fut in self.futures:
            fut.cancel()


def _submit_pages(pool: Executor, path: Path, page_count: int, settings: Settings) -> list[Future]:
    numbers = list(range(1, page_count + 1))
    return [pool.submit(_read_pages, str(path), numbers[i:i + TASK_PAGES], settings.ocr_language, settings.ocr_dpi)
            for i in range(0, page_count, TASK_PAGES)]


def read_ahead(path: str | Path, settings: Settings, pool: Executor, sha: str | None = None) -> PageReads | None:
    """Hand every page of ``path`` to ``pool`` now, so the pool reads them while this
    process is still busy with an earlier document (its layout, storing and stages);
    :func:`parse_pdf` with ``ahead=`` collects them. Any size of document goes to the
    pool here: the point is to keep it busy. None when the file cannot be opened
    (:func:`parse_pdf` then reports why). ``sha``: the file's hash when the caller has it."""
    path = Path(path)
    try:
        sha = sha or file_sha256(path)
        pdf = open_pdf(path)
    except Exception:  # noqa: BLE001 - parse_pdf raises the one-line reason for this file
        return None
    try:
        page_count = pdf.page_count
    finally:
        pdf.close()
    return PageReads(sha, page_count, _submit_pages(pool, path, page_count, settings))


def parse_pdf(path: str | Path, settings: Settings, doc_id: str | None = None,
              known_programmes: list[str] | None = None,
              on_page: Callable[[int, int], None] | None = None,
              pool: Executor | None = None, ahead: PageReads | None = None) -> ParsedDocument:
    """Parse ``path``; with ``pool`` the pages are read in parallel (process pool);
    ``ahead``: pages already handed to a pool by :func:`read_ahead`."""
    started = time.perf_counter()
    path = Path(path)
    doc_id = doc_id or path.stem
    sha = file_sha256(path)
    pdf = open_pdf(path)
    try:
        page_count = pdf.page_count
        pdf_meta = dict(pdf.metadata or {})
        read: list[RawPage] = []
        if ahead is not None and ahead.sha != sha:
            ahead.cancel()  # the file changed since it was handed out: read it again
            ahead = None
        if ahead is not None or (pool is not None and page_count >= PARALLEL_MIN_PAGES):
            pdf.close()
            futures = ahead.futures if ahead is not None else _submit_pages(pool, path, page_count, settings)
            for fut in futures:
                read.extend(fut.result())
                if on_page:
                    on_page(len(read), page_count)
        else:
            for i in range(page_count):
                read.append(read_page_safely(pdf, i + 1, settings.ocr_language, settings.ocr_dpi))
                if on_page:
                    on_page(i + 1, page_count)
    finally:
        if not pdf.is_closed:
            pdf.close()
    read.sort(key=lambda r: r.number)
    if any(r.missing_ocr for r in read):
        from .ocr import _require_tessdata

        _require_tessdata(settings.ocr_language)  # raises MissingExtraError with what to install
    t_layout = time.perf_counter()
    raw_pages: list[tuple[float, list[RawLine]]] = [(r.height, r.lines) for r in read]
    raw_tables = [r.tables for r in read]
    sizes = [(r.width, r.height) for r in read]
    ocr_reasons = {r.number: r.ocr_reason for r in read if r.source == "ocr"}
    ocr_seconds = sum(r.ocr_seconds for r in read)

    running = running_lines(raw_pages)
    cleaned = [(n + 1, strip_running(lines, h, running)) for n, (h, lines) in enumerate(raw_pages)]
    body = body_size([ln for _, lines in cleaned for ln in lines])
    clean_blocks = build_blocks(cleaned, body)

    blocks_by_page: dict[int, list[Block]] = {}
    for cb in clean_blocks:
        page_blocks = blocks_by_page.setdefault(cb.page, [])
        page_blocks.append(Block(doc_id, cb.page, len(page_blocks), cb.kind, cb.text, tuple(cb.bbox), cb.size,
                                 cb.bold, cb.level, cb.section))

    pages: list[Page] = []
    all_blocks: list[Block] = []
    all_tables: list[Table] = []
    offsets: dict[tuple[int, int], int] = {}
    doc_offset = 0
    last_section: tuple[str, ...] = ()
    for number in range(1, page_count + 1):
        page_blocks = blocks_by_page.get(number, [])
        tables = []
        for idx, rt in enumerate(raw_tables[number - 1]):
            before = [b for b in page_blocks if b.bbox[1] <= rt.bbox[1]]
            section = before[-1].section if before else last_section
            tables.append(Table(doc_id, number, idx, tuple(rt.bbox), tuple(rt.header),
                                tuple(tuple(r) for r in rt.rows), section, rt.unit))
        parts = []
        pos = 0
        for b in page_blocks:
            offsets[(number, b.order)] = doc_offset + pos
            parts.append(b.text)
            pos += len(b.text) + 2
        text = "\n\n".join(parts)
        if tables:
            text += ("\n\n" if text else "") + "\n\n".join(t.as_text() for t in tables)
        width, height = sizes[number - 1]
        pages.append(Page(doc_id, number, text, width, height, read[number - 1].source == "ocr",
                          tuple(page_blocks), tuple(tables)))
        doc_offset += len(text) + 2
        all_blocks.extend(page_blocks)
        all_tables.extend(tables)
        if page_blocks:
            last_section = page_blocks[-1].section

    empty_pages: dict[int, str] = {}
    for r, page in zip(read, pages):
        if page.text.strip():
            continue
        if r.empty_reason:
            empty_pages[r.number] = r.empty_reason
        elif r.lines:
            empty_pages[r.number] = "only a running header, footer or page number"
        else:
            empty_pages[r.number] = "no text found"
    sources = {r.number: r.source for r in read}
    t_chunks = time.perf_counter()
    chunks = make_chunks(doc_id, all_blocks, all_tables, offsets)
    cover = [(b.font_size, b.text) for b in blocks_by_page.get(1, [])]
    meta = infer_metadata(pdf_meta, [p.text for p in pages[:3]], cover, known_programmes,
                          last_page=pages[-1].text if len(pages) > 3 else "",
                          signature=signature_text([p.text for p in pages]),
                          logo_readings=lambda: read_logos_of(path, settings.ocr_language))
    document = Document(
        doc_id=doc_id, path=str(path), sha256=sha, title=meta.title or doc_id, kind=meta.kind, date=meta.date,
        author=meta.author, programme=meta.programme, pages=page_count, ocr_pages=len(ocr_reasons),
        meta={"ocr_reasons": {str(k): v for k, v in ocr_reasons.items()}, "body_font_size": body,
              "tables": len(all_tables),
              "empty_pages": {str(k): v for k, v in empty_pages.items()},
              "hidden_ocr_pages": [n for n, src in sources.items() if src == "hidden-ocr"]})
    done = time.perf_counter()
    timings = {
        "read_pages_wall": t_layout - started,
        "text": sum(r.text_seconds for r in read),
        "tables": sum(r.table_seconds for r in read),
        "ocr": ocr_seconds,
        "layout": t_chunks - t_layout,
        "chunks_metadata": done - t_chunks,
    }
    return ParsedDocument(document, pages, chunks, ocr_reasons, done - started, ocr_seconds, empty_pages, timings)
