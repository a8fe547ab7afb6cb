"""The plan-check report on the web page (``_report.html``, as ``taak.html`` includes it) is Dutch only:
Dutch status words from the application layer, the Dutch reason, the contradicting passage marked
"Tegenstrijdig:" with its page, relevance labelled "relevantie 0,72". Rendered from the JSON a check job
stores, built from a real stage result (FakeEmbedder) as in tests/recommendations/test_report_language.py."""
from __future__ import annotations

import re

from markupsafe import Markup

from tests.recommendations.test_report_language import report  # noqa: F401  (the fixture)

ENGLISH = re.compile(r"\b(?:addressed|partly|not addressed|conflicts|against|supports?|relevance)\b", re.I)


def _render(report_json: dict) -> str:
    from web.app import templates_env

    env = templates_env()
    tpl = env.from_string('{% set links = False %}{% include "_report.html" %}')
    return tpl.render(r=report_json, job=None, plan_page=lambda page, text: Markup(f"#p{page}"))


def test_web_report_is_dutch_and_marks_the_contradicting_passage(report):  # noqa: F811
    html = _render(report.to_json())
    conflict = report.results[0]
    page = next(e.page for e in conflict.evidence if e.role.value == "against")
    assert re.search(rf'Tegenstrijdig:</strong>\s*<span class="page-ref">p\. {page}</span>', html), html
    assert re.search(r"relevantie \d+,\d\d", html)
    assert "strijdig" in html and "niet opgepakt" in html
    text = re.sub(r"<[^>]+>", " ", html)  # visible text only (css classes are English)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert conflict.reason_en not in html and Markup.escape(conflict.reason) in html
