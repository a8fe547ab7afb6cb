"""Parse one PDF into a Document with its pages, blocks, tables and chunks.

Nothing here touches the store: :func:`parse_pdf` is pure, so the plan check
can parse a new plan without adding it to the corpus.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from beleid.config import Settings
from beleid.types import Block, Chunk, Document, Page, Table

from .chunking import make_chunks
from .layout import body_size, build_blocks, running_lines, split_wide_lines, strip_running
from .metadata import infer_metadata
from .ocr import ocr_textpage, text_quality
from .pdf import RawLine, file_sha256, open_pdf, page_lines
from .tables import find_tables


@dataclass
class ParsedDocument:
    document: Document
    pages: list[Page]
    chunks: list[Chunk]
    ocr_reasons: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0
    ocr_seconds: float = 0.0

    @property
    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]


def parse_pdf(path: str | Path, settings: Settings, doc_id: str | None = None,
              known_programmes: list[str] | None = None,
              on_page: Callable[[int, int], None] | None = None) -> ParsedDocument:
    started = time.perf_counter()
    path = Path(path)
    doc_id = doc_id or path.stem
    sha = file_sha256(path)
    pdf = open_pdf(path)
    try:
        raw_pages: list[tuple[float, list[RawLine]]] = []
        raw_tables: list[list] = []
        sizes: list[tuple[float, float]] = []
        ocr_reasons: dict[int, str] = {}
        ocr_seconds = 0.0
        for i, page in enumerate(pdf):
            textpage = None
            quality = text_quality(page, page.get_text("text"))
            need, reason = quality.needs_ocr()
            if need:
                t0 = time.perf_counter()
                textpage = ocr_textpage(page, settings.ocr_language, settings.ocr_dpi)
                ocr_seconds += time.perf_counter() - t0
                ocr_reasons[i + 1] = reason
                tables = []
            else:
                tables = find_tables(page)
            lines = page_lines(page, textpage, exclude=[t.bbox for t in tables])
            lines = split_wide_lines(lines, page.get_text("words", textpage=textpage))  # two columns on one baseline
            raw_pages.append((page.rect.height, lines))
            raw_tables.append(tables)
            sizes.append((page.rect.width, page.rect.height))
            if on_page:
                on_page(i + 1, pdf.page_count)
        pdf_meta = dict(pdf.metadata or {})
        page_count = pdf.page_count
    finally:
        pdf.close()

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
        pages.append(Page(doc_id, number, text, width, height, number in ocr_reasons,
                          tuple(page_blocks), tuple(tables)))
        doc_offset += len(text) + 2
        all_blocks.extend(page_blocks)
        all_tables.extend(tables)
        if page_blocks:
            last_section = page_blocks[-1].section

    chunks = make_chunks(doc_id, all_blocks, all_tables, offsets)
    cover = [(b.font_size, b.text) for b in blocks_by_page.get(1, [])]
    meta = infer_metadata(pdf_meta, [p.text for p in pages[:3]], cover, known_programmes)
    document = Document(
        doc_id=doc_id, path=str(path), sha256=sha, title=meta.title or doc_id, kind=meta.kind, date=meta.date,
        author=meta.author, programme=meta.programme, pages=page_count, ocr_pages=len(ocr_reasons),
        meta={"ocr_reasons": {str(k): v for k, v in ocr_reasons.items()}, "body_font_size": body,
              "tables": len(all_tables)})
    return ParsedDocument(document, pages, chunks, ocr_reasons, time.perf_counter() - started, ocr_seconds)
