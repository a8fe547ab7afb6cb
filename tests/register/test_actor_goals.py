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
    assert model.veto
    for text, level in [("Versterken van de samenwerking met het onderwijs.", "operationeel"),
                        ("We stimuleren het gebruik van de bibliotheek.", "operationeel"),
                        ("Verbeterde afstemming tussen de teams in de wijk.", "operationeel"),
                        ("De gemeente draagt bij aan een gezonde leefstijl van jongeren.", "operationeel")]:
        ok, why = specific(text, level, model)
        assert not ok and why.startswith("S ontbreekt"), (text, why)
    # beside a number, an observable change or a deliverable a direction verb does not veto
    assert specific("In 2025 versterken we 40 sportverenigingen met een eigen buurtsportcoach.", "operationeel", model)[0]
    assert specific("De doorlooptijd van een omgevingsvergunning verkorten tot acht weken.", "operationeel", model)[0]
    # the S rule reads a verb of change along a measurable dimension as a concrete change
    assert specific("De afhandeling van meldingen openbare ruimte versnellen.")[0]
    assert not specific("De afhandeling van meldingen openbare ruimte verbeteren.")[0]


def test_a_goal_with_a_quantity_is_never_vetoed_by_a_phrase_list():
    from register.smart import s_features, s_veto, shipped_s_model, specific, vague_phrases

    text = "De buitenruimte is in 2024 op orde: 95% van de meldingen binnen 5 dagen afgehandeld."
    assert specific(text)[0]  # the S rule
    assert specific(text, "operationeel", shipped_s_model())[0]  # the shipped model with its veto
    # a strong vague phrase beside a number: the phrase does not veto
    quantified = "Optimale dienstverlening: 90% van de aanvragen wordt binnen 8 weken afgehandeld."
    assert vague_phrases(quantified)
    assert s_veto(s_features(quantified, "operationeel"), vague_phrases(quantified)) is None
    assert specific(quantified)[0]
    # without the quantity the same phrase still makes the goal unspecific
    assert not specific("Optimale dienstverlening aan inwoners.")[0]
