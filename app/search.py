"""Use cases: search, ask, and the one "is the search index stale?" check."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from beleid.config import Settings
from beleid.errors import ConfigError
from beleid.store import Store

from . import compose


def with_expansion(settings: Settings, thesaurus: str | None = None, no_expand: bool = False) -> Settings:
    if thesaurus:
        settings = replace(settings, thesaurus=thesaurus)
    if no_expand:
        settings = replace(settings, query_expansion=False)
    return settings


def index_is_stale(settings: Settings, store: Store) -> bool:
    """Does the BM25 index lack chunks of the store, hold vanished ones, or use an older analyzer?"""
    from nl.analysis import ANALYZER_VERSION
    from index.lexical import open_lexical

    lexical = open_lexical(settings.index_dir)
    return set(lexical.ids) != set(store.chunk_hashes()) or lexical.analyzer_version != ANALYZER_VERSION


def index_ready(settings: Settings) -> bool:
    """Is there a BM25 index with at least one chunk?"""
    from index.lexical import open_lexical

    try:
        return bool(open_lexical(settings.index_dir).ids)
    except Exception:  # noqa: BLE001 - unreadable counts as not ready
        return False


def open_retriever(settings: Settings, store: Store | None = None, *, embedder=None, sync: bool = True,
                   progress: bool = False, on_sync: Callable[[], None] | None = None):
    """A retriever over the store; brings the indexes up to date first when they are stale
    (e.g. after an interrupted ingest). The embedding model is loaded at the first dense search."""
    from index.sync import sync_indexes
    from query.retrieval import Retriever

    store = store or compose.open_store(settings)
    if not store.chunk_hashes():
        raise ConfigError(f"no documents in {settings.data_dir}: run `beleid ingest FILES` first")
    if sync and index_is_stale(settings, store):
        if on_sync is not None:
            on_sync()
        sync_indexes(settings, store, progress=progress)
    return Retriever(settings, store, embedder=embedder if embedder is not None else compose.embedder(settings, lazy=True))


def warm_up(retriever) -> None:
    """For a long-running process (the web server): load the embedding model now and
    switch it to its fastest query engine (multilingual-e5-small on a CPU with native
    bfloat16: the torch port, ~3x faster per query than the C engine that a one-shot
    CLI query uses because it starts in 0.05 s)."""
    warm = getattr(retriever.embedder, "warm", None)
    if callable(warm):
        warm()


def filters(kind=(), programme=(), year_from=None, year_to=None, doc_id=()):
    from query.retrieval import Filters

    return Filters.make(kind=kind, programme=programme, year_from=year_from, year_to=year_to, doc_id=doc_id)


def generator(settings: Settings, name: str | None = None, retriever=None):
    from query.answer import get_generator

    return get_generator(settings, name, retriever=retriever)


def ask(retriever, question: str, k: int = 5, filters=None, generator_name: str | None = None, gen=None):
    """Retrieve ``k`` passages and answer from them with citations."""
    gen = gen or generator(retriever.settings, generator_name, retriever=retriever)
    hits = retriever.search(question, k=k, filters=filters)
    return gen.answer(question, hits)
