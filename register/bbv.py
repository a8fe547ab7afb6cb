"""Financial tables of a Dutch municipal budget or annual account (BBV conventions).

What the rules follow (the Besluit begroting en verantwoording and how budgets are printed):

* "Wat mag het kosten?" tables give per taakveld lines of Baten, Lasten and Saldo, either as
  a kind column next to the taakveld ("5.1 Sportbeleid | Baten | 26 | 10 ...", the next lines
  "Lasten", "Saldo" leave the taakveld cell empty) or as kind columns ("Baten | Lasten |
  Saldo"); then "Totaal baten", "Totaal lasten", "Saldo van baten en lasten", reserve
  mutations ("Onttrekking/Toevoeging/Mutaties reserves") and "Geraamde resultaat".
* Multi-year columns labelled with the budget cycle: "Rekening 2019 | Begroting 2020 |
  Begroting 2021 | Begroting 2022 ...". One line is one row; its amount is the column of the
  year the document budgets (see :func:`document_year`); every year stays in ``years``.
  Year columns without a cycle label (a contract's "2019 2020 2021 2022" allocation) are
  separate allocations: one line per year.
* The unit ("bedragen x € 1.000") can stand in the caption, in a header cell, in the first
  column, above or below the table, or only with another part of the same table on the
  previous/next page; it applies to every part. Signs are kept as printed ("-" = nadeel).
* A row that names a programme ("Programma: P6 Sociaal Domein") switches the programme for
  the rows below it (appendix tables list all programmes in one table); otherwise the table
  caption or the programme chapter it stands in gives the programme.
* Subtotals, saldi, reserve mutations and results are totals (``is_total``): derived lines a
  controller must not add up again.
* A line that repeats an earlier line of the same programme (appendix "Overzicht baten en
  lasten per taakveld" in whole euros repeating the programme table in thousands) is dropped:
  same taakveld (or both totals), same kind and year, amounts equal within the coarser unit.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from beleid.types import Block, Table

from nl.amounts import has_unit, unit_multiplier

from .drafts import BudgetDraft
from .grid import Grid, fold, is_value, parse_value, row_has_value
from .programmes import ProgrammeMap, programme_name

_KINDS = {"baten": "baten", "lasten": "lasten", "saldo": "saldo", "inkomsten": "baten", "uitgaven": "lasten",
          "opbrengsten": "baten", "onttrekking": "reserves", "onttrekkingen": "reserves", "toevoeging": "reserves",
          "toevoegingen": "reserves", "mutaties": "reserves"}
_KIND_IN_TEXT = re.compile(r"\b(baten|lasten|saldo|onttrekking(?:en)?|toevoeging(?:en)?|mutaties)\b", re.I)
_TOTAL = re.compile(r"^\s*(?:sub)?tota(?:al|le)\b|^\s*saldo\b|\bsaldo\s+van\b|^\s*mutaties?\b|^\s*(?:geraamd|begroot)e?\s+"
                    r"(?:resultaat|saldo)|^\s*resultaat\b|^\s*generaal\s+totaal|\btotaal\s*$", re.I)
_RESERVE = re.compile(r"reserve", re.I)
_RESULT = re.compile(r"resultaat", re.I)
_INVEST = re.compile(r"investering|krediet", re.I)
_NUMBERING = re.compile(r"^\s*(?:nr\.?|nummer|no\.?|#|code|volgnr\.?)\s*$", re.I)
_MERGED = re.compile(r"-?\d[\d.,]*\s+-?\d[\d.,]*\s+-?\d")
_CODE = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\b")
_DOC_YEAR = re.compile(r"\b(?P<kind>(?:programma)?begroting|jaarrekening|jaarstukken|jaarverslag|rekening)\s+"
                       r"(?P<y>(?:19|20)\d\d)\b", re.I)
_NOT_OWN = re.compile(r"(?:t\.o\.v\.|ten opzichte van|vastgestelde|gewijzigde|na wijziging|vorige|dan)\s*$", re.I)


def document_year(blocks: list[Block]) -> tuple[str | None, str]:
    """The year the document budgets or accounts for and the column phase that holds it:
    ('2021', 'begroting') for "Begroting 2021" / "Programmabegroting 2021-2024", ('2020',
    'realisatie') for "Jaarrekening 2020". Counted over headings (title pages weigh three
    times), ignoring comparisons ("t.o.v. begroting 2020"); falls back to all text."""
    def count(texts: list[tuple[int, str]]) -> Counter:
        c: Counter = Counter()
        for page, text in texts:
            for m in _DOC_YEAR.finditer(" ".join(text.split())):
                if _NOT_OWN.search(text[:m.start()][-30:]):
                    continue
                kind = "begroting" if "begroting" in m.group("kind").lower() else "realisatie"
                c[(m.group("y"), kind)] += 3 if page <= 6 else 1
        return c

    heads = count([(b.page, b.text) for b in blocks if b.kind == "heading"])
    c = heads or count([(b.page, b.text) for b in blocks if b.page <= 10])
    if not c:
        return None, "begroting"
    (year, kind), _ = c.most_common(1)[0]
    return year, kind


def _kind_cell(cell: str) -> str | None:
    return _KINDS.get(" ".join(cell.split()).lower().rstrip(":"))


def _kind_in(text: str) -> str | None:
    m = _KIND_IN_TEXT.search(text or "")
    return _KINDS.get(m.group(1).lower()) if m else None


def is_financial(g: Grid) -> bool:
    """A table of the budget cycle: rows or columns of baten/lasten/saldo, or at least two
    year columns labelled Rekening/Begroting/Raming."""
    if not g.rows or not any(row_has_value(r) for r in g.rows):
        return False
    kind_cells = sum(1 for r in g.rows for c in r[1:3] if _kind_cell(c) in ("baten", "lasten", "saldo"))
    # "Lasten" / "Baten" printed as head rows over the taakvelden
    kind_cells += sum(1 for r in g.rows if _kind_cell(r[0]) in ("baten", "lasten") and not row_has_value(r))
    kind_cols = sum(1 for j in range(1, g.width) if re.search(r"\b(?:baten|lasten|saldo)\b", g.columns[j], re.I))
    phased = sum(1 for j in range(g.width) if g.year(j) and g.phase(j))
    years = sum(1 for j in range(g.width) if g.year(j))
    invest = bool(_INVEST.search(g.header_text + " " + g.columns[0])) and years >= 2
    return kind_cells >= 2 or kind_cols >= 2 or phased >= 2 or invest


def _near_unit(t: Table, blocks: list[Block]) -> str | None:
    """A unit line printed just above or just below the table (or beside its caption)."""
    x0, y0, x1, y1 = t.bbox
    best = None
    for b in blocks:
        if b.page != t.page or b.kind == "table" or not has_unit(b.text):
            continue
        bx0, by0, bx1, by1 = b.bbox
        if bx1 < x0 - 20 or bx0 > x1 + 20:
            continue
        below = by0 >= y1 - 2
        above = by1 <= y0 + 2
        # a long block counts only with the unit line at its edge next to the table
        if len(b.text) > 200 and not ((below and has_unit(b.text[:60])) or (above and has_unit(b.text[-80:]))):
            continue
        gap = y0 - by1 if above else (by0 - y1 if below else 0.0)
        if gap <= 45 and (best is None or gap < best[0]):
            best = (gap, b.text)
    return best[1] if best else None


def _pick(cols: list[int], g: Grid, year: str | None, phase: str) -> int:
    same = [j for j in cols if g.year(j) == year]
    if same:
        return next((j for j in same if g.phase(j) == phase), same[0])
    real = [int(g.year(j)) for j in cols if g.phase(j) == "realisatie" and g.year(j)]
    budget = [j for j in cols if g.phase(j) == "begroting"]
    if real and budget:
        later = [j for j in budget if g.year(j) and int(g.year(j)) >= max(real) + 2]
        if later:
            return later[0]
    return budget[0] if budget else cols[0]


@dataclass
class _Part:
    table: Table
    grid: Grid
    unit: str | None


def _chains(tables: list[Table], blocks: list[Block]) -> list[list[_Part]]:
    """Tables with their continuations on the next page (no header of their own, same width)."""
    chains: list[list[_Part]] = []
    for t in tables:
        g = fold(t)
        prev = chains[-1][-1] if chains else None
        if prev is not None and t.page in (prev.table.page, prev.table.page + 1) and not any(g.columns) \
                and g.width == prev.grid.width and any(row_has_value(r) for r in prev.grid.rows):
            g = fold(t, prev.grid.columns)
            chains[-1].append(_Part(t, g, None))
        else:
            chains.append([_Part(t, g, None)])
        part = chains[-1][-1]
        for text in (t.unit, g.header_text, *(r[0] for r in g.rows if not row_has_value(r)), _near_unit(t, blocks)):
            if text and has_unit(text):
                part.unit = text
                break
    return chains


def from_tables(tables: list[Table], blocks: list[Block], pmap: ProgrammeMap,
                year: str | None, phase: str) -> tuple[list[BudgetDraft], dict[tuple[int, int], "TableInfo"]]:
    """Lines of the financial tables, and per table (page, index): whether it was read here,
    the unit of its chain and whether it continues the table before it, for the general
    money-table reader."""
    out: list[BudgetDraft] = []
    info: dict[tuple[int, int], TableInfo] = {}
    for chain in _chains(sorted(tables, key=lambda t: (t.page, t.index)), blocks):
        unit_text = next((p.unit for p in chain if p.unit), None)
        financial = is_financial(chain[0].grid)
        for n, p in enumerate(chain):
            info[(p.table.page, p.table.index)] = TableInfo(financial, unit_text, n > 0)
        if not financial:
            continue
        mult = unit_multiplier(unit_text) if unit_text else 1.0
        caption = chain[0].grid.caption or chain[0].grid.columns[0]
        programme = pmap.for_table(chain[0].table, caption)
        for part in chain:
            lines, programme = _read(part, mult, caption, programme, year, phase)
            out.extend(lines)
    return _dedupe(out), info


@dataclass(frozen=True)
class TableInfo:
    financial: bool  # read by this module
    unit: str | None  # the unit of the table's chain, wherever it was printed
    continuation: bool  # continues the table part before it


def _is_numbering(g: Grid, j: int) -> bool:
    """A row-number column ("Nr.", or small whole numbers and no amounts), not values."""
    last = [x for x in (g.head_col0 if j == 0 else [g.columns[j]]) if x.strip()]
    if last and _NUMBERING.match(last[-1].split()[-1] if j == 0 else last[-1]):
        return True
    cells = [r[j].strip() for r in g.rows if r[j].strip()]
    return j == 0 and bool(cells) and all(re.fullmatch(r"\d{1,3}[.)]?", c) for c in cells)


def _read(part: _Part, mult: float, caption: str, programme: str | None, year: str | None,
          phase: str) -> tuple[list[BudgetDraft], str | None]:
    g, t = part.grid, part.table
    value_cols = [j for j in range(g.width) if any(is_value(r[j]) for r in g.rows) and not _is_numbering(g, j)]
    table_years = {g.year(j) for j in value_cols if g.year(j)}
    label_cols = [j for j in range(g.width) if j not in value_cols]
    kind_col = next((j for j in label_cols if j > 0 and
                     sum(1 for r in g.rows if _kind_cell(r[j])) >= max(2, sum(1 for r in g.rows if r[j].strip()) - 1)),
                    None)
    col_kind = {j: _kind_in(g.columns[j]) for j in value_cols}
    out: list[BudgetDraft] = []
    last_label = ""
    group: tuple[str, str | None] | None = None
    for row in g.rows:
        label = " ".join(" ".join(row[j].split()) for j in label_cols if j != kind_col and row[j].strip())
        if any(_MERGED.search(c) for c in row):
            continue  # cells of several rows run together: the extraction of this row is not reliable
        if not row_has_value(row):
            named = programme_name(row[0])
            filled = [c for c in row if c.strip()]
            if named and len(filled) <= max(1, len(row) - len(value_cols)) + len(value_cols):
                programme = named
            elif len(filled) >= 2 and all(_kind_cell(row[j]) or not row[j].strip() for j in value_cols):
                col_kind = {j: _kind_cell(row[j]) or col_kind.get(j) for j in value_cols}
            elif label and _kind_cell(label):
                group = (label.rstrip(": ").capitalize(), _kind_cell(label))  # "Lasten" heads the rows below
            elif label:
                last_label = label
            continue
        if label and not (kind_col is not None and not row[0].strip()):
            last_label = label
        item = label or last_label
        if not item:
            continue
        row_kind = _kind_cell(row[kind_col]) if kind_col is not None else None
        total = bool(_TOTAL.search(item)) or row_kind == "saldo" or bool(_RESULT.search(item))
        if group is not None and not row_kind:
            row_kind = group[1] if not _kind_in(item) or not total else _kind_in(item)
            if not total:
                item = f"{group[0]}: {item}"
        groups: dict[str | None, list[int]] = {}
        for j in value_cols:
            if parse_value(row[j]) is not None:
                k = row_kind or col_kind.get(j) or _kind_in(item) or \
                    ("reserves" if _RESERVE.search(item) else "resultaat" if _RESULT.search(item) else
                     "investering" if _INVEST.search(caption + " " + g.header_text) else None)
                groups.setdefault(k, []).append(j)
        for kind, cols in groups.items():
            years_of = {j: g.year(j) for j in cols}
            distinct = {y for y in years_of.values() if y}
            phased = [j for j in cols if g.phase(j)]
            if (len(distinct) >= 2 and phased) or len(phased) >= 2 or (kind == "investering" and year in table_years):
                # budget-cycle columns (several years, or one year as begroting / na wijziging / realisatie)
                picks = [_pick(cols, g, year, phase)]
            else:
                picks = cols
            all_years = {y: round(parse_value(row[j]) * mult, 2) for j, y in years_of.items() if y}
            for j in picks:
                value = parse_value(row[j])
                out.append(BudgetDraft(
                    item=item, amount_eur=round(value * mult, 2), year=years_of[j] or year, page=t.page,
                    is_total=total or kind == "saldo", kind=kind,
                    as_printed=" ".join(row[j].split()), unit=mult, years=all_years, table=caption[:160],
                    programme=programme,
                    evidence=" ".join(" ".join(c.split()) for c in row if c.strip())))
    return out, programme


def _key_item(line: BudgetDraft) -> str:
    m = _CODE.match(line.item)
    return m.group(1) if m else " ".join(line.item.lower().split())


def _dedupe(lines: list[BudgetDraft]) -> list[BudgetDraft]:
    kept: list[BudgetDraft] = []
    for ln in lines:
        dup = False
        for k in kept:
            if k.programme != ln.programme or k.kind != ln.kind or k.year != ln.year or k.unit == ln.unit:
                continue
            same_item = (k.is_total and ln.is_total) or _key_item(k) == _key_item(ln)
            coarse = max(k.unit, ln.unit)
            if same_item and abs(k.amount_eur - ln.amount_eur) <= coarse / 2 + 0.01 and k.programme is not None:
                dup = True
                break
        if not dup:
            kept.append(ln)
    return kept
