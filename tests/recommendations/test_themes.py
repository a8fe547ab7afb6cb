"""The theme lexicon (recommendations.themes) and theme-based grouping."""
from __future__ import annotations

import pytest

from beleid.types import Finding, Recommendation
from index.embedders import FakeEmbedder
from recommendations.check import Passage, PlanScorer
from recommendations.recurring import group
from recommendations.themes import (THEMES, expansion_terms, normalise, synonyms, theme_scores, theme_weights,
                                    themes_of)


def keys(text):
    return [m.key for m in themes_of(text)]


@pytest.mark.parametrize("text,theme", [
    ("Door hoge werkdruk kunnen wijkcoaches de regie niet altijd voeren.", "capaciteit"),
    ("Er is chronische onderbezetting op beleidsfuncties.", "capaciteit"),
    ("De beleidscapaciteit op jeugd is kwetsbaar.", "capaciteit"),  # compound
    ("Er is te weinig mankracht bij beleid en uitvoering.", "capaciteit"),
    ("Door de reorganisatie is veel expertise verloren gegaan.", "continuiteit"),
    ("Het vele verloop zorgt voor onrust en kennis gaat verloren.", "continuiteit"),
    ("De Check en de Act uit de PDCA-cyclus ontbreken.", "monitoring"),
    ("Formuleer SMART doelen die door de jaren heen gevolgd kunnen worden.", "doelen"),
    ("De doelstellingen zijn geconcretiseerd naar operationele doelstellingen.", "doelen"),
    ("Wees terughoudend met nieuwe projecten en borg eerst bestaande aanpakken.", "projecten"),
    ("Neem een stevigere opdrachtgeversrol in en stuur op resultaat in plaats van uren.", "opdrachtgeverschap"),
    ("De toegang is niet laagdrempelig genoeg.", "toegang"),
    ("Versterk algemene, preventieve voorzieningen.", "preventie"),
    ("Burgerinitiatieven haken af door de regels.", "participatie"),
    ("De uitgaven blijven stijgen en er zijn financiële tekorten.", "kosten"),
])
def test_theme_detected(text, theme):
    assert theme in keys(text)


@pytest.mark.parametrize("text", [
    "De gemeente heeft vier wijkteams en een stadhuis aan het plein.",
    "Het verloopt goed met de bibliotheek.",  # 'verloopt' is not staff turnover
    "De raad vergadert op dinsdag.",
])
def test_no_theme_for_neutral_text(text):
    assert "capaciteit" not in keys(text) and "continuiteit" not in keys(text)


def test_weak_terms_alone_do_not_make_a_theme():
    # 'projecten' and 'pilots' are supporting terms: talking about projects is not the issue itself
    assert "projecten" not in keys("We voeren projecten en pilots uit in de wijk.")
    assert theme_scores("We voeren projecten en pilots uit in de wijk.")["projecten"] == 1.0


def test_multi_label_and_ordering():
    found = themes_of("Door het vele verloop en de chronische onderbezetting gaat kennis verloren en is er onrust.")
    got = [m.key for m in found]
    assert {"capaciteit", "continuiteit"} <= set(got)
    assert got[0] == "continuiteit"  # more of its terms matched
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    w = theme_weights("Door het vele verloop en de chronische onderbezetting gaat kennis verloren.")
    assert abs(sum(w.values()) - 1.0) < 1e-9


def test_lexicon_is_well_formed():
    assert 15 <= len(THEMES) <= 30
    assert len({t.key for t in THEMES}) == len(THEMES)
    for t in THEMES:
        assert t.strong and t.label
        assert all(term == term.lower() for term in t.strong + t.weak), t.key


def test_normalise_and_expansion():
    assert normalise("Één Data-gedreven KPI's") == "een data gedreven kpi s"
    exp = expansion_terms("Werk het beleid uit naar meer SMART geformuleerde doelen.")
    assert "meetba" in exp or "meetbaar" in exp
    assert "geconcretiseerd" in synonyms("Maak de visie concreter.")


def _f(id_, year, text):
    doc = id_.split(":")[0]
    return Finding(id_, doc, 1, "", year, None, "", text)


def test_group_joins_years_by_theme_where_words_differ():
    items = [_f("a:f1", 2018, "Er is te weinig mankracht bij beleid en uitvoering om aan vernieuwing te werken."),
             _f("b:f1", 2024, "Er is al jaren sprake van chronische onderbezetting op beleidsfuncties."),
             _f("a:f2", 2018, "De bibliotheek heeft een mooi nieuw dak gekregen.")]
    themes = group(items, FakeEmbedder())
    cap = next(t for t in themes if t.key == "capaciteit")
    assert [m.id for m in cap.members] == ["a:f1", "b:f1"]
    assert cap.first_year == 2018 and cap.last_year == 2024
    assert cap.theme.startswith("capaciteit")
    js = cap.to_json()
    assert {"theme", "first_year", "last_year", "members"} <= set(js)
    # the item no theme covers is still grouped (similarity cluster)
    assert any(t.key is None and [m.id for m in t.members] == ["a:f2"] for t in themes)


