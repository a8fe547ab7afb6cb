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
from nl.analysis import lemmas, stem, stopwords, words
from nl.numberwords import CARDINALS, digitise
from nl.patterns import alternatives, capitalised, one_of, pick, upto
from nl.sentences import LINE_CONTINUES
from nl.targets import (BASELINE, BASELINE_VALUES, BOUNDS, DEADLINE_BOUNDS, DEADLINE_PREPOSITIONS, DIRECTION,
                        TARGET_VALUE)
from nl.verbs import COMMIT, MODAL
from .segment import ABBREVIATIONS, MARKER_RANK, Piece, clean_item, split_sentences

LEVELS = ("hoofdopgave", "strategisch", "operationeel")


def up(level: str) -> str:
    return LEVELS[max(0, LEVELS.index(level) - 1)]


def down(level: str) -> str:
    return LEVELS[min(2, LEVELS.index(level) + 1)]


GOAL_TERM = re.compile(r"\b(?:hoofdopgave|hoofddoel|[a-zà-ÿ]*doel(?:en|stelling|stellingen)?\b|ambities?\b|wat willen we bereiken|"
                       r"beoogde? (?:maatschappelijke )?effect)", re.I)
_OPERATIONAL = re.compile(r"operatione|geconcretiseerd|concretiser|meetbare|geoperationaliseerd|subdoel|resultaten", re.I)
# a heading over a list of results ("Belangrijkste resultaten 2021", "Beoogde resultaten")
_RESULT_HEADING = re.compile(r"\bresultaten\b", re.I)
_HOOFD = re.compile(r"hoofdopgave|hoofddoel", re.I)
_STRAT = re.compile(r"strategisch", re.I)
# cue sentences about something else than the goals themselves
_NOT_CUE = re.compile(r"indicator|inspanning|activiteit|project|maatregel|risico|communicatie|bijdragen aan de doel|"
                      r"bijdraagt aan|draagt bij|programmalijn|samenhang|monitor", re.I)
_STOP = re.compile(r"inspanningen|activiteiten|wat gaan we (?:daarvoor |ervoor )?doen|wat mag het kosten|"
                   r"indicatoren|maatregelen\s*:|projecten\s*:|wat doen we", re.I)
# a goal opens with its deadline ("In 2022 ...", "Uiterlijk 1 juli 2025 ...": every deadline word but "ultimo"), with
# its direction or bound ("Toename van ...", "Minimaal ...") or with what it counts ("Het aantal ...", "20% ...")
_OPENING_DEADLINE = pick(DEADLINE_PREPOSITIONS, "in", "eind", "uiterlijk", "vóór", "voor", "medio", "begin", "per",
                         "vanaf", "tegen", "op")
GOAL_START = re.compile(
    r"^(?:" + one_of(capitalised(_OPENING_DEADLINE)) + r"\s+(?:\d{1,2}\s+\w+\s+)?20\d\d\b"
    r"|(?:Meer|Minder|" + alternatives(capitalised(DIRECTION)) + r"|Groei|Verhoging|Verlaging|Vermindering|Reductie|"
    + alternatives(capitalised(pick(BOUNDS, "minimaal", "maximaal"))) + r"|Minstens|"
    + alternatives(capitalised(pick(BOUNDS, "ten minste", "tenminste"))) + r"|Het aantal|Het percentage|Het aandeel)\b"
    r"|\d+(?:,\d+)?\s*%)")
# measurement lines inside a goal section ("Indicator 1: ...", "Nulmeting: 58% (2022)"): not goals, not the end
_MEASURE_WORDS = (pick(BASELINE_VALUES, "nulmeting", "peilwaarde") + (TARGET_VALUE,)
                  + pick(BASELINE_VALUES, "basiswaarde", "uitgangssituatie"))
_MEASURE_LINE = re.compile(r"^(?:Indicator(?:en)?|" + alternatives(capitalised(_MEASURE_WORDS))
                           + r"|Bron|Meetinstrument|Meetmoment)\b[^:.]{0,25}:", re.I)
# a lead that only announces its list ("In 2026 willen we het volgende bereiken:") is not a goal itself
_ANNOUNCES_LIST = re.compile(r"\b(?:de|het) volgende\b|\bonderstaande\b|\bhieronder\b|\bals volgt\b|"
                             r"\b(?:\d{1,2}|" + alternatives(upto(CARDINALS, "tien")) + r")\s+[\w’'-]+\s*:\s*$", re.I)
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
        # siblings differ in one content word ("het evenementenaanbod" / "het cultuuraanbod"); a repeat differs at
        # most in OCR noise or small words
        only_a, only_b = set(ta) - set(tb), set(tb) - set(ta)
        if any(len(w) >= 5 for w in only_a) and any(len(w) >= 5 for w in only_b):
            return False, False
        return True, False
    short, long_ = (tb, ta) if len(tb) < len(ta) else (ta, tb)
    if len(short) >= 5 and long_[:len(short)] == short:
        return True, short is tb
    return False, False


