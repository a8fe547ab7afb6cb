"""Structure-aware chunking.

Chunks follow the document's sections: consecutive paragraphs and list items
under one heading are packed together up to a target size, a new section
starts a new chunk, a paragraph that is too long is split at sentence
boundaries, and each table is a chunk of its own. Every chunk keeps its first
page, last page, section path, character span and the bbox of its first block.
"""
from __future__ import annotations

from dataclasses import dataclass

from beleid.types import Block, Chunk, Table
from nl.sentences import SENTENCE_BREAK

TARGET_CHARS = 900
MAX_CHARS = 1400
MIN_CHARS = 200

_SENTENCE_END = SENTENCE_BREAK


@dataclass
class _Piece:
    text: str
    page: int
    start: int  # offset in the document text
    end: int
    bbox: tuple[float, float, float, float]
    section: tuple[str, ...]


OVERLAP_MAX_CHARS = 300


def last_sentence(text: str) -> str:
    """The last sentence of ``text`` if it is short enough to repeat as overlap."""
    parts = _SENTENCE_END.split(text.strip())
    tail = parts[-1].strip() if len(parts) > 1 else ""
    return tail if 20 <= len(tail) <= OVERLAP_MAX_CHARS else ""


def split_long(text: str, limit: int = MAX_CHARS) -> list[str]:
    if len(text) <= limit:
        return [text]
    sentences = _SENTENCE_END.split(text)
    parts, buf = [], ""
    for s in sentences:
        while len(s) > limit:  # a run-on "sentence": cut at a space
            cut = s.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if buf:
                parts.append(buf)
                buf = ""
            parts.append(s[:cut])
            s = s[cut:].lstrip()
        if buf and len(buf) + 1 + len(s) > TARGET_CHARS:
            parts.append(buf)
            buf = s
        else:
            buf = f"{buf} {s}".strip()
    if buf:
        parts.append(buf)
    return parts


def make_chunks(doc_id: str, blocks: list[Block], tables: list[Table],
                block_offsets: dict[tuple[int, int], int]) -> list[Chunk]:
    """``block_offsets`` maps (page, order) to the block's offset in the document text."""
    chunks: list[Chunk] = []
    pieces: list[_Piece] = []
    current_section: tuple[str, ...] | None = None

    def flush() -> None:
        nonlocal pieces
        if not pieces:
            return
        text = pieces[0].text
        for prev, p in zip(pieces, pieces[1:]):
            text += (" " if _continues(prev.text, p.text) else "\n") + p.text
        chunks.append(Chunk(
            chunk_id=f"{doc_id}:{len(chunks)}", doc_id=doc_id, seq=len(chunks),
            page=pieces[0].page, page_end=pieces[-1].page, section=pieces[0].section, text=text,
            kind="text", char_start=pieces[0].start, char_end=pieces[-1].end, bbox=pieces[0].bbox))
        pieces = []

    def size() -> int:
        return sum(len(p.text) + 1 for p in pieces)

    table_queue = sorted(tables, key=lambda t: (t.page, t.bbox[1]))

    for block in blocks:
        # tables that sit before this block on its page (or on earlier pages)
        while table_queue and (table_queue[0].page < block.page or
                               (table_queue[0].page == block.page and table_queue[0].bbox[1] <= block.bbox[1])):
            flush()
            for text in table_texts(table_queue[0]):
                chunks.append(_table_chunk(doc_id, len(chunks), table_queue[0], text))
            table_queue.pop(0)
        if block.kind == "heading":
            if pieces and size() >= MIN_CHARS:
                flush()
            current_section = block.section
            continue
        if current_section is None:
            current_section = block.section
        if block.section != current_section and pieces and size() >= MIN_CHARS:
            flush()
        current_section = block.section
        start = block_offsets.get((block.page, block.order), 0)
        for part in split_long(block.text):
            if pieces and size() + len(part) > TARGET_CHARS and size() >= MIN_CHARS:
                # a size break inside a section: the next chunk repeats the last sentence,
                # so a statement that spans the break is whole in one of the two chunks
                last = pieces[-1]
                tail = last_sentence(last.text)
                flush()
                if tail:
                    pieces.append(_Piece(tail, last.page, last.end - len(tail), last.end, last.bbox, last.section))
            pieces.append(_Piece(part, block.page, start, start + len(part), block.bbox, block.section))
            start += len(part) + 1
    flush()
    for t in table_queue:
        for text in table_texts(t):
            chunks.append(_table_chunk(doc_id, len(chunks), t, text))
    return chunks


def _continues(left: str, right: str) -> bool:
    """A paragraph broken by a page break continues in lower case."""
    return not left.rstrip().endswith((".", ":", "!", "?", ";")) and right[:1].islower()


def table_texts(table: Table) -> list[str]:
    """A table's readable text, split by rows into parts of at most MAX_CHARS; each
    part repeats the unit and the header line so that it reads on its own."""
    lines = table.as_text().split("\n")
    head = [f"({table.unit})"] if table.unit else []
    if table.header:
        head.append(lines.pop(0))
    parts, buf = [], []
    for ln in lines:
        for piece in split_long(ln):
            if buf and len("\n".join(head + buf + [piece])) > MAX_CHARS:
                parts.append("\n".join(head + buf))
                buf = []
            buf.append(piece)
    if buf or not parts:
        parts.append("\n".join(head + buf))
    return parts


def _table_chunk(doc_id: str, seq: int, table: Table, text: str) -> Chunk:
    return Chunk(chunk_id=f"{doc_id}:{seq}", doc_id=doc_id, seq=seq, page=table.page, page_end=table.page,
                 section=table.section, text=text, kind="table", bbox=table.bbox)
