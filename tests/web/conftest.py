"""Fixtures of the web tests: a small real data dir and apps on top of it.

``web_data`` ingests two real corpus PDFs (a programme contract with a goal
register, an evaluation letter with recommendations and findings) plus a
generated PDF whose text and title are HTML, runs the register and
recommendation stages, and builds the real search index with the bundled
model. Built once per session (about a minute on two cores).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
PLAN = CORPUS / "2019-programmacontract-zorg.pdf"
EVALUATION = CORPUS / "2018-raadsbrief-evaluatie-transformatie-sociaal-domein.pdf"
NEW_PLAN = CORPUS / "2019-collegevoorstel-innovatiebudget-zorg-2020.pdf"
MARKUP = '<script>alert("xss")</script><b>vet</b> & <img src=x onerror=alert(1)>'
TOKEN = "test-token-0123456789"


@dataclass
class WebData:
    settings: object
    data_dir: Path
    markup_doc: str


def make_markup_pdf(path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Notitie met opmaak", fontsize=16)
    page.insert_text((72, 140), MARKUP, fontsize=10)
    page.insert_text((72, 170), "Deze notitie bevat tekst die op HTML lijkt en veilig moet worden getoond.",
                     fontsize=10)
    doc.set_metadata({"title": '<img src=x onerror=alert("titel")>'})
    doc.save(str(path))
    doc.close()


def run_all_stages(settings, store) -> None:
    """The application's stages (register, recommendations) on every stored document."""
    from app.compose import stages
    from beleid.stages import run_stages

    for doc in store.documents():
        run_stages(store, settings, doc, stages(settings))


@pytest.fixture(scope="session")
def web_data(tmp_path_factory) -> WebData:
    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes
    from app.ingest import ingest_paths

    data_dir = tmp_path_factory.mktemp("web-data")
    src = tmp_path_factory.mktemp("web-src")
    markup_pdf = src / "notitie-met-opmaak.pdf"
    make_markup_pdf(markup_pdf)
    settings = load_settings(data_dir)
    store = Store(settings.db_path)
    report = ingest_paths([PLAN, EVALUATION, markup_pdf], settings, store)
    assert not report.failed, report.failed
    run_all_stages(settings, store)
    sync_indexes(settings, store)
    store.close()
    return WebData(settings, Path(data_dir), "notitie-met-opmaak")


def wait_job(client, job_id: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


@pytest.fixture(scope="session")
def app(web_data):
    from web.app import create_app

    return create_app(web_data.settings, auto_index=False)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(scope="session")
def token_client(web_data):
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = create_app(web_data.settings, token=TOKEN, auto_index=False)
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(scope="session")
def live_server(web_data):
    """``beleid serve`` in a child process on a free loopback port."""
    from web.launch import local_server

    with local_server(web_data.data_dir, web_data.data_dir / "serve.log") as base:
        yield base
