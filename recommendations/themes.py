"""Theme lexicon: the issues that evaluations of Dutch municipalities (social
domain, and local government in general) keep reporting.

This is the product's own domain knowledge, written from the vocabulary of
Dutch local-government evaluations (rekenkamer reports, evaluations of the
decentralisations, organisation scans), not from any particular document. It
lets the system see that "te weinig mankracht" (2018) and "chronische
onderbezetting op beleidsfuncties" (2024) are the same issue, which an
embedding model trained on English text does not.

Each :class:`ThemeDef` has a Dutch label and weighted *terms*. A term is
matched on the folded (lower case, no accents) word sequence of a text:

* ``onderbezet*``: a word starting with "onderbezet" (inflections, derivations);
* ``*capaciteit*``: a word containing "capaciteit" (compounds such as
  "beleidscapaciteit");
* ``te weinig tijd``: consecutive words; ``kennis* ~ verloren``: the two parts
  at most six words apart.

A theme applies to a text when the weights of its distinct matched terms add
up to at least :data:`MIN_SCORE`; weight 1 terms name the issue on their own,
weight 0.5 terms only together with another term. Texts get every theme that
applies (multi-label), with its score.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from nl.analysis import words
from nl.patterns import one_of, pick
from nl.targets import DEADLINE_PREPOSITIONS

MIN_SCORE = 1.0
STRONG, WEAK = 1.0, 0.5


@dataclass(frozen=True)
class ThemeDef:
    key: str
    label: str  # Dutch theme name, shown to users
    strong: tuple[str, ...]  # terms that name the issue on their own
    weak: tuple[str, ...] = ()  # supporting terms
    expand: tuple[str, ...] = field(default=())  # extra plain query words for retrieval

    def terms(self) -> list[tuple[str, float]]:
        return [(t, STRONG) for t in self.strong] + [(t, WEAK) for t in self.weak]


THEMES: tuple[ThemeDef, ...] = (
    ThemeDef(
        "capaciteit", "capaciteit, werkdruk en onderbezetting",
        strong=("*capaciteit*", "werkdruk*", "onderbezet*", "onderbemens*", "mankracht", "caseload*",
                "bemensing", "*personeelstekort*", "tekort* aan personeel", "tekort* aan medewerkers",
                "overbelast*", "te weinig mensen", "te weinig handen", "handen tekort", "te weinig tijd",
                "te veel taken", "krappe bezetting", "formatie* ~ te krap", "te weinig ruimte en mankracht",
                "uitval* ~ medewerker*", "moeilijk* vervulbare vacature*", "onvervulde vacature*"),
        weak=("formatie*", "vacature*", "uitval*", "tijd kwijt", "te weinig ruimte", "kwetsba* ~ capaciteit*",
              "personeel*", "fte", "uren"),
        expand=("capaciteit", "formatie", "bezetting", "personeel", "medewerkers", "werkdruk", "caseload")),
    ThemeDef(
        "continuiteit", "onrust, verloop en wisselingen: kennisverlies en continuïteit",
        strong=("reorganisatie*", "onrust*", "verloop", "personeelsverloop", "*wisselingen", "wisseling van*",
                "kennisverlies", "kennis* ~ verloren", "expertise ~ verloren", "ervaring ~ verloren",
                "continuiteit*", "discontinuiteit*", "kennisconcentratie", "wisselende bezetting",
                "vaste aanspreekpunt*", "vaste gezicht*", "werk toe naar rust", "rust in de organisatie",
                "rust binnen de*", "verandermoeheid"),
        weak=("verloren gegaan", "vertrek*", "stabiel*", "rust", "kennis* ~ belegd bij*", "demotivatie",
              "herstructurer*", "nieuwe structuur", "interim*", "afhankelijk* van ~ person*"),
        expand=("continuiteit", "stabiliteit", "verloop", "kennisborging", "reorganisatie")),
    ThemeDef(
        "monitoring", "monitoring, sturing en de beleidscyclus (PDCA)",
        strong=("monitor*", "pdca*", "plan do check act", "check en act", "check en de act", "bijstur*",
                "beleidscyclus", "indicator*", "sleutelindicator*", "kpi", "kpis", "prestatie-indicator*",
                "nulmeting*", "dashboard*", "data gedreven", "datagedreven", "informatiegestuurd*",
                "zicht op ~ effect*", "zicht op ~ resultat*", "zicht op ~ uitkomst*", "effectmeting*",
                "tussentijds* ~ rapportage*", "evaluatiemoment*", "meten en ~ rapporter*",
                "planning en control", "p c cyclus", "beleidsevaluatie*", "worden gevolgd", "gevolgd kunnen worden"),
        weak=("verantwoording", "rapportage*", "metingen", "meten", "sturen op", "sturing", "evalueren",
              "geevalueerd", "data", "cijfers", "effecten", "resultaten", "informatie"),
        expand=("monitoring", "indicatoren", "verantwoording", "meten", "rapportage", "sturing", "evaluatie")),
    ThemeDef(
        "doelen", "SMART en meetbare doelen",
        strong=("smart", "meetba*", "concretiser*", "geconcretiseerd", "concrete doel*", "concreter",
                "streefwaarde*", "streefcijfer*", "operationele doel*", "kwantific*", "gekwantificeerd*",
                "tijdgebonden", "rode draad", "doelen ~ uitgewerkt", "uitwerk* ~ doel*", "heldere doel*",
                "duidelijke doel*", "doelstellingen ontbreken", "ontbreken* ~ doelstelling*"),
        weak=("doelstelling*", "doelen", "doel", "resultaat*", "indicator*", "ambitie*", "concrete"),
        expand=("doelen", "doelstellingen", "meetbaar", "concreet", "operationele", "streefwaarde", "indicatoren")),
    ThemeDef(
        "projecten", "te veel projecten en pilots, onvoldoende borging",
        strong=("projectencarrousel", "borg*", "geborgd", "inbed*", "ingebed*", "verankering",
                "verankeren", "veranker*", "nieuwe projecten", "nieuwe pilots", "te veel projecten",
                "veel projecten", "vele projecten", "veel pilots", "vele pilots", "veel programma*", "hoeveelheid aan programma*",
                "hoeveelheid projecten", "structureel ~ maken", "reguliere structuur", "regulier* beleid",
                "opschal*", "terughoudend*", "projectmatig*", "waan van de dag"),
        weak=("project*", "pilot*", "experiment*", "programma*", "prioriteit*", "prioriter*", "faseren",
              "geleerde lessen", "successen", "reguliere*", "structureel", "initiatieven", "tijdelijk*"),
        expand=("projecten", "pilots", "borging", "structureel", "prioriteren", "bestaande")),
    ThemeDef(
        "opdrachtgeverschap", "opdrachtgeverschap, inkoop en sturen op resultaat bij aanbieders",
        strong=("opdrachtgever*", "inkoop*", "ingekocht", "contractmanag*", "contractbeheer", "accountmanag*",
                "sturen op resultaat", "sturing op resultaat", "resultaatgericht*", "resultaatsturing",
                "op resultaat", "op uren", "in plaats van uren", "op effecten", "prestatieafspra*",
                "afspraken met ~ aanbieder*", "aanbieders ~ afspraken", "bekostiging*", "financieringsvorm*",
                "aanbesteding*", "subsidierelatie*", "subsidievoorwaarde*", "zorgaanbieder*"),
        weak=("*aanbieder*", "contract*", "subsidie*", "leverancier*", "marktpartij*", "productie",
              "uren", "resultaat", "kwaliteit"),
        expand=("opdrachtgever", "aanbieders", "inkoop", "contract", "resultaatgericht", "sturen", "bekostiging")),
    ThemeDef(
        "toegang", "toegang: laagdrempelig, vindbaar en zonder wachtlijsten",
        strong=("toegang*", "laagdrempelig*", "loket*", "fysieke plek", "wachtlijst*", "wachttijd*",
                "vindba*", "weten niet ~ waar", "niet weet waar", "toegankelijk*", "bereikbaarheid",
                "binnenstappen", "binnenlopen", "inlooppunt*", "een ingang", "1 loket", "eerste aanspreekpunt"),
        weak=("versnipper*", "bereikba*", "wijkteam*", "intake*", "aanmeld*", "drempel*", "digitaal",
              "telefonisch", "in de wijk"),
        expand=("toegang", "laagdrempelig", "wijkteam", "loket", "wachtlijst", "aanspreekpunt")),
    ThemeDef(
        "preventie", "preventie en voorliggende voorzieningen",
        strong=("preventi*", "vroegsignal*", "vroegtijdig*", "voorliggend*", "algemene voorziening*",
                "algemene, voorliggende", "collectie* aanbod", "collectieve voorziening*", "lichte ondersteuning",
                "voorkomen ~ zware", "erger voorkomen", "welzijnsaanbod", "welzijnswerk", "nuldelijn",
                "voorveld"),
        weak=("welzijn*", "voorkom*", "algemene", "lichte", "eerder ~ signaler*", "zware zorg", "zwaardere zorg"),
        expand=("preventie", "preventief", "voorliggend", "welzijn", "vroegsignalering", "voorzieningen")),
    ThemeDef(
        "samenwerking", "samenwerking en afstemming met partners",
        strong=("samenwerk*", "afstem*", "ketenpartner*", "ketensamenwerking", "maatschappelijke partner*",
                "slimme verbinding*", "aanjager*", "aanjag*", "verbinder*", "domeinoverstijgend*",
                "integrale aanpak", "integraal werken", "integraal samen", "over de domeinen",
                "tussen zorg en werk", "netwerkpartner*", "samen met ~ partner*"),
        weak=("partner*", "integra*", "verbinding*", "verbind*", "overleg*", "netwerk*", "gebiedsgericht*",
              "huisarts*", "onderwijs", "versnipper*"),
        expand=("samenwerking", "partners", "afstemming", "verbinden", "integraal", "netwerk")),
    ThemeDef(
        "participatie", "inwonersparticipatie, burgerinitiatieven en eigen kracht",
        strong=("burgerinitiatie*", "bewonersinitiatie*", "inwonersinitiatie*", "initiatieven van ~ inwoners",
                "initiatieven van ~ bewoners", "ideeen van ~ inwoners", "ideeen ~ bij inwoners",
                "energie en ideeen", "co creatie", "cocreatie", "inspraak", "burgerparticipatie",
                "clientparticipatie", "bewonersparticipatie", "inwonersparticipatie", "leefwereld",
                "gelijkwaardige gesprekspartner", "abcd", "asset based", "informele inzet", "informele zorg",
                "formeel met informeel", "eigen kracht", "zelfredzaam*", "samenredzaam*", "faciliter* ~ inwoners",
                "inwoners ~ betrekken", "betrekken van ~ inwoners", "right to challenge", "wijkagenda*"),
        weak=("faciliter*", "vrijwillig*", "mantelzorg*", "ideeen", "inwoners", "bewoners", "informele*",
              "talenten", "sociale netwerk*", "participatie", "overnemen"),
        expand=("inwoners", "initiatieven", "participatie", "faciliteren", "informele", "eigen kracht")),
    ThemeDef(
        "kosten", "kosten, budget en financiële tekorten",
        strong=("kosten", "kostenbeheersing", "kostenbesparing*", "bespar*", "bezuinig*", "uitgaven",
                "budget*", "budgetoverschrijding*", "overschrijd*", "financiele tekort*", "tekorten",
                "grip op ~ kosten", "grip op ~ uitgaven", "grip op ~ financien", "lagere kosten",
                "kostenstijging*", "duurder", "begroting* ~ overschreden", "financiele kader*"),
        weak=("financi*", "begroting*", "middelen", "geld", "euro", "efficien*", "doelmatig*"),
        expand=("kosten", "budget", "financieel", "uitgaven", "besparing")),
    ThemeDef(
        "communicatie", "communicatie en verwachtingen",
        strong=("communic*", "verwachting*", "voorlichting", "helderder", "wat ~ verwacht kan worden",
                "duidelijkheid over", "informeren van inwoners"),
        weak=("helder*", "duidelijk*", "informeren", "uitleg*"),
        expand=("communicatie", "verwachtingen", "informeren")),
    ThemeDef(
        "regie", "regie en één plan per huishouden",
        strong=("regie*", "*regisseur*", "casusregie", "regiefunctie", "regierol", "1 gezin 1 plan",
                "1gezin1plan*", "1huishouden1plan*", "een gezin een plan", "een huishouden een plan",
                "een plan ~ huishouden", "multiprobleem*", "mpg*", "complexe hulpvra*", "complexe problematiek",
                "meervoudige problematiek", "zware problematiek", "maatwerk*"),
        weak=("huishouden*", "gezin*", "complexe", "casus*", "wijkcoach*", "integrale steun"),
        expand=("regie", "huishouden", "plan", "wijkcoach", "maatwerk")),
    ThemeDef(
        "overzicht", "informatievoorziening en overzicht van aanbod",
        strong=("informatievoorziening", "informatie uitwisseling", "informatieuitwisseling", "uitwisseling van ~ informatie",
                "overzicht van ~ aanbod", "overzicht van ~ voorzieningen", "overzicht van ~ zorgaanbod",
                "sociale kaart", "in kaart breng*", "brengen ~ in kaart", "breng ~ in kaart", "vlekkenkaart",
                "overzicht ontbreekt", "geen ~ overzicht", "weinig zicht op", "onvoldoende zicht", "geen zicht op"),
        weak=("overzicht*", "zicht op", "informatie*", "inzicht*", "aanbod"),
        expand=("overzicht", "aanbod", "informatie", "kaart", "inzicht")),
    ThemeDef(
        "regeldruk", "regeldruk, registratie en bureaucratie",
        strong=("regeldruk", "registratie*", "registreren", "administrati*", "bureaucrat*", "vinkjes",
                "belemmerende regels", "te veel regels", "verantwoordingslast*", "papierwerk", "formulier*",
                "regels ~ afhaken"),
        weak=("regels", "procedure*", "verantwoording", "controle*"),
        expand=("regels", "registratie", "administratieve", "lasten", "vereenvoudigen")),
    ThemeDef(
        "beleid_uitvoering", "verbinding tussen beleid en uitvoering: processen en werkafspraken",
        strong=("beleid en uitvoering", "beleid naar uitvoering", "uitvoering en beleid", "beleid ~ uitvoering ~ verbinding",
                "procesbeschrijving*", "werkproces*", "afwegingskader*", "werkafspra*", "werkwijze*",
                "uniforme*", "standaardiser*", "gestandaardiseerd*", "doorvertaald", "doorvertaling", "vertaling van beleid"),
        weak=("uitvoering", "processen", "proces", "kaders", "beleidskader*"),
        expand=("uitvoering", "werkprocessen", "afspraken", "beleid")),
    ThemeDef(
        "rollen", "rollen, verantwoordelijkheden en eigenaarschap",
        strong=("eigenaarschap", "proceseigenaar*", "verantwoordelijkheden", "wie waarvoor verantwoordelijk",
                "wie waarvan is", "waar wat belegd", "taken en verantwoordelijkheden", "taken verantwoordelijkheden",
                "bevoegdheden", "tvb*", "rolverdeling", "rolonderscheid*", "rollen ~ helder", "rollen ~ duidelijk",
                "afbakening ~ rollen", "knopen door ~ hakken", "mandaat", "rugdekking"),
        weak=("rollen", "rol", "verantwoordelijk*", "belegd", "taken", "eigenaar*"),
        expand=("rollen", "verantwoordelijkheden", "taken", "eigenaarschap")),
    ThemeDef(
        "visie", "visie, koers en richting",
        strong=("visie*", "koers", "rode draad", "richting ~ organisatie", "waar de organisatie naartoe",
                "reactief beleid", "reactief"),
        weak=("uitgangspunten", "why", "richting", "ambitie*", "strategi*", "transformatie*", "beleidsplan*", "opgave*"),
        expand=("visie", "koers", "uitgangspunten", "richting", "opgaven")),
    ThemeDef(
        "draagvlak", "bestuurlijk draagvlak, vertrouwen en professionele ruimte",
        strong=("draagvlak", "bestuurlijk*", "regelruimte", "professionele ruimte", "ruimte voor ~ professional*",
                "professional ruimte", "loslaten", "handelingsruimte", "dekking vanuit", "vertrouwen"),
        weak=("bestuur*", "raad", "college", "ruimte", "politie*"),
        expand=("bestuur", "draagvlak", "ruimte", "vertrouwen", "professionals")),
    ThemeDef(
        "deskundigheid", "deskundigheid, competenties en leren",
        strong=("competentie*", "deskundigheid*", "deskundigheidsbevordering", "scholing", "training*",
                "intervisie", "leren van elkaar", "lerende organisatie", "professionaliser*", "kennisdeling",
                "kennis delen", "opleid*", "cursus*", "vakmanschap"),
        weak=("kennis*", "expertise", "uitwisseling", "leren", "kunde", "ervaring*"),
        expand=("kennis", "competenties", "scholing", "deskundigheid", "leren")),
    ThemeDef(
        "mantelzorg", "mantelzorgers en vrijwilligers",
        strong=("mantelzorg*", "vrijwilliger*", "vrijwilligerswerk", "respijtzorg", "informele zorg*",
                "overbelast* ~ mantelzorg*"),
        weak=("informele*", "vrijwillig*", "ondersteuning"),
        expand=("mantelzorg", "vrijwilligers", "ondersteuning")),
    ThemeDef(
        "werk_inkomen", "werk, inkomen en armoede",
        strong=("werkloos*", "werkloosheid", "arbeidsmarkt*", "participatiewet", "uitkering*", "re integratie",
                "reintegratie", "werk en inkomen", "armoede*", "schuldhulp*", "schuldhulpverlening",
                "schuldenproblematiek", "minima*", "werkplein", "werkzoekend*", "arbeidsparticipatie", "banen"),
        weak=("werk", "schulden", "inkomen", "ondernemers", "werkgever*"),
        expand=("werk", "inkomen", "arbeidsmarkt", "uitkering", "armoede")),
    ThemeDef(
        "kwaliteit", "kwaliteit en kwaliteitsborging",
        strong=("kwaliteitsborging", "kwaliteitssysteem", "kwaliteitskader*", "kwaliteitseisen", "toezicht",
                "kwaliteit van ~ dienstverlening", "kwaliteit van ~ zorg", "kwaliteit van ~ ondersteuning",
                "klanttevredenheid", "clientervaring*", "klachten"),
        weak=("kwaliteit*", "tevreden*", "zorgvuldig*", "fouten"),
        expand=("kwaliteit", "toezicht", "tevredenheid")),
)

BY_KEY = {t.key: t for t in THEMES}


def _term_regex(term: str) -> str:
    parts = [p for p in term.split("~")]
    out = []
    for part in parts:
        toks = part.split()
        pieces = []
        for tok in toks:
            lead, trail = tok.startswith("*"), tok.endswith("*")
            core = re.escape(tok.strip("*"))
            pieces.append(("[a-z0-9]*" if lead else "") + core + ("[a-z0-9]*" if trail else ""))
        out.append(" ".join(pieces))
    # '~': up to six words in between
    body = "(?: [a-z0-9]+){0,6} ".join(out)
    return r"(?<![a-z0-9])" + body + r"(?![a-z0-9])"


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[ThemeDef, tuple[tuple[str, float, re.Pattern], ...]], ...]:
    return tuple((t, tuple((term, w, re.compile(_term_regex(term))) for term, w in t.terms())) for t in THEMES)


def normalise(text: str) -> str:
    """Folded word sequence: 'Één Data-gedreven KPI's' -> 'een data gedreven kpi s'."""
    return " ".join(words(text or ""))


