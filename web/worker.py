"""Child process for the web app's PDF work: ``python -m web.worker COMMAND ...``.

Every command writes JSON lines to stdout: progress events
``{"event": "progress", "progress": 0.4, "message": "..."}`` and one final
``{"event": "result", ...}``. Anything libraries print goes to stderr. The
parent (:mod:`web.jobs`) kills the child when it runs past its time limit, so
a PDF that hangs or crashes the parser only ends this process.

Commands:
  validate PATH                   is it a PDF pymupdf can open (not encrypted, has pages)?
  ingest --data-dir D PATH        ingest one PDF (with the per-document stages)
  sync --data-dir D               bring the search indexes up to date
  check --data-dir D --params J   check a plan (uploaded PDF or ingested doc) against recommendations
  themes --data-dir D             compute and store the recurring-findings themes (when they are stale)
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

_OUT = None


def emit(event: str, **data) -> None:
    _OUT.write(json.dumps({"event": event, **data}, ensure_ascii=False, default=str) + "\n")
    _OUT.flush()


def progress(frac: float, message: str) -> None:
    emit("progress", progress=round(frac, 4), message=message)


def cmd_validate(path: str) -> None:
    from app.ingest import validate_pdf
    from beleid.errors import InputError

    try:
        pages = validate_pdf(path)
    except InputError as exc:
        emit("result", ok=False, reason=exc.reason)
        return
    emit("result", ok=True, pages=pages)


def cmd_ingest(data_dir: str, path: str) -> None:
    from pathlib import Path

    from app.compose import open_store
    from app.ingest import ingest_paths
    from beleid.config import load_settings

    settings = load_settings(data_dir)
    store = open_store(settings)
    progress(0.0, "PDF openen")
    t = [0.0]

    def on_page(done: int, total: int) -> None:
        now = time.monotonic()
        if now - t[0] > 0.2 or done == total:
            t[0] = now
            progress(0.8 * done / max(total, 1), f"pagina {done} van {total} gelezen")

    results = []
    report = ingest_paths([Path(path)], settings, store, on_page=on_page, on_result=results.append)
    r = report.results[0] if report.results else None
    emit("result", file=dict(r.__dict__) if r else {"status": "failed", "reason": "geen resultaat"})


def cmd_sync(data_dir: str) -> None:
    from app.ingest import sync
    from beleid.config import load_settings

    settings = load_settings(data_dir)
    progress(0.1, "zoekindex bijwerken")
    rep = sync(settings)
    emit("result", index=rep.to_json())


def cmd_themes(data_dir: str) -> None:
    from app.evaluations import refresh_themes
    from beleid.config import load_settings

    settings = load_settings(data_dir)
    themes = refresh_themes(settings, on_progress=lambda f, m: progress(f, f"terugkerende bevindingen: {m}"))
    emit("result", themes=len(themes))


def cmd_check(data_dir: str, params_json: str) -> None:
    from beleid.config import load_settings
    from beleid.errors import BeleidError

    params = json.loads(params_json)
    settings = load_settings(data_dir)
    try:
        result = run_check(settings, params)
    except BeleidError as exc:
        emit("result", error=exc.one_line())
        return
    emit("result", check=result)


def run_check(settings, params: dict) -> dict:
    """The plan check of ``beleid check`` (:func:`app.check.check`), with progress; the JSON of its report."""
    from app.check import check

    against = [a for a in (params.get("against") or []) if a]
    progress(0.02, "plan lezen")

    def on_page(done: int, total: int) -> None:
        progress(0.05 + 0.5 * done / max(total, 1), f"plan lezen: pagina {done} van {total}")

    plan = params["upload"] if params.get("upload") else params.get("doc_id") or ""
    report = check(plan, settings, against=against or None, name=params.get("name") or None, on_page=on_page)
    progress(0.98, "rapport opstellen")
    return report.to_json()


def main(argv: list[str] | None = None) -> int:
    global _OUT
    # protocol lines go to the original stdout; everything else printed goes to stderr
    _OUT = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    p = argparse.ArgumentParser(prog="python -m web.worker")
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate")
    v.add_argument("path")
    i = sub.add_parser("ingest")
    i.add_argument("--data-dir", required=True)
    i.add_argument("path")
    s = sub.add_parser("sync")
    s.add_argument("--data-dir", required=True)
    c = sub.add_parser("check")
    c.add_argument("--data-dir", required=True)
    c.add_argument("--params", required=True)
    t = sub.add_parser("themes")
    t.add_argument("--data-dir", required=True)
    a = p.parse_args(argv)
    if a.cmd == "validate":
        cmd_validate(a.path)
    elif a.cmd == "ingest":
        cmd_ingest(a.data_dir, a.path)
    elif a.cmd == "sync":
        cmd_sync(a.data_dir)
    elif a.cmd == "themes":
        cmd_themes(a.data_dir)
    else:
        cmd_check(a.data_dir, a.params)
    return 0


if __name__ == "__main__":
    sys.exit(main())
