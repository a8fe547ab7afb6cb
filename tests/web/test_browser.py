"""Browser tests in Debian's headless Chromium (Playwright, sync API) against
``beleid serve`` on a free loopback port. Screenshots of every page go to
``$BELEID_SCREENSHOTS`` when set (``BELEID_SCREENSHOTS=evaluations/screenshots`` refreshes the
committed ones), otherwise to a temporary folder, so a test run leaves the checkout clean."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from .conftest import EVALUATION, NEW_PLAN, PLAN

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("BELEID_SCREENSHOTS") or tempfile.mkdtemp(prefix="beleid-shots-"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.integration,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")]

QUESTIONS = ["Wie is de programmamanager van het programma Zorg?",
             "Wat adviseerde de raadsbrief over het sociaal domein?",
             "Welke doelen heeft het programma Zorg?"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="nl-NL",
                              base_url=live_server)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    # nothing may be loaded from outside the server
    outside: list[str] = []
    pg.on("request", lambda req: outside.append(req.url) if not req.url.startswith((live_server, "data:", "blob:"))
          else None)
    yield pg
    ctx.close()
    assert not outside, f"requests outside the server: {outside}"


def shot(pg, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_ask_and_follow_citation(page, live_server):
    import httpx

    question, answer = None, None
    for q in QUESTIONS:
        a = httpx.get(f"{live_server}/api/ask", params={"q": q}, timeout=120).json()
        if a["found"] and a["citations"]:
            question, answer = q, a
            break
    assert answer, "one of the example questions is answered"
    page.goto("/")
    page.fill("#q", question)
    page.click("button:has-text('Vraag')")
    page.wait_for_selector(".answer")
    links = page.locator("a.cite")
    assert links.count() >= 1
    shot(page, "vragen")
    first = answer["citations"][0]
    links.first.click()
    page.wait_for_url(re.compile(r"/documenten/.+/pagina/\d+"))
    m = re.search(r"/documenten/([^/]+)/pagina/(\d+)", page.url)
    assert unquote(m.group(1)) == first["doc_id"] and int(m.group(2)) == first["page"]
    img = page.locator("#page-image")
    img.wait_for()
    page.wait_for_function("document.getElementById('page-image').complete && "
                           "document.getElementById('page-image').naturalWidth > 100")
    assert "highlight=" in img.get_attribute("src")
    assert page.locator(".alert-info").count() == 1
    shot(page, "pagina")


def test_register_filter_and_download_excel(page, tmp_path):
    from openpyxl import load_workbook

    page.goto("/register")
    page.wait_for_selector(".register-table")
    all_rows = page.locator(".register-table tbody tr").count()
    shot(page, "doelenregister")
    page.check("#zonder-evaluatie")
    page.wait_for_url(re.compile(r"zonder_evaluatie=1"))
    rows = page.locator(".register-table tbody tr")
    n = rows.count()
    assert 0 < n <= all_rows
    assert page.locator(".register-table tbody tr.no-eval").count() == n
    badges = page.locator(".register-table tbody tr td:last-child .badge")
    assert {badges.nth(i).inner_text().strip() for i in range(n)} == {"nee"}
    title = page.locator(".register-table .badge.bad").first.get_attribute("title")
    assert title and "nee" in title  # the reason is on hover
    shot(page, "doelenregister-zonder-evaluatie")
    with page.expect_download() as dl:
        page.click("#download-xlsx")
    path = tmp_path / "register.xlsx"
    dl.value.save_as(path)
    ws = load_workbook(path)["Doelen"]
    header = [c.value for c in ws[1]]
    values = [r[header.index("evaluatie")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(values) == n and set(values) == {"nee"}


def test_plan_check_on_uploaded_pdf(page, tmp_path):
    page.goto("/plantoets")
    page.set_input_files("#plan-file", str(NEW_PLAN))
    page.check(f"input[name=against][value='{EVALUATION.stem}']")
    shot(page, "plantoets")
    page.click("button:has-text('Toets het plan')")
    page.wait_for_url(re.compile(r"/taken/[0-9a-f]{32}$"))
    job_url = page.url
    if page.locator(".job-progress").count():
        shot(page, "plantoets-voortgang")
        page.reload()  # the job survives a reload
        assert page.url == job_url
    page.wait_for_selector(".report-table", timeout=240_000)
    rows = page.locator(".report-table tbody tr")
    assert rows.count() >= 1
    statuses = {rows.nth(i).locator(".badge").first.inner_text().strip() for i in range(rows.count())}
    assert statuses <= {"opgepakt", "deels opgepakt", "strijdig", "niet opgepakt"}
    shot(page, "plantoets-rapport")
    evidence = page.locator(".report-table a.page-ref")
    if evidence.count():
        evidence.first.click()
        page.wait_for_url(re.compile(r"/taken/[0-9a-f]{32}/pagina/\d+"))
        page.wait_for_function("document.getElementById('page-image').naturalWidth > 100")
        page.go_back()
    with page.expect_download() as dl:
        page.click("#download-report")
    out = tmp_path / "rapport.html"
    dl.value.save_as(out)
    assert "<html" in out.read_text(encoding="utf-8")


def test_findings_page(page):
    page.goto("/bevindingen?alle=1")
    page.wait_for_selector("svg.timeline")
    assert page.locator("svg.timeline circle").count() >= 1
    first = page.locator("details.theme").first
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    shot(page, "bevindingen")


def test_documents_upload_with_progress(page):
    page.goto("/documenten")
    assert page.locator(".docs-table tbody tr").count() >= 2
    shot(page, "documenten")
    page.set_input_files("#files", str(PLAN))  # already ingested: reported as unchanged
    page.click("button:has-text('Inlezen')")
    page.wait_for_url(re.compile(r"/taken/[0-9a-f]{32}$"))
    page.wait_for_selector("table.zebra td", timeout=120_000)
    assert "ongewijzigd" in page.inner_text("main")
    page.goto(f"/documenten/{PLAN.stem}")
    assert page.locator(".page-grid li").count() > 1
    shot(page, "document")
    page.goto("/api/docs")
    shot(page, "api")
