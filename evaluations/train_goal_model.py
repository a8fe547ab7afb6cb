"""Train the learned goal detector (register/goal_model.py) on the development gold, and measure it honestly.

Every sentence and list item of a gold document is a candidate; it is a goal when it matches a gold goal at token
F1 >= 0.8 (the register_eval criterion). For the Wassenaar budget only the candidates on the pages of the two gold
programmes (P5, P6) are used, since the rest of the budget has no gold.

--loo: leave one PDF out. For each of the six gold PDFs a model is trained on the other five and the full register
extraction with that model is scored on the held-out PDF with register_eval's scoring, per scoring unit. The
Wassenaar budget is ONE PDF holding two units (P5 and P6): both are held out together (neither programme's
candidates are in training when either is scored), because they share layout, headings and wording.
--write: train on all six PDFs and write register/goal_model.json.

Usage:
  python evaluations/train_goal_model.py --data-dir /tmp/reg-data --loo --write
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluations"))

import register_eval as RE  # noqa: E402

OUT = ROOT / "evaluations" / "out" / "goal_model_loo.json"
OUT_MODEL_ONLY = ROOT / "evaluations" / "out" / "goal_model_only_loo.json"
C = 0.5
POS_WEIGHT = 2.0
MODEL_ONLY_THRESHOLD = 0.5  # --model-only: a candidate is a goal from this probability on


def doc_candidates(store, gold_doc: dict, units: list[dict]):
    """(candidates with label and gold level) of one gold PDF, restricted to its gold pages."""
    from register.goal_model import candidates
    from register.goals import find_goals
    from register.segment import pieces

    d = gold_doc["doc_id"]
    pcs = pieces(sorted(store.blocks(d), key=lambda b: (b.page, b.order)))
    cands = candidates(pcs, find_goals(pcs))
    mine = [u for u in units if u["doc_id"] == d]
    ranges = [u["pages"] for u in mine if u["pages"] is not None]
    out = []
    for c in cands:
        if ranges and not any(lo <= c.page <= hi for lo, hi in ranges):
            continue
        best, level = 0.0, None
        for g in gold_doc["goals"]:
            s = RE.f1(c.text, g["text"])
            if s > best:
                best, level = s, g["level"]
        out.append((c, best >= 0.8, level if best >= 0.8 else None))
    return out


def embed_candidates(rows: dict, model_name: str, cache_path: Path) -> None:
    """Add the sentence embedding of every candidate as dense features ("e5_0" ... "e5_383"), from an embedder
    of the index stage passed in by name (the register stage itself imports no other stage); vectors are cached
    by text in ``cache_path`` (e5 on 2 shared cores: a few candidates per second)."""
    import numpy as np

    from index.embedders import get_embedder

    cache = dict(np.load(cache_path, allow_pickle=True)["cache"].item()) if cache_path.exists() else {}
    texts = sorted({c.text for r in rows.values() for c, _, _ in r} - set(cache))
    if texts:
        emb = get_embedder(model_name)
        for i in range(0, len(texts), 32):
            vecs = emb.embed_batch(texts[i:i + 32])
            cache.update({t: v.astype("float32") for t, v in zip(texts[i:i + 32], vecs)})
            print(f"  embedded {min(i + 32, len(texts))}/{len(texts)}", file=sys.stderr, flush=True)
            if i % 320 == 0:
                np.savez(cache_path, cache=np.array(cache, dtype=object))
        np.savez(cache_path, cache=np.array(cache, dtype=object))
    for r in rows.values():
        for c, _, _ in r:
            c.features.update({f"e5_{k}": float(x) for k, x in enumerate(cache[c.text])})

    def embed(texts: list[str]):
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            print(f"  embedding {len(missing)} more candidates of the held-out document", file=sys.stderr, flush=True)
            cache.update(zip(missing, get_embedder(model_name).embed_batch(missing)))
            np.savez(cache_path, cache=np.array(cache, dtype=object))
        return [cache[t] for t in texts]

    return embed


def train(rows, uses_rules: bool = True):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from register.goal_model import THRESHOLD, GoalModel

    strip = (lambda f: f) if uses_rules else (lambda f: {k: v for k, v in f.items() if not k.startswith("rule")})
    X = [strip(c.features) for c, _, _ in rows]
    y = [int(lab) for _, lab, _ in rows]
    vec = DictVectorizer()
    Xv = vec.fit_transform(X)
    clf = LogisticRegression(C=C, max_iter=2000, class_weight={0: 1.0, 1: POS_WEIGHT})
    clf.fit(Xv, y)
    names = vec.get_feature_names_out()
    weights = {n: round(float(w), 5) for n, w in zip(names, clf.coef_[0]) if abs(w) > 1e-5}
    pos = [(strip(c.features), lv) for c, lab, lv in rows if lab]
    lw, lb = {}, {}
    levels = sorted({lv for _, lv in pos})
    if len(levels) >= 2:
        Xl = vec.transform([f for f, _ in pos])
        lclf = LogisticRegression(C=C, max_iter=2000)
        lclf.fit(Xl, [lv for _, lv in pos])
        coefs = lclf.coef_ if len(lclf.classes_) > 2 else [-lclf.coef_[0], lclf.coef_[0]]
        inter = lclf.intercept_ if len(lclf.classes_) > 2 else [-lclf.intercept_[0], lclf.intercept_[0]]
        for cls, row, b in zip(lclf.classes_, coefs, inter):
            lw[str(cls)] = {n: round(float(w), 5) for n, w in zip(names, row) if abs(w) > 1e-5}
            lb[str(cls)] = round(float(b), 5)
    elif levels:
        lw, lb = {levels[0]: {}}, {levels[0]: 0.0}
    return GoalModel(weights, round(float(clf.intercept_[0]), 5), lw, lb,
                     threshold=THRESHOLD if uses_rules else MODEL_ONLY_THRESHOLD, uses_rules=uses_rules)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--gold", default=str(RE.GOLD))
    ap.add_argument("--loo", action="store_true")
    ap.add_argument("--write", action="store_true", help="train on all gold PDFs and write register/goal_model.json")
    ap.add_argument("--embeddings", default=None, metavar="MODEL",
                    help="experiment: add sentence embeddings of the candidates (e.g. multilingual-e5-small) as "
                         "features in the LOO (not shipped: the register stage gets no embedder)")
    ap.add_argument("--model-only", action="store_true",
                    help="LOO of a model trained without the rules' decisions as features, choosing goals on its own "
                         "(how far the learned part alone carries on a held-out document)")
    args = ap.parse_args()
    from register.export import to_json
    from register.extract import extract_register
    from register.goal_model import MODEL_PATH

    t0 = time.time()
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    settings, store, data_dir = RE.prepare(args.data_dir, [g["doc_id"] for g in gold], log=lambda s: print(s, file=sys.stderr))
    units = RE.units(gold)
    rows = {g["doc_id"]: doc_candidates(store, g, units) for g in gold}
    for d, r in rows.items():
        print(f"- {d}: {len(r)} candidates, {sum(lab for _, lab, _ in r)} match a gold goal")
    if args.embeddings:
        if args.write:
            raise SystemExit("train_goal_model: --embeddings is an experiment; it cannot be combined with --write")
        embed = embed_candidates(rows, args.embeddings, Path(args.data_dir) / f"goal_candidates_{args.embeddings}.npz")
    else:
        embed = None
    result = {"command": "python evaluations/train_goal_model.py --data-dir DIR" + (" --loo" if args.loo else "")
              + (f" --embeddings {args.embeddings}" if args.embeddings else "")
              + (" --model-only" if args.model_only else "") + (" --write" if args.write else ""), "C": C,
              "pos_weight": POS_WEIGHT}
    if args.loo:
        per_unit, total = {}, {}
        rules_only = {}
        for d in rows:
            doc = store.get_document(d)
            rules_only[d] = to_json(extract_register(d, store.blocks(d), store.tables(d), doc.programme, goal_model=None))
        for held in rows:
            model = train([x for d, r in rows.items() if d != held for x in r], uses_rules=not args.model_only)
            doc = store.get_document(held)
            reg = to_json(extract_register(held, store.blocks(held), store.tables(held), doc.programme, goal_model=model,
                                           embed=embed))
            for u in units:
                if u["doc_id"] != held:
                    continue
                r = RE.evaluate_doc(u["gold"], RE.scoped(reg, u["pages"]))
                r0 = RE.evaluate_doc(u["gold"], RE.scoped(rules_only[held], u["pages"]))
                per_unit[u["name"]] = {"metrics": RE.summarise(r), "goals": r["goals"],
                                       "rules_only": RE.summarise(r0), "rules_only_goals": r0["goals"],
                                       "missed": r["unmatched_gold_goals"], "extra": r["unmatched_pred_goals"]}
                total = RE.add(total, r)
        overall = RE.summarise(total)
        cols = ["goal_P", "goal_R", "goal_F1", "hierarchy_acc", "agree_S", "agree_M", "agree_T", "agree_evaluation"]
        fmt = lambda v: "n/a" if v is None else f"{v:.2f}"
        print("\nLeave-one-PDF-out (model trained on the other PDFs; Wassenaar P5+P6 held out together):\n")
        print("| held-out document | " + " | ".join(cols) + " | tp/pred/gold | rules alone P/R/F1 |")
        print("|---|" + "---|" * (len(cols) + 2))
        for n, v in per_unit.items():
            g, r0 = v["goals"], v["rules_only"]
            print(f"| {n} | " + " | ".join(fmt(v["metrics"][c]) for c in cols) + f" | {g['tp']}/{g['pred']}/{g['gold']} | "
                  f"{fmt(r0['goal_P'])}/{fmt(r0['goal_R'])}/{fmt(r0['goal_F1'])} |")
        print("| **overall** | " + " | ".join(fmt(overall[c]) for c in cols) + " | | |")
        result["loo"] = {"documents": per_unit, "overall": overall}
    if args.write:
        model = train([x for r in rows.values() for x in r])
        MODEL_PATH.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        print(f"\nwrote {MODEL_PATH.relative_to(ROOT)} ({len(model.weights)} weights)")
    out = OUT_MODEL_ONLY if args.model_only else OUT
    if args.embeddings:
        out = out.with_name(out.stem + f"_{args.embeddings}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)} ({time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
