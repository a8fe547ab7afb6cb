"""Near-duplicate documents: the same text ingested twice (a scan of a contract
that is also there as a born-digital PDF, a re-export with another file name).

Similarity is the share of the smaller document's word trigrams (shingles)
found in the other one (containment), so OCR noise in one copy does not hide
the match. Comparing shingle sets means reading a document's pages, which does
not scale to a large collection when every new document is compared with every
stored one. So each document also gets a MinHash signature (``datasketch``),
stored with it; a stored document is only read and compared exactly when its
signature says the two could reach :data:`NEAR_DUPLICATE` containment.
"""
from __future__ import annotations

import re

import numpy as np

from beleid.store import Store
from beleid.types import Document

NEAR_DUPLICATE = 0.6  # share of a document's word trigrams found in another document
NUM_PERM = 128  # MinHash permutations: standard error of the Jaccard estimate ~0.04
MINHASH_MARGIN = 0.12  # ~3 standard errors below the Jaccard that NEAR_DUPLICATE implies
PAGE_RATIO = (0.7, 1.3)  # a near-duplicate has about as many pages


def shingles(text: str) -> set[str]:
    """Word trigrams of ``text`` (lower case, words of three letters or more)."""
    ws = re.findall(r"[a-zà-ÿ]{3,}", text.lower())
    return {" ".join(ws[i:i + 3]) for i in range(len(ws) - 2)}


def similarity(a: set[str], b: set[str]) -> float:
    """Containment of the smaller shingle set in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def signature(shingle_set: set[str]) -> bytes:
    """MinHash signature of a shingle set, as bytes for the store."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def estimated_jaccard(a: bytes, b: bytes) -> float:
    return float(np.mean(np.frombuffer(a, dtype=np.uint64) == np.frombuffer(b, dtype=np.uint64)))


def could_match(a: tuple[bytes, int], b: tuple[bytes, int]) -> bool:
    """Whether two documents' signatures allow NEAR_DUPLICATE containment.
    Containment c of the smaller set (size s) in the larger (size l) means a
    Jaccard of at least c*s / (s + l - c*s); the estimate must come near it."""
    (sig_a, n_a), (sig_b, n_b) = a, b
    small, large = sorted((n_a, n_b))
    if small == 0:
        return False
    jaccard_floor = NEAR_DUPLICATE * small / (small + large - NEAR_DUPLICATE * small)
    return estimated_jaccard(sig_a, sig_b) >= jaccard_floor - MINHASH_MARGIN


def _stored_shingles(store: Store, doc_id: str) -> set[str]:
    return shingles(" ".join(p.text for p in store.pages(doc_id)))


def stored_signature(store: Store, doc_id: str, cache: dict[str, tuple[bytes, int]]) -> tuple[bytes, int]:
    """The signature of a stored document; made from its pages (and saved) when
    it was ingested before signatures existed."""
    if doc_id not in cache:
        sh = _stored_shingles(store, doc_id)
        cache[doc_id] = (signature(sh), len(sh))
        store.save_signature(doc_id, *cache[doc_id])
    return cache[doc_id]


def find_near_duplicate(store: Store, doc_id: str, text: str, pages: int
                        ) -> tuple[tuple[Document, float] | None, tuple[bytes, int]]:
    """The stored document that ``text`` (of a document with ``pages`` pages)
    near-duplicates best, with its containment score (None if none does), and
    the new document's own signature (to store with it)."""
    mine = shingles(text)
    own = (signature(mine), len(mine))
    cache = store.signatures()
    best: tuple[Document, float] | None = None
    low, high = PAGE_RATIO
    for other in store.documents():
        if other.doc_id == doc_id or not (low * pages <= other.pages <= high * pages + 1):
            continue
        if not could_match(own, stored_signature(store, other.doc_id, cache)):
            continue
        score = similarity(mine, _stored_shingles(store, other.doc_id))
        if score >= NEAR_DUPLICATE and (best is None or score > best[1]):
            best = (other, score)
    return best, own
