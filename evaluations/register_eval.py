"""Evaluate the goal register against evaluations/data/register_dev.json (= ../shared/gold/register_dev.json).

Every dev document is scored separately and in total. A gold entry with ``programmes`` (the Wassenaar
programmabegroting: P5 and P6 of a 201-page budget) is scored once per programme: its gold items are the ones
of that programme, and the predicted items in scope are those on the programme's pages (from the first gold
page of the programme to the page before the next programme starts, or to its last gold page). So the rest of
the budget is neither rewarded nor punished.

Metrics, per document and overall:
  goals P/R/F1     a predicted goal matches a gold goal of the same doc at token F1 >= 0.8 (one-to-one, greedy)
  hierarchy acc    matched gold goals whose predicted level and parent (mapped through the match) are right;
                   plus a confusion matrix of gold level x predicted level
  indicators P/R   matched by name (token F1 >= 0.6); field acc = baseline, baseline year, each yearly target
  budgets P/R      amount_eur exact (multiset of amounts)
  owners P/R       role and name (case-insensitive, accents ignored); n/a where gold and register are both empty
  SMART/eval       agreement per letter and for the evaluation flag over matched goals, with 2x2 confusion counts

Documents come from corpus/ (or ../shared/corpus) and ../shared/real. They are ingested into the data dir when
missing, or when the ingest code (ingest/*.py) changed since they were ingested there (a fingerprint is kept in
the data dir), so a data dir can be reused across runs. The register stage is then re-run on every document, so
the figures always belong to the register code in this checkout.

Usage:
  python evaluations/register_eval.py                          # fresh temp data dir
  python evaluations/register_eval.py --data-dir /tmp/reg-data  # create or reuse a data dir
  python evaluations/register_eval.py --data-dir DIR --negative-control   # also count goals on no-goal documents
Writes evaluations/out/register_eval.json and prints Markdown tables.
"""
from __future__ import annotations

import argparse
import hashlib
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
PDF_DIRS = [ROOT / "corpus", ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "real"]
# Documents without goals (a province memo, a Wob decision on a scan, an evaluation report, a rekenkamer proposal):
# the register should find (near) zero goals in them.
NEGATIVE = ["16_overijssel_GS_nota_mandaat_windbeleid_2023", "11_amsterdam_wobbesluit_ict_contracten_2018_scanOCR",
            "2018-verwey-jonker-transformatie-sociaal-domein", "25_ocw_inspectie_wobbesluit_svpo_2021_partlyscanned",
            "denhaag_evaluatie_GR_MRDH_zienswijze_raadsvoorstel_2025"]
LETTERS = ("S", "M", "A", "R", "T")


def toks(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s or "").lower()
    return re.findall(r"[0-9a-zà-ÿ]+", s)


