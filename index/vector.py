"""Vector indexes behind the :class:`VectorIndex` protocol.

* ``faiss`` (default): ``IndexIDMap2`` over exact inner-product search
  (``IndexFlatIP``) on L2-normalised vectors (= cosine), kept in memory and
  saved as one file (index bytes + string ids) with temp file + ``os.replace``.
* ``chroma``: an embedded ``PersistentClient`` in the data dir, or an
  ``HttpClient`` for a Chroma server (``--chroma-url``). Vectors are always
  passed in; the collection has no embedding function, so Chroma's default
  model never runs.

The model name and dimension are kept in ``<index_dir>/manifest.json``; opening
an index with another model raises :class:`IndexMismatchError`.
"""
from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Protocol, Sequence, runtime_checkable
from urllib.parse import urlparse

import numpy as np

from beleid.errors import ConfigError, IndexMismatchError, MissingExtraError, UnknownBackendError

from .atomic import read_json, write_bytes, write_json

MANIFEST = "manifest.json"


@runtime_checkable
class VectorIndex(Protocol):
    """A store of (id, vector) pairs with cosine/inner-product search."""

    dim: int

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Insert or replace the vectors of ``ids``."""

    def delete(self, ids: Sequence[str]) -> None:
        """Remove ``ids``; unknown ids are ignored."""

    def search(self, vector: np.ndarray, k: int, allowed: Collection[str] | None = None
               ) -> list[tuple[str, float]]:
        """The ``k`` nearest ids with their similarity (higher is better),
        restricted to ``allowed`` ids when given."""

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Exact similarity of ``vector`` with the stored vectors of ``ids``
        (unknown ids are left out); hybrid fusion uses it to score BM25
        candidates the dense search did not return."""

    def stored(self, ids: Sequence[str]) -> "StoredVectors":
        """The stored vectors of ``ids`` (unknown ids left out), fetched without a
        query vector: hybrid search reads its BM25 candidates' vectors while the
        query is still being embedded. ``stored(ids).cosines(v)`` equals
        ``similarities(v, ids)``."""

    def ids(self) -> set[str]: ...

    def count(self) -> int: ...

    def save(self) -> None:
        """Persist (no-op for backends that persist on write)."""

    def clear(self) -> None:
        """Remove every vector (for a rebuild, possibly with another dimension)."""


@dataclass(frozen=True)
class StoredVectors:
    """Stored vectors of some ids, fetched ahead of the query vector.
    ``norms`` (Chroma) divides each row's inner product, as the backend's
    ``similarities`` does; ``None`` (FAISS: rows stored unit length) leaves it."""

    ids: tuple[str, ...]
    matrix: np.ndarray  # (len(ids), dim) float32
    norms: np.ndarray | None = None

    def subset(self, ids: Sequence[str]) -> "StoredVectors":
        """The rows of ``ids`` in that order (ids not held are left out)."""
        pos = {c: i for i, c in enumerate(self.ids)}
        rows = [pos[c] for c in ids if c in pos]
        return StoredVectors(tuple(self.ids[i] for i in rows), self.matrix[rows],
                             None if self.norms is None else self.norms[rows])

    def cosines(self, vector: np.ndarray) -> dict[str, float]:
        if not self.ids:
            return {}
        sims = self.matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
        if self.norms is not None:
            sims = sims / self.norms
        return {c: float(x) for c, x in zip(self.ids, sims)}


def _int_id(chunk_id: str) -> int:
    """Stable positive 63-bit integer for a string id (FAISS needs int64 ids)."""
    return int.from_bytes(hashlib.blake2b(chunk_id.encode("utf-8"), digest_size=8).digest(),
                          "little") & 0x7FFF_FFFF_FFFF_FFFF


def _check_vectors(vectors: np.ndarray, n: int, dim: int) -> np.ndarray:
    vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if vectors.ndim != 2 or vectors.shape != (n, dim):
        raise ConfigError(f"expected {n} vectors of dimension {dim}, got shape {vectors.shape}")
    return vectors


