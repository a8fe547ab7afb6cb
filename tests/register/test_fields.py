from conftest import make_blocks

from beleid.types import Table
from register.budgets import find_budgets, from_text_tables
from register.indicators import find_indicators, split_value_year
from register.owners import find_owners
from register.smart import assess


def test_owners_header_and_ampersand():
    got = find_owners([(2, "Opdrachtgever Bestuurlijk Anna de Boer a.deboer@stad.nl Ambtelijk Piet Jansen "
                           "p.jansen@stad.nl Programmamanager Kees van der Berg 06-12345678 Startdatum 2019"),
                       (3, "Bestuurlijk opdrachtgever Jan Smit & Els Bakker Ambtelijk opdrachtgever Ria Vos Datum 1 mei"),
                       (9, "Programmamanager K. van der Berg is opdrachtnemer.")])
    assert [(o.role, o.name) for o in got] == [
        ("bestuurlijk opdrachtgever", "Anna de Boer"), ("ambtelijk opdrachtgever", "Piet Jansen"),
        ("programmamanager", "Kees van der Berg"), ("bestuurlijk opdrachtgever", "Jan Smit"),
        ("bestuurlijk opdrachtgever", "Els Bakker"), ("ambtelijk opdrachtgever", "Ria Vos")]


def test_no_owner_without_a_name():
    assert find_owners([(1, "in overleg met zowel Ambtelijk als Bestuurlijk Opdrachtgever besproken")]) == []


def test_indicator_table():
    t = Table("d", 7, 0, (0, 0, 1, 1), ("Indicator", "Peilwaarde (jaartal)", "2024", "2025", "Bron"),
              (("Aantal deelnemers", "12 (2022)", "n.t.b.", "20", "Monitor"),))
    [ind] = find_indicators([t], [])
    assert (ind.baseline, ind.baseline_year, ind.targets, ind.source) == ("12", "2022", {"2024": "n.t.b.", "2025": "20"}, "Monitor")
    assert split_value_year("2,1 (2017)") == ("2,1", "2017")


def test_budget_table_unit_and_continuation():
    t1 = Table("d", 15, 0, (0, 0, 1, 1), ("Activiteiten (bedragen x € 1.000)", "Budget 2024", "Budget 2025"),
               (("Wijkteams", "200", ""), ("Inkoop", "1.250", "150")), unit="bedragen x € 1.000")
    t2 = Table("d", 16, 0, (0, 0, 1, 1), ("Toezicht", "50", ""), (("Totaal", "1.500", "150"),))
    got = [(b.item, b.amount_eur, b.year, b.is_total) for b in find_budgets([t1, t2], [])]
    assert got == [("Wijkteams", 200000, "2024", False), ("Inkoop", 1250000, "2024", False),
                   ("Inkoop", 150000, "2025", False), ("Toezicht", 50000, "2024", False),
                   ("Totaal", 1500000, "2024", True), ("Totaal", 150000, "2025", True)]


def test_budget_table_flattened_in_text():
    text = ("Verdeling middelen 2024 2025 Communicatie 30.000 20.000 | Activiteiten m.b.t. energie 100.000 | 90.000 "
            "onderzoek en opwek Totaal 130.000 110.000 Revolverend fonds 650.000 Regulier budget wordt niet uit het "
            "programma betaald en ook niet uit andere middelen van het programma.")
    rows, spans = from_text_tables(text, 4)
    assert [(b.amount_eur, b.year, b.is_total) for b in rows] == [
        (30000, "2024", False), (20000, "2025", False), (100000, "2024", False), (90000, "2025", False),
        (130000, "2024", True), (110000, "2025", True), (650000, None, False)]
    assert rows[2].item == "Activiteiten m.b.t. energie onderzoek en opwek"


def test_budget_sentences_need_a_budget_word():
    blocks = make_blocks("Het kabinet heeft een eigen bijdrage van € 17,50 per 4 weken ingevoerd.",
                         "In 2024 en 2025 is voor de innovaties een bedrag van 1,75 miljoen euro per jaar beschikbaar gesteld.")
    [b] = find_budgets([], blocks)
    assert (b.amount_eur, b.year, b.item) == (1750000, "2024 en 2025", "innovaties")


class _Ind:
    def __init__(self, baseline, targets, name="x"):
        self.baseline, self.targets, self.name = baseline, targets, name


def test_smart_and_evaluation_reasons():
    smart, reasons, ev, why = assess("Almelo is groener en beter voorbereid op de gevolgen van klimaatverandering.",
                                     [], has_owner=True, has_money=False)
    assert smart == {"S": False, "M": False, "A": True, "R": False, "T": False}
    assert reasons["M"] == "M ontbreekt: geen streefwaarde en geen gekoppelde indicator"
    assert not ev and why.startswith("geen evaluatie mogelijk")
    smart, _, ev, _ = assess("In 2022 gebruiken inwoners relatief minder fossiele energie.", [_Ind("44", {"2022": "n.t.b."})],
                             True, True)
    assert smart["S"] and not smart["M"] and smart["T"] and ev
    smart, _, ev, _ = assess("In 2022 maken maximaal 176 personen gebruik van de opvang t.o.v. 218 in 2017.", [], True, True)
    assert all(smart.values()) and ev
