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
from .tables import normalise

_NAME_COL = re.compile(r"indicator|omschrijving|kengetal|prestatie|effect|maatstaf|meetbaar", re.I)
_BASE_COL = re.compile(r"peilwaarde|nulmeting|basiswaarde|uitgangs(?:situatie|waarde)|startwaarde|beginwaarde|"
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


def from_table(t: Table) -> list[IndicatorDraft]:
    header = list(t.header)
    n = len(header)
    name_col = next((i for i, h in enumerate(header) if _NAME_COL.search(h)), 0)
    base_col = next((i for i, h in enumerate(header) if _BASE_COL.search(h)), None)
    src_col = next((i for i, h in enumerate(header) if _SOURCE_COL.search(h)), None)
    year_col = next((i for i, h in enumerate(header) if _BASE_YEAR_COL.match(h)), None)
    target_cols: dict[int, str] = {}
    for i, h in enumerate(header):
        if i in (name_col, base_col, src_col, year_col):
            continue
        y = _YEAR.search(h)
        if y:
            target_cols[i] = y.group(0)
        elif _TARGET_COL.search(h):
            target_cols[i] = h.strip()
    base_header_year = _YEAR.search(header[base_col]).group(0) if base_col is not None and _YEAR.search(header[base_col]) else None
    out = []
    for row in t.rows:
        cells = list(row) + [""] * (n - len(row))
        name = " ".join(cells[name_col].split())
        if not name or parse_number(name) is not None:
            continue
        baseline, byear = split_value_year(cells[base_col]) if base_col is not None else (None, None)
        if not byear and year_col is not None and _YEAR.fullmatch(cells[year_col].strip()):
            byear = cells[year_col].strip()
        byear = byear or base_header_year
        targets = {y: " ".join(cells[i].split()) for i, y in target_cols.items() if cells[i].strip()}
        source = " ".join(cells[src_col].split()) if src_col is not None and cells[src_col].strip() else None
        if baseline is None and not targets:
            continue
        out.append(IndicatorDraft(name, t.page, baseline, byear, targets, source,
                                  evidence=" | ".join(c for c in cells if c)))
    return out


_TEXT_IND = re.compile(r"\bIndicator(?:\s+\d+[a-z]?)?\s*:\s*(?P<name>[^.;]+)", re.I)
_TEXT_BASE = re.compile(r"(?:peilwaarde|nulmeting|basiswaarde|uitgangssituatie|startwaarde)\s*(?:\(?(?:in\s+)?(?P<y1>(?:19|20)\d\d)\)?)?\s*[:=]?\s*(?:is\s+|was\s+|van\s+)?(?P<v>[\d.,]+\s*%?)(?:\s*\(?(?:in\s+)?(?P<y2>(?:19|20)\d\d)\)?)?", re.I)
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
        out.append(IndicatorDraft(name, page, baseline, byear, targets, None, evidence=text[m.start():m.end() + 200]))
    return out


def find_indicators(tables: list[Table], blocks_text: list[tuple[int, str]]) -> list[IndicatorDraft]:
    out: list[IndicatorDraft] = []
    for t in map(normalise, tables):
        if is_indicator_table(t):
            out.extend(from_table(t))
    for page, text in blocks_text:
        out.extend(from_text(text, page))
    seen, unique = set(), []
    for ind in out:
        key = (ind.name.lower(), ind.baseline, tuple(sorted(ind.targets.items())))
        if key not in seen:
            seen.add(key)
            unique.append(ind)
    return unique
