"""From raw lines to clean blocks: running headers and footers removed, page
numbers dropped, wrapped and hyphenated lines joined, lists kept as list items,
headings recognised with a level, and every block given its section path.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .pdf import RawLine

MARGIN = 0.10  # top and bottom share of the page where running lines live

_PAGE_NO = re.compile(
    r"^(?:[-–—]\s*)?(?:pagina|page|blz\.?|p\.)?\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE)
LIST_MARKER = re.compile(
    r"^(?P<marker>[•●▪◦■□✓➢►\-–*]|\(?\d{1,2}[.)](?!\d)|\(?[a-z][.)]|(?:[IVX]{1,4})[.)])\s+(?=\S)")
_NUMBERED_HEADING = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-ZÀ-Ý(‘'\"].{1,150})$")
_NO_JOIN_AFTER_HYPHEN = {"en", "of", "tot", "t/m", "noch", "als"}


@dataclass
class CleanBlock:
    page: int
    kind: str  # heading | paragraph | list_item
    text: str
    bbox: tuple[float, float, float, float]
    size: float
    bold: bool
    level: int = 0
    section: tuple[str, ...] = field(default_factory=tuple)


_PAGE_OF = re.compile(r"\b(pagina|page|blz\.?)\s*\d{1,4}\s*(van|of|/)\s*\d{1,4}\b", re.IGNORECASE)


def _norm_running(text: str) -> str:
    """Digits become '#', punctuation goes (OCR adds and drops it at random)."""
    t = re.sub(r"\d+", "#", text.lower())
    t = re.sub(r"[^\w#]+", " ", t)
    return " ".join(t.split())


def running_lines(pages: list[tuple[float, list[RawLine]]]) -> set[tuple[str, str]]:
    """(zone, normalised text) pairs that repeat in the top or bottom margin of many pages."""
    n = len(pages)
    counts: Counter = Counter()
    for height, lines in pages:
        seen = set()
        for ln in lines:
            zone = _zone(ln, height)
            if zone:
                seen.add((zone, _norm_running(ln.text)))
        counts.update(seen)
    need = max(2, int(0.4 * n + 0.5)) if n > 2 else 2
    return {key for key, c in counts.items() if c >= need}


def _zone(ln: RawLine, height: float) -> str | None:
    if ln.bbox[3] <= height * MARGIN:
        return "top"
    if ln.bbox[1] >= height * (1 - MARGIN):
        return "bottom"
    return None


def strip_running(lines: list[RawLine], height: float, running: set[tuple[str, str]]) -> list[RawLine]:
    out = []
    for ln in lines:
        zone = _zone(ln, height)
        if zone and ((zone, _norm_running(ln.text)) in running or _PAGE_NO.match(ln.text.strip())
                     or _PAGE_OF.search(ln.text)):
            continue
        out.append(ln)
    return out


def body_size(all_lines: list[RawLine]) -> float:
    sizes: Counter = Counter()
    for ln in all_lines:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _is_heading(ln: RawLine, body: float) -> bool:
    text = ln.text.strip()
    words = text.split()
    if not words or len(words) > 16 or len(text) > 140:
        return False
    if text.endswith((",", ";")) or LIST_MARKER.match(text) and not _NUMBERED_HEADING.match(text):
        return False
    if not re.search(r"[A-Za-zÀ-ÿ]{2,}", text):
        return False
    larger = ln.size >= body * 1.12
    if larger:
        return True
    if ln.bold and (ln.size >= body * 0.95):
        return not text.endswith(".") or bool(_NUMBERED_HEADING.match(text))
    return False


def build_blocks(page_lines: list[tuple[int, list[RawLine]]], body: float) -> list[CleanBlock]:
    """Group lines into heading, paragraph and list-item blocks, in reading order."""
    blocks: list[CleanBlock] = []
    for page_no, lines in page_lines:
        current: CleanBlock | None = None
        prev: RawLine | None = None
        for ln in lines:
            text = ln.text.strip()
            heading = _is_heading(ln, body)
            kind = "heading" if heading else ("list_item" if LIST_MARKER.match(text) else "paragraph")
            new = True
            if current is not None and prev is not None:
                gap = ln.bbox[1] - prev.bbox[3]
                line_h = max(prev.bbox[3] - prev.bbox[1], 1.0)
                same_style = abs(ln.size - prev.size) < 0.6 and ln.bold == prev.bold
                if current.kind == "heading" and heading and same_style and gap < 0.6 * line_h:
                    new = False  # multi-line heading
                elif current.kind in ("paragraph", "list_item") and kind == "paragraph" and not heading \
                        and same_style and gap < 0.75 * line_h:
                    new = False  # wrapped line of the same paragraph or list item
            if new:
                current = CleanBlock(page_no, kind, text, ln.bbox, ln.size, ln.bold)
                blocks.append(current)
            else:
                current.text = join_lines(current.text, text)
                current.bbox = (min(current.bbox[0], ln.bbox[0]), min(current.bbox[1], ln.bbox[1]),
                                max(current.bbox[2], ln.bbox[2]), max(current.bbox[3], ln.bbox[3]))
            prev = ln
    _assign_levels(blocks, body)
    _assign_sections(blocks)
    return blocks


def join_lines(left: str, right: str) -> str:
    """Join a wrapped line, undoing end-of-line hyphenation ("ontwik-" + "kelen")."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        first = right.split(" ", 1)[0]
        if first and first[0].islower() and first.strip(".,;") not in _NO_JOIN_AFTER_HYPHEN:
            return left[:-1] + right
        return left + " " + right  # "bedrijfs- en personenauto's"
    return left + " " + right


def _assign_levels(blocks: list[CleanBlock], body: float) -> None:
    """Numbered headings take their level from the numbering depth; unnumbered ones
    take the level that numbered headings of the same size have, else the rank of
    their font size among heading sizes."""
    heads = [b for b in blocks if b.kind == "heading"]
    by_size: dict[int, Counter] = {}
    for b in heads:
        m = _NUMBERED_HEADING.match(b.text)
        if m:
            b.level = m.group("num").count(".") + 1
            by_size.setdefault(round(b.size), Counter())[b.level] += 1
    sizes = sorted({round(b.size) for b in heads if b.size >= body * 1.12}, reverse=True)
    rank = {s: i + 1 for i, s in enumerate(sizes)}
    deepest = len(sizes) + 1
    for b in heads:
        if _NUMBERED_HEADING.match(b.text):
            continue
        size = round(b.size)
        if size in by_size:
            b.level = by_size[size].most_common(1)[0][0]
        elif size in rank:
            b.level = rank[size]
        else:
            b.level = deepest


def _assign_sections(blocks: list[CleanBlock]) -> None:
    stack: list[tuple[int, str]] = []
    for b in blocks:
        if b.kind == "heading":
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, b.text))
        b.section = tuple(t for _, t in stack)


def page_text(blocks: list[CleanBlock]) -> str:
    return "\n\n".join(b.text for b in blocks)
