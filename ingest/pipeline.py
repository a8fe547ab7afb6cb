"""Batch ingest: files and folders in, documents in the store, one line per failure.

* A document is its content: a file whose content (SHA-256) is stored already is
  unchanged, whatever its name or folder. A changed file at the path of a stored
  document replaces that document (same path = same document) in one transaction,
  and its result says so. Two different files with one name both stay: the
  second gets the stem with a short content suffix (``good-3fa9c1``), which is
  the same on every re-ingest of that file.
* Every page is accounted for: pages that end up without text are listed per
  document with the reason (``FileResult.empty_pages``, ``Document.meta``).
* User corrections of metadata (:func:`set_metadata`) are re-applied after every
  re-ingest; :func:`delete_document` removes a document and everything derived
  from it in one store transaction.
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
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from beleid.config import Settings
from beleid.errors import BeleidError, InputError
from beleid.stages import Stage, prepare_in_background, run_stages
from beleid.store import Store
from beleid.types import Document

from .duplicates import find_near_duplicate
from .metadata import KINDS, normalise_date
from .parse import PageReads, ParsedDocument, make_pool, parse_pdf, read_ahead
from .pdf import file_sha256

EDITABLE_FIELDS = ("title", "kind", "date", "author", "programme")



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
    replaced: str | None = None  # doc_id of the earlier version this file replaced
    empty_pages: dict[int, str] = field(default_factory=dict)  # page -> why it has no text
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


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
            "empty_pages": sum(len(r.empty_pages) for r in done),
            "seconds": round(self.seconds, 2),
        }

    def stage_seconds(self) -> dict[str, float]:
        """Seconds per ingest stage, summed over the files (page reading is wall time)."""
        out: dict[str, float] = {}
        for r in self.results:
            for k, v in r.timings.items():
                out[k] = out.get(k, 0.0) + v
        return {k: round(v, 2) for k, v in out.items()}


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


def new_doc_id(store: Store, path: Path, sha256: str) -> str:
    """The file stem; when another document has that id, the stem with the first
    characters of the content hash (stable: the same file always gets the same id)."""
    stem = doc_id_for(path)
    if not store.has_document(stem):
        return stem
    for n in (6, 10, 16, 64):
        candidate = f"{stem}-{sha256[:n]}"
        if not store.has_document(candidate):
            return candidate
    raise BeleidError(f"{path}: no free document id")  # pragma: no cover - a SHA-256 collision


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
    pool = make_pool(settings_workers(settings)) if files else None
    batch = len(files) > 1  # one file is read as it always was (in this process below PARALLEL_MIN_PAGES pages)
    ahead: dict[int, PageReads | None] = {}
    preparing: threading.Thread | None = None
    prepared = False
    try:
        for i, path in enumerate(files):
            if on_file:
                on_file(path, i, len(files))
            if pool is not None and batch:
                _read_ahead(files, i, ahead, store, settings, pool)
            if not prepared and (any(r is not None for r in ahead.values()) or (not batch and _new_pdf(path, store))):
                prepared = True  # a document will be parsed: its stages load their models meanwhile
                preparing = prepare_in_background(stages)
            result = ingest_file(path, settings, store, stages, on_page, pool=pool, ahead=ahead.pop(i, None))
            if pool is not None and result.status == "failed" and _broken(pool):
                # a worker died (killed for memory, a crash in MuPDF or Tesseract) and took the pages it
                # still had with it, perhaps this file's through another file's page (every file whose
                # pages it held fails, so the break is noticed here): a fresh pool reads on, and this
                # file is read once more, alone, so that only the file that breaks a pool fails
                pool = _fresh_pool(pool, ahead, settings)
                result = ingest_file(path, settings, store, stages, on_page, pool=pool,
                                     ahead=read_ahead(path, settings, pool))
                if result.status == "failed" and _broken(pool):
                    pool = _fresh_pool(pool, ahead, settings)
            report.results.append(result)
            if on_result:
                on_result(result)
    finally:
        for reads in ahead.values():
            if reads is not None:
                reads.cancel()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if preparing is not None:
            preparing.join()  # not left loading a library while the interpreter exits
    report.seconds = time.perf_counter() - started
    return report


def _broken(pool) -> bool:
    """Whether ``pool`` lost a worker: a broken process pool refuses new work."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool.submit(int).cancel()
    except (BrokenProcessPool, RuntimeError):
        return True
    return False


def _fresh_pool(pool, ahead: dict[int, PageReads | None], settings: Settings):
    """Drop a broken pool and the reads handed to it; a new pool of the same size."""
    for reads in ahead.values():
        if reads is not None:
            reads.cancel()
    ahead.clear()
    pool.shutdown(cancel_futures=True)
    return make_pool(settings_workers(settings))


