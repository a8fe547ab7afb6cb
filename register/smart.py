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
import re

from nl.amounts import parse_number
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
_CHANGE = re.compile(r"\b(?:meer|minder|toename|afname|daling|stijging|zonder|maximaal|minimaal|tenminste|"
                     r"ten minste|percentage|aantal|verlaagd|verhoogd|gehalveerd|verdubbeld|gerealiseerd|"
                     r"relatief|sneller|vaker|eerder|korter|lager|hoger|kleiner|groter)\b|\d", re.I)
# a concrete act or end state in the goal's own words: a finite or passive verb with its object
# ("... gaan intensiever samenwerken", "... worden ... uitgevoerd", "Opleveren nieuwe gymzaal", "... is vastgesteld")
_STATED_ACTION = re.compile(r"\b(?:wordt|worden|is|zijn|gaan|gaat|komt|komen|krijgen|krijgt|heeft|hebben|zorgen|"
                            r"zorgt)\b\s+(?:\S+\s+){0,8}?\S+(?:d|t|en)\b|^(?:Opleveren|Start|Uitvoeren|Uitvoering|"
                            r"Realiseren|Realisatie|Opstellen|Vaststellen|Invoeren|Implementeren|Implementatie|Inkoop|"
                            r"Aanbesteden|Aanbesteding|Oprichten|Bouw|Inrichten|Evalueren|Evaluatie|Monitoring)\b", re.I)
# a result named as a deliverable, without a verb: an action noun or infinitive first ("Herstel historische
# buitenplaats", "Voortzetting van ...", "Revitalisering ...", "Faciliteren van ..."), or a product noun
# ("Beheervisie fysieke leefomgeving", "Aangepast vergunningsstelsel")
_DELIVERABLE = re.compile(r"^(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:ing|tie|sie)|Herstel|Bouw|Aanleg|Start|[A-ZÀ-Ý][a-zà-ÿ]+(?:eren|elen|enen|ouden|ten|ken|pen|gen))\b"
                          r"|\b[a-zà-ÿ]*(?:visie|plan|stelsel|nota|protocol|regeling|verordening|overeenkomst)\b")
_BASELINE = re.compile(r"t\.[o0]\.v\.|ten opzichte van|vergeleken met|nulmeting|peilwaarde|\bvan\s+[\d.,]+%?\s+"
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

    from .nlp import get_nlp

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


def assess(text: str, indicators: list, has_owner: bool, has_money: bool,
           deadline: str | None | bool = False) -> tuple[dict, dict, bool, str]:
    """(smart flags, reasons, evaluation, evaluation reason) for one goal. ``deadline``: the goal's deadline when
    the caller knows more than the wording (a year in the heading of a list of results); default: from the text."""
    smart, reasons = {}, {}
    vague = vague_phrases(text)
    qs = quantities(text)
    if vague:
        smart["S"] = False
        reasons["S"] = f"S ontbreekt: vage formulering ('{vague[0]}')"
    elif not (_CHANGE.search(text) or qs or _STATED_ACTION.search(text) or _DELIVERABLE.search(text)):
        smart["S"] = False
        reasons["S"] = "S ontbreekt: geen concreet object of concrete verandering"
    else:
        smart["S"] = True
        reasons["S"] = "S: concreet object en concrete verandering"

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
