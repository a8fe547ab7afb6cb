"""How selective the form signals of ``nl.planform`` are: per plan, the share of its passages (as the plan check
cuts them) that show each form plainly (signal >= 0.75), and per recommendation set, which recommendations are
recognised as advice about a plan's form. No gold: counts, to see that a form signal does not fire on most of a
plan (it would then reorder nothing) nor on unrelated documents' every sentence.

Usage: python evaluations/planform_probe.py --data-dir DIR   (an ingested data dir; nothing is written to it)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLANS = ["2019-programmacontract-zorg", "2019-collegevoorstel-innovatiebudget-zorg-2020",
         "16_overijssel_GS_nota_mandaat_windbeleid_2023", "denhaag_evaluatie_GR_MRDH_zienswijze_raadsvoorstel_2025",
         "11_amsterdam_wobbesluit_ict_contracten_2018_scanOCR"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    args = ap.parse_args(argv)
    from beleid.config import load_settings
    from beleid.store import Store
    from nl.planform import FORMS, advice_forms, form_signal
    from recommendations.check import advice_units, passages
    from recommendations.storage import load_recommendations

    store = Store(load_settings(args.data_dir).db_path)
    print("| plan | passages | " + " | ".join(FORMS) + " |")
    print("|---|---|" + "---|" * len(FORMS))
    for plan in PLANS:
        if not store.has_document(plan):
            continue
        ps = passages(plan, store.blocks(plan))
        shares = [sum(form_signal(f, p.scored) >= 0.75 for p in ps) / max(len(ps), 1) for f in FORMS]
        print(f"| {plan} | {len(ps)} | " + " | ".join(f"{s:.3f}" for s in shares) + " |")
    print()
    by_doc: dict[str, list] = {}
    for r in load_recommendations(store):
        by_doc.setdefault(r.doc_id, []).append(r)
    for doc, recs in sorted(by_doc.items()):
        forms = [(r.id.split(":")[-1], sorted(set().union(*(advice_forms(u) for u in advice_units(r.text)))))
                 for r in recs]
        named = [f"{i} {'+'.join(f)}" for i, f in forms if f]
        print(f"- {doc}: {len(named)} of {len(recs)} recommendations give advice about form"
              + (": " + "; ".join(named) if named else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
