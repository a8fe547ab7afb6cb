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

from beleid.types import Block, Table

from nl.amounts import find_amounts, has_unit, parse_number, unit_multiplier

from . import bbv
from .programmes import ProgrammeMap
from .drafts import BudgetDraft
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


def is_total(label: str) -> bool:
    return bool(_TOTAL.search(label))


def _is_money_table(t: Table) -> bool:
    header = " ".join(t.header)
    return bool(has_unit(t.unit) or has_unit(header) or _MONEY.search(header))


def _header_is_data(t: Table) -> bool:
    cells = [c for c in t.header[1:] if c.strip()]
    return bool(t.header and t.header[0].strip() and cells and all(parse_number(c) is not None for c in cells)
                and not any(_YEAR.fullmatch(c.strip()) for c in cells))


def from_tables(tables: list[Table], info: dict | None = None) -> list[BudgetDraft]:
    """Money tables that are not budget-cycle tables (see :mod:`register.bbv`). ``info`` gives
    per table the unit of its chain (printed above, below or with another part) and whether
    it continues the table before it."""
    out: list[BudgetDraft] = []
    info = info or {}
    prev: tuple[Table, list[str | None], float] | None = None
    for t in map(normalise, tables):
        rows = list(t.rows)
        ti = info.get((t.page, t.index))
        chain_unit = ti.unit if ti is not None else None
        continues = ti is not None and ti.continuation
        if (_is_money_table(t) or has_unit(chain_unit)) and not _header_is_data(t) and not continues:
            years = [(_YEAR.search(h).group(0) if _YEAR.search(h) else None) for h in t.header]
            mult = unit_multiplier(t.unit) if has_unit(t.unit) else (
                unit_multiplier(" ".join(t.header)) if has_unit(" ".join(t.header)) else unit_multiplier(chain_unit))
        elif prev is not None and (_header_is_data(t) or continues) and len(t.header) == len(prev[0].header) \
                and t.page in (prev[0].page, prev[0].page + 1):
            years, mult = prev[1], prev[2]
            if has_unit(chain_unit) and mult == 1.0:
                mult = unit_multiplier(chain_unit)
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
                                       evidence=" | ".join(c for c in row if c), as_printed=cell.strip(),
                                       unit=mult, table=" ".join(" ".join(h.split()) for h in t.header)[:160]))
    return out


def from_text_tables(text: str, page: int, money_known: bool = False) -> tuple[list[BudgetDraft], list[tuple[int, int]]]:
    """Money tables flattened into a paragraph; returns budgets and the spans they cover."""
    out, spans = [], []
    runs = list(_YEAR_RUN.finditer(text))
    for k, run in enumerate(runs):
        years = _YEAR.findall(run.group(1))
        region_end = runs[k + 1].start() if k + 1 < len(runs) else len(text)
        before = text[max(0, run.start() - 200):run.start()]
        if not money_known and not _MONEY.search(before + text[run.end():min(region_end, run.end() + 400)]):
            continue
        rows, label, last_end = [], [], run.end()
        toks = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text[run.end():region_end])]
        i = 0
        while i < len(toks):
            tok = toks[i][0]
            if tok in ("|", "[", "]"):
                i += 1
                continue
            if label and (label[-1] in ("*", "x", "X", "×") or label[-1].lower() == "bedragen"):
                label = []
                break  # the unit line under the table ("Bedragen * 1.000 euro") ends it
            if _AMOUNT_TOKEN.match(tok.strip("|")) and label:
                amounts, row_end = [], last_end
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
                if len(amounts) == 1 and len(years) >= 2 and i < len(toks) and toks[i][0][:1].islower():
                    label.append(amounts[0])  # a number inside the label: "Pilot 2 uur gratis parkeren"
                    last_end = row_end
                    continue
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
                out.append(BudgetDraft(lab, round(value * mult, 2), year, page, is_total(lab), unit=mult,
                                       unit_stated=has_unit(before[-120:]) or has_unit(after), run=k,
                                       evidence=f"{lab} {' '.join(amounts)}"))
    return out, spans


# a table printed with one row per year: "2017 2,5% € 58.000 2018 10,0% € 232.000 2019 30,0% €696.000"
_YEAR_ROW = re.compile(r"(?P<y>(?:19|20)\d\d)\s+(?:(?P<x>-?\d+(?:,\d+)?\s?%)\s+)?"
                       r"(?P<a>€\s?-?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?:\s?,-)?|-?\d{1,3}(?:\.\d{3})+(?:,\d+)?\s?(?:euro|€))")


