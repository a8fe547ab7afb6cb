"""Composition root: builds stores, stages, embedders and chat models from settings.

Nothing below the application layer picks its collaborators by name: the stage
list is built here and passed to the ingest pipeline; the embedder is built here
(lazily, so commands that need no model never load one) and passed to the
retriever and the recommendation stage.
"""
from __future__ import annotations

from typing import Any

from beleid.config import Settings
from beleid.stages import Stage
from beleid.store import Store


def open_store(settings: Settings) -> Store:
    return Store(settings.db_path)


def stages(settings: Settings | None = None, embedder: Any = None) -> list[Stage]:
    """The per-document stages, in run order."""
    from recommendations.stage import RecommendationsStage
    from register.stage import RegisterStage

    return [RegisterStage(), RecommendationsStage(embedder)]


class LazyEmbedder:
    """The configured embedder, loaded at the first ``embed_batch``.

    ``name`` and ``dim`` come from the index manifest when the index was built with
    this model, so opening the indexes for a BM25-only search loads no model (and
    imports neither torch nor sentence-transformers)."""

    def __init__(self, settings: Settings):
        from index.atomic import read_json
        from index.vector import MANIFEST

        self.name = settings.model
        self._threads = settings.embed_threads
        self._engine = settings.embed_engine
        self._real = None
        manifest = read_json(settings.index_dir / MANIFEST) or {}
        if manifest.get("model") == settings.model and manifest.get("dim"):
            self.dim = int(manifest["dim"])
        else:
            self.dim = self.real.dim

    @property
    def real(self):
        if self._real is None:
            from index.embedders import get_embedder

            self._real = get_embedder(self.name, threads=self._threads, engine=self._engine)
        return self._real

    @property
    def loaded(self) -> bool:
        return self._real is not None

    def embed_batch(self, texts: list[str], kind: str = "passage"):
        return self.real.embed_batch(texts, kind=kind)

    def __getattr__(self, attr: str):  # anything else a backend asks of its model
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self.real, attr)


def embedder(settings: Settings, lazy: bool = False):
    """The embedding model of ``settings`` (cached per process by the index stage)."""
    if lazy:
        return LazyEmbedder(settings)
    from index.embedders import embedder_for

    return embedder_for(settings)


def chat_model(settings: Settings):
    """The configured LangChain chat model, or None (see :mod:`beleid.llm`)."""
    from beleid.llm import chat_model as build

    return build(settings)


def judge(settings: Settings):
    """The LLM judge of the plan check when an LLM is configured, else None."""
    model = chat_model(settings)
    if model is None:
        return None
    from recommendations.judge import LLMJudge

    return LLMJudge(model)