READ_AHEAD_PAGES = 24  # pages handed to the pool beyond the file being parsed
READ_AHEAD_FILES = 3


def _read_ahead(files: list[Path], current: int, ahead: dict[int, PageReads | None], store: Store,
                settings: Settings, pool) -> None:
    """Keep the parsing pool busy while this process lays out, stores and runs the
    stages of ``files[current]``: hand the pages of the current file and of the next
    ones to the pool until ``READ_AHEAD_PAGES`` pages beyond the current file are
    pending (at most ``READ_AHEAD_FILES`` files ahead). A file that is not a PDF or
    whose content is already stored (it will be reported unchanged) is not handed out."""
    for j in range(current, min(len(files), current + 1 + READ_AHEAD_FILES)):
        pending = sum(r.page_count for k, r in ahead.items() if k > current and r is not None)
        if j > current and pending >= READ_AHEAD_PAGES:
            return
        if j in ahead:
            continue
        reads = None
        try:
            sha = _new_pdf(files[j], store)
            if sha:
                reads = read_ahead(files[j], settings, pool, sha=sha)
        except Exception:  # noqa: BLE001 - a broken pool: ingest_file meets it and reports it
            reads = None
        ahead[j] = reads


def _new_pdf(path: Path, store: Store) -> str | None:
    """The hash of ``path`` when it is a PDF file whose content is not stored yet (it
    will be parsed), else None (not a PDF, unreadable, or unchanged)."""
    try:
        if path.suffix.lower() != ".pdf" or not path.is_file():
            return None
        sha = file_sha256(path)
    except OSError:  # unreadable: ingest_file reports it when it gets there
        return None
    return sha if store.find_by_hash(sha) is None else None


def _previous_version(store: Store, path: Path) -> Document | None:
    """The stored document ingested from ``path``: by its absolute path, else (a store
    from before paths were stored absolute) by a stored path that resolves to it."""
    target = path.resolve()
    found = store.find_by_path(str(target))
    if found is not None:
        return found
    for doc in store.documents():
        if not Path(doc.path).is_absolute() and Path(doc.path).resolve() == target:
            return doc
    return None


def settings_workers(settings: Settings) -> int | None:
    """Processes for page parsing: ``BELEID_INGEST_WORKERS`` or one per core."""
    import os

    raw = os.environ.get("BELEID_INGEST_WORKERS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def ingest_file(path: Path, settings: Settings, store: Store, stages: Sequence[Stage] = (),
                on_page: Callable[[int, int], None] | None = None, pool=None,
                ahead: PageReads | None = None) -> FileResult:
    t0 = time.perf_counter()
    doc_id = doc_id_for(path)
    try:
        if path.suffix.lower() != ".pdf":
            raise InputError(path, f"not a PDF file ({path.suffix or 'no extension'})")
        sha = file_sha256(path) if path.exists() and path.is_file() else None
        existing = store.find_by_hash(sha) if sha else None
        if existing is not None:  # (a copy handed out before its twin was stored: its reads are cancelled below)
            ran = run_stages(store, settings, existing, stages)  # completes an interrupted run
            same_file = existing.path == str(path.resolve())
            where = "" if same_file else f" from {existing.path}"
            return FileResult(str(path), "unchanged", existing.doc_id,
                              reason=f"unchanged: same content as '{existing.doc_id}'{where}"
                              + (f"; completed {', '.join(ran)}" if ran else ""),
                              pages=existing.pages, ocr_pages=existing.ocr_pages,
                              tables=int(existing.meta.get("tables", 0) or 0),
                              chunks=store.chunk_counts().get(existing.doc_id, 0),
                              empty_pages={int(k): v for k, v in existing.meta.get("empty_pages", {}).items()},
                              seconds=time.perf_counter() - t0)
        # a changed file at a stored document's path is a new version of that document
        previous = _previous_version(store, path) if sha else None
        doc_id = previous.doc_id if previous is not None else new_doc_id(store, path, sha or "")
        known = sorted({d.programme for d in store.documents() if d.programme})
        tp = time.perf_counter()
        parsed = parse_pdf(path, settings, doc_id=doc_id, known_programmes=known, on_page=on_page, pool=pool,
                           ahead=ahead)
        parse_s = time.perf_counter() - tp
        parsed.document = replace(parsed.document, path=str(path.resolve()))
        ts = time.perf_counter()
        doc, own_signature = _link_duplicate(store, parsed)
        doc = apply_overrides(doc, store.overrides(doc_id))
        with store.transaction() as tx:
            store.save_document(doc, parsed.pages, parsed.chunks, conn=tx)
            store.save_signature(doc.doc_id, *own_signature, conn=tx)
            if doc.duplicate_of is None:
                # this copy may be the better one of an existing pair
                _repoint_duplicates(tx, store, doc)
        store_s = time.perf_counter() - ts
        tg = time.perf_counter()
        run_stages(store, settings, doc, stages)
        stages_s = time.perf_counter() - tg
        reasons = []
        if previous is not None:
            reasons.append(f"replaces the earlier version of '{doc_id}' (same path, changed content)")
        elif doc_id != doc_id_for(path):
            reasons.append(f"another document is called '{doc_id_for(path)}'; stored as '{doc_id}'")
        if doc.duplicate_of:
            reasons.append(f"near-duplicate of '{doc.duplicate_of}'")
        if parsed.empty_pages:
            reasons.append(f"{len(parsed.empty_pages)} page(s) without text: "
                           + "; ".join(f"p{n}: {why}" for n, why in sorted(parsed.empty_pages.items())))
        timings = {"parse": parse_s, **{f"parse.{k}": v for k, v in parsed.timings.items()},
                   "store": store_s, "stages": stages_s}
        return FileResult(str(path), "updated" if previous is not None else "ingested", doc_id, pages=doc.pages,
                          ocr_pages=doc.ocr_pages, tables=len(parsed.tables), chunks=len(parsed.chunks),
                          seconds=time.perf_counter() - t0, duplicate_of=doc.duplicate_of,
                          replaced=previous.doc_id if previous is not None else None,
                          empty_pages=dict(parsed.empty_pages), timings=timings, reason="; ".join(reasons))
    except BeleidError as exc:
        reason = exc.reason if isinstance(exc, InputError) else exc.one_line()
        return FileResult(str(path), "failed", doc_id, reason=reason, seconds=time.perf_counter() - t0)
    except Exception as exc:  # an unexpected parser failure on one file must not stop the batch
        from .pdf import pdf_error_reason

        return FileResult(str(path), "failed", doc_id,
                          reason=f"could not be processed: {pdf_error_reason(exc)} ({exc.__class__.__name__})",
                          seconds=time.perf_counter() - t0)
    finally:
        if ahead is not None:  # pages handed out but not collected (a failure before or while parsing)
            ahead.cancel()


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