def _content(text: str) -> frozenset[str]:
    """The content words of a statement as stems of their lemmas ("vastgesteld" and "vastgestelde" are one word),
    and its numbers."""
    lem, stop = lemmas(), stopwords()
    return frozenset(w if w.isdigit() else stem(lem.get(w, w)) for w in words(text)
                     if w not in stop and (w.isdigit() or (w.isalpha() and len(w) > 2)))


def restates(child: str, parent: str) -> bool:
    """Whether a goal listed under another goal only says that goal again, in other words: both name the same
    numbers and years (at least one), every content word of the shorter statement is in the longer one, and there
    are at least three such words. The statement "Uiterlijk medio 2025 heeft de raad het plan vastgesteld." and the
    result under it "Een door de raad vastgesteld plan uiterlijk medio 2025." are one goal (the longer may carry
    words more, such as a neighbouring column's words in a flattened table). A result that adds or changes a number
    or a year, that leaves out a content word of the shorter one, or that names no number or year at all
    ("Een schone buitenruimte in alle wijken." under "Een schone buitenruimte.": a narrower goal, or the same one,
    which words alone do not tell) is a goal of its own."""
    a, b = _content(child), _content(parent)
    numbers = {w for w in a if w.isdigit()}
    if not numbers or numbers != {w for w in b if w.isdigit()}:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short - numbers) >= 3 and short <= long_


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
    lists: bool = False  # a heading that announces a list ("Wat willen we bereiken?", "Belangrijkste resultaten")
    column: str = ""  # the column of that heading on a page in two columns
    waited: int = 0
    label: bool = False  # opened by a label on its own line ("Ambitie gemeenteraad:"): a paragraph may state the goal
    foreign: bool = False  # the goals it announces are held by another actor (the law, the Rijk): context, no goals


# --- goals held by another actor than the plan's own organisation ----------------------------------------------
#
# A municipal plan quotes the goals of a law, of the Rijk or of the province as the context it works in ("Het motto
# van de wet is ... Dit motto is vertaald in twee maatschappelijke doelen:", "De Omgevingswet heeft twee doelen:",
# "Het doel van de Jeugdwet is ...", "De provincie streeft naar ..."). Those are not goals of the plan. A goal
# statement is attributed to another actor when it names the actor as the holder of the goal: the goal (motto,
# ambition, intent) "van" the actor, the actor as the subject that has, sets or pursues it, or as the agent of a
# passive ("... door het Rijk geformuleerd"). The plan's own organisation (gemeente, college, raad, programma) is
# never such an actor; the goals a plan derives for itself from the law's ("Om deze doelen te halen zijn vier
# verbeterdoelen geformuleerd") name no other holder and stay goals.
_OTHER_ACTOR = (r"(?:(?:de|het|deze|die|dit)\s+(?:nieuwe\s+|huidige\s+)?(?:[\w-]*wet|wetgever|wetgeving|rijk|"
                r"rijksoverheid|kabinet|regering|minister|ministerie|staatssecretaris|provincie|europese\s+unie|eu|wmo)|"
                r"[A-Z][\w-]*wet|(?:het\s+)?Rijk|Europa|EU)\b")
_HELD_BY_OTHER = re.compile(
    # "het motto van de wet", "de doelen van het Rijk", "de maatschappelijke doelen uit de Omgevingswet"
    r"\b(?:\w*doel\w*|ambitie\w*|motto|bedoeling|beoogde\s+\w+|opgave\w*|streven)\s+(?:van|uit)\s+" + _OTHER_ACTOR +
    # "De Omgevingswet heeft twee doelen", "Het Rijk streeft naar", "De wetgever beoogt"
    r"|^(?:(?:In|Met|Volgens)\s+" + _OTHER_ACTOR + r"\s*,?\s+)?" + _OTHER_ACTOR +
    r"\s+(?:heeft|hebben|kent|kennen|stelt|stellen|beoogt|beogen|streeft|streven|wil|willen|formuleert|noemt|"
    r"legt|richt|is\s+gericht|zijn\s+gericht)\b"
    # "... zijn door het Rijk geformuleerd", "de door de wetgever gestelde doelen"
    r"|\bdoor\s+" + _OTHER_ACTOR + r"(?:\s+\w+){0,3}\s+(?:ge\w+[dt]|vastgesteld|opgesteld|bepaald|benoemd)\b",
    re.I)
