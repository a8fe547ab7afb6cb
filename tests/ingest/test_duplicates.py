"""Near-duplicate detection: containment of word trigrams, MinHash prefilter, stored signatures."""
from __future__ import annotations

import random

import pytest

from beleid.store import Store
from beleid.types import Document, Page
from ingest import duplicates
from ingest.duplicates import could_match, find_near_duplicate, shingles, signature, similarity

WORDS = ("gemeente wijkteam jeugdhulp budget doelen monitoring evaluatie inwoners zorg "
         "preventie toegang maatwerk ondersteuning woningen binnenstad veiligheid energie").split()


def text(seed: int, n: int = 1500) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + rng.choice(["", "en", "lijk", "heid", "ing"]) for _ in range(n))


def ocr_noise(t: str, rate: float, seed: int = 1) -> str:
    """Damage about ``rate`` of the words, as OCR would."""
    rng = random.Random(seed)
    return " ".join(w[:-1] + "x" if rng.random() < rate else w for w in t.split())


def sig(t: str) -> tuple[bytes, int]:
    sh = shingles(t)
    return signature(sh), len(sh)


def test_scan_like_copy_matches_and_unrelated_text_does_not():
    original = text(1)
    scan = ocr_noise(original, 0.08)
    assert similarity(shingles(original), shingles(scan)) >= duplicates.NEAR_DUPLICATE
    assert could_match(sig(original), sig(scan))
    assert not could_match(sig(original), sig(text(2)))


@pytest.mark.parametrize("rate", [0.02, 0.05, 0.08, 0.1])
def test_prefilter_never_drops_a_pair_that_reaches_the_threshold(rate):
    """The MinHash prefilter may let extra pairs through, never lose a real one."""
    for seed in range(5):
        a = text(seed)
        b = ocr_noise(" ".join(a.split()[: int(len(a.split()) * 0.8)]), rate, seed)  # shorter, noisy copy
        if similarity(shingles(a), shingles(b)) >= duplicates.NEAR_DUPLICATE:
            assert could_match(sig(a), sig(b))


def _store_with(tmp_path, docs: dict[str, str]) -> Store:
    store = Store(tmp_path / "db.sqlite3")
    for doc_id, body in docs.items():
        doc = Document(doc_id=doc_id, path=f"{doc_id}.pdf", sha256=doc_id, title=doc_id, kind="programmacontract",
                       date=None, author=None, programme=None, pages=1, ocr_pages=0)
        store.save_document(doc, [Page(doc_id=doc_id, number=1, text=body, width=595, height=842)], [])
    return store


def test_only_candidates_are_read_and_old_documents_get_a_signature(tmp_path, monkeypatch):
    original = text(1)
    store = _store_with(tmp_path, {"contract": original, "other-a": text(2), "other-b": text(3)})
    assert store.signatures() == {}  # ingested before signatures existed
    compared = []
    real = duplicates.similarity
    monkeypatch.setattr(duplicates, "similarity", lambda a, b: compared.append(1) or real(a, b))
    found, own = find_near_duplicate(store, "scan", ocr_noise(original, 0.05), pages=1)
    assert found is not None and found[0].doc_id == "contract" and found[1] >= duplicates.NEAR_DUPLICATE
    assert len(compared) == 1  # the two unrelated documents were ruled out by their signatures
    assert set(store.signatures()) == {"contract", "other-a", "other-b"}  # backfilled and kept
    assert own[1] == len(shingles(ocr_noise(original, 0.05)))


def test_signature_goes_with_its_document(tmp_path):
    store = _store_with(tmp_path, {"contract": text(1)})
    store.save_signature("contract", *sig(text(1)))
    store.delete_document("contract")
    assert store.signatures() == {}
