"""SMART and evaluation flags, each with its reason in Dutch.

Operational definitions (register issue):

* S specific: a concrete object or target group and a concrete change or number; vague
  aims ("Almelo is groener ... en beter voorbereid", "dragen bij aan",
  "beter in staat", "zo zelfstandig mogelijk") are not specific;
* M measurable: a number or percentage in the goal (not a year, an age or a
  baseline), or a linked indicator with a target value;
* A assigned: an owner named for the goal or its programme;
* R resourced: money or capacity for the goal or its programme;
* T time-bound: a deadline in the goal's own wording;
* evaluation: a linked indicator with a baseline or target, a baseline in the goal
  itself ("t.o.v. 218 in 2017"), or a concrete monitoring moment; otherwise
  "geen evaluatie mogelijk".
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from nl.amounts import parse_number
from nl.patterns import alternatives, one_of, pick
from nl.targets import BASELINE, BASELINE_VALUES, BOUNDS, DIRECTION
from nl.verbs import present
from .goals import deadline_of, quantities

# Vague policy language: phrases that state a direction, not a concrete change.
VAGUE_PATTERNS = [
    [{"LOWER": "beter"}, {"LOWER": {"IN": ["voorbereid", "in", "bestand"]}}],
    [{"LOWER": "bestand"}, {"LOWER": "tegen"}],
    [{"LOWER": {"IN": ["dragen", "draagt", "draag"]}}, {"LOWER": "bij"}],
    [{"LOWER": {"IN": ["bijdragen", "bijdraagt"]}}, {"LOWER": "aan"}],
    [{"LOWER": {"IN": ["makkelijker", "gemakkelijker", "eenvoudiger"]}}],
    [{"LOWER": "zo"}, {"IS_ALPHA": True}, {"LOWER": "mogelijk"}],
    [{"LOWER": {"IN": ["zoveel", "zoals"]}}, {"LOWER": "mogelijk"}],
    [{"LOWER": {"IN": ["optimaal", "optimale", "hoogwaardig", "hoogwaardige", "toekomstbestendig",
                       "toekomstbestendige"]}}],
    [{"LOWER": {"IN": ["talenten", "talent"]}}],
    [{"LOWER": {"REGEX": r"^doeltre(ff|ﬀ)end"}}],
    [{"LOWER": {"IN": ["aansluit", "aansluiten", "aansluitend"]}}, {"LOWER": "bij"}],
    [{"LOWER": {"REGEX": r"^(versterk|verbeter|bevorder|stimuler|optimaliser)"}}],
    [{"LOWER": "inzetten"}, {"LOWER": "op"}],
    [{"LOWER": "werken"}, {"LOWER": "aan"}],
    [{"LOWER": {"IN": ["duurzamer", "passende", "passend", "bewuster", "vitaler", "krachtiger", "prettiger"]}}],
    [{"LOWER": "beter"}, {"LOWER": "in"}, {"LOWER": "staat"}],
]
_CHANGE = re.compile(r"\b(?:meer|minder|" + alternatives(DIRECTION) + "|zonder|"
                     + alternatives(pick(BOUNDS, "maximaal", "minimaal", "tenminste", "ten minste")) +
                     r"|percentage|aantal|verlaagd|verhoogd|gehalveerd|verdubbeld|gerealiseerd|"
                     r"relatief|sneller|vaker|eerder|korter|lager|hoger|kleiner|groter|"
                     # a verb of change along a measurable dimension (speed, length, level, amount)
                     r"versnel\w*|verkort\w*|verlaag\w*|verhoog\w*|verminder\w*|terugdring\w*|halver\w*|"
                     r"verdubbel\w*)\b|\d", re.I)
# a concrete act or end state in the goal's own words: a finite or passive verb with its object
# ("... gaan intensiever samenwerken", "... worden ... uitgevoerd", "Opleveren nieuwe gymzaal", "... is vastgesteld")
_STATED_ACTION = re.compile(r"\b" + one_of(present("worden", "zijn", "gaan", "komen", "krijgen", "hebben", "zorgen"))
                            + r"\b\s+(?:\S+\s+){0,8}?\S+(?:d|t|en)\b|^(?:Opleveren|Start|Uitvoeren|Uitvoering|"
                            r"Realiseren|Realisatie|Opstellen|Vaststellen|Invoeren|Implementeren|Implementatie|Inkoop|"
                            r"Aanbesteden|Aanbesteding|Oprichten|Bouw|Inrichten|Evalueren|Evaluatie|Monitoring)\b", re.I)
# a result named as a deliverable, without a verb: an action noun or infinitive first ("Herstel historische
# buitenplaats", "Voortzetting van ...", "Revitalisering ...", "Faciliteren van ..."), or a product noun
# ("Beheervisie fysieke leefomgeving", "Aangepast vergunningsstelsel")
_DELIVERABLE = re.compile(r"^(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:ing|tie|sie)|Herstel|Bouw|Aanleg|Start|[A-ZÀ-Ý][a-zà-ÿ]+(?:eren|elen|enen|ouden|ten|ken|pen|gen))\b"
                          r"|\b[a-zà-ÿ]*(?:visie|plan|stelsel|nota|protocol|regeling|verordening|overeenkomst)\b")
_BASELINE = re.compile(BASELINE + "|" + alternatives(pick(BASELINE_VALUES, "nulmeting", "peilwaarde"))
                       + r"|\bvan\s+[\d.,]+%?\s+"
                       r"(?:in\s+(?:19|20)\d\d\s+)?naar\s+[\d.,]+", re.I)
_MONITOR = re.compile(r"(?:gemeten|meting|monitor|enquête|enquete|peiling|evaluatie|geëvalueerd|geevalueerd)"
                      r"[^.]{0,60}(?:(?:19|20)\d\d|jaarlijks|elk jaar|halfjaarlijks|per kwartaal)", re.I)


# the document says how the realisation of its goals is monitored, with the instrument or who does it:
# "De monitoring van de realisatie van de doelen gebeurt door Kennispunt via de binnenstadsmonitor"
_GOALS_MONITORED = re.compile(
    r"\b(?:monitoring|meting|voortgang) van (?:de )?(?:realisatie van |realisering van )?(?:de |deze |onze )?(?:\w+ )?"
    r"doel(?:en|stellingen)\b[^.]{0,40}?\b(?:gebeurt|vindt plaats|verloopt|loopt)\b[^.]{0,30}?\b(?:via|door|met|in)\b"
    r"|\b(?:de |deze |onze )(?:\w+ )?doel(?:en|stellingen) worden (?:jaarlijks |periodiek |tweejaarlijks )?"
    r"(?:gemeten|gemonitord|gevolgd)\b[^.]{0,30}?\b(?:via|door|met|in)\b", re.I)


def goals_monitoring(texts: list[str]) -> str | None:
    """The sentence in which a document says how (with what or by whom) the realisation of its goals is monitored,
    which makes every goal of it evaluable; None when it says no such thing."""
    for t in texts:
        m = _GOALS_MONITORED.search(" ".join(t.split()))
        if m:
            return " ".join(t.split())[m.start():m.start() + 160]
    return None


@functools.lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import Matcher

    from nl.concepts import get_nlp

    nlp = get_nlp()
    m = Matcher(nlp.vocab)
    m.add("VAGUE", VAGUE_PATTERNS)
    return nlp, m


def vague_phrases(text: str) -> list[str]:
    nlp, matcher = _matcher()
    doc = nlp(text)
    return [doc[s:e].text for _, s, e in matcher(doc)]


def _has_target(ind) -> bool:
    return any(parse_number(v) is not None for v in ind.targets.values())


def _evaluable(ind) -> bool:
    return (ind.baseline is not None and parse_number(ind.baseline) is not None) or _has_target(ind)


# --- S as a learned judgement of concreteness ----------------------------------------------------------------
#
# The rule above (a vague phrase makes a goal unspecific; otherwise a change, number, act or deliverable makes it
# specific) is one cue among several that annotators weigh: a named object ("Beter Samenspel", "de Maregroep"), a
# concrete noun ("maatwerkvoorzieningen", "buurtpreventie-initiatieven"), an abstract aim ("gevoel",
# "betrokkenheid", "samenhang") and the level of the goal (a hoofdopgave states a direction, an operational goal a
# result). ``s_features`` describes a goal by these general cues (no words of one document, no numbers); a
# logistic regression over them, trained on the dev gold by ``evaluations/train_smart_s.py`` and shipped as plain
# weights in ``s_model.json``, decides S; its reason names the cues that weighed most.

S_MODEL_PATH = Path(__file__).with_name("s_model.json")
# abstract aims: a feeling or an attitude rather than an observable state (Dutch policy language)
_ABSTRACT = re.compile(r"\b(?:gevoel|voelen|vertrouwen|cohesie|bewustwording|bewustzijn|betrokkenheid|weerbaar\w*)\b",
                       re.I)
# direction verbs: vague on their own, not when the goal also names a concrete object and change
_DIRECTION = re.compile(r"\b(?:verbeter\w*|versterk\w*|verstevig\w*|vergrot\w*|bevorder\w*|stimuler\w*|"
                        r"optimaliser\w*|passende?)\b", re.I)
# a finite verb, a participle or a leading infinitive: without any, a goal is a label ("Regionaal arbeidsmarktbeleid.")
_VERB = re.compile(r"\b" + one_of(present("zijn", "worden", "hebben", "krijgen", "gaan", "komen", "kunnen", "zullen", "willen",
                                           "maken", "houden", "blijven", "liggen", "vinden")) + r"\b|\bge\w+[dt]\b|"
                   r"^[A-ZÀ-Ý]?[a-zà-ÿ]+(?:eren|elen|enen|ouden|ten|ken|pen|gen|den|ven|zen)\b")
_WE_ACT = re.compile(r"^(?:We|Wij|De gemeente|Het college)\s+\w+", re.I)
_PARTICIPLE_END = re.compile(r"\b(?:ge|be|ver|ont|her|af|op|in|aan|uit)?\w+(?:d|t|en|eerd)\.?\s*$")
_NAMED = re.compile(r"(?<=[a-zà-ÿ,] )[A-ZÀ-Ý][a-zà-ÿ]+|\b[A-Z]{2,}\b")
_DOEL_CUE = re.compile(r"^(?:Het|Ons) (?:\w+ )?doel\b|^De bedoeling\b|\bstreeft\b|^Gestreefd\b", re.I)
_LONG_NOUN = re.compile(r"\b[a-zà-ÿ-]{14,}\b")


def s_features(text: str, level: str | None = None) -> dict[str, float]:
    """General cues of a goal's concreteness (see above) as a sparse feature dict."""
    vague = vague_phrases(text)
    qs = quantities(text)
    n = len(re.findall(r"\w+", text))
    f: dict[str, float] = {"bias": 1.0, "level=" + (level or "none"): 1.0}
    strong = [v for v in vague if not _DIRECTION.fullmatch(v.split()[0])]
    # concreteness is read beside the direction verb, not in it: "Versterken van ..." and "Vergroten ..." are no
    # act or deliverable of their own (the rule reads them the same way)
    rest = _DIRECTION.sub("", text).strip()
    change, act, product = bool(_CHANGE.search(rest)), bool(_STATED_ACTION.search(rest)), bool(_DELIVERABLE.search(rest))
    # a goal with a quantity ("95% van de meldingen binnen 5 dagen") is measured whatever phrase frames it: no
    # phrase-list cue (vague phrase, direction verb, abstract aim) counts against it
    measured = bool(qs)
    direction = bool(_DIRECTION.search(text)) and not measured
    cues = {"vague": bool(strong) and not measured, "direction": direction, "vague2": len(vague) >= 2 and not measured,
            "change": change, "quantity": bool(qs), "stated_action": act, "deliverable": product,
            # a direction verb with nothing concrete beside it: no object changes observably
            "direction_only": direction and not (change or qs or act or product),
            "abstract": bool(_ABSTRACT.search(text)) and not measured,
            "we_act": bool(_WE_ACT.match(text.strip())), "participle_end": bool(_PARTICIPLE_END.search(text)),
            "named": bool(_NAMED.search(text)), "doel_cue": bool(_DOEL_CUE.search(text.strip())),
            "long_noun": bool(_LONG_NOUN.search(text.lower()))}
    if not _VERB.search(text.strip()):
        cues["label_product" if cues["deliverable"] else "label_theme"] = True
    f.update({k: 1.0 for k, v in cues.items() if v})
    if specific(text, level, None)[0]:
        f["rule_S"] = 1.0
    f["len=" + ("short" if n <= 6 else "mid" if n <= 20 else "long")] = 1.0
    return f


