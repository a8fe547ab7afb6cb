"""Held-out style documents (fictional Zuiderveen): a rekenkamer report, a
council letter repeating two of its recommendations, and a plan to check, built
as PDFs and run through the real ingest pipeline (bundled model)."""
from __future__ import annotations

import pytest

from recommendations.text import token_f1

from .fixture_docs import LETTER_RECS, REPORT_RECS, build_letter, build_plan, build_report

pytestmark = [pytest.mark.integration]

REPORT, LETTER = "2023-rekenkamer-zuiderveen-armoede", "2023-raadsinformatiebrief-rekenkamer-armoede"


@pytest.fixture(scope="module")
def heldout(tmp_path_factory):
    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths

    root = tmp_path_factory.mktemp("heldout")
    pdfs = root / "pdf"
    pdfs.mkdir()
    report = build_report(pdfs / f"{REPORT}.pdf")
    letter = build_letter(pdfs / f"{LETTER}.pdf")
    plan = build_plan(root / "2024-uitvoeringsprogramma-armoede.pdf")
    settings = load_settings(root / "data")
    store = Store(settings.db_path)
    result = ingest_paths([report, letter], settings, store)
    assert not result.failed, result.failed
    return settings, store, plan


def _match(recs, text):
    best = max(recs, key=lambda r: token_f1(r.text, text))
    assert token_f1(best.text, text) >= 0.7, (text, [r.text for r in recs])
    return best


def test_documents_recognised(heldout):
    _, store, _ = heldout
    assert store.get_document(REPORT).kind == "evaluatie"
    assert store.get_document(LETTER).kind == "raadsbrief"


def test_report_recommendations(heldout):
    from recommendations.storage import load_recommendations

    _, store, _ = heldout
    recs = load_recommendations(store, [REPORT])
    assert len(recs) == len(REPORT_RECS), [r.text for r in recs]
    for text, page in REPORT_RECS.values():
        r = _match(recs, text)
        assert r.page == 5 or r.page == page + 1  # the chapter page, not the summary's
        assert r.year == 2023 and r.author == "Rekenkamer Zuiderveen"
    first = _match(recs, REPORT_RECS["doelen"][0])
    assert not first.text.startswith("Aanbeveling")  # the label is not part of the text
    assert "Leg hierbij vast" in first.text  # its elaboration stays with it
    # the college's reaction in the report is not a recommendation of the rekenkamer
    assert not any("Wij stellen voor" in r.text or "themabijeenkomst" in r.text or "Maak van" in r.text
                   for r in recs)
    assert all("Reactie" not in r.section for r in recs)


def test_report_findings(heldout):
    from recommendations.storage import load_findings

    _, store, _ = heldout
    finds = load_findings(store, [REPORT])
    texts = [f.text for f in finds]
    assert any(t.startswith("Het armoedebeleid van Zuiderveen is goed bedoeld") for t in texts)  # Hoofdconclusie
    for start in ("De doelen van het armoedebeleid zijn niet meetbaar", "Het bereik van de minimaregelingen is onbekend",
                  "Er worden veel pilots gestart", "De raad wordt onvoldoende geïnformeerd"):
        hit = [f for f in finds if f.text.startswith(start)]
        assert len(hit) == 1 and hit[0].page == 4, (start, texts)
    assert any("Er zijn geen streefwaarden en geen nulmeting" in t for t in texts)  # explanation kept with conclusion 1
    assert not any("Reactie" in f.section for f in finds)


def test_letter_repeats_report(heldout):
    from recommendations.storage import load_recommendations

    _, store, _ = heldout
    recs = load_recommendations(store, [LETTER])
    report = {r.id: r for r in load_recommendations(store, [REPORT])}
    assert len(recs) == 2, [r.text for r in recs]
    for key, text in LETTER_RECS.items():
        r = _match(recs, text)
        assert r.page == 1 and r.year == 2023
        assert r.same_as in report
        assert token_f1(report[r.same_as].text, REPORT_RECS[key][0]) >= 0.7


def test_plan_check(heldout):
    from app.check import run_check

    settings, store, plan = heldout
    _, results = run_check(str(plan), settings, store, [REPORT, LETTER])
    by_text = {r.recommendation.text: r for r in results}
    assert len(results) == 6  # the letter's two repeats are checked once, in the letter's wording
    pilots = by_text[_match([r.recommendation for r in results], REPORT_RECS["pilots"][0]).text]
    assert pilots.status == "conflicts"
    assert any("vijf nieuwe pilots" in e.text for e in pilots.evidence)
    bereik = by_text[_match([r.recommendation for r in results], LETTER_RECS["bereik"]).text]
    assert bereik.status in ("addressed", "partly")
    assert any("monitor" in e.text and e.page == 2 for e in bereik.evidence)
    wacht = by_text[_match([r.recommendation for r in results], REPORT_RECS["wachttijden"][0]).text]
    assert wacht.status == "not_addressed"


def test_plan_check_strict(heldout):
    """One strong, concrete passage addresses a recommendation; generic verbs the plan
    shares with an ignored recommendation ('Stel ... vast') do not make it partly addressed."""
    from app.check import run_check

    settings, store, plan = heldout
    _, results = run_check(str(plan), settings, store, [REPORT, LETTER])
    recs = [r.recommendation for r in results]
    by_id = {r.recommendation.id: r for r in results}
    assert by_id[_match(recs, LETTER_RECS["bereik"]).id].status == "addressed"
    assert by_id[_match(recs, REPORT_RECS["vroegsignalering"][0]).id].status == "not_addressed"
