import pytest

from nl.amounts import find_amounts, parse_number, unit_multiplier


@pytest.mark.parametrize("text,value", [("1.000", 1000), ("2,1", 2.1), ("1.592", 1592), ("6,5", 6.5),
                                        ("0", 0), ("1.000,50", 1000.5), ("2.1", 2.1), ("n.t.b.", None), ("", None)])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text,eur", [
    ("elk jaar €200.000, - beschikbaar gesteld", 200000),
    ("een fonds € 650.000,- beschikbaar", 650000),
    ("een bedrag van 1,75 miljoen euro per jaar", 1750000),
    ("nog een bedrag beschikbaar is van 158.000 euro.", 158000),
    ("in totaal € 2,5 mln", 2500000),
])
def test_find_amounts(text, eur):
    assert [a.eur for a in find_amounts(text)] == [eur]


def test_no_amount_inside_words_or_years():
    assert find_amounts("Financieel adviseur 2 uur") == []
    assert find_amounts("in 2019 en 2020") == []


@pytest.mark.parametrize("unit,mult", [("bedragen x € 1.000", 1000), ("* 1.000 euro", 1000),
                                       ("(bedragen *1 miljoen euro)", 1e6), ("in duizenden euro", 1000), (None, 1)])
def test_unit_multiplier(unit, mult):
    assert unit_multiplier(unit) == mult
