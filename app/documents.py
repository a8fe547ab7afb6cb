"""Use cases: the list of ingested documents, one document, and the text of its pages."""
from __future__ import annotations

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Document, Page

from . import compose

DERIVED = (("register_goals", "doelen"), ("recommendations", "aanbevelingen"), ("findings", "bevindingen"))


def document_row(d: Document, counts: dict[str, int], corrected: list[str] | None = None) -> dict:
    """``corrected``: the fields a user corrected (the store's overrides); default: what the
    document's meta says (set when the file was last ingested)."""
    return {"doc_id": d.doc_id, "title": d.title, "kind": d.kind, "date": d.date, "author": d.author,
            "programme": d.programme, "pages": d.pages, "ocr_pages": d.ocr_pages,
            "chunks": counts.get(d.doc_id, 0), "duplicate_of": d.duplicate_of,
            # pages stored without text, with the reason (blank page, OCR found nothing, ...)
            "empty_pages": {int(k): v for k, v in (d.meta.get("empty_pages") or {}).items()},
            "corrected": list(corrected if corrected is not None else d.meta.get("corrected") or [])}


def kind_labels() -> dict[str, str]:
    """Every document kind ingest can assign, with its Dutch label, in the stage's order."""
    from ingest.metadata import KIND_LABELS, KINDS

    return {k: KIND_LABELS.get(k, k) for k in KINDS}


def documents(settings: Settings, store: Store | None = None) -> list[dict]:
    """One row per document (``beleid documents --json``, ``GET /api/documents``)."""
    store = store or compose.open_store(settings)
    counts = store.chunk_counts()
    return [document_row(d, counts, sorted(store.overrides(d.doc_id))) for d in store.documents()]


def derived_counts(store: Store, doc_id: str) -> dict[str, int]:
    """How many goals, recommendations and findings the stages extracted from a document."""
    return {label: store.row_count(table, doc_id) for table, label in DERIVED}


def pages(settings: Settings, doc_id: str, page_no: int | None = None, store: Store | None = None
          ) -> tuple[Document, list[Page]]:
    store = store or compose.open_store(settings)
    doc = store.get_document(doc_id)
    numbers = [page_no] if page_no else list(range(1, doc.pages + 1))
    return doc, [store.page(doc_id, n) for n in numbers]


def page_json(p: Page) -> dict:
    return {"doc_id": p.doc_id, "page": p.number, "ocr": p.ocr, "text": p.text,
            "tables": [{"header": list(t.header), "rows": [list(r) for r in t.rows], "unit": t.unit}
                       for t in p.tables]}


def correct(settings: Settings, doc_id: str, fields: dict[str, str | None], store: Store | None = None,
            index: bool = True) -> Document:
    """Correct metadata fields of a document (title, kind, date, author, programme;
    ``None`` clears one). The correction is kept apart from what ingest infers, so it
    survives re-ingesting the file. Title, author and date are part of the indexed
    text, so the indexes are brought up to date (``index=False`` leaves that to the
    next sync)."""
    from ingest.pipeline import set_metadata

    store = store or compose.open_store(settings)
    doc = set_metadata(store, doc_id, **fields)
    if index and settings.index_dir.exists():
        from index.sync import sync_indexes

        sync_indexes(settings, store)
    return doc


def delete(settings: Settings, doc_id: str, store: Store | None = None, index: bool = True):
    """Delete a document and everything derived from it from the store (one
    transaction), then drop its chunks from the search indexes. Returns the deleted
    document and the index sync report (None without indexes)."""
    from ingest.pipeline import delete_document

    store = store or compose.open_store(settings)
    doc = delete_document(store, doc_id)
    synced = None
    if index and settings.index_dir.exists():
        from index.sync import sync_indexes

        synced = sync_indexes(settings, store)
    return doc, synced
