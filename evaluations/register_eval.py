"""Evaluate the goal register against evaluations/data/register_dev.json.

Metrics, per document and overall:
  goals P/R        a predicted goal matches a gold goal of the same doc at token F1 >= 0.8 (one-to-one)
  hierarchy acc    matched gold goals whose predicted level and parent (mapped through the match) are right
  indicator acc    per gold indicator (matched by name, token F1 >= 0.6): baseline, baseline year, each target
  budgets P/R      same doc, amount_eur exact (multiset)
  owners P/R       same doc, role and name (case-insensitive, accents ignored)
  SMART/eval       agreement per letter and for the evaluation flag over matched goals

Usage:
  .venv/bin/python evaluations/register_eval.py                 # ingests the two gold PDFs into a temp dir
  .venv/bin/python evaluations/register_eval.py --data-dir DIR  # uses an existing data dir (read only)
Writes evaluations/out/register_eval.json and prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "evaluations" / "data" / "register_dev.json"
OUT = ROOT / "evaluations" / "out" / "register_eval.json"


def toks(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s or "").lower()
    return re.findall(r"[0-9a-zà-ÿ]+", s)


def f1(a: str, b: str) -> float:
    ta, tb = toks(a), toks(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    return 0.0 if not common else 2 * common / (len(ta) + len(tb))


def plain(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())


def match(gold: list, pred: list, score, threshold: float) -> dict[int, int]:
    """Greedy one-to-one matching by score: gold index -> pred index."""
    pairs = sorted(((score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g, used_p, out = set(), set(), {}
    for s, i, j in pairs:
        if s < threshold or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out[i] = j
    return out


def pr(tp: int, n_pred: int, n_gold: int) -> tuple[float, float]:
    return (tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 1.0)


def evaluate_doc(gold: dict, reg: dict) -> dict:
    pg = [g for g in reg["goals"]]
    gg = gold["goals"]
    m = match(gg, pg, lambda g, p: f1(g["text"], p["text"]), 0.8)
    res: dict = {}
    res["goals"] = {"tp": len(m), "pred": len(pg), "gold": len(gg)}
    # hierarchy
    pred_to_gold = {pg[j]["id"]: gg[i]["id"] for i, j in m.items()}
    hier_ok = 0
    for i, j in m.items():
        g, p = gg[i], pg[j]
        parent_ok = (g["parent"] is None and p["parent"] is None) or \
                    (g["parent"] is not None and pred_to_gold.get(p["parent"]) == g["parent"])
        hier_ok += int(parent_ok and g["level"] == p["level"])
    res["hierarchy"] = {"ok": hier_ok, "n": len(m)}
    # SMART and evaluation agreement
    agree = {k: 0 for k in "SMART"}
    agree["evaluation"] = 0
    for i, j in m.items():
        for k in "SMART":
            agree[k] += int(bool(gg[i]["smart"][k]) == bool(pg[j]["smart"][k]))
        agree["evaluation"] += int(bool(gg[i]["evaluation"]) == bool(pg[j]["evaluation"]))
    res["agreement"] = {k: {"ok": v, "n": len(m)} for k, v in agree.items()}
    # indicators
    gi, pi = gold["indicators"], reg["indicators"]
    mi = match(gi, pi, lambda g, p: f1(g["name"], p["name"]), 0.6)
    fields_ok = fields_n = 0
    for i, g in enumerate(gi):
        p = pi[mi[i]] if i in mi else None
        checks = [(str(g["baseline"]), p and p["baseline"]), (str(g["baseline_year"]), p and p["baseline_year"])]
        checks += [(v, p and p["targets"].get(y)) for y, v in g["targets"].items()]
        for want, got in checks:
            fields_n += 1
            fields_ok += int(got is not None and str(got).strip() == str(want).strip())
    res["indicators"] = {"matched": len(mi), "gold": len(gi), "pred": len(pi), "fields_ok": fields_ok,
                         "fields_n": fields_n}
    # budgets: multiset of amounts
    ga = Counter(round(float(b["amount_eur"]), 2) for b in gold["budgets"])
    pa = Counter(round(float(b["amount_eur"]), 2) for b in reg["budgets"])
    res["budgets"] = {"tp": sum((ga & pa).values()), "pred": sum(pa.values()), "gold": sum(ga.values())}
    # owners
    go = Counter((plain(o["role"]), plain(o["name"])) for o in gold["owners"])
    po = Counter((plain(o["role"]), plain(o["name"])) for o in reg["owners"])
    res["owners"] = {"tp": sum((go & po).values()), "pred": sum(po.values()), "gold": sum(go.values())}
    res["unmatched_gold_goals"] = [gg[i]["text"] for i in range(len(gg)) if i not in m]
    res["unmatched_pred_goals"] = [pg[j]["text"] for j in range(len(pg)) if j not in set(m.values())]
    return res


def summarise(r: dict) -> dict:
    gp, gr = pr(r["goals"]["tp"], r["goals"]["pred"], r["goals"]["gold"])
    bp, br = pr(r["budgets"]["tp"], r["budgets"]["pred"], r["budgets"]["gold"])
    op, orr = pr(r["owners"]["tp"], r["owners"]["pred"], r["owners"]["gold"])
    out = {"goal_P": gp, "goal_R": gr,
           "hierarchy_acc": r["hierarchy"]["ok"] / r["hierarchy"]["n"] if r["hierarchy"]["n"] else 0.0,
           "indicator_field_acc": (r["indicators"]["fields_ok"] / r["indicators"]["fields_n"]
                                   if r["indicators"]["fields_n"] else None),
           "budget_P": bp, "budget_R": br, "owner_P": op, "owner_R": orr}
    for k, v in r["agreement"].items():
        out[f"agree_{k}"] = v["ok"] / v["n"] if v["n"] else 0.0
    return out


def add(a: dict, b: dict) -> dict:
    if not a:
        return json.loads(json.dumps(b))
    out = {}
    for k, v in b.items():
        if isinstance(v, dict):
            out[k] = add(a.get(k, {}), v)
        elif isinstance(v, (int, float)):
            out[k] = a.get(k, 0) + v
        elif isinstance(v, list):
            out[k] = a.get(k, []) + v
    return out


def load_register(data_dir: str | None, doc_ids: list[str]) -> tuple[dict, str]:
    from beleid.config import load_settings
    from beleid.store import Store
    from register.export import to_json
    from register.store import load

    if data_dir is None:
        tmp = tempfile.mkdtemp(prefix="register-eval-")
        settings = load_settings(tmp)
        store = Store(settings.db_path)
        from app.ingest import ingest_paths

        ingest_paths([str(ROOT / "corpus" / f"{d}.pdf") for d in doc_ids], settings, store)
        data_dir = tmp
    else:
        store = Store(load_settings(data_dir).db_path)
    regs = {d: to_json(load(store, doc_id=d)) for d in doc_ids}
    return regs, data_dir


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None, help="existing data dir with the gold documents ingested")
    ap.add_argument("--gold", default=str(GOLD))
    args = ap.parse_args()
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    t0 = time.time()
    regs, data_dir = load_register(args.data_dir, [g["doc_id"] for g in gold])
    per_doc, total = {}, {}
    for g in gold:
        r = evaluate_doc(g, regs[g["doc_id"]])
        per_doc[g["doc_id"]] = {"counts": r, "metrics": summarise(r)}
        total = add(total, r)
    overall = summarise(total)
    cols = ["goal_P", "goal_R", "hierarchy_acc", "indicator_field_acc", "budget_P", "budget_R", "owner_P", "owner_R",
            "agree_S", "agree_M", "agree_A", "agree_R", "agree_T", "agree_evaluation"]
    fmt = lambda v: "n/a" if v is None else f"{v:.2f}"
    lines = ["| document | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for d, v in per_doc.items():
        lines.append(f"| {d} | " + " | ".join(fmt(v["metrics"][c]) for c in cols) + " |")
    lines.append("| **overall** | " + " | ".join(fmt(overall[c]) for c in cols) + " |")
    cmd = "python evaluations/register_eval.py" + (f" --data-dir {args.data_dir}" if args.data_dir else "")
    print(f"Command: `{cmd}` (data dir {data_dir}, {time.time() - t0:.1f}s)\n")
    print("\n".join(lines))
    for d, v in per_doc.items():
        c = v["counts"]
        if c["unmatched_gold_goals"] or c["unmatched_pred_goals"]:
            print(f"\n{d}: missed {c['unmatched_gold_goals']}; extra {c['unmatched_pred_goals']}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"command": cmd, "overall": overall, "documents": per_doc}, ensure_ascii=False,
                              indent=2), encoding="utf-8")
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
