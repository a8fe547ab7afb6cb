"""The Dutch policy language that several stages share (nl.sentences, nl.verbs, nl.targets, nl.patterns,
nl.concepts): one definition each, and the stages' patterns built from it. Examples written for the test."""
from __future__ import annotations

import re

import pytest

from nl.patterns import alternatives, capitalised, one_of, pick
from nl.sentences import (ABBREVIATIONS, COMMON_ABBREVIATIONS, LINE_CONTINUES, TYPESET_ABBREVIATIONS,
                          quotable_sentences, sentence_spans, sentences)
from nl.targets import BOUNDS, DEADLINE_BOUNDS, DEADLINE_PREPOSITIONS, DIRECTION, MONTHS
from nl.verbs import COMMIT, FINITE, MODAL, OBLIGATION, PAST, PRESENT, STRIVE, present


# --- sentences ---------------------------------------------------------------------------------------------------

def test_typeset_spans_skip_plan_abbreviations_and_ocr_letters():
    text = "In 2022 daalt t.o.v. 2017 het aantal met max. 5 meldingen. e Eind 2023 is het plan klaar."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["In 2022 daalt t.o.v. 2017 het aantal met max. 5 meldingen.",
                                            "Eind 2023 is het plan klaar."]


def test_typeset_spans_end_after_an_amount_with_dots():
    text = "Het budget is € 1.250.000. Daarvan gaat de helft naar de wijken."
    assert len(sentence_spans(text)) == 2
    # a word with a dot inside that is no amount does not end a sentence
    assert len(sentence_spans("Dit loopt via o.b.v. De Kern verder.")) == 1


def test_report_sentences_keep_their_own_abbreviations():
    # "bv." is an abbreviation of reports, "t.o.v." one of plans (the two lists differ, see nl.sentences)
    text = "Dat kan bv. De Kern doen. Het is klaar."
    assert [s for _, s in sentences(text)] == ["Dat kan bv. De Kern doen.", "Het is klaar."]
    assert len(sentence_spans(text)) == 3
    text = "Het daalt t.o.v. De vorige meting. Klaar."
    assert len(sentences(text)) == 3 and len(sentence_spans(text)) == 2
    assert "i.v.m" in ABBREVIATIONS and "i.v.m" not in TYPESET_ABBREVIATIONS
    assert "t.o.v" in TYPESET_ABBREVIATIONS and "t.o.v" not in ABBREVIATIONS
    assert COMMON_ABBREVIATIONS <= ABBREVIATIONS & TYPESET_ABBREVIATIONS


def test_quotable_sentences_cut_at_clauses_and_list_lines_and_drop_short_pieces():
    text = "De raad besluit het volgende: Wijkteams blijven bestaan.\n• Kort\n- Een tweede punt met genoeg woorden"
    assert quotable_sentences(text) == ["De raad besluit het volgende:", "Wijkteams blijven bestaan.",
                                        "Een tweede punt met genoeg woorden"]
    assert quotable_sentences("Een zin van ruim twintig tekens. Nog één zo'n zin hier.", min_chars=40) == []


def test_line_continues_holds_function_words_not_content_words():
    assert {"de", "van", "en", "wordt", "waarbij"} <= LINE_CONTINUES
    assert not {"gemeente", "doel", "jeugd"} & LINE_CONTINUES


# --- verbs ---------------------------------------------------------------------------------------------------------

def test_present_forms_in_the_order_asked():
    assert present("zijn", "worden") == ("is", "zijn", "wordt", "worden")
    with pytest.raises(KeyError):
        present("fietsen")


def test_finite_forms_hold_present_and_past_but_not_infinitives_only_listed_as_singular():
    assert {"is", "waren", "bleek", "blijkt", "ontbrak", "liep"} <= FINITE
    # "blijken" is the infinitive (and plural) of "blijkt": left to the verb lookup, not listed
    assert "blijken" not in FINITE and "lijken" not in FINITE
    assert set(PAST) <= set(PRESENT)


def test_modal_commit_and_strive_are_distinct_moods():
    assert set(OBLIGATION) <= set(MODAL)
    assert not set(MODAL) & set(COMMIT)
    assert {"streeft", "streven"} <= set(COMMIT) & set(STRIVE)


# --- targets and patterns ------------------------------------------------------------------------------------------

def test_deadline_bounds_are_deadline_prepositions_and_fix_a_moment_on_their_own():
    assert set(DEADLINE_BOUNDS) <= set(DEADLINE_PREPOSITIONS)
    assert not {"in", "voor", "per", "op"} & set(DEADLINE_BOUNDS)
    rx = re.compile(r"\b" + one_of(DEADLINE_BOUNDS) + r"\s+20\d\d\b", re.I)
    assert rx.search("Uiterlijk 2025 is het plan vastgesteld")
    assert rx.search("vóór 2030 wonen meer mensen in de stad")
    assert not rx.search("voor 2025 is geld gereserveerd")


