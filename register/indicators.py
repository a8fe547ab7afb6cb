"""Indicators: from indicator tables and from "Indicator 2: ..." sentences.

A table is an indicator table when its header names an indicator column or a
baseline ("Peilwaarde", "Nulmeting", "Basiswaarde", "Uitgangssituatie"), or a
target ("Streefwaarde"), and it is not a money table. Cells are kept as written:
"0 (2018)" gives baseline "0" and baseline year "2018"; "n.t.b." stays "n.t.b.".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from beleid.types import Table

from nl.amounts import has_unit, parse_number
from nl.patterns import alternatives, one_of, pick
from nl.targets import BASELINE_VALUES

from .grid import fold, merge_wrapped, parse_value
from .programmes import ProgrammeMap
from .tables import normalise

_NAME_COL = re.compile(r"indicator|omschrijving|kengetal|prestatie|effect|maatstaf|meetbaar", re.I)
_BASE_COL = re.compile(alternatives(pick(BASELINE_VALUES, "peilwaarde", "nulmeting", "basiswaarde"))
                       + r"|uitgangs(?:situatie|waarde)|startwaarde|beginwaarde|"
                       r"referentie|huidige waarde|realisatie|^\s*(?:actuele\s+)?waarde\b", re.I)
# a column with the year of the baseline ("Peiljaar", "Meetjaar") when values and years stand apart
_BASE_YEAR_COL = re.compile(r"^\s*(?:peiljaar|meetjaar|basisjaar|jaar|jaartal|peildatum)\s*$", re.I)
_TARGET_COL = re.compile(r"streef|doel(?:waarde|stelling)?|norm|ambitie|target", re.I)
_SOURCE_COL = re.compile(r"^bron|bron\b|meetinstrument|databron", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONEY_HEADER = re.compile(r"€|euro|bedragen|lasten|baten|budget|kosten", re.I)


@dataclass
class IndicatorDraft:
    name: str
    page: int
    baseline: str | None
    baseline_year: str | None
    targets: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    evidence: str = ""
    programme: str | None = None
    unit: str | None = None
    previous: str | None = None
    previous_year: str | None = None
    benchmark: str | None = None
    target_text: str | None = None

    @property
    def baseline_value(self) -> float | None:
        return parse_value(self.baseline) if self.baseline else None

    @property
    def target_values(self) -> dict[str, float | None]:
        return {y: parse_value(v) for y, v in self.targets.items()}


def is_indicator_table(t: Table) -> bool:
    header = " ".join(t.header)
    if has_unit(header) or has_unit(t.unit) or _MONEY_HEADER.search(header):
        return False
    return bool(re.search(r"indicator|peilwaarde|nulmeting|streefwaarde|basiswaarde|kengetal", header, re.I))


def split_value_year(cell: str) -> tuple[str | None, str | None]:
    """'0 (2018)' -> ('0', '2018'); '61' -> ('61', None); '' -> (None, None)."""
    c = " ".join(cell.split())
    if not c:
        return None, None
    m = re.match(r"^(?P<v>.*?)\s*\(\s*(?P<y>(?:19|20)\d\d)\s*\)\s*$", c)
    if m and m.group("v"):
        return m.group("v").strip(), m.group("y")
    m = re.match(r"^(?P<v>[^\s]+)\s+(?:in\s+)?(?P<y>(?:19|20)\d\d)$", c)
    if m and parse_number(m.group("v")) is not None:
        return m.group("v"), m.group("y")
    return c, None


_NR_COL = re.compile(r"^\s*(?:nr\.?|nummer|#)\s*$", re.I)
_UNIT_COL = re.compile(r"^\s*(?:eenheid|maateenheid|meeteenheid|unit)\b", re.I)
_PREV_COL = re.compile(r"voorgaand|vorig|eerder", re.I)
_BENCH_COL = re.compile(r"landelijk|vergelijk|nederland|gemiddeld|regio|referentie|benchmark", re.I)
_LATEST = re.compile(r"laatst|meest recent|actueel|huidig", re.I)


@dataclass
class Columns:
    """The role of each column of an indicator table (see :func:`roles`)."""

    name: int
    baseline: int | None = None
    base_year: int | None = None
    source: int | None = None
    unit: int | None = None
    previous: int | None = None
    benchmark: int | None = None
    targets: dict[int, str] = field(default_factory=dict)


def roles(header: list[str]) -> Columns:
    """Column roles from the folded header (BBV beleidsindicatoren and contract tables alike):

    * name: the column naming the indicator ("Beleidsindicator", "Indicator", "Omschrijving"),
      not a number column ("Nr.");
    * baseline: "Peilwaarde"/"Nulmeting"/"Basiswaarde"/"Uitgangssituatie", otherwise the latest
      realisation ("Laatst bekende realisatie"), never the one before it ("Voorgaande laatst
      bekende realisatie") nor a national comparison ("Landelijk vergelijkingscijfer");
    * targets: "Streefwaarde 2022", "2021" and other year columns; unit ("Eenheid"); source ("Bron").
    """
    n = len(header)
    name = next((i for i, h in enumerate(header) if re.search(r"indicator", h, re.I) and not _NR_COL.match(h)),
                next((i for i, h in enumerate(header) if _NAME_COL.search(h) and not _NR_COL.match(h)),
                     1 if n > 1 and _NR_COL.match(header[0]) else 0))
    c = Columns(name)
    c.source = next((i for i, h in enumerate(header) if _SOURCE_COL.search(h) and i != name), None)
    c.unit = next((i for i, h in enumerate(header) if _UNIT_COL.match(h) and i != name), None)
    c.base_year = next((i for i, h in enumerate(header) if _BASE_YEAR_COL.match(h)), None)
    taken = {name, c.source, c.unit, c.base_year}
    explicit = [i for i, h in enumerate(header) if i not in taken and re.search(
        r"peilwaarde|nulmeting|basiswaarde|uitgangs(?:situatie|waarde)|startwaarde|beginwaarde", h, re.I)]
    c.previous = next((i for i, h in enumerate(header) if i not in taken and _PREV_COL.search(h)), None)
    c.benchmark = next((i for i, h in enumerate(header) if i not in taken and i != c.previous and _BENCH_COL.search(h)
                        and not explicit[:1] == [i]), None)
    taken |= {c.previous, c.benchmark}
    if explicit:
        c.baseline = explicit[0]
    else:
        real = [i for i, h in enumerate(header) if i not in taken and _BASE_COL.search(h)
                and not _TARGET_COL.search(h)]
        c.baseline = next((i for i in real if _LATEST.search(header[i])), real[-1] if real else None)
        others = [i for i in real if i != c.baseline]
        if c.previous is None and others:
            c.previous = others[-1]  # an earlier realisation ("Realisatie 2018" next to "Realisatie 2019")
        taken |= set(real)  # realisations are never targets
    taken.add(c.baseline)
    for i, h in enumerate(header):
        if i in taken:
            continue
        y = _YEAR.search(h)
        if y:
            c.targets[i] = y.group(0)
        elif _TARGET_COL.search(h):
            c.targets[i] = h.strip()
    return c


def _continued_columns(prev: list[str], prev_roles: Columns, width: int) -> list[str] | None:
    """The columns of an indicator table continued on the next page without its header.
    Same width: the same columns. Narrower (two text columns printed as one): the leading
    columns up to the name, one merged middle column, and the value columns on the right."""
    if width == len(prev):
        return list(prev)
    right = len(prev) - max(i for i in (prev_roles.name, prev_roles.source, prev_roles.unit, 0) if i is not None) - 1
    left = width - right - 1
    if right < 1 or left < prev_roles.name + 1 or width > len(prev):
        return None
    return prev[:left] + [" ".join(prev[left:len(prev) - right])] + prev[len(prev) - right:]


def from_table(t: Table, columns: list[str] | None = None, programme: str | None = None) -> list[IndicatorDraft]:
    g = fold(t, columns)
    header = g.columns
    c = roles(header)
    out = []
    for cells in merge_wrapped(g.rows):
        name = " ".join(cells[c.name].split())
        if not name or parse_number(name) is not None:
            continue
        baseline, byear = split_value_year(cells[c.baseline]) if c.baseline is not None else (None, None)
        if not byear and c.base_year is not None and _YEAR.fullmatch(cells[c.base_year].strip()):
            byear = cells[c.base_year].strip()
        if not byear and c.baseline is not None and _YEAR.search(header[c.baseline]):
            byear = _YEAR.search(header[c.baseline]).group(0)
        targets = {y: " ".join(cells[i].split()) for i, y in c.targets.items() if cells[i].strip()}
        source = " ".join(cells[c.source].split()) if c.source is not None and cells[c.source].strip() else None
        if baseline is None and not targets:
            continue
        previous, pyear = split_value_year(cells[c.previous]) if c.previous is not None else (None, None)
        bench = " ".join(cells[c.benchmark].split()) if c.benchmark is not None and cells[c.benchmark].strip() else None
        unit = " ".join(cells[c.unit].split()) if c.unit is not None and cells[c.unit].strip() else None
        out.append(IndicatorDraft(name, t.page, baseline, byear, targets, source,
                                  evidence=" | ".join(x for x in cells if x), programme=programme, unit=unit,
                                  previous=previous, previous_year=pyear, benchmark=bench))
    return out


# "Indicator 2:", also as OCR misreads it ("Jndicatur 3:", "indicstor 4:"): one letter off in
# the places OCR confuses (I/J/l, a/s/u, o/u)
_LABEL = r"\b[IiJjl1][nm]d[il1]c[a-z]{1,2}t[oua]r"
_TEXT_IND = re.compile(_LABEL + r"(?:\s+\d+[a-z]?)?\s*:\s*(?P<name>(?:[^.;|]|\.(?=\d))+)", re.I)
# "Afname van het aantal misdrijven ten opzichte van 2017 (4.546)": the baseline in the name
_BASE_IN_NAME = re.compile(r"(?:ten opzichte van|t\.o\.v\.|vergeleken met|sinds)\s+(?P<y>(?:19|20)\d\d)\s*"
                           r"\(\s*(?P<v>-?[\d.,]+\s*%?)\s*\)", re.I)
_YEAR_AXIS = re.compile(r"(?:(?:19|20)?\d\d\s+)?(?:(?:19|20)\d\d\s+){2,}")
_TEXT_BASE = re.compile(one_of(BASELINE_VALUES) + r"\s*(?:\(?(?:in\s+)?(?P<y1>(?:19|20)\d\d)\)?)?\s*[:=]?\s*(?:is\s+|was\s+|van\s+)?(?P<v>[\d.,]+\s*%?)(?:\s*\(?(?:in\s+)?(?P<y2>(?:19|20)\d\d)\)?)?", re.I)
_TEXT_TARGET = re.compile(r"streefwaarde\s*(?:in\s+|voor\s+)?(?P<y1>(?:19|20)\d\d)?\s*[:=]?\s*(?:is\s+)?(?P<v>[\d.,]+\s*%?)(?:\s*\(?(?:in\s+)?(?P<y2>(?:19|20)\d\d)\)?)?", re.I)


def _clean_value(v: str) -> str:
    """'5.' (the sentence's full stop) -> '5'; '1.250' stays."""
    v = v.strip()
    return re.sub(r"[.,]$", "", v).strip()


def from_text(text: str, page: int) -> list[IndicatorDraft]:
    """'Indicator 2: Percentage inwoners met werk. Nulmeting: 61% (2017). Streefwaarde 2025: 65%.'"""
    out = []
    for m in _TEXT_IND.finditer(text):
        name = m.group("name").strip()
        window = text[m.end():m.end() + 300]
        nxt = _TEXT_IND.search(window)
        if nxt:
            window = window[:nxt.start()]
        b = _TEXT_BASE.search(window)
        baseline = _clean_value(b.group("v")) if b else None
        byear = (b.group("y1") or b.group("y2")) if b else None
        targets = {}
        for t in _TEXT_TARGET.finditer(window):
            year = t.group("y1") or t.group("y2") or "streefwaarde"
            targets[year] = _clean_value(t.group("v"))
        if baseline is None:
            bn = _BASE_IN_NAME.search(name)
            if bn:
                baseline, byear = _clean_value(bn.group("v")), bn.group("y")
        out.append(IndicatorDraft(name, page, baseline, byear, targets, None, evidence=text[m.start():m.end() + 200]))
    return out


def from_charts(text: str, page: int) -> list[IndicatorDraft]:
    """Indicator charts read by OCR under an "Indicatoren" heading: per chart a title, the year
    axis, then the indicator's name ("Bewoners voelen zich veiliger 2017 2018 ... 2022
    Percentage Almeloërs dat zich altijd veilig voelt in zijn of haar buurt | ..."). Charts are
    separated by "|" or by the next year axis; a chart whose name carries an "Indicator N:"
    label is left to :func:`from_text`."""
    out = []
    for seg in re.split(r"\s\|\s|\s\[\s", text):
        axes = list(_YEAR_AXIS.finditer(seg))
        if not axes:
            continue
        name = seg[axes[-1].end():].strip(" .|[]\\")
        if re.match(_LABEL, name, re.I) or len(name.split()) < 4 or not name[:1].isupper():
            continue
        out.append(IndicatorDraft(name, page, None, None, {}, None, evidence=" ".join(seg.split())[:300]))
    return out


def find_indicators(tables: list[Table], blocks_text: list[tuple],
                    pmap: ProgrammeMap | None = None) -> list[IndicatorDraft]:
    out: list[IndicatorDraft] = []
    prev: tuple[Table, list[str], Columns] | None = None
    for raw in sorted(tables, key=lambda t: (t.page, t.index)):
        t = normalise(raw)
        programme = pmap.for_table(raw) if pmap is not None else None
        if is_indicator_table(t):
            g = fold(t)
            prev = (t, g.columns, roles(g.columns))
            out.extend(from_table(t, programme=programme))
            continue
        if prev is not None and raw.page in (prev[0].page, prev[0].page + 1) and \
                any(parse_value(c) is not None for c in raw.header[1:]):
            cols = _continued_columns(prev[1], prev[2], max(len(raw.header), *(len(r) for r in raw.rows)) if raw.rows
                                      else len(raw.header))
            if cols is not None:
                out.extend(from_table(raw, cols, programme))
                prev = (raw, cols, roles(cols))
                continue
        prev = None
    charts: dict[tuple, list[str]] = {}  # text under an "Indicatoren" heading, per page and section, in order
    for page, text, *section in blocks_text:
        found = from_text(text, page)
        if section and any(re.search(r"indicator", h, re.I) for h in section[0]):
            charts.setdefault((page, tuple(section[0])), []).append(text)
        for d in found:
            d.programme = pmap.at(page) if pmap is not None else None
            out.append(d)
    for (page, _), texts in charts.items():
        # a chart's title, axis and name may come as separate blocks: read them together
        for d in from_charts(" ".join(" ".join(t.split()) for t in texts), page):
            d.programme = pmap.at(page) if pmap is not None else None
            out.append(d)
    seen, unique = set(), []
    for ind in out:
        key = (ind.name.lower(), ind.baseline, tuple(sorted(ind.targets.items())))
        if key not in seen:
            seen.add(key)
            unique.append(ind)
    return unique