@dataclass(frozen=True)
class ThemeMatch:
    key: str
    label: str
    score: float
    terms: tuple[str, ...]  # the matched terms (lexicon notation)


def match_terms(text: str, theme: ThemeDef) -> list[tuple[str, float]]:
    norm = " " + normalise(text) + " "
    for t, compiled in _compiled():
        if t.key == theme.key:
            return [(term, w) for term, w, rx in compiled if rx.search(norm)]
    return []


def themes_of(text: str, min_score: float = MIN_SCORE) -> list[ThemeMatch]:
    """The themes a text expresses, best first (multi-label)."""
    norm = normalise(text)
    out = []
    for t, compiled in _compiled():
        hits = [(term, w) for term, w, rx in compiled if rx.search(norm)]
        score = sum(w for _, w in hits)
        if score >= min_score and any(w == STRONG for _, w in hits):
            out.append(ThemeMatch(t.key, t.label, round(score, 2), tuple(term for term, _ in hits)))
    out.sort(key=lambda m: (-m.score, m.key))
    return out


def surface(term: str) -> list[str]:
    """Plain words of a term, for query expansion ('*capaciteit*' -> ['capaciteit'])."""
    return [w.strip("*") for w in term.replace("~", " ").split() if len(w.strip("*")) >= 3]


