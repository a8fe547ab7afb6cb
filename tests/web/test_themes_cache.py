"""The recurring-findings themes are stored after an ingest and read back by the page (issue 11): a second load,
or a restarted server, does not recompute them; an ingest recomputes them; a deletion makes the stored ones
stale, and the page then shows the recomputation's progress (in Dutch) instead of waiting for it. A malformed
stored file is recomputed, and a failing grouping does not fail an ingest that stored its documents.

"Does not recompute" is asserted by counting the calls of the grouping function, not by wall-clock time (a
loaded CI machine makes timings flaky); the load times are benchmarked in evaluations/themes_load_eval.py.

These tests change the data, so they run on a copy of the session's data dir (``web_data``)."""
from __future__ import annotations

import shutil
import time

import pytest

from .conftest import NEW_PLAN

pytestmark = pytest.mark.integration


@pytest.fixture()
def data(web_data, tmp_path):
    from beleid.config import load_settings

    copy = tmp_path / "data"
    shutil.copytree(web_data.data_dir, copy, ignore=shutil.ignore_patterns("cache", "jobs", "serve.log"))
    return load_settings(copy)


@pytest.fixture()
def grouped(monkeypatch) -> list:
    """Counts the calls of the themes' grouping (the expensive computation); one entry per call."""
    import recommendations.recurring as recurring

    calls: list = []
    real = recurring.group

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(recurring, "group", counting)
    return calls


def _themes_json(themes) -> list:
    return [t.to_json() for t in themes]


def test_second_load_and_restart_do_not_recompute(data):
    from web.services import Services

    services = Services(data)
    st = services.store()
    try:
        first = services.themes(st, False)
        assert services.themes_computed == 1
        assert first, "the evaluation letter has findings and recommendations: there are themes"
        again = services.themes(st, True)
        services.themes(st, False)
        assert services.themes_computed == 1  # the second (and third) load read them back
        restarted = Services(data)  # a new server process: the stored themes, nothing computed
        assert _themes_json(restarted.themes(st, False)) == _themes_json(first)
        assert restarted.themes_computed == 0
        assert _themes_json(restarted.themes(st, True)) == _themes_json(again)
    finally:
        st.close()


def test_ingest_recomputes_and_a_deletion_invalidates(data):
    from app.documents import delete
    from app.evaluations import refresh_themes, stored_themes, themes_cache_key
    from app.ingest import ingest
    from web.services import Services

    st = Services(data).store()
    try:
        refresh_themes(data, st)
        old_key = themes_cache_key(data, st)
        assert stored_themes(data, st) is not None

        ingest([NEW_PLAN], data, st)  # stores, indexes and recomputes the themes
        assert themes_cache_key(data, st) != old_key  # a new document's content hash changes the key
        restarted = Services(data)
        restarted.themes(st, False)
        assert restarted.themes_computed == 0, "the ingest should have stored the themes of the new contents"

        delete(data, NEW_PLAN.stem, store=st, index=False)
        assert stored_themes(data, st) is None  # stale: computed with a document that is gone
        after = Services(data)
        after.themes(st, False)
        assert after.themes_computed == 1
    finally:
        st.close()


def test_page_shows_progress_while_recomputing(data, monkeypatch, grouped):
    from fastapi.testclient import TestClient

    from web import pages
    from web.app import create_app

    monkeypatch.setattr(pages, "PAGE_WAIT_S", 0.0)  # do not wait for the computation: show its progress
    client = TestClient(create_app(data, auto_index=False), base_url="http://127.0.0.1")
    r = client.get("/bevindingen?alle=1")
    assert r.status_code == 200
    assert "Thema's worden opnieuw berekend" in r.text
    assert '<progress max="100"' in r.text
    assert '<meta http-equiv="refresh"' in r.text  # the page refreshes itself until the themes are there
    deadline = time.monotonic() + 240
    while "Thema's worden opnieuw berekend" in r.text and time.monotonic() < deadline:
        time.sleep(0.5)
        r = client.get("/bevindingen?alle=1")
    assert '<details class="theme card"' in r.text
    assert '<meta http-equiv="refresh"' not in r.text
    computed = len(grouped)
    assert computed == 1
    r = client.get("/bevindingen?alle=1")
    assert '<details class="theme card"' in r.text
    assert '<meta http-equiv="refresh"' not in r.text
    assert len(grouped) == computed  # the next load read them back: nothing grouped again


def test_upload_job_stores_the_themes_of_the_new_contents(data, grouped):
    """The web app's upload job ends with the themes (its last step), so the page opens at once afterwards."""
    from fastapi.testclient import TestClient

    from app.evaluations import stored_themes
    from web.app import create_app

    from .conftest import wait_job

    client = TestClient(create_app(data, auto_index=False), base_url="http://127.0.0.1")
    services = client.app.state.services
    r = client.post("/api/ingest", files={"files": (NEW_PLAN.name, NEW_PLAN.read_bytes(), "application/pdf")})
    assert r.status_code == 202, r.text
    done = wait_job(client, r.json()["id"])
    assert done["status"] == "done", done
    st = services.store()
    try:
        assert stored_themes(data, st) is not None, "the upload job should have stored the themes"
        page = client.get("/bevindingen?alle=1")
        assert '<details class="theme card"' in page.text
        assert '<meta http-equiv="refresh"' not in page.text
        assert grouped == []  # read back, not grouped by the web process
        assert services.themes_computed == 0
    finally:
        st.close()


@pytest.mark.parametrize("bad_themes", [
    [{"theme": "x"}],                      # a theme without members: KeyError
    [{"theme": "x", "members": 5}],        # members not a list: TypeError
    "niet een lijst",                      # themes not a list of themes
])
def test_a_malformed_themes_file_is_recomputed(data, grouped, bad_themes):
    from app.evaluations import refresh_themes, stored_themes, themes_cache_key, themes_path
    from index.atomic import write_json
    from web.services import Services

    st = Services(data).store()
    try:
        key = themes_cache_key(data, st)
        write_json(themes_path(data), {"key": key, "themes": bad_themes})  # the key matches: only the body is bad
        result = refresh_themes(data, st)
        assert len(grouped) == 1  # recomputed, not a crash on the stored file
        assert result, "the evaluation letter has findings and recommendations: there are themes"
        healed = stored_themes(data, st, key)
        assert healed is not None and [t.to_json() for t in healed] == [t.to_json() for t in result]
        refresh_themes(data, st)
        assert len(grouped) == 1  # healed: the rewritten file is read back
    finally:
        st.close()


def test_a_failing_grouping_does_not_fail_the_ingest(data, monkeypatch):
    import recommendations.recurring as recurring
    from app.evaluations import stored_themes
    from app.ingest import ingest
    from web.services import Services

    def broken(*args, **kwargs):
        raise RuntimeError("grouping broke\nsecond line")

    monkeypatch.setattr(recurring, "group", broken)
    st = Services(data).store()
    try:
        outcome = ingest([NEW_PLAN], data, st)
        assert [r.status for r in outcome.report.results] == ["ingested"]
        assert not outcome.report.failed
        assert outcome.index is not None  # stored and indexed
        assert NEW_PLAN.stem in {d.doc_id for d in st.documents()}
        assert len(outcome.warnings) == 1
        assert "themes could not be computed" in outcome.warnings[0] and "grouping broke" in outcome.warnings[0]
        assert "\n" not in outcome.warnings[0]
        assert outcome.to_json()["warnings"] == outcome.warnings
        assert stored_themes(data, st) is None  # nothing stale stored: the page computes them itself
    finally:
        st.close()
