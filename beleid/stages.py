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

import threading
from typing import Protocol, Sequence

from .config import Settings
from .store import Store
from .types import Document


class Stage(Protocol):
    """A stage may also have ``prepare() -> None``: load what ``run`` needs (a language
    model), so that an ingest can do it in the background while the first document
    is parsed (:func:`prepare_in_background`). It must be safe to call from another
    thread while ``run`` starts."""

    name: str
    version: int

    def run(self, store: Store, settings: Settings, doc: Document) -> None: ...


def prepare_in_background(stages: Sequence[Stage]) -> threading.Thread | None:
    """Call the stages' ``prepare()`` in a daemon thread; None when none has one. A
    failure there is left to ``run``, which meets it again and reports it."""
    ready = [s.prepare for s in stages if callable(getattr(s, "prepare", None))]
    if not ready:
        return None

    def work() -> None:
        for prepare in ready:
            try:
                prepare()
            except Exception:  # noqa: BLE001 - run() reports it
                pass

    thread = threading.Thread(target=work, name="prepare-stages", daemon=True)
    thread.start()
    return thread


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