def expansion_terms(text: str, max_themes: int = 3) -> list[str]:
    """Words to add to a retrieval query for ``text``: the strong terms and the
    expansion words of its best themes."""
    out: list[str] = []
    for m in themes_of(text)[:max_themes]:
        t = BY_KEY[m.key]
        for term in t.strong:
            out.extend(surface(term))
        out.extend(t.expand)
    seen: set[str] = set()
    return [w for w in out if not (w in seen or seen.add(w))]


# a quantified target with a year ('met 200 cliënten in 2022', 'naar 80% in 2025'): a measurable goal
TARGET = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|procent|\w+)?(?:\s+\w+){0,3}\s+"
                    + one_of(pick(DEADLINE_PREPOSITIONS, "in", "voor", "uiterlijk", "eind", "per")) + r"\s+20\d\d\b", re.I)
TARGET_THEME, TARGET_WEIGHT = "doelen", WEAK


def theme_scores(text: str) -> dict[str, float]:
    """Raw score per theme (sum of the matched terms' weights, no threshold): a
    graded signal for ranking passages."""
    norm = normalise(text)
    out: dict[str, float] = {}
    for t, compiled in _compiled():
        score = sum(w for _, w, rx in compiled if rx.search(norm))
        if score:
            out[t.key] = score
    if TARGET.search(text or ""):
        out[TARGET_THEME] = out.get(TARGET_THEME, 0.0) + TARGET_WEIGHT
    return out


