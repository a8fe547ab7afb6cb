"""Read-ahead: a batch hands the next files' pages to the parsing pool while this
process stores and runs the stages of the current one. It must change nothing
but the time: same pages and chunks, a file changed after it was handed out is
read again, copies and bad files in a batch are reported as before."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from app.ingest import ingest_paths
from beleid.config import load_settings
from beleid.store import Store
from ingest.parse import make_pool, parse_pdf, read_ahead

ROOT = Path(__file__).resolve().parents[2]


def _pdf(path: Path, pages: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page()
        y = 72
        for ln in lines:
            page.insert_text((72, y), ln, fontsize=11)
            y += 18
    doc.save(str(path))
    return path


def _pages(topic: str, n: int) -> list[list[str]]:
    return [[f"Hoofdstuk {i + 1}: {topic}", f"De gemeente werkt in {2020 + i} aan {topic} in de wijken.",
             f"Het college meet elk jaar het aantal deelnemers aan {topic} op pagina {i + 1}."]
            for i in range(n)]


def _settings(tmp: Path, name: str):
    return replace(load_settings(tmp / name), model="fake")


def _content(store: Store) -> dict:
    return {d.doc_id: ([p.text for p in store.pages(d.doc_id)], [c.text for c in store.chunks(d.doc_id)])
            for d in store.documents()}


def test_batch_with_read_ahead_stores_what_one_by_one_stores(tmp_path, monkeypatch):
    files = [_pdf(tmp_path / "in" / f"{t}.pdf", _pages(t, n))
             for t, n in (("armoede", 2), ("jeugdzorg", 9), ("mantelzorg", 1), ("sport", 7))]
    batch = Store(_settings(tmp_path, "batch").db_path)
    report = ingest_paths(files, _settings(tmp_path, "batch"), batch)  # one pool per core, read-ahead
    assert [r.status for r in report.results] == ["ingested"] * 4
    monkeypatch.setenv("BELEID_INGEST_WORKERS", "1")  # no pool: every page read in this process
    single = Store(_settings(tmp_path, "single").db_path)
    for f in files:
        assert ingest_paths([f], _settings(tmp_path, "single"), single).results[0].status == "ingested"
    assert _content(batch) == _content(single)
    assert len(_content(batch)["jeugdzorg"][0]) == 9


def test_a_file_changed_after_it_was_handed_out_is_read_again(tmp_path):
    path = _pdf(tmp_path / "plan.pdf", _pages("armoede", 7))
    settings = _settings(tmp_path, "d")
    pool = make_pool(2)
    if pool is None:
        pytest.skip("needs two cores for a pool")
    try:
        reads = read_ahead(path, settings, pool)
        assert reads is not None and reads.page_count == 7
        for fut in reads.futures:  # the pool has read the old content
            fut.result()
        _pdf(path, _pages("schuldhulp", 7))  # same page count, other content
        parsed = parse_pdf(path, settings, pool=pool, ahead=reads)
    finally:
        pool.shutdown(cancel_futures=True)
    text = " ".join(p.text for p in parsed.pages)
    assert "schuldhulp" in text and "armoede" not in text


def test_copies_and_bad_files_in_a_read_ahead_batch(tmp_path):
    a = _pdf(tmp_path / "in" / "a.pdf", _pages("armoede", 8))
    copy = tmp_path / "in" / "kopie.pdf"
    copy.write_bytes(a.read_bytes())
    bad = tmp_path / "in" / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is not a PDF body")
    b = _pdf(tmp_path / "in" / "b.pdf", _pages("sport", 8))
    settings = _settings(tmp_path, "d")
    store = Store(settings.db_path)
    report = ingest_paths([a, copy, bad, b], settings, store)
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["a.pdf"].status == "ingested" and by_name["b.pdf"].status == "ingested"
    assert by_name["kopie.pdf"].status == "unchanged" and "same content as 'a'" in by_name["kopie.pdf"].reason
    assert by_name["kapot.pdf"].status == "failed" and "\n" not in by_name["kapot.pdf"].reason
    assert sorted(d.doc_id for d in store.documents()) == ["a", "b"]


def test_layout_analyser_runs_one_quiet_thread_in_a_pool_worker():
    code = (
        "import gc, onnxruntime as ort\n"
        "from ingest.pdf import limit_layout_threads\n"
        "first = limit_layout_threads()\n"
        "import pymupdf\n"
        "sessions = [s for s in gc.get_objects() if isinstance(s, ort.InferenceSession)]\n"
        "opts = [s.get_session_options() for s in sessions]\n"
        "print(first, limit_layout_threads(), len(sessions),\n"
        "      {(o.intra_op_num_threads, o.get_session_config_entry('session.intra_op.allow_spinning')) for o in opts})\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    first, again, count, settings = out.stdout.split(maxsplit=3)
    if count == "0":
        pytest.skip("pymupdf has no layout analyser here")
    # True before pymupdf is imported, False after (too late to change its sessions)
    assert (first, again) == ("True", "False")
    assert settings.strip() == "{(1, '0')}"


def test_a_worker_that_dies_does_not_stop_the_batch(tmp_path, monkeypatch):
    """A pool worker killed mid-batch (as an out-of-memory kill or a crash in MuPDF would) breaks the
    pool and loses the pages it held, perhaps of a file handed out ahead: a fresh pool reads on and a
    file that failed is read once more, so every file is stored."""
    import signal
    import time

    import ingest.pipeline as pipeline

    pools = []
    real_make_pool = pipeline.make_pool

    def tracked(workers=None):
        pool = real_make_pool(2)
        pools.append(pool)
        return pool

    monkeypatch.setattr(pipeline, "make_pool", tracked)
    files = [_pdf(tmp_path / "in" / f"f{k}.pdf", _pages(f"onderwerp{k}", 9)) for k in range(5)]
    killed = []

    def kill_one_worker(result):
        if not killed and pools and pools[0]._processes:
            pid = next(iter(pools[0]._processes))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            for _ in range(100):  # until the executor has noticed
                if pools[0]._broken:
                    break
                time.sleep(0.1)

    settings = _settings(tmp_path, "d")
    if (os.cpu_count() or 1) < 2:
        pytest.skip("needs two cores for a pool")
    report = ingest_paths(files, settings, Store(settings.db_path), on_result=kill_one_worker)
    assert killed and len(pools) >= 2  # a worker died and a fresh pool took over
    assert [r.status for r in report.results] == ["ingested"] * 5


def test_one_small_file_is_read_in_this_process(tmp_path, monkeypatch):
    """A single small file (a letter uploaded on its own) starts no pool workers: spawning them costs
    more than its pages."""
    import ingest.pipeline as pipeline

    submitted = []
    real_make_pool = pipeline.make_pool

    def tracked(workers=None):
        pool = real_make_pool(workers)
        if pool is not None:
            submit = pool.submit
            pool.submit = lambda fn, *a, **k: submitted.append(fn) or submit(fn, *a, **k)
        return pool

    monkeypatch.setattr(pipeline, "make_pool", tracked)
    settings = _settings(tmp_path, "d")
    letter = _pdf(tmp_path / "brief.pdf", _pages("armoede", 2))
    assert ingest_paths([letter], settings, Store(settings.db_path)).results[0].status == "ingested"
    assert submitted == []
