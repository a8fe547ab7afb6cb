"""Place names in capitals that start with an article ("GEMEENTE DE BILT"): in capitals every word
looks like a name, so the list of places decides; an unlisted one is not taken."""
from __future__ import annotations

from nl.bodies import MUNICIPALITY, PROVINCE, place_name, territory_mentions


def _places(text: str, tier: str = MUNICIPALITY) -> list[str]:
    return [m.place for m in territory_mentions(text, tier)]


def test_listed_names_with_an_article_in_capitals():
    assert _places("GEMEENTE DE BILT") == ["De Bilt"]
    assert _places("GEMEENTE DEN HAAG\n") == ["Den Haag"]
    assert _places("GEMEENTE HET HOGELAND") == ["Het Hogeland"]
    assert _places("GEMEENTE 'S-HERTOGENBOSCH") == ["'s-Hertogenbosch"]
    assert _places("BURGEMEESTER EN WETHOUDERS VAN DE RONDE VENEN,") == ["De Ronde Venen"]


def test_headings_and_unlisted_names_in_capitals_give_no_place():
    assert _places("IN DE GEMEENTE DE BEST MOGELIJKE ZORG") == []
    assert _places("GEMEENTE DE ZUIDSTAD") == []  # not listed: as before the list was used
    assert _places("GEMEENTE DE BILT", PROVINCE) == []  # a municipality is no province
    assert _places("WAAR GEEFT DE GEMEENTE AAN UIT?") == []


def test_mixed_case_and_capitals_without_an_article_are_read_by_shape_as_before():
    assert _places("gemeente De Bilt") == ["De Bilt"]
    assert _places("de gemeente De Zuidstad") == ["De Zuidstad"]  # shape decides in mixed case
    assert _places("GEMEENTE ZUIDSTAD") == ["Zuidstad"]


def test_place_name_needs_the_tier_for_capitals_with_an_article():
    assert place_name("DE BILT") is None
    assert place_name("DE BILT", MUNICIPALITY) == "De Bilt"
    assert place_name("DE ZUIDSTAD", MUNICIPALITY) is None
    assert place_name("Hof van Twente") == "Hof van Twente"