def theme_weights(text: str, max_themes: int = 3) -> dict[str, float]:
    """The text's best themes with weights that add up to 1."""
    best = themes_of(text)[:max_themes]
    total = sum(m.score for m in best)
    return {m.key: m.score / total for m in best} if total else {}


# Dutch policy synonyms: a recommendation's word -> words a plan may use for it
SYNONYMS: dict[str, tuple[str, ...]] = {
    "smart": ("meetbare", "meetbaar", "concreet", "operationele", "doelstellingen", "streefwaarde", "indicatoren"),
    "concreter": ("geconcretiseerd", "concretiseren", "uitgewerkt", "operationele"),
    "concreet": ("geconcretiseerd", "uitgewerkt", "operationele"),
    "gevolgd": ("monitoren", "monitoring", "indicatoren", "verantwoording", "rapportage"),
    "volgen": ("monitoren", "monitoring", "indicatoren"),
    "aanjagers": ("aanjagende", "aanjager", "verbinders", "kartrekkers"),
    "aanjager": ("aanjagende", "verbinder", "kartrekker"),
    "verbindingen": ("verbinden", "samenwerking", "partners"),
    "faciliteren": ("faciliterend", "faciliterende", "ondersteunen", "ruimte"),
    "ideeen": ("initiatieven", "inbreng", "voorstellen"),
    "energie": ("initiatieven", "betrokkenheid", "inzet"),
    "inwoners": ("burgers", "bewoners"),
    "opdrachtgeversrol": ("opdrachtgever", "regie", "contractmanagement", "inkoop"),
    "resultaat": ("resultaatgericht", "effecten", "prestaties", "outcome"),
    "uren": ("bekostiging", "financiering", "productie"),
    "terughoudend": ("prioriteiten", "faseren", "kiezen", "keuzes", "beperken"),
    "projecten": ("pilots", "experimenten", "activiteiten", "trajecten", "initiatieven"),
    "borg": ("borgen", "borging", "structureel", "inbedden", "opschalen", "bestaande"),
    "successen": ("succesvolle", "opschalen", "resultaten"),
    "voorzieningen": ("aanbod", "welzijnsaanbod", "voorliggend", "activiteiten"),
    "preventieve": ("preventie", "preventieagenda", "vroegsignalering", "voorliggend"),
    "behoeften": ("behoefte", "vraag", "aansluiten", "wensen"),
    "laagdrempelig": ("toegankelijk", "dichtbij", "nabij", "wijk"),
    "caseload": ("formatie", "capaciteit", "werkdruk"),
    "capaciteit": ("formatie", "bezetting", "mensen", "medewerkers"),
    "monitoring": ("indicatoren", "meten", "rapportage", "dashboard", "verantwoording"),
    "regie": ("regierol", "coordinatie", "plan"),
    "communiceren": ("communicatie", "informeren", "voorlichting", "voorlichten"),
    "kosten": ("budget", "financien", "middelen", "uitgaven"),
    "participatie": ("inspraak", "betrekken", "meedenken", "initiatieven"),
}


def synonyms(text: str) -> list[str]:
    out: list[str] = []
    for w in words(text or ""):
        out.extend(SYNONYMS.get(w, ()))
    seen: set[str] = set()
    return [w for w in out if not (w in seen or seen.add(w))]