# --- corrections and deletion ------------------------------------------------

def apply_overrides(doc: Document, overrides: dict[str, str | None]) -> Document:
    """``doc`` with the user's corrections in place of the inferred values."""
    fields = {k: v for k, v in overrides.items() if k in EDITABLE_FIELDS}
    if not fields:
        return doc
    return replace(doc, **fields, meta=dict(doc.meta, corrected=sorted(fields)))


def set_metadata(store: Store, doc_id: str, **values: str | None) -> Document:
    """Correct metadata fields of a stored document (title, kind, date, author,
    programme). The correction is stored apart from the inferred values, so a
    re-ingest of the (changed) file keeps it. ``None`` clears a field; an empty
    string is refused. Returns the corrected document."""
    from beleid.errors import ConfigError

    store.get_document(doc_id)  # NotFoundError with the id in words
    clean: dict[str, str | None] = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ConfigError(f"cannot set '{key}': editable fields are {', '.join(EDITABLE_FIELDS)}")
        if value is not None:
            value = " ".join(str(value).split())
            if not value:
                raise ConfigError(f"empty value for '{key}' (use None to clear it)")
        if key == "kind" and value is not None and value not in KINDS:
            raise ConfigError(f"unknown kind '{value}': one of {', '.join(KINDS)}")
        if key == "date" and value is not None:
            iso = normalise_date(value)
            if iso is None:
                raise ConfigError(f"cannot read date '{value}' (use YYYY-MM-DD, YYYY-MM or YYYY)")
            value = iso
        clean[key] = value
    if not clean:
        return store.get_document(doc_id)
    with store.transaction() as tx:
        store.set_overrides(doc_id, clean, conn=tx)
        store.update_document_fields(doc_id, clean, conn=tx)
    # meta["corrected"] names every field the user has corrected so far (re-ingest stores it the same way)
    return apply_overrides(store.get_document(doc_id), store.overrides(doc_id))


def delete_document(store: Store, doc_id: str) -> Document:
    """Remove a document and everything derived from it in the store (pages, chunks,
    register, recommendations, signature, corrections) in one transaction. The search
    indexes drop its chunks at their next sync (``index.sync.sync_indexes``): they are a
    cache of the store, so an interrupted index update cannot bring the document back."""
    doc = store.get_document(doc_id)
    with store.transaction() as tx:
        store.delete_document(doc_id, conn=tx)
    return doc
