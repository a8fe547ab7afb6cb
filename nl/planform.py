"""Advice about the FORM of a plan, and the passages of a plan that show that form.

Evaluations of Dutch municipal policy keep giving the same kinds of advice that are not about a
subject (youth care, prevention) but about how a plan is made: formulate SMART / measurable goals,
organise monitoring and evaluation, be restrained with new projects, appoint someone to drive or
connect. A plan answers such advice not with the advice's words but with a form: targets with a
number and a year ("Afname van ... met 200 cliënten in 2022", "maximaal 8% in 2022 t.o.v. 10% in
2016"), indicators and their peil- and streefwaarden, a monitoring cycle, choices among projects,
a role given to named professionals. This module recognises the advice kinds (:func:`advice_forms`)
and how strongly a passage shows each form (:func:`form_signal`); it knows nothing about
recommendations or plans as stored objects.

Knowledge of Dutch policy language only; no phrase of a particular document.
"""
from __future__ import annotations

import re

from .patterns import alternatives
from .sentences import clean
from .targets import BASELINE_VALUES, BOUNDS, DIRECTION, MONTH_ABBREVIATIONS, MONTHS, TARGET_VALUE, YEAR

MEASURABLE = "measurable_goals"   # formuleer SMART / meetbare doelen
MONITORING = "monitoring"         # zorg voor monitoring, evaluatie, sturing op resultaat
RESTRAINT = "project_restraint"   # wees terughoudend met nieuwe projecten, borg wat er is
ROLE = "role_assignment"          # wijs aanjagers / regisseurs / een aanspreekpunt aan

FORMS = (MEASURABLE, MONITORING, RESTRAINT, ROLE)

_I = re.I | re.UNICODE

# --- how the advice is worded -----------------------------------------------------------------------

# Restraint with projects, as regex fragments (shared with the plan check of recommendations): the cue of holding
# back ("wees terughoudend met", "minder", "geen nieuwe", "beperk", "niet te veel", "stop") and the initiatives it
# holds back on ("projecten", "pilots", "initiatieven", "experimenten", "activiteiten").
RESTRAINT_CUES = (r"terughoudend\w*", r"minder", r"geen\s+nieuwe", r"beperk\w*", r"niet\s+te\s+veel", r"stop\w*")
INITIATIVES = (r"projecten", r"pilots?", r"initiatieven", r"experimenten", r"activiteiten")

_ADVICE = {
    MEASURABLE: re.compile(
        r"\bSMART\b|\bmeetba\w*|\bkwantific\w*|\bkwantitatie\w*|\bstreefwaarde\w*|\bpeilwaarde\w*|"
        r"\bindicator\w*|\bKPI'?s?\b|\bconcre\w+\s+(?:\w+\s+){0,2}doel\w*|"
        r"\bdoel\w*\s+(?:\w+\s+){0,4}(?:formuleren|geformuleerd|concretiseren|geconcretiseerd|meten|gemeten|"
        r"volgen|gevolgd|kwantificeren)", _I),
    MONITORING: re.compile(
        r"\bmonitor\w*|\bevalue(?:er|ert|ren)\b|\bge[eë]valueerd\b|\bevaluatie(?:s|moment\w*|cyclus\w*|plan\w*)\b|"
        r"\bverantwoording\w*|\bverantwoorden\b|\brapportage\w*|\bbijstur\w*|"
        r"\b(?:meten|meet)\b|\b(?:kijk|let)\s+(?:\w+\s+){0,2}(?:prestaties|resultaten|effecten)|"
        r"\b(?:volg|volgen)\s+(?:\w+\s+){0,3}(?:resultaten|effecten|voortgang|ontwikkeling)", _I),
    RESTRAINT: re.compile(
        r"\b(?:" + "|".join(RESTRAINT_CUES) + r"|bundel\w*)\s+"
        r"(?:\w+\s+){0,3}(?:" + "|".join(INITIATIVES) + r")|"
        r"\b(?:projecten|pilots?|initiatieven|experimenten)\s+(?:\w+\s+){0,3}(?:terughoudend\w*|beperk\w*|"
        r"bundel\w*|stoppen|afbouwen)|\bprojectencarrousel\w*|\bprojectitis\b", _I),
    ROLE: re.compile(
        r"\b(?:wijs|wijzen|stel|zet|benoem)\s+(?:\w+\s+){0,3}(?:aanjager\w*|regisseur\w*|verbinder\w*|"
        r"co[öo]rdinator\w*|aanspreekpunt\w*|contactpersoon\w*|kwartiermaker\w*|trekker\w*|casemanager\w*|"
        r"sleutelfiguur\w*|\w*coach\w*)\b|\b(?:aanjager\w*|kwartiermaker\w*|verbinder\w*|sleutelfiguren)\b"
        r"|\b(?:aanjager\w*|regisseur\w*|verbinder\w*|co[öo]rdinator\w*|trekker\w*)\s+(?:\w+\s+){0,3}"
        r"(?:aan|aanwijzen|aanstellen|benoemen)\b", _I),
}