# the plan's own organisation as the actor: "Om de doelen van de wet te halen, stelt de gemeente ... doelen"
_OWN_ACTOR = re.compile(r"\b(?:we|wij|ons|onze|gemeente|college|gemeenteraad|dit programma|het programma)\b", re.I)
# a purpose clause names the other actor's goals as what the plan's own goals serve: "Om deze doelen te halen ..."
_PURPOSE = re.compile(r"^Om\b.*?\bte\s+\w+\s*,?", re.I)
# a sentence that refers back to the one before it ("Dit motto is vertaald in ...", "Deze doelen zijn:")
_REFERS_BACK = re.compile(r"^(?:Dit|Deze|Die|Dat|Daarin|Hierin|Daarmee|Hiermee|Hieruit|Daaruit)\b", re.I)


def held_by_other(sentence: str, before: str = "") -> bool:
    """Whether a goal statement or goal cue attributes its goals to another actor than the plan's own organisation
    (see above); ``before``: the sentence before it, read when this one refers back to it ("Dit motto ...")."""
    s = " ".join(sentence.split())
    if not GOAL_TERM.search(s) and not re.search(r"\b(?:motto|bedoeling|streeft|streven|beoogt)\b", s, re.I):
        return False
    if _OWN_ACTOR.search(s):
        return False
    if _HELD_BY_OTHER.search(_PURPOSE.sub("", s)):
        return True
    b = " ".join(before.split())
    return bool(b and _REFERS_BACK.match(s) and not _OWN_ACTOR.search(b) and _HELD_BY_OTHER.search(_PURPOSE.sub("", b)))


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


_TRAILING_MARKER = re.compile(r"\s+(?:\d{1,2}|[a-h])[.)]$")


def is_cue(sentence: str, followed_by_list: bool) -> bool:
    s = _TRAILING_MARKER.sub("", sentence.strip())  # "... zijn: 1." (the first list marker ran into the cue)
    if not GOAL_TERM.search(s) or _NOT_CUE.search(s) or len(tokens(s)) > 40:
        return False
    if re.search(r"wat willen we bereiken", s, re.I):
        return True
    return s.endswith(":") or followed_by_list


def is_cue_heading(text: str) -> bool:
    return (bool(GOAL_TERM.search(text)) or bool(_RESULT_HEADING.search(text))) and not _NOT_CUE.search(text) \
        and len(tokens(text)) <= 8


def _bare_marker(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:\d{1,2}|[a-hA-H]|[IVX]{1,4})[.)]\s*", text))


def looks_like_goal(sentence: str) -> bool:
    return bool(GOAL_START.match(sentence.strip()))


def rejected(sentence: str, min_tokens: int = 4) -> bool:
    s = sentence.strip()
    n = len(tokens(s))
    return (bool(_REJECT_START.match(s)) or "indicator" in s.lower() or "nog te bepalen" in s.lower()
            or s.endswith(("?", ":")) or n < min_tokens or n > 70)


# Goals stated in prose, outside any list: (pattern, level). The goal of the programme itself is the top level,
# "het doel is" in a section is strategic, the purpose of one measure or pilot is operational.
PROSE_GOALS = [
    (re.compile(r"^(?:Het|Ons) (?:\w+ )?doel van (?:dit|het) programma\b[^.]{0,40}\bis\b|^De bedoeling (?:van (?:dit|het) "
                r"programma )?is (?:om|dat)\b|\bstreeft (?:dit|het) programma\b[^.]{0,30}\bnaar\b|"
                r"^Het (?:ultieme|uiteindelijke|centrale|overkoepelende) doel\b", re.I), "hoofdopgave"),
    (re.compile(r"^(?:Het|Ons) doel is\b|^Doel(?:stelling)? is\b|^Gestreefd wordt naar\b", re.I),
     "strategisch"),
    (re.compile(r"^Het doel van (?:deze|dit|de) (?!programma)\w+\b[^.]{0,40}\bis\b|\bmet (?:als )?het doel\b", re.I),
     "operationeel"),
]


def prose_goal_level(sentence: str) -> str | None:
    """The level of a goal stated in a prose sentence ("Het doel is ...", "Het ultieme doel van dit programma is
    ..."), or None when the sentence states no goal."""
    s = sentence.strip()
    if s.endswith(("?", ":")) or not 6 <= len(tokens(s)) <= 60:
        return None
    for rx, level in PROSE_GOALS:
        if rx.search(s):
            return level
    return None


def rejected_lightly(sentence: str) -> bool:
    """For a paragraph under a goal heading: only questions, list leads and what is too short or long."""
    s = sentence.strip()
    return s.endswith(("?", ":")) or not 2 <= len(tokens(s)) <= 70 or "indicator" in s.lower()


