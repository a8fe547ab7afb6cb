"""Unit tests on small Dutch texts (no model: FakeEmbedder)."""
from __future__ import annotations


import pytest

from beleid.config import load_settings
from beleid.store import Store
from beleid.types import Block, Document, Recommendation

from index.embedders import FakeEmbedder
from recommendations.check import PlanScorer, Passage, opposes
from recommendations.extract import extract, fake_heading, heading_label
from recommendations.recurring import cluster
from app.report import render_rows as render
from recommendations.stage import RecommendationsStage, link_same_as
from recommendations.storage import load_findings, load_recommendations
from recommendations.text import (is_advice, is_finding, is_frame_word, is_imperative, sentences, split_items,
                                  substance, token_f1)


def doc(doc_id="2020-evaluatie-x", kind="evaluatie", date="2020-03-01", author="Bureau Test"):
    return Document(doc_id, f"/x/{doc_id}.pdf", doc_id, doc_id, kind, date, author, None, 3)


def blk(page, order, kind, text, level=0):
    return Block("d", page, order, kind, text, (0, 0, 1, 1), 10.0, kind == "heading", level if kind == "heading" else 0)


# --- text ----------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Versterk algemene voorzieningen in de wijk.", "Neem een stevigere opdrachtgeversrol in.",
    "Wees terughoudend met nieuwe projecten.", "Benut de ideeën van inwoners.", "Zet dit af tegen de behoeften.",
    "Breng in kaart welke voorzieningen er zijn.", "Maak duidelijke afspraken over monitoring."])
def test_imperatives(sentence):
    assert is_imperative(sentence)


@pytest.mark.parametrize("sentence", [
    "De werkdruk is hoog.", "Het is nog te vroeg om dat te zeggen.", "Wij herkennen de conclusies.",
    "Inwoners weten niet altijd waar ze moeten zijn.", "Maar de meeste signalen duiden op vertraging.",
    "Werkt de gemeente goed samen?", "Er is behoefte aan overzicht."])
def test_not_imperatives(sentence):
    assert not is_imperative(sentence)


def test_advice_and_finding_cues():
    assert is_advice("We adviseren om een jaarplanning op te stellen.")
    assert is_advice("Ons advies is om eerst te investeren in de basis.")
    assert not is_advice("De adviseurs werken in de wijk.")
    assert is_finding("Er is te weinig capaciteit voor preventie.")
    assert is_finding("De toegang is niet laagdrempelig genoeg.")
    assert not is_finding("De gemeente heeft vier wijkteams.")


def test_sentences_keep_abbreviations():
    got = [s for _, s in sentences("Dit geldt o.a. voor jeugd. Zie ook bijv. de Wmo. Nieuwe zin hier.")]
    assert got == ["Dit geldt o.a. voor jeugd.", "Zie ook bijv. de Wmo.", "Nieuwe zin hier."]


def test_split_numbered_and_bullets():
    items = [t for _, t in split_items("1. Versterk de wijk. Doe dat snel. 2. Neem regie in 2020. 3. Borg het.")]
    assert items == ["Versterk de wijk. Doe dat snel.", "Neem regie in 2020.", "Borg het."]
    assert [t for _, t in split_items("• Eerste punt • Tweede punt")] == ["Eerste punt", "Tweede punt"]


def test_token_f1():
    assert token_f1("De werkdruk is hoog.", "de werkdruk is hoog") == 1.0
    assert token_f1("De werkdruk is hoog.", "Kosten stijgen") == 0.0


def test_heading_labels():
    assert heading_label("Aanbevelingen") == "rec"
    assert heading_label("8.2 Adviezen") == "rec"
    assert heading_label("7 Conclusies en aanbevelingen") == "both"
    assert heading_label("6.4 Bevindingen") == "finding"
    assert heading_label("Bijlage 1: Literatuur") == "other"
    assert fake_heading("1. Richten (het doel) 2. Inrichten (het proces)")
    assert fake_heading("Hoe borgen we de vertaling van beleid naar uitvoering?")


# --- extraction ----------------------------------------------------------------

