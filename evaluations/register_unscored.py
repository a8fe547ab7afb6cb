"""Goals the register finds in documents that have no gold: two more Almelo programme contracts (same kind as the
dev set, never scored, so a look at how the goal rules carry to a document nobody annotated) and six documents that
state no goals of their own (controls beyond register_eval.py --negative-control: an advisory report with a broken
font, a rekenkamer proposal, raadsbrieven, a collegevoorstel, an evaluation).

Nothing here is scored; it lists what is found so a reader can judge it, and counts it so two versions of the code
can be compared (copy this script into the other checkout's evaluations/ and run it there on the same data dir).

Usage:
  python evaluations/register_unscored.py --data-dir /tmp/reg-extra [--out FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluations"))

DOCS = ["2019-programmacontract-economie-en-participatie", "2019-programmacontract-nieuwstraatkwartier",
        "21_ezk_adviescommissie_advies_JLoI_nobian_2023_brokenfont", "denhaag_rekenkamer_veilig_op_afstand_raadsvoorstel_2025",
        "2018-raadsbrief-evaluatie-transformatie-sociaal-domein", "2019-collegevoorstel-innovatiebudget-zorg-2020",
        "2019-raadsbrief-vaststellen-programmacontracten", "2024-hhm-evaluatie-sociaal-domein"]


def main() -> int:
    import register_eval as RE
    from register.export import to_json
    from register.extract import extract_register

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--out", default=None, help="also write the goals per document as JSON")
    args = ap.parse_args()
    _, store, _ = RE.prepare(args.data_dir, DOCS, log=lambda s: print(s, file=sys.stderr))
    out = {}
    print("| document | kind | goals found (extraction, whatever the kind) |\n|---|---|---|")
    for d in DOCS:
        doc = store.get_document(d)
        reg = to_json(extract_register(d, store.blocks(d), store.tables(d), doc.programme))
        out[d] = {"kind": doc.kind, "goals": [f"p{g['page']} {g['level']}: {g['text']}" for g in reg["goals"]]}
        print(f"| {d} | {doc.kind} | {len(reg['goals'])} |")
    for d, v in out.items():
        print(f"\n{d}:\n  " + "\n  ".join(v["goals"]))
    if args.out:
        Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
