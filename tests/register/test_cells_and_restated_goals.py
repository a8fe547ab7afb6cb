"""Goals in tables printed as text (issue 13, session 3).

* A result listed under a goal that only says that goal again is the same goal, not a child of it: a plan states its
  goal in prose and repeats it as the result cell of the table below it.
* A cell of a two-column table that extraction flattened into list items ends where its first sentence ends (a full
  stop followed by a capital, a number or the end; not an abbreviation, not a full stop followed by a lower-case
  word); cut off by the next cell's mark before such an end, it ends at its last full stop.

Synthetic text in the structure of such tables; no sentence of a dev document."""
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
    assert not restates("Speelplekken veilig in 2025.", "Speelplekken veilig en schoon in 2025.")  # too short to tell
    # without a number or a year, words alone do not tell a restatement from a narrower goal
    assert not restates("Een schone en veilige buitenruimte in alle wijken.", "Een schone en veilige buitenruimte.")


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


# --- where a cell of a flattened two-column table ends ---------------------------------------------------------

def _cells(*rows):
    from register.goals import flattened_cells

    cells, _ = flattened_cells(pieces(make_blocks(*[("list_item", r) for r in rows])))
    return [c[0] for k in sorted(cells) for c in cells[k]]


def test_an_abbreviation_does_not_end_a_cell():
    assert _cells("• Overleg met partners | Afspraken met o.a. de woningcorporaties zijn vastgelegd.") == [
        "Afspraken met o.a. de woningcorporaties zijn vastgelegd."]


def test_a_full_stop_followed_by_a_lower_case_word_does_not_end_a_cell():
    # the other column's note "(fase 1)." runs into the cell; the cell's own sentence ends further on
    assert _cells("• Opstellen van het | Elke wijk heeft wijkplan (fase 1). een eigen wijkplan.") == [
        "Elke wijk heeft wijkplan (fase 1). een eigen wijkplan."]
    # a sentence end: a capital or a number follows
    assert _cells("• Plannen maken | Alle routes zijn verlicht. Scholen volgen later.") == ["Alle routes zijn verlicht."]


def test_a_cell_cut_off_by_the_next_mark_ends_at_its_last_full_stop():
    # "nodig zijn voor fietsers" are the first column's words ("Bepalen van de routes die nodig zijn voor fietsers")
    assert _cells("• Bepalen van de routes die o Alle routes zijn verlicht. nodig zijn voor fietsers "
                  "o Elke school heeft een oversteekplaats.") == [
        "Alle routes zijn verlicht.", "Elke school heeft een oversteekplaats."]


def test_only_a_table_cell_is_merged_into_the_goal_above_it():
    """Word sets cannot tell a restatement from an item with its own content ("... alle woningen van de
    corporaties ..." under "... de woningen ..., en alle corporaties hebben een plan"): a list item under a goal
    stays a goal of its own; only a flattened table cell under the stated goal is merged (review finding)."""
    from register.goals import GoalFinder

    parent = "In 2025 zijn de woningen aardgasvrij, en alle corporaties hebben een plan."
    child = "In 2025 zijn alle woningen van de corporaties aardgasvrij."
    assert restates(child, parent)  # the words alone say "the same"
    f = GoalFinder()
    p = f._add(parent, 1, "strategisch", None, "s")
    assert f._add(child, 1, "operationeel", p, "s", reuse=False) != p
    g = GoalFinder()
    q = g._add(parent, 1, "strategisch", None, "s")
    assert g._add(child, 1, "operationeel", q, "s", reuse=False, cell=True) == q
