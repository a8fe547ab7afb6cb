"""Goals and their hierarchy from the running text of a plan.

Goals are found in *goal zones*: a cue opens a zone ("De volgende strategische
doelen zijn leidend:", "vertaald in de volgende strategische hoofdopgaven:",
"zijn de doelen als volgt geconcretiseerd:", a heading "Doelen" or
"Wat willen we bereiken?"), the list items and goal-shaped sentences ("In 2022
...", "Eind 2022 ...", "Toename van ...") that follow are goals, and the zone ends
at a heading, at activities ("Bijbehorende inspanningen:", "Wat gaan we daarvoor
doen?") or at the first ordinary sentence after the items.

The cue names the level (hoofdopgave / strategisch / operationeel). When a zone
nests two kinds of markers ("I ... a) ... b)", "1. ... • ..."), the outer items
are the parents (a goal stated earlier is recognised and re-used) and the inner
items are the goals the cue announces. A goal stated in a paragraph before the list
("Meer inwoners werken." or "In 2028 willen we dat ...:" + "• ...") leads the list
the same way; a lead that only announces it ("het volgende", "als volgt") is no goal.
A goal repeated later in the document is kept once, at its first place; a shorter
repeat corrects a run-on first copy.
A goal that has children of its own level is moved one level up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nl.amounts import NUMBER
from nl.numberwords import digitise
from .segment import MARKER_RANK, Piece, clean_item, split_sentences

LEVELS = ("hoofdopgave", "strategisch", "operationeel")


def up(level: str) -> str:
    return LEVELS[max(0, LEVELS.index(level) - 1)]


def down(level: str) -> str:
    return LEVELS[min(2, LEVELS.index(level) + 1)]


GOAL_TERM = re.compile(r"\b(?:hoofdopgave|hoofddoel|doel(?:en|stelling|stellingen)?\b|ambities?\b|wat willen we bereiken|"
                       r"beoogde? (?:maatschappelijke )?effect)", re.I)
_OPERATIONAL = re.compile(r"operatione|geconcretiseerd|concretiser|meetbare|geoperationaliseerd|subdoel", re.I)
_HOOFD = re.compile(r"hoofdopgave|hoofddoel", re.I)
_STRAT = re.compile(r"strategisch", re.I)
# cue sentences about something else than the goals themselves
_NOT_CUE = re.compile(r"indicator|inspanning|activiteit|project|maatregel|risico|bijdragen aan de doel|"
                      r"bijdraagt aan|draagt bij|programmalijn|samenhang|monitor", re.I)
_STOP = re.compile(r"inspanningen|activiteiten|wat gaan we (?:daarvoor |ervoor )?doen|wat mag het kosten|"
                   r"indicatoren|maatregelen\s*:|projecten\s*:|wat doen we", re.I)
GOAL_START = re.compile(
    r"^(?:(?:In|Eind|Uiterlijk|Vóór|Voor|Medio|Begin|Per|Vanaf|Tegen|Op)\s+(?:\d{1,2}\s+\w+\s+)?20\d\d\b"
    r"|(?:Meer|Minder|Toename|Afname|Daling|Stijging|Groei|Verhoging|Verlaging|Vermindering|Reductie|Minimaal|Maximaal|"
    r"Minstens|Ten minste|Tenminste|Het aantal|Het percentage|Het aandeel)\b"
    r"|\d+(?:,\d+)?\s*%)")
# measurement lines inside a goal section ("Indicator 1: ...", "Nulmeting: 58% (2022)"): not goals, not the end
_MEASURE_LINE = re.compile(r"^(?:Indicator(?:en)?|Nulmeting|Peilwaarde|Streefwaarde|Basiswaarde|Uitgangssituatie|"
                           r"Bron|Meetinstrument|Meetmoment)\b[^:.]{0,25}:", re.I)
# a lead that only announces its list ("In 2026 willen we het volgende bereiken:") is not a goal itself
_ANNOUNCES_LIST = re.compile(r"\b(?:de|het) volgende\b|\bonderstaande\b|\bhieronder\b|\bals volgt\b", re.I)
_LEAD = "lead"  # the kind of a goal stated in a paragraph rather than as a list item
_RANK = {**MARKER_RANK, _LEAD: -1}  # a paragraph lead is outside any list
_REJECT_START = re.compile(r"^(?:\d+\.\d+|Nog te bepalen|Deze|Dit|Die|Dat|Om |Hiervoor|Hierbij|Daarbij|Daarnaast|Zie |"
                           r"Bijbehorende|Zoals|Bijvoorbeeld|Hier |Wij |We |Ook |Verder|Tevens)")


def tokens(text: str) -> list[str]:
    return re.findall(r"[0-9a-zà-ÿ]+", text.lower())


def same_goal(a: str, b: str) -> tuple[bool, bool]:
    """(same, b_is_cleaner): token F1 >= 0.85, or one is a run-on continuation of the other."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False, False
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    f1 = 2 * common / (len(ta) + len(tb))
    if f1 >= 0.85:
        return True, False
    short, long_ = (tb, ta) if len(tb) < len(ta) else (ta, tb)
    if len(short) >= 5 and long_[:len(short)] == short:
        return True, short is tb
    return False, False