def f1(a: str, b: str) -> float:
    ta, tb = toks(a), toks(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    return 0.0 if not common else 2 * common / (len(ta) + len(tb))


def plain(s: str | None) -> str:
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


def pr(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None]:
    if not n_pred and not n_gold:
        return None, None
    return (tp / n_pred if n_pred else 1.0 if not n_gold else 0.0, tp / n_gold if n_gold else 1.0)


# --- gold units --------------------------------------------------------------------------------------------------

def units(gold: list[dict]) -> list[dict]:
    """One scoring unit per document, or per programme for a document with ``programmes``."""
    out = []
    for g in gold:
        progs = g.get("programmes")
        if not progs:
            out.append({"name": g["doc_id"], "doc_id": g["doc_id"], "pages": None, "gold": g})
            continue
        starts = {p: min(x["page"] for k in ("goals", "indicators", "budgets") for x in g[k] if x.get("programme") == p)
                  for p in progs}
        ends = {p: max(x["page"] for k in ("goals", "indicators", "budgets") for x in g[k] if x.get("programme") == p)
                for p in progs}
        order = sorted(progs, key=lambda p: starts[p])
        for n, p in enumerate(order):
            end = starts[order[n + 1]] - 1 if n + 1 < len(order) else ends[p]
            sub = {k: [x for x in g[k] if x.get("programme") == p] for k in ("goals", "indicators", "budgets")}
            sub["owners"] = [o for o in g["owners"] if o.get("programme") in (None, p)]
            sub["doc_id"] = g["doc_id"]
            out.append({"name": f"{g['doc_id']} [{p}]", "doc_id": g["doc_id"], "pages": (starts[p], end),
                        "programme": p, "gold": sub})
    return out


def scoped(reg: dict, pages: tuple[int, int] | None) -> dict:
    if pages is None:
        return reg
    lo, hi = pages
    inside = lambda x: lo <= int(x.get("page") or 0) <= hi
    return {"goals": [g for g in reg["goals"] if inside(g)], "indicators": [i for i in reg["indicators"] if inside(i)],
            "budgets": [b for b in reg["budgets"] if inside(b)],
            "owners": [o for o in reg["owners"] if inside(o) or not o.get("page")]}


# --- scoring -----------------------------------------------------------------------------------------------------

def evaluate_doc(gold: dict, reg: dict) -> dict:
    pg = list(reg["goals"])
    gg = gold["goals"]
    m = match(gg, pg, lambda g, p: f1(g["text"], p["text"]), 0.8)
    res: dict = {"goals": {"tp": len(m), "pred": len(pg), "gold": len(gg)}}
    pred_to_gold = {pg[j]["id"]: gg[i]["id"] for i, j in m.items()}
    hier_ok = parent_ok_n = 0
    levels: Counter = Counter()
    for i, j in m.items():
        g, p = gg[i], pg[j]
        parent_ok = (g["parent"] is None and p["parent"] is None) or \
                    (g["parent"] is not None and pred_to_gold.get(p["parent"]) == g["parent"])
        parent_ok_n += int(parent_ok)
        hier_ok += int(parent_ok and g["level"] == p["level"])
        levels[f"{g['level']}->{p['level']}"] += 1
    res["hierarchy"] = {"ok": hier_ok, "parent_ok": parent_ok_n, "n": len(m)}
    res["level_confusion"] = dict(levels)
    agree = {k: {"ok": 0, "n": len(m), "tt": 0, "tf": 0, "ft": 0, "ff": 0} for k in (*LETTERS, "evaluation")}
    for i, j in m.items():
        for k in (*LETTERS, "evaluation"):
            gv = bool(gg[i]["smart"][k]) if k in LETTERS else bool(gg[i]["evaluation"])
            pv = bool(pg[j]["smart"].get(k)) if k in LETTERS else bool(pg[j]["evaluation"])
            agree[k]["ok"] += int(gv == pv)
            agree[k][("t" if gv else "f") + ("t" if pv else "f")] += 1  # gold, predicted
    res["agreement"] = agree
    gi, pi = gold["indicators"], reg["indicators"]
    mi = match(gi, pi, lambda g, p: f1(g["name"], p["name"]), 0.6)
    fields_ok = fields_n = 0
    for i, g in enumerate(gi):
        p = pi[mi[i]] if i in mi else None
        checks = [(g["baseline"], p and p["baseline"]), (g["baseline_year"], p and p["baseline_year"])]
        checks += [(v, p and p["targets"].get(y)) for y, v in g["targets"].items()]
        for want, got in checks:
            fields_n += 1
            if want is None:  # the document gives no value: none must be invented (as register_fields_eval.py)
                fields_ok += int(p is not None and got in (None, ""))
            else:
                fields_ok += int(got is not None and str(got).strip() == str(want).strip())
    res["indicators"] = {"matched": len(mi), "gold": len(gi), "pred": len(pi), "fields_ok": fields_ok,
                         "fields_n": fields_n}
    ga = Counter(round(float(b["amount_eur"]), 2) for b in gold["budgets"])
    pa = Counter(round(float(b["amount_eur"]), 2) for b in reg["budgets"] if b.get("amount_eur") is not None)
    res["budgets"] = {"tp": sum((ga & pa).values()), "pred": sum(pa.values()), "gold": sum(ga.values())}
    go = Counter((plain(o["role"]), plain(o["name"])) for o in gold["owners"])
    po = Counter((plain(o["role"]), plain(o["name"])) for o in reg["owners"] if o.get("name") or o.get("role"))
    res["owners"] = {"tp": sum((go & po).values()), "pred": sum(po.values()), "gold": sum(go.values())}
    res["unmatched_gold_goals"] = [f"p{gg[i]['page']} {gg[i]['text']}" for i in range(len(gg)) if i not in m]
    res["unmatched_pred_goals"] = [f"p{pg[j]['page']} {pg[j]['text']}" for j in range(len(pg)) if j not in set(m.values())]
    return res


def summarise(r: dict) -> dict:
    gp, gr = pr(r["goals"]["tp"], r["goals"]["pred"], r["goals"]["gold"])
    ip, ir = pr(r["indicators"]["matched"], r["indicators"]["pred"], r["indicators"]["gold"])
    bp, br = pr(r["budgets"]["tp"], r["budgets"]["pred"], r["budgets"]["gold"])
    op, orr = pr(r["owners"]["tp"], r["owners"]["pred"], r["owners"]["gold"])
    out = {"goal_P": gp, "goal_R": gr,
           "goal_F1": (2 * gp * gr / (gp + gr) if gp and gr else 0.0),
           "hierarchy_acc": r["hierarchy"]["ok"] / r["hierarchy"]["n"] if r["hierarchy"]["n"] else None,
           "indicator_P": ip, "indicator_R": ir,
           "indicator_field_acc": (r["indicators"]["fields_ok"] / r["indicators"]["fields_n"]
                                   if r["indicators"]["fields_n"] else None),
           "budget_P": bp, "budget_R": br, "owner_P": op, "owner_R": orr}
    for k, v in r["agreement"].items():
        out[f"agree_{k}"] = v["ok"] / v["n"] if v["n"] else None
    return out


def add(a: dict, b: dict) -> dict:
    if not a:
        return json.loads(json.dumps(b))
    out = {}
    for k in dict.fromkeys([*a, *b]):
        v = b.get(k, a.get(k))
        if isinstance(v, dict):
            out[k] = add(a.get(k, {}), b.get(k, {}))
        elif isinstance(v, (int, float)):
            out[k] = a.get(k, 0) + b.get(k, 0)
        elif isinstance(v, list):
            out[k] = a.get(k, []) + b.get(k, [])
    return out


# --- data ------------------------------------------------------------------------------------------------------

def find_pdf(doc_id: str) -> Path:
    for d in PDF_DIRS:
        p = d / f"{doc_id}.pdf"
        if p.exists():
            return p
    raise SystemExit(f"register_eval: no PDF for '{doc_id}' in {', '.join(str(d) for d in PDF_DIRS)}")


def ingest_fingerprint() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "ingest").glob("*.py")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def prepare(data_dir: str | None, doc_ids: list[str], log=print):
    """Settings and store of a data dir holding ``doc_ids``, parsed by the current ingest code."""
    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths

    data_dir = data_dir or tempfile.mkdtemp(prefix="register-eval-")
    settings = load_settings(data_dir)
    store = Store(settings.db_path)
    stamp_path = Path(data_dir) / "register_eval_ingest.json"
    stamps = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    fp = ingest_fingerprint()
    todo = []
    for d in doc_ids:
        if store.has_document(d) and stamps.get(d) == fp:
            continue
        if store.has_document(d):
            store.delete_document(d)
        todo.append(d)
    if todo:
        log(f"ingesting {len(todo)} document(s) into {data_dir}: {', '.join(todo)}")
        rep = ingest_paths([find_pdf(d) for d in todo], settings, store)
        for r in rep.results:
            if r.status == "failed":
                raise SystemExit(f"register_eval: {r.path}: {r.reason}")
            stamps[r.doc_id] = fp
        stamp_path.write_text(json.dumps(stamps, indent=1))
    return settings, store, data_dir


