"""Uploaded PDFs: saved under ``<data dir>/uploads/<random id>/<safe name>.pdf``.

No path from the client is ever used: the folder is a fresh random id and the
file name is the client's base name reduced to ``[A-Za-z0-9._-]`` (it becomes
the document id, as for ``beleid ingest``). The content must be a PDF: it must
start with ``%PDF-`` and pymupdf must open it (in a child process with a time
limit, see :mod:`web.worker`), unencrypted and with at least one page.
"""
from __future__ import annotations

import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fastapi import HTTPException

from .jobs import ChildFailed, run_child

CHUNK = 1024 * 1024
VALIDATE_TIMEOUT_S = 30


@dataclass
class SavedUpload:
    path: Path
    name: str  # the client's file name, for display only
    size: int


def safe_stem(filename: str | None) -> str:
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80]
    return stem or "document"


def display_name(filename: str | None) -> str:
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    return " ".join(base.split())[:120] or "document.pdf"


def save_upload(upload, uploads_dir: Path, max_bytes: int) -> SavedUpload:
    """Copy ``upload`` (a Starlette UploadFile) under ``uploads_dir``; 413/415/400 on bad input."""
    folder = Path(uploads_dir) / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    target = folder / f"{safe_stem(upload.filename)}.pdf"
    size = 0
    head = b""
    try:
        with target.open("wb") as out:
            while True:
                block = upload.file.read(CHUNK)
                if not block:
                    break
                size += len(block)
                if size > max_bytes:
                    raise HTTPException(413, f"upload te groot: '{display_name(upload.filename)}' is groter dan "
                                             f"de limiet van {max_bytes / (1024 * 1024):g} MB")
                if len(head) < 1024:
                    head += block[:1024 - len(head)]
                out.write(block)
        if size == 0:
            raise HTTPException(400, f"'{display_name(upload.filename)}' is leeg")
        if b"%PDF-" not in head:
            raise HTTPException(415, f"'{display_name(upload.filename)}' is geen PDF-bestand (de inhoud is geen PDF)")
        check_pdf(target, display_name(upload.filename))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return SavedUpload(target, display_name(upload.filename), size)


def check_pdf(path: Path, name: str) -> int:
    try:
        out = run_child(["validate", str(path)], VALIDATE_TIMEOUT_S, lambda ev: None)
    except ChildFailed as exc:
        raise HTTPException(415, f"'{name}' kon niet als PDF worden geopend ({exc})") from None
    if not out.get("ok"):
        raise HTTPException(415, f"'{name}': {out.get('reason', 'geen geldig PDF-bestand')}")
    return int(out.get("pages", 0))
