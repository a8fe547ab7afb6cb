"""Per-document derived stages that run after a document is stored.

A stage extracts something from the stored pages, blocks and tables of one
document (the goal register, recommendations and findings) and writes its own
rows for that document in one transaction, deleting its old rows first. Rows
reference ``documents`` with ON DELETE CASCADE, so re-ingesting a changed file
clears them. ``document_stages`` records which stage (and version) ran, so an
interrupted ingest re-runs only what is missing and a newer stage version
re-runs on the next ingest.
"""
from __future__ import annotations

import importlib
from typing import Protocol

from .config import Settings
from .store import Store
from .types import Document

# "module:attribute" of every stage, in run order.
STAGE_PATHS: list[str] = [
    "register.stage:RegisterStage",
    "recommendations.stage:RecommendationsStage",
]


class Stage(Protocol):
    name: str
    version: int

    def run(self, store: Store, settings: Settings, doc: Document) -> None: ...


def load_stages() -> list[Stage]:
    stages = []
    for path in STAGE_PATHS:
        module, attr = path.split(":")
        stages.append(getattr(importlib.import_module(module), attr)())
    return stages


def pending_stages(store: Store, doc_id: str, stages: list[Stage]) -> list[Stage]:
    done = {r[0]: r[1] for r in store.conn.execute(
        "SELECT stage, version FROM document_stages WHERE doc_id=?", (doc_id,))}
    return [s for s in stages if done.get(s.name) != s.version]


def mark_done(store: Store, doc_id: str, stage: Stage) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO document_stages(doc_id, stage, version) VALUES (?,?,?)",
        (doc_id, stage.name, stage.version))


def run_stages(store: Store, settings: Settings, doc: Document, stages: list[Stage] | None = None) -> list[str]:
    """Run the pending stages of ``doc``; returns the names that ran."""
    ran = []
    for stage in pending_stages(store, doc.doc_id, stages if stages is not None else load_stages()):
        stage.run(store, settings, doc)
        mark_done(store, doc.doc_id, stage)
        ran.append(stage.name)
    return ran
