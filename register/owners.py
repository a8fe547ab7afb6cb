"""Owners: bestuurlijk opdrachtgever, ambtelijk opdrachtgever, programmamanager, portefeuillehouder.

Found as a role word followed by names as written, in a contract's header
("Opdrachtgever Bestuurlijk Eugéne van Mierlo e.vanmierlo@almelo.nl Ambtelijk Said
Benayad ...", "Bestuurlijk opdrachtgever X & Y") or a budget programme page
("Portefeuillehouder: J. de Vries"). A name is one to four capitalised words with
Dutch particles (van, de, der, ten, ...) or initials; it ends at an e-mail
address, a phone number, a label (Datum, Startdatum, ...) or the next role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from beleid.types import OwnerOutcome, OwnerStatus

ROLE_RE = re.compile(
    r"\b(?P<role>(?:Bestuurlijk|Ambtelijk)(?:\s+[Oo]pdrachtgever(?:s)?)?|Programmamanager|Portefeuillehouder(?:s)?|"
    r"Projectleider|Programmaleider|Verantwoordelijk\s+wethouder|Wethouder)\b\s*:?\s*")
ROLE_NAMES = {
    "bestuurlijk": "bestuurlijk opdrachtgever", "ambtelijk": "ambtelijk opdrachtgever",
    "programmamanager": "programmamanager", "portefeuillehouder": "portefeuillehouder",
    "projectleider": "projectleider", "programmaleider": "programmamanager",
    "verantwoordelijk wethouder": "portefeuillehouder", "wethouder": "portefeuillehouder",
}
PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le", "du", "von", "da", "di"}
LABELS = {"datum", "startdatum", "einddatum", "bijlagen", "bijlage", "versie", "status", "telefoon", "tel", "email",
          "e-mail", "afdeling", "opdrachtgever", "opdrachtnemer", "samenvatting", "inleiding", "voorziene", "kenmerk",
          "programma", "programmacontract", "portefeuille", "team", "gemeente", "college", "directie", "openbaar",
          "raadsvoorstel", "collegevoorstel", "besluit", "onderwerp", "is", "heeft", "namens",
          "overleg", "bestuur", "belang", "kader", "verantwoordelijk", "verantwoordelijke"}
TITLES = {"adjunct-directeur", "directeur", "wethouder", "burgemeester", "gemeentesecretaris", "mevrouw", "mw.", "dhr.",
          "de heer", "mr.", "drs.", "ir.", "dr."}
_TITLE_IN_LIST = re.compile(r"(?<=[\s,;(])(?:wethouder|burgemeester)\s+(?=[A-Z])")
_CAP = re.compile(r"^(?:[A-ZÀ-Ý][a-zà-ÿ'’\-]+|[A-Z]\.(?:[A-Z]\.)*)$")


@dataclass
class OwnerDraft:
    role: str
    name: str
    page: int
    evidence: str
    title: str | None = None  # the office holding the role ("burgemeester"), where printed


def _names(text: str) -> list[str]:
    """Names at the start of ``text``, split at '&', 'en' and ','."""
    names, current = [], []
    words = text.split()
    while words and words[0].lower() in TITLES:
        words = words[1:]
    for raw in words:
        tok = raw.strip(",;")
        if len(tok) > 2 and tok.endswith(".") and _CAP.match(tok[:-1]) and current:
            current.append(tok[:-1])  # the sentence ends after the surname: "wethouder R. Jansen."
            break
        low = tok.lower()
        if "@" in tok or re.search(r"\d", tok) or low in LABELS or ROLE_RE.match(tok):
            break
        if tok in ("&", "en", "+", "/") or raw.endswith(","):
            if raw.endswith(",") and _CAP.match(tok):
                current.append(tok)
            if current:
                names.append(current)
            current = []
            if tok in ("&", "en", "+", "/") or raw.endswith(","):
                continue
        if _CAP.match(tok):
            if len([t for t in current if t.lower() not in PARTICLES]) >= 3:
                break
            current.append(tok)
        elif low in PARTICLES and current:
            current.append(tok)
        else:
            break
    if current:
        names.append(current)
    out = []
    for parts in names:
        while parts and parts[-1].lower() in PARTICLES:
            parts = parts[:-1]
        caps = [p for p in parts if p.lower() not in PARTICLES]
        if len(caps) >= 2:
            out.append(" ".join(parts))
    return out


def find_owners(texts: list[tuple[int, str]]) -> list[OwnerDraft]:
    """(page, text) pairs in reading order -> owners, first mention of each (role, name) kept."""
    out, seen = [], set()
    for page, text in texts:
        text = " ".join(text.split())
        for m in ROLE_RE.finditer(text):
            role_word = " ".join(m.group("role").split()).lower()
            key = role_word.split()[0] if role_word.split()[0] in ("bestuurlijk", "ambtelijk") else role_word.rstrip("s")
            role = ROLE_NAMES.get(key, ROLE_NAMES.get(role_word, role_word))
            names = _names(text[m.end():m.end() + 120])
            if role == "portefeuillehouder":
                # more holders on the same line: "wethouder M. Bakker (jeugd) en wethouder P. van den Berg (werk)"
                nxt = ROLE_RE.search(text, m.end())
                window = text[m.end():min(nxt.start() if nxt else len(text), m.end() + 240)]
                for t in _TITLE_IN_LIST.finditer(window):
                    names += [n for n in _names(window[t.start():]) if n not in names]
            for name in names:
                if (role, name) in seen or any(_same_person(name, o.name) for o in out):
                    continue
                seen.add((role, name))
                out.append(OwnerDraft(role, name, page, evidence=text[m.start():m.end() + 60].strip()))
    return out


def _same_person(a: str, b: str) -> bool:
    """'A. Agus' and 'Angela Agus', 'Eugéne van Mierlo' and 'E.J.F.M. van Mierlo' name the same person."""
    ta, tb = a.split(), b.split()
    if ta[-1].lower() != tb[-1].lower():
        return False
    return ta[0][0].lower() == tb[0][0].lower() and (ta[0].endswith(".") or tb[0].endswith("."))


# --- issue 13: owners stated in sentences, roles held by an office, "no owner named" -------------

_TITLE_WORDS = (r"(?:wethouder|burgemeester|adjunct[- ]directeur|algemeen\s+directeur|directeur|gemeentesecretaris|"
                r"concerncontroller|teamleider|afdelingshoofd|mevrouw|de heer|dhr\.|mw\.)")
_ROLE_PHRASE = (r"(?P<role>(?:bestuurlijk|ambtelijk)e?\s+(?:opdrachtgever|verantwoordelijke?|eigenaar)|"
                r"programmamanager|programma-?manager|programmaleider|programma-?adviseur|programma-?eigenaar|"
                r"portefeuillehouder|projectleider)")
_CAPW = r"(?-i:[A-ZÀ-Ý])[\w'’\-]*"
_NAME = (rf"(?P<name>(?:(?-i:[A-Z])\.(?:(?-i:[A-Z])\.)*\s?|{_CAPW}|(?:van|de|der|den|ten|ter)\b)"
         rf"(?:\s+(?:{_CAPW}|van|de|der|den|ten|ter)\b){{0,4}})")
# "Wethouder van Rees is bestuurlijk opdrachtgever", "Adjunct-directeur Said Benayad is ambtelijk
# opdrachtgever", "Wethouder X is namens het college bestuurlijk verantwoordelijk voor het programma"
_SUBJECT_IS_ROLE = re.compile(rf"(?:^|[.;:]\s+|\b)(?P<title>{_TITLE_WORDS})\s+{_NAME}\s+is\s+(?:namens\s+het\s+college\s+|"
                              rf"(?:de\s+)?exclusie[fv]e?\s+|de\s+|het\s+)*{_ROLE_PHRASE}", re.I)
# "De programmamanager is Janke Krommendijk", "De ambtelijk opdrachtgever is adjunct directeur Said Benayad"
_ROLE_IS_NAME = re.compile(rf"\b(?:de|het)\s+{_ROLE_PHRASE}\s+is\s+(?:(?P<title>{_TITLE_WORDS})\s+)?{_NAME}", re.I)
# "de programma-adviseur (Sander Weertman)"
_ROLE_PAREN = re.compile(rf"\b(?:de|het)\s+{_ROLE_PHRASE}\s+\(\s*{_NAME}\s*\)", re.I)
# a role held by an office, no person named: "De burgemeester is (exclusief) bestuurlijk opdrachtgever",
# "de burgemeester als portefeuillehouder openbare orde", "Ambtelijk opdrachtgever Algemeen Directeur."
_OFFICE_IS_ROLE = re.compile(rf"\b(?:de|het)\s+(?P<title>burgemeester|wethouder|college|directie|algemeen\s+directeur|"
                             rf"gemeentesecretaris)\s+(?:is\s+(?:exclusie[fv]e?\s+|de\s+)*|als\s+){_ROLE_PHRASE}", re.I)
_ROLE_OFFICE = re.compile(rf"(?:^|\d\s+){_ROLE_PHRASE}\s*:?\s+(?P<title>algemeen\s+directeur|burgemeester|directeur|"
                          rf"gemeentesecretaris|de\s+burgemeester)\b", re.I)
# a role defined by its responsibility without a name: "De programmamanager Binnenstad is verantwoordelijk voor
# het realiseren van de doelstellingen", "Programmamanager/ lijn manager Veiligheid in 1 functie"
_ROLE_DEFINED = (re.compile(rf"\b(?:de|het)\s+{_ROLE_PHRASE}(?:\s+[A-Z][\w\-]+)?\s+is\s+(?:\(eind\)|eind)?verantwoordelijk",
                            re.I),
                 re.compile(rf"(?:^|\d\s+){_ROLE_PHRASE}\s*/\s*\w", re.I))


def _role_of(phrase: str) -> str:
    p = " ".join(phrase.lower().replace("-", "").split())
    if p.startswith("bestuurlijk"):
        return "bestuurlijk opdrachtgever"
    if p.startswith("ambtelijk"):
        return "ambtelijk opdrachtgever"
    if p.startswith("programmamanager") or p.startswith("programmaleider"):
        return "programmamanager"
    if p.startswith("programmaadviseur"):
        return "programma-adviseur"
    if p.startswith("programmaeigenaar"):
        return "programma-eigenaar"
    return ROLE_NAMES.get(p, p)


def _clean_name(name: str) -> str | None:
    words = name.split()
    while words and (words[-1].lower() in PARTICLES or words[-1].lower() in LABELS or words[-1].lower() in ("is", "en")):
        words = words[:-1]
    while words and words[0].lower() in ("de", "het"):
        words = words[1:]
    caps = [w for w in words if w[:1].isupper()]
    if not caps or any(w.lower() in LABELS for w in caps):
        return None
    return " ".join(words)


@dataclass
class StatedOwner:
    role: str
    name: str  # "" when the role is held by an office or only defined
    page: int
    evidence: str
    title: str | None = None


def find_owner_statements(texts: list[tuple[int, str]]) -> list[StatedOwner]:
    """Owners stated in sentences (see the patterns above), first mention of each kept."""
    named: list[StatedOwner] = []
    unnamed: list[StatedOwner] = []
    for page, text in texts:
        t = " ".join(text.split())
        for rx in (_SUBJECT_IS_ROLE, _ROLE_IS_NAME, _ROLE_PAREN):
            for m in rx.finditer(t):
                name = _clean_name(m.group("name"))
                if name is None:
                    continue
                named.append(StatedOwner(_role_of(m.group("role")), name, page, m.group(0).strip(" .;:"),
                                         (m.groupdict().get("title") or None)))
        for rx in (_OFFICE_IS_ROLE, _ROLE_OFFICE):
            for m in rx.finditer(t):
                unnamed.append(StatedOwner(_role_of(m.group("role")), "", page, m.group(0).strip(" .;:"),
                                           " ".join(m.group("title").split()).lower()))
        for rx in _ROLE_DEFINED:
            for m in rx.finditer(t):
                unnamed.append(StatedOwner(_role_of(m.group("role")), "", page, t[m.start():m.end() + 60].strip()))
    out: list[StatedOwner] = []
    for o in named:
        if not any(o.role == k.role and (o.name == k.name or _same_person(o.name, k.name)) for k in out):
            out.append(o)
    for o in unnamed:
        if not any(o.role == k.role for k in out):
            out.append(o)
    return out


def merge_owners(listed: list[OwnerDraft], stated: list[StatedOwner]) -> list[OwnerDraft]:
    """Owners from role labels and from sentences together. A person whose role a sentence
    states ("Wethouder X is bestuurlijk opdrachtgever") is not also a portefeuillehouder just
    because "Wethouder" precedes the name; a role without a name only where nobody named holds it."""
    out: list[OwnerDraft] = []
    stated_people = [s for s in stated if s.name]
    for d in listed:
        if d.role == "portefeuillehouder" and any(_same_person(d.name, s.name) or d.name == s.name
                                                  for s in stated_people if s.role != "portefeuillehouder"):
            continue
        out.append(d)
    for s in stated:
        if s.name and any(o.role == s.role and (o.name == s.name or _same_person(o.name, s.name)) for o in out):
            continue
        if not s.name and any(o.role == s.role for o in out):
            continue
        out.append(OwnerDraft(s.role, s.name, s.page, s.evidence, s.title))
    return out


_MENTION = re.compile(r"\b(portefeuillehouder|wethouder|opdrachtgever|programmamanager)\b[^.]{0,80}", re.I)


def owner_outcomes(doc_id: str, owners: list, texts: list[tuple[int, str]], programmes: list[str | None],
                   programme_at=None) -> list[OwnerOutcome]:
    """One outcome per programme (``programmes``; [None] for a single-programme document).
    ``programme_at(page)`` says which programme a page belongs to (mentions are quoted from
    the programme's own pages)."""
    out = []
    for prog in programmes:
        mine = [o for o in owners if prog is None or o.programme is None or o.programme == prog]
        if mine:
            out.append(OwnerOutcome(doc_id, prog, OwnerStatus.NAMED,
                                    "; ".join(sorted({f"{o.role}: {o.name or '(functie)'}" for o in mine}))))
            continue
        own = [(p, t) for p, t in texts if prog is None or programme_at is None or programme_at(p) == prog]
        mentions = [(p, " ".join(m.group(0).split())) for p, t in own for m in _MENTION.finditer(t)][:3]
        reason = ("geen portefeuillehouder, opdrachtgever of programmamanager genoemd"
                  + (" voor programma " + prog if prog else " in het document"))
        if mentions:
            reason += ("; wel genoemd, maar niet als eigenaar van het programma: "
                       + "; ".join(f"p. {p}: '{m}'" for p, m in mentions))
        out.append(OwnerOutcome(doc_id, prog, OwnerStatus.NONE_NAMED, reason))
    return out
