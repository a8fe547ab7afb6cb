"""Goal detection across styles (issue 13): result headings in two columns, prose goal statements, run-on goals,
the learned scorer, and the SMART letters that depend on structure (T from a results heading, A per programme)."""
from __future__ import annotations

from conftest import make_blocks

from beleid.types import Block
from register.extract import extract_register, heading_year, programme_chapters
from register.goal_model import FIRST_WORDS, GoalModel, candidates, select_goals, shipped_model
from register.goals import find_goals, prose_goal_level
from register.segment import pieces, split_sentences


def blk(n, kind, text, x0=70.0, x1=560.0, page=1):
    return Block("t", page, n, kind, text, (x0, 100.0 + 20 * n, x1, 110.0 + 20 * n),
                 heading_level=1 if kind == "heading" else 0)


def budget_page():
    """A BBV page: goals under 'Wat willen we bereiken?', then a taakveld with two columns."""
    return [blk(0, "heading", "P5 Sport en cultuur"),
            blk(1, "heading", "Wat willen we bereiken ?"),
            blk(2, "paragraph", "Gezonde en actieve inwoners die samen sporten;"),
            blk(3, "paragraph", "Een breed cultuuraanbod in de gemeente behouden."),
            blk(4, "heading", "Wat gaan we daarvoor doen ?"),
            blk(5, "heading", "5.1 Sportbeleid"),
            blk(6, "heading", "Belangrijkste ontwikkelingen 2021", x1=250),
            blk(7, "paragraph", "Uitvoering van het lokale sportakkoord.", x1=250),
            blk(8, "heading", "Belangrijkste resultaten 2021", x0=340),
            blk(9, "paragraph", "De sportverenigingen en de gemeente gaan intensiever samenwerken.", x0=340),
            blk(10, "paragraph", "Regionaal sportbeleid.", x0=340),
            blk(11, "heading", "Toelichting"),
            blk(12, "paragraph", "Het doel is om de samenwerking verder te versterken. Dit vraagt veel overleg.")]


def test_result_column_and_question_heading_give_goals_but_not_context():
    gs = find_goals(pieces(budget_page()))
    got = {g.text: g.level for g in gs}
    assert got == {"Gezonde en actieve inwoners die samen sporten": "strategisch",
                   "Een breed cultuuraanbod in de gemeente behouden.": "strategisch",
                   "De sportverenigingen en de gemeente gaan intensiever samenwerken.": "operationeel",
                   "Regionaal sportbeleid.": "operationeel"}


def test_results_heading_year_is_the_deadline_and_owner_of_another_programme_does_not_count():
    blocks = budget_page() + [blk(0, "heading", "P6 Sociaal domein", page=2),
                              blk(1, "paragraph", "Portefeuillehouder: Jan de Vries", page=2)]
    reg = extract_register("t", blocks, [], goal_model=None)
    res = [g for g in reg.goals if g.level == "operationeel"]
    assert res and all(g.deadline == "2021" and g.smart["T"] for g in res)
    assert reg.owners and all(not g.smart["A"] for g in reg.goals)
    assert "geen opdrachtgever" in reg.goals[0].reasons["A"]
    assert heading_year("Belangrijkste resultaten 2021") == "2021" and heading_year("Toelichting") is None
    chapter = programme_chapters(blocks)
    assert chapter(1) != chapter(2)
    assert programme_chapters(make_blocks(("heading", "1. Inleiding"), "tekst"))(5) == 0


def test_prose_goal_statements_and_their_level():
    assert prose_goal_level("Het ultieme doel van dit programma is om een sterke coalitie te vormen.") == "hoofdopgave"
    assert prose_goal_level("Het doel is het veilig voelen in de wijken te bevorderen.") == "strategisch"
    assert prose_goal_level("De investering wordt gedaan met het doel de kosten terug te verdienen.") == "operationeel"
    assert prose_goal_level("Het college heeft het doel besproken in de raad.") is None
    assert prose_goal_level("Wat is het doel van dit programma?") is None
    gs = find_goals(pieces(make_blocks(("heading", "2.1 Veilige wijken"),
                                       "We werken samen in de wijk. Het doel is het veilig voelen te bevorderen.",
                                       ("heading", "Toelichting"), "Het doel is om de kosten te beperken tot 2022.")))
    assert [g.text for g in gs] == ["Het doel is het veilig voelen te bevorderen."]


def test_run_on_goals_are_split_and_a_bare_marker_line_is_skipped():
    text = "Maximaal 600 m2 staat leeg buiten het centrum In 2022 kent de binnenstad meer activiteiten"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Maximaal 600 m2 staat leeg buiten het centrum", "In 2022 kent de binnenstad meer activiteiten"]
    gs = find_goals(pieces(make_blocks("De strategische doelstellingen zijn: 1.",
                                       "In 2022 wonen meer mensen in het centrum van de stad",
                                       "In 2022 staan minder winkels leeg in het centrum van de stad",
                                       "Dit is de toelichting op de doelen die volgt.")))
    assert [g.text for g in gs] == ["In 2022 wonen meer mensen in het centrum van de stad",
                                    "In 2022 staan minder winkels leeg in het centrum van de stad"]


