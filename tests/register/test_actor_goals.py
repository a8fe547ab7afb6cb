"""Goals held by another actor than the plan's own organisation (the law, the Rijk, the province) are context
quoted by the plan, not goals of the plan (issue 13, session 2 follow-up). Unit tests on small strings written for
this test (no phrase of a dev document)."""
from __future__ import annotations

from conftest import make_blocks

from register.goals import find_goals, held_by_other
from register.segment import pieces


def texts(*items):
    return [g.text for g in find_goals(pieces(make_blocks(*items)))]


def test_attribution_to_another_actor():
    # the actor holds the goal: genitive, subject, agent of a passive, or the sentence a demonstrative refers back to
    assert held_by_other("De Jeugdwet heeft drie doelen:")
    assert held_by_other("Het doel van de Participatiewet is dat iedereen naar vermogen meedoet.")
    assert held_by_other("Het Rijk streeft naar een klimaatneutraal Nederland in 2050.")
    assert held_by_other("De doelstellingen zijn door het kabinet vastgesteld:")
    assert held_by_other("Deze ambitie is uitgewerkt in twee doelen:", "De ambitie van de provincie is helder.")
    assert held_by_other("Doelen van de Wmo")
    # the plan's own goals, also where they serve the law's goals
    assert not held_by_other("De strategische doelen van dit programma zijn:")
    assert not held_by_other("Om de doelen van de wet te halen, stelt de gemeente de volgende doelen:")
    assert not held_by_other("Om die doelen te halen zijn drie subdoelen geformuleerd.")
    assert not held_by_other("De subdoelen zijn:", "Om die doelen te halen zijn drie subdoelen geformuleerd.")
    assert not held_by_other("Deze doelen zijn:", "Wij hebben de ambitie de stad te vergroenen.")
    assert not held_by_other("Het doel van de wethouder is een sluitende begroting.")
    # no goal named: nothing to attribute
    assert not held_by_other("De wet treedt in 2024 in werking.")


def test_the_goals_of_a_law_quoted_as_context_are_no_goals_of_the_plan():
    law = ("De Jeugdwet is per 2015 van kracht. Het streven van de wet is een sterke jeugdhulp dichtbij. "
           "Dit streven is uitgewerkt in twee doelen:")
    got = texts(law,
                ("list_item", "• Kinderen groeien gezond en veilig op in hun eigen omgeving."),
                ("list_item", "• Ouders dragen zelf de verantwoordelijkheid voor de opvoeding."),
                "Om deze doelen te halen zijn drie subdoelen geformuleerd. De subdoelen zijn:",
                ("list_item", "• In 2025 wachten minder gezinnen langer dan zes weken op jeugdhulp."),
                ("list_item", "• In 2025 is het aantal uithuisplaatsingen met 10% gedaald."))
    assert got == ["In 2025 wachten minder gezinnen langer dan zes weken op jeugdhulp.",
                   "In 2025 is het aantal uithuisplaatsingen met 10% gedaald."]
    # the same list announced as the plan's own goals is found
    own = texts("De gemeente heeft voor de jeugdhulp twee doelen:",
                ("list_item", "• Kinderen groeien gezond en veilig op in hun eigen omgeving."),
                ("list_item", "• Ouders dragen zelf de verantwoordelijkheid voor de opvoeding."))
    assert len(own) == 2


def test_a_prose_goal_and_a_heading_of_another_actor():
    assert texts("Het doel van de Participatiewet is dat iedereen die kan werken aan het werk komt.") == []
    assert texts("Het doel van dit programma is dat in 2026 meer inwoners aan het werk zijn.") != []
    assert texts(("heading", "Doelen van het Rijk"),
                 ("list_item", "• In 2030 is de uitstoot van broeikasgassen met 49% verminderd.")) == []
    assert texts(("heading", "Doelen"),
                 ("list_item", "• In 2030 is de uitstoot van broeikasgassen met 49% verminderd.")) != []


# --- S: vague language vetoes the learned judgement; changes along a measurable dimension count -----------------

def test_a_direction_without_a_concrete_change_is_not_specific_whatever_the_level():
    from register.smart import shipped_s_model, specific

    model = shipped_s_model()
    assert model.get("veto")
    for text, level in [("Versterken van de samenwerking met het onderwijs.", "operationeel"),
                        ("We stimuleren het gebruik van de bibliotheek.", "operationeel"),
                        ("Verbeterde afstemming tussen de teams in de wijk.", "operationeel"),
                        ("De informatiehuishouding van de gemeente is op orde.", "strategisch"),
                        ("Jongeren kunnen zich maximaal ontplooien.", "operationeel")]:
        ok, why = specific(text, level, model)
        assert not ok and why.startswith("S ontbreekt"), (text, why)
    # beside a number, an observable change or a deliverable a direction verb does not veto
    assert specific("In 2025 versterken we 40 sportverenigingen met een eigen buurtsportcoach.", "operationeel", model)[0]
    assert specific("De doorlooptijd van een omgevingsvergunning verkorten tot acht weken.", "operationeel", model)[0]
    # the S rule reads a verb of change along a measurable dimension as a concrete change
    assert specific("De afhandeling van meldingen openbare ruimte versnellen.")[0]
    assert not specific("De afhandeling van meldingen openbare ruimte verbeteren.")[0]


def test_a_split_effort_verb_is_vague_and_an_inflected_comparative_is_a_change():
    from register.smart import specific, vague_phrases

    assert vague_phrases("Voor een gezonde stad zetten we in op beweging en ontmoeting.") == ["zetten we in op"]
    assert not specific("Voor een gezonde stad zetten we in op beweging en ontmoeting.")[0]
    # "snellere", "kortere": the same change as "sneller", "korter"
    assert specific("Wij willen de vergunningverlening verbeteren: kortere en snellere procedures.")[0]