# --- what a plan that takes it up says ----------------------------------------------------------------

_YEAR = YEAR
_NUMBER = r"(?<![\w/])\d+(?:[.,]\d+)?(?![\w/])"
# a year standing as a year is a time, not a quantity: "in 2022", "vanaf 2019", "eind 2025", "(2023)",
# "2019-2022", "2022:"; "2000 woningen" (no time word before it) stays a count
_MONTH = alternatives(MONTHS + MONTH_ABBREVIATIONS)
_YEAR_AS_YEAR = re.compile(
    r"(?P<pre>\b(?:in|vanaf|tot|sinds|per|na|voor|eind|einde|begin|medio|uiterlijk|omstreeks|rond|jaar|"
    r"peiljaar|basisjaar|t/m|" + _MONTH + r")\s+|[(\[]|[-–/]\s?)" + _YEAR + r"\b"
    r"|\b" + _YEAR + r"(?=\s?[-–/]\s?(?:" + _YEAR + r"|\d\d)\b|[:)\]])", _I)

_PERCENT = r"\d+(?:[.,]\d+)?\s?%|\bprocent\b"
# a quantity of something counted ("200 cliënten", "176 unieke personen", "8% van de Almeloërs")
_COUNTED = (r"(?:" + _PERCENT + r"|" + _NUMBER + r"\s+(?:\w+\s+){0,2}(?:cli[eëé]nten|personen|inwoners|huishoudens|"
            r"jongeren|kinderen|leerlingen|ouderen|deelnemers|plekken|plaatsen|woningen|trajecten|meldingen|"
            r"verwijzingen|uitkeringen|aanvragen|banen|procent))")  # not euros: a budget is no goal
# a direction or a bound of a target
_TARGET_WORD = (r"\b(?:" + alternatives(DIRECTION) + r"|verlagen|verhogen|verminderen|vergroten|terugbrengen|"
                + alternatives(BOUNDS, space=r"\s+") + r"|minder\s+dan|meer\s+dan|hooguit|stijgt|daalt|"
                r"t\.?\s?o\.?\s?v\.?|ten\s+opzichte\s+van)\b")
_TARGET_TERMS = re.compile(
    r"\bmeetba\w*|\bkwantific\w*|\b\w*indicator\w*|"
    + "|".join(rf"\b{w}\w*" for w in (TARGET_VALUE,) + BASELINE_VALUES[:3])
    + r"|\bKPI'?s?\b|\boperationele\s+doel\w*", _I)

_MONITOR_TERMS = re.compile(
    r"\bmonitor\w*|\b\w*indicator\w*|\bdashboard\w*|\brapportage\w*|\brapporte\w+|\bverantwoording\w*|"
    r"\bevaluatie\w*|\bge[eë]valueerd|\bevalueren|\bnulmeting\w*|\bmeting(?:en)?\b|\bmeten\b|\bgemeten\b|"
    r"\bbenchmark\w*|\bvoortgang\w*|\bbijstur\w*|\bplanning[- ]en[- ]control\w*|\bP&C\b|\bbegrotingscyclus\w*|"
    r"\b(?:jaar|kwartaal|maand|halfjaar)rapportage\w*|\bsturingsinformatie\b|\bmanagementinformatie\b|"
    r"\bvolgen\s+(?:we|wij)\b|\bwe\s+volgen\b|\bresultaatgericht\w*|\bop\s+koers\b", _I)
_FREQUENCY = re.compile(r"\b(?:jaarlijks|halfjaarlijks|maandelijks|per\s+(?:kwartaal|jaar|half\s?jaar)|"
                        r"elk(?:e)?\s+(?:jaar|kwartaal|half\s?jaar)|tussentijds\w*|periodiek\w*)\b", _I)

