"""The territories that issue Dutch policy documents: the 12 provinces and the municipalities.

This is product knowledge of Dutch public administration, a closed list that changes only by
law (municipal mergers take effect on 1 January). Source and state: the municipalities as they
stood on **1 January 2024** (342, after the mergers of 2023: Voorne aan Zee, and of 2022: Dijk en
Waard, Land van Cuijk, Maashorst, Purmerend, Amsterdam with Weesp), listed per province from
the CBS classification "Gemeentelijke indeling op 1 januari 2024"; the provinces as named in
the Provinciewet (Fryslân also under its Dutch name Friesland). A few common short forms that
municipalities use in their own letterheads are added as aliases of the official name
("Den Haag" for 's-Gravenhage, "Den Bosch" for 's-Hertogenbosch, "Nuenen" for Nuenen, Gerwen
en Nederwetten).

The list is used to *recognise* a name that OCR read with a slip ("Qverijssel"), never to
reject a name that is absent: a new or merged municipality missing here only loses that
help (recall), and a place read exactly keeps counting without the list. Waterschappen are not
listed: no rule here reads a water board's territory.

:func:`snap` maps a read name to the listed name it is unambiguously a slip of.
"""
from __future__ import annotations

import functools
import re

from .analysis import fold

PROVINCE = "provincie"  # the same tier names as nl.bodies
MUNICIPALITY = "gemeente"

PROVINCES: tuple[str, ...] = (
    "Groningen", "Fryslân", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)

