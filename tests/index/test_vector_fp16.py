"""FAISS search through the half-precision copy: always the exact top k."""
from __future__ import annotations

import numpy as np
import pytest

from index.vector import FaissIndex

DIM = 32


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _pair(tmp_path, vectors: np.ndarray) -> tuple[FaissIndex, FaissIndex]:
    """The same vectors in an index that uses the fp16 path and one that never does."""
    ids = [f"d:{i}" for i in range(len(vectors))]
    fast, plain = FaissIndex(None, DIM), FaissIndex(None, DIM)
    fast.FP16_PREFILTER_MIN = 100
    plain.FP16_PREFILTER_MIN = 10 ** 9
    for index in (fast, plain):
        index.add(ids, vectors)
    return fast, plain


def _same(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> None:
    assert [c for c, _ in a] == [c for c, _ in b]
    assert [s for _, s in a] == pytest.approx([s for _, s in b], abs=1e-5)


def test_fp16_path_gives_the_exact_top_k(tmp_path):
    rng = np.random.default_rng(1)
    fast, plain = _pair(tmp_path, _unit(rng.normal(size=(3000, DIM))))
    used = 0
    for q in _unit(rng.normal(size=(40, DIM))):
        got = fast.search(q, 25)
        used += fast._fp16_search(q[None, :], 25) is not None
        _same(got, plain.search(q, 25))
    assert fast._fast not in (None, False)
    assert used >= 30  # well-separated scores: the fast path proves most results itself


def test_near_ties_fall_back_to_the_exact_scan(tmp_path):
    """Vectors that differ by less than float16 can tell apart: the candidates
    cannot prove the order, so the plain scan answers (and the order is exact)."""
    rng = np.random.default_rng(2)
    base = _unit(rng.normal(size=(1, DIM)))
    vectors = _unit(base + rng.normal(scale=1e-5, size=(2000, DIM)))
    fast, plain = _pair(tmp_path, vectors)
    q = _unit(base + rng.normal(scale=0.1, size=(1, DIM)))[0]
    assert fast._fp16_search(q[None, :], 10) is None
    _same(fast.search(q, 10), plain.search(q, 10))


def test_fp16_copy_follows_adds_and_deletes(tmp_path):
    rng = np.random.default_rng(3)
    fast, plain = _pair(tmp_path, _unit(rng.normal(size=(1000, DIM))))
    q = _unit(rng.normal(size=(1, DIM)))[0]
    top = fast.search(q, 5)[0][0]
    fast.delete([top])
    plain.delete([top])
    assert top not in {c for c, _ in fast.search(q, 5)}
    fast.add(["new:0"], q[None, :])
    plain.add(["new:0"], q[None, :])
    assert fast.search(q, 1)[0][0] == "new:0"
    _same(fast.search(q, 20), plain.search(q, 20))


def test_restricted_search_and_small_indexes_keep_the_plain_scan(tmp_path):
    rng = np.random.default_rng(4)
    fast, plain = _pair(tmp_path, _unit(rng.normal(size=(500, DIM))))
    q = _unit(rng.normal(size=(1, DIM)))[0]
    allowed = {f"d:{i}" for i in range(0, 500, 7)}
    _same(fast.search(q, 10, allowed=allowed), plain.search(q, 10, allowed=allowed))
    assert fast._fast is None  # a restricted search never builds the copy
    small = FaissIndex(None, DIM)
    small.add(["a:0", "a:1"], _unit(rng.normal(size=(2, DIM))))
    small.search(q, 2)
    assert small._fast is None  # below FP16_PREFILTER_MIN


def test_duplicate_vectors_come_in_the_same_order_on_both_paths(tmp_path):
    """A scan and its original have the same vector: equal scores are ordered by id
    on the fast path and on the plain scan alike."""
    rng = np.random.default_rng(5)
    vectors = _unit(rng.normal(size=(1500, DIM)))
    vectors[5:15] = vectors[1400]  # ten copies of one vector; ids sort otherwise than rows
    fast, plain = _pair(tmp_path, vectors)
    q = vectors[1400]
    got, want = fast.search(q, 15), plain.search(q, 15)  # all eleven equal scores, then others
    assert [c for c, _ in got] == [c for c, _ in want]
    assert [c for c, _ in got][:11] == sorted(c for c, _ in got[:11])
    assert fast._fast not in (None, False)


def test_concurrent_first_searches_build_one_copy(tmp_path, monkeypatch):
    import threading

    rng = np.random.default_rng(6)
    fast, plain = _pair(tmp_path, _unit(rng.normal(size=(2000, DIM))))
    builds = []
    real_build = fast._build_fp16

    def counting_build():
        builds.append(1)
        return real_build()

    monkeypatch.setattr(fast, "_build_fp16", counting_build)
    queries = _unit(rng.normal(size=(8, DIM)))
    results: dict[int, list] = {}
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, fast.search(queries[i], 10)))
               for i in range(len(queries))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    for i, q in enumerate(queries):
        _same(results[i], plain.search(q, 10))
