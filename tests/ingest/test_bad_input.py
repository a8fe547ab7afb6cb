"""Every bad input gets one clear line naming the file and the reason; the batch goes on."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf

from beleid.config import load_settings
from beleid.store import Store
from app.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "corpus" / "2019-raadsbrief-vaststellen-programmacontracten.pdf"


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp / "leeg.pdf"
    files["empty"].write_bytes(b"")
    files["not_pdf"] = tmp / "stiekem-word.pdf"
    files["not_pdf"].write_bytes(b"PK\x03\x04 this is a zip/docx, not a pdf" * 20)
    data = GOOD.read_bytes()
    files["truncated"] = tmp / "afgebroken.pdf"
    files["truncated"].write_bytes(data[: len(data) // 3])
    files["corrupt"] = tmp / "kapot.pdf"
    files["corrupt"].write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    enc = pymupdf.open()
    enc.new_page().insert_text((72, 72), "geheim")
    files["encrypted"] = tmp / "versleuteld.pdf"
    enc.save(str(files["encrypted"]), encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    return files


def test_each_bad_file_fails_alone_with_reason(tmp_path):
    files = _bad_files(tmp_path)
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    report = ingest_paths([GOOD, *files.values()], settings, store)
    by_path = {Path(r.path).name: r for r in report.results}
    assert by_path[GOOD.name].status == "ingested"
    expected = {"empty": "empty", "not_pdf": "not a pdf", "encrypted": "encrypted",
                "truncated": "", "corrupt": ""}
    for key, word in expected.items():
        r = by_path[files[key].name]
        assert r.status == "failed", (key, r)
        assert r.reason and "\n" not in r.reason
        assert word in r.reason.lower(), (key, r.reason)
    assert [d.doc_id for d in store.documents()] == [GOOD.stem]


def test_folder_with_unsupported_files_is_reported_not_fatal(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "notities.txt").write_text("geen pdf")
    (folder / "besluit.docx").write_bytes(b"PK\x03\x04")
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    settings = load_settings(tmp_path / "data")
    report = ingest_paths([folder], settings, Store(settings.db_path))
    statuses = sorted((Path(r.path).name, r.status) for r in report.results)
    assert statuses == sorted([("besluit.docx", "skipped"), (GOOD.name, "ingested"), ("notities.txt", "skipped")])
    assert not report.failed


def test_cli_exit_codes_and_one_line_errors(tmp_path):
    files = _bad_files(tmp_path)
    beleid = [sys.executable, "-m", "cli"]
    data = ["--data-dir", str(tmp_path / "data")]
    ok = subprocess.run(beleid + ["ingest", str(GOOD), "--no-index"] + data, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(beleid + ["ingest", str(files["empty"]), str(files["encrypted"]), "--no-index"] + data,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    failed = [ln for ln in bad.stderr.splitlines() if ln.startswith("FAILED")]
    assert len(failed) == 2 and all(".pdf:" in ln for ln in failed)
    assert "Traceback" not in bad.stderr
    usage = subprocess.run(beleid + ["ingest"] + data, capture_output=True, text=True)
    assert usage.returncode == 2
    missing = subprocess.run(beleid + ["show", "bestaat-niet"] + data, capture_output=True, text=True)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert missing.stderr.strip().count("\n") == 0


def test_pdf_with_hundreds_of_pages(tmp_path):
    big = pymupdf.open()
    for i in range(400):
        page = big.new_page()
        page.insert_text((72, 100), f"Hoofdstuk {i + 1}", fontsize=16)
        page.insert_text((72, 140), f"Dit is pagina {i + 1} van een lang beleidsdocument over wonen.", fontsize=10)
    path = tmp_path / "lang-document.pdf"
    big.save(str(path))
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    report = ingest_paths([path], settings, store)
    assert report.results[0].status == "ingested", report.results[0]
    assert store.get_document("lang-document").pages == 400
    assert "pagina 400 van een lang" in store.page("lang-document", 400).text
