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


def test_prepare_embedding_leaves_the_loaded_embedder_in_the_cache(tmp_path):
    settings = replace(load_settings(tmp_path / "d"), model="fake")
    thread = prepare_embedding(settings)
    thread.join(30)
    assert not thread.is_alive()
    assert embedder_for(settings) is embedder_for(settings)


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