LETTER_BLOCKS = [
    blk(1, 0, "heading", "Raadsbrief evaluatie jeugdbeleid", 1),
    blk(1, 1, "paragraph", "Geachte raadsleden, hierbij ontvangt u de evaluatie van het jeugdbeleid."),
    blk(1, 2, "heading", "Belangrijkste conclusies", 2),
    blk(1, 3, "list_item", "1. De wachtlijsten voor jeugdhulp zijn lang. Ouders weten niet altijd waar ze terecht "
                           "kunnen. 2. Er is te weinig zicht op de resultaten van aanbieders en de kosten"),
    blk(2, 0, "paragraph", "stijgen nog elk jaar."),
    blk(2, 1, "heading", "Aanbevelingen", 2),
    blk(2, 2, "paragraph", "De onderzoekers doen de volgende aanbevelingen:"),
    blk(2, 3, "list_item", "1. Stel meetbare doelen op voor de jeugdhulp en volg die jaarlijks. 2. Maak resultaatafspraken "
                           "met aanbieders. 3. Wees terughoudend met nieuwe pilots. Wij nemen deze aanbevelingen over. "
                           "Het rapport laat zien dat de uitvoering om aanscherping vraagt."),
    blk(3, 0, "heading", "Vervolg", 2),
    blk(3, 1, "paragraph", "Het college stuurt u voor de zomer een plan van aanpak."),
]


def test_extract_letter():
    recs, finds = extract(doc("2020-raadsbrief-jeugd", "raadsbrief"), LETTER_BLOCKS)
    texts = [r.text for r in recs]
    assert texts == ["Stel meetbare doelen op voor de jeugdhulp en volg die jaarlijks.",
                     "Maak resultaatafspraken met aanbieders.", "Wees terughoudend met nieuwe pilots."]
    assert all(r.page == 2 and r.year == 2020 and r.author == "Bureau Test" and r.topic for r in recs)
    assert recs[0].id == "2020-raadsbrief-jeugd:r1"
    ftexts = [f.text for f in finds]
    # the second conclusion runs on over the page break and keeps its first page
    assert any(t.startswith("Er is te weinig zicht") and t.endswith("stijgen nog elk jaar.") for t in ftexts)
    assert next(f for f in finds if f.text.startswith("Er is te weinig zicht")).page == 1
    assert any("aanscherping" in t for t in ftexts)
    assert not any("Wij nemen" in t for t in ftexts + texts)
    assert not any("plan van aanpak" in t for t in ftexts + texts)


def test_plan_without_evaluative_sections_yields_nothing():
    blocks = [blk(1, 0, "heading", "Programma Zorg", 1),
              blk(1, 1, "paragraph", "Versterk de wijk. Er is te weinig capaciteit.")]
    assert extract(doc("2020-plan", "programmacontract"), blocks) == ([], [])


def test_summary_repeat_kept_once_at_chapter():
    blocks = [blk(1, 0, "heading", "Samenvatting", 1), blk(1, 1, "heading", "Aanbevelingen", 2),
              blk(1, 2, "list_item", "• Versterk de algemene voorzieningen in de wijken van de stad."),
              blk(5, 0, "heading", "5 Conclusies en aanbevelingen", 1),
              blk(5, 1, "list_item", "1. Versterk de algemene voorzieningen in de wijken van de stad. "
                                     "2. Investeer in preventie bij jongeren.")]
    recs, _ = extract(doc(), blocks)
    assert [(r.page, r.text) for r in recs] == [(5, "Versterk de algemene voorzieningen in de wijken van de stad."),
                                                (5, "Investeer in preventie bij jongeren.")]


def test_advice_sentence_anywhere_in_evaluation():
    blocks = [blk(1, 0, "heading", "4 Organisatie", 1),
              blk(1, 1, "paragraph", "De organisatie telt drie teams. We adviseren om de beleidscapaciteit uit te "
                                     "breiden. Uit de evaluatie blijkt dat kennis kwetsbaar is. Het jaar daarna kwam er "
                                     "een nieuw team.")]
    recs, _ = extract(doc(), blocks)
    assert len(recs) == 1 and recs[0].text.startswith("We adviseren om de beleidscapaciteit")
    assert "kwetsbaar" in recs[0].text


# --- same_as, storage, stage -------------------------------------------------------

def rec(id, text, doc_id="d", year=2020):
    return Recommendation(id, doc_id, 1, "", year, None, "", text)


def test_link_same_as_pairs_repeats_only():
    letter = [rec("l:r1", "Wees terughoudend met nieuwe projecten en borg eerst bestaande successen."),
              rec("l:r2", "Zorg voor een goede website voor inwoners met veel informatie.")]
    report = [rec("p:r1", "Versterk de algemene voorzieningen in de wijken."),
              rec("p:r2", "Denk bij nieuwe projecten vooraf na over borging van bestaande successen."),
              rec("p:r3", "Neem een stevigere opdrachtgeversrol in richting aanbieders.")]
    links = link_same_as(letter, report, FakeEmbedder())
    assert links == {"l:r1": "p:r2"}


def _insert_doc(store, d: Document, blocks: list[Block]):
    from beleid.types import Page

    bl = tuple(Block(d.doc_id, b.page, b.order, b.kind, b.text, b.bbox, b.font_size, b.bold, b.heading_level,
                     b.section) for b in blocks)
    pages = [Page(d.doc_id, n, "", 595, 842, False, tuple(b for b in bl if b.page == n)) for n in (1, 2, 3)]
    store.save_document(d, pages, [])


