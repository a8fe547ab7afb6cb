"""Goals stated in a paragraph under a label, goals announced inside a sentence, cells of a two-column table
flattened into list items, and effect lines that OCR ran together with the chart indicators (issue 13, session 2).

Unit tests on small strings, and an integration test on two real contracts (parsed by ingest) scored against
the dev gold: it fails when the rules lose the prose goals or the table cells again."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import ROOT, make_blocks

from register.goals import find_goals, flattened_cells, inline_effects, run_in_goal, states_goal, statement_goals
from register.segment import pieces


def texts(blocks):
    return [g.text for g in find_goals(pieces(blocks))]


def test_the_paragraph_under_a_goal_label_states_the_goal():
    got = texts(make_blocks(
        "Ambitie gemeenteraad:",
        "Participatie is essentieel in het nieuwe beleid. Per situatie wordt een passende participatiestrategie "
        "ontwikkeld met de betrokken bewoners. Eén toegang vormt daarbij een pijler.",
        "De gemeente kiest ervoor om dit gefaseerd aan te pakken."))
    assert got == ["Per situatie wordt een passende participatiestrategie ontwikkeld met de betrokken bewoners."]


def test_a_dated_statement_wins_and_a_paragraph_without_commitment_gives_nothing():
    para = ("De gemeente gaat voortvarend aan de slag met de visie. Het is een integrale visie voor de hele stad. "
            "Uiterlijk medio 2020 heeft de gemeenteraad de omgevingsvisie vastgesteld.")
    assert [para[a:b] for a, b in statement_goals(para)] == [
        "Uiterlijk medio 2020 heeft de gemeenteraad de omgevingsvisie vastgesteld."]
    assert texts(make_blocks("Ambitie gemeenteraad:", "De uitgangspunten van het plan kunnen pas later bepaald "
                             "worden. Het is nu te vroeg om een ambitie te bepalen.")) == []
    # a sentence that restates the goal is part of it
    para = ("Gestreefd wordt naar een verandering van de regelgeving over de leefomgeving. Minder regels is daarbij "
            "het doel. Regelgeving moet meer gericht worden op waarden.")
    assert [para[a:b] for a, b in statement_goals(para)] == [
        "Gestreefd wordt naar een verandering van de regelgeving over de leefomgeving. Minder regels is daarbij het doel."]


def test_the_mood_of_a_goal_statement():
    assert states_goal("Almelo zorgt ervoor dat de digitale basis op orde is bij de invoering van de wet.")
    assert states_goal("Wij willen onze dienstverlening aan inwoners en bedrijven verbeteren.")
    assert states_goal("Er vindt een integrale herijking van bestaand beleid plaats.")
    assert not states_goal("Dit vraagt een nieuwe manier van werken van de organisatie.")
    assert not states_goal("Het programma kan gaandeweg nog worden aangevuld en verfijnd door de raad.")
    assert not states_goal("Welke gevolgen heeft dit voor de huidige systemen van de gemeente?")


def test_a_goal_announced_inside_its_sentence():
    s = "Op basis van het coalitieakkoord komen we tot de volgende ambitie: Almelo wil de komst van de wet aangrijpen om te veranderen."
    goal, off = run_in_goal(s)
    assert goal == "Almelo wil de komst van de wet aangrijpen om te veranderen." and s[off:] == goal
    assert run_in_goal("Het motto is: ruimte voor ontwikkeling, waarborgen voor kwaliteit.") is None
    assert run_in_goal("Doelstelling: In 2022 worden minder woninginbraken gepleegd dan in 2018.")[0] == \
        "In 2022 worden minder woninginbraken gepleegd dan in 2018."
    assert run_in_goal("Doel: De raad informeren.") is None  # too short to state a goal


def test_cells_of_a_flattened_two_column_table():
    rows_in = (
        ("list_item", "• Verdiepend onderzoek naar | We hebben in beeld gebracht hoe we met participatie omgaan."),
        ("list_item", "• Ontwikkelen van kennis o Bestuur, management en"),
        ("list_item", "• Stimuleren van samen leren door medewerkers zijn bijgeschoold. intervisie en o Serviceformules "
                      "zijn operationeel"),
        ("list_item", "• Bepalen van de kerncompetenties die o Eén toegang gerealiseerd. nodig zijn voor het werken"),
        ("list_item", "• Uitvoeren pilot (groen) | over de uitgangspunten voor het"))
    cells, rows = flattened_cells(pieces(make_blocks(*rows_in)))
    got = [c[0] for k in sorted(cells) for c in cells[k]]
    assert got == ["We hebben in beeld gebracht hoe we met participatie omgaan.",
                   "Bestuur, management en Stimuleren van samen leren door medewerkers zijn bijgeschoold.",
                   "Serviceformules zijn operationeel", "Eén toegang gerealiseerd."]  # a lowercase fragment is no cell
    assert rows == {0, 1, 2, 3, 4}
    # the activities of the first column are no goals; the cells are, under the goal stated before them
    gs = find_goals(pieces(make_blocks("Ambitie gemeenteraad:", "Wij willen de dienstverlening aan inwoners verbeteren.",
                                       *rows_in)))
    assert [g.text for g in gs][0] == "Wij willen de dienstverlening aan inwoners verbeteren."
    assert len(gs) == 5 and all(g.parent == gs[0].key for g in gs[1:])
    # ordinary bullets without a column rule or a second-level mark are no table
    assert flattened_cells(pieces(make_blocks(("list_item", "• Politie"), ("list_item", "• Wijkteams")))) == ({}, set())


def test_effect_lines_that_ocr_ran_into_the_chart_indicators():
    text = ("Jndicatur 3: Percentage handhavingsacties dat leidt tot normherstel zonder sanctie | \\ y, Meer "
            "buurtpreventie-initiatieven 17 2018 2019 2020 2021 2022 indicstor 4: Aantal buurtpreventie-initiatieven")
    assert inline_effects(text) == ["Meer buurtpreventie-initiatieven"]
    assert inline_effects("Indicator 4: Aantal initiatieven in de wijken van de stad") == []


def test_the_title_of_a_chart_on_an_indicator_page_is_the_effect_it_measures():
    from register.goals import chart_title

    assert chart_title("Kennispunt grafieken (zie hieronder) 10 Bewoners voelen zich veiliger 2017 2018 2019 2020 2021"
                       ) == "Bewoners voelen zich veiliger"
    assert chart_title("Het aantal inwoners groeide sterk in 2019 2020") is None  # no year axis (fewer than 3 years)
    assert chart_title("Indicator 1: Percentage 2018 2019 2020 2021") is None
    blocks = [("heading", "4.2 Indicatoren"), "Bewoners voelen zich veiliger 2018 2019 2020 2021",
              "Percentage inwoners dat zich altijd veilig voelt in de buurt"]
    assert texts(make_blocks(*blocks)) == ["Bewoners voelen zich veiliger"]
    blocks[0] = ("heading", "4.2 Bevolking")  # a chart elsewhere is no goal
    assert texts(make_blocks(*blocks)) == []


def test_a_chapter_number_read_as_a_list_item_is_no_goal():
    got = texts(make_blocks("Bij de ambitie gaat het om de waarom-boodschap van waaruit mensen kiezen voor samenwerking.",
                            ("heading", "2.2 Ambitie"), "Dit is de inleiding van het hoofdstuk over de ambitie.",
                            "3. Opgave voor onze gemeente"))
    assert got == []


# --- integration: two real contracts, parsed by ingest, scored against the dev gold --------------------------

def _toks(s):
    return re.findall(r"[0-9a-zà-ÿ]+", s.lower())


def _f1(a, b):
    ta, tb = _toks(a), _toks(b)
    common = sum((Counter(ta) & Counter(tb)).values())
    return 0.0 if not common else 2 * common / (len(ta) + len(tb))


@pytest.mark.integration
# Omgevingswet: 20 of 24 (0.83) after the rule for one document's colour notes ("(blauw).") was removed (session 2);
# 21 of 23 found (0.91 / 0.88) since a cell ends at a sentence end and a restated goal is kept once (session 3)
@pytest.mark.parametrize("doc_id,min_p,min_r", [("2019-programmacontract-omgevingswet", 0.85, 0.85),
                                                ("2019-programmacontract-veiligheid", 0.9, 0.9)])
def test_prose_goals_and_table_cells_on_real_contracts(doc_id, min_p, min_r):
    from beleid.config import load_settings
    from ingest.parse import parse_pdf

    parsed = parse_pdf(ROOT / "corpus" / f"{doc_id}.pdf", load_settings("/tmp/unused-goal-statements-test"))
    blocks = [b for p in parsed.pages for b in p.blocks]
    goals = find_goals(pieces(sorted(blocks, key=lambda b: (b.page, b.order))))
    gold = next(g for g in json.loads((ROOT / "evaluations" / "data" / "register_dev.json").read_text())
                if g["doc_id"] == doc_id)["goals"]
    used, tp = set(), 0
    for g in gold:
        best = max(((_f1(g["text"], p.text), k) for k, p in enumerate(goals) if k not in used), default=(0, None))
        if best[0] >= 0.8:
            used.add(best[1])
            tp += 1
    assert tp / len(goals) >= min_p and tp / len(gold) >= min_r, (tp, len(goals), len(gold))


# --- S: the learned judgement of concreteness -------------------------------------------------------------------

def test_the_shipped_s_model_uses_only_general_cues_and_judges_concreteness():
    from register.smart import _CUE_NAMES, s_features, shipped_s_model, specific

    model = shipped_s_model()
    assert model is not None
    allowed = set(_CUE_NAMES) | {"bias", "rule_S", "vague2", "len=short", "len=mid", "len=long", "level=none"}
    assert set(model.weights) <= allowed  # no words, names or numbers of a document
    assert set(s_features("Meer passende zorg voor kwetsbare personen.", "operationeel")) <= allowed
    # a direction verb with a concrete object and act is specific; a feeling to promote is not
    assert specific("Het doel is een stadsbreed netwerk buurtpreventie te realiseren met de wijkteams.", "strategisch", model)[0]
    assert not specific("Het doel is het gevoel van veiligheid in de wijken te bevorderen.", "strategisch", model)[0]
    assert not specific("De stad is groener en beter voorbereid op hittegolven.", "hoofdopgave", model)[0]
    ok, why = specific("In 2022 maken maximaal 176 personen gebruik van de opvang.", "operationeel", model)
    assert ok and why.startswith("S: ") and "beoordeling" in why


def test_the_s_rule_lets_a_direction_verb_pass_only_beside_something_concrete():
    from register.smart import specific

    assert specific("De besluitvorming over projecten versnellen en verbeteren met een nieuw vergunningsstelsel.")[0]
    assert not specific("De samenwerking verbeteren.")[0]
    assert specific("Versterken van het voorveld.")[1].startswith("S ontbreekt: alleen een richting")
    assert not specific("Vergroten van de betrokkenheid van bewoners bij hun straat.")[0]


# --- the learned goal scorer: new features, a model without the rules, embeddings passed in --------------------

def test_candidates_carry_mood_label_and_cell_features():
    from register.goal_model import candidates

    pcs = pieces(make_blocks("Ambitie gemeenteraad:", "Almelo zorgt ervoor dat de digitale basis op orde is.",
                             ("list_item", "• Gap analyse | Aangesloten op het landelijke stelsel.")))
    cands = {c.text: c.features for c in candidates(pcs, [])}
    f = cands["Almelo zorgt ervoor dat de digitale basis op orde is."]
    assert f.get("after_goal_label") and f.get("mood_commits") and f.get("mood_states_goal")
    assert cands["Aangesloten op het landelijke stelsel."].get("cell")
    assert not any(t.startswith("Gap analyse") for t in cands)  # the first column of the row is no candidate


def test_a_model_without_the_rules_chooses_on_its_own_and_embeddings_are_passed_in():
    from register.goal_model import GoalModel, select_goals

    pcs = pieces(make_blocks("De gemeente kiest voor een aanpak in fasen.", "Wij willen de dienstverlening verbeteren."))
    # trusts only the mood of a sentence, and ignores a rule feature it was not trained with
    alone = GoalModel({"mood_commits": 8.0, "rule": 50.0}, -4.0, {"operationeel": {}}, {"operationeel": 0.0},
                      threshold=0.5, uses_rules=False)
    assert [g.text for g in select_goals(pcs, [], alone)] == ["Wij willen de dienstverlening verbeteren."]
    # a model with embedding weights uses the vectors the caller passes in, and none without them
    emb = GoalModel({"e5_0": 10.0}, -5.0, {"operationeel": {}}, {"operationeel": 0.0}, threshold=0.5,
                    uses_rules=False)
    first = lambda texts: [[1.0] if t.startswith("De gemeente") else [0.0] for t in texts]
    assert [g.text for g in select_goals(pcs, [], emb, embed=first)] == ["De gemeente kiest voor een aanpak in fasen."]
    assert select_goals(pcs, [], emb) == []


def test_a_list_announced_by_its_paragraph_with_an_ocr_capital_letter_mark():
    gs = find_goals(pieces(make_blocks(
        "Uit deze visie hebben wij twee strategische hoofddoelen geformuleerd. Daarbij zijn operationele "
        "doelstellingen geconcretiseerd. Dat ziet er als volgt uit:",
        "Hoofdoel I: Almelo, hier wordt gewerkt",
        "Deze doelstelling hebben wij verdeeld over de volgende subdoelstellingen:",
        "1. In 2022 doen minder inwoners een beroep op de bijstand.",
        ("list_item", "a. Minder mensen in de bijstand (in 2022 naar 2200 dossiers). 2. In 2022 sluiten vraag en "
                      "aanbod op de arbeidsmarkt beter aan. C. Minder openstaande vacatures in de regio (in 2022)."))))
    got = {g.text: g for g in gs}
    assert "Almelo, hier wordt gewerkt" in got
    sub = got["In 2022 doen minder inwoners een beroep op de bijstand."]
    assert got["Minder mensen in de bijstand (in 2022 naar 2200 dossiers)."].parent == sub.key
    second = got["In 2022 sluiten vraag en aanbod op de arbeidsmarkt beter aan."]
    assert got["Minder openstaande vacatures in de regio (in 2022)."].parent == second.key
    # a number before a year is no list mark, nor is a capital initial inside a sentence
    assert [p.marker for p in pieces(make_blocks("Er waren in 2019 12 In 2020 nog meer."))] == [None]
