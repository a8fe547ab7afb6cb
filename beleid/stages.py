"""Per-document derived stages that run after a document is stored.

A stage extracts something from the stored pages, blocks and tables of one
document (the goal register, recommendations and findings) and writes its own
rows for that document in one transaction, deleting its old rows first. Rows
reference ``documents`` with ON DELETE CASCADE, so re-ingesting a changed file
clears them. ``document_stages`` records which stage (and version) ran, so an
interrupted ingest re-runs only what is missing and a newer stage version
re-runs on the next ingest.

The kernel only knows the protocol: the list of stages is built by the
application layer (:func:`app.compose.stages`) and passed in.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from .config import Settings
from .store import Store
from .types import Document


class Stage(Protocol):
    name: str
    version: int

    def run(self, store: Store, settings: Settings, doc: Document) -> None: ...


def pending_stages(store: Store, doc_id: str, stages: Sequence[Stage]) -> list[Stage]:
    done = store.stage_versions(doc_id)
    return [s for s in stages if done.get(s.name) != s.version]


def run_stages(store: Store, settings: Settings, doc: Document, stages: Sequence[Stage]) -> list[str]:
    """Run the pending stages of ``doc``; returns the names that ran."""
    ran = []
    for stage in pending_stages(store, doc.doc_id, stages):
        stage.run(store, settings, doc)
        store.mark_stage_done(doc.doc_id, stage.name, stage.version)
        ran.append(stage.name)
    return ran
