"""Table detection with pymupdf's ``find_tables``, cell text rebuilt from words.

Ruled tables: on pages with vector lines in the body, ``find_tables`` as is.

Tables without ruling lines (columns of aligned text and numbers, common in
programmabegrotingen and indicator overviews): only on pages where at least
three visual rows have a gap-separated numeric cell, ``find_tables`` is asked
too; without lines its candidates come from pymupdf's layout analyser
(``page.get_layout``, the ``pymupdf_layout`` package), whose table regions are
then cut into cells along the word alignment. Because nothing but alignment
marks them, they must pass a strict test (:func:`_looks_like_lineless_table`)
that running text in columns, lists and tables of contents fail.

``Table.extract()`` glues words together and splits numbers ("1.000" comes out
as "1000\\n."), so every cell's text is rebuilt from the page's words whose
centre lies inside the cell box, in reading order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.ocr import LEGIBLE
from nl.analysis import keeps_hyphen

_UNIT = re.compile(
    r"(bedragen\s*)?(x|\*|×)\s*(€|eur(o)?)?\s*1[.,]?000(?:[.,]000)?(\s*(euro|€))?|"
    r"(in|x)\s*(duizenden|miljoenen)\s*(euro|€)?|€\s*x\s*1[.,]?000",
    re.IGNORECASE,
)


@dataclass
class RawTable:
    bbox: tuple[float, float, float, float]
    header: list[str]
    rows: list[list[str]]
    unit: str | None


def has_ruling(page, minimum: int = 2) -> bool:
    """Cheap pre-check: ``find_tables`` finds ruled tables, which need a grid of vector
    lines in the body of the page (running header and footer rules do not count):
    at least ``minimum`` horizontal and ``minimum`` vertical rules, or four filled
    cell rectangles (shaded cells whose edges make the grid). Decoration (bars a few
    points high, a coloured band, underlines) is not a grid; ``find_tables`` costs
    about a second on such a page for nothing."""
    height = page.rect.height
    try:
        drawings = page.get_cdrawings()
    except Exception:
        return True
    horizontal = vertical = 0
    cells: list[tuple[float, float]] = []  # (y0, x0) of cell-sized filled rectangles
    width = page.rect.width
    for d in drawings:
        x0, y0, x1, y1 = d["rect"]
        if y0 <= 0.1 * height or y1 >= 0.9 * height:
            continue
        for item in d.get("items", ()):
            if item[0] == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                w, h = abs(bx - ax), abs(by - ay)
            elif item[0] == "re":
                r = item[1]
                w, h = abs(r[2] - r[0]), abs(r[3] - r[1])
            else:
                continue
            if h <= 2.5 and w >= 10:
                horizontal += 1
            elif w <= 2.5 and h >= 6:
                vertical += 1
            elif w >= 15 and h >= 8 and w <= 0.6 * width:  # a full-width band is a heading, not a cell
                r = item[1] if item[0] == "re" else (ax, ay, bx, by)
                cells.append((round(min(r[1], r[3])), round(min(r[0], r[2]))))
        if horizontal >= minimum and vertical >= minimum:
            return True
    # shaded cells make a grid when at least two rows hold two cells side by side
    rows: dict[float, set] = {}
    for y, x in cells:
        rows.setdefault(y, set()).add(x)
    return len(cells) >= 4 and sum(1 for xs in rows.values() if len(xs) >= 2) >= 2


def find_tables(page, words=None, lineless: bool = True) -> list[RawTable]:
    """Tables of ``page``. ``lineless`` also looks for tables without ruling lines
    on pages that have none (strictly validated, see module docstring)."""
    ruled = has_ruling(page)
    if not ruled and not lineless:
        return []
    if words is None:
        words = page.get_text("words")
    if not ruled and not _has_aligned_numbers(words):
        return []  # cheap gate: the layout analyser costs ~0.4 s a page
    try:
        found = page.find_tables()
    except Exception:  # a malformed page must not stop the document
        return []
    if found is None:
        return []
    tables: list[RawTable] = []
    for tab in found.tables:
        if tab.row_count < 2 or tab.col_count < 2:
            continue
        grid = []
        for row in tab.rows:
            grid.append([_cell_text(cell, words) if cell else "" for cell in row.cells])
        grid = _drop_empty_columns([r for r in grid if any(c for c in r)])
        if len(grid) < 2 or len(grid[0]) < 2 or not _looks_like_table(grid):
            continue  # its words stay in the running text
        if not ruled and not _looks_like_lineless_table(grid):
            continue
        header_external = False
        try:
            hdr = tab.header
            header_external = bool(hdr.external)
            ext_names = [" ".join((n or "").split()) for n in hdr.names]
        except Exception:
            ext_names = []
        if header_external and ext_names and any(ext_names):
            header, rows = ext_names, grid
        else:
            header, rows = grid[0], grid[1:]
        bbox = tuple(tab.bbox)
        tables.append(RawTable(bbox, header, rows, _find_unit(page, bbox, header, words)))
    return tables


def _drop_empty_columns(grid: list[list[str]]) -> list[list[str]]:
    if not grid:
        return grid
    width = max(len(r) for r in grid)
    rows = [r + [""] * (width - len(r)) for r in grid]
    keep = [i for i in range(width) if any(r[i] for r in rows)]
    return [[r[i] for i in keep] for r in rows]


def _looks_like_table(grid: list[list[str]]) -> bool:
    """Reject tables of contents (dot leaders) and grids that are mostly empty cells
    (ruling lines that do not delimit cells)."""
    cells = [c for r in grid for c in r]
    filled = [c for c in cells if c]
    if not filled:
        return False
    if sum(1 for c in filled if re.search(r"\.{4,}|…{2,}", c)) > 0.3 * len(filled):
        return False
    return len(filled) / len(cells) >= 0.45


# A number as it stands in a table cell: amounts ("1.240", "-8.200", "€ 350", "(12,5)"),
# percentages ("11,4%"), years, and a value with its year ("5 (2018)").
_NUMBER = re.compile(
    r"^[-+−–]?\(?(€\s?)?[-−–]?\d{1,3}(?:[.\s]\d{3})*(?:,\d+)?\)?\s?%?(\s\((19|20)\d\d\))?$|"
    r"^[-+−–]?\d+(?:[.,]\d+)?\s?%?$"
)
# Cells that mean "no value": they neither make nor break a numeric column.
_NO_VALUE = re.compile(r"^([-−–—x*]|n\.?[bv]\.?|pm|p\.m\.|nvt|n\.v\.t\.)$", re.IGNORECASE)


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))


def _has_aligned_numbers(words, minimum_rows: int = 3) -> bool:
    """Cheap page gate: at least ``minimum_rows`` visual rows (same baseline) that hold
    a numeric cell set off from the text before it by a wide gap (more than a text
    line's height: far wider than a word space, also in justified text)."""
    rows: dict[int, list] = {}
    for w in words:
        rows.setdefault(round(w[3]), []).append(w)
    hits = 0
    for ws in rows.values():
        ws.sort(key=lambda w: w[0])
        segments = [[ws[0]]]
        for a, b in zip(ws, ws[1:]):
            if b[0] - a[2] > 1.0 * max(a[3] - a[1], 1.0):
                segments.append([b])
            else:
                segments[-1].append(b)
        if len(segments) >= 2 and any(_is_number(" ".join(w[4] for w in seg)) for seg in segments[1:]):
            hits += 1
            if hits >= minimum_rows:
                return True
    return False


def _looks_like_lineless_table(grid: list[list[str]]) -> bool:
    """A table that only alignment marks must look like one (the rule follows how
    indicator and budget tables are set, not any particular document):

    * at least a header and two rows, at least two columns;
    * rows fill the columns: two thirds of the rows fill two thirds of the columns
      (running text in two columns and lists leave the grid ragged or one-celled);
    * short cells: nine in ten filled cells at most 60 characters, on average at most
      six words (a paragraph cut into columns has long cells);
    * a numeric column: some column whose filled body cells are two thirds numbers
      (amounts, percentages, years), at least two of them;
    * not a table of contents: the numeric columns are not all rising page or section
      numbers (dotted leaders are already refused by :func:`_looks_like_table`).
    """
    n_rows, n_cols = len(grid), len(grid[0])
    if n_rows < 3 or n_cols < 2:
        return False
    need = max(2, -(-2 * n_cols // 3))
    full_rows = sum(1 for r in grid if sum(1 for c in r if c) >= need)
    if full_rows < 2 * n_rows / 3:
        return False
    filled = [c for r in grid for c in r if c]
    if sum(1 for c in filled if len(c) > 60) > 0.1 * len(filled):
        return False
    if sum(len(c.split()) for c in filled) / len(filled) > 6:
        return False
    body = grid[1:]
    numeric_cols = []
    for j in range(n_cols):
        cells = [r[j].strip() for r in body if r[j].strip() and not _NO_VALUE.match(r[j].strip())]
        numbers = [c for c in cells if _is_number(c)]
        if len(numbers) >= 2 and len(numbers) >= 2 * len(cells) / 3:
            numeric_cols.append(numbers)
    if not numeric_cols:
        return False
    return not all(_numbering_run(col) for col in numeric_cols)


def _numbering_run(cells: list[str]) -> bool:
    """Page numbers ("3", "11", "27") or section numbers ("2", "2.1", "2.2", "3") that
    never go down: the number columns of a contents list. Amounts with a thousands
    separator ("4.120") have three digits after the dot and are not section numbers."""
    if not all(re.fullmatch(r"\d{1,3}|\d{1,2}(\.\d{1,2})+\.?", c) for c in cells):
        return False
    values = [tuple(int(x) for x in c.rstrip(".").split(".")) for c in cells]
    return all(a <= b for a, b in zip(values, values[1:]))


def _cell_text(cell, words) -> str:
    x0, y0, x1, y1 = cell
    inside = [w for w in words
              if x0 - 1 <= (w[0] + w[2]) / 2 <= x1 + 1 and y0 - 1 <= (w[1] + w[3]) / 2 <= y1 + 1]
    # group into lines by vertical centre, then left to right
    lines: list[list] = []
    for w in sorted(inside, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        cy = (w[1] + w[3]) / 2
        if lines and abs(cy - lines[-1][0]) < 0.5 * max(w[3] - w[1], 1):
            lines[-1][1].append(w)
        else:
            lines.append([cy, [w]])
    parts = [" ".join(x[4] for x in sorted(ws, key=lambda w: w[0])) for _, ws in lines]
    return _dehyphenate(" ".join(parts))


def _dehyphenate(text: str) -> str:
    def join(m: re.Match) -> str:
        return m.group(1) + ("-" if keeps_hyphen(m.group(1), m.group(3)) else "") + m.group(3)

    text = re.sub(r"(\w)- (?!(en|of|tot|t/m)\b)([a-zà-ÿ])", join, text)
    return " ".join(text.split())


def _find_unit(page, bbox, header, words) -> str | None:
    """The unit of amounts: in the header, or in a line just above the table."""
    for h in header:
        m = _UNIT.search(h or "")
        if m:
            return m.group(0).strip()
    x0, y0, x1, y1 = bbox
    above = [w for w in words if y0 - 60 <= w[3] <= y0 + 2 and w[0] < x1 and w[2] > x0 - 20]
    above.sort(key=lambda w: (round(w[1]), w[0]))
    m = _UNIT.search(" ".join(w[4] for w in above))
    return m.group(0).strip() if m else None


# --- tables in images: rows and cells from OCR word boxes --------------------

def tables_from_words(words, page_width: float) -> list[RawTable]:
    """Tables in a scanned or screenshotted page, from OCR word boxes
    ``(x0, y0, x1, y1, text)`` in PDF points.

    Words are grouped into visual rows by their vertical centre; a row is cut
    into cells at gaps wider than a word's height (a word space is far
    narrower); side-by-side panels are split at a gutter no row crosses; runs
    of at least three rows with two or more cells form a table candidate whose
    columns are the x-ranges that the cells of many rows cover. A candidate must
    pass the same tests as a table without ruling lines (:func:`_looks_like_table`,
    :func:`_looks_like_lineless_table`), so running text in columns stays text.
    """
    words = [w for w in words if str(w[4]).strip()]
    if len(words) < 9:
        return []
    heights = sorted(w[3] - w[1] for w in words)
    h = heights[len(heights) // 2] or 1.0
    tables: list[RawTable] = []
    for panel in _panels(words, h, page_width):
        tables.extend(_panel_tables(panel, h))
    return tables


def _rows(words, h: float) -> list[list]:
    rows: list[list] = []
    for w in sorted(words, key=lambda w: (w[1] + w[3]) / 2):
        cy = (w[1] + w[3]) / 2
        if rows and abs(cy - rows[-1][0]) < 0.5 * h:
            rows[-1][1].append(w)
            rows[-1][0] = sum((x[1] + x[3]) / 2 for x in rows[-1][1]) / len(rows[-1][1])
        else:
            rows.append([cy, [w]])
    return [sorted(ws, key=lambda w: w[0]) for _, ws in rows]


_RULE_CHARS = "|[]!¦"


def _cells(row, h: float) -> list[list]:
    """Cut a row of words into cells at wide gaps and at vertical rules that OCR read
    as '|' (or '[', ']', '!')."""
    cells: list[list] = [[]]
    prev = None
    for w in row:
        text = str(w[4])
        if text.strip(_RULE_CHARS) == "":
            if cells[-1]:
                cells.append([])
            prev = None
            continue
        core = text.strip(_RULE_CHARS)
        if core != text:
            w = (w[0], w[1], w[2], w[3], core)
        if prev is not None and w[0] - prev[2] > 1.0 * h and cells[-1]:
            cells.append([])
        if text.startswith(tuple(_RULE_CHARS)) and cells[-1]:
            cells.append([])
        cells[-1].append(w)
        if text.endswith(tuple(_RULE_CHARS)):
            cells.append([])
        prev = w
    return [c for c in cells if c]


# OCR reads a minus sign as '=', '—', '„' or '~'; in a cell that is otherwise a number it is a minus
_OCR_MINUS = re.compile(r"^[=—–„~_]\s?(?=\d)")


_OCR_ZERO = {"o", "O", "of", "Of", "0f", "0}", "{0", "O)", "0)", "()"}


def _ocr_number(cell: str) -> str:
    if cell in _OCR_ZERO:
        return "0"
    fixed = _OCR_MINUS.sub("-", cell)
    if re.fullmatch(r"-?\d{1,3}(?:[.,]\d{3}){2,}", fixed) and "," in fixed and "." in fixed:
        fixed = fixed.replace(",", ".")  # "-2,052.205": a thousands dot read as a comma
    return fixed if fixed != cell and _is_number(fixed) else cell


def _gutters(intervals: list[tuple[float, float]], lo: float, hi: float, min_width: float) -> list[tuple[float, float]]:
    """x-ranges of at least ``min_width`` inside [lo, hi] that no interval covers."""
    out = []
    cursor = lo
    for a, b in sorted(intervals):
        if a - cursor >= min_width:
            out.append((cursor, a))
        cursor = max(cursor, b)
    if hi - cursor >= min_width:
        out.append((cursor, hi))
    return [g for g in out if g[0] > lo and g[1] < hi]


def _panels(words, h: float, page_width: float) -> list[list]:
    """Split the page at vertical gutters (wide x-ranges no word covers) into panels,
    where both sides hold table-like rows of their own (a label column next to its
    numbers is one table, two tables side by side are two panels)."""
    lo = min(w[0] for w in words)
    hi = max(w[2] for w in words)
    gutters = _gutters([(w[0], w[2]) for w in words], lo, hi, max(3 * h, 0.02 * page_width))
    panels: list[list] = [list(words)]
    for g in gutters:
        last = panels[-1]
        left = [w for w in last if (w[0] + w[2]) / 2 <= g[0]]
        right = [w for w in last if (w[0] + w[2]) / 2 > g[0]]
        if _multi_cell_rows(left, h) >= 3 and _multi_cell_rows(right, h) >= 3 and _labelled(right, h):
            panels[-1:] = [left, right]
    return [p for p in panels if p]


def _multi_cell_rows(words, h: float) -> int:
    return sum(1 for row in _rows(words, h) if len(_cells(row, h)) >= 2) if words else 0


def _labelled(words, h: float) -> bool:
    """Rows start with a text label (a table of its own), not with a number (more
    columns of the table on the left)."""
    firsts = [" ".join(str(w[4]) for w in _cells(row, h)[0]) for row in _rows(words, h) if len(_cells(row, h)) >= 2]
    texts = [c for c in firsts if re.search(r"[A-Za-z]{3,}", c)]
    return len(texts) >= 0.5 * len(firsts)




def _panel_tables(words, h: float) -> list[RawTable]:
    rows = _rows(words, h)
    runs: list[list[list]] = []
    current: list[list] = []
    misses = 0
    for row in rows:
        # a row in a bigger font (a caption above the table) has wider word spaces:
        # its own word height sets the gap that cuts it into cells
        # (words only: a vertical rule read as '|' is as tall as the row is high)
        tall = sorted(w[3] - w[1] for w in row if LEGIBLE.search(str(w[4])))
        cells = _cells(row, min(max(h, tall[len(tall) // 2]), 2.5 * h) if tall else h)
        if len(cells) >= 2:
            current.append(cells)
            misses = 0
        elif current and misses == 0 and len(row) <= 6:
            current.append(cells)  # a one-cell row inside a table (a section label)
            misses += 1
        else:
            if len(current) >= 3:
                runs.append(current)
            current, misses = [], 0
    if len(current) >= 3:
        runs.append(current)
    out = []
    for run in runs:
        table = _grid_table(run, h)
        if table is not None:
            out.append(table)
    return out


def _grid_table(run: list[list[list]], h: float) -> RawTable | None:
    multi = [cells for cells in run if len(cells) >= 2]
    intervals = [(c[0][0], c[-1][2]) for cells in multi for c in cells]
    lo = min(a for a, _ in intervals)
    hi = max(b for _, b in intervals)
    # column separators: x-ranges that few rows' cells cover (a header cell spanning
    # several columns, or an overlong label, does not close a column gap)
    allowed = max(1, int(0.3 * len(multi)))
    width = int(hi - lo) + 2
    cover = [0] * width
    for a, b in intervals:
        for x in range(int(a - lo), min(int(b - lo) + 1, width)):
            cover[x] += 1
    gutters, start = [], None
    for x, n in enumerate(cover):
        if n <= allowed:
            if start is None:
                start = x
        elif start is not None:
            if x - start >= 0.5 * h and start > 0:
                gutters.append((lo + start, lo + x))
            start = None
    if not gutters:
        return None
    seps = [(a + b) / 2 for a, b in gutters]
    n_cols = len(seps) + 1
    grid = []
    for cells in run:
        row = [""] * n_cols
        for c in cells:
            cx = (c[0][0] + c[-1][2]) / 2 if len(cells) > 1 else c[0][0] + 0.1
            j = sum(1 for s in seps if cx > s)
            text = _ocr_number(" ".join(str(w[4]) for w in c))
            row[j] = f"{row[j]} {text}".strip()
        grid.append(row)
    grid = _drop_empty_columns([r for r in grid if any(r)])
    if len(grid) < 3 or len(grid[0]) < 2 or not _looks_like_table(grid):
        return None
    if not _looks_like_lineless_table(grid):
        return None
    x0 = min(w[0] for cells in run for c in cells for w in c)
    y0 = min(w[1] for cells in run for c in cells for w in c)
    x1 = max(w[2] for cells in run for c in cells for w in c)
    y1 = max(w[3] for cells in run for c in cells for w in c)
    header, rows = grid[0], grid[1:]
    unit = None
    for cell in header:
        m = _UNIT.search(cell or "")
        if m:
            unit = m.group(0).strip()
            break
    return RawTable((x0, y0, x1, y1), header, rows, unit)