# a prose sentence under a heading like these explains; it is not a goal statement of the document
_EXPLAINING = re.compile(r"toelichting|ontwikkeling|inleiding|aanleiding|achtergrond|risico", re.I)
# the explanation that a budget prints after each list of results
_EXPLANATION = re.compile(r"^\s*(?:toelichting|belangrijkste ontwikkelingen|ontwikkelingen)\b", re.I)
SHORT_PARAGRAPH = 60
# "Indicator 2:" (also as OCR reads it: "Jndicatur 3:", "indicstor 4:")
_INDICATOR_LINE = re.compile(r"^[IJ]nd[il1][cs]\w{2,5}\s*\d{0,2}\s*:", re.I)
_INLINE_INDICATOR = re.compile(r"(?<=\s)(?=[IJ]nd[il1][cs]\w{2,5}\s*\d{1,2}\s*:)", re.I)
# the year axis of a chart: "2018 2019 2020 2021" (OCR may cut the first year to "17")
_YEAR_RUN = re.compile(r"(?:\s+\d{1,2})?(?:\s+(?:19|20)\d\d){2,}\s*$")
# OCR noise before a chart label: rules, brackets, stray single letters ("| \\ y, Meer ...")
_NOISE = re.compile(r"^(?:[|\[\]\\/.,:;'\"‘’\s]+|[a-z](?=[\s,.;:]))+")


def effect_before_indicator(text: str, next_text: str) -> str | None:
    """A short goal-shaped line right before the indicator that measures it ("Minder misdrijven" +
    "Indicator 2: Afname van het aantal misdrijven ..."): the effect the indicator measures is a goal. Chart
    year axes and OCR noise around the line are dropped."""
    if not _INDICATOR_LINE.match(next_text.strip()):
        return None
    t = _YEAR_RUN.sub("", _NOISE.sub("", text.strip())).strip()
    if not looks_like_goal(t) or not 2 <= len(tokens(t)) <= 10 or t.endswith(("?", ":")):
        return None
    return t  # tokens: a paragraph this short under a goal heading is one goal per sentence


_CHART_TITLE = re.compile(r"(?P<title>[^|)\]:;]{3,120}?)(?:\s+\d{1,2})?(?:\s+(?:19|20)\d\d){3,}\s*$")


def chart_title(text: str) -> str | None:
    """The title of a chart as OCR reads it on an indicator page: the words right before the chart's year axis
    ("... (zie hieronder) 10 Bewoners voelen zich veiliger 2017 2018 2019 2020"). On a page of indicators the
    title of a chart names the effect its indicator measures."""
    m = _CHART_TITLE.search(text.strip())
    if not m:
        return None
    t = re.sub(r"^\d{1,3}\s+", "", _NOISE.sub("", m.group("title").strip())).strip()
    if not t[:1].isupper() or not 2 <= len(tokens(t)) <= 10 or _INDICATOR_LINE.match(t) or re.search(r"\d", t):
        return None
    return t


def inline_effects(text: str) -> list[str]:
    """Effect lines inside one OCR'd paragraph of a chart page, each right before the indicator label that
    measures it ("... sanctie | Meer buurtpreventie-initiatieven 2018 2019 indicstor 4: Aantal ..."): OCR runs
    a chart's label, its year axis and the next indicator's label together, so the paragraph is cut before
    each inline indicator label and at the rules ("|") OCR reads between charts."""
    parts = _INLINE_INDICATOR.split(text)
    out = []
    for before, after in zip(parts, parts[1:]):
        e = effect_before_indicator(before.split("|")[-1], after)
        if e:
            out.append(e)
    return out


# --- goals stated in a paragraph under a label ("Ambitie gemeenteraad:", "Doel:") -------------------------------

# who commits to what: "Almelo zorgt ervoor dat ...", "Wij willen ...", "De gemeente gaat ..."
COMMITS = re.compile(r"^(?!(?:Dit|Dat|Deze|Die|Het|Er|Hier|Daar|Zo|Ook|Dan|Toch|Wel)\b)(?:Wij|We|Ik|"
                      r"(?:De|Het|Ons|Onze) (?:gemeente|college|raad|programma|organisatie)|Dit programma|"
                      r"[A-ZÀ-Ý][\w/’'-]+)\s+" + one_of(COMMIT) + r"\b")
# an act stated in the passive present or future: "Per situatie wordt een ... strategie ontwikkeld"
PASSIVE_ACT = re.compile(r"\b(?:wordt|worden)\b(?:\s+\S+){0,14}?\s+(?:ge|be|ver|ont|her|er)\w+[dt]\b|"
                          r"\b\w+eerd\b(?:\s+\S+){0,3}?\s+(?:wordt|worden)\b")
