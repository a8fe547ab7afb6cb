"""A result listed under a goal that only says that goal again is the same goal, not a child of it (issue 13,
session 3): a plan states its goal in prose and repeats it as the result cell of the table below it."""
from __future__ import annotations

from conftest import make_blocks

from register.goals import find_goals, restates
from register.segment import pieces


def test_a_result_that_restates_its_goal_in_other_words():
    assert restates("Een door het college vastgesteld speelruimteplan eind 2025.",
                    "Eind 2025 heeft het college het speelruimteplan vastgesteld.")
    # the longer statement may carry a few words more (a neighbouring column's words in a flattened table)
    assert restates("Een door het college vastgestelde wijk (groen) speelruimteplan eind 2025.",
                    "Eind 2025 heeft het college het speelruimteplan vastgesteld.")


def test_a_result_with_a_number_or_a_word_of_its_own_is_a_goal_of_its_own():
    parent = "Eind 2025 heeft het college het speelruimteplan vastgesteld."
    assert not restates("Eind 2025 heeft het college het speelruimteplan met 12 speelplekken vastgesteld.", parent)
    assert not restates("Het college heeft het speelruimteplan vastgesteld.", parent)  # no year: not the same
    assert not restates("Eind 2025 is het speelruimteplan uitgevoerd.", parent)  # leaves out words of both
    assert not restates("Speelplekken veilig.", "Speelplekken veilig en schoon.")  # too short to tell


def test_a_table_cell_restating_the_goal_above_it_is_not_a_second_goal():
    gs = find_goals(pieces(make_blocks(
        "Ambitie gemeenteraad:",
        "De gemeente werkt samen met bewoners aan de speelruimte in de wijken. Eind 2025 heeft het college het "
        "speelruimteplan vastgesteld.",
        ("list_item", "• Inventarisatie van speelplekken (groen) | Een door het college vastgesteld speelruimteplan "
                      "eind 2025."),
        ("list_item", "• Gesprekken met scholen (blauw) | Twee nieuwe speelplekken bij basisscholen in 2025."))))
    assert [g.text for g in gs] == ["Eind 2025 heeft het college het speelruimteplan vastgesteld.",
                                    "Twee nieuwe speelplekken bij basisscholen in 2025."]
    assert gs[1].parent == gs[0].key
