"""Plan check: the relevance gate, conflicts, reasons in one language without stems (FakeEmbedder, a fixed
calibration so that the rules, not the fitted numbers, are tested)."""
from __future__ import annotations

import re

import numpy as np

from beleid.types import Recommendation
from index.embedders import FakeEmbedder
from recommendations.check import (LEXICAL, Calibration, Passage, PlanScorer, calibration_for, status_label)
from app.report import render_rows as render

# lexical only: relevance from the recommendation's specific terms that a passage names
CAL = Calibration("test", dense_mean=0.0, dense_std=1.0, cover_mean=0.0, cover_std=0.1, gate=3.0, floor=0.0,
                  dense_weight=0.0)


def rec(id, text):
    return Recommendation(id, "eval", 3, "", 2020, None, "", text)


def scorer(texts, background=()):
    return PlanScorer([Passage("plan", i + 1, t) for i, t in enumerate(texts)], FakeEmbedder(),
                      background=background, calibration=CAL)


WIND = ["Windturbines staan op minimaal 400 meter van de woningen van bewoners.",
        "De provincie voorziet in een regeling voor de participatie van bewoners bij windparken.",
        "Gedeputeerde Staten verlenen mandaat aan de directeur voor besluiten over windenergie."]


def test_gate_shared_generic_words_are_not_relevance():
    s = scorer(WIND)
    res = s.check(rec("e:r1", "Versterk algemene, preventieve voorzieningen voor bewoners in de wijk."))
    assert res.status == "not_addressed" and res.evidence == []
    assert res.scores["relevance"] < CAL.gate


def test_gate_passes_on_the_same_subject():
    s = scorer(WIND + ["We breiden de algemene preventieve voorzieningen in de wijk uit met twee buurtkamers in 2021.",
                       "In 2022 openen we een preventieve inloopvoorziening in elke wijk."])
    res = s.check(rec("e:r1", "Versterk algemene, preventieve voorzieningen in de wijk."))
    assert res.status == "addressed"  # two passages on the subject, each a concrete measure with a year
    assert res.evidence and res.evidence[0].page in (4, 5)
    assert all(e.role == "support" for e in res.evidence)
    assert res.evidence[0].relevance >= CAL.gate  # the best passage first


def test_uncalibrated_embedder_falls_back_to_lexical():
    class Other:
        name = "some-model-nobody-calibrated"

        def embed_batch(self, texts):
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    cal = calibration_for(Other())
    assert cal.model == LEXICAL and cal.dense_weight == 0.0


PILOTS = ["We starten in 2020 acht nieuwe projecten en drie pilots in het sociaal domein.",
          "Met nieuwe experimenten verkennen we innovatieve oplossingen voor de zorg.",
          "De bibliotheek krijgt een nieuw dak."]


def test_conflict_quotes_the_contradicting_passage():
    s = scorer(PILOTS)
    res = s.check(rec("e:r6", "Wees terughoudend met nieuwe projecten en pilots in het sociaal domein."))
    assert res.status == "conflicts"
    against = [e for e in res.evidence if e.role == "against"]
    assert against and against[0].page == 1
    assert "tegenovergestelde" in res.reason or "tegen de aanbeveling in" in res.reason
    assert "acht nieuwe projecten" in res.reason  # the passage is quoted
    assert "opposite" in res.reason_en or "against" in res.reason_en


def test_follows_and_goes_against_names_both_and_weighs():
    plan = ["We borgen de bestaande projecten in het sociaal domein in de reguliere structuur en bouwen daarop voort.",
            "De bestaande projecten in het sociaal domein borgen we in 2020 in de reguliere subsidies.",
            "Daarnaast starten we twee nieuwe pilots in het sociaal domein."]
    res = scorer(plan).check(rec("e:r6", "Wees terughoudend met nieuwe projecten in het sociaal domein en borg eerst "
                                         "de bestaande projecten."))
    assert res.status in ("partly", "conflicts")
    pages = {int(p) for p in re.findall(r"p\. (\d+)", res.reason)}
    assert 3 in pages and pages & {1, 2}  # both passages named
    assert ("weegt zwaarder, dus deels opgepakt" in res.reason) == (res.status == "partly")
    assert ("weegt zwaarder, dus strijdig" in res.reason) == (res.status == "conflicts")
    roles = {e.role for e in res.evidence}
    assert roles == {"support", "against"}