# an event that takes place: "Er vindt een integrale herijking ... plaats"
TAKES_PLACE = re.compile(r"\bvind(?:t|en)\b.{3,160}\bplaats\b")
# a deadline: "Uiterlijk medio 2020 heeft de gemeenteraad ... vastgesteld", "Eind 2021 is ..."
DEADLINE_WORD = re.compile(r"\b" + one_of(DEADLINE_BOUNDS) + r"\s+(?:[a-z]+\s+)?20\d\d\b", re.I)
# a sentence that only states what could, should or must happen is no commitment
MODAL = re.compile(r"\b" + one_of(MODAL) + r"\b", re.I)
# a sentence that restates the goal before it: "Minder, maar vooral een ander type regels, is daarbij het doel."
_RESTATES = re.compile(r"\b(?:daarbij|hierbij|daarmee|hiermee|daarin)\b", re.I)


def states_goal(sentence: str) -> bool:
    """A sentence that commits to an outcome: dated or quantified ("Uiterlijk medio 2020 heeft ..."), a goal
    cue ("Gestreefd wordt naar ..."), an actor that wills or sees to something ("Almelo zorgt ervoor dat ..."),
    an act in the passive ("... wordt ... ontwikkeld") or an event that takes place ("Er vindt ... plaats").
    Questions, list leads and what could, should or must happen are no goal statements."""
    s = sentence.strip()
    if s.endswith(("?", ":")) or not 5 <= len(tokens(s)) <= 60:
        return False
    if looks_like_goal(s) or prose_goal_level(s) or DEADLINE_WORD.search(s):
        return True
    if MODAL.search(s):
        return False
    return bool(COMMITS.match(s) or PASSIVE_ACT.search(s) or TAKES_PLACE.search(s))


def statement_goals(text: str) -> list[tuple[int, int]]:
    """The goal sentences (spans) of a paragraph that a label announces ("Ambitie gemeenteraad:" + paragraph):
    the dated or quantified goal statements if there are any (they state the goal most concretely), otherwise the
    first sentence that states a goal; a next sentence that restates it ("... is daarbij het doel") is joined."""
    spans = split_sentences(text)
    ok = [k for k, (a, b) in enumerate(spans) if states_goal(text[a:b])]
    if not ok:
        return []
    dated = [k for k in ok if deadline_of(text[spans[k][0]:spans[k][1]]) is not None]
    out = []
    for k in dated or ok[:1]:
        a, b = spans[k]
        if k + 1 < len(spans):
            nxt = text[spans[k + 1][0]:spans[k + 1][1]]
            if GOAL_TERM.search(nxt) and _RESTATES.search(nxt) and len(tokens(nxt)) <= 25:
                b = spans[k + 1][1]
        out.append((a, b))
    return out


# a goal announced inside its own sentence: "... komen we tot de volgende ambitie: Almelo wil ..."
_RUN_IN_CUE = re.compile(r"^(?P<cue>.*?\b(?:ambities?|doel(?:en|stelling|stellingen)?|hoofddoel|hoofdopgave))\s*:\s+"
                         r"(?P<goal>[A-ZÀ-Ý].*)$", re.I)


def run_in_goal(sentence: str) -> tuple[str, int] | None:
    """(goal, its offset) where a sentence announces a goal and states it after a colon."""
    m = _RUN_IN_CUE.match(sentence.strip())
    if not m or not is_cue(m.group("cue") + ":", False) or not states_goal(m.group("goal")):
        return None
    return m.group("goal"), sentence.index(m.group("goal"))


# --- cells of a table printed as text in two columns ------------------------------------------------------------

# a cell of the second column: after a column rule ("Activiteit | Resultaat") or a second-level list mark "o"
# (the bullet glyph of a nested Word list as text extraction returns it)
_CELL_SEP = re.compile(r"\s\|\s+|(?<=\s)o\s+(?=[A-ZÀ-Ý0-9])")
# Dutch words a line can end on but a cell cannot ("... management en" / "medewerkers ...")
_RUNS_ON = LINE_CONTINUES


def _sentence_end(text: str) -> int | None:
    """The end of the first sentence of ``text`` as :func:`split_sentences` reads sentences: a full stop followed by
    a capital, a digit or the end of the text, abbreviations skipped. A full stop followed by a lower-case word ends
    no Dutch sentence ("o.a. de", or words of the other column run in: "... (rood). medewerkers zijn ..."). None: the
    text has no sentence end (yet)."""
    spans = split_sentences(text)
    if not spans:
        return None
    end = spans[0][1]
    return end if len(spans) > 1 or text[:end].endswith((".", "!", "?")) else None


