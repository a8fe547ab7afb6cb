"""Hybrid retrieval: modes, filters, duplicates."""
from __future__ import annotations

import pytest

from beleid.errors import ConfigError
from query.retrieval import Filters

ZORG = "2019-programmacontract-zorg"
SCAN = "2019-programmacontract-zorg-scan"


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_modes_find_the_passage(small, mode):
    _, _, r = small
    hits = r.search("maatschappelijke opvang unieke personen 2022", k=3, mode=mode)
    assert hits and hits[0].chunk.chunk_id == f"{ZORG}:0"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hit_json_shape(small):
    hit = small[2].search("warmtevoorziening aardgas", k=1)[0]
    data = hit.to_json()
    assert set(data) == {"doc_id", "title", "page", "page_end", "section", "text", "score"}
    assert data["title"] == "Programmacontract Duurzaamheid" and data["section"] == "Warmte"
    assert data["text"] == hit.chunk.text  # full chunk text, without the indexed header


def test_duplicate_document_does_not_crowd_the_results(small):
    hits = small[2].search("innovaties bedrag miljoen euro per jaar", k=5)
    docs = [h.chunk.doc_id for h in hits]
    assert SCAN not in docs
    assert docs.count(ZORG) >= 1
    texts = [h.chunk.text for h in hits]
    assert len(texts) == len(set(texts))


def test_duplicate_document_still_reachable_by_doc_filter(small):
    hits = small[2].search("opvang", k=3, doc_id=SCAN)
    assert hits and all(h.chunk.doc_id == SCAN for h in hits)


def test_filters(small):
    _, _, r = small
    assert {h.chunk.doc_id for h in r.search("2022", k=10, programme="Duurzaamheid")} == {
        "2019-programmacontract-duurzaamheid"}
    assert {h.chunk.doc_id for h in r.search("preventie zorg", k=10, kind="evaluatie")} == {
        "2018-verwey-jonker-transformatie-sociaal-domein"}
    assert all(h.chunk.doc_id != "2018-verwey-jonker-transformatie-sociaal-domein"
               for h in r.search("zorg", k=10, year_from=2019))
    assert {h.chunk.doc_id for h in r.search("zorg", k=10, year_to=2018)} <= {
        "2018-verwey-jonker-transformatie-sociaal-domein"}
    assert r.search("zorg", k=10, kind="raadsbrief") == []
    assert r.search("zorg", k=10, filters=Filters.make(programme=["zorg", "duurzaamheid"]))


def test_near_identical_texts_are_deduplicated(tmp_path):
    from index.sync import sync_indexes
    from tests.sample_store import make_store
    from query.retrieval import Retriever

    text = "De gemeente investeert in 2020 extra in jeugdhulp en wijkteams voor gezinnen."
    sample = {
        "a": {"title": "A", "kind": "raadsbrief", "date": "2020", "chunks": [((), text)]},
        "b": {"title": "B", "kind": "raadsbrief", "date": "2020", "chunks": [((), text + " ")]},
        "c": {"title": "C", "kind": "raadsbrief", "date": "2020",
              "chunks": [((), "Jeugdhulp voor gezinnen blijft een speerpunt.")]},
    }
    settings, store = make_store(tmp_path, sample)
    sync_indexes(settings, store)
    hits = Retriever(settings, store).search("jeugdhulp gezinnen", k=5)
    assert len(hits) == 2 and {h.chunk.doc_id for h in hits} in ({"a", "c"}, {"b", "c"})


def test_bad_mode_and_empty_query(small):
    with pytest.raises(ConfigError):
        small[2].search("x", mode="sparse")
    assert small[2].search("   ") == []


def test_queries_are_embedded_as_queries_and_passages_as_passages(tmp_path):
    """An asymmetric model (E5) needs the 'query' kind for the question and 'passage' for the index."""
    from index.embedders import FakeEmbedder
    from index.sync import sync_indexes
    from query.retrieval import DENSE_WEIGHT, Retriever
    from tests.sample_store import make_store

    class Recording(FakeEmbedder):
        kinds: list[str] = []

        def embed_batch(self, texts, kind="passage"):
            self.kinds.append(kind)
            return super().embed_batch(texts, kind=kind)

    emb = Recording()
    settings, store = make_store(tmp_path / "d")
    sync_indexes(settings, store, embedder=emb)
    assert set(emb.kinds) == {"passage"}
    emb.kinds.clear()
    r = Retriever(settings, store, embedder=emb)
    for mode in ("dense", "hybrid"):
        r.search("opvang", k=2, mode=mode)
    assert emb.kinds and set(emb.kinds) == {"query"}
    assert r.dense_weight == DENSE_WEIGHT  # a model without a measured share gets the general one


QUERIES = ["maatschappelijke opvang unieke personen 2022", "warmtevoorziening aardgas", "zorg",
           "innovaties bedrag miljoen euro per jaar", "jeugdhulp wachttijden", "iets dat nergens staat"]