def registers(settings, store, doc_ids: list[str], force_extract: bool = False) -> dict[str, dict]:
    """The register of each document as the register stage of this checkout writes it."""
    from register.export import to_json
    from register.extract import extract_register
    from register.stage import RegisterStage
    from register.store import load

    stage = RegisterStage()
    out = {}
    for d in doc_ids:
        doc = store.get_document(d)
        if force_extract:  # the register of the text whatever the document's kind (negative control)
            out[d] = to_json(extract_register(d, store.blocks(d), store.tables(d), doc.programme))
        else:
            stage.run(store, settings, doc)
            out[d] = to_json(load(store, doc_id=d))
    return out


COLS = ["goal_P", "goal_R", "goal_F1", "hierarchy_acc", "indicator_P", "indicator_R", "indicator_field_acc",
        "budget_P", "budget_R", "owner_P", "owner_R", "agree_S", "agree_M", "agree_A", "agree_R", "agree_T",
        "agree_evaluation"]


def table(rows: dict[str, dict], overall: dict) -> str:
    fmt = lambda v: "n/a" if v is None else f"{v:.2f}"
    lines = ["| document | " + " | ".join(COLS) + " |", "|---|" + "---|" * len(COLS)]
    for d, v in rows.items():
        lines.append(f"| {d} | " + " | ".join(fmt(v[c]) for c in COLS) + " |")
    lines.append("| **overall** | " + " | ".join(fmt(overall[c]) for c in COLS) + " |")
    return "\n".join(lines)


