"""The plan check's report in one language per face (issue 11): the application layer carries the
stage's English reason, evidence role and relevance into the kernel's CheckReport; the CLI shows it in
English, the Dutch Markdown/HTML reports in Dutch with the contradicting passage marked; the JSON keeps
both reasons, role and relevance. A real stage result (FakeEmbedder, fixed calibration) goes through
``app.check.check`` with only the store and the plan lookup replaced."""
from __future__ import annotations

import json
import math
import re

import pytest
from click.testing import CliRunner

import app.check as app_check
from app.report import render, table_rows
from beleid.types import CheckReport, CheckStatus, Document, EvidenceRole

from .test_plan_check import PILOTS, rec, scorer

EN_STATUS = re.compile(r"\b(?:addressed|partly|not_addressed|conflicts|against|supports?)\b", re.I)
NL_STATUS = re.compile(r"\b(?:opgepakt|deels|strijdig|tegenstrijdig|relevantie)\b", re.I)


def _doc(doc_id: str, title: str, kind: str) -> Document:
    return Document(doc_id, f"{doc_id}.pdf", "0" * 64, title, kind, "2020", None, None, 3)


class _Store:
    """Only what app.check.check asks of a store beyond the plan lookup."""

    def documents(self):
        return [_doc("eval", "Evaluatie sociaal domein", "evaluatie")]


@pytest.fixture()
def report(monkeypatch, tmp_path) -> CheckReport:
    s = scorer(PILOTS + ["We versterken de toegang tot de wijkteams met extra formatie in 2020."])
    results = [s.check(rec("eval:r1", "Wees terughoudend met nieuwe projecten en pilots in het sociaal domein.")),
               s.check(rec("eval:r2", "Versterk de toegang tot de wijkteams.")),
               s.check(rec("eval:r3", "Stel een integraal plan op voor de vroegsignalering van schulden."))]
    assert [r.status for r in results][0] == "conflicts" and results[2].status == "not_addressed"
    plan = _doc("plan", "Plan", "programmacontract")

    def fake_run_check(plan_arg, settings, store, against, ingest, embedder, judge, on_page, source):
        source.append("document")
        return plan, results

    monkeypatch.setattr(app_check, "run_check", fake_run_check)
    from beleid.config import load_settings

    return app_check.check("plan", load_settings(str(tmp_path / "data")), store=_Store())


def test_app_carries_reason_en_role_and_relevance(report):
    conflict = report.results[0]
    assert conflict.status is CheckStatus.CONFLICTS
    assert conflict.reason_en and conflict.reason_en != conflict.reason
    against = [e for e in conflict.evidence if e.role is EvidenceRole.AGAINST]
    assert against and against[0].page == 1
    assert all(isinstance(e.relevance, float) and math.isfinite(e.relevance) for r in report.results for e in r.evidence)
    assert report.results[1].evidence[0].relevance > 0  # the stage's score, not a default
    assert report.results[1].evidence and all(e.role is EvidenceRole.SUPPORT for e in report.results[1].evidence)


def test_json_has_both_reasons_role_and_relevance_and_round_trips(report):
    data = json.loads(render(report, "json"))
    x = data["results"][0]
    assert x["reason"] == report.results[0].reason and x["reason_en"] == report.results[0].reason_en
    assert {e["role"] for e in x["evidence"]} >= {"against"}
    assert all(isinstance(e["relevance"], float) for r in data["results"] for e in r["evidence"])
    assert CheckReport.from_json(data).to_json() == report.to_json()
    # an older stored result without the new keys still loads (defaults)
    old = json.loads(render(report, "json"))
    for r in old["results"]:
        r.pop("reason_en")
        for e in r["evidence"]:
            e.pop("role"), e.pop("relevance")
    loaded = CheckReport.from_json(old)
    assert all(e.role is EvidenceRole.SUPPORT and e.relevance is None for r in loaded.results for e in r.evidence)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_dutch_report_marks_the_contradicting_passage(report, fmt):
    text = render(report, fmt)
    page = next(e.page for e in report.results[0].evidence if e.role is EvidenceRole.AGAINST)
    assert re.search(rf"Tegenstrijdig:(?:\*\*|</strong>) p\. {page}\b", text), text
    assert re.search(r"relevantie \d,\d\d", text) and not re.search(r"relevan\w* \d\.\d", text)
    assert "Strijdig" in text or "strijdig" in text
    body = text.split("<body>", 1)[-1]  # the HTML head holds css class names
    body = re.sub(r'class="[^"]*"', "", body)
    assert not EN_STATUS.search(body), EN_STATUS.search(body)
    assert "(partly)" not in text and "(conflicts)" not in text
    assert report.results[0].reason_en not in text  # the English reason stays out of the Dutch report


def test_cli_table_is_english_with_the_english_reason(report):
    rows = table_rows(report)
    assert rows[0][0] == "conflicts" and rows[2][0] == "not addressed"
    assert rows[0][4] == report.results[0].reason_en
    assert re.search(r"\bp1 against\b", rows[0][3])
    for row in rows:
        assert not NL_STATUS.search(row[0] + " " + row[3] + " " + row[4]), row


def test_cli_check_prints_english(report, monkeypatch, tmp_path):
    from cli import main

    monkeypatch.setattr(app_check, "check", lambda *a, **k: report)
    out = CliRunner().invoke(main, ["check", "plan", "--data-dir", str(tmp_path / "d")], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    flat = " ".join(out.output.split())
    assert "not addressed" in flat and "conflicts" in flat
    assert report.results[0].reason_en.split()[0] in flat
    assert not re.search(r"\b(?:opgepakt|deels|strijdig|tegenstrijdig)\b", flat, re.I), flat
    js = CliRunner().invoke(main, ["check", "plan", "--json", "--data-dir", str(tmp_path / "d")])
    assert js.stdout_bytes == render(report, "json").encode() + b"\n"