# Per province, as on 1 January 2024.
MUNICIPALITIES_BY_PROVINCE: dict[str, tuple[str, ...]] = {
    "Groningen": (
        "Eemsdelta", "Groningen", "Het Hogeland", "Midden-Groningen", "Oldambt", "Pekela", "Stadskanaal",
        "Veendam", "Westerkwartier", "Westerwolde",
    ),
    "Fryslân": (
        "Achtkarspelen", "Ameland", "Dantumadiel", "De Fryske Marren", "Harlingen", "Heerenveen", "Leeuwarden",
        "Noardeast-Fryslân", "Ooststellingwerf", "Opsterland", "Schiermonnikoog", "Smallingerland",
        "Súdwest-Fryslân", "Terschelling", "Tytsjerksteradiel", "Vlieland", "Waadhoeke", "Weststellingwerf",
    ),
    "Drenthe": (
        "Aa en Hunze", "Assen", "Borger-Odoorn", "Coevorden", "De Wolden", "Emmen", "Hoogeveen", "Meppel",
        "Midden-Drenthe", "Noordenveld", "Tynaarlo", "Westerveld",
    ),
    "Overijssel": (
        "Almelo", "Borne", "Dalfsen", "Deventer", "Dinkelland", "Enschede", "Haaksbergen", "Hardenberg",
        "Hellendoorn", "Hengelo", "Hof van Twente", "Kampen", "Losser", "Oldenzaal", "Olst-Wijhe", "Ommen",
        "Raalte", "Rijssen-Holten", "Staphorst", "Steenwijkerland", "Tubbergen", "Twenterand", "Wierden",
        "Zwartewaterland", "Zwolle",
    ),
    "Flevoland": ("Almere", "Dronten", "Lelystad", "Noordoostpolder", "Urk", "Zeewolde"),
    "Gelderland": (
        "Aalten", "Apeldoorn", "Arnhem", "Barneveld", "Berg en Dal", "Berkelland", "Beuningen", "Bronckhorst",
        "Brummen", "Buren", "Culemborg", "Doesburg", "Doetinchem", "Druten", "Duiven", "Ede", "Elburg", "Epe",
        "Ermelo", "Harderwijk", "Hattem", "Heerde", "Heumen", "Lingewaard", "Lochem", "Maasdriel",
        "Montferland", "Neder-Betuwe", "Nijkerk", "Nijmegen", "Nunspeet", "Oldebroek", "Oost Gelre",
        "Oude IJsselstreek", "Overbetuwe", "Putten", "Renkum", "Rheden", "Rozendaal", "Scherpenzeel", "Tiel",
        "Voorst", "Wageningen", "West Betuwe", "West Maas en Waal", "Westervoort", "Wijchen", "Winterswijk",
        "Zaltbommel", "Zevenaar", "Zutphen",
    ),
    "Utrecht": (
        "Amersfoort", "Baarn", "Bunnik", "Bunschoten", "De Bilt", "De Ronde Venen", "Eemnes", "Houten",
        "IJsselstein", "Leusden", "Lopik", "Montfoort", "Nieuwegein", "Oudewater", "Renswoude", "Rhenen",
        "Soest", "Stichtse Vecht", "Utrecht", "Utrechtse Heuvelrug", "Veenendaal", "Vijfheerenlanden",
        "Wijk bij Duurstede", "Woerden", "Woudenberg", "Zeist",
    ),
    "Noord-Holland": (
        "Aalsmeer", "Alkmaar", "Amstelveen", "Amsterdam", "Bergen", "Beverwijk", "Blaricum", "Bloemendaal",
        "Castricum", "Den Helder", "Diemen", "Dijk en Waard", "Drechterland", "Edam-Volendam", "Enkhuizen",
        "Gooise Meren", "Haarlem", "Haarlemmermeer", "Heemskerk", "Heemstede", "Heiloo", "Hilversum",
        "Hollands Kroon", "Hoorn", "Huizen", "Koggenland", "Landsmeer", "Laren", "Medemblik", "Oostzaan",
        "Opmeer", "Ouder-Amstel", "Purmerend", "Schagen", "Stede Broec", "Texel", "Uitgeest", "Uithoorn",
        "Velsen", "Waterland", "Wijdemeren", "Wormerland", "Zaanstad", "Zandvoort",
    ),
    "Zuid-Holland": (
        "Alblasserdam", "Albrandswaard", "Alphen aan den Rijn", "Barendrecht", "Bodegraven-Reeuwijk",
        "Capelle aan den IJssel", "Delft", "Dordrecht", "Goeree-Overflakkee", "Gorinchem", "Gouda",
        "Hardinxveld-Giessendam", "Hendrik-Ido-Ambacht", "Hillegom", "Hoeksche Waard", "Kaag en Braassem",
        "Katwijk", "Krimpen aan den IJssel", "Krimpenerwaard", "Lansingerland", "Leiden", "Leiderdorp",
        "Leidschendam-Voorburg", "Lisse", "Maassluis", "Midden-Delfland", "Molenlanden", "Nieuwkoop",
        "Nissewaard", "Noordwijk", "Oegstgeest", "Papendrecht", "Pijnacker-Nootdorp", "Ridderkerk", "Rijswijk",
        "Rotterdam", "Schiedam", "Sliedrecht", "'s-Gravenhage", "Teylingen", "Vlaardingen", "Voorne aan Zee",
        "Voorschoten", "Waddinxveen", "Wassenaar", "Westland", "Zoetermeer", "Zoeterwoude", "Zuidplas",
        "Zwijndrecht",
    ),
    "Zeeland": (
        "Borsele", "Goes", "Hulst", "Kapelle", "Middelburg", "Noord-Beveland", "Reimerswaal",
        "Schouwen-Duiveland", "Sluis", "Terneuzen", "Tholen", "Veere", "Vlissingen",
    ),
    "Noord-Brabant": (
        "Alphen-Chaam", "Altena", "Asten", "Baarle-Nassau", "Bergeijk", "Bergen op Zoom", "Bernheze", "Best",
        "Bladel", "Boekel", "Boxtel", "Breda", "Cranendonck", "Deurne", "Dongen", "Drimmelen", "Eersel",
        "Eindhoven", "Etten-Leur", "Geertruidenberg", "Geldrop-Mierlo", "Gemert-Bakel", "Gilze en Rijen",
        "Goirle", "Halderberge", "Heeze-Leende", "Helmond", "'s-Hertogenbosch", "Heusden", "Hilvarenbeek",
        "Laarbeek", "Land van Cuijk", "Loon op Zand", "Maashorst", "Meierijstad", "Moerdijk",
        "Nuenen, Gerwen en Nederwetten", "Oirschot", "Oisterwijk", "Oosterhout", "Oss", "Reusel-De Mierden",
        "Roosendaal", "Rucphen", "Sint-Michielsgestel", "Someren", "Son en Breugel", "Steenbergen", "Tilburg",
        "Valkenswaard", "Veldhoven", "Vught", "Waalre", "Waalwijk", "Woensdrecht", "Zundert",
    ),
    "Limburg": (
        "Beek", "Beekdaelen", "Beesel", "Bergen", "Brunssum", "Echt-Susteren", "Eijsden-Margraten", "Gennep",
        "Gulpen-Wittem", "Heerlen", "Horst aan de Maas", "Kerkrade", "Landgraaf", "Leudal", "Maasgouw",
        "Maastricht", "Meerssen", "Mook en Middelaar", "Nederweert", "Peel en Maas", "Roerdalen", "Roermond",
        "Simpelveld", "Sittard-Geleen", "Stein", "Vaals", "Valkenburg aan de Geul", "Venlo", "Venray",
        "Voerendaal", "Weert",
    ),
}