def test_cut_in_what_the_advice_strengthens_conflicts():
    plan = ["We bezuinigen vanaf 2021 op de algemene voorzieningen in de wijken.",
            "De parkeergarage wordt geschilderd."]
    res = scorer(plan).check(rec("e:r4", "Versterk de algemene voorzieningen in de wijken."))
    assert res.status == "conflicts" and res.evidence[0].page == 1


def _words(text):
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


def test_reasons_quote_text_not_stems_and_do_not_mix_languages():
    plan = ["We stellen in 2020 meetbare doelen op voor de jeugdhulp, met nulmeting en streefwaarden.",
            "De jeugdhulp krijgt meetbare doelen die we jaarlijks monitoren met indicatoren.",
            "Voor de jeugdhulp komt er een nieuwe website."]
    s = scorer(plan)
    for text in ("Stel meetbare doelen op voor de jeugdhulp en monitor die jaarlijks.",
                 "Faciliteer initiatieven van inwoners zonder ze over te nemen.",
                 "Wees terughoudend met nieuwe websites voor de jeugdhulp."):
        res = s.check(rec("e:r", text))
        template_nl = _words("Het plan bevat geen passage over het onderwerp van deze aanbeveling noemt concrete "
                             "maatregelen en p gaat op in maar er bij slechts één maatregel volgt op tegenin het "
                             "volgen weegt zwaarder dus deels opgepakt doet tegenovergestelde van tegen de in en "
                             "alleen tegengestelde koers strijdig geen")
        shown = set().union(*[_words(e.text) for e in res.evidence]) if res.evidence else set()
        assert _words(res.reason) <= template_nl | shown, res.reason  # every other word is quoted plan text
        assert not re.search(r"\b(?:partly|addressed|conflicts|plan does)\b", res.reason)
        assert res.reason_en and not re.search(r"\b(?:deels|opgepakt|strijdig|het plan)\b", res.reason_en, re.I)


def test_status_labels_and_report_language():
    assert status_label("partly") == "deels opgepakt" and status_label("partly", "en") == "partly addressed"
    res = scorer(PILOTS).check(rec("e:r6", "Wees terughoudend met nieuwe projecten en pilots."))
    md = render([res.to_json()], {"doc_id": "plan", "title": "Plan", "date": None}, "md")
    assert "Strijdig" in md and "(conflicts)" not in md and "(partly)" not in md


def test_mentioning_new_projects_is_not_starting_them():
    from recommendations.check import opposes

    r = "Wees terughoudend met nieuwe projecten en borg eerst successen van bestaande aanpakken."
    assert not opposes(r, "Voor nieuwe initiatieven en projecten van buiten de organisatie geldt een toetsingskader.")
    assert opposes(r, "Binnen het programma zijn 8 (nieuwe) projecten geselecteerd.")
    assert opposes(r, "Met pilots en experimenten gaan we verkennen wat werkt.")


# --- advice units and evidence spread (issue 11, session 2) ---------------------------------------

BUNDLED = ("Bouw verder op de visie op het sociaal domein en maak deze concreter. Werk de uitgangspunten uit naar "
           "meetbare doelen voor wachtlijsten en schuldhulp. Besef dat effecten van preventie jaren op zich laten "
           "wachten.")


def test_advice_units_are_the_whole_and_each_sentence_with_substance():
    from recommendations.check import advice_units

    units = advice_units(BUNDLED)
    assert units[0] == BUNDLED
    assert len(units) == 4 and units[2].startswith("Werk de uitgangspunten uit")
    assert advice_units("Versterk algemene, preventieve voorzieningen in de wijk.") == [
        "Versterk algemene, preventieve voorzieningen in de wijk."]