def test_list_siblings_that_differ_in_one_content_word_are_two_goals():
    gs = find_goals(pieces(make_blocks("De operationele doelen zijn:",
                                       ("list_item", "a) Inwoners waarderen het evenementenaanbod met een 7,0"),
                                       ("list_item", "b) Inwoners waarderen het cultuuraanbod met een 7,0"))))
    assert len(gs) == 2


def test_learned_scorer_keeps_rule_goals_adds_likely_candidates_and_drops_unlikely_ones():
    pcs = pieces(budget_page())
    rules = find_goals(pcs)
    cands = candidates(pcs, rules)
    assert any(c.rule is not None for c in cands) and any(c.rule is None for c in cands)
    # a model that trusts the rules and likes sentences with a goal cue
    model = GoalModel({"rule": 5.0, "cue_doel_is": 8.0}, -4.0, {"strategisch": {}}, {"strategisch": 0.0})
    texts = [g.text for g in select_goals(pcs, rules, model)]
    assert "Het doel is om de samenwerking verder te versterken." in texts
    assert "Regionaal sportbeleid." in texts
    distrust = GoalModel({"rule": -9.0}, -1.0, {"strategisch": {}}, {"strategisch": 0.0})
    assert select_goals(pcs, rules, distrust) == []
    assert select_goals(pcs, rules, None) == rules


def test_the_shipped_model_loads_and_uses_only_general_features():
    m = shipped_model()
    assert m is not None and m.weights
    values = [k.split("=", 1)[1] for k in m.weights if "=" in k and not k.startswith(("len=", "n_sent="))]
    assert values and not any(ch.isdigit() for v in values for ch in v), "no numbers in features"
    assert not any(k.startswith("w1=") and k[3:] not in FIRST_WORDS for k in m.weights), "no names in features"


def test_compound_goal_cue_and_an_item_that_lost_its_marker():
    gs = find_goals(pieces(make_blocks("Om dit te bereiken zijn vier verbeterdoelen geformuleerd. De verbeterdoelen zijn:",
                                       ("list_item", "• De voorspelbaarheid van het omgevingsrecht vergroten."),
                                       "De bestuurlijke afwegingsruimte voor de leefomgeving vergroten.",
                                       ("list_item", "• De besluitvorming over projecten versnellen en verbeteren."),
                                       "Hierna volgt de aanpak van het programma in drie fasen.")))
    assert [g.text for g in gs] == ["De voorspelbaarheid van het omgevingsrecht vergroten.",
                                    "De bestuurlijke afwegingsruimte voor de leefomgeving vergroten.",
                                    "De besluitvorming over projecten versnellen en verbeteren."]
    assert not find_goals(pieces(make_blocks("De communicatiedoelen zijn:",
                                             ("list_item", "• Inwoners informeren over de voortgang van de projecten."))))


def test_an_effect_line_before_its_indicator_is_a_goal():
    from register.goals import effect_before_indicator

    assert effect_before_indicator("| Minder misdrijven 2018 2019 2020 2021 2022",
                                   "Indicator 2: Afname van het aantal misdrijven") == "Minder misdrijven"
    assert effect_before_indicator("[ Meer tevredenheid over toezicht", "Jndicatur 6: Percentage tevreden") == \
        "Meer tevredenheid over toezicht"
    assert effect_before_indicator("Minder misdrijven", "De politie registreert misdrijven.") is None
    assert effect_before_indicator("Kennispunt grafieken en infographics", "Indicator 1: Percentage") is None


def test_a_stated_monitoring_of_the_goals_makes_them_evaluable():
    from register.smart import goals_monitoring

    said = "De monitoring van de realisatie van de doelen gebeurt door het onderzoeksbureau via de stadsmonitor."
    assert goals_monitoring(["Inleiding.", said]).startswith("monitoring van de realisatie van de doelen")
    assert goals_monitoring(["Het is wenselijk om te weten of het programma de strategische doelen haalt."]) is None
    blocks = make_blocks("De strategische doelen zijn:", ("list_item", "• In 2024 wonen meer ouderen thuis."),
                         ("heading", "Monitoring"), said)
    reg = extract_register("t", blocks, [], goal_model=None)
    assert reg.goals and all(g.evaluation and "monitoring van de" in g.evaluation_reason for g in reg.goals)
    reg2 = extract_register("t", blocks[:2], [], goal_model=None)
    assert not any(g.evaluation for g in reg2.goals)


def test_a_result_named_as_a_deliverable_is_specific_and_a_theme_is_not():
    from register.smart import assess

    for text in ("Herstel historische buitenplaats.", "Voortzetting van het jongerenwerk.",
                 "Nieuwe sportnota vastgesteld", "Faciliteren van het museum met een jaarlijkse vergoeding."):
        assert assess(text, [], True, True)[0]["S"], text
    for text in ("Regionaal arbeidsmarktbeleid.", "Q sturing", "Versterking van de sociale cohesie."):
        assert not assess(text, [], True, True)[0]["S"], text