@pytest.mark.parametrize("backend", ["faiss", "chroma"])
def test_overlapped_halves_change_no_result(tmp_path, backend):
    """Hybrid search embeds the query while a worker thread runs BM25 and reads the BM25 candidates'
    vectors before the query vector exists; the hits and scores are those of the
    steps run one after the other."""
    from index.sync import sync_indexes
    from query.retrieval import Retriever
    from tests.sample_store import make_store

    settings, store = make_store(tmp_path / "d", vector_backend=backend)
    sync_indexes(settings, store)
    overlapped = Retriever(settings, store)
    serial = Retriever(settings, store, overlap=False)
    assert overlapped.overlap and not serial.overlap
    for q in QUERIES:
        for kwargs in ({}, {"kind": "programmacontract"}):
            a, b = overlapped.search(q, k=5, **kwargs), serial.search(q, k=5, **kwargs)
            assert [h.chunk.chunk_id for h in a] == [h.chunk.chunk_id for h in b]
            assert [h.score for h in a] == pytest.approx([h.score for h in b], abs=1e-6)
            assert [h.sources for h in a] == [h.sources for h in b]


def test_query_embedding_error_reaches_the_caller(small):
    settings, store, _ = small
    from query.retrieval import Retriever

    class Broken:
        name, dim = "fake", 64

        def embed_batch(self, texts, kind="passage"):
            raise RuntimeError("engine failed")

    r = Retriever(settings, store, embedder=Broken())
    with pytest.raises(RuntimeError, match="engine failed"):
        r.search("opvang", k=3)
    assert r.search("opvang", k=3, mode="bm25")


def test_search_does_not_count_the_vector_index_per_query(tmp_path):
    """A Chroma count() costs ~12 ms at 100k vectors; the retriever reads it once
    (at load and refresh), not on every query."""
    from index.sync import sync_indexes
    from query.retrieval import Retriever
    from tests.sample_store import make_store

    settings, store = make_store(tmp_path / "d", vector_backend="chroma")
    sync_indexes(settings, store)
    r = Retriever(settings, store)
    calls = []
    real = r.vectors.count
    r.vectors.count = lambda: calls.append(1) or real()
    for mode in ("hybrid", "dense"):
        assert r.search("opvang", k=3, mode=mode)
    assert calls == []
    r.refresh()
    assert calls == [1]


def test_empty_vector_index_gives_lexical_hits_without_embedding(tmp_path):
    from index.embedders import FakeEmbedder
    from query.retrieval import Retriever
    from tests.sample_store import make_store
    from index.lexical import build_lexical
    from index.sync import index_text, text_digest

    settings, store = make_store(tmp_path / "d")
    docs = {d.doc_id: d for d in store.documents()}
    build_lexical(settings.index_dir, ((c.chunk_id, index_text(c, docs[c.doc_id]),
                                        text_digest(index_text(c, docs[c.doc_id]))) for c in store.chunks()))

    class Counting(FakeEmbedder):
        calls = 0

        def embed_batch(self, texts, kind="passage"):
            Counting.calls += 1
            return super().embed_batch(texts, kind=kind)

    r = Retriever(settings, store, embedder=Counting())
    hits = r.search("maatschappelijke opvang", k=3)
    assert hits and all(h.sources == ("bm25",) for h in hits)
    assert Counting.calls == 0


def test_concurrent_searches_give_the_serial_results(tmp_path):
    """Eight threads search at once (a busy web server): more searches than the
    lexical pool's slots run both halves on their own thread; every result is the
    one a lone serial search gives."""
    import threading

    from index.sync import sync_indexes
    from query.retrieval import Retriever
    from tests.sample_store import make_store

    settings, store = make_store(tmp_path / "d")
    sync_indexes(settings, store)
    shared, serial = Retriever(settings, store), Retriever(settings, store, overlap=False)
    want = {q: [h.chunk.chunk_id for h in serial.search(q, k=5)] for q in QUERIES}
    got: dict[tuple[int, str], list[str]] = {}

    def worker(i: int) -> None:
        for q in QUERIES:
            got[(i, q)] = [h.chunk.chunk_id for h in shared.search(q, k=5)]

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(got[(i, q)] == want[q] for i in range(8) for q in QUERIES)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_hybrid_search_works_in_a_forked_child(tmp_path):
    """A child forked after the parent used the lexical pool (a pre-forking server)
    starts its own pool: its search neither hangs nor fails."""
    import os

    from index.sync import sync_indexes
    from query.retrieval import Retriever
    from tests.sample_store import make_store

    settings, store = make_store(tmp_path / "d")
    sync_indexes(settings, store)
    r = Retriever(settings, store)
    want = [h.chunk.chunk_id for h in r.search(QUERIES[0], k=5)]  # the parent's pool is running
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            ok = [h.chunk.chunk_id for h in r.search(QUERIES[0], k=5)] == want
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1" and status == 0
