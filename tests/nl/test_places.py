"""The list of Dutch provinces and municipalities, and snapping an OCR reading to it."""
from __future__ import annotations

import pytest

from nl.places import (COMPLETE, MUNICIPALITIES, MUNICIPALITIES_BY_PROVINCE, MUNICIPALITY, PROVINCE, PROVINCES,
                       letters, listed, names, radius, snap)


def test_the_list_is_the_2024_state():
    # 342 municipalities on 1 January 2024, per province as CBS lists them
    counts = {p: len(ms) for p, ms in MUNICIPALITIES_BY_PROVINCE.items()}
    assert counts == {"Groningen": 10, "Fryslân": 18, "Drenthe": 12, "Overijssel": 25, "Flevoland": 6,
                      "Gelderland": 51, "Utrecht": 26, "Noord-Holland": 44, "Zuid-Holland": 50, "Zeeland": 13,
                      "Noord-Brabant": 56, "Limburg": 31}
    assert sum(counts.values()) == 342
    assert len(MUNICIPALITIES) == 341  # Bergen (NH) and Bergen (L) are one name
    assert all(len(set(ms)) == len(ms) for ms in MUNICIPALITIES_BY_PROVINCE.values())
    assert set(MUNICIPALITIES_BY_PROVINCE) <= set(PROVINCES)
    # merged away before 2024: not listed
    for gone in ("Weesp", "Brielle", "Hellevoetsluis", "Langedijk", "Heerhugowaard", "Boxmeer", "Uden"):
        assert not listed(gone, MUNICIPALITY)
    assert listed("Den Haag", MUNICIPALITY) and listed("'s-Gravenhage", MUNICIPALITY)
    assert PROVINCE in COMPLETE and MUNICIPALITY not in COMPLETE
    with pytest.raises(ValueError):
        names("waterschap")


def test_letters_and_radius():
    assert letters("Súdwest-Fryslân") == "sudwestfryslan"
    assert letters("\\)verijssel") == "verijssel"
    assert letters("Ove rij sse |") == "overijsse"
    assert (radius("Ede"), radius("Goes"), radius("Almelo"), radius("Deventer"), radius("Overijssel")) == (0, 0, 1, 1, 2)


def test_an_ocr_slip_snaps_to_the_listed_name():
    # the readings of the real Overijssel logo: a stroke through the "O"
    for read in ("Overijssel", "Qverijssel", "Dverijssel", "\\)verijssel", "Ove rij sse", "Q) ver jssel",
                 "OVERIJSSEL"):
        assert snap(read, PROVINCE) == "Overijssel", read
    assert snap("Fryslan", PROVINCE) == "Fryslân"  # an accent OCR dropped
    assert snap("Zuid Holland", PROVINCE) == "Zuid-Holland"
    assert snap("Almeio", MUNICIPALITY) == "Almelo"
    assert snap("Den Haag", MUNICIPALITY) == "Den Haag"  # an alias stays the name the logo uses


def test_too_far_or_too_short_does_not_snap():
    assert snap("Qvcrijsscl", PROVINCE) is None  # three slips in a 10-letter name
    assert snap("Almcio", MUNICIPALITY) is None  # two slips in a 6-letter name
    assert snap("Edo", MUNICIPALITY) is None  # a 3-letter name must be read exactly
    assert snap("Ede", MUNICIPALITY) == "Ede"
    assert snap("womeeQverijssel", PROVINCE) is None  # the noun glued to the name
    assert snap("", PROVINCE) is None and snap("|", PROVINCE) is None


def test_the_level_is_a_separate_list():
    assert snap("Qverijssel", MUNICIPALITY) is None  # a province, no municipality
    assert snap("Almeio", PROVINCE) is None
    # the same name at both levels
    assert snap("Qroningen", PROVINCE) == snap("Qroningen", MUNICIPALITY) == "Groningen"


def test_a_reading_as_near_to_two_listed_names_snaps_to_neither():
    # Rheden (Gelderland) and Rhenen (Utrecht) differ in one letter
    assert snap("Rheden", MUNICIPALITY) == "Rheden"
    assert snap("Rhenen", MUNICIPALITY) == "Rhenen"
    assert snap("Rheken", MUNICIPALITY) is None  # one slip from both
    assert snap("Rhedon", MUNICIPALITY) == "Rheden"  # one slip from Rheden, two from Rhenen
    assert snap("Wuerden", MUNICIPALITY) is None  # Wierden / Woerden
    assert snap("Ommen", MUNICIPALITY) == "Ommen" and snap("Qmmen", MUNICIPALITY) is None  # Emmen / Ommen
