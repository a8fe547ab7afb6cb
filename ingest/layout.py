"""From raw lines to clean blocks: running headers and footers removed, page
numbers dropped, wrapped and hyphenated lines joined, lists kept as list items,
headings recognised with a level, and every block given its section path.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from nl.analysis import keeps_hyphen
from nl.sentences import PARAGRAPH_CONTINUES

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


# Dutch words a wrapped line can end on but a paragraph cannot ("... in de binnenstad van" / "Almelo")
_CONTINUES = PARAGRAPH_CONTINUES
_SENT_END = re.compile(r"[.!?;:]['’\")]?$")
PARA_GAP = 1.4  # a baseline distance this many times the usual line pitch starts a new paragraph


def line_pitches(page_lines: list[tuple[int, list[RawLine]]]) -> dict[float, float]:
    """The usual baseline-to-baseline distance of wrapped lines, per font size."""
    dists: dict[float, Counter] = {}
    for _, lines in page_lines:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) >= 0.6 or abs(a.bbox[0] - b.bbox[0]) > 3 * a.size:
                continue
            d = b.bbox[3] - a.bbox[3]
            if 0.9 * a.size <= d <= 3.0 * a.size:
                dists.setdefault(round(a.size, 1), Counter())[round(d * 2) / 2] += 1
    # the smallest common distance: paragraph gaps can outnumber wrapped lines on short pages
    return {size: min(d for d, n in c.items() if n >= 0.25 * max(c.values())) for size, c in dists.items()}


def order_columns(lines: list[RawLine], body: float = 0.0) -> list[RawLine]:
    """Reading order for a page set in two columns: where the left and right column flow independently, the left
    column's lines come before the right column's, region by region between lines that cross the gutter or are
    headings. A region whose lines all stand in pairs on one baseline (a form, a label/value list) is read row by
    row, and pages without side-by-side lines keep their order."""
    paired: set[int] = set()
    gutters = []
    for i, a in enumerate(lines):
        for j in range(i + 1, min(i + 4, len(lines))):
            b = lines[j]
            ha = a.bbox[3] - a.bbox[1]
            if abs((a.bbox[1] + a.bbox[3]) / 2 - (b.bbox[1] + b.bbox[3]) / 2) > 0.5 * ha:
                continue
            left, right = (a, b) if a.bbox[0] < b.bbox[0] else (b, a)
            if left.bbox[2] + 0.5 * left.size < right.bbox[0]:
                gutters.append((left.bbox[2] + right.bbox[0]) / 2)
                paired.update((i, j))
    if not gutters:
        return lines
    gutters.sort()
    split = gutters[len(gutters) // 2]
    side = ["F" if body and _is_heading(ln, body) and k not in paired else
            "L" if ln.bbox[2] <= split + 2 else "R" if ln.bbox[0] >= split - 2 else "F" for k, ln in enumerate(lines)]
    out: list[RawLine] = []
    region: list[int] = []

    def flush() -> None:
        # the columns flow independently when their sentences run on down a column more often than across
        vertical = across = 0
        for col in ("L", "R"):
            ks = [k for k in region if side[k] == col]
            vertical += sum(_continues(lines[a].text, lines[b].text) for a, b in zip(ks, ks[1:]))
        for a, b in zip(region, region[1:]):
            if side[a] == "L" and side[b] == "R" and a in paired and b in paired:
                across += _continues(lines[a].text, lines[b].text)
        # two headings side by side head two columns
        headed = body and any(k in paired and side[k] == "R" and _is_heading(lines[k], body) for k in region)
        if (vertical > across or headed) and any(k in paired for k in region):
            out.extend(lines[k] for k in region if side[k] == "L")
            out.extend(lines[k] for k in region if side[k] == "R")
        else:
            out.extend(lines[k] for k in region)
        region.clear()

    for k, s in enumerate(side):
        if s == "F":
            flush()
            out.append(lines[k])
        else:
            region.append(k)
    flush()
    return out


GUTTER = 2.2  # a horizontal gap this many times the font size between two words of one line is a column gutter


def split_wide_lines(lines: list[RawLine], words: list[tuple]) -> list[RawLine]:
    """Split a line that pymupdf joined across a column gutter (two columns whose lines share a baseline) into its
    left and right part, using the page's words (``page.get_text("words")``). Only a line with exactly one wide
    gap and words with letters on both sides is split, so table rows with many cells and label/value rows of
    numbers stay whole."""
    out: list[RawLine] = []
    for ln in lines:
        x0, y0, x1, y1 = ln.bbox
        ws = sorted((w for w in words if y0 - 1 <= (w[1] + w[3]) / 2 <= y1 + 1 and w[0] >= x0 - 1 and w[2] <= x1 + 1),
                    key=lambda w: w[0])
        gaps = [k for k in range(1, len(ws)) if ws[k][0] - ws[k - 1][2] > GUTTER * ln.size]
        if len(gaps) != 1:
            out.append(ln)
            continue
        left, right = ws[:gaps[0]], ws[gaps[0]:]
        lt, rt = " ".join(w[4] for w in left), " ".join(w[4] for w in right)
        if len(left) < 2 or len(right) < 2 or not re.search(r"[A-Za-zÀ-ÿ]{2}", lt) or \
                not re.search(r"[A-Za-zÀ-ÿ]{2}", rt) or (lt + rt).replace(" ", "") != ln.text.replace(" ", ""):
            out.append(ln)
            continue
        out.append(RawLine(lt, (left[0][0], y0, left[-1][2], y1), ln.size, ln.bold, ln.block))
        out.append(RawLine(rt, (right[0][0], y0, right[-1][2], y1), ln.size, ln.bold, ln.block))
    return out


def _continues(prev: str, nxt: str) -> bool:
    """The text says the next line goes on with the sentence of the previous one, whatever the gap."""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev or not nxt or _SENT_END.search(prev):
        return False
    last = prev.rsplit(None, 1)[-1].lower()
    return nxt[0].islower() or nxt[0] in "(%€‘'\"0123456789" or prev.endswith(("-", ",")) or last in _CONTINUES


_NUMBER = re.compile(r"(?<![\w.,])[-–]?€?\s?\d[\d.,]*(?![\w])")


def _table_row(text: str) -> bool:
    """A line of a table set as text: two or more numbers that make up a good part of it (a year header, a row of
    amounts), unlike a sentence that mentions two numbers."""
    n = len(_NUMBER.findall(text))
    return n >= 2 and n >= 0.3 * len(text.split())


def paragraph_break(prev: RawLine, ln: RawLine, pitch: float | None, left: float, in_table: bool = False) -> bool:
    """A new paragraph or list item starts at ``ln`` although it has the style of ``prev``: a vertical gap larger
    than the line spacing, a jump back up (next column), a first-line indent or an outdent, or a short
    sentence-final line before it; unless the words show that the sentence runs on."""
    dy = ln.bbox[3] - prev.bbox[3]
    if dy < -0.5 * prev.size:
        return not _continues(prev.text, ln.text)  # the next column or a line placed higher up
    gap = dy > PARA_GAP * pitch if pitch else ln.bbox[1] - prev.bbox[3] >= 0.75 * max(prev.bbox[3] - prev.bbox[1], 1.0)
    if gap:
        if (in_table or _table_row(prev.text)) and _table_row(ln.text):
            return False  # rows of a table set as text stay one block (a wrapped row label in between too)
        return not _continues(prev.text, ln.text)
    if _SENT_END.search(prev.text.rstrip()):
        if ln.bbox[0] > left + 1.2 * ln.size or ln.bbox[0] < left - 1.2 * ln.size:
            return True  # first-line indent of a new paragraph, or an outdented line
    return False


def build_blocks(page_lines: list[tuple[int, list[RawLine]]], body: float) -> list[CleanBlock]:
    """Group lines into heading, paragraph and list-item blocks, in reading order.

    Paragraph and list-item breaks come from the page geometry (the vertical gap against the usual line pitch,
    indentation, a change of font) and from list markers (bullets, numbers, letters), not from punctuation
    alone; two-column regions are read column by column."""
    page_lines = [(n, order_columns(lines, body)) for n, lines in page_lines]
    pitches = line_pitches(page_lines)
    blocks: list[CleanBlock] = []
    for page_no, lines in page_lines:
        current: CleanBlock | None = None
        prev: RawLine | None = None
        left = 0.0  # left edge of the current block's continuation lines
        in_table = False  # the current block holds rows of a table set as text
        for ln in lines:
            text = ln.text.strip()
            heading = _is_heading(ln, body)
            kind = "heading" if heading else ("list_item" if LIST_MARKER.match(text) else "paragraph")
            new = True
            if current is not None and prev is not None:
                gap = ln.bbox[1] - prev.bbox[3]
                line_h = max(prev.bbox[3] - prev.bbox[1], 1.0)
                same_style = abs(ln.size - prev.size) < 0.6 and ln.bold == prev.bold
                side_by_side = ln.bbox[0] > prev.bbox[2] and abs(ln.bbox[3] - prev.bbox[3]) < 0.5 * line_h
                if current.kind == "heading" and heading and same_style and gap < 0.6 * line_h and not side_by_side:
                    new = False  # multi-line heading
                elif current.kind in ("paragraph", "list_item") and kind == "paragraph" and not heading \
                        and same_style and not paragraph_break(prev, ln, pitches.get(round(ln.size, 1)), left,
                                                               in_table):
                    new = False  # wrapped line of the same paragraph or list item
            if new:
                current = CleanBlock(page_no, kind, text, ln.bbox, ln.size, ln.bold)
                blocks.append(current)
                left = ln.bbox[0]
                in_table = _table_row(text)
            else:
                current.text = join_lines(current.text, text)
                current.bbox = (min(current.bbox[0], ln.bbox[0]), min(current.bbox[1], ln.bbox[1]),
                                max(current.bbox[2], ln.bbox[2]), max(current.bbox[3], ln.bbox[3]))
                left = ln.bbox[0]
                in_table = in_table or _table_row(text)
            prev = ln
    _assign_levels(blocks, body)
    _assign_sections(blocks)
    return blocks


def join_lines(left: str, right: str) -> str:
    """Join a wrapped line, undoing end-of-line hyphenation ("ontwik-" + "kelen")."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        first = right.split(" ", 1)[0]
        if first and first[0].islower() and first.strip(".,;") not in _NO_JOIN_AFTER_HYPHEN:
            # "zonne-" + "energie" keeps its hyphen (Dutch vowel clash); "ontwik-" + "kelen" is a break
            return (left if keeps_hyphen(left[:-1], first) else left[:-1]) + right
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
