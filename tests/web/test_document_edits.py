"""Correcting and deleting documents through the API and the Documenten page (issue 12).

These tests change the data, so they run on a copy of the session's data dir
(``web_data``) with their own app; the other web tests keep the original.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import TOKEN

PHRASE = "Deze notitie bevat tekst die op HTML lijkt en veilig moet worden getoond"


@dataclass
class EditData:
    settings: object
    blank_doc: str


def make_pdf_with_blank_page(path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Memo over de wijkaanpak", fontsize=16)
    page.insert_text((72, 140), "De gemeente versterkt de wijkteams in 2024 met extra formatie voor jeugdhulp.",
                     fontsize=10)
    doc.new_page()  # page 2: blank, stored without text, with a reason
    doc.save(str(path))
    doc.close()


@pytest.fixture(scope="module")
def edit_data(web_data, tmp_path_factory) -> EditData:
    from app.ingest import ingest_paths
    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes

    copy = tmp_path_factory.mktemp("web-edit") / "data"
    shutil.copytree(web_data.data_dir, copy, ignore=shutil.ignore_patterns("cache", "jobs", "serve.log"))
    settings = load_settings(copy)
    pdf = tmp_path_factory.mktemp("web-edit-src") / "memo-met-leeg-blad.pdf"
    make_pdf_with_blank_page(pdf)
    store = Store(settings.db_path)
    report = ingest_paths([pdf], settings, store)
    assert not report.failed, report.failed
    blank_doc = next(d.doc_id for d in store.documents() if d.doc_id.startswith("memo-met-leeg-blad"))
    sync_indexes(settings, store)
    store.close()
    return EditData(settings, blank_doc)


@pytest.fixture(scope="module")
def edit_client(edit_data):
    from fastapi.testclient import TestClient

    from web.app import create_app

    return TestClient(create_app(edit_data.settings, auto_index=False), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def edit_token_client(edit_data):
    from fastapi.testclient import TestClient

    from web.app import create_app

    return TestClient(create_app(edit_data.settings, token=TOKEN, auto_index=False), base_url="http://127.0.0.1")


def _doc(client, doc_id: str) -> dict:
    rows = {r["doc_id"]: r for r in client.get("/api/documents").json()}
    return rows[doc_id]


# --- PATCH ---------------------------------------------------------------------------

def test_patch_corrects_fields_and_list_shows_them(edit_client, edit_data):
    doc_id = edit_data.blank_doc
    before = _doc(edit_client, doc_id)
    assert before["kind"] != "statenvoorstel"
    r = edit_client.patch(f"/api/documents/{doc_id}",
                          json={"kind": "statenvoorstel", "date": "16 juli 2024", "author": "Gedeputeerde Staten",
                                "programme": "Sociaal domein"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["doc_id"] == doc_id
    assert (body["kind"], body["date"], body["author"], body["programme"]) == \
        ("statenvoorstel", "2024-07-16", "Gedeputeerde Staten", "Sociaal domein")
    assert set(body["corrected"]) >= {"kind", "date", "author", "programme"}
    after = _doc(edit_client, doc_id)
    assert (after["kind"], after["date"], after["author"], after["programme"]) == \
        ("statenvoorstel", "2024-07-16", "Gedeputeerde Staten", "Sociaal domein")
    assert after["title"] == before["title"]  # a field not sent is left alone
    assert set(after["corrected"]) >= {"kind", "date", "author", "programme"}
    assert "title" not in after["corrected"]

    # null clears a field
    r = edit_client.patch(f"/api/documents/{doc_id}", json={"programme": None})
    assert r.status_code == 200, r.text
    assert _doc(edit_client, doc_id)["programme"] is None


@pytest.mark.parametrize("body, needle", [
    ({"colour": "blauw"}, "colour"),
    ({"date": "ergens volgend jaar"}, "date"),
    ({"date": "2024-13-40"}, "date"),
    ({"kind": "gedicht"}, "kind"),
    ({}, "minstens"),
])
def test_patch_refuses_bad_input_with_422(edit_client, edit_data, body, needle):
    before = _doc(edit_client, edit_data.blank_doc)
    r = edit_client.patch(f"/api/documents/{edit_data.blank_doc}", json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert needle in r.json()["error"]
    assert _doc(edit_client, edit_data.blank_doc) == before


def test_patch_and_delete_unknown_document_404(edit_client):
    r = edit_client.patch("/api/documents/bestaat-niet", json={"title": "x"})
    assert r.status_code == 404, r.text
    assert "bestaat-niet" in r.json()["error"]
    r = edit_client.delete("/api/documents/bestaat-niet")
    assert r.status_code == 404, r.text


def test_mutations_need_the_token(edit_token_client, edit_data):
    doc_id = edit_data.blank_doc
    assert edit_token_client.patch(f"/api/documents/{doc_id}", json={"title": "x"}).status_code == 401
    assert edit_token_client.delete(f"/api/documents/{doc_id}").status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = edit_token_client.patch(f"/api/documents/{doc_id}", json={"programme": "Jeugd"}, headers=auth)
    assert r.status_code == 200, r.text
    rows = {d["doc_id"]: d for d in edit_token_client.get("/api/documents", headers=auth).json()}
    assert rows[doc_id]["programme"] == "Jeugd"


def test_openapi_declares_patch_and_delete(edit_client):
    spec = edit_client.get("/api/openapi.json").json()
    ops = spec["paths"]["/api/documents/{doc_id}"]
    assert {"get", "patch", "delete"} <= set(ops)
    html = edit_client.get("/api/docs").text
    assert "PATCH" in html and "DELETE" in html and "programme" in html


# --- Documenten page ------------------------------------------------------------------

def test_documenten_page_shows_correction_form_and_empty_pages(edit_client, edit_data):
    html = edit_client.get("/documenten").text
    doc_id = edit_data.blank_doc
    assert f'action="/documenten/{doc_id}/corrigeren"' in html
    for name in ("titel", "soort", "datum", "auteur", "programma"):
        assert f'name="{name}"' in html
    # every kind ingest can assign is offered, with its Dutch label
    assert "Wob-/Woo-besluit" in html and "Statenvoorstel" in html and "Jaarstukken" in html
    # page 2 of the memo is blank: listed with the reason
    assert f'href="/documenten/{doc_id}/pagina/2">p. 2</a>: <span title="blank page' in html
    assert "lege pagina (geen tekst, geen afbeeldingen)</span>" in html
    assert f'href="/documenten/{doc_id}/verwijderen"' in html


def test_empty_page_reasons_in_dutch():
    from web.views import empty_reason_nl

    assert empty_reason_nl("image page; OCR at 300 dpi found no legible text") == \
        "afbeelding; OCR op 300 dpi vond geen leesbare tekst"
    assert empty_reason_nl("page cannot be read: broken xref") == "pagina niet leesbaar: broken xref"
    assert empty_reason_nl("iets onbekends") == "iets onbekends"


def test_documenten_form_corrects_a_field(edit_client, edit_data):
    doc_id = edit_data.blank_doc
    cur = _doc(edit_client, doc_id)
    form = {"titel": "Memo wijkaanpak (gecorrigeerd)", "soort": cur["kind"] or "other", "datum": cur["date"] or "",
            "auteur": cur["author"] or "", "programma": cur["programme"] or ""}
    r = edit_client.post(f"/documenten/{doc_id}/corrigeren", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert _doc(edit_client, doc_id)["title"] == "Memo wijkaanpak (gecorrigeerd)"
    page = edit_client.get(r.headers["location"]).text
    assert "gecorrigeerd" in page and "Memo wijkaanpak (gecorrigeerd)" in page

    bad = dict(form, datum="geen datum")
    r = edit_client.post(f"/documenten/{doc_id}/corrigeren", data=bad)
    assert r.status_code == 422
    assert "error-message" in r.text


# --- DELETE (last: it removes a document from the copy) -----------------------------------

def _hits(client, q: str) -> list[dict]:
    r = client.get("/api/search", params={"q": q, "k": 10})
    assert r.status_code == 200, r.text
    return r.json()["hits"]


def test_delete_page_asks_for_confirmation_first(edit_client, edit_data):
    doc_id = edit_data.blank_doc
    page = edit_client.get(f"/documenten/{doc_id}/verwijderen")
    assert page.status_code == 200
    assert "Ja, verwijderen" in page.text and 'name="bevestig"' in page.text
    # a POST without the confirmation deletes nothing
    r = edit_client.post(f"/documenten/{doc_id}/verwijderen", data={}, follow_redirects=False)
    assert r.status_code == 303
    assert doc_id in {d["doc_id"] for d in edit_client.get("/api/documents").json()}
    r = edit_client.post(f"/documenten/{doc_id}/verwijderen", data={"bevestig": "ja"}, follow_redirects=False)
    assert r.status_code == 303
    assert doc_id not in {d["doc_id"] for d in edit_client.get("/api/documents").json()}


def test_delete_removes_document_and_its_passages_from_search(edit_client, web_data):
    doc_id = web_data.markup_doc
    assert any(h["doc_id"] == doc_id for h in _hits(edit_client, PHRASE)), "precondition: search finds the note"
    r = edit_client.delete(f"/api/documents/{doc_id}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["deleted"]["doc_id"] == doc_id
    assert body["passages_removed"] >= 1
    assert doc_id not in {d["doc_id"] for d in edit_client.get("/api/documents").json()}
    assert edit_client.get(f"/api/documents/{doc_id}").status_code == 404
    hits = _hits(edit_client, PHRASE)
    assert hits, "the other documents are still searchable"
    assert all(h["doc_id"] != doc_id for h in hits)
    assert edit_client.delete(f"/api/documents/{doc_id}").status_code == 404
