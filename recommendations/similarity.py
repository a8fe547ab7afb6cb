"""Similarity of short Dutch texts: embeddings (cosine) blended with a TF-IDF
cosine over Dutch BM25 analysis (stemming, stop words, decompounding: so
"beleidscapaciteit" meets "capaciteit")."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np

from beleid.config import Settings

DENSE_WEIGHT = 0.5


def embedder_for(settings: Settings, embedder=None):
    if embedder is not None:
        return embedder
    from index.embedders import embedder_for as configured

    return configured(settings)


def tfidf_matrix(texts: list[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows over the analysed tokens of ``texts``."""
    from nl.analysis import DutchAnalyzer

    analyzer = DutchAnalyzer().fit(texts)
    docs = [Counter(analyzer.tokens(t)) for t in texts]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    vocab = {t: i for i, t in enumerate(sorted(df))}
    n = len(texts)
    m = np.zeros((n, max(len(vocab), 1)), dtype=np.float32)
    for row, d in enumerate(docs):
        for t, c in d.items():
            m[row, vocab[t]] = (1 + math.log(c)) * math.log((n + 1) / (df[t] + 0.5))
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def similarity_matrix(a: list[str], b: list[str], embedder, dense_weight: float = DENSE_WEIGHT) -> np.ndarray:
    """(len(a), len(b)) blend of embedding cosine and TF-IDF cosine."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    same = a is b
    ea = embedder.embed_batch(list(a))
    eb = ea if same else embedder.embed_batch(list(b))
    dense = np.clip(ea @ eb.T, 0.0, 1.0)
    tf = tfidf_matrix(list(a) if same else list(a) + list(b))
    lex = tf[:len(a)] @ (tf[:len(a)] if same else tf[len(a):]).T
    return dense_weight * dense + (1 - dense_weight) * np.clip(lex, 0.0, 1.0)
