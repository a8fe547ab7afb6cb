"""Rows of the ``recommendations`` and ``findings`` tables (migration 0003)."""
from __future__ import annotations

import sqlite3

from beleid.store import Store, from_row
from beleid.types import Finding, Recommendation


def write_document(tx: sqlite3.Connection, doc_id: str, recs: list[Recommendation], finds: list[Finding]) -> None:
    tx.execute("DELETE FROM recommendations WHERE doc_id=?", (doc_id,))
    tx.execute("DELETE FROM findings WHERE doc_id=?", (doc_id,))
    tx.executemany(
        "INSERT INTO recommendations(id,doc_id,seq,page,section,year,author,topic,text,same_as) "
        "VALUES (?,?,?,?,?,?,?,?,?,NULL)",
        [(r.id, r.doc_id, i, r.page, r.section, r.year, r.author, r.topic, r.text) for i, r in enumerate(recs)])
    # same_as is set afterwards: it may point at a row of this same batch
    tx.executemany("UPDATE recommendations SET same_as=? WHERE id=?",
                   [(r.same_as, r.id) for r in recs if r.same_as])
    tx.executemany(
        "INSERT INTO findings(id,doc_id,seq,page,section,year,author,topic,text) VALUES (?,?,?,?,?,?,?,?,?)",
        [(f.id, f.doc_id, i, f.page, f.section, f.year, f.author, f.topic, f.text) for i, f in enumerate(finds)])


def set_same_as(tx: sqlite3.Connection, links: dict[str, str | None]) -> None:
    """recommendation id -> the id of the report recommendation it repeats (or None)."""
    tx.executemany("UPDATE recommendations SET same_as=? WHERE id=?", [(target, rid) for rid, target in links.items()])


def _rec(r) -> Recommendation:
    return from_row(Recommendation, r)


def _finding(r) -> Finding:
    return from_row(Finding, r)


def _load(store: Store, table: str, make, doc_ids: list[str] | None):
    """Rows of ``table`` (recommendations or findings) of canonical documents, in time order."""
    sql = (f"SELECT x.* FROM {table} x JOIN documents d ON d.doc_id = x.doc_id "
           "WHERE d.duplicate_of IS NULL")
    args: list = []
    if doc_ids:
        sql += " AND x.doc_id IN (%s)" % ",".join("?" * len(doc_ids))
        args = list(doc_ids)
    return [make(r) for r in store.conn.execute(sql + " ORDER BY d.date, x.doc_id, x.seq", args)]


def load_recommendations(store: Store, doc_ids: list[str] | None = None) -> list[Recommendation]:
    return _load(store, "recommendations", _rec, doc_ids)


def load_findings(store: Store, doc_ids: list[str] | None = None) -> list[Finding]:
    return _load(store, "findings", _finding, doc_ids)


def as_json(item) -> dict:
    out = {"id": item.id, "doc_id": item.doc_id, "page": item.page, "section": item.section, "year": item.year,
           "author": item.author, "topic": item.topic, "text": item.text}
    if isinstance(item, Recommendation):
        out["same_as"] = item.same_as
    return out