def test_stage_stores_links_and_cascades(tmp_path):
    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    report = doc("2020-evaluatie-jeugd", "evaluatie", "2020-02-01")
    letter = doc("2020-raadsbrief-jeugd", "raadsbrief", "2020-03-01")
    report_blocks = [blk(1, 0, "heading", "Aanbevelingen", 1),
                     blk(1, 1, "list_item", "1. Stel meetbare doelen op voor de jeugdhulp en volg die elk jaar. "
                                            "2. Wees terughoudend met nieuwe pilots en borg bestaande aanpakken.")]
    _insert_doc(store, letter, LETTER_BLOCKS)
    _insert_doc(store, report, report_blocks)
    stage = RecommendationsStage(embedder=FakeEmbedder())
    stage.run(store, settings, letter)  # the report's rows do not exist yet
    stage.run(store, settings, report)  # links the earlier letter to this report
    recs = {r.id: r for r in load_recommendations(store)}
    assert recs["2020-raadsbrief-jeugd:r1"].same_as == "2020-evaluatie-jeugd:r1"
    assert recs["2020-raadsbrief-jeugd:r3"].same_as == "2020-evaluatie-jeugd:r2"
    stage.run(store, settings, letter)  # re-running replaces the rows and keeps the links
    assert len(load_recommendations(store, [letter.doc_id])) == 3
    assert {r.same_as for r in load_recommendations(store, [letter.doc_id])} >= {"2020-evaluatie-jeugd:r1"}
    store.delete_document(report.doc_id)
    assert all(r.same_as is None for r in load_recommendations(store))
    assert load_findings(store, [report.doc_id]) == []


# --- plan check ------------------------------------------------------------------

def test_opposition_detection():
    r = "Wees terughoudend met nieuwe projecten en borg eerst successen."
    assert opposes(r, "In 2020 starten we drie nieuwe pilots in de wijken.")
    assert not opposes(r, "We borgen de bestaande aanpak in de reguliere structuur.")
    assert not opposes(r, "We starten geen nieuwe projecten.")
    assert opposes("Versterk de algemene voorzieningen.", "We bezuinigen op algemene voorzieningen.")


def test_plan_scorer_statuses():
    plan = [Passage("p", 1, "We stellen in 2020 meetbare doelen op voor de jeugdhulp, met nulmeting en streefwaarden."),
            Passage("p", 2, "De jeugdhulp krijgt meetbare doelen die we jaarlijks monitoren met indicatoren."),
            Passage("p", 3, "We starten in 2020 vijf nieuwe pilots en experimenten in de wijken."),
            Passage("p", 4, "De bibliotheek krijgt een nieuw dak en de parkeergarage wordt geschilderd.")]
    scorer = PlanScorer(plan, FakeEmbedder())
    goals = scorer.check(rec("e:r1", "Stel meetbare doelen op voor de jeugdhulp en monitor die jaarlijks."))
    assert goals.status == "addressed" and {e.page for e in goals.evidence} >= {1, 2}
    pilots = scorer.check(rec("e:r2", "Wees terughoudend met nieuwe pilots en experimenten."))
    assert pilots.status in ("conflicts", "partly") and any(e.page == 3 for e in pilots.evidence)
    other = scorer.check(rec("e:r3", "Betrek huisartsen bij de aanpak van eenzaamheid onder ouderen."))
    assert other.status in ("not_addressed", "partly")
    js = goals.to_json()
    assert set(js) == {"recommendation", "status", "status_label", "evidence", "reason"}
    assert js["status_label"] == "opgepakt" and goals.to_json("en")["status_label"] == "addressed"
    assert set(js["recommendation"]) == {"id", "doc_id", "page", "text"}


@pytest.mark.parametrize("text, gone, kept", [
    ("Stel een integraal plan vast voor de vroegsignalering van schulden.", {"stel", "vast"},
     {"integraal", "plan", "vroegsignalering", "schulden"}),
    ("De rekenkamer beveelt het college aan om de raad hierover jaarlijks te informeren.",
     {"rekenkamer", "beveelt", "hierover"}, {"raad", "jaarlijks", "informeren"}),
    ("Zorg ervoor dat de wachttijden in de zorg korter worden. Maak daarbij afspraken met aanbieders.",
     {"ervoor", "maak", "daarbij"}, {"wachttijden", "zorg", "afspraken", "aanbieders"}),
    ("Houd elk jaar bij hoeveel huishoudens de regeling bereikt.", {"houd", "elk"}, {"huishoudens", "regeling"}),
])
def test_substance_keeps_content_words_only(text, gone, kept):
    words = set(substance(text).split())
    assert not words & gone and kept <= words


