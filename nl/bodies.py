"""Dutch governing bodies and the territory each one governs.

A province is governed by Gedeputeerde Staten (GS, the executive), Provinciale Staten (PS,
the assembly) and the Commissaris van de Koning; a municipality by the college van
burgemeester en wethouders (B&W), the gemeenteraad and the burgemeester. Named without a
place ("Gedeputeerde Staten hebben besloten"), such a body says only which *kind* of
territory issues a text; the text itself may name the territory: "provincie Noordland",
"Provinciale Staten van Noordland", "de gemeente Zuidstad", "burgemeester en wethouders van
Zuidstad". This module knows the bodies and how Dutch writes those mentions; it knows no
list of places (a place is a capitalised name where a place name stands). The list of
provinces and municipalities is ``nl.places``; only the logo reader uses it, to recognise
an OCR slip of a listed name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .places import listed

PROVINCE = "provincie"
MUNICIPALITY = "gemeente"

# A governing body named without its place, and the kind of territory it governs.
_BARE_BODIES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"(?:het college van )?gedeputeerde staten", re.I), PROVINCE),
    (re.compile(r"provinciale staten", re.I), PROVINCE),
    (re.compile(r"(?:de )?commissaris van de koning", re.I), PROVINCE),
    (re.compile(r"(?:(?:het )?college van )?(?:b\s?(?:&|en)\s?w|burgemeester en wethouders)", re.I), MUNICIPALITY),
    (re.compile(r"(?:de )?gemeenteraad", re.I), MUNICIPALITY),
    (re.compile(r"(?:de )?burgemeester", re.I), MUNICIPALITY),
    # the territory itself without its name (a PDF's author field: "Provincie", "gemeente")
    (re.compile(r"(?:de )?provincie", re.I), PROVINCE),
    (re.compile(r"(?:de )?gemeente", re.I), MUNICIPALITY),
]

_UPPER = "A-ZÀ-ÖØ-Þ"
# One word of a place name: "Noordland", "Zuid-Holland", "IJsselstad", "ZUIDSTAD".
_WORD = rf"[{_UPPER}][\w'’]*(?:-[\w'’]+)*"
# Dutch words that stand capitalised at a sentence start where a place name could stand.
_NOT_A_PLACE = (r"(?i:De|Het|Een|En|In|Op|Te|Tot|Om|Als|Of|Met|Bij|Voor|Van|Aan|Wij|Zij|Ik|U|Uw|Ons|Onze|Dit|"
                r"Deze|Die|Dat|Er|Zo|Ook|Nu|Dan|Wat|Welke|Wie|Hoe|Waar|Waarom|Alle|Elke|Ieder|Iedere|Volg|Zie|"
                r"Hierbij|Namens|Raad|Gedeputeerde|Provinciale|Staten|College|Gemeente|Provincie)\b")
# A place name: an optional article ("Den Haag", "De Bilt", "'s-Gravenhage"), a word, and
# a second part joined by a connecting word ("Bergen op Zoom", "Capelle aan den IJssel",
# "Hof van Twente") or a second capitalised word that ends the line or clause
# ("Oude IJsselstreek."), never across a line break.
PLACE = (rf"(?:(?:Den|De|Het|DEN|DE|HET) (?={_WORD})|['’][sS]-)?(?!{_NOT_A_PLACE}){_WORD}"
         rf"(?: (?i:aan den|aan de|aan|op|van|ter|bij) (?!{_NOT_A_PLACE}){_WORD}"
         rf"| (?!{_NOT_A_PLACE}){_WORD}(?=[ \t]*(?:[\n,.;]|$)))?")

# Mentions of a territory, per kind. ``strong``: the body itself with its place
# ("Gedeputeerde Staten van Noordland"), or the territory as a body's seat; ``plain``: the
# territory as a noun phrase ("provincie Noordland", "gemeente Zuidstad"), singular only
# ("de gemeenten Zuidstad en Oostdorp" names others, not the issuer).
_STRONG = {
    PROVINCE: [r"\b(?:Gedeputeerde|Provinciale|GEDEPUTEERDE|PROVINCIALE) (?i:staten) (?i:van) (?P<place>{p})",
               r"\b(?i:commissaris van de koning) (?i:in) (?:(?i:de provincie) )?(?P<place>{p})"],
    MUNICIPALITY: [r"\b(?i:college van) (?:(?i:b\s?(?:&|en)\s?w)|(?i:burgemeester en wethouders))"
                   r"(?:,? (?i:gemeente)| (?i:van)(?: (?i:de gemeente))?) (?P<place>{p})",
                   r"\b(?i:burgemeester en wethouders) (?i:van) (?:(?i:de gemeente) )?(?P<place>{p})",
                   r"\b(?i:gemeenteraad) (?i:van) (?P<place>{p})",
                   r"\b(?i:de raad) (?i:van de gemeente) (?P<place>{p})",
                   r"\b(?i:burgemeester) (?i:van) (?:(?i:de gemeente) )?(?P<place>{p})"],
}
_PLAIN = {
    PROVINCE: [r"\b(?i:provincie) (?P<place>{p})"],
    MUNICIPALITY: [r"\b(?i:gemeente) (?P<place>{p})"],
}
# The assembly a body reports to: a letter of GS is addressed to the Provinciale Staten of
# its own province, one of the college to its own council, so such an addressee still
# names the issuer's territory.
_ASSEMBLY = re.compile(r"^(?i:provinciale staten|gemeenteraad|de raad)\b")


def _compile(patterns: dict[str, list[str]], strong: bool) -> dict[str, list[re.Pattern]]:
    # the words of a body may be split over lines ("Provinciale Staten van / Noordland");
    # a bare territory noun and its place stand on one line ("de gemeente" at a line's
    # end is followed by a heading or a table cell, not by a name)
    before_place = r"\s+" if strong else r"[ \t]+"
    return {tier: [re.compile(p.replace(" (?P<place>", "{sep}(?P<place>").replace(" ", r"\s+")
                              .format(p=PLACE, sep=before_place))
                   for p in ps] for tier, ps in patterns.items()}


_STRONG_RE = _compile(_STRONG, strong=True)
_PLAIN_RE = _compile(_PLAIN, strong=False)


@dataclass(frozen=True)
class TerritoryMention:
    place: str
    start: int  # where the mention starts in the text (the body or the noun)
    end: int
    strong: bool  # the body named with its place, not only the territory
    assembly: bool  # the mention names the assembly (Provinciale Staten, gemeenteraad)


def bare_body(name: str | None) -> str | None:
    """The kind of territory (``PROVINCE`` or ``MUNICIPALITY``) a governing body named
    without its place governs; None when ``name`` is no such bare body."""
    name = " ".join((name or "").split()).strip(" ,.")
    for pattern, tier in _BARE_BODIES:
        if pattern.fullmatch(name):
            return tier
    return None


def territory_mentions(text: str, tier: str) -> list[TerritoryMention]:
    """Every place ``text`` names as a territory of kind ``tier``, in text order; a strong
    mention is not counted again as the plain one inside it."""
    found: list[TerritoryMention] = []
    for strong, table in ((True, _STRONG_RE), (False, _PLAIN_RE)):
        for pattern in table.get(tier, []):
            for m in pattern.finditer(text):
                if any(f.start <= m.start("place") < f.end for f in found):
                    continue
                place = _tidy_place(m.group("place"))
                if _capitals_with_article(m.group("place")) and not listed(place, tier):
                    continue
                found.append(TerritoryMention(place, m.start(), m.end(), strong, bool(_ASSEMBLY.match(m.group(0)))))
    return sorted(found, key=lambda f: f.start)


def with_territory(body: str, tier: str, place: str) -> str:
    """The body named with its place, as Dutch administrations write it:
    "Gedeputeerde Staten van Noordland", "College van B&W, gemeente Zuidstad"."""
    body = " ".join(body.split()).strip(" ,.")
    body = re.sub(r"^(?:het|de)\s+", "", body, flags=re.I)
    body = body[0].upper() + body[1:]
    if body.lower() in (PROVINCE, MUNICIPALITY):
        return f"{body} {place}"
    if tier == MUNICIPALITY and body.lower().startswith("college"):
        return f"{body}, gemeente {place}"
    return f"{body} van {place}"


def place_name(text: str, tier: str | None = None) -> str | None:
    """``text`` as a place name (tidied) when it has the shape of one in full, else None.
    A name in capitals that starts with an article needs ``tier`` and must be listed there
    (see :func:`_capitals_with_article`)."""
    text = " ".join(text.split())
    if not _PLACE_RE.fullmatch(text):
        return None
    place = _tidy_place(text)
    if _capitals_with_article(text) and (tier is None or not listed(place, tier)):
        return None
    return place


def _capitals_with_article(place: str) -> bool:
    """A place read in capitals that starts with an article: "DE BILT", "DEN HELDER", "HET
    HOGELAND", "'S-HERTOGENBOSCH". In capitals every word looks like a name, so word shape cannot
    tell such a name from a heading that goes on ("GEMEENTE DE BEST MOGELIJKE ZORG"); the list of
    places (:mod:`nl.places`) decides, and an unlisted one is not taken (as before it was read)."""
    return place.isupper() and bool(re.match(r"(?:DEN|DE|HET) |['’]S-", place))


_PLACE_RE = re.compile(PLACE)


def _tidy_place(place: str) -> str:
    place = " ".join(place.split())
    if place.isupper():  # a letterhead in capitals: "PROVINCIE NOORDLAND", "GEMEENTE HOF VAN TWENTE"
        small = {"aan", "den", "de", "op", "van", "ter", "bij"}
        words = place.lower().split(" ")
        place = " ".join(w if i and w in small else _capitalise(w) for i, w in enumerate(words))
    return place


def _capitalise(word: str) -> str:
    """'ijsselstein' -> 'IJsselstein' (the Dutch digraph IJ is capitalised as one letter), 'zuid-holland' ->
    'Zuid-Holland'."""
    return "-".join(("IJ" + part[2:]) if part.startswith("ij") else part[:1].upper() + part[1:]
                    for part in word.split("-"))


# A governing body signing a letter: "Burgemeester en wethouders," or "Gedeputeerde
# Staten van Noordland," at the start of the signature, ended by a comma or the line.
_SIGNING_BODY = re.compile(r"\s*((?i:(?:het )?college van (?:burgemeester en wethouders|b\s?(?:&|en)\s?w)|"
                           r"burgemeester en wethouders|(?:het college van )?gedeputeerde staten)"
                           rf"(?:\s+(?i:van)\s+{PLACE})?)[ \t]*(?:,|\n|$)")


def signing_body(signature: str) -> str | None:
    """The governing body that a letter's signature (the text after "Met vriendelijke
    groet,") starts with, as written, with its place if it has one; None when it starts
    otherwise. The signing officers ("de secretaris, de burgemeester") are no body."""
    m = _SIGNING_BODY.match(signature)
    return " ".join(m.group(1).split()) if m else None