def _cut_off(text: str) -> str:
    """A cell that the next cell's mark, a heading or the end of the table cut off before a sentence end: up to its
    last full stop (the lower-case words after it belong to the other column), or all of it when it has none."""
    for m in reversed(list(re.finditer(r"\.(?=\s)", text))):
        word = text[:m.start()].rsplit(None, 1)[-1].lstrip("(‘'\"").lower() if text[:m.start()].split() else ""
        if word not in ABBREVIATIONS and not (len(word) == 1 and word.isalpha()):
            return text[:m.end()]
    return text


def flattened_cells(pcs: list[Piece]) -> tuple[dict[int, list[tuple[str, int, int]]], set[int]]:
    """Second-column cells of rows of a two-column table that extraction flattened into list items
    ("• Ontwikkelen participatieproces (groen) | Participatieproces Omgevingsvisie."), by the index of the piece
    where each cell ends: (text, page, index of the piece where it starts). The words of the two columns
    interleave in such text. A cell is read from its mark to the end of its first sentence (a full stop followed
    by a lower-case word ends none); it runs on into the next row when it breaks off on a function word ("Bestuur,
    management en" ... "medewerkers zijn bijgeschoold."); a cell that the next cell's mark cuts off before a
    sentence end ends at its last full stop ("Eén toegang gerealiseerd. nodig zijn voor het werken" + next mark)."""
    out: dict[int, list[tuple[str, int, int]]] = {}
    rows: set[int] = set()  # the pieces that are rows of such a table
    open_cell: tuple[str, int, int] | None = None

    def cut(cell: tuple[str, int, int], idx: int) -> None:
        out.setdefault(idx, []).append((_cut_off(cell[0]).strip(), cell[1], cell[2]))

    def close(text: str, page: int, start: int, idx: int) -> tuple[str, int, int] | None:
        end = _sentence_end(text)
        if end is not None:
            out.setdefault(idx, []).append((text[:end].strip(), page, start))
            return None
        words = text.split()
        if words and words[-1].lower() in _RUNS_ON:
            return text, page, start
        cut((text, page, start), idx)
        return None

    for idx, p in enumerate(pcs):
        if p.heading or p.marker not in ("bullet", None) or (p.marker is None and open_cell is None):
            if open_cell is not None:
                cut(open_cell, idx - 1)
            open_cell = None
            continue
        parts = _CELL_SEP.split(p.text)
        if open_cell is not None:  # the first column's words of this row continue the open cell
            open_cell = close(open_cell[0] + " " + parts[0], open_cell[1], open_cell[2], idx)
        elif len(parts) < 2:
            continue
        rows.add(idx)
        for cell in parts[1:]:
            if open_cell is not None:
                cut(open_cell, idx)
            open_cell = close(cell, p.page_at(0, len(p.text)), idx, idx) if cell.strip() else None
    if open_cell is not None:
        cut(open_cell, len(pcs) - 1)
    return {k: [c for c in v if c[0][:1].isupper() or c[0][:1].isdigit()] for k, v in out.items()}, rows


