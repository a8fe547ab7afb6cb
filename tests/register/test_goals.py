from conftest import make_blocks

from register.goals import deadline_of, find_goals, quantities, target_of
from register.segment import pieces, split_sentences


def goals_of(*items):
    return find_goals(pieces(make_blocks(*items)))


def test_inline_markers_two_levels():
    gs = goals_of("De volgende strategische doelen zijn leidend: I Stad is groener en beter voorbereid op hitte "
                  "a) In 2024 is het centrum groener met meer bomen. b) In 2024 is de wijk beter bestand tegen water.")
    texts = [g.text for g in gs]
    assert texts[1] == "In 2024 is het centrum groener met meer bomen."
    assert gs[0].level == "hoofdopgave" and gs[1].level == gs[2].level == "strategisch"
    assert gs[1].parent == gs[0].key and gs[2].parent == gs[0].key


def test_operational_cue_and_repeated_parent_is_reused():
    gs = goals_of("Dit vertalen we in de volgende strategische doelen: 1. In 2024 wonen meer ouderen zelfstandig thuis.",
                  "Deze doelen zijn als volgt geconcretiseerd:",
                  ("list_item", "1. In 2024 wonen meer ouderen zelfstandig thuis."),
                  ("list_item", "• In 2024 wonen 500 ouderen met hulp thuis t.o.v. 400 in 2020."),
                  ("heading", "4. Activiteiten"),
                  ("list_item", "• In 2024 openen we drie buurthuizen."))
    assert len(gs) == 2
    assert gs[0].level == "strategisch" and gs[1].level == "operationeel" and gs[1].parent == gs[0].key


def test_zone_ends_at_ordinary_sentence_and_rejects_non_goals():
    gs = goals_of("De hoofdopgaven zijn: I Meer inwoners doen mee in de samenleving. Il Minder inwoners leven in armoede. "
                  "Dat vraagt veel van iedereen.",
                  ("list_item", "• Nog te bepalen indicatoren op basis van een project."),
                  "In 2022 is het gebouw klaar.")
    assert [g.text for g in gs] == ["Meer inwoners doen mee in de samenleving.", "Minder inwoners leven in armoede."]
    assert all(g.level == "hoofdopgave" for g in gs)


def test_no_goals_without_a_cue():
    assert goals_of(("list_item", "• In 2016 verrichten meer volwassenen mantelzorg (16,1%).")) == []


def test_sentences_respect_abbreviations():
    text = "Afname met 200 cliënten (excl. Hulpmiddelen) in 2022. In 2022 daalt t.o.v. 2017 het aantal. Klaar."
    assert len(split_sentences(text)) == 3


def test_deadline_and_target():
    assert deadline_of("In 2022 voelt maximaal 8% zich eenzaam t.o.v. 10% in 2016.") == "2022"
    assert deadline_of("Eind 2022 doen 20 scholen mee") == "Eind 2022"
    assert deadline_of("Almeloërs geven een 6,5 t.o.v. een 6 in 2018.") is None
    assert target_of("Toename van 6.000 m2 groen in 2022") == "6.000 m2"
    assert target_of("In 2022 voelt maximaal 8% zich eenzaam t.o.v. 10% in 2016.") == "maximaal 8%"
    assert quantities("In 2022 ontwikkelen 0- tot 23-jarige kinderen hun talenten") == []


def test_paragraph_goal_leads_the_bullets_after_it():
    gs = goals_of(("heading", "Wat willen we bereiken?"),
                  "Meer inwoners doen vrijwilligerswerk.",
                  ("list_item", "• In 2026 doet 30% van de inwoners vrijwilligerswerk."),
                  ("list_item", "• Eind 2026 hebben 40 verenigingen een vrijwilligerscoördinator."))
    assert [g.text for g in gs] == ["Meer inwoners doen vrijwilligerswerk.",
                                    "In 2026 doet 30% van de inwoners vrijwilligerswerk.",
                                    "Eind 2026 hebben 40 verenigingen een vrijwilligerscoördinator."]
    assert gs[1].parent == gs[2].parent == gs[0].key
    assert gs[0].level == "strategisch" and gs[1].level == gs[2].level == "operationeel"


def test_lead_sentence_with_a_colon_is_the_parent_goal():
    gs = goals_of(("heading", "Wat willen we bereiken?"),
                  "In 2026 willen we dat jongeren gezonder leven:",
                  ("list_item", "• In 2026 rookt maximaal 5% van de jongeren."),
                  ("list_item", "• In 2026 sport 70% van de jongeren wekelijks."))
    assert gs[0].text == "In 2026 willen we dat jongeren gezonder leven"
    assert gs[1].parent == gs[2].parent == gs[0].key


def test_a_lead_that_only_announces_its_list_is_no_goal():
    gs = goals_of(("heading", "Wat willen we bereiken?"),
                  "In 2026 willen we het volgende bereiken:",
                  ("list_item", "• In 2026 rookt maximaal 5% van de jongeren."),
                  ("list_item", "• In 2026 sport 70% van de jongeren wekelijks."))
    assert [g.text for g in gs] == ["In 2026 rookt maximaal 5% van de jongeren.",
                                    "In 2026 sport 70% van de jongeren wekelijks."]
    assert all(g.parent is None for g in gs)

