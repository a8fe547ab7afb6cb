"""Plans of other (fictional) municipalities in the standard formats, through the real pipeline.

Expectations come from the text written in ``other_municipalities.py``, not from the code's output.
"""
from __future__ import annotations

import pytest

from register.store import load

pytestmark = pytest.mark.integration

BEGROTING = "programmabegroting-2025-sociaal-domein"
NOTA = "nota-sport-en-bewegen-2024-2027"
PLAN = "programmaplan-langer-thuis-2025-2028"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths
    from other_municipalities import write_beleidsnota, write_programmabegroting, write_programmaplan

    tmp = tmp_path_factory.mktemp("other-municipalities")
    pdfs = [write_programmabegroting(tmp / f"{BEGROTING}.pdf"), write_beleidsnota(tmp / f"{NOTA}.pdf"),
            write_programmaplan(tmp / f"{PLAN}.pdf")]
    settings = load_settings(tmp / "data")
    store = Store(settings.db_path)
    report = ingest_paths([str(p) for p in pdfs], settings, store)
    assert not report.failed
    return settings, store, pdfs


@pytest.fixture(scope="module")
def nota_register(ingested):
    """The policy note's register straight from its parsed pages."""
    from beleid.config import load_settings
    from ingest.parse import parse_pdf
    from register.extract import extract_register

    settings, _, pdfs = ingested
    parsed = parse_pdf(pdfs[1], load_settings(settings.data_dir.parent / "nota"))
    blocks = [b for p in parsed.pages for b in p.blocks]
    tables = [t for p in parsed.pages for t in p.tables]
    return extract_register(NOTA, blocks, tables, "Sport")


def _by_text(reg):
    return {g.text: g for g in reg.goals}


def test_programmabegroting_goals(ingested):
    _, store, _ = ingested
    reg = load(store, doc_id=BEGROTING)
    goals = _by_text(reg)
    expected = [
        "Kinderen en jongeren groeien gezond en veilig op.",
        "In 2026 is het percentage jongeren met jeugdhulp gedaald naar 10%.",
        "Het aantal verwijzingen naar specialistische jeugdhulp daalt in 2025 met 15% ten opzichte van 2023.",
        "Meer inwoners hebben betaald werk en minder inwoners leven in armoede.",
        "Eind 2025 zijn 200 inwoners met een bijstandsuitkering uitgestroomd naar betaald werk.",
        "In 2027 maakt 80% van de huishoudens met een laag inkomen gebruik van het kindpakket.",
    ]
    assert sorted(goals) == sorted(expected)  # the activities under "Wat gaan we daarvoor doen?" are not goals
    jeugdhulp = goals[expected[1]]
    assert (jeugdhulp.deadline, jeugdhulp.target) == ("2026", "10%")
    assert jeugdhulp.smart["M"] and jeugdhulp.smart["T"] and jeugdhulp.evaluation
    assert goals[expected[4]].deadline == "Eind 2025"
    # the paragraph goal of 3.2 leads the bullets after it; the bullets of 3.1 have no lead
    werk = goals[expected[3]]
    assert goals[expected[4]].parent == goals[expected[5]].parent == werk.id and werk.parent is None
    assert all(goals[t].parent is None for t in expected[:3])
    vague = goals[expected[0]]
    assert not vague.smart["T"] and not vague.smart["M"] and not vague.evaluation
    assert all(g.smart["A"] and g.smart["R"] for g in reg.goals)  # portefeuillehouders and a budget


def test_programmabegroting_indicator_table_with_value_and_year_columns(ingested):
    _, store, _ = ingested
    reg = load(store, doc_id=BEGROTING)
    by_name = {i.name: i for i in reg.indicators}
    assert set(by_name) == {"Jongeren met jeugdhulp", "Personen met een bijstandsuitkering",
                            "Huishoudens met een laag inkomen die het kindpakket gebruiken"}
    ind = by_name["Jongeren met jeugdhulp"]
    assert (ind.baseline, ind.baseline_year, ind.targets, ind.source) == ("11,2", "2023", {"2025": "10,0"},
                                                                          "Waarstaatjegemeente.nl")
    kind = by_name["Huishoudens met een laag inkomen die het kindpakket gebruiken"]
    assert (kind.baseline, kind.baseline_year, kind.targets) == ("64", "2022", {"2025": "72"})
    goals = {g.id: g.text for g in reg.goals}
    assert "kindpakket" in goals[kind.goal_id]
    assert "jeugdhulp" in goals[ind.goal_id]


