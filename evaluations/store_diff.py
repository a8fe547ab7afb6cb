"""Do two data dirs hold the same store? For changes that must only change time
(read-ahead, thread settings): ingest the same PDFs with the old and the new code
into two data dirs, then compare every table of the two SQLite stores row for row.

Columns that record when something happened (``*_at``, ``applied``, ``created``,
``updated``) are left out; everything else must be equal. Prints one line per table
(equal, or how many rows differ and a first example) and, with ``--texts``, also
compares the chunk texts per document (a shorter check when a metadata field is
expected to differ).

Usage:
    .venv/bin/python evaluations/store_diff.py OLD_DATA_DIR NEW_DATA_DIR [--texts] [--out evaluations/out/store_diff.json]
"""
from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_COLUMNS = ("_at", "applied", "created", "updated")


def _rows(db: Path, table: str) -> tuple[list[str], list[tuple]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    keep = [c for c in cols if not any(c == t or c.endswith(t) for t in TIME_COLUMNS)]
    rows = sorted(conn.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return keep, rows


def _tables(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    conn.close()
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--texts", action="store_true", help="also compare the chunk texts per document")
    ap.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "store_diff.json"))
    args = ap.parse_args()
    old, new = Path(args.old) / "beleid.sqlite3", Path(args.new) / "beleid.sqlite3"
    result: dict = {"old": str(old), "new": str(new), "tables": {}}
    for table in sorted(set(_tables(old)) | set(_tables(new))):
        if table not in _tables(old) or table not in _tables(new):
            result["tables"][table] = {"equal": False, "why": "table missing on one side"}
            continue
        cols, a = _rows(old, table)
        _, b = _rows(new, table)
        only_old = [r for r in a if r not in set(b)]
        only_new = [r for r in b if r not in set(a)]
        result["tables"][table] = {"rows": [len(a), len(b)], "equal": a == b, "columns": cols,
                                   "only_old": len(only_old), "only_new": len(only_new),
                                   "example_old": repr(only_old[0])[:300] if only_old else None,
                                   "example_new": repr(only_new[0])[:300] if only_new else None}
    if args.texts:
        def texts(db: Path) -> dict[str, list[str]]:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            out: dict[str, list[str]] = {}
            for doc_id, text in conn.execute("SELECT doc_id, text FROM chunks ORDER BY doc_id, text"):
                out.setdefault(doc_id, []).append(text)
            conn.close()
            return out
        a, b = texts(old), texts(new)
        result["chunk_texts"] = {d: {"chunks": [len(a.get(d, [])), len(b.get(d, []))], "equal": a.get(d) == b.get(d)}
                                 for d in sorted(set(a) | set(b))}
    for table, t in result["tables"].items():
        if t.get("equal"):
            print(f"{table}: equal ({t['rows'][0]} rows)")
        else:
            why = t.get("why") or f"rows {t['rows']}, only old {t['only_old']}, only new {t['only_new']}"
            print(f"{table}: DIFFERS ({why})")
            if t.get("example_old"):
                print(f"    old: {t['example_old']}\n    new: {t['example_new']}")
    if args.texts:
        same = sum(1 for v in result["chunk_texts"].values() if v["equal"])
        total = sum(v["chunks"][1] for v in result["chunk_texts"].values())
        print(f"chunk texts: {same} of {len(result['chunk_texts'])} documents equal ({total} chunks)")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
