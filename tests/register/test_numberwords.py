"""Dutch numbers written in words, read as digits, and what that gives a goal's target and links."""
import pytest

from register.goals import GoalDraft, quantities, target_of
from register.indicators import IndicatorDraft
from register.linking import GoalIndex, link_indicators
from nl.numberwords import digitise


@pytest.mark.parametrize("text, expected", [
    ("alle vijf sporthallen", "alle 5 sporthallen"),
    ("twee nieuwe wijkteams", "2 nieuwe wijkteams"),
    ("drieëntwintig laadpalen", "23 laadpalen"),
    ("tweeduizend vijfhonderd woningen", "2.500 woningen"),
    ("een derde van de woningen", "1/3 van de woningen"),
    ("tweederde van de daken", "2/3 van de daken"),
    ("de helft van de jongeren", "1/2 van de jongeren"),
    ("één op de vijf ouderen", "1/5 ouderen"),
])
def test_written_numbers_become_digits(text, expected):
    assert digitise(text) == expected


@pytest.mark.parametrize("text", [
    "een keer per week",                 # the article
    "de tweede fase met derde partijen",  # ordinals
    "een derde partij",                  # a third party, not a third of something
    "in totaal € 1,2 miljoen",           # the scale word of a number in digits
    "We nemen de wensen in acht.",       # the idiom, not eight
])
def test_words_that_are_no_quantity_stay(text):
    assert digitise(text) == text


def test_written_numbers_are_targets():
    assert target_of("In 2027 zijn alle vijf gemeentelijke sporthallen aardgasvrij.") == "5 gemeentelijke"
    assert target_of("In 2026 is een derde van de woningen geïsoleerd.") == "1/3"
    assert quantities("In de komende vier jaar worden de sporthallen verduurzaamd.") == []  # a period, not a target


def test_target_keeps_the_word_after_the_number():
    assert target_of("In 2022 zijn er maximaal 176 unieke cliënten.") == "maximaal 176 unieke"
    assert target_of("In 2026 zijn 5 hallen gerenoveerd.") == "5 hallen"  # 'ha' of 'hallen' is no unit


def test_indicator_linked_to_the_goal_that_states_its_target_in_words():
    goals = [GoalDraft(0, "In 2026 zijn alle drie dorpshuizen toegankelijk.", 1, "operationeel"),
             GoalDraft(1, "In 2027 zijn twee dorpshuizen aardgasvrij.", 1, "operationeel")]
    ind = IndicatorDraft("Aantal dorpshuizen", 1, "0", "2024", {"2027": "2"})
    assert link_indicators(GoalIndex(goals), [ind])[0].key == 1
