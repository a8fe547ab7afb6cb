"""Every rendering of a plan check, from one :class:`CheckReport`: Markdown and HTML
(jinja2 templates in this package), JSON, and the CLI's short table.

Languages never mix: the Markdown and HTML reports (and the web app, which takes its words
from here) are Dutch throughout, with Dutch status words and the Dutch reason; the CLI's table
is English throughout (English status words, ``reason_en``). The JSON is one canonical form
with both reasons (``reason`` Dutch, ``reason_en`` English) and, per evidence passage, its
``role`` (support/against) and ``relevance``."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jinja2

from beleid.types import CheckReport, CheckStatus, EvidenceRole

ROLE_LABELS = {"nl": {EvidenceRole.SUPPORT.value: "Ondersteunend", EvidenceRole.AGAINST.value: "Tegenstrijdig"},
               "en": {EvidenceRole.SUPPORT.value: "supports", EvidenceRole.AGAINST.value: "against"}}
FORMATS = ("md", "html", "json")


@cache
def status_labels(lang: str = "nl") -> dict[str, str]:
    """{status value: the word a reader sees}, in CheckStatus order: ``nl`` for the web app and the
    reports, ``en`` for the CLI (the recommendations stage owns the words)."""
    from recommendations.check import status_label

    return {s.value: status_label(s.value, lang) for s in CheckStatus}


def relevance_label(value: float | None, lang: str = "nl") -> str:
    """A labelled relevance score: "relevantie 0,72" (Dutch decimal comma) or "relevance 0.72"; ""
    when the passage was not scored."""
    if value is None:
        return ""
    num = f"{float(value):.2f}"
    return f"relevantie {num.replace('.', ',')}" if lang == "nl" else f"relevance {num}"


def role_label(role: str | None, lang: str = "nl") -> str:
    """"Tegenstrijdig" / "against" for a passage that goes against the advice; "" for support."""
    return ROLE_LABELS[lang][EvidenceRole.AGAINST.value] if role == EvidenceRole.AGAINST.value else ""


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["relevantie"] = relevance_label
    env.filters["rol"] = role_label
    return env


def _template(name: str) -> str:
    return (Path(__file__).resolve().parent / name).read_text(encoding="utf-8")


def _md_escape(text: str) -> str:
    text = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def render_rows(results: list[dict], plan: dict, fmt: str = "md") -> str:
    """Markdown or HTML from the JSON rows of the results and the plan's doc_id, title and date."""
    labels = status_labels("nl")
    counts = {s: sum(1 for r in results if r["status"] == s) for s in labels}
    if fmt == "html":
        return _env(True).from_string(_template("report.html")).render(results=results, plan=plan,
                                                                       labels=labels, counts=counts)
    env = _env(False)
    env.filters["md"] = _md_escape
    return env.from_string(_template("report_md.txt")).render(results=results, plan=plan, labels=labels,
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
    """Rows of the CLI's short table, in English only: status, recommendation, text, evidence pages
    (a passage that goes against the advice is marked "against"), English reason."""
    labels = status_labels("en")

    def pages(r) -> str:
        return ", ".join(f"p{e.page}" + (f" {role_label(e.role.value, 'en')}" if e.role is EvidenceRole.AGAINST else "")
                         for e in r.evidence)

    return [[labels[r.status.value], r.recommendation.id, r.recommendation.text, pages(r), r.reason_en]
            for r in report.results]
