"""Every rendering of a plan check, from one :class:`CheckReport`: Markdown and HTML
(jinja2 templates in this package), JSON, and the CLI's short table."""
from __future__ import annotations

import json
from pathlib import Path

import jinja2

from beleid.types import CheckReport, CheckStatus

LABELS = {CheckStatus.ADDRESSED.value: "opgepakt", CheckStatus.PARTLY.value: "deels opgepakt",
          CheckStatus.NOT_ADDRESSED.value: "niet opgepakt", CheckStatus.CONFLICTS.value: "strijdig"}
FORMATS = ("md", "html", "json")


def _env(autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def _template(name: str) -> str:
    return (Path(__file__).resolve().parent / name).read_text(encoding="utf-8")


def _md_escape(text: str) -> str:
    text = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def render_rows(results: list[dict], plan: dict, fmt: str = "md") -> str:
    """Markdown or HTML from the JSON rows of the results and the plan's doc_id, title and date."""
    counts = {s: sum(1 for r in results if r["status"] == s) for s in LABELS}
    if fmt == "html":
        return _env(True).from_string(_template("report.html")).render(results=results, plan=plan,
                                                                       labels=LABELS, counts=counts)
    env = _env(False)
    env.filters["md"] = _md_escape
    return env.from_string(_template("report_md.txt")).render(results=results, plan=plan, labels=LABELS,
                                                              counts=counts)


def render(report: CheckReport, fmt: str = "md") -> str:
    """The report as ``md``, ``html`` or ``json`` (the same bytes from the CLI and the web app)."""
    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    data = report.to_json()
    plan = {"doc_id": report.plan.doc_id, "title": report.plan.title or report.plan.name, "date": report.plan.date}
    return render_rows(data["results"], plan, fmt)


def table_rows(report: CheckReport) -> list[list[str]]:
    """Rows of the CLI's short table: status, recommendation, text, evidence pages, reason."""
    return [[r.status.value, r.recommendation.id, r.recommendation.text,
             ", ".join(f"p{e.page}" for e in r.evidence), r.reason] for r in report.results]
