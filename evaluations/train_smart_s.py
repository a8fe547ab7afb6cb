"""Train the learned S judgement (register/smart.py: s_features, s_model.json) on the dev gold and measure it
honestly, leave one PDF out.

Training rows: every gold goal of register_dev.json (its text, its gold level, its gold S). Features: general cues of
concreteness only (vague phrase, change, number, act, deliverable, named object, abstract aim, level; see
register/smart.py), no words of one document.

--loo: for each gold PDF (the Wassenaar budget's P5 and P6 together), train on the gold goals of the other PDFs and
judge S of the goals the register finds in the held-out PDF (predicted text and predicted level, matched to gold at
token F1 >= 0.8 as in register_eval.py); agreement with the gold S per scoring unit, next to the S rule alone and a
baseline that says S for every operational goal and for no other.
--write: train on all gold goals and write register/s_model.json.
--no-veto: the ablation without the vague-language veto (register/smart.py: s_veto) in front of the model; writes
evaluations/out/smart_s_loo_noveto.json (and never the shipped model).

Usage:
  python evaluations/train_smart_s.py --data-dir /tmp/reg-data --loo --write
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

OUT = ROOT / "evaluations" / "out" / "smart_s_loo.json"
C = 1.0
VETO = True  # vague language vetoes S before the model (register/smart.py: s_veto)


def train(goals: list[dict]) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from register.smart import s_features

    X = [s_features(g["text"], g["level"]) for g in goals]
    y = [int(bool(g["smart"]["S"])) for g in goals]
    vec = DictVectorizer()
    clf = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)  # "bias" is a feature
    clf.fit(vec.fit_transform(X), y)
    weights = {n: round(float(w), 5) for n, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) > 1e-5}
    from register.smart import SModel

    return SModel.from_json({"weights": weights, "bias": 0.0, "threshold": 0.5, "veto": VETO})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--gold", default=str(RE.GOLD))
    ap.add_argument("--loo", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--no-veto", action="store_true", help="ablation: the model alone, without the vague-language veto")
    ap.add_argument("--errors", action="store_true", help="list the goals where the LOO judgement differs from gold")
    args = ap.parse_args()
    global VETO, OUT
    if args.no_veto:
        VETO, OUT = False, OUT.with_name("smart_s_loo_noveto.json")
        if args.write:
            raise SystemExit("train_smart_s: --no-veto is an ablation; the shipped model is written without it")
    from register.export import to_json
    from register.extract import extract_register
    from register.smart import S_MODEL_PATH, specific

    t0 = time.time()
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    _, store, _ = RE.prepare(args.data_dir, [g["doc_id"] for g in gold], log=lambda s: print(s, file=sys.stderr))
    result = {"command": "python evaluations/train_smart_s.py --data-dir DIR" + (" --loo" if args.loo else "")
              + (" --write" if args.write else "") + (" --no-veto" if args.no_veto else ""), "C": C, "veto": VETO}
    if args.loo:
        units = RE.units(gold)
        rows, tot = {}, {"model": [0, 0], "rule": [0, 0], "level": [0, 0]}
        confusion = {"model": [0, 0, 0, 0], "rule": [0, 0, 0, 0]}  # tt tf ft ff (gold, predicted)
        for held in gold:
            d = held["doc_id"]
            model = train([g for o in gold if o["doc_id"] != d for g in o["goals"]])
            doc = store.get_document(d)
            reg = to_json(extract_register(d, store.blocks(d), store.tables(d), doc.programme, s_model=None))
            for u in units:
                if u["doc_id"] != d:
                    continue
                gg, pg = u["gold"]["goals"], RE.scoped(reg, u["pages"])["goals"]
                m = RE.match(gg, pg, lambda a, b: RE.f1(a["text"], b["text"]), 0.8)
                ok = {"model": 0, "rule": 0, "level": 0}
                for i, j in m.items():
                    want = bool(gg[i]["smart"]["S"])
                    got = {"model": specific(pg[j]["text"], pg[j]["level"], model)[0],
                           "rule": specific(pg[j]["text"], pg[j]["level"], None)[0],
                           "level": pg[j]["level"] == "operationeel"}
                    for k, v in got.items():
                        ok[k] += int(v == want)
                    if args.errors and got["model"] != want:
                        print(f"  [{u['name'][:28]}] gold S={int(want)} level={pg[j]['level'][:4]}: {pg[j]['text'][:110]}")
                    for k in confusion:
                        confusion[k][(0 if want else 2) + (0 if got[k] else 1)] += 1
                n = len(m)
                rows[u["name"]] = {"n": n, **{k: (v / n if n else None) for k, v in ok.items()}}
                for k in tot:
                    tot[k][0] += ok[k]
                    tot[k][1] += n
        fmt = lambda v: "n/a" if v is None else f"{v:.2f}"
        print("\nS agreement, leave one PDF out (Wassenaar P5+P6 held out together), over matched goals:\n")
        print("| held-out document | matched goals | learned S (LOO) | S rule alone | S = operational level |")
        print("|---|---|---|---|---|")
        for name, r in rows.items():
            print(f"| {name} | {r['n']} | {fmt(r['model'])} | {fmt(r['rule'])} | {fmt(r['level'])} |")
        overall = {k: v[0] / v[1] if v[1] else None for k, v in tot.items()}
        print(f"| **overall** | {tot['model'][1]} | {fmt(overall['model'])} | {fmt(overall['rule'])} | "
              f"{fmt(overall['level'])} |")
        print("\nconfusion (gold/predicted tt tf ft ff): " +
              "; ".join(f"{k} {' '.join(map(str, v))}" for k, v in confusion.items()))
        result["loo"] = {"documents": rows, "overall": overall, "confusion": confusion}
    if args.write:
        model = train([g for o in gold for g in o["goals"]])
        S_MODEL_PATH.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=0, sort_keys=True),
                                encoding="utf-8")
        print(f"\nwrote {S_MODEL_PATH.relative_to(ROOT)} ({len(model.weights)} weights)")
        result["weights"] = dict(model.weights)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
