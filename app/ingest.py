"""Use case: ingest PDF files and folders, then bring the search indexes up to date."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from beleid.config import Settings
from beleid.store import Store

from . import compose

log = logging.getLogger(__name__)


def ingest_paths(paths: Iterable[str | Path], settings: Settings, store: Store, *, stages=None,
                 on_file: Callable | None = None, on_page: Callable | None = None,
                 on_result: Callable | None = None):
    """Store the PDFs and run the per-document stages (register, recommendations) on them."""
    from ingest.pipeline import ingest_paths as run

    return run(paths, settings, store, stages=compose.stages(settings) if stages is None else stages,
               on_file=on_file, on_page=on_page, on_result=on_result)


@dataclass
class IngestOutcome:
    report: Any  # ingest.pipeline.IngestReport
    index: Any | None  # index.sync.SyncReport, None when not indexed
    warnings: list[str] = field(default_factory=list)  # one line each; the ingest itself succeeded

    def to_json(self) -> dict:
        return {"summary": self.report.totals(),
                "files": [r.__dict__ for r in self.report.results],
                "index": self.index.to_json() if self.index is not None else None,
                "warnings": list(self.warnings)}


def ingest(paths: Iterable[str | Path], settings: Settings, store: Store | None = None, *, index: bool = True,
           progress: bool = False, on_file: Callable | None = None, on_page: Callable | None = None,
           on_result: Callable | None = None, on_indexing: Callable[[], None] | None = None) -> IngestOutcome:
    """Ingest, then sync the indexes when anything is stored (unless ``index=False``)."""
    store = store or compose.open_store(settings)
    preparing: list = []
    stored = 0  # passages stored so far

    def result_seen(result) -> None:
        nonlocal stored
        if index and not preparing and result.status in ("ingested", "updated"):
            from index.sync import prepare_embedding

            stored += result.chunks
            thread = prepare_embedding(settings, stored)  # the model loads while the next files are parsed
            if thread is not None:
                preparing.append(thread)
        if on_result is not None:
            on_result(result)

    synced = None
    warnings: list[str] = []
    try:
        report = ingest_paths(paths, settings, store, on_file=on_file, on_page=on_page, on_result=result_seen)
        if index and report.count("ingested", "updated", "unchanged"):
            from index.sync import sync_after_ingest

            if on_indexing is not None:
                on_indexing()

            synced = sync_after_ingest(settings, store, progress=progress)
    finally:
        for thread in preparing:
            thread.join()  # not left loading the model while the interpreter exits
    if index and report.count("ingested", "updated"):
        # the recurring-findings themes depend on every document: computed now (and stored) so that their
        # page opens at once; ``index=False`` (store only) leaves them to the first request
        from .evaluations import refresh_themes

        try:
            refresh_themes(settings, store)
        except Exception as exc:  # noqa: BLE001 - the documents are stored and indexed; the themes page
            # computes them itself on its first request, so a failure here must not fail the ingest
            reason = (str(exc).strip().splitlines() or [""])[0]
            line = (f"themes could not be computed after ingest ({type(exc).__name__}: {reason}); "
                    "they are computed on the first request")
            log.warning(line)
            warnings.append(line)
    return IngestOutcome(report, synced, warnings)


def sync(settings: Settings, store: Store | None = None, progress: bool = False):
    """Bring the search indexes up to date with the store (embeds only what changed)."""
    from index.sync import sync_indexes

    return sync_indexes(settings, store or compose.open_store(settings), progress=progress)


def reindex(settings: Settings, store: Store | None = None, model: str | None = None, backend: str | None = None,
            chroma_url: str | None = None, progress: bool = False):
    """Rebuild both indexes (e.g. with another model) and save the choice in the data dir's config.json."""
    from index.atomic import read_json, write_json
    from index.sync import rebuild_indexes, with_model

    if chroma_url and backend is None:
        backend = "chroma"
    settings = with_model(settings, model, backend, chroma_url)
    report = rebuild_indexes(settings, store or compose.open_store(settings), progress=progress)
    cfg_path = settings.data_dir / "config.json"
    cfg = read_json(cfg_path, {}) or {}
    # only what the user chose is saved: a plain reindex must not pin today's default model
    chosen = {"model": model, "vector_backend": backend, "chroma_url": chroma_url}
    chosen = {key: getattr(settings, key) for key, value in chosen.items() if value is not None}
    if chosen:
        cfg.update(chosen)
        write_json(cfg_path, cfg)
    return report


def validate_pdf(path: str | Path) -> int:
    """The number of pages of a usable PDF; raises InputError naming the file and the reason
    (the same check the ingest pipeline makes)."""
    from ingest.pdf import open_pdf

    doc = open_pdf(Path(path))
    try:
        return doc.page_count
    finally:
        doc.close()
