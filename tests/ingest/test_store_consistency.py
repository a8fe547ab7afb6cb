"""Idempotent re-ingest, replacement of changed files, and recovery after kill -9."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pymupdf

from beleid.config import load_settings
from beleid.store import Store
from app.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "corpus" / "2019-raadsbrief-vaststellen-programmacontracten.pdf"
LETTER = ROOT / "corpus" / "2018-raadsbrief-evaluatie-transformatie-sociaal-domein.pdf"


def test_reingest_unchanged_is_noop(tmp_path):
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    first = ingest_paths([SMALL], settings, store)
    assert first.results[0].status == "ingested"
    before = store.conn.execute("SELECT ingested_at, COUNT(*) FROM documents").fetchone()
    chunks_before = [c.chunk_id for c in store.chunks()]
    second = ingest_paths([SMALL], settings, store)
    assert second.results[0].status == "unchanged"
    assert store.conn.execute("SELECT ingested_at, COUNT(*) FROM documents").fetchone() == before
    assert [c.chunk_id for c in store.chunks()] == chunks_before


def test_changed_file_replaces_its_old_chunks(tmp_path):
    work = tmp_path / "brief.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Eerste versie: de gemeente investeert in groen.", fontsize=11)
    doc.save(str(work))
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    ingest_paths([work], settings, store)
    assert "Eerste versie" in store.chunks("brief")[0].text
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Tweede versie: de gemeente investeert in water.", fontsize=11)
    doc.save(str(work))
    report = ingest_paths([work], settings, store)
    assert report.results[0].status == "updated"
    texts = " ".join(c.text for c in store.chunks("brief"))
    assert "Tweede versie" in texts and "Eerste versie" not in texts
    assert len(store.documents()) == 1


def test_interrupted_ingest_leaves_store_consistent_and_rerun_completes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(p.name for p in (ROOT / "corpus").glob("*.pdf"))[:6]
    for name in names:
        shutil.copy(ROOT / "corpus" / name, folder / name)
    data = tmp_path / "data"
    cmd = [sys.executable, "-m", "cli", "ingest", str(folder), "--no-index", "--data-dir", str(data)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    db = data / "beleid.sqlite3"
    deadline = time.time() + 240
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 1:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    store = Store(db)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = store.documents()
    assert 1 <= len(partial) < len(names)
    for doc in partial:  # every stored document is complete
        assert len(store.pages(doc.doc_id)) == doc.pages
        assert store.chunks(doc.doc_id)
    store.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    store = Store(db)
    assert sorted(d.doc_id for d in store.documents()) == sorted(Path(n).stem for n in names)


def _text_pdf(path: Path) -> None:
    doc = pymupdf.open()
    body = ("De gemeente wil in 2022 meer inwoners zelfstandig laten wonen. Daarom investeren wij in "
            "preventie, in wijkteams en in een laagdrempelige toegang tot ondersteuning voor iedereen. ")
    for n in range(2):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 520, 760), f"Hoofdstuk {n + 1}. " + body * 6, fontsize=12)
    doc.save(str(path))


def _scan_of(src: Path, path: Path) -> None:
    """An image-only copy: every page rendered to a bitmap, no text layer."""
    original = pymupdf.open(str(src))
    scan = pymupdf.open()
    for page in original:
        pix = page.get_pixmap(dpi=200)
        new = scan.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=pix)
    scan.save(str(path))


def test_scan_ingested_first_becomes_duplicate_of_the_text_copy(tmp_path):
    from ingest.ocr import tesseract_available

    if not tesseract_available("nld"):
        import pytest
        pytest.skip("Tesseract with Dutch is not installed (scripts/setup.sh installs it)")
    text_pdf, scan_pdf = tmp_path / "plan.pdf", tmp_path / "plan-scan.pdf"
    _text_pdf(text_pdf)
    _scan_of(text_pdf, scan_pdf)
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    ingest_paths([scan_pdf], settings, store)
    assert store.get_document("plan-scan").ocr_pages == 2
    assert store.get_document("plan-scan").duplicate_of is None
    ingest_paths([text_pdf], settings, store)
    assert store.get_document("plan").duplicate_of is None  # the better text layer is canonical
    assert store.get_document("plan-scan").duplicate_of == "plan"
