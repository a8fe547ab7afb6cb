"""Markdown and HTML plan-check reports (jinja2 templates in this package)."""
from __future__ import annotations

from pathlib import Path

import jinja2

from .check import STATUS_WORDS

LABELS = STATUS_WORDS["nl"]  # the reports are Dutch: status words and reasons (Result.to_json("nl"))


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


def render(results: list[dict], plan: dict, fmt: str = "md") -> str:
    counts = {s: sum(1 for r in results if r["status"] == s) for s in LABELS}
    if fmt == "html":
        return _env(True).from_string(_template("report.html")).render(results=results, plan=plan,
                                                                       labels=LABELS, counts=counts)
    env = _env(False)
    env.filters["md"] = _md_escape
    return env.from_string(_template("report_md.txt")).render(results=results, plan=plan, labels=LABELS,
                                                              counts=counts)
