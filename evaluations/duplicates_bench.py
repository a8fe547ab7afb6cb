"""Cost of near-duplicate detection as the collection grows.

\b
Usage:
  .venv/bin/python evaluations/duplicates_bench.py            # 300 stored documents of 20 pages
  .venv/bin/python evaluations/duplicates_bench.py --docs 1000

Builds a temporary store of synthetic documents (pages of random Dutch policy
words, all with the same page count, so the page-count filter rules nothing
out) and times, for one new document, (a) the exact comparison with every
stored document (what ingest did before signatures), (b) the lookup with
MinHash signatures that are already stored, (c) the first lookup on a store
without signatures (it backfills them). Checks that (b) finds the same
near-duplicate as (a). Writes ``evaluations/out/duplicates_bench.json``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("gemeente wijkteam jeugdhulp budget doelen monitoring evaluatie inwoners zorg preventie toegang "
         "maatwerk ondersteuning woningen binnenstad veiligheid energie college raad programma "
         "indicator streefwaarde peilwaarde aanbeveling bevinding rapport onderzoek").split()


def page_text(rng: random.Random, words: int = 350) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(["", "en", "lijk", "heid", "ing", "s"]) for _ in range(words))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/duplicates_bench.json"))
    args = ap.parse_args()

    from beleid.store import Store
    from beleid.types import Document, Page
    from ingest import duplicates

    rng = random.Random(7)
    store = Store(Path(tempfile.mkdtemp(prefix="dup-bench-")) / "db.sqlite3")
    texts = {}
    for i in range(args.docs):
        doc_id = f"doc-{i:04d}"
        pages = [page_text(rng) for _ in range(args.pages)]
        texts[doc_id] = pages
        doc = Document(doc_id=doc_id, path=f"{doc_id}.pdf", sha256=doc_id, title=doc_id, kind="programmacontract",
                       date=None, author=None, programme=None, pages=args.pages, ocr_pages=0)
        store.save_document(doc, [Page(doc_id=doc_id, number=n + 1, text=t, width=595, height=842)
                                  for n, t in enumerate(pages)], [])
    # the new document: a noisy copy (as OCR would give) of one stored document
    target = f"doc-{args.docs // 2:04d}"
    noisy = " ".join(w[:-1] + "x" if rng.random() < 0.05 else w for w in " ".join(texts[target]).split())

    t0 = time.perf_counter()
    mine = duplicates.shingles(noisy)
    exact = max(((d.doc_id, duplicates.similarity(mine, duplicates.shingles(" ".join(p.text for p in store.pages(d.doc_id)))))
                 for d in store.documents()), key=lambda x: x[1])
    exact_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    duplicates.find_near_duplicate(store, "new", noisy, args.pages)
    backfill_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    found, _ = duplicates.find_near_duplicate(store, "new", noisy, args.pages)
    signed_s = time.perf_counter() - t0

    result = {"stored_documents": args.docs, "pages_each": args.pages,
              "exact_all_documents_seconds": round(exact_s, 3),
              "first_lookup_with_backfill_seconds": round(backfill_s, 3),
              "lookup_with_stored_signatures_seconds": round(signed_s, 3),
              "exact_best": exact[0], "exact_best_score": round(exact[1], 3),
              "signature_lookup_found": found[0].doc_id if found else None,
              "same_result": bool(found and found[0].doc_id == exact[0])}
    print(json.dumps(result, indent=1))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
