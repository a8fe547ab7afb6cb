"""What table detection costs, and what its layout analyser buys (issue 12).

Two measurements on the pages that reach pymupdf's ``find_tables`` (the pages
that pass ``ingest.tables``' cheap gates):

1. **Threads.** The same pages in a fresh process, once with onnxruntime's
   defaults (a thread per core, spinning) and once after
   ``ingest.pdf.limit_layout_threads`` (one quiet thread, what pool workers use):
   wall and CPU seconds and the tables found (their boxes, headers, rows and units
   must be equal: compared by a digest).
2. **Layout gating.** ``find_tables`` asks pymupdf's layout analyser (ONNX) which
   regions are tables; on ruled pages ``use_layout=False`` would skip it (about
   60% of the call). Per page, the tables ``ingest.tables.find_tables`` keeps with
   and without it: pages that differ, tables gained and lost, and the time.

Usage:
    .venv/bin/python evaluations/table_cost.py [--pdfs corpus/*.pdf ../shared/real/*.pdf] [--out evaluations/out/table_cost.json]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, resource, sys, time
limit = sys.argv[1] == "quiet"
if limit:
    from ingest.pdf import limit_layout_threads
    assert limit_layout_threads()
import pymupdf
from ingest import tables as T

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

pages = []
for pdf in sys.argv[2:]:
    doc = pymupdf.open(pdf)
    for p in doc:
        words = p.get_text("words")
        if T.has_ruling(p) or T._has_aligned_numbers(words):
            pages.append((p, words))
pages[0][0].find_tables()  # first call loads what it needs
import hashlib
w0, c0 = time.perf_counter(), cpu()
found = [T.find_tables(p, words) for p, words in pages]
wall, used = time.perf_counter() - w0, cpu() - c0
content = json.dumps([[[t.bbox, t.header, t.rows, t.unit] for t in ts] for ts in found], ensure_ascii=False)
print(json.dumps({"pages": len(pages), "tables": sum(map(len, found)), "wall_seconds": round(wall, 2),
                  "cpu_seconds": round(used, 2), "tables_sha1": hashlib.sha1(content.encode()).hexdigest()}))
'''


def threads(pdfs: list[str]) -> dict:
    out = {}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for mode in ("default", "quiet"):
        run = subprocess.run([sys.executable, "-c", CHILD, mode, *pdfs], capture_output=True, text=True,
                             env=env, cwd=ROOT)
        if run.returncode:
            raise SystemExit(run.stderr[-2000:])
        out[mode] = json.loads(run.stdout.strip().splitlines()[-1])
    return out


def gating(pdfs: list[str]) -> dict:
    import pymupdf

    from ingest import tables as T

    original = pymupdf.Page.find_tables
    stats = {"pages_compared": 0, "pages_differing": 0, "tables_with_layout": 0, "tables_without_layout": 0,
             "tables_only_with_layout": 0, "tables_only_without_layout": 0,
             "seconds_with_layout": 0.0, "seconds_without_layout": 0.0, "examples": []}
    for pdf in pdfs:
        doc = pymupdf.open(pdf)
        for page in doc:
            words = page.get_text("words")
            ruled = T.has_ruling(page)
            if not ruled:
                continue  # lineless candidates come only from the layout analyser
            runs = {}
            for use_layout in (True, False):
                page.find_tables = (lambda p=page, u=use_layout, **kw: original(p, use_layout=u, **kw))
                t0 = time.perf_counter()
                found = T.find_tables(page, words)
                key = "with_layout" if use_layout else "without_layout"
                stats[f"seconds_{key}"] += time.perf_counter() - t0
                runs[key] = [json.dumps([t.header, *t.rows], ensure_ascii=False) for t in found]
                stats[f"tables_{key}"] += len(found)
            del page.find_tables
            stats["pages_compared"] += 1
            a, b = set(runs["with_layout"]), set(runs["without_layout"])
            if a != b:
                stats["pages_differing"] += 1
                stats["tables_only_with_layout"] += len(a - b)
                stats["tables_only_without_layout"] += len(b - a)
                if len(stats["examples"]) < 12:
                    stats["examples"].append({"page": f"{Path(pdf).name}#{page.number + 1}",
                                              "only_without_layout": [t[:160] for t in sorted(b - a)][:2],
                                              "only_with_layout": [t[:160] for t in sorted(a - b)][:2]})
    for key in ("seconds_with_layout", "seconds_without_layout"):
        stats[key] = round(stats[key], 2)
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pdfs", nargs="*", default=None)
    ap.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "table_cost.json"))
    args = ap.parse_args()
    pdfs = args.pdfs or sorted(glob.glob(str(ROOT / "corpus" / "*.pdf")))
    sys.path.insert(0, str(ROOT))
    result = {"pdfs": [Path(p).name for p in pdfs], "threads": threads(pdfs), "layout_gating": gating(pdfs)}
    t = result["threads"]
    print(f"find_tables on {t['default']['pages']} gated pages: onnxruntime defaults {t['default']['wall_seconds']} s "
          f"wall / {t['default']['cpu_seconds']} s CPU; one quiet thread {t['quiet']['wall_seconds']} s wall / "
          f"{t['quiet']['cpu_seconds']} s CPU; tables {t['default']['tables']} / {t['quiet']['tables']}; "
          f"same cells and boxes: {t['default']['tables_sha1'] == t['quiet']['tables_sha1']}")
    g = result["layout_gating"]
    print(f"ruled pages {g['pages_compared']}: tables with layout gating {g['tables_with_layout']}, without "
          f"{g['tables_without_layout']}; pages differing {g['pages_differing']}; tables only without "
          f"{g['tables_only_without_layout']}, only with {g['tables_only_with_layout']}; seconds "
          f"{g['seconds_with_layout']} vs {g['seconds_without_layout']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