def test_group_is_multi_label():
    items = [_f("a:f1", 2018, "Door reorganisaties en hoge werkdruk is expertise verloren gegaan."),
             _f("b:f1", 2024, "Het verloop is groot."), _f("b:f2", 2024, "Er is onderbezetting.")]
    themes = {t.key: [m.id for m in t.members] for t in group(items, FakeEmbedder())}
    assert themes["continuiteit"] == ["a:f1", "b:f1"]
    assert themes["capaciteit"] == ["a:f1", "b:f2"]


def test_plan_scorer_finds_evidence_in_other_words():
    rec = Recommendation("e:r1", "e", 4, "", 2018, None, "",
                         "Werk het beleid uit naar meer SMART geformuleerde doelen.")
    plan = [Passage("p", 5, "De strategische doelstellingen zijn geconcretiseerd naar operationele doelstellingen."),
            Passage("p", 6, "De bibliotheek krijgt een nieuw dak en de parkeergarage wordt geschilderd."),
            Passage("p", 7, "Het college vergadert wekelijks op dinsdag in het stadhuis.")]
    scorer = PlanScorer(plan, FakeEmbedder())
    ranked = scorer.retrieval_score(rec.text)
    assert int(ranked.argmax()) == 0
    assert ranked[0] > ranked[1] and ranked[0] > ranked[2]
    # without the theme lexicon (base score) the passage does not stand out
    base = scorer.score(rec.text)
    assert ranked[0] - max(ranked[1:]) > base[0] - max(base[1:])


def test_passage_shows_next_sentence_as_context():
    from beleid.types import Block
    from recommendations.check import passages

    text = ("Deze doelstellingen zijn geconcretiseerd naar operationele doelstellingen. Dit zijn de meetbare doelen. "
            "Daarnaast werken we samen met partners in de stad aan een lange reeks van nieuwe activiteiten.")
    ps = passages("p", [Block("p", 5, 0, "paragraph", text, (0, 0, 1, 1), 10.0, False, 0)])
    first = ps[0]
    assert first.scored.startswith("Deze doelstellingen") and first.scored.endswith("doelstellingen.")
    assert first.text.endswith("Dit zijn de meetbare doelen.")


def test_finding_keeps_cohesive_run_of_sentences():
    from beleid.types import Block, Document
    from recommendations.extract import extract

    d = Document("2024-evaluatie-x", "/x.pdf", "x", "x", "evaluatie", "2024-01-01", "Bureau Test", None, 3)
    para = ("Door het vele verloop mist slagkracht en gaat kennis verloren. Ook heeft het gezorgd voor onrust. "
            "Kennis is te veel belegd bij één persoon. "
            "Verder waren er veel wisselingen bij het hoofd uitvoering sociaal domein. "
            "In vijf jaar waren er zes verschillende hoofden uitvoering sociaal domein.")
    blocks = [Block("d", 3, 0, "heading", "6.4 Bevindingen", (0, 0, 1, 1), 12.0, True, 2),
              Block("d", 3, 1, "paragraph", para, (0, 0, 1, 1), 10.0, False, 0)]
    _, finds = extract(d, blocks)
    texts = [f.text for f in finds]
    # four problem sentences stay one finding (no longer cut after three), and a sentence without
    # problem words joins the finding it elaborates (shared subject: 'hoofd uitvoering sociaal')
    assert len(texts) == 1
    assert texts[0].startswith("Door het vele verloop") and "te veel belegd" in texts[0]
    assert texts[0].endswith("zes verschillende hoofden uitvoering sociaal domein.")


def test_cluster_label_is_a_members_phrase_not_stems():
    from beleid.types import Finding
    from index.embedders import FakeEmbedder
    from recommendations.recurring import cluster, phrase

    items = [Finding("a:f1", "a", 3, "", 2018, None, "", "De aanschaf van nieuwe fietsenrekken bij het station "
                                                          "verloopt traag, omdat de aanbesteding vastloopt."),
             Finding("b:f1", "b", 5, "", 2024, None, "", "De aanschaf van fietsenrekken bij het station loopt nog "
                                                          "steeds vertraging op door de aanbesteding.")]
    themes = cluster(items, FakeEmbedder(), threshold=0.1)
    assert len(themes) == 1
    assert themes[0].theme in {phrase(m.text) for m in items}
    assert themes[0].theme.startswith("De aanschaf van")  # words as written, not stems ('aanschaf fietsenrek')
