"""Batch ingest: files and folders in, documents in the store, one line per failure.

* An unchanged file (same content hash) is a no-op; a changed file replaces its
  old rows in one transaction.
* One bad file never stops the batch; each failure is reported with the file
  and the reason, and nothing already ingested is touched.
* A near-duplicate of an ingested document (a scan of the same contract) is
  stored with ``duplicate_of`` pointing at the canonical copy: the one with
  fewer OCR pages, else the one ingested first.
* The per-document stages passed in (the application layer passes the register
  and recommendations stages) run after the document is stored; an interrupted
  run completes them the next time.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from beleid.config import Settings
from beleid.errors import BeleidError, InputError
from beleid.stages import Stage, run_stages
from beleid.store import Store
from beleid.types import Document

from .duplicates import find_near_duplicate
from .parse import ParsedDocument, parse_pdf
from .pdf import file_sha256



@dataclass
class FileResult:
    path: str
    status: str  # ingested | updated | unchanged | failed | skipped
    doc_id: str | None = None
    reason: str = ""
    pages: int = 0
    ocr_pages: int = 0
    tables: int = 0
    chunks: int = 0
    seconds: float = 0.0
    duplicate_of: str | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    index: object | None = None  # index sync report, when indexing ran

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.results if r.status in statuses)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def totals(self) -> dict:
        done = [r for r in self.results if r.status in ("ingested", "updated")]
        return {
            "files": len(self.results),
            "ingested": self.count("ingested"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "pages": sum(r.pages for r in done),
            "ocr_pages": sum(r.ocr_pages for r in done),
            "tables": sum(r.tables for r in done),
            "chunks": sum(r.chunks for r in done),
            "seconds": round(self.seconds, 2),
        }


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """PDF files to ingest, and results for what was given but cannot be ingested."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*"), key=lambda c: (len(c.relative_to(p).parts), str(c))):
                if child.is_file():
                    if child.suffix.lower() == ".pdf":
                        files.append(child)
                    elif not child.name.startswith("."):
                        problems.append(FileResult(str(child), "skipped", reason=f"not a PDF ({child.suffix or 'no extension'})"))
        elif p.is_file():
            files.append(p)
        else:
            problems.append(FileResult(str(p), "failed", reason="file not found"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def doc_id_for(path: Path) -> str:
    stem = re.sub(r"[^\w.\-]+", "-", path.stem).strip("-")
    return stem or "document"


def ingest_paths(paths: Iterable[str | Path], settings: Settings, store: Store, *, stages: Sequence[Stage],
                 on_file: Callable[[Path, int, int], None] | None = None,
                 on_page: Callable[[int, int], None] | None = None,
                 on_result: Callable[[FileResult], None] | None = None) -> IngestReport:
    started = time.perf_counter()
    files, problems = collect_files(paths)
    report = IngestReport(results=list(problems))
    for r in problems:
        if on_result:
            on_result(r)
    for i, path in enumerate(files):
        if on_file:
            on_file(path, i, len(files))
        result = ingest_file(path, settings, store, stages, on_page)
        report.results.append(result)
        if on_result:
            on_result(result)
    report.seconds = time.perf_counter() - started
    return report


def ingest_file(path: Path, settings: Settings, store: Store, stages: Sequence[Stage] = (),
                on_page: Callable[[int, int], None] | None = None) -> FileResult:
    t0 = time.perf_counter()
    doc_id = doc_id_for(path)
    try:
        if path.suffix.lower() != ".pdf":
            raise InputError(path, f"not a PDF file ({path.suffix or 'no extension'})")
        sha = file_sha256(path) if path.exists() and path.is_file() else None
        existing = store.find_by_hash(sha) if sha else None
        if existing is not None:
            ran = run_stages(store, settings, existing, stages)  # completes an interrupted run
            return FileResult(str(path), "unchanged", existing.doc_id,
                              reason=f"already ingested as '{existing.doc_id}'" + (f"; completed {', '.join(ran)}" if ran else ""),
                              pages=existing.pages, ocr_pages=existing.ocr_pages, seconds=time.perf_counter() - t0)
        known = sorted({d.programme for d in store.documents() if d.programme})
        parsed = parse_pdf(path, settings, doc_id=doc_id, known_programmes=known, on_page=on_page)
        replaced = store.has_document(doc_id)
        doc, own_signature = _link_duplicate(store, parsed)
        with store.transaction() as tx:
            store.save_document(doc, parsed.pages, parsed.chunks, conn=tx)
            store.save_signature(doc.doc_id, *own_signature, conn=tx)
            if doc.duplicate_of is None:
                # this copy may be the better one of an existing pair
                _repoint_duplicates(tx, store, doc)
        run_stages(store, settings, doc, stages)
        return FileResult(str(path), "updated" if replaced else "ingested", doc_id, pages=doc.pages,
                          ocr_pages=doc.ocr_pages, tables=len(parsed.tables), chunks=len(parsed.chunks),
                          seconds=time.perf_counter() - t0, duplicate_of=doc.duplicate_of,
                          reason=f"near-duplicate of '{doc.duplicate_of}'" if doc.duplicate_of else "")
    except BeleidError as exc:
        reason = exc.reason if isinstance(exc, InputError) else exc.one_line()
        return FileResult(str(path), "failed", doc_id, reason=reason, seconds=time.perf_counter() - t0)
    except Exception as exc:  # an unexpected parser failure on one file must not stop the batch
        msg = " ".join(str(exc).split())[:200] or exc.__class__.__name__
        return FileResult(str(path), "failed", doc_id, reason=f"could not be processed ({msg})",
                          seconds=time.perf_counter() - t0)


# --- near-duplicates -------------------------------------------------------

def _link_duplicate(store: Store, parsed: ParsedDocument) -> tuple[Document, tuple[bytes, int]]:
    """The document, marked ``duplicate_of`` when it near-duplicates a stored
    one, and its near-duplicate signature."""
    doc = parsed.document
    found, own = find_near_duplicate(store, doc.doc_id, " ".join(p.text for p in parsed.pages), doc.pages)
    if found is None:
        return doc, own
    other, score = found
    canonical = other.duplicate_of or other.doc_id
    meta = dict(doc.meta, near_duplicate_similarity=round(score, 3))
    if doc.ocr_pages < other.ocr_pages and other.duplicate_of is None:
        # the new copy has a better text layer: it becomes canonical
        return replace(doc, meta=dict(meta, replaces_as_canonical=other.doc_id)), own
    return replace(doc, duplicate_of=canonical, meta=meta), own


def _repoint_duplicates(tx, store: Store, doc: Document) -> None:
    target = doc.meta.get("replaces_as_canonical")
    if target:
        store.repoint_duplicates(target, doc.doc_id, conn=tx)