def test_programmabegroting_budget_table_in_thousands(ingested):
    _, store, _ = ingested
    reg = load(store, doc_id=BEGROTING)
    table = [b for b in reg.budgets if b.year in ("2023", "2024", "2025", "2026") and "werkgeversservicepunt" not in b.item]
    # issue 13: one line per row with the amount of the year the budget is about (2025); the
    # other years of the row are kept in ``years``
    assert len(table) == 6  # six rows with amounts; "Lasten" and "Baten" only head rows
    assert {b.year for b in table} == {"2025"}
    amounts = {(b.item, b.year): b.amount_eur for b in table}
    assert amounts[("Totaal lasten", "2025")] == 39_180_000
    saldo = next(b for b in table if b.item == "Saldo van lasten en baten")
    assert saldo.years["2026"] == 20_850_000 and set(saldo.years) == {"2023", "2024", "2025", "2026"}
    assert {b.item for b in table if b.is_total} == {"Totaal lasten", "Totaal baten", "Saldo van lasten en baten"}
    werk = sorted(b.amount_eur for b in table if "Werk en inkomen" in b.item and b.year == "2025")
    assert werk == [-18_650_000, 23_700_000]  # baten and lasten of the same taakveld kept apart
    assert len({b.item for b in table if "Werk en inkomen" in b.item}) == 2
    text = [b for b in reg.budgets if b.amount_eur == 160_000]
    assert len(text) == 1 and text[0].year == "2025" and "werkgeversservicepunt" in text[0].item


def test_programmabegroting_two_portefeuillehouders(ingested):
    _, store, _ = ingested
    reg = load(store, doc_id=BEGROTING)
    assert {(o.role, o.name) for o in reg.owners} == {("portefeuillehouder", "M. Bakker"),
                                                      ("portefeuillehouder", "P. van den Berg")}


def test_beleidsnota_goals_results_and_indicators(nota_register):
    reg = nota_register
    goals = _by_text(reg)
    doelen = ["Meer inwoners sporten en bewegen wekelijks.", "Alle kinderen in Zandvoorde kunnen zwemmen.",
              "Sportaccommodaties zijn duurzaam en toegankelijk."]
    resultaten = ["In 2027 sport 65% van de volwassen inwoners minimaal een keer per week.",
                  "Eind 2026 heeft 98% van de kinderen van 12 jaar een zwemdiploma.",
                  "In 2027 zijn alle vijf gemeentelijke sporthallen aardgasvrij."]
    assert sorted(goals) == sorted(doelen + resultaten)
    for doel, resultaat in zip(doelen, resultaten):
        assert goals[resultaat].parent == goals[doel].id
        assert LEVEL_ORDER.index(goals[resultaat].level) > LEVEL_ORDER.index(goals[doel].level)
    assert not any("Indicator" in t or "Nulmeting" in t for t in goals)
    by_goal = {i.goal_id: i for i in reg.indicators}
    ind = by_goal[goals[resultaten[0]].id]
    assert (ind.name, ind.baseline, ind.baseline_year, ind.targets) == (
        "Percentage volwassenen dat wekelijks sport", "58%", "2022", {"2027": "65%"})
    ind3 = by_goal[goals[resultaten[2]].id]
    assert (ind3.baseline, ind3.baseline_year, ind3.targets) == ("1", "2023", {"2027": "5"})
    assert goals[resultaten[2]].target == "5 gemeentelijke"  # "alle vijf gemeentelijke sporthallen"
    assert goals[resultaten[1]].deadline == "Eind 2026" and goals[resultaten[1]].smart["M"]


LEVEL_ORDER = ("hoofdopgave", "strategisch", "operationeel")


def test_beleidsnota_amounts_in_running_text(nota_register):
    buds = {b.amount_eur: b for b in nota_register.budgets}
    assert sorted(buds) == [40_000, 250_000, 850_000, 1_200_000]
    assert buds[1_200_000].is_total and buds[1_200_000].year == "2024-2027"
    assert "buurtsportcoaches" in buds[250_000].item and buds[250_000].year == "jaarlijks"
    assert "sporthallen" in buds[850_000].item
    assert "zwemvangnet" in buds[40_000].item


