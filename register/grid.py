"""A table as rows of cells with its column headers folded together.

Budget and indicator tables print their column headers over several lines ("Voorgaande /
laatst / bekende / realisatie", "Rekening / 2019"), and pymupdf returns every line as a row.
Cells of a row also wrap ("Personen met een / bijstandsuitkering", "255,4 / (2018)").

* :func:`fold` joins the leading rows that hold no value (only words and years) into one
  header per column; the first row with a value starts the body.
* :func:`merge_wrapped` joins a body row into the row above it when it only continues that
  row's cells: its first column is empty and it holds no value where the row above has one
  (a budget table's "Lasten" line under "5.1 Sportbeleid ... Baten" holds values, so it
  stays a row of its own).
* :func:`parse_value` reads a printed cell: Dutch thousands dots and decimal commas, a
  leading minus (also "−" or "–"), an amount in parentheses as negative (accounting
  convention), "%" and "€" around the number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from beleid.types import Table

from nl.amounts import parse_number

YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_CELL = re.compile(r"^\s*\(?\s*(?:[a-zA-Z]+\s+)?(?:19|20)\d\d\s*(?:[-–/]\s*(?:19|20)?\d\d)?\s*\)?\s*$")
_PHASE_REAL = re.compile(r"rekening|realisatie|werkelijk|jaarrekening|resultaat\s+(?:19|20)\d\d", re.I)
_PHASE_BUDGET = re.compile(r"begroting|begroot|raming|meerjaren|prognose|primitie|na\s+wijziging", re.I)


def parse_value(cell: str) -> float | None:
    """'-1.306' -> -1306; '(1.306)' -> -1306; '40,0%' -> 40.0; '€ 2.500' -> 2500; 'n.t.b.' -> None."""
    s = " ".join((cell or "").split())
    if not s:
        return None
    s = s.replace("−", "-").replace("–", "-").replace("\u2012", "-")
    neg = False
    m = re.fullmatch(r"\(\s*(.+?)\s*\)", s)
    if m:
        s, neg = m.group(1), True
    s = re.sub(r"^€\s*", "", s).replace(" %", "%")
    s = re.sub(r"^-\s*€\s*", "-", s)
    s = re.sub(r",-{1,2}$", "", s)  # "2.500,-"
    v = parse_number(s)
    if v is None:
        return None
    return -v if neg else v


def is_value(cell: str) -> bool:
    """A cell that holds a number other than a bare year."""
    c = " ".join((cell or "").split())
    return bool(c) and not _YEAR_CELL.match(c) and parse_value(c) is not None


def row_has_value(row: list[str] | tuple[str, ...]) -> bool:
    return any(is_value(c) for c in row)


@dataclass
class Grid:
    columns: list[str]  # folded header per column
    rows: list[list[str]]  # body rows, all of width len(columns)
    header_text: str  # every header cell joined (caption, unit, sign convention)
    head_col0: list[str] = field(default_factory=list)  # the first column's header lines, top down

    @property
    def caption(self) -> str:
        """The first column's first header line with the lines that continue it (lowercase
        start): "Programma: P5 Sport, cultuur en" + "recreatie"."""
        lines = [x for x in self.head_col0 if x]
        if not lines:
            return ""
        out = [lines[0]]
        for x in lines[1:]:
            if not x[:1].islower():
                break
            out.append(x)
        return " ".join(out)

    @property
    def width(self) -> int:
        return len(self.columns)

    def year(self, j: int) -> str | None:
        m = YEAR.search(self.columns[j])
        return m.group(0) if m else None

    def phase(self, j: int) -> str | None:
        """'realisatie' for a Rekening/Realisatie column, 'begroting' for Begroting/Raming."""
        c = self.columns[j]
        if _PHASE_REAL.search(c):
            return "realisatie"
        if _PHASE_BUDGET.search(c):
            return "begroting"
        return None


def _square(rows: list[list[str]], n: int) -> list[list[str]]:
    return [list(r) + [""] * (n - len(r)) for r in rows]


def fold(t: Table, columns: list[str] | None = None) -> Grid:
    """Header rows folded per column. With ``columns`` (a continuation of an earlier table
    part without a header of its own), every row is body and those columns are used."""
    raw = [list(t.header)] + [list(r) for r in t.rows]
    n = max(len(r) for r in raw)
    raw = _square(raw, n)
    if columns is not None:
        return Grid(list(columns) + [""] * max(0, n - len(columns)), raw, "")
    k = 0
    while k < len(raw) and not row_has_value(raw[k]):
        k += 1
    head, body = raw[:k], [list(r) for r in raw[k:]]
    head = _spread(head)
    cols = [" ".join(" ".join(r[j].split()) for r in head if r[j].strip()) for j in range(n)]
    text = " ".join(" ".join(c.split()) for r in head for c in r if c.strip())
    return Grid(cols, body, text, [" ".join(r[0].split()) for r in head])


def _spread(head: list[list[str]]) -> list[list[str]]:
    """A header cell printed over several columns ("Begroting 2021" over "baten | lasten | saldo")
    comes back in its first column only: copy it into the empty cells to its right that a lower
    header line fills. The first column (the row labels' caption) is never spread."""
    out = [list(r) for r in head]
    for i, r in enumerate(out[:-1]):
        lower = out[i + 1:]
        for j in range(2, len(r)):
            if not r[j].strip() and r[j - 1].strip() and any(x[j].strip() for x in lower) \
                    and any(x[j - 1].strip() for x in lower):
                r[j] = r[j - 1]
    return out


def merge_wrapped(rows: list[list[str]]) -> list[list[str]]:
    """Join rows that only continue the cells of the row above (see module docstring)."""
    out: list[list[str]] = []
    for r in rows:
        if out and not r[0].strip() and any(c.strip() for c in r):
            prev = out[-1]
            if not row_has_value(r):  # a row with a value of its own is never a continuation
                out[-1] = [" ".join(x for x in (p.strip(), c.strip()) if x) for p, c in zip(prev, r)]
                continue
        out.append(list(r))
    return out
