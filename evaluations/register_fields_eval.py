"""Budgets, indicators and owners of the goal register, per dev document (issue 13, part B).

Re-extracts the register with the CURRENT code from the blocks and tables stored in an
ingested data dir (no re-ingest needed when only register code changed) and scores it
against evaluations/data/register_dev.json:

  budgets P/R       same document (and, for a multi-programme document such as a BBV budget
                    whose gold covers some programmes, a predicted line of one of those
                    programmes), amount_eur exact (multiset); also with the year required
  indicators P/R    matched by name (token F1 >= 0.6, one-to-one), programme-filtered as above
  indicator fields  per gold indicator: baseline, baseline year and each yearly target, exact
                    string after strip; a gold null expects no value (an unmatched gold
                    indicator counts all its fields wrong); also baseline parsed to a number
  owners P/R        role and name (accents and case ignored; a role without a name has name "")
  no-owner outcome  where the gold names no owner: the register must say "none named"

Negative controls (--controls DIR): documents of that data dir that are not in the gold;
prints how many budget lines come from tables and in total (documents without money tables
must give no table lines).

Usage:
  python evaluations/register_fields_eval.py --data-dir /tmp/regfields-data [--controls /tmp/regfields-data2]
Writes evaluations/out/register_fields_eval.json and prints Markdown tables.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "evaluations" / "data" / "register_dev.json"
OUT = ROOT / "evaluations" / "out" / "register_fields_eval.json"


# the same matching as the register evaluation (tokens, F1, plain text, greedy one-to-one)
from register_eval import f1, match, plain  # noqa: E402  (evaluations/ is sys.path[0])


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def extract(store, doc_id: str):
    from register.extract import extract_register

    doc = store.get_document(doc_id)
    return extract_register(doc_id, store.blocks(doc_id), store.tables(doc_id), doc.programme)


def in_scope(item_programme, gold: dict) -> bool:
    from register.programmes import same_programme

    progs = gold.get("programmes")
    if not progs:
        return True
    return any(same_programme(item_programme, p) for p in progs)


def evaluate_doc(gold: dict, reg) -> dict:
    from register.grid import parse_value

    budgets = [b for b in reg.budgets if in_scope(b.programme, gold)]
    ga = Counter(round(float(b["amount_eur"]), 2) for b in gold["budgets"])
    pa = Counter(round(float(b.amount_eur), 2) for b in budgets)
    gay = Counter((round(float(b["amount_eur"]), 2), str(b.get("year"))) for b in gold["budgets"])
    pay = Counter((round(float(b.amount_eur), 2), str(b.year)) for b in budgets)
    res = {"budgets": {"tp": sum((ga & pa).values()), "tp_year": sum((gay & pay).values()),
                       "pred": sum(pa.values()), "gold": sum(ga.values())}}

    gi = gold["indicators"]
    pi = [i for i in reg.indicators if in_scope(i.programme, gold)]
    m = match(gi, pi, lambda g, p: f1(g["name"], p.name), 0.6)
    ok = n = parsed_ok = parsed_n = 0
    wrong = []
    for i, g in enumerate(gi):
        p = pi[m[i]] if i in m else None
        checks = [("baseline", g["baseline"], p.baseline if p else None),
                  ("baseline_year", g["baseline_year"], p.baseline_year if p else None)]
        checks += [(f"target {y}", v, p.targets.get(y) if p else None) for y, v in g["targets"].items()]
        if p is not None:  # a predicted target for a year the gold has none of is wrong too
            checks += [(f"target {y}", None, v) for y, v in p.targets.items() if y not in g["targets"]]
        for field, want, got in checks:
            n += 1
            if want is None:
                good = got in (None, "")
            else:
                good = got is not None and str(got).strip() == str(want).strip()
            ok += int(good)
            if not good:
                wrong.append(f"{g['name'][:40]}: {field} gold={want!r} got={got!r}")
        if g["baseline"] is not None:
            parsed_n += 1
            want_v = parse_value(str(g["baseline"]))
            parsed_ok += int(p is not None and p.baseline_value is not None and want_v is not None
                             and abs(p.baseline_value - want_v) < 1e-9)
    res["indicators"] = {"matched": len(m), "gold": len(gi), "pred": len(pi), "fields_ok": ok, "fields_n": n,
                         "baseline_parsed_ok": parsed_ok, "baseline_parsed_n": parsed_n, "wrong": wrong,
                         "extra": [p.name for j, p in enumerate(pi) if j not in set(m.values())]}

    go = Counter((plain(o["role"]), plain(o["name"])) for o in gold["owners"])
    owners = [o for o in reg.owners if in_scope(o.programme, gold)] if gold.get("programmes") else reg.owners
    po = Counter((plain(o.role), plain(o.name)) for o in owners)
    outcomes = getattr(reg, "owner_outcomes", [])
    none_named = any(getattr(o, "status", None) and o.status.value == "none_named" for o in outcomes)
    res["owners"] = {"tp": sum((go & po).values()), "pred": sum(po.values()), "gold": sum(go.values()),
                     "gold_none": not gold["owners"], "said_none": none_named and not owners,
                     "missed": sorted(map(list, (go - po).elements())), "extra": sorted(map(list, (po - go).elements()))}
    return res


def summary(r: dict) -> dict:
    b, i, o = r["budgets"], r["indicators"], r["owners"]
    return {"budget_P": ratio(b["tp"], b["pred"]), "budget_R": ratio(b["tp"], b["gold"]),
            "budget_R_year": ratio(b["tp_year"], b["gold"]),
            "ind_P": ratio(i["matched"], i["pred"]), "ind_R": ratio(i["matched"], i["gold"]),
            "ind_fields": ratio(i["fields_ok"], i["fields_n"]),
            "baseline_parsed": ratio(i["baseline_parsed_ok"], i["baseline_parsed_n"]),
            "owner_P": ratio(o["tp"], o["pred"]), "owner_R": ratio(o["tp"], o["gold"]),
            "no_owner_said": (o["said_none"] if o["gold_none"] else None)}


def controls(data_dir: str, gold_ids: set[str]) -> list[dict]:
    from beleid.config import load_settings
    from beleid.store import Store

    store = Store(load_settings(data_dir).db_path)
    rows = []
    for doc in store.documents():
        if doc.doc_id in gold_ids:
            continue
        reg = extract(store, doc.doc_id)
        table_lines = [b for b in reg.budgets if b.kind is not None or b.table]
        rows.append({"doc_id": doc.doc_id, "kind": doc.kind, "tables": len(store.tables(doc.doc_id)),
                     "budget_lines": len(reg.budgets), "table_lines": len(table_lines),
                     "indicators": len(reg.indicators),
                     "amounts": [(b.page, b.item[:50], b.amount_eur) for b in reg.budgets][:40]})
    return rows


def consistency(reg) -> list[dict]:
    """Gold-free check on every programme of a budget: the taakveld lines of a kind (baten, lasten)
    add up to the table's own "Totaal <kind>" line, within the rounding of the printed unit
    (half a unit per added line). Covers the programmes that have no gold."""
    out = []
    progs = sorted({b.programme for b in reg.budgets if b.programme and b.kind in ("baten", "lasten")})
    for prog in progs:
        row = {"programme": prog}
        for kind in ("baten", "lasten"):
            lines = [b for b in reg.budgets if b.programme == prog and b.kind == kind]
            parts = [b for b in lines if not b.is_total]
            totals = [b for b in lines if b.is_total and re.match(r"^\s*totaal", b.item, re.I)]
            if not parts or not totals:
                row[kind] = None
                continue
            tol = max(b.unit for b in parts) / 2 * len(parts) + 0.01
            row[kind] = {"n": len(parts), "sum": round(sum(b.amount_eur for b in parts), 2),
                         "total": totals[0].amount_eur, "ok": abs(sum(b.amount_eur for b in parts)
                                                                  - totals[0].amount_eur) <= tol}
        out.append(row)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, help="data dir with the 7 gold documents ingested")
    ap.add_argument("--controls", nargs="*", default=[], help="data dirs with other documents (negative controls)")
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("-v", "--verbose", action="store_true", help="print the wrong fields and extra lines")
    args = ap.parse_args()

    from beleid.config import load_settings
    from beleid.store import Store

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    store = Store(load_settings(args.data_dir).db_path)
    per_doc, totals = {}, {"budgets": Counter(), "indicators": Counter(), "owners": Counter()}
    for g in gold:
        r = evaluate_doc(g, extract(store, g["doc_id"]))
        per_doc[g["doc_id"]] = {"counts": r, "metrics": summary(r)}
        for k in totals:
            totals[k].update({x: v for x, v in r[k].items() if isinstance(v, (int, bool)) and not isinstance(v, bool)})
    cols = ["budget_P", "budget_R", "budget_R_year", "ind_P", "ind_R", "ind_fields", "baseline_parsed",
            "owner_P", "owner_R", "no_owner_said"]
    fmt = lambda v: "n/a" if v is None else (str(v).lower() if isinstance(v, bool) else f"{v:.2f}")
    print("| document | budgets pred/gold | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for d, v in per_doc.items():
        c = v["counts"]["budgets"]
        print(f"| {d} | {c['pred']}/{c['gold']} | " + " | ".join(fmt(v["metrics"][k]) for k in cols) + " |")
    tot = {"budgets": dict(totals["budgets"]), "indicators": dict(totals["indicators"]),
           "owners": dict(totals["owners"])}
    t = tot
    print(f"| **overall** | {t['budgets'].get('pred', 0)}/{t['budgets'].get('gold', 0)} | "
          f"{fmt(ratio(t['budgets'].get('tp', 0), t['budgets'].get('pred', 0)))} | "
          f"{fmt(ratio(t['budgets'].get('tp', 0), t['budgets'].get('gold', 0)))} | "
          f"{fmt(ratio(t['budgets'].get('tp_year', 0), t['budgets'].get('gold', 0)))} | "
          f"{fmt(ratio(t['indicators'].get('matched', 0), t['indicators'].get('pred', 0)))} | "
          f"{fmt(ratio(t['indicators'].get('matched', 0), t['indicators'].get('gold', 0)))} | "
          f"{fmt(ratio(t['indicators'].get('fields_ok', 0), t['indicators'].get('fields_n', 0)))} | "
          f"{fmt(ratio(t['indicators'].get('baseline_parsed_ok', 0), t['indicators'].get('baseline_parsed_n', 0)))} | "
          f"{fmt(ratio(t['owners'].get('tp', 0), t['owners'].get('pred', 0)))} | "
          f"{fmt(ratio(t['owners'].get('tp', 0), t['owners'].get('gold', 0)))} | |")
    if args.verbose:
        for d, v in per_doc.items():
            c = v["counts"]
            print(f"\n## {d}")
            print("  indicator fields wrong:", *c["indicators"]["wrong"], sep="\n    ")
            print("  extra indicators:", c["indicators"]["extra"])
            print("  owners missed:", c["owners"]["missed"], "extra:", c["owners"]["extra"])
    checks, extra_lists = {}, {}
    for g in gold:
        if g.get("programmes"):
            reg = extract(store, g["doc_id"])
            checks[g["doc_id"]] = consistency(reg)
            # the gold's extra lists (tables outside the programme sections): found as (amount, year) anywhere
            have = Counter((round(b.amount_eur, 2), b.year) for b in reg.budgets)
            for key in [k for k in g if k.startswith("budgets_")]:
                want = Counter((round(float(b["amount_eur"]), 2), str(b["year"])) for b in g[key])
                extra_lists[f"{g['doc_id']} {key}"] = {"found": sum((want & have).values()), "gold": sum(want.values())}
    for k, v in extra_lists.items():
        print(f"extra gold list {k}: {v['found']}/{v['gold']} (amount and year) in the register")
    for d, rows in checks.items():
        print(f"\nConsistency on every programme of {d} (taakveld lines add up to the table's total; no gold "
              "needed):\n")
        print("| programme | baten lines | baten sum = Totaal baten | lasten lines | lasten sum = Totaal lasten |")
        print("|---|---|---|---|---|")
        for r in rows:
            cell = lambda k: ("n/a", "n/a") if r[k] is None else (str(r[k]["n"]), f"{'yes' if r[k]['ok'] else 'NO'} "
                                                                   f"({r[k]['sum']:,.0f} vs {r[k]['total']:,.0f})")
            print(f"| {r['programme']} | {cell('baten')[0]} | {cell('baten')[1]} | {cell('lasten')[0]} | "
                  f"{cell('lasten')[1]} |")
    ctrl = [r for d in args.controls for r in controls(d, {g["doc_id"] for g in gold})]
    if ctrl:
        print("\nNegative controls / other documents:\n")
        print("| document | kind | tables | budget lines | from tables | indicators |")
        print("|---|---|---|---|---|---|")
        for r in ctrl:
            print(f"| {r['doc_id']} | {r['kind']} | {r['tables']} | {r['budget_lines']} | {r['table_lines']} | "
                  f"{r['indicators']} |")
        if args.verbose:
            for r in ctrl:
                print(f"\n{r['doc_id']}:", *r["amounts"], sep="\n  ")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"documents": per_doc, "overall": tot, "controls": ctrl, "consistency": checks,
                              "extra_lists": extra_lists}, ensure_ascii=False,
                              indent=2, default=str), encoding="utf-8")
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