@dataclass
class GoalDraft:
    key: int
    text: str
    page: int
    level: str
    parent: int | None = None
    section: str = ""
    children: list[int] = field(default_factory=list)


@dataclass
class _Item:
    text: str
    page: int
    kind: str | None


@dataclass
class _Zone:
    single: str
    outer: str
    inner: str
    heading: bool = False
    section: str = ""
    items: list[_Item] = field(default_factory=list)
    waited: int = 0


def cue_levels(text: str) -> tuple[str, str, str]:
    """(level of a one-level list, level of outer items, level of inner items) a cue announces."""
    if _OPERATIONAL.search(text):
        return "operationeel", "strategisch", "operationeel"
    last_h = max((m.start() for m in _HOOFD.finditer(text)), default=-1)
    last_s = max((m.start() for m in _STRAT.finditer(text)), default=-1)
    if last_h > last_s:
        return "hoofdopgave", "hoofdopgave", "strategisch"
    if last_s >= 0:
        return "strategisch", "hoofdopgave", "strategisch"
    return "strategisch", "strategisch", "operationeel"


def is_cue(sentence: str, followed_by_list: bool) -> bool:
    s = sentence.strip()
    if not GOAL_TERM.search(s) or _NOT_CUE.search(s) or len(tokens(s)) > 40:
        return False
    if re.search(r"wat willen we bereiken", s, re.I):
        return True
    return s.endswith(":") or followed_by_list


def is_cue_heading(text: str) -> bool:
    return bool(GOAL_TERM.search(text)) and not _NOT_CUE.search(text) and len(tokens(text)) <= 8


def looks_like_goal(sentence: str) -> bool:
    return bool(GOAL_START.match(sentence.strip()))


def rejected(sentence: str) -> bool:
    s = sentence.strip()
    n = len(tokens(s))
    return (bool(_REJECT_START.match(s)) or "indicator" in s.lower() or "nog te bepalen" in s.lower()
            or s.endswith(("?", ":")) or n < 4 or n > 70)


class GoalFinder:
    """Walks the pieces of one document and collects goal drafts."""

    def __init__(self) -> None:
        self.goals: list[GoalDraft] = []
        self.zone: _Zone | None = None
        self.section = ""

    # --- registry -------------------------------------------------------
    def _add(self, text: str, page: int, level: str, parent: int | None, section: str) -> int:
        for g in self.goals:
            same, cleaner = same_goal(g.text, text)
            if same:
                if cleaner:
                    g.text = text
                if g.parent is None and parent is not None and parent != g.key:
                    g.parent = parent
                return g.key
        g = GoalDraft(len(self.goals), text, page, level, parent, section)
        self.goals.append(g)
        return g.key

    def _close(self) -> None:
        z, self.zone = self.zone, None
        if z is None or not z.items:
            return
        # an unmarked paragraph before the list items leads them: "Meer inwoners werken." + "• Eind 2025 ..."
        kinds = {it.kind or _LEAD for it in z.items}
        inner = max(kinds, key=lambda k: _RANK[k]) if len(kinds) >= 2 else None
        outer_key = None
        for it in z.items:
            if inner is None:
                self._add(it.text, it.page, z.single, None, z.section)
            elif it.kind == inner:
                self._add(it.text, it.page, z.inner, outer_key, z.section)
            else:
                outer_key = self._add(it.text, it.page, z.outer, None, z.section)

    def _open(self, cue: str, heading: bool) -> None:
        self._close()
        single, outer, inner = cue_levels(cue)
        self.zone = _Zone(single, outer, inner, heading=heading, section=self.section)

    # --- walk -------------------------------------------------------------
    def feed(self, pcs: list[Piece]) -> None:
        for idx, piece in enumerate(pcs):
            if piece.heading:
                self.section = piece.heading_text
                if is_cue_heading(piece.heading_text):
                    self._open(piece.heading_text, heading=True)
                else:
                    self._close()
                continue
            spans = split_sentences(piece.text)
            nxt = pcs[idx + 1] if idx + 1 < len(pcs) else None
            for j, (a, b) in enumerate(spans):
                s = piece.text[a:b].strip()
                marked = j == 0 and piece.marker is not None
                followed_by_list = (j == len(spans) - 1 and nxt is not None and not nxt.heading
                                    and nxt.marker is not None)
                if not marked and is_cue(s, followed_by_list):
                    self._open(s, heading=bool(re.search(r"wat willen we bereiken", s, re.I)))
                    continue
                z = self.zone
                if z is None:
                    continue
                if not marked and _MEASURE_LINE.match(s):
                    continue
                goal_like = looks_like_goal(s)
                if not goal_like and not marked and _STOP.search(s):
                    self._close()
                    continue
                if marked or goal_like:
                    leads_list = followed_by_list and s.endswith(":")
                    if leads_list and _ANNOUNCES_LIST.search(s):
                        continue
                    text = s.rstrip(": ") if leads_list else s
                    if rejected(text):
                        if not marked:
                            self._close()
                        continue
                    kind = piece.marker if marked else (z.items[-1].kind if z.items else None)
                    z.items.append(_Item(clean_item(text), piece.page_at(a, b), kind))
                elif z.items or not z.heading or z.waited >= 6:
                    self._close()
                else:
                    z.waited += 1
        self._close()

    def finish(self) -> list[GoalDraft]:
        """Promote parents that have children of their own level; fill ``children``."""
        by_key = {g.key: g for g in self.goals}
        for _ in range(3):
            for g in self.goals:
                if g.parent is not None:
                    p = by_key[g.parent]
                    if LEVELS.index(p.level) >= LEVELS.index(g.level):
                        p.level = up(g.level)
        for g in self.goals:
            g.children = [c.key for c in self.goals if c.parent == g.key]
        return self.goals


