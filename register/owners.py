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
          "raadsvoorstel", "collegevoorstel", "besluit", "onderwerp", "is", "heeft", "namens"}
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
