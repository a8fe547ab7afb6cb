"""Where the goal rules for tables printed as text fire, over every document of one or more ingested data dirs.

For each document: the pieces read as rows of a flattened two-column table and the cells found in them
(`register.goals.flattened_cells`), the goals kept once because they only restate the goal they are listed under
(`register.goals.restates`, counted while `find_goals` runs), and, as a check of a cue that was NOT adopted, list
items where a capitalised word that the document also writes in lower case follows a lower-case function word
("... onderzoek naar Nieuwe software ...": a second column starting inside a row that has no column rule).

Counts, not scores: it shows whether a rule fires on documents it was not written for, and how often the rejected
cue would have fired where no column starts.

Usage:
  python evaluations/register_rule_firings.py --data-dir /tmp/reg-data [--data-dir /tmp/reg-extra] [--show]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_FUNCTION = r"(?:de|het|een|van|naar|op|aan|met|voor|door|bij|tot|uit|over|in|en|of|te)"
_CAPITAL_AFTER_FUNCTION = re.compile(r"(?<=[a-zà-ÿ]) " + _FUNCTION + r" ([A-ZÀ-Ý][a-zà-ÿ]+)\b")


def main() -> int:
    import register.goals as G
    from beleid.config import load_settings
    from beleid.store import Store
    from register.segment import pieces

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", action="append", required=True)
    ap.add_argument("--show", action="store_true", help="print the cells, restatements and cue hits")
    args = ap.parse_args()

    merged: list[tuple[str, str]] = []
    original = G.restates

    def counting(child: str, parent: str) -> bool:
        same = original(child, parent)
        if same:
            merged.append((child, parent))
        return same

    G.restates = counting
    totals = [0, 0, 0, 0]
    print("| document | table rows | cells | restatements kept once | capital after function word (list items) |")
    print("|---|---|---|---|---|")
    for dd in args.data_dir:
        store = Store(load_settings(dd).db_path)
        for doc in store.documents():
            pcs = pieces(sorted(store.blocks(doc.doc_id), key=lambda b: (b.page, b.order)))
            cells, rows = G.flattened_cells(pcs)
            merged.clear()
            G.find_goals(pcs)
            lower = set(re.findall(r"\b[a-zà-ÿ]+\b", " ".join(p.text for p in pcs)))
            hits = [p.text[max(0, m.start() - 40):m.end() + 30] for p in pcs if p.marker == "bullet"
                    for m in _CAPITAL_AFTER_FUNCTION.finditer(p.text) if m.group(1).lower() in lower]
            n_cells = sum(len(v) for v in cells.values())
            row = [len(rows), n_cells, len(merged), len(hits)]
            totals = [a + b for a, b in zip(totals, row)]
            print(f"| {doc.doc_id} | " + " | ".join(map(str, row)) + " |")
            if args.show:
                for k in sorted(cells):
                    for c in cells[k]:
                        print(f"    cell p{c[1]}: {c[0]}")
                for child, parent in merged:
                    print(f"    restated: {child}  <=  {parent}")
                for h in hits:
                    print(f"    cue: ...{h}...")
    print("| **total** | " + " | ".join(map(str, totals)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