class GoalFinder:
    """Walks the pieces of one document and collects goal drafts."""

    def __init__(self) -> None:
        self.goals: list[GoalDraft] = []
        self.zone: _Zone | None = None
        self.section = ""
        self._prev_heading: Piece | None = None
        self.explaining = False  # under a heading like "Toelichting" (until a numbered, question or goal heading)
        self.statement: int | None = None  # the last goal stated in a paragraph under a label: parent of table cells

    # --- registry -------------------------------------------------------
    def _add(self, text: str, page: int, level: str, parent: int | None, section: str, reuse: bool = True,
             cell: bool = False) -> int:
        """A new goal draft, or the key of the same goal stated before (a parent restated above its children;
        an item of a list repeated in another section is a goal of its own there unless ``reuse``). A flattened
        table ``cell`` that only restates the goal stated above its table is that goal (:func:`restates`). Only
        cells: word sets cannot tell a restatement that picked up a neighbouring column's words from an item that
        adds a commitment of its own ("... vastgesteld en alle speeltuinen vernieuwd"), and in a list the second
        is the common case."""
        if cell and parent is not None and restates(text, self.goals[parent].text):
            return parent
        for g in self.goals:
            if not reuse and g.section != section:
                continue
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
        if z is None or not z.items or z.foreign:
            return  # a foreign zone's items are the goals of another actor, quoted as context
        # an unmarked paragraph before the list items leads them: "Meer inwoners werken." + "• Eind 2025 ..."
        kinds = {it.kind or _LEAD for it in z.items}
        inner = max(kinds, key=lambda k: _RANK[k]) if len(kinds) >= 2 else None
        outer_key = None
        for it in z.items:
            if inner is None:
                self._add(it.text, it.page, z.single, None, z.section, reuse=False)
            elif it.kind == inner:
                self._add(it.text, it.page, z.inner, outer_key, z.section, reuse=False)
            else:
                outer_key = self._add(it.text, it.page, z.outer, None, z.section)

    def _open(self, cue: str, heading: bool, column: str = "", label: bool = False, foreign: bool = False) -> None:
        self._close()
        single, outer, inner = cue_levels(cue)
        lists = heading and bool(re.search(r"\?\s*$", cue) or _RESULT_HEADING.search(cue))
        self.zone = _Zone(single, outer, inner, heading=heading, section=self.section, lists=lists, column=column,
                          label=label, foreign=foreign)

    # --- walk -------------------------------------------------------------
    def feed(self, pcs: list[Piece]) -> None:
        cells, rows = flattened_cells(pcs)
        for idx, piece in enumerate(pcs):
            if idx in rows or idx in cells:
                self._close()
                for text, page, _ in cells.get(idx, []):
                    if not rejected_lightly(text):
                        self._add(clean_item(text), page, "operationeel", self.statement, self.section, reuse=False,
                                  cell=True)
                continue
            if piece.heading:
                self.section = piece.heading_text
                if _EXPLANATION.search(piece.heading_text):
                    self.explaining = True
                elif is_cue_heading(piece.heading_text) or re.match(r"^\d", piece.heading_text) or \
                        piece.heading_text.rstrip().endswith("?"):
                    self.explaining = False
                # a column heading stands beside the heading of the other column ("Belangrijkste ontwikkelingen" |
                # "Belangrijkste resultaten"); a heading over the full width has no column of its own
                prev = self._prev_heading
                beside = prev is not None and prev.pages[0][1] == piece.pages[0][1] and \
                    {prev.column, piece.column} == {"L", "R"}
                self._prev_heading = piece
                if is_cue_heading(piece.heading_text):
                    self._open(piece.heading_text, heading=True, column=piece.column if beside else "",
                               foreign=held_by_other(piece.heading_text))
                else:
                    self._close()
                continue
            if _bare_marker(piece.text):
                continue  # a list marker set on its own line
            nxt0 = pcs[idx + 1] if idx + 1 < len(pcs) else None
            effect = None if self.zone is not None or piece.marker is not None else \
                effect_before_indicator(piece.text, nxt0.text if nxt0 is not None and not nxt0.heading else "")
            if effect:
                self._add(effect, piece.page_at(0, len(piece.text)), "operationeel", None, self.section, reuse=False)
                continue
            if self.zone is None and piece.marker is None:
                found = inline_effects(piece.text)
                title = chart_title(piece.text) if re.search(r"indicator", self.section, re.I) else None
                for e in found + ([title] if title else []):
                    self._add(e, piece.page_at(0, len(piece.text)), "operationeel", None, self.section, reuse=False)
            z0 = self.zone
            if z0 is not None and z0.label and not z0.items and piece.marker is None and not self.explaining \
                    and not looks_like_goal(piece.text):
                # the paragraph under a goal label states the goal
                found = [] if z0.foreign else statement_goals(piece.text)
                self._close()
                for a, b in found:
                    self.statement = self._add(clean_item(piece.text[a:b]), piece.page_at(a, b), z0.single, None,
                                               z0.section)
                if found:
                    continue
            if self.zone is not None and self.zone.column and piece.column != self.zone.column:
                continue  # the other column of a page in two columns runs beside the list; the next heading ends it
            spans = split_sentences(piece.text)
            z0 = self.zone
            # under a goal or result heading, each short paragraph of the heading's column is one goal
            whole = (z0 is not None and z0.lists and piece.marker is None and 1 <= len(spans) <= 3
                     and len(tokens(piece.text)) <= SHORT_PARAGRAPH
                     and (piece.column == z0.column if z0.column else
                          (not piece.column or piece.column == piece.heading_column))
                     and not any(is_cue(piece.text[a:b], False) for a, b in spans))
            if whole:
                spans = [(0, len(piece.text.rstrip()))]
            nxt = pcs[idx + 1] if idx + 1 < len(pcs) else None
            for j, (a, b) in enumerate(spans):
                s = piece.text[a:b].strip()
                marked = j == 0 and piece.marker is not None
                followed_by_list = (j == len(spans) - 1 and nxt is not None and not nxt.heading
                                    and (nxt.marker is not None or _bare_marker(nxt.text)
                                         or (nxt.block_start and looks_like_goal(nxt.text))))
                if not marked and not self.explaining and j > 0 and s.endswith(":") and _ANNOUNCES_LIST.search(s) \
                        and not GOAL_TERM.search(s) and is_cue(piece.text[spans[0][0]:b], followed_by_list):
                    s = piece.text[spans[0][0]:b]  # "Uit deze visie hebben wij twee hoofddoelen ... Dat ziet er als volgt uit:"
                before = piece.text[spans[j - 1][0]:spans[j - 1][1]] if j > 0 else ""
                if not marked and not self.explaining and is_cue(s, followed_by_list):
                    self._open(s, heading=bool(re.search(r"wat willen we bereiken", s, re.I)),
                               label=len(spans) == 1 and len(tokens(s)) <= 6 and not _TRAILING_MARKER.search(s),
                               foreign=held_by_other(s, before))
                    continue
                run_in = None if marked or self.explaining else run_in_goal(s)
                if run_in is not None and held_by_other(s[:run_in[1]], before):
                    continue  # "De wet heeft één doel: ..." states the law's goal
                if run_in is not None:
                    goal, off = run_in
                    single, _, _ = cue_levels(s[:off])
                    self.statement = self._add(clean_item(goal), piece.page_at(a + off, b), single, None, self.section)
                    continue
                z = self.zone
                prose = None if marked or self.explaining else prose_goal_level(s)
                if prose is not None and (z is None or not z.items):
                    if held_by_other(s, before):
                        continue  # "Het doel van de wet is ...": another actor's goal, quoted as context
                    self._add(clean_item(s), piece.page_at(a, b), prose, None, self.section)
                    continue
                if z is None:
                    continue
                if not marked and _MEASURE_LINE.match(s):
                    continue
                if marked and piece.marker == "num" and j == 0 and not any(it.kind == "num" for it in z.items) and \
                        re.fullmatch(r"\d+[.)]", piece.label or "") and int(piece.label[:-1]) > 1 and \
                        len(tokens(s)) <= 6 and not re.search(r"[.;]$", s) and not looks_like_goal(s):
                    self._close()  # "3. Opgave voor onze gemeente": a chapter title, as a list starts at 1
                    continue
                goal_like = looks_like_goal(s)
                # under a goal or result heading, each short paragraph of the heading's column states goals
                short_para = whole
                if not goal_like and not marked and not short_para and _STOP.search(s):
                    self._close()
                    continue
                # an item that lost its list marker, between items of the same list
                between = (not marked and not goal_like and j == 0 and len(spans) == 1 and piece.block_start and z.items
                           and z.items[-1].kind is not None and nxt is not None and nxt.marker == z.items[-1].kind)
                if marked or goal_like or short_para or between:
                    leads_list = followed_by_list and s.endswith(":")
                    if leads_list and _ANNOUNCES_LIST.search(s):
                        continue
                    text = s.rstrip(": ") if leads_list else s
                    if (rejected_lightly(text) if short_para else
                            rejected(text, 2 if (marked and z.heading) else 4)):
                        if not marked:
                            self._close()
                        continue
                    run_on = j > 0 and not re.search(r"[.!?;:]\s*$", piece.text[spans[j - 1][0]:spans[j - 1][1]])
                    if marked:
                        kind = piece.marker
                    elif between:
                        kind = z.items[-1].kind
                    elif (j == 0 and piece.block_start) or run_on:
                        kind = None  # a paragraph of its own, or a goal run into the previous one
                    else:
                        kind = z.items[-1].kind if z.items else None
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
    r"\b(?P<pre>" + alternatives(DEADLINE_PREPOSITIONS) + r")\s+"
    r"(?P<date>(?:\d{1,2}\s+[a-z]+\s+|het jaar\s+)?(?P<y>20\d\d))\b", re.I)
