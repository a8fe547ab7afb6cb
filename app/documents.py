"""Use cases: the list of ingested documents, one document, and the text of its pages."""
from __future__ import annotations

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Document, Page

from . import compose

DERIVED = (("register_goals", "doelen"), ("recommendations", "aanbevelingen"), ("findings", "bevindingen"))


def document_row(d: Document, counts: dict[str, int]) -> dict:
    return {"doc_id": d.doc_id, "title": d.title, "kind": d.kind, "date": d.date, "author": d.author,
            "programme": d.programme, "pages": d.pages, "ocr_pages": d.ocr_pages,
            "chunks": counts.get(d.doc_id, 0), "duplicate_of": d.duplicate_of}


def documents(settings: Settings, store: Store | None = None) -> list[dict]:
    """One row per document (``beleid documents --json``, ``GET /api/documents``)."""
    store = store or compose.open_store(settings)
    counts = store.chunk_counts()
    return [document_row(d, counts) for d in store.documents()]


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