@dataclass(frozen=True)
class SModel:
    """The learned S judgement: logistic weights over the general cues of
    :func:`s_features`, a decision threshold, and whether the vague-language
    veto (:func:`s_veto`) overrides it. Trained by ``evaluations/train_smart_s.py``."""

    weights: Mapping[str, float]
    bias: float = 0.0
    threshold: float = 0.5
    veto: bool = False

    @classmethod
    def from_json(cls, data: Mapping) -> "SModel":
        return cls(MappingProxyType(dict(data["weights"])), float(data.get("bias", 0.0)),
                   float(data.get("threshold", 0.5)), bool(data.get("veto", False)))

    def to_json(self) -> dict:
        return {"weights": dict(self.weights), "bias": self.bias, "threshold": self.threshold, "veto": self.veto}


@functools.lru_cache(maxsize=1)
def shipped_s_model() -> SModel | None:
    if not S_MODEL_PATH.exists():
        return None
    return SModel.from_json(json.loads(S_MODEL_PATH.read_text(encoding="utf-8")))


def s_probability(f: dict[str, float], model: SModel) -> float:
    z = model.bias + sum(model.weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_CUE_NAMES = {"vague": "vage formulering", "direction": "richtingwerkwoord", "direction_only": "alleen een richting", "abstract": "abstract doel", "change": "concrete verandering",
              "quantity": "getal", "stated_action": "concrete handeling", "deliverable": "concreet product",
              "named": "benoemd object", "long_noun": "concreet object", "we_act": "wie doet wat",
              "participle_end": "bereikte eindtoestand", "label_product": "concreet product", "label_theme": "alleen een thema", "doel_cue": "doelformulering", "level=hoofdopgave":
              "hoofdopgave (richting)", "level=strategisch": "strategisch doel", "level=operationeel": "operationeel doel"}


_AGAINST = {"vague", "direction", "direction_only", "abstract", "label_theme", "level=hoofdopgave", "level=strategisch"}


def specific(text: str, level: str | None = None, model: SModel | None = None) -> tuple[bool, str]:
    """(S, reason). With a model (default: none -> the rule), S is the model's judgement; the reason names the
    cues that weighed most for it."""
    vague = vague_phrases(text)
    if model is None:
        qs = quantities(text)
        rest = _DIRECTION.sub("", text).strip()  # the direction verb itself is no concrete act ("Versterken van ...")
        concrete = bool(_CHANGE.search(rest) or qs or _STATED_ACTION.search(rest) or _DELIVERABLE.search(rest))
        strong = [v for v in vague if not _DIRECTION.fullmatch(v.split()[0])]
        if qs:  # a quantity in the goal: measured whatever phrase frames it ("op orde: 95% ... binnen 5 dagen")
            return True, "S: concreet object met een getal"
        if strong:
            return False, f"S ontbreekt: vage formulering ('{strong[0]}')"
        if vague and not concrete:  # a direction verb ("verbeteren") with nothing concrete beside it
            return False, f"S ontbreekt: alleen een richting ('{vague[0]}')"
        if _ABSTRACT.search(text):
            return False, f"S ontbreekt: abstract doel ('{_ABSTRACT.search(text).group(0)}')"
        if not concrete:
            return False, "S ontbreekt: geen concreet object of concrete verandering"
        return True, "S: concreet object en concrete verandering"
    f = s_features(text, level)
    veto = s_veto(f, vague)
    if veto and model.veto:
        return False, veto
    p = s_probability(f, model)
    ok = p >= model.threshold
    # the reason names cues that speak for the judgement: concrete ones for S, vague ones for no S
    side = {k for k in _CUE_NAMES if (k in _AGAINST) != ok}
    contrib = sorted(((model.weights.get(k, 0.0) * v, k) for k, v in f.items() if k in side), reverse=ok)
    named = [_CUE_NAMES[k] + (f" '{vague[0]}'" if k == "vague" and vague else "")
             for w, k in contrib if (w > 0) == ok and w != 0][:2]
    why = ", ".join(named) or ("concreet object en concrete verandering" if ok else "geen concreet object of concrete verandering")
    return ok, (f"S: {why} (beoordeling {p:.2f})" if ok else f"S ontbreekt: {why} (beoordeling {p:.2f})")


def s_veto(f: dict[str, float], vague: list[str]) -> str | None:
    """Vague policy language that no other cue outweighs: a strong vague phrase ("optimaal", "zo ... mogelijk",
    "dragen bij aan"), or a direction verb ("verbeteren", "versterken", "stimuleren", "vergroten") with no number,
    observable change, act or deliverable beside it. Annotators judge such goals unspecific in every style of the
    dev set, while the learned weights of level and length do not transfer across styles (an operational result in
    a BBV budget is often a direction). The reason for "S ontbreekt", or None."""
    if "quantity" in f:  # a goal with a quantity is never vetoed by a phrase list
        return None
    if "vague" in f:
        strong = [v for v in vague if not _DIRECTION.fullmatch(v.split()[0])]
        return f"S ontbreekt: vage formulering ('{strong[0] if strong else vague[0]}')"
    if "direction_only" in f:
        return f"S ontbreekt: alleen een richting ('{vague[0] if vague else 'richtingwerkwoord'}'), geen concreet object met waarneembare verandering"
    return None


_SHIPPED = object()


def assess(text: str, indicators: list, has_owner: bool, has_money: bool,
           deadline: str | None | bool = False, level: str | None = None,
           s_model: SModel | None | object = _SHIPPED) -> tuple[dict, dict, bool, str]:
    """(smart flags, reasons, evaluation, evaluation reason) for one goal. ``deadline``: the goal's deadline when
    the caller knows more than the wording (a year in the heading of a list of results); default: from the text.
    ``level``: the goal's level (a cue for S); ``s_model``: the learned S judgement (default: the shipped one;
    None: the S rule alone)."""
    smart, reasons = {}, {}
    qs = quantities(text)
    smart["S"], reasons["S"] = specific(text, level, shipped_s_model() if s_model is _SHIPPED else s_model)

    targeted = [i for i in indicators if _has_target(i)]
    if qs:
        smart["M"] = True
        reasons["M"] = f"M: streefwaarde in het doel ({qs[0]['n']}{qs[0]['u'] if qs[0]['u'] == '%' else ''})"
    elif targeted:
        smart["M"] = True
        reasons["M"] = f"M: gekoppelde indicator met streefwaarde ({targeted[0].name[:60]})"
    elif indicators:
        smart["M"] = False
        reasons["M"] = "M ontbreekt: geen streefwaarde; gekoppelde indicator heeft geen streefwaarde (bijv. n.t.b.)"
    else:
        smart["M"] = False
        reasons["M"] = "M ontbreekt: geen streefwaarde en geen gekoppelde indicator"

    smart["A"] = has_owner
    reasons["A"] = ("A: eigenaar genoemd voor doel of programma" if has_owner
                    else "A ontbreekt: het document noemt voor dit programma geen opdrachtgever, programmamanager "
                         "of portefeuillehouder")
    smart["R"] = has_money
    reasons["R"] = ("R: budget of capaciteit voor doel of programma" if has_money
                    else "R ontbreekt: geen budget of capaciteit voor doel of programma")
    if deadline is False:
        deadline = deadline_of(text)
    smart["T"] = deadline is not None
    reasons["T"] = f"T: termijn {deadline}" if deadline else "T ontbreekt: geen termijn in de formulering van het doel"

    evaluable = [i for i in indicators if _evaluable(i)]
    if evaluable:
        return smart, reasons, True, f"indicator met nul- of streefwaarde: {evaluable[0].name[:60]}"
    if _BASELINE.search(text):
        return smart, reasons, True, "nulmeting in het doel zelf"
    if _MONITOR.search(text):
        return smart, reasons, True, "concreet meet- of evaluatiemoment"
    return smart, reasons, False, ("geen evaluatie mogelijk: geen gekoppelde indicator met nul- of streefwaarde, "
                                   "geen nulmeting en geen meetmoment")