def test_a_plan_that_takes_up_one_piece_of_a_bundled_recommendation_is_about_it():
    """The whole text, as one query, is diluted by its other pieces of advice; its own sentence is not."""
    from recommendations.check import advice_units

    plan = scorer(WIND + ["Voor wachtlijsten en schuldhulp stellen we meetbare doelen vast met een nulmeting."],
                  background=[BUNDLED])
    whole = float(CAL.relevance(*plan.features(BUNDLED))[3])
    best_unit = max(float(CAL.relevance(*plan.features(u))[3]) for u in advice_units(BUNDLED))
    assert best_unit > whole
    assert float(plan.relevance(BUNDLED)[3]) == best_unit
    res = plan.check(rec("e:r1", BUNDLED))
    # one passage on the subject with one concrete measure: partly, shown with that passage
    assert res.status == "partly" and res.evidence[0].page == 4


def test_evidence_spreads_over_pages_and_keeps_what_the_reason_quotes():
    from recommendations.check import spread

    plan = [Passage("plan", pg, f"passage {i}") for i, pg in enumerate([3, 3, 3, 5, 7, 7])]
    assert spread(plan, [1], [0, 1, 2, 3, 4, 5], 4) == [1, 3, 4, 0]  # the quoted first, one per page, then fill
    assert spread(plan, [], [0, 1, 2], 4) == [0, 1, 2]


SMART = "Werk het beleid voor wachtlijsten en schuldhulp uit naar SMART geformuleerde doelen."
TOPICAL = ["De wachtlijsten in de schuldhulp zijn lang; het beleid voor schuldhulp en wachtlijsten wordt herzien.",
           "Voor de wachtlijsten van de schuldhulp zoeken we met partners naar oplossingen in het beleid.",
           "Schuldhulp zonder wachtlijsten is het uitgangspunt van ons beleid.",
           "Het beleid voor schuldhulp en wachtlijsten bespreken we met de raad.",
           "Ook de wachtlijsten bij de schuldhulp zelf vragen aandacht in het beleid.",
           "Wachtlijsten en schuldhulp komen in het beleid steeds terug."]
TARGET = "Afname van het aantal huishoudens in de schuldhulp met 300 huishoudens in 2022."


def test_form_advice_shows_a_measurable_target_that_shares_no_words_with_the_advice():
    """'Formuleer SMART doelen' is answered by a target with a number and a year, which the topical ranking puts
    last; the form ranking (reciprocal-rank fused) brings it among the four passages shown."""
    s = scorer(TOPICAL + [TARGET], background=[SMART])
    base = [int(i) for i in np.argsort(-s.retrieval_score(SMART))]
    assert base.index(6) >= 4  # on topic alone the target is not shown
    res = s.check(rec("e:r1", SMART), k=4)
    assert res.status == "partly"  # on the subject, and no passage names a concrete measure
    assert any(e.page == 7 for e in res.evidence)


def test_form_ranking_changes_the_passages_shown_not_the_status(monkeypatch):
    s = scorer(TOPICAL + [TARGET], background=[SMART])
    with_form = s.check(rec("e:r1", SMART), k=4)
    monkeypatch.setattr(PlanScorer, "form_signals", lambda self, *a, **kw: None)
    without = s.check(rec("e:r1", SMART), k=4)
    assert with_form.status == without.status and with_form.reason == without.reason
    assert not any(e.page == 7 for e in without.evidence)


def test_advice_about_a_subject_keeps_the_retrieval_order():
    s = scorer(TOPICAL + [TARGET])
    text = "Verkort de wachtlijsten in de schuldhulp."
    assert s.form_signals(text) is None
    assert s.evidence_order(text) == [int(i) for i in np.argsort(-s.retrieval_score(text))]
