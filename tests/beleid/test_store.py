"""The SQLite store: migrations, transactions, provenance round trips."""
from __future__ import annotations

import pytest

from beleid import store as store_mod
from beleid.errors import NotFoundError
from beleid.store import Store
from beleid.types import Block, Chunk, Document, Page, Table


def _doc(doc_id="d1", sha="abc"):
    return Document(doc_id, f"/x/{doc_id}.pdf", sha, "Titel", "programmacontract", "2019-05-21", "Gemeente X",
                    "Zorg", 1)


def test_migrations_apply_once_and_late_numbers_still_apply(tmp_path, monkeypatch):
    real = store_mod._migrations()
    assert len(real) >= 2
    # the last-but-one: a later migration ran before it (parallel branches), and none
    # of the later ones builds on its tables (skipping #2 would leave 0007 without its table)
    skipped = real[-2]
    # a store made while that migration did not exist yet ...
    monkeypatch.setattr(store_mod, "_migrations", lambda: [m for m in real if m is not skipped])
    db = tmp_path / "s.sqlite3"
    s = Store(db)
    assert skipped[0] not in s.applied_migrations()
    s.close()
    # ... gets it applied once it exists, although a higher number ran before
    monkeypatch.setattr(store_mod, "_migrations", lambda: real)
    s = Store(db)
    assert sorted(s.applied_migrations()) == [n for n, _, _ in real]
    s.close()
    Store(db).close()  # re-opening is a no-op


def test_save_document_round_trip_and_cascade(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    block = Block("d1", 1, 0, "paragraph", "Tekst.", (1.0, 2.0, 3.0, 4.0), 10.5, False, 0, ("1. Inleiding",))
    table = Table("d1", 1, 0, (0.0, 0.0, 9.0, 9.0), ("Indicator", "2022"), (("Groen", "1.000"),), ("1. Inleiding",),
                  "x € 1.000")
    page = Page("d1", 1, "Tekst.", 595, 842, False, (block,), (table,))
    chunk = Chunk("d1:0", "d1", 0, 1, 1, ("1. Inleiding",), "Tekst.", bbox=(1.0, 2.0, 3.0, 4.0))
    s.save_document(_doc(), [page], [chunk])
    got = s.page("d1", 1)
    assert got.blocks == (block,) and got.tables == (table,)
    assert s.chunks("d1") == [chunk]
    assert s.find_by_hash("abc").doc_id == "d1"
    s.delete_document("d1")
    assert s.chunks() == [] and s.conn.execute("SELECT COUNT(*) FROM tables").fetchone()[0] == 0
    with pytest.raises(NotFoundError):
        s.page("d1", 1)


def test_failed_write_rolls_back_and_keeps_old_version(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    s.save_document(_doc(), [Page("d1", 1, "oud", 595, 842)], [Chunk("d1:0", "d1", 0, 1, 1, (), "oud")])
    bad = [Chunk("d1:0", "d1", 0, 1, 1, (), "nieuw"), Chunk("d1:0", "d1", 1, 1, 1, (), "dubbel id")]
    with pytest.raises(Exception):
        s.save_document(_doc(sha="def"), [Page("d1", 1, "nieuw", 595, 842)], bad)
    assert [c.text for c in s.chunks("d1")] == ["oud"]
    assert s.get_document("d1").sha256 == "abc"