def test_beleidsnota_owners(nota_register):
    assert {(o.role, o.name) for o in nota_register.owners} == {("bestuurlijk opdrachtgever", "R. Jansen"),
                                                               ("ambtelijk opdrachtgever", "K. de Groot")}


def test_beleidsnota_through_the_pipeline(ingested):
    _, store, _ = ingested
    assert len(load(store, doc_id=NOTA).goals) == 6


PLAN_LEADS = {
    "In 2028 willen we dat ouderen in Rivierdal langer zelfstandig thuis wonen": [
        "In 2026 zijn twee nieuwe wijkteams voor ouderen gestart.",
        "Eind 2027 is een derde van de huurwoningen levensloopbestendig.",
        "In 2028 maakt de helft van de mantelzorgers gebruik van respijtzorg."],
    "Minder ouderen voelen zich eenzaam.": [
        "In 2027 hebben alle drie dorpshuizen een wekelijkse ontmoetingsochtend.",
        "In 2028 voelt hoogstens één op de vijf ouderen zich eenzaam."],
}


def test_programmaplan_lead_goals_with_bullet_subgoals(ingested):
    _, store, _ = ingested
    goals = _by_text(load(store, doc_id=PLAN))
    assert sorted(goals) == sorted([*PLAN_LEADS, *(t for subs in PLAN_LEADS.values() for t in subs)])
    for lead, subs in PLAN_LEADS.items():
        assert goals[lead].parent is None
        for sub in subs:
            assert goals[sub].parent == goals[lead].id
            assert LEVEL_ORDER.index(goals[sub].level) > LEVEL_ORDER.index(goals[lead].level)


def test_programmaplan_numbers_written_in_words_are_targets(ingested):
    _, store, _ = ingested
    reg = load(store, doc_id=PLAN)
    goals = _by_text(reg)
    subs = [t for subs in PLAN_LEADS.values() for t in subs]
    assert [goals[t].target for t in subs] == ["2 nieuwe", "1/3", "1/2", "3 dorpshuizen", "1/5 ouderen"]
    assert all(goals[t].smart["M"] for t in subs)
    assert not goals["Minder ouderen voelen zich eenzaam."].smart["M"]
    [ind] = reg.indicators
    assert ind.goal_id == goals["In 2027 hebben alle drie dorpshuizen een wekelijkse ontmoetingsochtend."].id


# --- the general rules behind the fixes, one small case each -------------------------------------------------

def test_sentence_ends_after_an_amount():
    from register.segment import split_sentences

    text = "Voor de sporthallen reserveren we € 850.000. Voor de coaches is € 250.000 beschikbaar."
    assert len(split_sentences(text)) == 2


def test_caption_above_a_table_is_not_its_header():
    from beleid.types import Table
    from register.budgets import from_tables

    t = Table("d", 1, 0, (0, 0, 1, 1), ("Bedragen x € 1.000", "", ""),
              (("Programma", "Begroting 2025", "Raming 2026"), ("Lasten", "", ""), ("Wijkteams", "1.200", "1.300")),
              unit=None)
    got = {(b.item, b.year, b.amount_eur) for b in from_tables([t])}
    assert got == {("Lasten: Wijkteams", "2025", 1_200_000), ("Lasten: Wijkteams", "2026", 1_300_000)}


def test_resultaat_lines_are_goals_under_their_doel():
    from conftest import make_blocks
    from register.goals import find_goals
    from register.segment import pieces

    gs = find_goals(pieces(make_blocks(("heading", "Doelen"),
                                       "Doel 1: Meer bewoners doen vrijwilligerswerk. Resultaat: In 2026 doet 30% van "
                                       "de bewoners vrijwilligerswerk. Indicator 1: Percentage vrijwilligers. "
                                       "Nulmeting: 24% (2023). Doel 2: Minder bewoners voelen zich eenzaam.")))
    assert [g.text for g in gs] == ["Meer bewoners doen vrijwilligerswerk.",
                                    "In 2026 doet 30% van de bewoners vrijwilligerswerk.",
                                    "Minder bewoners voelen zich eenzaam."]
    assert gs[1].parent == gs[0].key
