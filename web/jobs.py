"""Background jobs: ingest of uploaded PDFs and plan checks.

Job state lives in the ``jobs`` table (migration 0004), so a page reload, or a
second browser tab, shows the same progress, and results survive a restart of
the server. Jobs run one at a time on a single worker thread; the work itself
(parsing PDFs, embedding, checking) runs in a child process
(:mod:`web.worker`) with a wall-clock time limit, so a malformed or hostile
PDF can neither crash nor hang the server: on a crash or a timeout the child
is killed and the job (or that one file) is reported as failed.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from beleid.config import Settings
from beleid.store import Store
from beleid.store import jobs as jobrows

log = logging.getLogger("beleid.web")

STATUSES = ("queued", "running", "done", "failed")


@dataclass
class Job:
    id: str
    kind: str
    status: str
    progress: float
    message: str
    params: dict
    result: Any
    error: str | None
    created_at: str
    updated_at: str

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "status": self.status, "progress": round(self.progress, 3),
                "message": self.message, "params": _public_params(self.params), "result": self.result,
                "error": self.error, "created_at": self.created_at, "updated_at": self.updated_at,
                "url": f"/api/jobs/{self.id}", "page": f"/taken/{self.id}"}


def _public_params(params: dict) -> dict:
    """Job parameters without server paths."""
    return {k: v for k, v in params.items() if k not in ("files", "upload")}


class JobStore:
    """The ``jobs`` table. Every call opens its own short-lived connection, so
    the worker thread and request threads never share a cursor."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        Store(self.db_path).close()  # runs the migrations once

    def _conn(self) -> Store:
        return Store(self.db_path)

    def create(self, kind: str, params: dict, message: str = "In de wachtrij") -> Job:
        job_id = uuid.uuid4().hex
        st = self._conn()
        try:
            jobrows.insert_job(st, job_id, kind, "queued", message, json.dumps(params, ensure_ascii=False))
        finally:
            st.close()
        return self.get(job_id)

    def get(self, job_id: str) -> Job | None:
        st = self._conn()
        try:
            row = jobrows.job_row(st, job_id)
        finally:
            st.close()
        return _job(row) if row else None

    def recent(self, kind: str | None = None, limit: int = 10) -> list[Job]:
        st = self._conn()
        try:
            rows = jobrows.recent_job_rows(st, kind, limit)
        finally:
            st.close()
        return [_job(r) for r in rows]

    def update(self, job_id: str, **fields) -> None:
        if not fields:
            return
        if "result" in fields:
            fields["result"] = json.dumps(fields["result"], ensure_ascii=False, default=str)
        st = self._conn()
        try:
            jobrows.update_job(st, job_id, **fields)
        finally:
            st.close()

    def interrupt_unfinished(self) -> int:
        """At start-up: jobs a previous server process left queued or running."""
        st = self._conn()
        try:
            return jobrows.fail_unfinished_jobs(st, "onderbroken: de server is opnieuw gestart; start de taak opnieuw",
                                                "Onderbroken")
        finally:
            st.close()


def _job(r) -> Job:
    return Job(r["id"], r["kind"], r["status"], r["progress"], r["message"], json.loads(r["params"] or "{}"),
               json.loads(r["result"]) if r["result"] else None, r["error"], r["created_at"], r["updated_at"])


# --- child processes ---------------------------------------------------------------


class ChildFailed(Exception):
    pass