_BASELINE_BEFORE = re.compile(r"(?:" + BASELINE + r"|tov|sinds)\s+[^,;]{0,20}$", re.I)
# a deadline word kept with the year it dates ("Eind 2022"); "voor" too, as the year after it is a deadline here
_NAMED_DEADLINE = DEADLINE_BOUNDS + ("voor",)


def deadline_of(text: str) -> str | None:
    """The deadline in the goal's own wording ('In 2022' -> '2022', 'Eind 2022' -> 'Eind 2022')."""
    for m in _DEADLINE.finditer(text):
        if _BASELINE_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
            continue
        pre = m.group("pre").lower()
        date = m.group("date")
        if pre in _NAMED_DEADLINE:
            return f"{pre.capitalize()} {date}"
        return date
    return None


# the word before a quantity: its bound ("ten minste" also run together by OCR), or an approximation
_QUANTIFIER = (pick(BOUNDS, "maximaal", "minimaal") + ("minstens",) + pick(BOUNDS, "ten minste", "tenminste")
               + ("ruim", "circa", "ongeveer", "met", "een"))
_QUANTITY = re.compile(
    r"(?:(?P<q>" + alternatives(_QUANTIFIER, space=r"\s?") + r")\s+)?"
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
                re.search(BASELINE, text[max(0, m.start("n") - 25):m.start("n")], re.I):
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
