"""Table detection with pymupdf's ``find_tables``, cell text rebuilt from words.

``Table.extract()`` glues words together and splits numbers ("1.000" comes out
as "1000\\n."), so every cell's text is rebuilt from the page's words whose
centre lies inside the cell box, in reading order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


def has_ruling(page, minimum: int = 3) -> bool:
    """Cheap pre-check: ``find_tables`` finds ruled tables, which need vector lines
    in the body of the page (running header and footer rules do not count)."""
    height = page.rect.height
    try:
        drawings = page.get_cdrawings()
    except Exception:
        return True
    body = [d for d in drawings if d["rect"][1] > 0.1 * height and d["rect"][3] < 0.9 * height]
    return len(body) >= minimum


def find_tables(page, words=None) -> list[RawTable]:
    if not has_ruling(page):
        return []
    try:
        found = page.find_tables()
    except Exception:  # a malformed page must not stop the document
        return []
    if words is None:
        words = page.get_text("words")
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
    text = re.sub(r"(\w)- (?!(en|of|tot|t/m)\b)([a-zà-ÿ])", r"\1\3", text)
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