def from_year_rows(text: str, page: int) -> tuple[list[BudgetDraft], list[tuple[int, int]]]:
    """At least three consecutive 'year [share] amount' rows; the clause before them names the item."""
    out, spans = [], []
    ms = list(_YEAR_ROW.finditer(text))
    runs: list[list[re.Match]] = []
    for m in ms:
        if runs and not text[runs[-1][-1].end():m.start()].strip():
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        if len(run) < 3:
            continue
        head = text[max(0, run[0].start() - 160):run[0].start()]
        head = re.split(r"(?<=[.!?])\s+", head)[-1].strip(" :")
        head = re.sub(r"\s*\(.*?\)\s*", " ", head).strip()
        item = head or "bedrag per jaar"
        spans.append((run[0].start(), run[-1].end()))
        for m in run:
            amt = find_amounts(m.group("a"))
            value = amt[0].eur if amt else None
            if value is None:
                continue
            label = f"{item} ({m.group('x')})" if m.group("x") else item
            out.append(BudgetDraft(label, value, m.group("y"), page, False, evidence=" ".join(m.group(0).split())))
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


_RATE = re.compile(r"^\s*(?:,-\s*)?(?:per|/)\s*(?:inwoner|woning|huishouden|uur|m2|m²|m3|stuk|deelnemer|leerling|"
                   r"persoon|kind|aansluiting|vierkante)", re.I)


def from_sentences(text: str, page: int, covered: list[tuple[int, int]], finance_section: bool = False) -> list[BudgetDraft]:
    """Amounts in sentences with a budget word; under a finance heading ("Financiën", "Benodigde
    middelen", "Kosten") every amount except a rate ("€ 35 per inwoner")."""
    out = []
    for a, b in split_sentences(text):
        if any(s < b and a < e for s, e in covered):
            continue
        s = text[a:b]
        if not (_BUDGET_WORD.search(s) or finance_section):
            continue
        for amt in find_amounts(s):
            pre = s[max(0, amt.start - 3):amt.start]
            if re.search(r"[x*×]\s*$", pre):  # a unit: "Bedragen * 1.000 euro"
                continue
            if _RATE.match(s[amt.end:amt.end + 25]):
                continue
            period = _PERIOD.search(s)
            year = period.group(1) if period else (_PERIOD_WORDS.search(s).group(0) if _PERIOD_WORDS.search(s) else None)
            out.append(BudgetDraft(_item_for(s), amt.eur, year, page, bool(_IN_TOTAL.search(s)),
                                   evidence=" ".join(s.split())))
    return out


# A sentence that explains a difference between two budgets or years ("€ 163.000 lagere lasten
# in 2021 ten opzichte van 2020", "voordeel van € 71.000 t.o.v. begroting 2020") states no budget.
_VARIANCE = re.compile(r"\b(?:hoger|lager|hogere|lagere|meer|minder)\b[^.;]{0,40}\b(?:lasten|baten|begroot|geraamd|"
                       r"uitgaven|inkomsten|opbrengsten|kosten)\b|\b(?:voordeel|nadeel|verschil|afwijking|toename|"
                       r"afname|stijging|daling|verhoging|verlaging)\s+(?:van\s+)?(?:€|\d)|t\.o\.v\.|ten opzichte van|"
                       r"\bper saldo\b", re.I)


# in a budget with budget-cycle tables, text under these headings explains the tables
_EXPLAINS = re.compile(r"toelichting|mutatie|reserve|verschil|analyse|afwijking", re.I)
_FINANCE_HEAD = re.compile(r"financi|middelen|budget|\bkosten\b|begroting|dekking", re.I)
# a block that opens with a table row: a short label, then amounts ("Totaal 450 600 600 600")
_ROW_START = re.compile(r"^\s*[A-ZÀ-Ý][^\d.:;]{1,60}?\s-?\d{1,3}(?:\.\d{3})*(?:,\d+)?\s+-?\d")


def is_variance(sentence: str) -> bool:
    return bool(_VARIANCE.search(sentence))