class FaissIndex:
    """Exact cosine search with FAISS; one file ``vectors.faiss.npz``."""

    FILENAME = "vectors.faiss.npz"

    def __init__(self, directory: Path | None, dim: int):
        import faiss

        self._faiss = faiss
        self.dim = dim
        self.path = Path(directory) / self.FILENAME if directory else None
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._ids: dict[int, str] = {}
        self._fast = None  # half-precision copy for large searches (built lazily; False: not used)
        # writes (add, delete, clear, load) and the build of the half-precision copy
        # hold this lock, so two first searches build one copy and no copy is made of
        # vectors that are being changed
        self._lock = threading.RLock()
        if self.path and self.path.exists():
            self._load()

    def _load(self) -> None:
        with np.load(self.path, allow_pickle=False) as data:
            index = self._faiss.deserialize_index(data["index"])
            ids = [str(x) for x in data["ids"]]
        if index.d != self.dim:
            raise IndexMismatchError(f"{self.path}: vectors have dimension {index.d}, expected {self.dim}; "
                                     "run `beleid reindex`")
        self._index = index
        self._ids = {_int_id(cid): cid for cid in ids}
        self._fast = None

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        if not len(ids):
            return
        vectors = _check_vectors(vectors, len(ids), self.dim)
        with self._lock:
            self.delete(ids)
            int_ids = np.array([_int_id(c) for c in ids], dtype=np.int64)
            self._fast = None
            self._index.add_with_ids(vectors, int_ids)
            self._ids.update(zip(int_ids.tolist(), ids))

    def delete(self, ids: Sequence[str]) -> None:
        with self._lock:
            present = [i for i in (_int_id(c) for c in ids) if i in self._ids]
            if not present:
                return
            self._fast = None
            self._index.remove_ids(np.array(present, dtype=np.int64))
            for i in present:
                del self._ids[i]

    def search(self, vector: np.ndarray, k: int, allowed: Collection[str] | None = None
               ) -> list[tuple[str, float]]:
        n = self._index.ntotal
        if n == 0 or k <= 0:
            return []
        query = _check_vectors(np.asarray(vector, dtype=np.float32).reshape(1, -1), 1, self.dim)
        params = None
        if allowed is not None:
            sel_ids = np.array([i for i in (_int_id(c) for c in allowed) if i in self._ids], dtype=np.int64)
            if sel_ids.size == 0:
                return []
            params = self._faiss.SearchParameters(sel=self._faiss.IDSelectorBatch(sel_ids))
            n = min(n, int(sel_ids.size))
        # One query: OpenMP threads cost more than they save (measured ~50 ms vs
        # ~15 ms at 100k vectors on a 2-core VM), so search single-threaded.
        threads = self._faiss.omp_get_max_threads()
        self._faiss.omp_set_num_threads(1)
        try:
            if params is None and n >= self.FP16_PREFILTER_MIN:
                found = self._fp16_search(query, min(k, n))
                if found is not None:
                    return found
            scores, labels = self._index.search(query, min(k, n), params=params)
        finally:
            self._faiss.omp_set_num_threads(threads)
        hits = [(self._ids[int(l)], float(s)) for s, l in zip(scores[0], labels[0]) if l >= 0]
        return sorted(hits, key=lambda h: (-h[1], h[0]))  # equal scores (a scan and its original) by id

    # Exact search, faster at scale: a half-precision copy of the vectors (built in
    # memory on the first large search; half the bytes to stream) ranks
    # FP16_CANDIDATES x k candidates, their stored float32 vectors give the exact
    # scores, and that result is used only when it is provably the exact top k.
    # Rounding a vector to float16 moves its inner product with the query by at most
    # 2**-10 * |q| * |x| (a relative error of one unit in the last place, per
    # component), so a vector outside the candidates scores at most the last
    # candidate's half-precision score plus that bound; when the k-th exact score is
    # higher, nothing outside can beat it. Otherwise the plain exact scan runs.
    # Measured at 100k e5 vectors: 2.7 ms instead of 5.8 ms per search, and every dev
    # question's top 100 proven exact (evaluations/latency_ab.py, RESULTS.md).
    FP16_PREFILTER_MIN = 20_000  # below this the plain scan is fast already
    FP16_CANDIDATES = 2
    FP16_SLACK = 1e-4  # float32 rounding of the two inner products, with room to spare

    def _fp16_search(self, query: np.ndarray, k: int) -> list[tuple[str, float]] | None:
        """The exact top ``k`` through the half-precision copy, or None when the
        candidates cannot prove it (the caller then scans exactly)."""
        fast = self._fast
        if fast is None:
            with self._lock:
                if self._fast is None:
                    self._fast = self._build_fp16()
                fast = self._fast
        if fast is False:
            return None
        sq, labels, max_norm = fast
        m = min(self.FP16_CANDIDATES * k, sq.ntotal)
        approx, rows = sq.search(query, m)
        rows = rows[0][rows[0] >= 0]
        if rows.size < k or not np.isfinite(approx[0][:rows.size]).all():
            return None
        # exact scores from the index's own float32 vectors (a copy, by id)
        exact = self._index.reconstruct_batch(labels[rows]) @ query[0]
        chunk_ids = [self._ids[int(labels[r])] for r in rows]
        order = sorted(range(len(rows)), key=lambda i: (-float(exact[i]), chunk_ids[i]))[:k]
        if m < sq.ntotal:
            # the relative rounding of float16 is 2**-11 per component; 2**-10 leaves room
            # for float32 summation; the slack scales with the same norms
            bound = (2.0 ** -10 + self.FP16_SLACK) * float(np.linalg.norm(query[0])) * max_norm
            if exact[order[-1]] < approx[0][m - 1] + bound:
                return None
        return [(chunk_ids[i], float(exact[i])) for i in order]

    def _build_fp16(self):
        faiss = self._faiss
        inner = faiss.downcast_index(self._index.index)
        if not inner.ntotal or not hasattr(inner, "get_xb"):
            return False
        stored = faiss.rev_swig_ptr(inner.get_xb(), inner.ntotal * inner.d).reshape(inner.ntotal, inner.d)
        if not max(float(stored.max()), -float(stored.min())) < 60_000:  # beyond float16's range
            return False
        labels = faiss.vector_to_array(self._index.id_map)
        sq = faiss.IndexScalarQuantizer(self.dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
        sq.add(stored)
        max_norm = float(np.sqrt(np.einsum("ij,ij->i", stored, stored).max()))
        # ``stored`` is a view of FAISS's own memory (valid only under the lock): the
        # copy keeps the half-precision vectors, the row -> id labels and the largest norm
        return sq, labels, max_norm

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Exact inner product of ``vector`` with the stored vectors of ``ids``."""
        return self.stored(ids).cosines(vector)

    def stored(self, ids: Sequence[str]) -> StoredVectors:
        known = [c for c in ids if _int_id(c) in self._ids]
        if not known:
            return StoredVectors((), np.zeros((0, self.dim), dtype=np.float32))
        matrix = self._index.reconstruct_batch(np.array([_int_id(c) for c in known], dtype=np.int64))
        return StoredVectors(tuple(known), matrix)

    def ids(self) -> set[str]:
        return set(self._ids.values())

    def count(self) -> int:
        return int(self._index.ntotal)

    def clear(self) -> None:
        with self._lock:
            self._index = self._faiss.IndexIDMap2(self._faiss.IndexFlatIP(self.dim))
            self._ids = {}
            self._fast = None
        if self.path is not None and self.path.exists():
            self.path.unlink()

    def save(self) -> None:
        if self.path is None:
            return
        buf = io.BytesIO()
        id_array = np.array(list(self._ids.values()), dtype=str) if self._ids else np.array([], dtype="<U1")
        # keep ids in the order FAISS returns them is not needed: we map by hash
        np.savez(buf, index=self._faiss.serialize_index(self._index), ids=id_array)
        write_bytes(self.path, buf.getvalue())


class ChromaIndex:
    """Chroma collection with caller-supplied vectors (cosine space).

    ``url`` given: a client of a Chroma server (``HttpClient``); otherwise an
    embedded ``PersistentClient`` under ``directory``.
    """

    def __init__(self, directory: Path | None, dim: int, url: str | None = None,
                 collection: str = "beleid_chunks"):
        try:
            import chromadb
        except ImportError as exc:  # pragma: no cover
            raise MissingExtraError("the Chroma backend", "chromadb") from exc
        from chromadb.config import Settings as ChromaSettings

        self.dim = dim
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if url:
            parsed = urlparse(url if "://" in url else f"http://{url}")
            if not parsed.hostname:
                raise ConfigError(f"bad Chroma URL '{url}'; expected http://host:port")
            try:
                self._client = chromadb.HttpClient(host=parsed.hostname,
                                                   port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                                                   ssl=parsed.scheme == "https", settings=chroma_settings)
                self._client.heartbeat()
            except Exception as exc:
                raise ConfigError(f"cannot reach the Chroma server at {url} ({exc.__class__.__name__}: {exc})") from exc
        else:
            if directory is None:
                self._client = chromadb.EphemeralClient(settings=chroma_settings)
            else:
                path = Path(directory) / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        self._name = collection
        self._col = self._open_collection()
        try:
            self._batch = int(self._client.get_max_batch_size())
        except Exception:  # pragma: no cover - older clients
            self._batch = 5000

    def _open_collection(self):
        col = self._client.get_or_create_collection(
            self._name, embedding_function=None, metadata={"hnsw:space": "cosine", "dim": self.dim})
        stored = (col.metadata or {}).get("dim")
        if stored is not None and int(stored) != self.dim:
            raise IndexMismatchError(f"Chroma collection '{self._name}' holds vectors of dimension {stored}, "
                                     f"expected {self.dim}: run `beleid reindex`")
        return col

    def clear(self) -> None:
        try:
            self._client.delete_collection(self._name)
        except Exception:  # not there
            pass
        self._col = self._open_collection()

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        if not len(ids):
            return
        vectors = _check_vectors(vectors, len(ids), self.dim)
        ids = list(ids)
        for i in range(0, len(ids), self._batch):
            part = ids[i:i + self._batch]
            self._col.upsert(ids=part, embeddings=vectors[i:i + self._batch],
                             metadatas=[{"doc_id": c.rsplit(":", 1)[0]} for c in part])

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), self._batch):
            self._col.delete(ids=ids[i:i + self._batch])

    def search(self, vector: np.ndarray, k: int, allowed: Collection[str] | None = None
               ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        query = _check_vectors(np.asarray(vector, dtype=np.float32).reshape(1, -1), 1, self.dim)
        kwargs = {}
        if allowed is not None:
            allowed = list(allowed)
            if not allowed:
                return []
            kwargs["ids"] = allowed
            k = min(k, len(allowed))
        # No count() first: on an embedded collection of 100k vectors it costs ~12 ms,
        # three times the search itself, and Chroma returns fewer results when it holds
        # fewer. A server that rejects k > count gets the count and a second try.
        try:
            res = self._col.query(query_embeddings=query, n_results=k, include=["distances"], **kwargs)
        except Exception:
            n = self.count()
            if n == 0:
                return []
            if n >= k:
                raise
            res = self._col.query(query_embeddings=query, n_results=n, include=["distances"], **kwargs)
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Exact cosine of ``vector`` with the stored vectors of ``ids`` (fetched, not searched)."""
        return self.stored(ids).cosines(vector)

    def stored(self, ids: Sequence[str]) -> StoredVectors:
        empty = StoredVectors((), np.zeros((0, self.dim), dtype=np.float32))
        if not ids:
            return empty
        got = self._col.get(ids=list(ids), include=["embeddings"])
        if not got["ids"]:
            return empty
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        return StoredVectors(tuple(got["ids"]), matrix, norms)

    def ids(self) -> set[str]:
        out: set[str] = set()
        total, offset = self.count(), 0
        while offset < total:
            got = self._col.get(include=[], limit=self._batch, offset=offset)["ids"]
            if not got:
                break
            out.update(got)
            offset += len(got)
        return out

    def count(self) -> int:
        return int(self._col.count())

    def save(self) -> None:  # Chroma persists on every write
        return None


BACKENDS: dict[str, Callable[..., VectorIndex]] = {
    "faiss": lambda directory, dim, url=None: FaissIndex(directory, dim),
    "chroma": lambda directory, dim, url=None: ChromaIndex(directory, dim, url=url),
}


def check_manifest(index_dir: Path, model: str, dim: int, backend: str, url: str | None = None) -> None:
    """Raise :class:`IndexMismatchError` if the index in ``index_dir`` was built
    with another model or dimension than ``model``/``dim``."""
    manifest = read_json(Path(index_dir) / MANIFEST)
    if not manifest:
        return
    if manifest.get("model") != model or int(manifest.get("dim", dim)) != dim:
        from beleid.config import DEFAULT_MODEL

        hint = (f" ({model} is now the default model; `beleid reindex` re-embeds every passage with it, "
                f"or set BELEID_MODEL={manifest.get('model')} to keep the old index)"
                if model == DEFAULT_MODEL else "")
        raise IndexMismatchError(
            f"index built with model {manifest.get('model')} (dim {manifest.get('dim')}); "
            f"you asked for {model} (dim {dim}): run `beleid reindex`{hint}")
    if manifest.get("backend", backend) != backend or manifest.get("chroma_url") != url:
        raise IndexMismatchError(
            f"index built with vector backend {manifest.get('backend')}"
            f"{' at ' + manifest['chroma_url'] if manifest.get('chroma_url') else ''}; "
            f"you asked for {backend}{' at ' + url if url else ''}: run `beleid reindex`")


def write_manifest(index_dir: Path, model: str, dim: int, backend: str, url: str | None = None) -> None:
    write_json(Path(index_dir) / MANIFEST, {"model": model, "dim": dim, "backend": backend,
                                            "chroma_url": url, "version": 1})


def open_vector_index(index_dir: Path | None, dim: int, backend: str = "faiss",
                      url: str | None = None) -> VectorIndex:
    """Open (or create) the vector index of ``backend`` in ``index_dir``."""
    if backend not in BACKENDS:
        raise UnknownBackendError("vector backend", backend, list(BACKENDS))
    return BACKENDS[backend](index_dir, dim, url)
