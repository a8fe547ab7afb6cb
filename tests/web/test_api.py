"""API tests: every endpoint, with good and bad input, on a small real data dir."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from .conftest import EVALUATION, MARKUP, NEW_PLAN, PLAN, TOKEN, wait_job

pytestmark = pytest.mark.integration

PLAN_ID = PLAN.stem
EVAL_ID = EVALUATION.stem


def is_error(r, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body["error"]


# --- OpenAPI and docs -------------------------------------------------------------

def test_openapi_lists_every_endpoint(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for p in ["/api/search", "/api/ask", "/api/documents", "/api/documents/{doc_id}",
              "/api/documents/{doc_id}/pages/{n}", "/api/documents/{doc_id}/pages/{n}.png",
              "/api/register", "/api/register/export", "/api/check", "/api/jobs/{job_id}",
              "/api/findings", "/api/ingest"]:
        assert p in paths, p


def test_openapi_declares_shapes_bearer_and_errors(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearer"]["description"]}
    schemas = spec["components"]["schemas"]
    for path, name in [("/api/search", "SearchResponse"), ("/api/ask", "AnswerResponse"),
                       ("/api/register", "RegisterResponse"), ("/api/jobs/{job_id}", "JobOut"),
                       ("/api/documents/{doc_id}/pages/{n}", "PageOut")]:
        op = spec["paths"][path]["get"]
        assert op["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{name}"}
        assert op["security"] == [{"bearer": []}]
        for code in ("400", "401", "404", "422", "500"):
            assert op["responses"][code]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorResponse"}, (path, code)
    assert set(schemas["ErrorResponse"]["properties"]) == {"error"}
    assert {"doc_id", "page", "text", "score"} <= set(schemas["HitOut"]["properties"])


def test_api_docs_page_is_local(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert "/api/search" in r.text
    assert not re.search(r'(src|href)="(https?:)?//', r.text), "no external assets"


# --- search and ask ------------------------------------------------------------------

def test_search_shape_and_filters(client):
    r = client.get("/api/search", params={"q": "innovatiebudget zorg", "k": 3})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert 1 <= len(hits) <= 3
    assert set(hits[0]) == {"doc_id", "title", "page", "page_end", "section", "text", "score"}
    only = client.get("/api/search", params={"q": "aanbevelingen", "kind": "raadsbrief", "k": 5}).json()["hits"]
    assert only and {h["doc_id"] for h in only} == {EVAL_ID}
    none = client.get("/api/search", params={"q": "aanbevelingen", "year_from": 2030}).json()["hits"]
    assert none == []


def test_search_lists_the_synonyms_it_added(client):
    body = client.get("/api/search", params={"q": "Hoeveel geld is er voor de zorg?", "k": 3}).json()
    assert "budget" in body["synonyms"] and "geld" not in body["synonyms"]
    assert client.get("/api/search", params={"q": "innovatiebudget", "k": 3}).json()["synonyms"] == []


@pytest.mark.parametrize("params", [{"q": "zorg", "k": "abc"}, {"q": "zorg", "k": 0}, {"q": "zorg", "k": 10_000},
                                    {}, {"q": ""}, {"q": "zorg", "year_from": "twintig"},
                                    {"q": "zorg", "mode": "magic"}])
def test_search_bad_input(client, params):
    is_error(client.get("/api/search", params=params), 422)


def test_search_blank_query(client):
    is_error(client.get("/api/search", params={"q": "   "}), 400)


def test_ask_shape(client):
    r = client.get("/api/ask", params={"q": "Wie is de programmamanager van het programma Zorg?"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"question", "answer", "found", "generator", "citations", "passages"}
    for c in body["citations"]:
        assert set(c) == {"number", "doc_id", "title", "page", "quote"}
    is_error(client.get("/api/ask", params={"q": "x", "k": "veel"}), 422)


# --- documents and pages -----------------------------------------------------------

def test_documents(client):
    docs = client.get("/api/documents").json()
    ids = {d["doc_id"] for d in docs}
    assert {PLAN_ID, EVAL_ID} <= ids
    row = next(d for d in docs if d["doc_id"] == PLAN_ID)
    assert set(row) == {"doc_id", "title", "kind", "date", "author", "programme", "pages", "ocr_pages", "chunks",
                        "duplicate_of", "empty_pages", "corrected"}
    one = client.get(f"/api/documents/{PLAN_ID}").json()
    assert one["pages"] == len(one["pages_detail"]) > 1
    assert "path" not in one


def test_page_text_and_image(client):
    r = client.get(f"/api/documents/{PLAN_ID}/pages/2")
    assert r.status_code == 200
    page = r.json()
    assert page["page"] == 2 and page["text"] and "tables" in page
    img = client.get(f"/api/documents/{PLAN_ID}/pages/2.png")
    assert img.status_code == 200 and img.headers["content-type"] == "image/png"
    assert img.content[:8] == b"\x89PNG\r\n\x1a\n"
    words = " ".join(page["text"].split()[:8])
    marked = client.get(f"/api/documents/{PLAN_ID}/pages/2.png", params={"highlight": words})
    assert marked.status_code == 200 and marked.content != img.content, "highlight changes the image"
    pdf = client.get(f"/api/documents/{PLAN_ID}/pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


@pytest.mark.parametrize("url,status", [
    ("/api/documents/bestaat-niet", 404),
    ("/api/documents/bestaat-niet/pages/1", 404),
    (f"/api/documents/{PLAN_ID}/pages/999", 404),
    (f"/api/documents/{PLAN_ID}/pages/999.png", 404),
    (f"/api/documents/{PLAN_ID}/pages/0.png", 404),
    (f"/api/documents/{PLAN_ID}/pages/een", 422),
    (f"/api/documents/{PLAN_ID}/pages/1.png?dpi=5000", 422),
    ("/api/documents/..%2F..%2Fetc%2Fpasswd", 404),
    ("/api/documents/%2e%2e/pages/1", 404),
    ("/api/documents/..%2Fbeleid.sqlite3/pdf", 404),
    ("/api/nergens", 404),
])
def test_document_bad_input(client, url, status):
    is_error(client.get(url), status)


def test_method_not_allowed_is_json(client):
    is_error(client.post("/api/documents"), 405)


# --- register ------------------------------------------------------------------------

def test_register_and_filters(client):
    reg = client.get("/api/register").json()
    assert set(reg) == {"goals", "indicators", "budgets", "owners", "owner_outcomes"}
    assert reg["goals"], "the Zorg contract has goals"
    g = reg["goals"][0]
    assert {"id", "doc_id", "page", "level", "text", "smart", "reasons", "evaluation"} <= set(g)
    no_eval = client.get("/api/register", params={"flag": "evaluation"}).json()["goals"]
    assert no_eval and all(not x["evaluation"] for x in no_eval)
    assert len(no_eval) < len(reg["goals"]) or all(not x["evaluation"] for x in reg["goals"])
    prog = client.get("/api/register", params={"programme": "zorg"}).json()["goals"]
    assert prog and all(x["doc_id"] == PLAN_ID for x in prog)
    is_error(client.get("/api/register", params={"flag": "X"}), 422)
    is_error(client.get("/api/register", params={"doc": "bestaat-niet"}), 404)


def test_register_exports(client):
    from openpyxl import load_workbook

    r = client.get("/api/register/export", params={"format": "xlsx", "flag": "evaluation"})
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    assert "attachment" in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["Doelen"]
    header = [c.value for c in ws[1]]
    col = header.index("evaluatie")
    values = [row[col] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert values and set(values) == {"nee"}
    csv_r = client.get("/api/register/export", params={"format": "csv"})
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    assert csv_r.content.decode("utf-8-sig").splitlines()[0].startswith("id;doc_id;pagina")
    js = client.get("/api/register/export", params={"format": "json"}).json()
    assert set(js) == {"goals", "indicators", "budgets", "owners", "owner_outcomes"}
    is_error(client.get("/api/register/export", params={"format": "pdf"}), 422)


# --- findings and recommendations ---------------------------------------------------

def test_findings(client):
    r = client.get("/api/findings", params={"recurring": "false"})
    assert r.status_code == 200
    themes = r.json()
    assert themes and {"theme", "first_year", "last_year", "members"} <= set(themes[0])
    assert client.get("/api/findings", params={"recurring": "true"}).status_code == 200
    is_error(client.get("/api/findings", params={"recurring": "misschien"}), 422)


def test_recommendations(client):
    body = client.get("/api/recommendations", params={"doc": EVAL_ID}).json()
    assert set(body) == {"recommendations", "findings"}
    recs = body["recommendations"]
    assert recs and all(r["doc_id"] == EVAL_ID for r in recs)


# --- uploads -------------------------------------------------------------------------

def uploads(web_data) -> set[Path]:
    root = web_data.settings.uploads_dir
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_ingest_rejects_non_pdf_content(client, web_data):
    before = uploads(web_data)
    r = client.post("/api/ingest", files={"files": ("rapport.pdf", b"<html>geen pdf</html>" * 50, "application/pdf")})
    assert "geen PDF" in is_error(r, 415)
    fake = b"%PDF-1.7\n" + b"rommel " * 200
    is_error(client.post("/api/ingest", files={"files": ("kapot.pdf", fake, "application/pdf")}), 415)
    is_error(client.post("/api/ingest", files={"files": ("leeg.pdf", b"", "application/pdf")}), 400)
    assert uploads(web_data) == before, "rejected uploads leave nothing behind"


def test_ingest_requires_files(client):
    is_error(client.post("/api/ingest"), 422)
    is_error(client.post("/api/ingest", data={"files": "geen-bestand"}), 422)


def test_upload_size_limit(web_data):
    from fastapi.testclient import TestClient

    from web.app import create_app

    small = TestClient(create_app(web_data.settings, max_upload_mb=0.05, auto_index=False), base_url="http://127.0.0.1")
    big = b"%PDF-1.4\n" + b"0" * 2_000_000
    assert "te groot" in is_error(small.post("/api/ingest", files={"files": ("groot.pdf", big, "application/pdf")}), 413)

    def stream():  # no Content-Length: the body is counted as it arrives
        yield b"--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"g.pdf\"\r\n" \
              b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        for _ in range(40):
            yield b"0" * 50_000
        yield b"\r\n--xyz--\r\n"

    r = small.post("/api/ingest", content=stream(), headers={"content-type": "multipart/form-data; boundary=xyz"})
    is_error(r, 413)
    # a file just over the limit, in a request under the multipart allowance
    over = b"%PDF-1.4\n" + b"0" * 60_000
    is_error(small.post("/api/ingest", files={"files": ("net-te-groot.pdf", over, "application/pdf")}), 413)


def test_ingest_upload_with_hostile_name(client, web_data, tmp_path):
    from .conftest import make_markup_pdf

    pdf = tmp_path / "x.pdf"
    make_markup_pdf(pdf)
    data = pdf.read_bytes().replace(b"Notitie met opmaak", b"Notitie met opmaak 2")  # new content hash
    r = client.post("/api/ingest", files={"files": ("../../../../tmp/..\\boos <naam>.pdf", data, "application/pdf")})
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["kind"] == "ingest" and job["status"] in ("queued", "running")
    assert "files" not in job["params"], "server paths are not shown"
    done = wait_job(client, job["id"])
    assert done["status"] == "done", done
    f = done["result"]["files"][0]
    assert f["status"] in ("ingested", "updated"), f
    assert re.fullmatch(r"[A-Za-z0-9._-]+", f["doc_id"]) and ".." not in f["doc_id"]
    root = web_data.settings.uploads_dir.resolve()
    for p in uploads(web_data):
        assert root in p.resolve().parents
        assert re.fullmatch(r"[0-9a-f]{32}", p.parent.name)
    assert client.get(f"/api/documents/{f['doc_id']}").status_code == 200


def test_ingest_time_limit_kills_the_parser(web_data):
    """A PDF that takes longer than the limit is stopped and reported; the server keeps working."""
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = create_app(web_data.settings, parse_timeout_s=0.2, auto_index=False)
    c = TestClient(app, base_url="http://127.0.0.1")
    r = c.post("/api/ingest", files={"files": ("traag.pdf", NEW_PLAN.read_bytes(), "application/pdf")})
    assert r.status_code == 202
    done = wait_job(c, r.json()["id"], timeout=60)
    assert done["status"] == "done"
    f = done["result"]["files"][0]
    assert f["status"] == "failed" and "tijdslimiet" in f["reason"]
    assert c.get("/api/documents").status_code == 200
    assert "traag" not in {d["doc_id"] for d in c.get("/api/documents").json()}


# --- plan check and jobs --------------------------------------------------------------

def test_check_bad_input(client):
    is_error(client.post("/api/check"), 400)
    is_error(client.post("/api/check", data={"doc_id": "bestaat-niet"}), 404)
    is_error(client.post("/api/check", data={"doc_id": PLAN_ID, "against": "bestaat-niet"}), 404)
    is_error(client.post("/api/check", data={"doc_id": PLAN_ID, "against": "../../etc"}), 400)
    is_error(client.post("/api/check", data={"doc_id": PLAN_ID},
                         files={"file": ("plan.pdf", PLAN.read_bytes(), "application/pdf")}), 400)
    is_error(client.post("/api/check", files={"file": ("plan.pdf", b"GIF89a" * 100, "application/pdf")}), 415)


def test_check_ingested_plan(client):
    r = client.post("/api/check", data={"doc_id": PLAN_ID, "against": EVAL_ID})
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    res = job["result"]
    assert res["plan"]["doc_id"] == PLAN_ID and res["against"] == [EVAL_ID]
    assert res["results"]
    for x in res["results"]:
        assert x["status"] in ("addressed", "partly", "conflicts", "not_addressed")
        assert x["recommendation"]["doc_id"] == EVAL_ID
        assert isinstance(x["reason"], str) and x["reason_en"]  # Dutch and English reason, both kept
        for e in x["evidence"]:
            assert e["doc_id"] == PLAN_ID and e["page"] >= 1
            assert e["role"] in ("support", "against") and isinstance(e["relevance"], float)
        assert (x["status"] == "conflicts") <= any(e["role"] == "against" for e in x["evidence"])
    md = client.get(f"/api/jobs/{job['id']}/report", params={"format": "md"})
    assert md.status_code == 200 and md.text.startswith(("# Plantoets", "# Toets"))
    html = client.get(f"/api/jobs/{job['id']}/report", params={"format": "html"})
    assert html.status_code == 200 and "<html" in html.text
    assert client.get(f"/api/jobs/{job['id']}/report", params={"format": "json"}).json() == res
    jobs = client.get("/api/jobs").json()["jobs"]
    assert job["id"] in {j["id"] for j in jobs}


def test_cli_and_web_plan_check_give_the_same_bytes(client, web_data):
    """One report, rendered in one place: the web app's JSON and Markdown downloads of a plan
    check are byte for byte what `beleid check --json` / `--format md` print for the same plan."""
    from click.testing import CliRunner

    from cli import main

    r = client.post("/api/check", data={"doc_id": PLAN_ID, "against": EVAL_ID})
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    web_json = client.get(f"/api/jobs/{job['id']}/report", params={"format": "json"})
    web_md = client.get(f"/api/jobs/{job['id']}/report", params={"format": "md"})
    assert web_json.status_code == 200 and web_md.status_code == 200
    base = ["check", PLAN_ID, "--against", EVAL_ID, "--data-dir", str(web_data.data_dir)]
    cli_json = CliRunner().invoke(main, base + ["--json"], catch_exceptions=False)
    cli_md = CliRunner().invoke(main, base + ["--format", "md"], catch_exceptions=False)
    assert cli_json.exit_code == 0 and cli_md.exit_code == 0
    assert cli_json.stdout_bytes == web_json.content + b"\n"  # click.echo ends with a newline
    assert cli_md.stdout_bytes == web_md.content + b"\n"
    report = json.loads(web_json.content)
    assert set(report) == {"plan", "against", "against_titles", "results", "summary"}
    assert sum(report["summary"].values()) == len(report["results"]) > 0


def test_jobs_bad_ids(client):
    is_error(client.get("/api/jobs/0123456789abcdef0123456789abcdef"), 404)
    is_error(client.get("/api/jobs/..%2F..%2Fetc"), 404)
    is_error(client.get("/api/jobs/abc/report"), 404)


def test_jobs_survive_a_restart(web_data):
    """Job state is in SQLite: a new app (a restarted server) sees finished jobs and fails unfinished ones."""
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.jobs import JobStore

    js = JobStore(web_data.settings.db_path)
    stale = js.create("ingest", {"names": ["a.pdf"], "files": []})
    js.update(stale.id, status="running", progress=0.5, message="bezig")
    c = TestClient(create_app(web_data.settings, auto_index=False), base_url="http://127.0.0.1")
    j = c.get(f"/api/jobs/{stale.id}").json()
    assert j["status"] == "failed" and "opnieuw gestart" in j["error"]


# --- escaping and errors ---------------------------------------------------------------

def test_document_markup_is_escaped(client, web_data):
    doc = web_data.markup_doc
    assert MARKUP.split("<b>")[0] in client.get(f"/api/documents/{doc}/pages/1").json()["text"].replace("\n", " ")
    for url in (f"/documenten/{doc}/pagina/1", f"/documenten/{doc}", "/documenten"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>vet</b>" not in html, url
    page = client.get(f"/documenten/{doc}/pagina/1").text
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;vet&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(&#34;titel&#34;)&gt;" in client.get("/documenten").text
    found = client.get("/", params={"q": "notitie opmaak HTML veilig getoond"}).text
    assert "<script>alert" not in found


def test_security_headers(client):
    r = client.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_internal_errors_are_json_without_traceback(client, monkeypatch):
    from fastapi.testclient import TestClient

    def boom(*a, **k):
        raise RuntimeError("geheime interne details /etc/passwd")

    monkeypatch.setattr(client.app.state.services, "search", boom)
    c = TestClient(client.app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    msg = is_error(c.get("/api/search", params={"q": "zorg"}), 500)
    assert "geheime" not in msg
    page = c.get("/", params={"q": "zorg"})
    monkeypatch.setattr(client.app.state.services, "ask", boom)
    page = c.get("/", params={"q": "zorg"})
    assert page.status_code == 500 and "geheime" not in page.text and "Traceback" not in page.text


# --- access control ---------------------------------------------------------------------

def test_token_required(token_client):
    c = token_client
    c.cookies.clear()
    for url in ("/api/documents", "/api/search?q=zorg", f"/api/documents/{PLAN_ID}/pages/1.png", "/api/openapi.json"):
        assert "niet aangemeld" in is_error(c.get(url), 401)
        assert c.get(url).headers["www-authenticate"].startswith("Bearer")
    is_error(c.get("/api/documents", headers={"Authorization": "Bearer verkeerd"}), 401)
    is_error(c.get("/api/documents", params={"token": "verkeerd"}), 401)
    is_error(c.post("/api/ingest", files={"files": ("a.pdf", b"%PDF-1.4", "application/pdf")}), 401)
    page = c.get("/register", headers={"Accept": "text/html"})
    assert page.status_code == 401 and 'name="token"' in page.text
    assert c.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_token_in_query_sets_secure_cookie(token_client):
    c = token_client
    c.cookies.clear()
    r = c.get("/register", params={"token": TOKEN, "programme": "Zorg"}, follow_redirects=False)
    assert r.status_code == 303 and "token" not in r.headers["location"]
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    c.cookies.set("beleid_sessie", cookie.split(";")[0].split("=", 1)[1])
    assert c.get("/api/documents").status_code == 200
    assert c.get("/register").status_code == 200
    c.cookies.clear()


def test_login_form(token_client):
    c = token_client
    c.cookies.clear()
    bad = c.post("/login", data={"token": "fout", "next": "/register"}, follow_redirects=False)
    assert bad.status_code == 401 and "Onjuist" in bad.text
    ok = c.post("/login", data={"token": TOKEN, "next": "https://evil.example/"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    assert "Secure" in ok.headers["set-cookie"]
    c.cookies.clear()


def test_loopback_only_without_token(client):
    is_error(client.get("/api/documents", headers={"Host": "evil.example"}), 403)
    assert client.get("/api/documents", headers={"Host": "localhost:8000"}).status_code == 200


def test_serve_refuses_off_loopback_without_token(monkeypatch):
    from click.testing import CliRunner

    from cli import main

    monkeypatch.delenv("BELEID_TOKEN", raising=False)
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 1
    assert "BELEID_TOKEN" in r.output and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1
