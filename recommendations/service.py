"""Entry points shared by the CLI and the web app: plan checks on an ingested
document or a PDF that is parsed without being stored."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from beleid.config import Settings
from beleid.errors import InputError, NotFoundError
from beleid.store import Store

from .check import Result, check_plan, linked_texts, recommendations_before
from .similarity import embedder_for


def resolve_plan(plan: str, settings: Settings, store: Store, ingest: bool = False,
                 on_page: Callable[[int, int], None] | None = None):
    """(Document, blocks) for an ingested doc_id or a PDF path; ``on_page(done, total)``
    reports parsing progress of a PDF."""
    path = Path(plan)
    if path.suffix.lower() == ".pdf" or path.is_file():
        if not path.is_file():
            raise InputError(path, "file not found")
        if ingest:
            from ingest.pipeline import doc_id_for, ingest_paths

            report = ingest_paths([path], settings, store, on_page=on_page)
            if report.failed:
                raise InputError(path, report.failed[0].reason)
            doc_id = report.results[-1].doc_id or doc_id_for(path)
            doc = store.get_document(doc_id)
            return doc, store.blocks(doc.doc_id)
        from ingest.parse import parse_pdf

        known = sorted({d.programme for d in store.documents() if d.programme})
        parsed = parse_pdf(path, settings, known_programmes=known, on_page=on_page)
        blocks = [b for p in parsed.pages for b in p.blocks]
        return parsed.document, blocks
    if not store.has_document(plan):
        raise NotFoundError(f"'{plan}' is neither an ingested document nor a PDF file")
    doc = store.get_document(plan)
    return doc, store.blocks(doc.doc_id)


def run_check(plan: str, settings: Settings, store: Store, against: list[str] | None = None,
              ingest: bool = False, embedder=None, judge=None,
              on_page: Callable[[int, int], None] | None = None) -> tuple[object, list[Result]]:
    doc, blocks = resolve_plan(plan, settings, store, ingest, on_page)
    if not blocks:
        raise InputError(Path(plan).name, "the plan has no readable text")
    if against:
        missing = [d for d in against if not store.has_document(d)]
        if missing:
            raise NotFoundError(f"document '{missing[0]}' is not ingested")
    recs = recommendations_before(store, doc, against)
    if judge is None and settings.llm_model:
        from .judge import LLMJudge, chat_model_from_settings

        model = chat_model_from_settings(settings)
        judge = LLMJudge(model) if model is not None else None
    results = (check_plan(doc, blocks, recs, embedder_for(settings, embedder), judge, linked=linked_texts(store, recs))
               if recs else [])
    return doc, results
