"""Every page renders, in Dutch, with the navigation, and without external assets."""
from __future__ import annotations

import re

import pytest

from .conftest import PLAN

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("url,text", [
    ("/", "Stel een vraag"),
    ("/?q=programmamanager+Zorg&kind=programmacontract&year_from=2019&year_to=2019", "Antwoord"),
    ("/?q=zorg&year_from=abc", "Antwoord"),  # a bad year in the form is ignored, not an error
    ("/register", "Doelenregister"),
    ("/register?zonder_evaluatie=1", "zonder evaluatie"),
    ("/register?programme=Zorg&flag=M", "Doelenregister"),
    ("/plantoets", "Toets het plan"),
    ("/bevindingen?alle=1", "Thema"),
    ("/documenten", "PDF's toevoegen"),
    (f"/documenten/{PLAN.stem}", "Pagina's"),
    (f"/documenten/{PLAN.stem}/pagina/2?hl=programma", "p. 2 van"),
    ("/api/docs", "/api/openapi.json"),
])
def test_page_renders(client, url, text):
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert text in r.text
    assert '<nav class="main-nav"' in r.text
    for label in ("Vragen", "Doelenregister", "Plantoets", "Terugkerende bevindingen", "Documenten"):
        assert label in r.text
    assert not re.search(r'(src|href)="(https?:)?//', r.text)


def test_answer_page_names_the_synonyms_it_searched_for(client):
    """Staff see why a passage without their word was found."""
    r = client.get("/?q=Hoeveel+geld+is+er+voor+de+zorg%3F")
    assert r.status_code == 200
    synonyms = re.search(r'<p class="synonyms muted">Ook gezocht op: ([^<]+)</p>', r.text)
    assert synonyms and "budget" in synonyms.group(1).split(", ")



def test_answer_page_labels_relevance_scores(client):
    """A bare number means nothing to staff: every passage score says what it is."""
    r = client.get("/?q=Hoeveel+geld+is+er+voor+de+zorg%3F")
    scores = re.findall(r'<span class="score" title="([^"]+)">([^<]+)</span>', r.text)
    assert scores
    for title, label in scores:
        assert "Relevantie van 0 tot 1" in title
        assert re.fullmatch(r"relevantie \d,\d\d", label), label

@pytest.mark.parametrize("url,status", [
    ("/documenten/bestaat-niet", 404),
    (f"/documenten/{PLAN.stem}/pagina/999", 404),
    ("/taken/0123456789abcdef0123456789abcdef", 404),
    ("/nergens", 404),
])
def test_page_errors_are_pages(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    assert "text/html" in r.headers["content-type"] and "Traceback" not in r.text
    assert "error-message" in r.text


def test_web_forms_report_bad_uploads(client):
    r = client.post("/plantoets", files={"file": ("plan.pdf", b"geen pdf", "application/pdf")})
    assert r.status_code == 415 and "geen PDF" in r.text
    r = client.post("/documenten", files={"files": ("a.pdf", b"<html>", "application/pdf")})
    assert r.status_code == 415 and "error-message" in r.text


def test_static_assets_are_local(client):
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200