_PROJECT = re.compile(r"\b\w*(?:projecten|project|pilots?|initiatieven|experimenten|activiteiten|trajecten)\b", _I)
# restraint shown most plainly by choosing among projects (prioritising, phasing, stopping, merging) ...
_PROJECT_CHOICE = re.compile(
    r"\bkiezen\b|\bkeuzes?\b|\bprioriteit\w*|\bprioriter\w*|\bfaser\w*|\bbundel\w*|\bstoppen\b|\bgestopt\b|"
    r"\bafbouw\w*|\bafgebouwd\b|\bbe[eë]indig\w*|\bsamenvoeg\w*|\bsamengevoegd\b|\bschrapp?\w*|\bgeschrapt\b|"
    r"\bselecte\w+|\bgeselecteerd\b|\bminder\s+(?:\w+\s+)?projecten\b|\bgeen\s+nieuwe\b", _I)
# ... then by building on what exists (continuing, embedding, not throwing away) ...
_PROJECT_CONTINUE = re.compile(
    r"\bbestaande\b|\blopende\b|\bbouw\w*\s+(?:\w+\s+){0,2}verder\b|\bverder\s+op\b|\bvoortbouw\w*|\bborg\w*|"
    r"\bcontinuer\w*|\boverboord\b|\bkritisch\w*|\bvoortzett\w*|\bvoortgezet\b|\binbedden\b|\bingebed\b", _I)

_ROLE_NOUN = re.compile(
    r"\b\w*(?:coach|coaches|regisseur|regisseurs|aanjager|aanjagers|verbinder|verbinders|co[öo]rdinator|"
    r"co[öo]rdinatoren|consulent|consulenten|casemanager|casemanagers|kwartiermaker|contactpersoon|"
    r"aanspreekpunt|sleutelfiguur|sleutelfiguren|trekker|trekkers|ambassadeur|ambassadeurs|makelaar|makelaars)\b"
    r"|\b\w*(?:aanjagende|faciliterende|verbindende)\s+rol\b|\bregierol\b", _I)
_ROLE_PLACE = re.compile(
    r"\binzet\s+van\b|\bin\s+(?:alle|elke|iedere)\b|\bper\s+(?:wijk|school|praktijk|buurt)\b|\baanstel\w*|"
    r"\baangesteld\b|\baanwijz\w*|\baangewezen\b|\bbenoem\w*|\b(?:een|de)\s+\w*rol\b|\brol\s+(?:van|als)\b|"
    r"\bopdracht\b|\bverantwoordelijk\w*", _I)


def advice_forms(text: str) -> set[str]:
    """The kinds of form advice ``text`` (a recommendation, or one of its sentences) gives."""
    t = clean(text)
    return {form for form, rx in _ADVICE.items() if rx.search(t)}


def _mask_years(t: str) -> str:
    return _YEAR_AS_YEAR.sub(lambda m: (m.group("pre") or "") + "jaartal", t)


def _measurable(t: str) -> float:
    # years standing as years are masked first, so that "In 2022 kinderen ..." counts no 2022 children
    counted = re.search(_COUNTED, _mask_years(t), _I) is not None
    target = re.search(_TARGET_WORD, t, _I) is not None
    year = re.search(r"\b" + _YEAR + r"\b", t) is not None
    terms = _TARGET_TERMS.search(t) is not None
    # a quantified target: a counted quantity with a direction or bound, and a year
    if counted and target and year:
        return 1.0
    if terms:
        return 1.0 if (counted or year) else 0.75
    if counted and target:
        return 0.5
    # a quantity with a year but no direction or bound is a statistic (context), not a target
    return 0.25 if counted and year else 0.0


def _monitoring(t: str) -> float:
    terms = len(_MONITOR_TERMS.findall(t))
    freq = _FREQUENCY.search(t) is not None
    if terms and (freq or terms >= 2):
        return 1.0
    if terms:
        return 0.75
    return 0.25 if freq else 0.0


def _restraint(t: str) -> float:
    if not _PROJECT.search(t):
        return 0.0
    if _PROJECT_CHOICE.search(t):
        return 1.0
    return 0.5 if _PROJECT_CONTINUE.search(t) else 0.25


def _role(t: str) -> float:
    if not _ROLE_NOUN.search(t):
        return 0.0
    return 1.0 if _ROLE_PLACE.search(t) else 0.5


_SIGNALS = {MEASURABLE: _measurable, MONITORING: _monitoring, RESTRAINT: _restraint, ROLE: _role}


def form_signal(form: str, passage: str) -> float:
    """How clearly ``passage`` shows ``form`` (0: not at all, 1: plainly), e.g. for MEASURABLE a target with a
    counted quantity, a direction or bound and a year, or an indicator / streefwaarde; for MONITORING what is
    monitored and how often; for RESTRAINT choices among projects (prioritising, building on existing ones,
    stopping); for ROLE a named role given to professionals somewhere."""
    return _SIGNALS[form](clean(passage))
