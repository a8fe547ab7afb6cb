"""Budgets: money tables, money tables flattened into running text, and budget sentences.

* tables whose header or unit names money ("bedragen x € 1.000", "Innovatiebudget 2019");
  a table continued on the next page (no header of its own) inherits the columns
  and unit of the table before it;
* tables flattened into text: "Verdeling middelen 2019 2020 2021 2022 Organisatie en
  communicatie 30.000 20.000 20.000 | 10.000 ... Totaal 200.000 ...", unit found
  just before or after ("Bedragen *1.000 euro");
* sentences with an amount and a budget word: "voor de komende vier jaar elk jaar
  €200.000,- beschikbaar gesteld", "een bedrag van 1,75 miljoen euro per jaar".

Units are applied; rows named "Totaal", "Subtotaal", "Saldo" are marked as totals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from beleid.types import Block, Table

from nl.amounts import find_amounts, has_unit, parse_number, unit_multiplier
from .segment import split_sentences
from .tables import normalise

_YEAR = re.compile(r"(?:19|20)\d\d")
_MONEY = re.compile(r"€|euro|bedragen|budget|middelen|kosten|lasten|baten|begroting|krediet", re.I)
_TOTAL = re.compile(r"^\s*(?:sub)?tota(?:al|le)\b|^\s*saldo\b|^\s*totaal\b", re.I)
_BUDGET_WORD = re.compile(r"beschikbaar|begroting|budget|\bbedrag|financi|geraamd|gereserveerd|krediet|dekking|"
                          r"\bkost(?:en|te)?\b|toegekend|uitgetrokken|\breserver|\btrekken\b.{0,30}\buit\b|investe", re.I)
# a row without amounts that heads the rows below it ("Lasten", "Baten") in a money table
_GROUP = re.compile(r"^\s*(?:lasten|baten|uitgaven|inkomsten|toevoegingen|onttrekkingen)(?:\s*:)?\s*$", re.I)
_IN_TOTAL = re.compile(r"\bin\s+totaal\b|\btotaal(?:bedrag|budget)\b", re.I)
_AMOUNT_TOKEN = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$")
_YEAR_RUN = re.compile(r"(?:(?<=\s)|^)((?:(?:19|20)\d\d[‘'’]?\s+){1,}(?:19|20)\d\d[‘'’]?)(?=\s|$)")


@dataclass
class BudgetDraft:
    item: str
    amount_eur: float
    year: str | None
    page: int
    is_total: bool = False
    evidence: str = ""


def is_total(label: str) -> bool:
    return bool(_TOTAL.search(label))


def _is_money_table(t: Table) -> bool:
    header = " ".join(t.header)
    return bool(has_unit(t.unit) or has_unit(header) or _MONEY.search(header))


def _header_is_data(t: Table) -> bool:
    cells = [c for c in t.header[1:] if c.strip()]
    return bool(t.header and t.header[0].strip() and cells and all(parse_number(c) is not None for c in cells)
                and not any(_YEAR.fullmatch(c.strip()) for c in cells))


def from_tables(tables: list[Table]) -> list[BudgetDraft]:
    out: list[BudgetDraft] = []
    prev: tuple[Table, list[str | None], float] | None = None
    for t in map(normalise, tables):
        rows = list(t.rows)
        if _is_money_table(t) and not _header_is_data(t):
            years = [(_YEAR.search(h).group(0) if _YEAR.search(h) else None) for h in t.header]
            mult = unit_multiplier(t.unit) if has_unit(t.unit) else unit_multiplier(" ".join(t.header))
        elif prev is not None and _header_is_data(t) and len(t.header) == len(prev[0].header) \
                and t.page in (prev[0].page, prev[0].page + 1):
            years, mult = prev[1], prev[2]
            rows = [tuple(t.header)] + rows
        else:
            continue
        prev = (t, years, mult)
        group = ""
        for row in rows:
            label = " ".join(row[0].split()) if row else ""
            if not label or parse_number(label) is not None:
                continue
            if _GROUP.match(label) and not any(parse_number(c) is not None for c in row[1:] if c.strip()):
                group = label.rstrip(": ").capitalize()
                continue
            total = is_total(label)
            if group and not total and not _GROUP.match(label):
                label = f"{group}: {label}"
            for i, cell in enumerate(row[1:], start=1):
                value = parse_number(cell) if cell.strip() else None
                if value is None:
                    continue
                year = years[i] if i < len(years) else None
                out.append(BudgetDraft(label, round(value * mult, 2), year, t.page, total,
                                       evidence=" | ".join(c for c in row if c)))
    return out


def from_text_tables(text: str, page: int) -> tuple[list[BudgetDraft], list[tuple[int, int]]]:
    """Money tables flattened into a paragraph; returns budgets and the spans they cover."""
    out, spans = [], []
    runs = list(_YEAR_RUN.finditer(text))
    for k, run in enumerate(runs):
        years = _YEAR.findall(run.group(1))
        region_end = runs[k + 1].start() if k + 1 < len(runs) else len(text)
        before = text[max(0, run.start() - 200):run.start()]
        if not _MONEY.search(before + text[run.end():min(region_end, run.end() + 400)]):
            continue
        rows, label, last_end = [], [], run.end()
        toks = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text[run.end():region_end])]
        i = 0
        while i < len(toks):
            tok = toks[i][0]
            if tok in ("|", "[", "]"):
                i += 1
                continue
            if _AMOUNT_TOKEN.match(tok.strip("|")) and label:
                amounts = []
                while i < len(toks) and len(amounts) < len(years):
                    t2 = toks[i][0].strip("|")
                    if not t2:
                        i += 1
                        continue
                    if not _AMOUNT_TOKEN.match(t2):
                        break
                    amounts.append(t2)
                    last_end = run.end() + toks[i][2]
                    i += 1
                rows.append((" ".join(label), amounts))
                label = []
                continue
            if label == [] and rows and tok[:1].islower():
                # continuation of the previous row's label ("... 100.000 onderzoek, besparen en ...")
                j = i
                cont = []
                while j < len(toks) and toks[j][0][:1].islower() or (j < len(toks) and toks[j][0][:1] in ",("):
                    cont.append(toks[j][0])
                    j += 1
                if cont:
                    rows[-1] = (rows[-1][0] + " " + " ".join(cont), rows[-1][1])
                    i = j
                    continue
            label.append(tok)
            if len(label) > 14:
                break
            i += 1
        if not rows:
            continue
        after = text[last_end:last_end + 120]
        mult = unit_multiplier(before[-120:]) if has_unit(before[-120:]) else unit_multiplier(after)
        spans.append((run.start(), last_end))
        for lab, amounts in rows:
            for j, a in enumerate(amounts):
                value = parse_number(a)
                if value is None:
                    continue
                year = years[j] if len(amounts) == len(years) else None
                out.append(BudgetDraft(lab, round(value * mult, 2), year, page, is_total(lab),
                                       evidence=f"{lab} {' '.join(amounts)}"))
    return out, spans


_ITEM = re.compile(r"\bvoor\s+(?:de\s+|het\s+|een\s+)?(?P<item>(?!\d)[^,.;€]{4,90}?)"
                   r"(?=\s+(?:een bedrag|beschikbaar|ingezet|gereserveerd|geraamd|toegekend|bedraagt|is|zijn|wordt|worden|"
                   r"reserveren|trekken|investeren|stellen|hebben)\b|[,.;]|$)", re.I)
# the subject of "X kost € 40.000": "Het zwemvangnet voor kinderen zonder diploma kost € 40.000 per jaar"
_SUBJECT = re.compile(r"^(?:De|Het|Een)\s+(?P<item>[^,.;€]{3,90}?)\s+(?:kost|kosten|kostte|bedraagt|vraagt)\b", re.I)
_PERIOD = re.compile(r"\b(?:in|voor|vanaf|over)\s+(?:de\s+periode\s+|de\s+jaren\s+)?"
                     r"((?:19|20)\d\d(?:\s*(?:en|-|–|t/m|tot)\s*(?:19|20)\d\d)?)", re.I)
_PERIOD_WORDS = re.compile(r"(?:komende\s+\w+\s+jaar[^,.]*?)?(?:elk|ieder|per)\s+jaar|structureel|eenmalig|jaarlijks", re.I)


def _item_for(sentence: str) -> str:
    m = _SUBJECT.match(sentence.strip())
    if m:
        return m.group("item").strip()
    for m in _ITEM.finditer(sentence):
        item = m.group("item").strip()
        if not _PERIOD.fullmatch("voor " + item) and not re.fullmatch(r"(?:19|20)\d\d.*|de komende.*|\w+ jaar", item):
            return item
    return " ".join(sentence.split())[:120]


def from_sentences(text: str, page: int, covered: list[tuple[int, int]]) -> list[BudgetDraft]:
    out = []
    for a, b in split_sentences(text):
        if any(s < b and a < e for s, e in covered):
            continue
        s = text[a:b]
        if not _BUDGET_WORD.search(s):
            continue
        for amt in find_amounts(s):
            pre = s[max(0, amt.start - 3):amt.start]
            if re.search(r"[x*×]\s*$", pre):  # a unit: "Bedragen * 1.000 euro"
                continue
            period = _PERIOD.search(s)
            year = period.group(1) if period else (_PERIOD_WORDS.search(s).group(0) if _PERIOD_WORDS.search(s) else None)
            out.append(BudgetDraft(_item_for(s), amt.eur, year, page, bool(_IN_TOTAL.search(s)),
                                   evidence=" ".join(s.split())))
    return out


def find_budgets(tables: list[Table], blocks: list[Block]) -> list[BudgetDraft]:
    out = from_tables(tables)
    blocks = [b for b in blocks if b.kind != "table"]
    for k, b in enumerate(blocks):
        if b is None:
            continue
        text = " ".join(b.text.split())
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if b.kind == "heading":
            # a flattened table whose header line was read as a heading: header + the rows below it
            if nxt is not None and nxt.page == b.page and nxt.kind != "heading" and \
                    len(_YEAR.findall(text)) >= 2 and _MONEY.search(text):
                rows, _ = from_text_tables(text + " " + " ".join(nxt.text.split()), b.page)
                out.extend(rows)
                blocks[k + 1] = None  # type: ignore[index]
            continue
        if b is None:
            continue
        rows, covered = from_text_tables(text, b.page)
        out.extend(rows)
        out.extend(from_sentences(text, b.page, covered))
    return out
