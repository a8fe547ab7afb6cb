"""SQLite store with numbered migrations.

Every document is written in a single transaction (documents, pages, blocks,
tables, chunks), so a crash or ``kill -9`` leaves either the old or the new
version of a document, never a mix. Derived data (vector and lexical indexes,
extracted registers) is rebuilt from here.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator, TypeVar

from ..errors import NotFoundError, StoreError
from ..types import Block, Chunk, Document, Page, Table


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


T = TypeVar("T")


def from_row(cls: type[T], row: sqlite3.Row, *, json_fields: Collection[str] = (), tuples: Collection[str] = (),
             bools: Collection[str] = ()) -> T:
    """The dataclass ``cls`` from a row, each field from the column of the same name: the one
    place rows become types. ``json_fields`` hold JSON text, ``tuples`` become tuples (after JSON),
    ``bools`` are SQLite 0/1. A field without a column keeps its default."""
    columns = set(row.keys())
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in columns:
            continue
        v = row[f.name]
        if f.name in json_fields and v is not None:
            v = json.loads(v)
        if f.name in tuples and v is not None:
            v = tuple(v)
        if f.name in bools:
            v = bool(v)
        values[f.name] = v
    return cls(**values)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class Store:
    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None,
                                        check_same_thread=False)
        except sqlite3.Error as exc:  # pragma: no cover - disk problems
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    # --- schema -----------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def applied_migrations(self) -> set[int]:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                          "number INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                          "applied_at TEXT NOT NULL DEFAULT (datetime('now')))")
        applied = {r[0] for r in self.conn.execute("SELECT number FROM schema_migrations")}
        if not applied and self.schema_version > 0:  # a store from before this table existed
            legacy = [(n, name) for n, name, _ in _migrations() if n <= self.schema_version]
            self.conn.executemany("INSERT INTO schema_migrations(number, name) VALUES (?, ?)", legacy)
            applied = {n for n, _ in legacy}
        return applied

    def migrate(self) -> None:
        """Apply every numbered migration not applied yet, each in its own transaction.

        Applied migrations are recorded by number (not only as a high-water mark), so a
        migration added below the newest one is still applied."""
        applied = self.applied_migrations()
        for number, name, sql in _migrations():
            if number in applied:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                if number in {r[0] for r in self.conn.execute("SELECT number FROM schema_migrations")}:
                    self.conn.execute("ROLLBACK")  # another process applied it meanwhile
                    continue
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations(number, name) VALUES (?, ?)", (number, name))
                self.conn.execute(f"PRAGMA user_version = {max(number, self.schema_version)}")
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"migration {name} failed: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # --- documents --------------------------------------------------------
    def find_by_hash(self, sha256: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM documents WHERE sha256=?", (sha256,)).fetchone()
        return _document(row) if row else None

    def get_document(self, doc_id: str) -> Document:
        row = self.conn.execute("SELECT * FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"document '{doc_id}' is not ingested")
        return _document(row)

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE doc_id=?", (doc_id,)).fetchone() is not None

    def documents(self) -> list[Document]:
        rows = self.conn.execute("SELECT * FROM documents ORDER BY date, doc_id").fetchall()
        return [_document(r) for r in rows]

    def chunk_counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT doc_id, COUNT(*) FROM chunks GROUP BY doc_id").fetchall()
        return {r[0]: r[1] for r in rows}

    def save_document(self, doc: Document, pages: Iterable[Page], chunks: Iterable[Chunk],
                      conn: sqlite3.Connection | None = None) -> None:
        """Replace everything stored for ``doc.doc_id`` in one transaction."""
        if conn is None:
            with self.transaction() as tx:
                self._write_document(tx, doc, pages, chunks)
        else:
            self._write_document(conn, doc, pages, chunks)

    def _write_document(self, tx, doc: Document, pages, chunks) -> None:
        tx.execute("DELETE FROM documents WHERE doc_id=?", (doc.doc_id,))
        tx.execute(
            "INSERT INTO documents(doc_id,path,sha256,title,kind,date,author,programme,pages,"
            "ocr_pages,duplicate_of,meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, doc.path, doc.sha256, doc.title, doc.kind, doc.date, doc.author,
             doc.programme, doc.pages, doc.ocr_pages, doc.duplicate_of, _j(doc.meta)),
        )
        for p in pages:
            tx.execute("INSERT INTO pages VALUES (?,?,?,?,?,?)",
                       (p.doc_id, p.number, p.text, p.width, p.height, int(p.ocr)))
            tx.executemany(
                "INSERT INTO blocks VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(b.doc_id, b.page, b.order, b.kind, b.text, _j(b.bbox), b.font_size, int(b.bold),
                  b.heading_level, _j(list(b.section))) for b in p.blocks],
            )
            tx.executemany(
                "INSERT INTO tables VALUES (?,?,?,?,?,?,?,?)",
                [(t.doc_id, t.page, t.index, _j(t.bbox), _j(list(t.header)),
                  _j([list(r) for r in t.rows]), _j(list(t.section)), t.unit) for t in p.tables],
            )
        tx.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c.chunk_id, c.doc_id, c.seq, c.page, c.page_end, _j(list(c.section)), c.text, c.kind,
              c.char_start, c.char_end, _j(c.bbox) if c.bbox else None, text_hash(c.text))
             for c in chunks],
        )

    def save_signature(self, doc_id: str, minhash: bytes, shingles: int,
                       conn: sqlite3.Connection | None = None) -> None:
        """Store the near-duplicate signature of a document (see ingest.duplicates)."""
        sql = "INSERT OR REPLACE INTO document_signatures(doc_id, minhash, shingles) VALUES (?,?,?)"
        if conn is None:
            with self.transaction() as tx:
                tx.execute(sql, (doc_id, minhash, shingles))
        else:
            conn.execute(sql, (doc_id, minhash, shingles))

    def signatures(self) -> dict[str, tuple[bytes, int]]:
        """doc_id -> (MinHash signature, number of shingles) of every document that has one."""
        rows = self.conn.execute("SELECT doc_id, minhash, shingles FROM document_signatures").fetchall()
        return {r[0]: (bytes(r[1]), r[2]) for r in rows}

    # --- per-document stages ---------------------------------------------
    def stage_versions(self, doc_id: str) -> dict[str, int]:
        """stage name -> version that last ran on ``doc_id``."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT stage, version FROM document_stages WHERE doc_id=?", (doc_id,))}

    def mark_stage_done(self, doc_id: str, stage: str, version: int) -> None:
        self.conn.execute("INSERT OR REPLACE INTO document_stages(doc_id, stage, version) VALUES (?,?,?)",
                          (doc_id, stage, version))

    def counts(self) -> tuple[int, str | None]:
        """(number of documents, latest ingest time): changes whenever the store's content changes."""
        row = self.conn.execute("SELECT COUNT(*), MAX(ingested_at) FROM documents").fetchone()
        return row[0], row[1]

    def row_count(self, table: str, doc_id: str | None = None) -> int:
        """Rows of ``table`` (a table of this store's migrations), optionally of one document."""
        if table not in self.tables_in_schema():
            raise StoreError(f"no table '{table}' in {self.path}")
        if doc_id is None:
            return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return self.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id=?", (doc_id,)).fetchone()[0]

    def tables_in_schema(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def repoint_duplicates(self, old_canonical: str, new_canonical: str,
                           conn: sqlite3.Connection | None = None) -> None:
        """``old_canonical`` and its near-duplicates become near-duplicates of ``new_canonical``."""
        (conn or self.conn).execute("UPDATE documents SET duplicate_of=? WHERE doc_id=? OR duplicate_of=?",
                                    (new_canonical, old_canonical, old_canonical))

    def delete_document(self, doc_id: str) -> None:
        with self.transaction() as tx:
            tx.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))

    # --- pages, blocks, tables, chunks -----------------------------------
    def pages(self, doc_id: str) -> list[Page]:
        rows = self.conn.execute("SELECT * FROM pages WHERE doc_id=? ORDER BY number", (doc_id,)).fetchall()
        return [Page(r["doc_id"], r["number"], r["text"], r["width"], r["height"], bool(r["ocr"]))
                for r in rows]

    def page(self, doc_id: str, number: int) -> Page:
        self.get_document(doc_id)
        r = self.conn.execute("SELECT * FROM pages WHERE doc_id=? AND number=?", (doc_id, number)).fetchone()
        if r is None:
            n = self.conn.execute("SELECT COUNT(*) FROM pages WHERE doc_id=?", (doc_id,)).fetchone()[0]
            raise NotFoundError(f"document '{doc_id}' has no page {number} (it has {n} pages)")
        blocks = tuple(self.blocks(doc_id, number))
        tables = tuple(self.tables(doc_id, number))
        return Page(r["doc_id"], r["number"], r["text"], r["width"], r["height"], bool(r["ocr"]),
                    blocks, tables)

    def blocks(self, doc_id: str, page: int | None = None) -> list[Block]:
        sql = "SELECT * FROM blocks WHERE doc_id=?"
        args: list = [doc_id]
        if page is not None:
            sql += " AND page=?"
            args.append(page)
        rows = self.conn.execute(sql + " ORDER BY page, ord", args).fetchall()
        return [Block(r["doc_id"], r["page"], r["ord"], r["kind"], r["text"], tuple(json.loads(r["bbox"])),
                      r["font_size"], bool(r["bold"]), r["heading_level"], tuple(json.loads(r["section"])))
                for r in rows]

    def tables(self, doc_id: str, page: int | None = None) -> list[Table]:
        sql = "SELECT * FROM tables WHERE doc_id=?"
        args: list = [doc_id]
        if page is not None:
            sql += " AND page=?"
            args.append(page)
        rows = self.conn.execute(sql + " ORDER BY page, idx", args).fetchall()
        return [Table(r["doc_id"], r["page"], r["idx"], tuple(json.loads(r["bbox"])),
                      tuple(json.loads(r["header"])), tuple(tuple(x) for x in json.loads(r["rows"])),
                      tuple(json.loads(r["section"])), r["unit"]) for r in rows]

    def chunks(self, doc_id: str | None = None) -> list[Chunk]:
        if doc_id is None:
            rows = self.conn.execute("SELECT * FROM chunks ORDER BY doc_id, seq").fetchall()
        else:
            rows = self.conn.execute("SELECT * FROM chunks WHERE doc_id=? ORDER BY seq", (doc_id,)).fetchall()
        return [_chunk(r) for r in rows]

    def chunk_hashes(self) -> dict[str, str]:
        """chunk_id -> text hash, for incremental index sync."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT chunk_id, text_hash FROM chunks")}

    def get_chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        out: dict[str, Chunk] = {}
        for i in range(0, len(chunk_ids), 500):
            part = chunk_ids[i:i + 500]
            q = "SELECT * FROM chunks WHERE chunk_id IN (%s)" % ",".join("?" * len(part))
            for r in self.conn.execute(q, part):
                out[r["chunk_id"]] = _chunk(r)
        return out


def _split_sql(sql: str) -> list[str]:
    statements, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--"):
            continue
        buf.append(line)
        if line.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            statements.append("\n".join(buf))
            buf = []
    if "".join(buf).strip():
        statements.append("\n".join(buf))
    return statements


def _document(r: sqlite3.Row) -> Document:
    return from_row(Document, r, json_fields=("meta",))


def _chunk(r: sqlite3.Row) -> Chunk:
    bbox = tuple(json.loads(r["bbox"])) if r["bbox"] else None
    return Chunk(r["chunk_id"], r["doc_id"], r["seq"], r["page"], r["page_end"], tuple(json.loads(r["section"])),
                 r["text"], r["kind"], r["char_start"], r["char_end"], bbox)
