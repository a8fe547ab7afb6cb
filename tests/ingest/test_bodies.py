"""nl.bodies: governing bodies without a place, and the territories a text names."""
from __future__ import annotations

from nl.bodies import MUNICIPALITY, PROVINCE, bare_body, territory_mentions, with_territory


def _places(text: str, tier: str) -> list[tuple[str, bool]]:
    return [(m.place, m.strong) for m in territory_mentions(text, tier)]


def test_bare_bodies_and_their_territory():
    assert bare_body("Gedeputeerde Staten") == PROVINCE
    assert bare_body("het college van Gedeputeerde Staten") == PROVINCE
    assert bare_body("Provinciale Staten") == PROVINCE
    assert bare_body("College van B&W") == MUNICIPALITY
    assert bare_body("College van burgemeester en wethouders") == MUNICIPALITY
    assert bare_body("Gemeenteraad") == MUNICIPALITY
    assert bare_body("gemeente") == MUNICIPALITY and bare_body("Provincie") == PROVINCE
    for named in ("Gedeputeerde Staten van Noordland", "College van B&W, gemeente Zuidstad", "Gemeente Zuidstad",
                  "Provincie Noordland", "Rekenkamer Zuidstad", None, ""):
        assert bare_body(named) is None, named


def test_place_names_as_dutch_writes_them():
    assert _places("de gemeente Bergen op Zoom heeft", MUNICIPALITY) == [("Bergen op Zoom", False)]
    assert _places("in de gemeente Den Haag", MUNICIPALITY) == [("Den Haag", False)]
    assert _places("de gemeente 's-Hertogenbosch", MUNICIPALITY) == [("'s-Hertogenbosch", False)]
    assert _places("gemeente Oude IJsselstreek.\n", MUNICIPALITY) == [("Oude IJsselstreek", False)]
    assert _places("PROVINCIE NOORD-WAARD\n", PROVINCE) == [("Noord-Waard", False)]
    # a second capitalised word that goes on the sentence is not part of the name
    assert _places("de gemeente Zuidstad Het college besluit", MUNICIPALITY) == [("Zuidstad", False)]
    assert _places("Provinciale Staten van\nNoordland", PROVINCE) == [("Noordland", True)]
    assert _places("burgemeester en wethouders van Zuidstad,", MUNICIPALITY) == [("Zuidstad", True)]


def test_no_place_where_none_is_named():
    # plural, a sentence start, a body of the other tier, the territory without a name
    assert _places("de gemeenten Oostdorp en Westdorp", MUNICIPALITY) == []
    assert _places("De provincie Het beleid", PROVINCE) == []
    assert _places("de provincie. De gemeente", PROVINCE) == []
    assert _places("Gedeputeerde Staten van Noordland", MUNICIPALITY) == []
    assert _places("de gemeente Zuidstad", PROVINCE) == []


def test_body_with_its_territory():
    assert with_territory("Gedeputeerde Staten", PROVINCE, "Noordland") == "Gedeputeerde Staten van Noordland"
    assert with_territory("het College van B&W", MUNICIPALITY, "Zuidstad") == "College van B&W, gemeente Zuidstad"
    assert with_territory("gemeenteraad", MUNICIPALITY, "Zuidstad") == "Gemeenteraad van Zuidstad"
    assert with_territory("gemeente", MUNICIPALITY, "Zuidstad") == "Gemeente Zuidstad"
    assert with_territory("Provincie", PROVINCE, "Noordland") == "Provincie Noordland"


def test_no_place_across_a_line_break_or_in_capitals_of_a_sentence():
    # "de gemeente" ends a line; the next line is a heading or a table cell
    assert _places("uitgevoerd door de gemeente\nGemeenschappelijke regeling Afval", MUNICIPALITY) == []
    assert _places("Taken van de provincie\n\nCommunicatie 25.000", PROVINCE) == []
    # a heading in capitals: "AAN" is a word of the sentence, not a place
    assert _places("WAAR GEEFT DE GEMEENTE AAN UIT?", MUNICIPALITY) == []
    # a college without "van"/"gemeente" before the next word names no place
    assert _places("College van B&W\nOnderwerp: subsidie", MUNICIPALITY) == []
    # a second capitalised word before a colon is a label, not part of the name
    assert _places("inhuur gemeente Zuidstad Bron: eigen analyse", MUNICIPALITY) == [("Zuidstad", False)]


def test_place_shapes_from_the_review():
    """Capitals letterheads keep their connecting words and the IJ digraph; a capitalised Dutch word after
    'gemeente' ("Onze ambitie") is not a place."""
    from nl.bodies import MUNICIPALITY, territory_mentions

    def places(text: str) -> list[str]:
        return [m.place for m in territory_mentions(text, MUNICIPALITY)]

    assert places("GEMEENTE HOF VAN TWENTE") == ["Hof van Twente"]
    assert places("GEMEENTE IJSSELSTEIN") == ["IJsselstein"]
    assert places("PROVINCIE ZUID-HOLLAND") == [] and places("gemeente Capelle aan den IJssel") == ["Capelle aan den IJssel"]
    assert places("De gemeente Onze ambitie is groot.") == [] and places("gemeente Welke keuze") == []