# Short forms a municipality uses for itself, and the official name they stand for.
MUNICIPALITY_ALIASES: dict[str, str] = {
    "Den Haag": "'s-Gravenhage",
    "Den Bosch": "'s-Hertogenbosch",
    "Nuenen": "Nuenen, Gerwen en Nederwetten",
}
PROVINCE_ALIASES: dict[str, str] = {"Friesland": "Fryslân"}

# Tiers whose list is complete: no province has been added since Flevoland (1986), and a new one takes a
# constitutional amendment, so a "provincie X" with X not listed but one OCR slip from a listed name is
# that province. Municipalities merge and take new names every year: an unlisted one may be new.
COMPLETE = frozenset({PROVINCE})

# Bergen (Noord-Holland) and Bergen (Limburg) share one name: it is one entry of the list.
MUNICIPALITIES: tuple[str, ...] = tuple(sorted({m for ms in MUNICIPALITIES_BY_PROVINCE.values() for m in ms}))


def names(tier: str) -> tuple[str, ...]:
    """The listed names of territories of kind ``tier`` (``PROVINCE`` or ``MUNICIPALITY``), with aliases."""
    if tier == PROVINCE:
        return PROVINCES
    if tier == MUNICIPALITY:
        return MUNICIPALITIES + tuple(MUNICIPALITY_ALIASES)
    raise ValueError(f"unknown tier: {tier!r}")


def letters(text: str) -> str:
    """The letters of ``text``, lower case, accents folded (:func:`nl.analysis.fold`): what an OCR
    reading and a listed name are compared on ("Súdwest-Fryslân" -> "sudwestfryslan",
    "\\)verijssel" -> "verijssel")."""
    return re.sub(r"[^a-z]", "", fold(text))


def radius(name: str) -> int:
    """How many letters OCR may have got wrong in a listed ``name`` for a reading still to be taken
    for it: none below 5 letters ("Ede", "Oss", "Goes"), 1 for 5 to 8, 2 for longer names."""
    n = len(letters(name))
    return 0 if n < 5 else 1 if n <= 8 else 2


@functools.lru_cache(maxsize=4)
def _keys(tier: str) -> tuple[tuple[str, str], ...]:
    return tuple((letters(n), n) for n in names(tier))


@functools.lru_cache(maxsize=4096)
def snap(text: str, tier: str) -> str | None:
    """The listed territory of kind ``tier`` that ``text`` (a name as read, possibly with OCR
    slips) is, or None. ``text`` snaps to the listed name at the smallest edit distance
    (Levenshtein, on :func:`letters`) when that distance is within the name's :func:`radius`
    and no other listed name is as close: "Qverijssel" -> "Overijssel", but a reading as near
    to "Rheden" as to "Rhenen" snaps to neither. The name is returned as listed ("Den Haag"
    stays "Den Haag", an alias of 's-Gravenhage)."""
    from rapidfuzz.distance import Levenshtein

    read = letters(text)
    if not read:
        return None
    best: list[tuple[int, str]] = []
    for key, name in _keys(tier):
        d = Levenshtein.distance(read, key, score_cutoff=radius(name))
        if d <= radius(name):
            best.append((d, name))
    if not best:
        return None
    d = min(b[0] for b in best)
    nearest = [n for dist, n in best if dist == d]
    # the name as listed (an alias stays the alias the logo reads); two names of one territory are no ambiguity
    return nearest[0] if len({_official(n, tier) for n in nearest}) == 1 else None


def _official(name: str, tier: str) -> str:
    aliases = PROVINCE_ALIASES if tier == PROVINCE else MUNICIPALITY_ALIASES
    return aliases.get(name, name)


def listed(name: str, tier: str) -> bool:
    """Whether ``name`` is a listed territory of kind ``tier`` exactly (letters compared)."""
    key = letters(name)
    return any(key == k for k, _ in _keys(tier))
