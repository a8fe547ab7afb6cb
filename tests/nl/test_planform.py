"""Advice about a plan's form, and the passages that show that form (Dutch policy language, no document's
phrases: the examples are written for the test)."""
from __future__ import annotations

import pytest

from nl.planform import MEASURABLE, MONITORING, RESTRAINT, ROLE, advice_forms, form_signal


@pytest.mark.parametrize("advice, form", [
    ("Formuleer de doelen van het beleid SMART.", MEASURABLE),
    ("Maak de doelstellingen meetbaar, zodat de raad ze kan volgen.", MEASURABLE),
    ("Werk de visie uit naar concrete doelen voor de komende jaren.", MEASURABLE),
    ("Leg vast welke indicatoren en streefwaarden bij elk doel horen.", MEASURABLE),
    ("Zorg voor een goede monitoring van de uitvoering.", MONITORING),
    ("Evalueer de aanpak na twee jaar.", MONITORING),
    ("Maak afspraken over verantwoording aan de raad.", MONITORING),
    ("Wees terughoudend met nieuwe projecten.", RESTRAINT),
    ("Start geen nieuwe pilots voordat de lopende zijn afgerond.", RESTRAINT),
    ("Wijs per wijk een aanjager aan.", ROLE),
    ("Stel een regisseur aan die de zorg rond een gezin coördineert.", ROLE),
])
def test_form_advice_is_recognised(advice, form):
    assert form in advice_forms(advice)


@pytest.mark.parametrize("advice", [
    "Versterk algemene, preventieve voorzieningen in de wijk.",
    "Maak duidelijke afspraken over verantwoordelijkheden tussen gemeente en aanbieders.",  # not verantwoording
    "Uit de evaluatie blijkt dat de wachtlijsten zijn gegroeid.",  # the report's own evaluation, no advice
    "Betrek inwoners bij het opstellen van de wijkagenda.",
])
def test_advice_about_a_subject_is_not_form_advice(advice):
    assert advice_forms(advice) == set()


def test_a_quantified_target_shows_measurable_goals():
    # a counted quantity, a direction or bound and a year; OCR's 'é' for 'ë' is still a count of clients
    assert form_signal(MEASURABLE, "Afname van het aantal jongeren in de jeugdhulp met 150 cliénten in 2023.") == 1.0
    assert form_signal(MEASURABLE, "In 2024 is maximaal 6% van de inwoners eenzaam, t.o.v. 9% in 2019.") == 1.0
    assert form_signal(MEASURABLE, "Bij elk doel hoort een indicator met een streefwaarde.") >= 0.75
    assert form_signal(MEASURABLE, "We willen dat inwoners zich prettig voelen in hun wijk.") == 0.0
    # a year alone is no target; a statistic with a year but no direction or bound is context; a budget no goal
    assert form_signal(MEASURABLE, "In 2017 maakten 12% van de inwoners gebruik van de regeling.") == 0.25
    assert form_signal(MEASURABLE, "In 2021 is voor het programma 2,5 miljoen euro beschikbaar.") == 0.0
    assert form_signal(MEASURABLE, "In 2015 kregen gemeenten nieuwe taken in het sociaal domein.") == 0.0


def test_a_year_is_a_time_not_a_quantity():
    # "2022 kinderen" after "In" is the year 2022, not 2022 children: a direction and a year make no target
    assert form_signal(MEASURABLE, "In 2022 kinderen en ouders beter ondersteunen, minder dan voorheen.") == 0.0
    assert form_signal(MEASURABLE, "Vanaf 2019 jongeren vaker bereiken dan voorheen, meer dan andere jaren.") == 0.0
    assert form_signal(MEASURABLE, "In de periode 2019-2022 inwoners meer dan voorheen betrekken.") == 0.0
    # a count written like a year is still a count where no time word stands before it
    assert form_signal(MEASURABLE, "In 2030 staan er 2000 woningen meer dan nu.") == 1.0


def test_monitoring_what_and_how_often():
    assert form_signal(MONITORING, "Via een dashboard volgen we jaarlijks de indicatoren van het programma.") == 1.0
    assert form_signal(MONITORING, "De gemeente subsidieert het buurthuis.") == 0.0


def test_choices_among_projects_show_restraint():
    assert form_signal(RESTRAINT, "We kiezen de projecten die het meest bijdragen en stellen prioriteiten.") == 1.0
    # choosing is plainer restraint than building on what runs, which is plainer than naming projects
    assert form_signal(RESTRAINT, "Lopende projecten borgen we in de reguliere uitvoering.") == 0.5
    assert form_signal(RESTRAINT, "Het overzicht van de projecten staat in bijlage 3.") == 0.25
    assert form_signal(RESTRAINT, "Het buurthuis is op maandag gesloten.") == 0.0


def test_a_role_given_to_professionals():
    assert form_signal(ROLE, "Door de inzet van buurtcoaches op alle scholen zijn ouders sneller geholpen.") == 1.0
    assert form_signal(ROLE, "De gemeente heeft een faciliterende rol bij initiatieven van bewoners.") >= 0.5
    assert form_signal(ROLE, "De wachtlijst voor de jeugdhulp is gegroeid.") == 0.0