def run_child(args: list[str], timeout_s: float, on_event: Callable[[dict], None]) -> dict | None:
    """Run ``python -m web.worker ARGS``; feed its JSON-line events to ``on_event``;
    return its final ``result`` event. Kills the child after ``timeout_s``."""
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.Popen([sys.executable, "-m", "web.worker", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=os.getcwd(),
                            text=True, encoding="utf-8", errors="replace")
    lines: queue.Queue = queue.Queue()
    err_tail: list[str] = []

    def pump_out():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    def pump_err():
        for line in proc.stderr:
            err_tail.append(line.rstrip())
            del err_tail[:-20]

    threading.Thread(target=pump_out, daemon=True).start()
    threading.Thread(target=pump_err, daemon=True).start()
    deadline = time.monotonic() + timeout_s
    result = None
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                proc.kill()
                proc.wait(10)
                raise ChildFailed(f"tijdslimiet van {int(timeout_s)} s overschreden; verwerking afgebroken")
            try:
                line = lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            if line is None:
                break
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "result":
                result = event
            else:
                on_event(event)
        rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
        raise ChildFailed(f"tijdslimiet van {int(timeout_s)} s overschreden; verwerking afgebroken")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    if result is None:
        log.warning("worker %s exited with %s: %s", args[:1], rc, " | ".join(err_tail[-5:]))
        raise ChildFailed(f"het verwerken is onverwacht gestopt (exitcode {rc})")
    return result


# --- the runner --------------------------------------------------------------------


class JobRunner:
    """Runs jobs one at a time on a worker thread."""

    def __init__(self, settings: Settings, jobs: JobStore, parse_timeout_s: float = 300,
                 check_timeout_s: float = 900, index_timeout_s: float = 3600,
                 on_change: Callable[[], None] | None = None):
        self.settings = settings
        self.jobs = jobs
        self.parse_timeout_s = parse_timeout_s
        self.check_timeout_s = check_timeout_s
        self.index_timeout_s = index_timeout_s
        self.on_change = on_change or (lambda: None)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beleid-job")

    def submit(self, kind: str, params: dict) -> Job:
        job = self.jobs.create(kind, params)
        self.pool.submit(self._run, job.id)
        return job

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        if job is None:
            return
        self.jobs.update(job_id, status="running", message="Gestart", progress=0.0)
        try:
            handler = {"ingest": self._ingest, "check": self._check, "index": self._index}[job.kind]
            result = handler(job)
            self.jobs.update(job_id, status="done", progress=1.0, result=result,
                             message=_done_message(job.kind, result))
        except ChildFailed as exc:
            self.jobs.update(job_id, status="failed", error=str(exc), message="Mislukt")
        except Exception as exc:  # never let a job kill the worker thread
            log.exception("job %s failed", job_id)
            self.jobs.update(job_id, status="failed", error=f"interne fout ({exc.__class__.__name__})",
                             message="Mislukt")
        finally:
            try:
                self.on_change()
            except Exception:  # pragma: no cover
                log.exception("cache refresh failed")

    def _progress(self, job_id: str, start: float, span: float) -> Callable[[dict], None]:
        last = [0.0, None]

        def on_event(ev: dict) -> None:
            now = time.monotonic()
            frac = float(ev.get("progress", 0.0))
            kind = str(ev.get("message", "")).split(":")[0]
            if now - last[0] < 0.25 and frac < 1.0 and kind == last[1]:
                return
            last[0], last[1] = now, kind
            self.jobs.update(job_id, progress=start + span * max(0.0, min(1.0, frac)),
                             message=str(ev.get("message", ""))[:300])

        return on_event

    def _ingest(self, job: Job) -> dict:
        files: list[dict] = job.params["files"]  # [{"path": server path, "name": shown name}]
        data_dir = str(self.settings.data_dir)
        results = []
        n = len(files)
        for i, f in enumerate(files):
            self.jobs.update(job.id, progress=0.9 * i / n, message=f"Bestand {i + 1} van {n}: {f['name']}")
            on_event = self._progress(job.id, 0.9 * i / n, 0.9 / n)

            def prefixed(ev, f=f, i=i):
                ev = dict(ev)
                ev["message"] = f"Bestand {i + 1} van {n} ({f['name']}): {ev.get('message', '')}"
                on_event(ev)

            try:
                out = run_child(["ingest", "--data-dir", data_dir, f["path"]], self.parse_timeout_s, prefixed)
                r = out["file"]
            except ChildFailed as exc:
                r = {"status": "failed", "reason": str(exc), "doc_id": None, "pages": 0, "ocr_pages": 0,
                     "tables": 0, "chunks": 0}
            r["name"] = f["name"]
            r.pop("path", None)
            results.append(r)
        index = None
        if any(r["status"] in ("ingested", "updated") for r in results):
            self.jobs.update(job.id, progress=0.9, message="Zoekindex bijwerken")
            out = run_child(["sync", "--data-dir", data_dir], self.index_timeout_s,
                            self._progress(job.id, 0.9, 0.06))
            index = out.get("index")
            # the recurring-findings themes now, so that their page opens at once afterwards
            self.jobs.update(job.id, progress=0.96, message="Terugkerende bevindingen bijwerken")
            try:
                run_child(["themes", "--data-dir", data_dir], self.index_timeout_s,
                          self._progress(job.id, 0.96, 0.04))
            except ChildFailed as exc:  # the page computes them itself then
                log.warning("themes after ingest failed: %s", exc)
        summary = {s: sum(1 for r in results if r["status"] == s)
                   for s in ("ingested", "updated", "unchanged", "skipped", "failed")}
        return {"files": results, "summary": summary, "index": index}

    def _index(self, job: Job) -> dict:
        out = run_child(["sync", "--data-dir", str(self.settings.data_dir)], self.index_timeout_s,
                        self._progress(job.id, 0.0, 1.0))
        return {"index": out.get("index")}

    def _check(self, job: Job) -> dict:
        params = json.dumps({k: job.params.get(k) for k in ("upload", "doc_id", "against", "name")})
        out = run_child(["check", "--data-dir", str(self.settings.data_dir), "--params", params],
                        self.check_timeout_s, self._progress(job.id, 0.0, 1.0))
        if out.get("error"):
            raise ChildFailed(out["error"])
        return out["check"]


def _done_message(kind: str, result: dict) -> str:
    if kind == "ingest":
        s = result.get("summary", {})
        return (f"Klaar: {s.get('ingested', 0)} toegevoegd, {s.get('updated', 0)} bijgewerkt, "
                f"{s.get('unchanged', 0)} ongewijzigd, {s.get('failed', 0)} mislukt")
    if kind == "check":
        return f"Klaar: {len(result.get('results', []))} aanbevelingen getoetst"
    return "Klaar"
