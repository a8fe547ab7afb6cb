"""Integration: the real evaluations and the Zorg contract, with the bundled model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["2018-verwey-jonker-transformatie-sociaal-domein", "2018-raadsbrief-evaluatie-transformatie-sociaal-domein",
        "2024-hhm-evaluatie-sociaal-domein", "2019-programmacontract-zorg"]
LETTER, REPORT, HHM, PLAN = ("2018-raadsbrief-evaluatie-transformatie-sociaal-domein",
                             "2018-verwey-jonker-transformatie-sociaal-domein",
                             "2024-hhm-evaluatie-sociaal-domein", "2019-programmacontract-zorg")

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="session")
def rec_data(corpus_data):
    """The whole bundled corpus, ingested once per session (tests/conftest.py)."""
    assert not corpus_data.report.failed, corpus_data.report.failed
    return corpus_data.settings, corpus_data.store


@pytest.fixture(scope="session")
def gold():
    return json.loads((ROOT / "evaluations" / "data" / "recommendations_dev.json").read_text(encoding="utf-8"))


def run(settings, *args):
    from cli import main

    res = CliRunner().invoke(main, [*args, "--data-dir", str(settings.data_dir)])
    assert res.exit_code == 0, res.output
    return res.output


def test_letter_recommendations_match_gold(rec_data, gold):
    from recommendations.storage import load_recommendations
    from recommendations.text import token_f1

    settings, store = rec_data
    recs = load_recommendations(store, [LETTER])
    letter_gold = [g for g in gold["recommendations"] if g["doc_id"] == LETTER]  # the gold now covers more documents
    assert len(recs) == len(letter_gold) == 6
    for g in letter_gold:
        best = max(recs, key=lambda r: token_f1(r.text, g["text"]))
        assert token_f1(best.text, g["text"]) >= 0.9
        assert best.page == int(g["page"]) and best.year == 2018
        assert best.same_as and best.same_as.startswith(REPORT + ":r")


def test_report_recommendations_once_with_chapter_page(rec_data):
    from recommendations.storage import load_recommendations

    _, store = rec_data
    recs = load_recommendations(store, [REPORT])
    assert 8 <= len(recs) <= 14
    rust = [r for r in recs if r.text.startswith("Werk toe naar rust")]
    assert len(rust) == 1 and rust[0].page == 53
    assert all(r.author for r in recs)


def test_hhm_advice_found(rec_data):
    from recommendations.storage import load_recommendations

    _, store = rec_data
    texts = [r.text for r in load_recommendations(store, [HHM])]
    assert any(t.startswith("We adviseren om dit gat op te vullen") for t in texts)
    assert all(r.year == 2024 for r in load_recommendations(store, [HHM]))


def test_plan_has_no_recommendations(rec_data):
    from recommendations.storage import load_recommendations

    _, store = rec_data
    assert load_recommendations(store, [PLAN]) == []


def test_recommendations_cli_json(rec_data):
    settings, _ = rec_data
    data = json.loads(run(settings, "recommendations", "--doc", LETTER, "--json"))
    assert set(data) == {"recommendations", "findings"}
    assert {"id", "doc_id", "page", "section", "year", "author", "topic", "text"} <= set(data["recommendations"][0])
    assert len(data["findings"]) >= 10


def test_check_cli_json_and_reports(rec_data, gold, tmp_path):
    settings, _ = rec_data
    rows = json.loads(run(settings, "check", PLAN, "--against", LETTER, "--json"))["results"]
    assert len(rows) == 6
    statuses = {r["recommendation"]["text"][:30]: r["status"] for r in rows}
    assert all(s in ("addressed", "partly", "not_addressed", "conflicts") for s in statuses.values())
    agree = sum(1 for g, r in zip(gold["plan_check"], rows) if g["status"] == r["status"])
    assert agree >= 3  # measured 3/6 with the bundled model (evaluations/RESULTS.md, round 3)
    # evidence for every status but not_addressed, which the relevance gate gives without any
    assert all((r["status"] == "not_addressed") != bool(r["evidence"]) for r in rows)
    assert all(e["doc_id"] == PLAN and e["page"] >= 1 for r in rows for e in r["evidence"])
    html = tmp_path / "toets.html"
    run(settings, "check", PLAN, "--against", LETTER, "-o", str(html))
    assert "<h1>" in html.read_text(encoding="utf-8")
    md = run(settings, "check", PLAN, "--against", LETTER, "--format", "md")
    assert md.startswith("# Toets") and "p. " in md


def test_check_default_against_uses_earlier_evaluations(rec_data):
    settings, _ = rec_data
    rows = json.loads(run(settings, "check", PLAN, "--json"))["results"]
    docs = {r["recommendation"]["doc_id"] for r in rows}
    assert docs <= {LETTER, REPORT} and LETTER in docs  # HHM 2024 is after the 2019 plan
    ids = [r["recommendation"]["id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_check_pdf_not_ingested(rec_data, tmp_path):
    import shutil

    from app.check import run_check

    settings, store = rec_data
    pdf = tmp_path / "nieuw-plan-duurzaamheid.pdf"  # a plan the store has not seen under this name
    shutil.copy(ROOT / "corpus" / "2019-programmacontract-duurzaamheid.pdf", pdf)
    before = [d.doc_id for d in store.documents()]
    doc, results = run_check(str(pdf), settings, store, [LETTER])
    assert doc.doc_id == "nieuw-plan-duurzaamheid"
    assert len(results) == 6
    assert not store.has_document(doc.doc_id)
    assert [d.doc_id for d in store.documents()] == before


def test_findings_cli(rec_data):
    settings, _ = rec_data
    themes = json.loads(run(settings, "findings", "--recurring", "--json"))
    assert themes
    for t in themes:
        years = [m["year"] for m in t["members"]]
        assert years == sorted(years)
        assert t["first_year"] == years[0] and t["last_year"] == years[-1]
        assert len({m["doc_id"] for m in t["members"]}) >= 2