def test_one_of_escapes_words_and_renders_spaces():
    assert one_of(("t.o.v.", "ten minste")) == r"(?:t\.o\.v\.|ten minste)"
    assert alternatives(BOUNDS, space=r"\s+") == r"maximaal|minimaal|ten\s+minste|tenminste"
    assert re.fullmatch(one_of(("ten minste",), space=r"\s+"), "ten   minste")
    assert not re.fullmatch(one_of(("ten minste",)), "ten   minste")


def test_pick_refuses_a_word_that_is_not_in_the_list():
    assert pick(DIRECTION, "afname", "toename") == ("afname", "toename")
    with pytest.raises(ValueError, match="groei"):
        pick(DIRECTION, "afname", "groei")


def test_capitalised_words_open_a_sentence():
    assert capitalised(("uiterlijk", "vóór", "ten minste")) == ("Uiterlijk", "Vóór", "Ten minste")
    assert len(MONTHS) == 12 and MONTHS[0] == "januari"


# --- the stages build on these lists -------------------------------------------------------------------------------

def test_register_goal_openers_and_deadlines_use_the_shared_words():
    from register.goals import DEADLINE_WORD, GOAL_START, MODAL as GOAL_MODAL, deadline_of, looks_like_goal

    assert looks_like_goal("Uiterlijk 2025 is het plan vastgesteld.")
    assert looks_like_goal("Ten minste 20 woningen worden gebouwd.")
    assert looks_like_goal("Afname van het aantal meldingen.")
    assert not looks_like_goal("Ultimo 2025 is het plan vastgesteld.")  # a deadline, but no goal opener
    assert GOAL_START.match("Stijging van het aandeel groen")
    assert DEADLINE_WORD.search("Ultimo 2025 is het plan vastgesteld.")
    assert deadline_of("Ultimo 2025 is het plan vastgesteld.") == "Ultimo 2025"
    assert deadline_of("Voor 2025 is het plan vastgesteld.") == "Voor 2025"
    assert deadline_of("In 2025 is het plan vastgesteld.") == "2025"
    assert GOAL_MODAL.search("Het plan moet in 2025 klaar zijn.")


def test_register_linking_reads_concepts_from_nl():
    from nl.concepts import STOPWORDS, content_lemmas

    assert "gemeente" in STOPWORDS and "jaar" in STOPWORDS
    assert content_lemmas("Het gasverbruik van de gemeente daalt") == content_lemmas("gasverbruik daalt")


def test_recommendations_and_answer_use_the_shared_words():
    from query.answer import answer_type_fits, split_sentences
    from recommendations.text import MODAL_ADVICE, has_finite_verb

    assert split_sentences is quotable_sentences
    assert MODAL_ADVICE.search("De gemeente moeten dit oppakken") and MODAL_ADVICE.search("Het college dient te kiezen")
    assert not MODAL_ADVICE.search("De gemeente moetje")
    assert has_finite_verb("De wachtlijst bleek lang")
    assert answer_type_fits("Wanneer is het plan klaar?", "Het plan is in september af.")


def test_cardinals_upto_and_their_users():
    from nl.numberwords import CARDINALS, digitise
    from nl.patterns import upto
    from recommendations.check import STARTS
    from register.goals import _ANNOUNCES_LIST

    assert upto(CARDINALS, "vier") == ("twee", "drie", "vier")
    assert digitise("drie vijfde van de inwoners") == "3/5 van de inwoners"
    assert _ANNOUNCES_LIST.search("Daarvoor kiezen we tien speerpunten:")
    assert not _ANNOUNCES_LIST.search("Daarvoor kiezen we elf speerpunten:")  # up to ten, as before
    assert STARTS.search("We beginnen met twaalf pilots")


def test_restraint_cues_serve_advice_and_plan_check():
    from nl.planform import RESTRAINT, advice_forms
    from recommendations.check import NEW_INITIATIVE, RESTRAIN

    assert RESTRAINT in advice_forms("Wees terughoudend met nieuwe pilots in de wijk.")
    assert RESTRAIN.search("Beperk het aantal projecten") and NEW_INITIATIVE.search("acht nieuwe projecten")
    assert not RESTRAIN.search("We investeren in de wijkteams")


def test_baseline_and_target_value_names_serve_register_and_planform():
    from nl.planform import MEASURABLE, form_signal
    from nl.targets import BASELINE_VALUES, TARGET_VALUE
    from register.goals import _MEASURE_LINE

    assert "nulmeting" in BASELINE_VALUES and TARGET_VALUE == "streefwaarde"
    assert _MEASURE_LINE.match("Nulmeting (2022): 58%") and _MEASURE_LINE.match("Streefwaarde 2026: 70%")
    assert not _MEASURE_LINE.match("Beginwaarde: 58%")
    assert form_signal(MEASURABLE, "De peilwaarde van deze indicator is bekend.") == 0.75


def test_pattern_helpers_refuse_what_would_match_everywhere_or_nothing():
    import pytest

    from nl.patterns import alternatives, one_of, upto

    with pytest.raises(ValueError):
        one_of(())
    with pytest.raises(ValueError):
        alternatives([])
    with pytest.raises(ValueError, match="not in the list"):
        upto(("een", "twee"), "drie")
    assert upto(("een", "twee", "drie"), "twee") == ("een", "twee")
