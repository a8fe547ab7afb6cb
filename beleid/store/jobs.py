"""Rows of the ``jobs`` table (migration 0004): the web app's background jobs.

The web app keeps its job logic (:mod:`web.jobs`); the SQL lives here, with the store."""
from __future__ import annotations

import sqlite3

from . import Store

NOW = "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
COLUMNS = frozenset({"status", "progress", "message", "result", "error"})


def insert_job(store: Store, job_id: str, kind: str, status: str, message: str, params_json: str) -> None:
    store.conn.execute("INSERT INTO jobs(id, kind, status, message, params) VALUES (?,?,?,?,?)",
                       (job_id, kind, status, message, params_json))


def job_row(store: Store, job_id: str) -> sqlite3.Row | None:
    return store.conn.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()


def recent_job_rows(store: Store, kind: str | None, limit: int) -> list[sqlite3.Row]:
    if kind:
        return store.conn.execute("SELECT * FROM jobs WHERE kind=? ORDER BY created_at DESC, rowid DESC LIMIT ?",
                                  (kind, limit)).fetchall()
    return store.conn.execute("SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,)).fetchall()


def update_job(store: Store, job_id: str, **fields) -> None:
    """Set ``fields`` (status, progress, message, result as JSON text, error) and the update time."""
    unknown = set(fields) - COLUMNS
    if unknown:
        raise ValueError(f"not a column of jobs: {', '.join(sorted(unknown))}")
    sets = ", ".join(f"{k}=?" for k in fields) + f", updated_at={NOW}"
    store.conn.execute(f"UPDATE jobs SET {sets} WHERE id=?", (*fields.values(), job_id))


def fail_unfinished_jobs(store: Store, error: str, message: str) -> int:
    cur = store.conn.execute(
        f"UPDATE jobs SET status='failed', error=?, message=?, updated_at={NOW} WHERE status IN ('queued','running')",
        (error, message))
    return cur.rowcount