def find_goals(pcs: list[Piece]) -> list[GoalDraft]:
    finder = GoalFinder()
    finder.feed(pcs)
    return finder.finish()


# --- fields of one goal -----------------------------------------------------

_DEADLINE = re.compile(
    r"\b(?P<pre>in|eind|uiterlijk|vóór|voor|medio|begin|per|vanaf|tegen|op|ultimo)\s+"
    r"(?P<date>(?:\d{1,2}\s+[a-z]+\s+|het jaar\s+)?(?P<y>20\d\d))\b", re.I)
_BASELINE_BEFORE = re.compile(r"(?:t\.[o0]\.v\.|ten opzichte van|vergeleken met|tov|sinds)\s+[^,;]{0,20}$", re.I)


def deadline_of(text: str) -> str | None:
    """The deadline in the goal's own wording ('In 2022' -> '2022', 'Eind 2022' -> 'Eind 2022')."""
    for m in _DEADLINE.finditer(text):
        if _BASELINE_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
            continue
        pre = m.group("pre").lower()
        date = m.group("date")
        if pre in ("eind", "medio", "begin", "uiterlijk", "vóór", "voor", "ultimo"):
            return f"{pre.capitalize()} {date}"
        return date
    return None


_QUANTITY = re.compile(
    rf"(?:(?P<q>maximaal|minimaal|minstens|ten\s?minste|tenminste|ruim|circa|ongeveer|met|een)\s+)?"
    rf"(?P<n>(?<![\w.,/])(?:\d+/\d+|{NUMBER}))(?![\w.,/]*\d)"
    rf"(?:\s*(?P<u>%|(?:procent|m2|m3|km|ha|hectare|euro|fte|keer)\b))?"
    rf"(?:\s+(?P<w>[a-zà-ÿ’'][\w’'\-]*))?", re.I)
_NOT_QUANTITY_AFTER = re.compile(r"^\s*(?:-|–)?\s*(?:jarig|jarige|jarigen|jaar|tot\s+\d|t/m\s+\d|\+|-\s*tot)", re.I)


def quantities(text: str) -> list[dict]:
    """Numbers that state a quantity: not years, ages, baselines ('t.o.v. 218 in 2017') or list numbers.

    Numbers written in words count too and are given in digits ('alle vijf' -> '5', 'een derde van' -> '1/3');
    ``span`` is an offset in that digitised text.
    """
    text = digitise(text)
    out = []
    for m in _QUANTITY.finditer(text):
        n = m.group("n")
        after = text[m.end("n"):m.end("n") + 12]
        if re.fullmatch(r"(?:19|20)\d\d", n) or _NOT_QUANTITY_AFTER.match(after):
            continue
        if re.search(r"\d\s*(?:-|–)?\s*(?:tot|t/m)\s*$", text[max(0, m.start("n") - 8):m.start("n")]):
            continue  # upper end of an age range: "0- tot 23-jarige"
        if _BASELINE_BEFORE.search(text[max(0, m.start("n") - 25):m.start("n")]) and \
                re.search(r"t\.[o0]\.v\.|ten opzichte van|vergeleken met", text[max(0, m.start("n") - 25):m.start("n")], re.I):
            continue
        out.append({"q": (m.group("q") or "").lower(), "n": n, "u": m.group("u") or "", "w": m.group("w") or "",
                    "span": (m.start("n"), m.end())})
    return out


def target_of(text: str) -> str | None:
    """The quantified target as written, number words in digits: '6.000 m2', '20%', 'maximaal 176 unieke',
    'tenminste 12 initiatieven', '5 gemeentelijke' ('alle vijf gemeentelijke ...'), '1/3' ('een derde van ...')."""
    qs = quantities(text)
    if not qs:
        return None
    q = qs[0]
    parts = [q["q"]] if q["q"] and q["q"] not in ("een",) else []
    parts.append(q["n"] + (q["u"] if q["u"] == "%" else (" " + q["u"] if q["u"] else "")))
    if not q["u"] and q["w"] and q["w"].lower() not in ("in", "van", "als", "t.o.v", "en", "de"):
        parts.append(q["w"])
    return " ".join(parts)
