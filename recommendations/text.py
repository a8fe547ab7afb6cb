"""Dutch text helpers: sentences, numbered items, cue detection, key terms, topics.

Everything here is general Dutch policy language; nothing refers to a
particular document.
"""
from __future__ import annotations

import gzip
import json
import math
import os
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from nl.analysis import fold, stem, stopwords, words
from nl.sentences import clean, split_items  # noqa: F401  (used across this stage)
from nl.sentences import sentences as _sentences
from nl.patterns import alternatives
from nl.verbs import FINITE, OBLIGATION, PAST, present

# a footnote number right after a full stop ("... beter te beheersen.18 Het praktijkonderzoek ..."): blanked (same
# length, so offsets stay valid) so that the full stop ends the sentence
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z)][.!?])\d{1,3}(?=[\"'’”)]?\s+[\"'‘“(]?[A-Z])")


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of ``text`` with their start offsets (:func:`nl.sentences.sentences`), where a footnote number
    after a full stop also ends the sentence."""
    return _sentences(_FOOTNOTE_MARK.sub(lambda m: " " * len(m.group()), text))

# --- tokens -----------------------------------------------------------------------



# very common words of Dutch policy texts that carry no topic
GENERIC = frozenset(fold(w) for w in """
gemeente gemeenten college raad beleid jaar jaren onder andere manier mate sprake aantal deel wijze
goed goede veel meer minder nieuwe nieuw belangrijk belangrijke daarbij daarnaast hierbij hierdoor
waardoor verder tevens echter vooral zowel zeker steeds kunnen moeten zullen willen gaan komen
maken laten doen zien geven nemen blijven staan houden vinden gebruik zaak zaken punt punten
onze ons hun haar zij wij we je hen elkaar iets niets alle alles andere ander bepaalde diverse
""".split())


def content_words(text: str) -> list[str]:
    stop = stopwords()
    return [w for w in words(text) if w.isalpha() and len(w) >= 3 and w not in stop]


def stems(text: str, generic: bool = True) -> list[str]:
    """Stemmed content words (optionally without generic policy words)."""
    return [stem(w) for w in content_words(text) if generic or w not in GENERIC]


def plain_tokens(text: str) -> list[str]:
    """Folded word tokens, as used for the token-F1 of the evaluation."""
    return words(text)


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(plain_tokens(a)), Counter(plain_tokens(b))
    if not ta or not tb:
        return 0.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Dice overlap of two stem sets."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


# --- key terms and topic labels --------------------------------------------------

class TermWeights:
    """Inverse document frequency of stems over a collection of texts."""

    def __init__(self, texts: Iterable[str]):
        df: Counter[str] = Counter()
        n = 0
        for t in texts:
            n += 1
            df.update(set(stems(t)))
        self.n = max(n, 1)
        self.df = df

    def idf(self, s: str) -> float:
        return math.log((self.n + 1) / (self.df.get(s, 0) + 0.5))

    def key_terms(self, text: str, k: int = 8) -> list[str]:
        """The ``k`` most specific stems of ``text`` (generic policy words left out)."""
        tf = Counter(stem(w) for w in content_words(text) if w not in GENERIC)
        ranked = sorted(tf, key=lambda s: (-(tf[s] * self.idf(s)), s))
        return ranked[:k]

    def topic(self, text: str, k: int = 3) -> str:
        """Short label: the ``k`` most specific content words (surface forms)."""
        surface: dict[str, str] = {}
        tf: Counter[str] = Counter()
        for w in content_words(text):
            if w in GENERIC or len(w) < 4:
                continue
            s = stem(w)
            tf[s] += 1
            if s not in surface or len(w) < len(surface[s]):
                surface[s] = w
        ranked = sorted(tf, key=lambda s: (-(tf[s] * self.idf(s) + 0.01 * len(s)), s))
        return " ".join(surface[s] for s in ranked[:k])


# --- cues -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    """Dutch verb infinitives from spacy-lookups-data (lemma index)."""
    try:
        import spacy_lookups_data

        path = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data", "nl_lemma_index.json.gz")
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        verbs = {fold(v) for v in data.get("verb", [])}
        lookup_path = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data", "nl_lemma_lookup.json.gz")
        with gzip.open(lookup_path, "rt", encoding="utf-8") as fh:
            lookup = json.load(fh)
        verbs |= {fold(v) for v in lookup.values() if v.endswith("en") and len(v) > 4}
        return frozenset(verbs)
    except Exception:  # pragma: no cover - data package missing
        return frozenset()


# frequent irregular imperatives and verbs the lemma data misses
_IMPERATIVE_EXTRA = frozenset({"wees", "ga", "sta", "doe", "zie", "sla", "heb", "kom", "blijf", "houd", "hou",
                               "zet", "focus", "investeer", "organiseer", "stimuleer", "faciliteer",
                               "evalueer", "monitor", "formuleer", "communiceer", "prioriteer", "concretiseer"})

_NOT_IMPERATIVE = frozenset({"het", "de", "een", "er", "dit", "dat", "deze", "die", "wij", "we", "ze", "zij",
                             "ook", "wel", "niet", "nog", "als", "in", "op", "bij", "voor", "uit", "door",
                             "met", "om", "tot", "naar", "dan", "daarnaast", "verder", "tevens", "hierbij",
                             "zo", "toch", "al", "alle", "veel", "meer", "geen", "daarbij", "vooral", "tot",
                             "inwoners", "gemeente", "wat", "wie", "hoe", "waar", "welke", "volgens",
                             "aanbeveling", "advies", "conclusie", "kosten", "maar", "en", "of", "want", "dus",
                             "omdat", "hoewel", "toen", "nu", "zoals", "mede", "ten", "tijdens", "na", "sinds",
                             "vanuit", "binnen", "buiten", "tussen", "over", "onder", "zonder", "via", "per"})


def _infinitives(w: str) -> list[str]:
    cands = [w + "en", w + "n"]
    if len(w) >= 2 and w[-1] not in "aeiou":
        cands.append(w + w[-1] + "en")  # zet -> zetten, stel -> stellen
    if w.endswith("f"):
        cands.append(w[:-1] + "ven")
    if w.endswith("s"):
        cands.append(w[:-1] + "zen")
    m = re.match(r"^(.*?)([aeou])\2([^aeiou]+)$", w)  # neem -> nemen, maak -> maken
    if m:
        base = m.group(1) + m.group(2) + m.group(3)
        cands.append(base + "en")
        if base.endswith("f"):
            cands.append(base[:-1] + "ven")
        if base.endswith("s"):
            cands.append(base[:-1] + "zen")
    return cands


# auxiliaries that do not follow an imperative: a first word before them is a noun ("Werk is ...")
_NOT_AFTER_IMPERATIVE = frozenset(present("zijn") + PAST["zijn"] + present("worden", "hebben", "kunnen") + ("moet",))


def is_imperative(sentence: str) -> bool:
    """Does the sentence open with an imperative verb ('Versterk ...', 'Neem ...', 'Wees ...')?"""
    toks = words(sentence[:80])
    if len(toks) < 3:
        return False
    w = toks[0]
    if w in _NOT_IMPERATIVE or w.isdigit() or len(w) < 2:
        return False
    if w in _IMPERATIVE_EXTRA:
        return True
    if w.endswith("en"):
        return False
    # the second word is rarely a finite verb after an imperative ('Werk is ...' is not one)
    if toks[1] in _NOT_AFTER_IMPERATIVE:
        return False
    verbs = _verbs()
    return any(c in verbs for c in _infinitives(w))


ADVICE = re.compile(
    r"\b(?:(?:we|wij)\s+(?:adviseren|bevelen\b.*?\baan|raden\b.*?\baan|stellen voor)"
    r"|adviseren\s+(?:we|wij)\b|bevelen\s+(?:we|wij)\b|raden\s+(?:we|wij)\b"
    r"|(?:ons|het)\s+(?:primaire\s+)?advies\s+is|advies\s+(?:is|luidt)\s+om"
    r"|wordt\s+(?:aanbevolen|geadviseerd)|verdient\s+(?:het\s+)?aanbeveling|is\s+het\s+raadzaam"
    r"|aanbeveling\s+is\s+om"
    # third person, as rekenkamers and researchers write: "De rekenkamer beveelt de raad aan ...",
    # "De onderzoekers bevelen aan ...", "Daarnaast adviseert de rekenkamer om ...", "... geeft de raad in overweging"
    r"|\bbeve(?:elt|len)\b[^.;:]*?\baan\b|\badviseert\b[^.;:]*?\b(?:om|te|dat)\b"
    r"|\bin\s+overweging\b|(?:aanbevolen|geadviseerd)\s+wordt)", re.I)

# "Aanbeveling 1: ...", "Advies 2. ...", "Conclusie 3: ...": a numbered label in front of a recommendation or finding
LABEL = re.compile(r"^(?P<label>(?P<word>aanbeveling|advies|conclusie|deelconclusie|bevinding)\s+\d{1,2}[a-z]?)"
                   r"(?:\s*[:.\-\u2013\u2014)]\s*|\s+(?=(?-i:[A-Z])))", re.I)


def label_kind(sentence: str) -> str | None:
    """'rec' or 'finding' for a sentence that opens with a numbered label, else None."""
    m = LABEL.match(sentence.strip())
    if not m:
        return None
    return "rec" if m.group("word").lower() in ("aanbeveling", "advies") else "finding"


def strip_label(sentence: str) -> str:
    m = LABEL.match(sentence.strip())
    return sentence.strip()[m.end():].strip() if m else sentence


# an imperative that takes up the recommendation before it ("Leg hierbij vast ...", "Betrek daarbij ...")
ELABORATION = re.compile(r"^\S+\s+(?:\S+\s+)?(?:hierbij|daarbij|hiervoor|daarvoor|hierin|daarin|hiermee|daarmee"
                         r"|hierover|daarover|hiertoe|daartoe)\b", re.I)

MODAL_ADVICE = re.compile(r"\b(?:zou(?:den)?\s+(?:moeten|kunnen)|" + alternatives(OBLIGATION)
                          + r"|is het (?:van belang|zaak|nodig)|het is (?:zaak|van belang|nodig|belangrijk)|is nodig)\b", re.I)

FIRST_PERSON = re.compile(r"^(?:wij|we|ons|onze)\b", re.I)

# problem / conclusion language of evaluations
FINDING_CUE = re.compile(
    r"\b(?:te\s+weinig|te\s+veel|teveel|onvoldoende|niet\s+(?:\w+\s+){0,3}genoeg|niet\s+altijd|nog\s+niet|nog\s+te"
    r"|nauwelijks|ontbreekt|ontbreken|mist|missen|gemist|kan\s+beter|kunnen\s+beter|moet\s+beter|moeten\s+beter"
    r"|behoefte\s+(?:\w+\s+){0,3}aan|knelpunt\w*|aandachtspunt\w*|probleem|problemen|lastig|moeite|belemmer\w*"
    r"|beperkende|versnipper\w*|neiging|onduidelijk\w*|onderbezet\w*|werkdruk|verloop|onrust|kwetsba\w*"
    r"|verloren|kwijt|achter\s?blijft|blijven\s+stijgen|stijgen\s+nog|stijgt|tekort\w*|gebrek|zwak\w*|risico\w*"
    r"|vraagt\s+om|om\s+(?:een\s+)?\w+\s+vraagt|conclusie|concluderen|blijkt|gebleken|valt\s+op|opvallend"
    r"|kinderschoenen|niet\s+optimaal|weinig\s+zicht|geen\s+zicht|geen\s+\w+\s+(?:is|zijn)|wisselingen)\b", re.I)


# A sentence that reports others' doubt or open question ("Betrokkenen vragen zich af of er niet te veel ...",
# "Gevraagd wordt of ..."): the problem words sit inside the question and are not asserted.
DOUBT = re.compile(r"\bvra(?:agt|gen)\s+(?:\w+\s+){0,4}?zich\s+(?:\w+\s+){0,2}?(?:af\s+)?(?:of|waarom|hoe)\b"
                   r"|\b\w*gevraagd\s+(?:wordt|werd)\s+(?:\w+\s+){0,2}?of\b"
                   r"|\b(?:wordt|werd)\s+(?:er\s+)?(?:\w+\s+){0,2}?(?:af)?gevraagd\s+of\b", re.I)

# The view of a few respondents ("volgens sommige betrokkenen", "enkele partners geven aan"): evaluators mark
# minority opinions this way, apart from what they conclude themselves.
_FEW = r"(?:sommige|enkele|een\s+enkele?|een\s+paar|individuele)"
_VOICES = (r"(?:respondent|betrokken|ge[iï]nterviewd|gesprekspartner|deelnemer|partner|medewerker|professional"
           r"|inwoner|ouder|cli[eë]nt|aanbieder|organisatie|partij|wijkcoach|collega|bewoner|ondernemer)\w*")
MINORITY_VIEW = re.compile(
    rf"\b(?:volgens|aldus|naar\s+(?:de\s+)?mening\s+van)\s+{_FEW}\b|\been\s+enkeling\b"
    rf"|\b{_FEW}\s+(?:\w+\s+)?{_VOICES}\s+(?:geven|gaven|noemen|noemden|vinden|vonden|zeggen|zeiden|stellen"
    r"|stelden|ervaren|ervoeren|menen|meenden|wijzen|wezen|merken|signaleren|hebben\s+het\s+gevoel)\b", re.I)

# What the research did or what the text will do next (method and reading guide): "In het onderzoek nodigden we
# ... uit om knelpunten te benoemen", "Hieronder beschrijven we de bevindingen", "De hoofdvraag luidde ...".
METHOD = re.compile(
    r"\b(?:hoofdvraag|onderzoeksvra\w*|deelvra(?:ag|gen)|centrale\s+vraag|nodigden|interviewden)\b"
    r"|^(?:hieronder|hierna|in\s+(?:dit|het\s+volgende|het\s+vorige|deze)\s+(?:hoofdstuk|paragraaf|rapport|deel))\b"
    r"|\b(?:hebben|hadden)\s+(?:we|wij|de\s+onderzoekers)\s+(?:\w+\s+){0,4}?(?:gesproken|ge[iï]nterviewd"
    r"|gesprekken\s+gevoerd|bestudeerd|uitgenodigd)\b", re.I)

_OPEN_QUOTES, _CLOSE_QUOTES = "“„«", "”»"


def opens_quote(text: str) -> bool:
    return text.lstrip("([ ")[:1] in _OPEN_QUOTES + _CLOSE_QUOTES + '"'


def quoted(text: str, starts: list[int], max_run: int = 8) -> list[bool]:
    """For sentences of ``text`` starting at ``starts``: which lie in a direct quotation ("“De check vindt
    veel te weinig plaats. ...”"), an interviewee's words rather than the evaluators' own finding. Double
    quotes only (single ones mark terms); the marks are read from ``text`` itself, since a closing mark after
    a full stop falls between sentences. An unclosed mark does not swallow more than ``max_run`` sentences."""
    out: list[bool] = []
    depth, straight, run, pos = 0, False, 0, 0
    for start in starts:
        for k in range(pos, max(pos, start)):
            ch = text[k]
            if ch in _OPEN_QUOTES or (ch in _CLOSE_QUOTES and depth == 0 and not straight
                                      and (k == 0 or not text[k - 1].strip() or text[k - 1] in "(:")):
                depth += 1  # also '”' opening a quote, as some typesetting does
            elif ch in _CLOSE_QUOTES:
                depth = max(0, depth - 1)
            elif ch == '"':
                straight = not straight
        pos = max(pos, start)
        inside = depth > 0 or straight
        run = run + 1 if inside else 0
        if run > max_run:
            depth, straight, run, inside = 0, False, 0, False
        out.append(inside or opens_quote(text[start:start + 3]))
    return out


def not_asserted(sentence: str) -> bool:
    """A sentence whose problem words are not the evaluators' own finding: a reported doubt, a minority
    view or method text."""
    return bool(DOUBT.search(sentence) or MINORITY_VIEW.search(sentence) or METHOD.search(sentence.strip()))


# finite verb forms that the verb lookup does not derive (irregular or auxiliary)
_FINITE = FINITE
_NOT_BEFORE_FINITE = frozenset("te het de een van voor om bij met en of door tot in op aan uit".split())


def has_finite_verb(text: str) -> bool:
    """Does the text state something (a finite verb), or is it a bare noun phrase ('Kwetsbare ouderen',
    'Versterken ondersteunende sociale structuren')? A heuristic that errs towards 'yes'."""
    verbs = _verbs()
    if not verbs:  # pragma: no cover - no lemma data: cannot tell
        return True
    toks = [w for w in words(text) if w.isalpha()]
    for i, w in enumerate(toks):
        if w in _FINITE:
            return True
        if len(w) >= 4 and w.endswith("t") and not w.startswith("ge") and any(
                c in verbs for c in _infinitives(w[:-1])):
            return True  # 'biedt', 'vervult', 'stijgt'
        if i > 0 and w.endswith("en") and w in verbs and toks[i - 1] not in _NOT_BEFORE_FINITE:
            return True  # plural present: 'inwoners haken af'
    return False


def is_advice(sentence: str) -> bool:
    return bool(ADVICE.search(sentence))


def is_finding(sentence: str) -> bool:
    return bool(FINDING_CUE.search(sentence))


# the advice frame around a recommendation's substance ("Daarnaast adviseert de rekenkamer om ...",
# "Wij bevelen het college aan om ...", "Ons advies is ..."): left out when recommendations are compared
_FRAME = re.compile(
    r"^(?:(?:daarnaast|ook|verder|tot\s+slot|ten\s*slotte|voorts|bovendien|tevens)\s*,?\s+)?"
    r"(?:[^.;:]{0,60}?\b(?:beveelt|bevelen|adviseert|adviseren|raadt|raden)\b[^.;:]{0,60}?\b(?:aan\s+(?:om\s+)?|om\s+)"
    r"|(?:ons|het)\s+advies\s+is\s+(?:om\s+)?)", re.I)


def advice_core(text: str) -> str:
    """The substance of a recommendation without its advice frame (the text itself when it has none)."""
    m = _FRAME.match(text.strip())
    core = text.strip()[m.end():].strip() if m else text.strip()
    return core if len(words(core)) >= 4 else text


# --- the substance of a recommendation --------------------------------------------

# Verbs that only frame what a recommendation asks ("Zorg voor ...", "Stel ... vast", "Maak ... concreter",
# "Breng in kaart", "Neem ... op") and the verbs of advice itself: imperative, infinitive, participle.
_FRAME_VERBS = """
zorg:zorgen:gezorgd stel:stellen:gesteld maak:maken:gemaakt breng:brengen:gebracht leg:leggen:gelegd
zet:zetten:gezet neem:nemen:genomen houd:houden:gehouden geef:geven:gegeven laat:laten:gelaten
kom:komen:gekomen ga:gaan:gegaan doe:doen:gedaan wees:zijn:geweest heb:hebben:gehad blijf:blijven:gebleven
krijg:krijgen:gekregen zie:zien:gezien pak:pakken:gepakt draag:dragen:gedragen besteed:besteden:besteed
beveel:bevelen:bevolen adviseer:adviseren:geadviseerd
"""


def _verb_forms(entry: str) -> set[str]:
    """'stel:stellen:gesteld' -> stel, stelt, stellen, gesteld ('ga' gives 'gaat', 'houd' also 'hou')."""
    imperative, infinitive, participle = entry.split(":")
    third = imperative if imperative.endswith("t") else imperative + ("at" if imperative.endswith("a") else "t")
    forms = {imperative, third, infinitive, participle}
    if imperative.endswith("ud"):
        forms.add(imperative[:-1])
    return forms


# imperatives that are also nouns ("zorg", "pak"): dropped only where they open a sentence
_NOUN_IMPERATIVES = frozenset({"zorg", "pak"})
GENERIC_VERBS = frozenset(f for e in _FRAME_VERBS.split() for f in _verb_forms(e)) - _NOUN_IMPERATIVES

# Separable-verb particles that are not stop words ("Stel ... vast", "Houd ... bij", "Leg ... neer")
# and quantifiers or sequence words that say nothing about the subject.
PARTICLES = frozenset("vast terug voort neer weg los mee toe achter elk elke ieder iedere eerst voordat".split())

# pronominal adverbs: "ervoor", "hierover", "daarbij", "waarmee"
_PRONOMINAL = re.compile(r"^(?:er|hier|daar|waar)(?:voor|over|mee|bij|in|op|aan|door|uit|naar|toe|van|tegen"
                         r"|achter|om|onder|na|af)$")


def is_frame_word(word: str) -> bool:
    """A folded word that frames a recommendation rather than naming its subject."""
    return word in GENERIC_VERBS or word in PARTICLES or bool(_PRONOMINAL.match(word))


def _sentence_substance(sentence: str) -> list[str]:
    toks = words(advice_core(sentence))
    if toks and toks[0] in _NOUN_IMPERATIVES:
        toks = toks[1:]
    return [w for w in toks if not is_frame_word(w)]


def substance(text: str) -> str:
    """The content words of a recommendation as a query: without the advice frame
    of its sentences ("De rekenkamer beveelt aan om ..."), generic and
    advice verbs, separable particles and pronominal adverbs, so that relevance
    rests on what it is about ("Stel een integraal plan vast voor de
    vroegsignalering van schulden" -> "een integraal plan voor de
    vroegsignalering van schulden")."""
    kept = [w for _, sent in sentences(text) for w in _sentence_substance(sent)]
    return " ".join(kept) if len(kept) >= 2 else " ".join(words(text))
