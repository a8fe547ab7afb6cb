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
