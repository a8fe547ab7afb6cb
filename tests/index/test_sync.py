"""Incremental index sync with the store (fake embedder)."""
from __future__ import annotations

import pytest

from beleid.errors import IndexMismatchError
from index.embedders import FakeEmbedder
from index.lexical import open_lexical
from index.sync import VECTOR_STATE, rebuild_indexes, sync_after_ingest, sync_indexes, with_model
from tests.sample_store import SAMPLE, make_store, with_text, write_document
from index.vector import open_vector_index


def test_first_sync_indexes_everything_then_nothing(tmp_path):
    settings, store = make_store(tmp_path)
    first = sync_indexes(settings, store)
    assert first.added == first.chunks == 11 and first.deleted == 0 and first.lexical_rebuilt
    assert first.embed_seconds >= 0
    second = sync_indexes(settings, store)
    assert second.added == 0 and second.deleted == 0 and second.unchanged == 11
    assert not second.lexical_rebuilt


def test_changed_and_removed_chunks(tmp_path):
    settings, store = make_store(tmp_path)
    sync_indexes(settings, store)
    doc_id = "2019-programmacontract-duurzaamheid"
    write_document(store, doc_id, with_text(SAMPLE[doc_id], 0, "Nieuwe tekst over zonnepanelen."))
    store.delete_document("2018-verwey-jonker-transformatie-sociaal-domein")
    report = sync_indexes(settings, store)
    # the changed chunk is reported as replaced (issue 12: the index line said '0 removed' for replaced chunks)
    assert report.replaced == 1 and report.added == 0 and report.deleted == 2 and report.chunks == 9
    vectors = open_vector_index(settings.index_dir, 64, "faiss")
    assert vectors.ids() == set(store.chunk_hashes())
    assert set(open_lexical(settings.index_dir).ids) == set(store.chunk_hashes())


def test_recovers_after_interrupted_run(tmp_path):
    """A crash after vectors were written but before the state file: the next
    run re-embeds what is unaccounted for and ends consistent."""
    settings, store = make_store(tmp_path)
    sync_indexes(settings, store)
    (settings.index_dir / VECTOR_STATE).unlink()
    report = sync_indexes(settings, store)
    assert report.added == 11
    assert sync_indexes(settings, store).added == 0


def test_crash_mid_embedding_is_completed(tmp_path, monkeypatch):
    settings, store = make_store(tmp_path)
    import index.sync as sync_mod

    monkeypatch.setattr(sync_mod, "BATCH", 2)
    monkeypatch.setattr(sync_mod, "CHECKPOINT_EVERY", 1)

    class Exploding(FakeEmbedder):
        calls = 0

        def embed_batch(self, texts):
            Exploding.calls += 1
            if Exploding.calls == 3:
                raise KeyboardInterrupt  # like a kill in the middle
            return super().embed_batch(texts)

    with pytest.raises(KeyboardInterrupt):
        sync_indexes(settings, store, embedder=Exploding())
    report = sync_indexes(settings, store, embedder=FakeEmbedder())
    assert report.added == 11 - 4  # two batches of two were checkpointed
    assert open_vector_index(settings.index_dir, 64, "faiss").count() == 11


def test_model_mismatch_asks_for_reindex(tmp_path):
    settings, store = make_store(tmp_path)
    sync_indexes(settings, store)
    other = FakeEmbedder(name="other-fake", dim=32)
    with pytest.raises(IndexMismatchError, match="beleid reindex"):
        sync_indexes(settings, store, embedder=other)
    report = rebuild_indexes(with_model(settings, model="other-fake"), store, embedder=other)
    assert report.added == 11 and report.model == "other-fake"
    assert report.previous_model == "fake"
    assert report.message.startswith("model changed from fake to other-fake: re-embedded 11 of 11 passages")
    assert report.to_json()["message"] == report.message
    again = rebuild_indexes(with_model(settings, model="other-fake"), store, embedder=other)
    assert again.message.startswith("embedded 11 of 11 passages with other-fake")


def test_changed_default_model_says_so(tmp_path, monkeypatch):
    """When the default model changes, an index built with the old one is not silently mixed:
    the error names both models and says that `beleid reindex` re-embeds."""
    import beleid.config

    settings, store = make_store(tmp_path)
    sync_indexes(settings, store)
    monkeypatch.setattr(beleid.config, "DEFAULT_MODEL", "new-default")
    with pytest.raises(IndexMismatchError, match=r"built with model fake .*new-default is now the default model"):
        sync_indexes(settings, store, embedder=FakeEmbedder(name="new-default", dim=64))


def test_rebuild_switches_backend(tmp_path):
    settings, store = make_store(tmp_path)
    sync_indexes(settings, store)
    chroma = with_model(settings, backend="chroma")
    with pytest.raises(IndexMismatchError):
        sync_indexes(chroma, store)
    report = rebuild_indexes(chroma, store)
    assert report.backend == "chroma" and report.added == 11
    assert sync_indexes(chroma, store).added == 0


def test_sync_after_ingest(tmp_path):
    settings, store = make_store(tmp_path)
    assert sync_after_ingest(settings, store, progress=False).added == 11


def test_sync_against_a_chroma_server(tmp_path, chroma_server):
    from query.retrieval import Retriever

    settings, store = make_store(tmp_path)
    remote = with_model(settings, backend="chroma", chroma_url=chroma_server)
    report = rebuild_indexes(remote, store)
    assert report.added == 11 and report.backend == "chroma"
    assert sync_indexes(remote, store).added == 0
    hits = Retriever(remote, store).search("warmtevoorziening aardgas", k=1)
    assert hits[0].chunk.doc_id == "2019-programmacontract-duurzaamheid"