def find_budgets(tables: list[Table], blocks: list[Block], programme: str | None = None) -> list[BudgetDraft]:
    """Budget lines of one document.

    Budget-cycle tables (BBV) are read by :mod:`register.bbv`; other money tables, tables
    flattened into text and budget sentences as before. Sentences that explain a difference
    ("... € 77.000 hoger begroot dan in 2020") are never budget lines. In a document with
    budget-cycle tables (BBV) the text under a "Toelichting"/mutation/reserve heading explains
    those tables and gives no budget lines of its own."""
    pmap = ProgrammeMap.from_blocks(blocks, programme)
    year, phase = bbv.document_year(blocks)
    lines, info = bbv.from_tables(tables, blocks, pmap, year, phase)
    out = list(lines)
    rest = [t for t in tables if not (info.get((t.page, t.index)) and info[(t.page, t.index)].financial)]
    for d in from_tables(rest, info):
        d.programme = pmap.at(d.page)
        out.append(d)
    bbv_doc = any(ln.kind in ("baten", "lasten", "saldo") for ln in lines)
    blocks = [b for b in blocks if b.kind != "table"]
    text_out: list[BudgetDraft] = []
    open_years: tuple[list[str], int] | None = None
    # a table flattened into text may run over several blocks; its unit line can be a block of
    # its own just before or after it: chains of (first block, last block, drafts)
    chains: list[list] = []
    for k, b in enumerate(blocks):
        if b is None:
            continue
        text = " ".join(b.text.split())
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if bbv_doc and b.section and _EXPLAINS.search(b.section[-1]):
            continue
        if b.kind == "heading":
            # a flattened table whose header line was read as a heading: header + the rows below it
            if nxt is not None and nxt.page == b.page and nxt.kind != "heading" and \
                    len(_YEAR.findall(text)) >= 2 and _MONEY.search(text):
                rows, _ = from_text_tables(text + " " + " ".join(nxt.text.split()), b.page)
                for d in rows:
                    d.programme = pmap.at(b.page, b.bbox[1])
                text_out.extend(rows)
                blocks[k + 1] = None  # type: ignore[index]
            continue
        prefix = ""
        if open_years is not None and b.page in (open_years[1], open_years[1] + 1) and _ROW_START.match(text):
            prefix = " ".join(open_years[0]) + " "  # the rest of a table flattened into the block before
        rows, covered = from_text_tables(prefix + text, b.page, money_known=bool(prefix))
        covered = [(max(0, x - len(prefix)), y - len(prefix)) for x, y in covered]
        if rows and prefix and chains and chains[-1][1] == k - 1:
            chains[-1][1] = k
            carried = [d for d in rows if d.run == 0]  # the rows under the carried-over years
            stated = next((d for d in chains[-1][2] if d.unit_stated), None)
            for d in carried:
                if stated is not None and not d.unit_stated:  # the unit of the table these rows continue
                    d.amount_eur, d.unit, d.unit_stated = round(d.amount_eur * stated.unit, 2), stated.unit, True
            chains[-1][2].extend(carried)
        elif rows:
            last_run = max(d.run for d in rows)
            chains.append([k, k, [d for d in rows if d.run == last_run]])  # only the block's last table can go on
        open_years = None
        rest = text[covered[-1][1]:] if covered else ""
        if covered and len(rest.strip()) < 80 and not re.search(r"[.!?](?:\s|$)", rest):
            # the table runs to the end of the block (at most the words of a wrapped row label follow)
            run = list(_YEAR_RUN.finditer(prefix + text))
            open_years = (_YEAR.findall(run[-1].group(1)), b.page) if run else None
        year_rows, spans = from_year_rows(text, b.page)
        covered += spans
        finance = any(_FINANCE_HEAD.search(h) for h in b.section)
        sentences = [d for d in from_sentences(text, b.page, covered, finance) if not is_variance(d.evidence)]
        for d in rows + year_rows + sentences:
            d.programme = pmap.at(b.page, b.bbox[1])
        text_out.extend(rows + year_rows + sentences)
    for first, last, drafts in chains:
        if any(d.unit_stated for d in drafts):
            continue
        for j in (last + 1, first - 1):
            nb = blocks[j] if 0 <= j < len(blocks) else None
            if nb is not None and len(nb.text) < 80 and has_unit(nb.text) and abs(nb.page - blocks[first].page) <= 1:
                mult = unit_multiplier(nb.text)
                for d in drafts:
                    d.amount_eur, d.unit, d.unit_stated = round(d.amount_eur * mult, 2), mult, True
                break
    return out + text_out