def test_frame_words():
    assert all(is_frame_word(w) for w in ("stellen", "gemaakt", "vast", "daarover", "waarmee", "adviseert"))
    # 'zorg' and 'pak' are also nouns: only dropped where they open a sentence
    assert not any(is_frame_word(w) for w in ("zorg", "pak", "monitor", "schulden", "raad"))


PLAN_BEREIK = [
    Passage("p", 1, "We stellen in 2025 een monitor op met jaarlijkse rapportage aan de raad over het bereik van de "
                    "minimaregelingen."),
    Passage("p", 2, "Voor het kindpakket leggen we in 2025 een nulmeting vast en maken we afspraken met scholen."),
    Passage("p", 3, "Kinderen uit gezinnen met een laag inkomen kunnen lid worden van een sportclub."),
    Passage("p", 4, "De bibliotheek krijgt een nieuw dak en de parkeergarage wordt geschilderd."),
]


def test_one_strong_concrete_passage_addresses():
    scorer = PlanScorer(PLAN_BEREIK, FakeEmbedder())
    res = scorer.check(rec("e:r1", "Monitor jaarlijks het bereik van de minimaregelingen en rapporteer aan de raad."))
    assert res.status == "addressed" and res.scores["strong"]
    assert res.evidence[0].page == 1


def test_strong_passage_without_measures_does_not_address():
    plan = [Passage("p", 1, "Het bereik van de minimaregelingen vinden wij een belangrijk onderwerp voor de raad."),
            *PLAN_BEREIK[2:]]
    scorer = PlanScorer(plan, FakeEmbedder())
    text = "Monitor het bereik van de minimaregelingen en informeer de raad."
    assert scorer.relevance(text).max() >= scorer.calibration.gate  # relevant, but it states no concrete measure
    res = scorer.check(rec("e:r1", text))
    assert res.status != "addressed" and not res.scores["strong"]


def test_shared_generic_verbs_do_not_make_relevance():
    scorer = PlanScorer(PLAN_BEREIK, FakeEmbedder())
    res = scorer.check(rec("e:r2", "Stel een integraal plan vast voor de vroegsignalering van schulden, samen met "
                                   "woningcorporaties."))
    assert res.status == "not_addressed"
    assert not any(t in res.reason for t in ("stel", "vast"))


def test_report_escapes_text():
    rows = [{"recommendation": {"id": "e:r1", "doc_id": "e", "page": 2, "text": "Doe <script>alert(1)</script> niet"},
             "status": "partly", "evidence": [{"doc_id": "p", "page": 3, "text": "Tekst met <b>tags</b> & zo"}],
             "reason": "Omdat <i>dit</i>."}]
    html = render(rows, {"doc_id": "p", "title": "Plan <x>", "date": "2020"}, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; zo" in html
    md = render(rows, {"doc_id": "p", "title": "Plan", "date": None}, "md")
    assert "p. 3" in md and "\\<script\\>" in md and "Deels opgepakt" in md and "partly" not in md


def test_llm_judge_with_fake_chat_model():
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from recommendations.check import Result
    from recommendations.judge import LLMJudge

    base = Result(rec("e:r1", "Versterk de wijk."), "partly", [Passage("p", 1, "We versterken de wijk in 2020.")], "x")
    good = LLMJudge(FakeListChatModel(responses=['{"status": "addressed", "reason": "Concreet plan."}'])).review(base)
    assert good.status == "addressed" and "Concreet plan." in good.reason
    bad = LLMJudge(FakeListChatModel(responses=["ik weet het niet"])).review(base)
    assert bad.status == "partly"


# --- recurring ---------------------------------------------------------------------

def test_cluster_groups_same_issue_across_years():
    from beleid.types import Finding

    items = [Finding("a:f1", "a", 3, "", 2018, None, "", "Er is chronische onderbezetting op beleidsfuncties bij de gemeente."),
             Finding("b:f1", "b", 9, "", 2024, None, "", "Nog steeds chronische onderbezetting op beleidsfuncties."),
             Finding("a:f2", "a", 4, "", 2018, None, "", "Mantelzorgers worden goed ondersteund door de vrijwilligers.")]
    themes = cluster(items, FakeEmbedder(), threshold=0.3)
    grouped = next(t for t in themes if len(t.members) == 2)
    assert [m.year for m in grouped.members] == [2018, 2024]
    assert grouped.first_year == 2018 and grouped.last_year == 2024
    assert "onderbezetting" in grouped.theme
    js = grouped.to_json()
    assert js["members"][0]["id"] == "a:f1" and {"theme", "first_year", "last_year", "members"} <= set(js)
