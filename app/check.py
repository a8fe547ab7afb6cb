"""Use case: check a plan (an ingested document or a PDF that is read without being
stored) against earlier recommendations; returns a typed :class:`CheckReport`."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from beleid.config import Settings
from beleid.errors import InputError, NotFoundError
from beleid.store import Store
from beleid.types import (CheckedRecommendation, CheckReport, CheckStatus, Document, Evidence, EvidenceRole,
                          PlanInfo)

from . import compose


def resolve_plan(plan: str, settings: Settings, store: Store, ingest: bool = False,
                 on_page: Callable[[int, int], None] | None = None):
    """(Document, blocks, source) for an ingested doc_id or a PDF path; ``on_page(done, total)``
    reports parsing progress of a PDF. ``source`` is "document" or "file"."""
    path = Path(plan)
    if path.suffix.lower() == ".pdf" or path.is_file():
        if not path.is_file():
            raise InputError(path, "file not found")
        if ingest:
            from ingest.pipeline import doc_id_for

            from .ingest import ingest_paths

            report = ingest_paths([path], settings, store, on_page=on_page)
            if report.failed:
                raise InputError(path, report.failed[0].reason)
            doc_id = report.results[-1].doc_id or doc_id_for(path)
            doc = store.get_document(doc_id)
            return doc, store.blocks(doc.doc_id), "document"
        from ingest.parse import parse_pdf

        known = sorted({d.programme for d in store.documents() if d.programme})
        parsed = parse_pdf(path, settings, known_programmes=known, on_page=on_page)
        blocks = [b for p in parsed.pages for b in p.blocks]
        return parsed.document, blocks, "file"
    if not store.has_document(plan):
        raise NotFoundError(f"'{plan}' is neither an ingested document nor a PDF file")
    doc = store.get_document(plan)
    return doc, store.blocks(doc.doc_id), "document"


def run_check(plan: str, settings: Settings, store: Store, against: list[str] | None = None,
              ingest: bool = False, embedder=None, judge=None,
              on_page: Callable[[int, int], None] | None = None, source: list | None = None
              ) -> tuple[Document, list]:
    """(plan document, the stage's results) of a plan check; see :func:`check`."""
    from recommendations.check import check_plan, linked_texts, recommendations_before

    doc, blocks, kind = resolve_plan(plan, settings, store, ingest, on_page)
    if source is not None:
        source.append(kind)
    if not blocks:
        raise InputError(Path(plan).name, "the plan has no readable text")
    if against:
        missing = [d for d in against if not store.has_document(d)]
        if missing:
            raise NotFoundError(f"document '{missing[0]}' is not ingested")
    recs = recommendations_before(store, doc, against)
    if judge is None:
        judge = compose.judge(settings)
    results = (check_plan(doc, blocks, recs, embedder if embedder is not None else compose.embedder(settings),
                          judge, linked=linked_texts(store, recs))
               if recs else [])
    return doc, results


def _relevance(passage) -> float | None:
    rel = getattr(passage, "relevance", None)
    return None if rel is None else float(rel)


def check(plan: str, settings: Settings, store: Store | None = None, against: list[str] | None = None, *,
          name: str | None = None, ingest: bool = False, embedder=None, judge=None,
          on_page: Callable[[int, int], None] | None = None) -> CheckReport:
    """Check ``plan`` (doc_id or PDF path) against the recommendations of ``against`` (doc_ids),
    or, when empty, of all evaluations and letters dated before the plan."""
    store = store or compose.open_store(settings)
    source: list[str] = []
    doc, results = run_check(plan, settings, store, against or None, ingest, embedder, judge, on_page, source)
    docs = {d.doc_id: d for d in store.documents()}
    items = tuple(CheckedRecommendation(
        r.recommendation, CheckStatus(r.status),
        tuple(Evidence(p.doc_id, p.page, p.text, EvidenceRole(getattr(p, "role", "support")),
                       _relevance(p)) for p in r.evidence),
        r.reason, docs[r.recommendation.doc_id].title if r.recommendation.doc_id in docs else "",
        getattr(r, "reason_en", "") or "")
        for r in results)
    used = tuple(against) if against else tuple(sorted({r.recommendation.doc_id for r in results}))
    info = PlanInfo(doc.doc_id, doc.title, name or (Path(plan).name if source[0] == "file" else doc.doc_id),
                    doc.pages, doc.date, doc.programme, source[0])
    return CheckReport(info, used, {d: docs[d].title for d in used if d in docs}, items)