def score(gold: list[dict], regs: dict[str, dict]) -> tuple[dict, dict, dict]:
    per_unit, total = {}, {}
    for u in units(gold):
        r = evaluate_doc(u["gold"], scoped(regs[u["doc_id"]], u["pages"]))
        per_unit[u["name"]] = {"counts": r, "metrics": summarise(r), "pages": u["pages"]}
        total = add(total, r)
    return per_unit, total, summarise(total)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None, help="data dir to create or reuse (documents are ingested when missing)")
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--negative-control", action="store_true",
                    help="also ingest documents without goals and count the goals the register finds in them")
    ap.add_argument("--quiet", action="store_true", help="do not list missed and extra goals")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    t0 = time.time()
    doc_ids = [g["doc_id"] for g in gold]
    neg = NEGATIVE if args.negative_control else []
    settings, store, data_dir = prepare(args.data_dir, doc_ids + neg, log=lambda s: print(s, file=sys.stderr))
    regs = registers(settings, store, doc_ids)
    per_unit, total, overall = score(gold, regs)
    cmd = "python evaluations/register_eval.py" + (f" --data-dir {args.data_dir}" if args.data_dir else "") + \
          (" --negative-control" if args.negative_control else "")
    print(f"Command: `{cmd}` (data dir {data_dir}, {time.time() - t0:.1f}s)\n")
    print(table({d: v["metrics"] for d, v in per_unit.items()}, overall))
    print("\nCounts (goals tp/pred/gold; hierarchy ok/n; level confusion gold->pred):")
    for d, v in per_unit.items():
        c = v["counts"]
        print(f"- {d}: goals {c['goals']['tp']}/{c['goals']['pred']}/{c['goals']['gold']}; "
              f"hierarchy {c['hierarchy']['ok']}/{c['hierarchy']['n']}; levels {c['level_confusion']}")
    print("\nSMART/evaluation confusion over matched goals (tt tf ft ff = gold/predicted true/false):")
    for k, v in total["agreement"].items():
        print(f"- {k}: tt {v['tt']} tf {v['tf']} ft {v['ft']} ff {v['ff']}")
    negative = {}
    if neg:
        neg_regs = registers(settings, store, neg)
        raw = registers(settings, store, neg, force_extract=True)
        print("\nNegative control (documents without goals): goals found by the register stage / by extraction "
              "ignoring the document kind")
        for d in neg:
            kind = store.get_document(d).kind
            negative[d] = {"kind": kind, "stage_goals": len(neg_regs[d]["goals"]), "extract_goals": len(raw[d]["goals"]),
                           "goals": [g["text"] for g in raw[d]["goals"]]}
            print(f"- {d} (kind {kind}): {negative[d]['stage_goals']} / {negative[d]['extract_goals']}")
    if not args.quiet:
        for d, v in per_unit.items():
            c = v["counts"]
            if c["unmatched_gold_goals"] or c["unmatched_pred_goals"]:
                print(f"\n{d}:\n  missed: " + "\n          ".join(c["unmatched_gold_goals"]) +
                      "\n  extra:  " + "\n          ".join(c["unmatched_pred_goals"]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"command": cmd, "overall": overall, "documents": per_unit, "negative_control": negative},
                              ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
