"""Quality of `beleid ask` answers (extractive generator) on the development questions,
and the "Niet gevonden" threshold measured on answerable and unanswerable questions.

\b
Usage:
  .venv/bin/python evaluations/answer_eval.py --data-dir /tmp/final   # an ingested data dir
  .venv/bin/python evaluations/answer_eval.py                         # ingests corpus/ first
  .venv/bin/python evaluations/answer_eval.py --data-dir /tmp/d --no-expand   # without the thesaurus
  .venv/bin/python evaluations/answer_eval.py --data-dir /tmp/d --semantic-weight 0   # words only

Per question (the same retrieval as `beleid ask`, k=5):
  found         the generator gave an answer (not "Niet gevonden in de documenten.")
  evidence      the answer holds the gold evidence: at least 80% of the evidence's
                words (normalised as in retrieval_eval) occur in the answer text
  cited page    one of the answer's citations is the gold document and page
and, on questions the corpus cannot answer (``evaluations/data/unanswerable_dev.txt``,
written by us: municipal topics no document covers), how often an answer is given
anyway. Cross-document items count for evidence and citation only when every
evidence passage is covered.

The found/not-found decision has two thresholds: the cosine of the question with
the best retrieved passage (``min_similarity``) and the score of the best sentence
(``min_score``). The script records both features for every question once, then
reports (1) the generator's shipped thresholds, (2) the thresholds that a grid
search picks on all questions (the best balanced accuracy: answerable answered +
unanswerable refused; in-sample, optimistic), (3) two-fold figures (tune on one
half of the answerable and of the unanswerable questions, test on the other half,
both ways) and (4) leave-one-out (each question decided by thresholds tuned on all
the others). Confusion matrices answered/not-found x answerable/unanswerable, and
evidence per dev document. Writes ``evaluations/out/answer_eval.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluations"))

from retrieval_eval import load_questions, normalise  # noqa: E402

EVIDENCE_COVERAGE = 0.8


def covered(evidence: str, answer: str) -> bool:
    ev = normalise(evidence).split()
    have = set(normalise(answer).split())
    return bool(ev) and sum(w in have for w in ev) / len(ev) >= EVIDENCE_COVERAGE


def decide(row: dict, sim_t: float | None, score_t: float) -> bool:
    if row["best_score"] is None:
        return False
    if sim_t is not None and row["passage_similarity"] is not None and row["passage_similarity"] < sim_t:
        return False
    return row["best_score"] >= score_t


def midpoints(values: list[float]) -> list[float]:
    """Candidate thresholds: below everything, and halfway between neighbouring observed values."""
    v = sorted(set(values))
    return [v[0] - 1e-6] + [round((a + b) / 2, 4) for a, b in zip(v, v[1:])] if v else []


def grid(rows: list[dict]) -> tuple[list[float | None], list[float]]:
    sims = midpoints([r["passage_similarity"] for r in rows if r["passage_similarity"] is not None])
    scores = midpoints([r["best_score"] for r in rows if r["best_score"] is not None])
    return ([None] + sims if sims else [None]), [0.0] + scores


def tune(rows: list[dict]) -> tuple[float | None, float]:
    """Thresholds with the best balanced accuracy on ``rows`` (ties: the
    higher evidence rate, then the stricter thresholds)."""
    import numpy as np

    sim_grid, score_grid = grid(rows)
    sims = np.array([r["passage_similarity"] if r["passage_similarity"] is not None else np.inf for r in rows])
    best = np.array([r["best_score"] if r["best_score"] is not None else -np.inf for r in rows])
    pos = np.array([r["answerable"] for r in rows])
    ev = np.array([bool(r.get("evidence_if_answered")) for r in rows])
    st = np.array([-np.inf if t is None else t for t in sim_grid])[:, None, None]
    sc = np.array(score_grid)[None, :, None]
    found = (sims[None, None, :] >= st) & (best[None, None, :] >= sc)  # (sim, score, rows)
    n_pos, n_neg = max(pos.sum(), 1), max((~pos).sum(), 1)
    tp = (found & pos).sum(axis=2) / n_pos
    tn = (~found & ~pos).sum(axis=2) / n_neg
    evid = (found & pos & ev).sum(axis=2) / n_pos
    key = np.round(tp + tn, 6) * 1e6 + np.round(evid, 6)
    flat = [(key[i, j], evid[i, j], -np.inf if sim_grid[i] is None else sim_grid[i], score_grid[j], i, j)
            for i in range(len(sim_grid)) for j in range(len(score_grid))]
    _, _, _, _, i, j = max(flat)
    return sim_grid[i], score_grid[j]


def confusion(rows: list[dict], decisions: list[bool]) -> dict:
    m = {"answerable_answered": 0, "answerable_not_found": 0, "unanswerable_answered": 0,
         "unanswerable_not_found": 0, "evidence": 0}
    for r, d in zip(rows, decisions):
        key = ("answerable" if r["answerable"] else "unanswerable") + ("_answered" if d else "_not_found")
        m[key] += 1
        if d and r["answerable"] and r["evidence_if_answered"]:
            m["evidence"] += 1
    n_pos = sum(r["answerable"] for r in rows)
    n_neg = len(rows) - n_pos
    m["evidence_rate"] = round(m["evidence"] / max(n_pos, 1), 3)
    m["unanswerable_answered_rate"] = round(m["unanswerable_answered"] / max(n_neg, 1), 3)
    return m


def print_confusion(title: str, m: dict) -> None:
    print(f"\n{title}\n")
    print("| | answered | Niet gevonden |")
    print("|---|---|---|")
    print(f"| answerable (dev) | {m['answerable_answered']} | {m['answerable_not_found']} |")
    print(f"| unanswerable | {m['unanswerable_answered']} | {m['unanswerable_not_found']} |")
    print(f"\nanswer holds the evidence: {m['evidence']} = {m['evidence_rate']:.3f}; "
          f"unanswerable answered: {m['unanswerable_answered_rate']:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--unanswerable", default=str(ROOT / "evaluations/data/unanswerable_dev.txt"))
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--no-expand", action="store_true", help="disable thesaurus query expansion")
    ap.add_argument("--semantic-weight", type=float, nargs="*", default=None,
                    help="the generator's share of meaning; several values: a summary row for each "
                         "(leave-one-out), the full report for the first")
    ap.add_argument("--passages", type=int, default=None, help="passages the generator reads (default its own)")
    ap.add_argument("--k", type=int, default=5, help="passages retrieved (as `beleid ask`)")
    ap.add_argument("--vector-cache", default=None,
                    help="npz file of sentence vectors kept between runs (same model), to re-score quickly")
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/answer_eval.json"))
    args = ap.parse_args()

    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes
    from query.answer import ExtractiveGenerator
    from query.retrieval import Retriever

    data_dir = args.data_dir
    if data_dir is None:
        from app.ingest import ingest_paths

        data_dir = tempfile.mkdtemp(prefix="beleid-answer-eval-")
        settings = load_settings(data_dir)
        ingest_paths([Path(args.corpus)], settings, Store(settings.db_path))
    settings = load_settings(data_dir)
    if args.no_expand:
        settings = replace(settings, query_expansion=False)
    store = Store(settings.db_path)
    sync_indexes(settings, store)
    retriever = Retriever(settings, store)
    kwargs = {}
    if args.passages is not None:
        kwargs["passages"] = args.passages
    generator = ExtractiveGenerator(retriever=retriever, **kwargs)
    weights = args.semantic_weight or [generator.semantic_weight]
    cache = Path(args.vector_cache) if args.vector_cache else None
    if cache is not None and cache.exists():
        import numpy as np

        with np.load(cache, allow_pickle=False) as data:
            if str(data["model"]) == getattr(generator.embedder, "name", ""):
                generator._sentence_vectors.update(zip(data["texts"].tolist(), data["vectors"]))

    items = load_questions(Path(args.questions))
    negatives = [q.strip() for q in Path(args.unanswerable).read_text(encoding="utf-8").splitlines() if q.strip()]
    questions = items + [{"id": f"neg-{i + 1}", "question": q} for i, q in enumerate(negatives)]
    hits_of = {item["id"]: retriever.search(item["question"], k=args.k) for item in questions}

    def collect(weight: float) -> list[dict]:
        generator.semantic_weight = weight
        rows = []
        for item in questions:
            answerable = "evidence" in item
            hits = hits_of[item["id"]]
            scored = generator.candidates(item["question"], hits)
            composed = generator.compose(item["question"], hits, scored)
            row = {"id": item["id"], "question": item["question"], "answerable": answerable,
                   "doc_id": item["doc_id"][0] if answerable else None,
                   "passage_similarity": max(scored["passage_similarity"]) if scored["passage_similarity"] else None,
                   "best_score": scored["candidates"][0][0] if scored["candidates"] else None,
                   "named_author_words": scored["named_author_words"],
                   "found": generator.is_found(scored), "answer": composed.text if composed.found else None}
            if answerable:
                row["evidence_if_answered"] = composed.found and all(covered(ev, composed.text)
                                                                     for ev in item["evidence"])
                read = " ".join(h.chunk.text for h in hits[: generator.passages])
                row["evidence_in_passages"] = all(covered(ev, read) for ev in item["evidence"])
                cited = {(c.doc_id, c.page) for c in composed.citations}
                row["cited_page_if_answered"] = all((d, p) in cited for d, p in zip(item["doc_id"], item["page"]))
            rows.append(row)
        return rows

    def leave_one_out(rows: list[dict]) -> dict:
        return confusion(rows, [decide(r, *tune(rows[:i] + rows[i + 1:])) for i, r in enumerate(rows)])

    summary = {}
    if len(weights) > 1:
        print("\n| semantic weight | evidence in composed answer | LOO: evidence | LOO: unanswerable answered |")
        print("|---|---|---|---|")
        for w in weights:
            rs = collect(w)
            loo_w = leave_one_out(rs)
            ev = sum(r["evidence_if_answered"] for r in rs if r["answerable"])
            summary[w] = {"evidence_composed": ev, **loo_w}
            print(f"| {w} | {ev}/{len(items)} | {loo_w['evidence_rate']:.3f} | "
                  f"{loo_w['unanswerable_answered']}/{len(negatives)} |")
    rows = collect(weights[0])
    if cache is not None and generator._sentence_vectors:
        import numpy as np

        texts = list(generator._sentence_vectors)
        np.savez(cache, texts=np.array(texts), vectors=np.stack([generator._sentence_vectors[t] for t in texts]),
                 model=np.array(getattr(generator.embedder, "name", "")))
    pos = [r for r in rows if r["answerable"]]
    results = {"thresholds_shipped": {"min_similarity": generator.min_similarity, "min_score": generator.min_score,
                                      "model": getattr(generator.embedder, "name", None),
                                      "semantic_weight": generator.semantic_weight,
                                      "passages": generator.passages}}
    print(f"\n{len(pos)} answerable questions ({args.questions}), {len(negatives)} unanswerable "
          f"({args.unanswerable}); model {results['thresholds_shipped']['model']}, "
          f"expansion {'off' if args.no_expand else 'on'}, semantic weight {generator.semantic_weight}")
    print(f"evidence in the passages the generator reads: {sum(r['evidence_in_passages'] for r in pos)}/{len(pos)}; "
          f"in the composed answer, ignoring the found decision: "
          f"{sum(r['evidence_if_answered'] for r in pos)}/{len(pos)}")

    shipped = confusion(rows, [r["found"] for r in rows])
    results["shipped"] = shipped
    print_confusion(f"(1) shipped thresholds: min_similarity={generator.min_similarity}, "
                    f"min_score={generator.min_score}", shipped)

    st, sc = tune(rows)
    insample = confusion(rows, [decide(r, st, sc) for r in rows])
    results["in_sample"] = {"min_similarity": st, "min_score": sc, **insample}
    print_confusion(f"(2) tuned on all questions (in-sample, optimistic): min_similarity={st}, min_score={sc}",
                    insample)

    # two folds: alternate answerable and unanswerable questions separately
    folds = [[], []]
    for group in (pos, [r for r in rows if not r["answerable"]]):
        for i, r in enumerate(group):
            folds[i % 2].append(r)
    decisions: dict[str, bool] = {}
    fold_thresholds = []
    for a, b in ((0, 1), (1, 0)):
        t = tune(folds[a])
        fold_thresholds.append(t)
        for r in folds[b]:
            decisions[r["id"]] = decide(r, *t)
    twofold = confusion(rows, [decisions[r["id"]] for r in rows])
    results["two_fold"] = {"thresholds": fold_thresholds, **twofold}
    print_confusion(f"(3) two-fold (tuned on one half, tested on the other; thresholds {fold_thresholds})",
                    twofold)

    loo_m = leave_one_out(rows)
    results["leave_one_out"] = loo_m
    results["semantic_weight_sweep"] = summary
    print_confusion("(4) leave-one-question-out", loo_m)

    per_doc: dict[str, list[dict]] = {}
    for r in pos:
        per_doc.setdefault(r["doc_id"], []).append(r)
    print("\nPer dev document, shipped thresholds: answered / answer holds the evidence / citation = gold page\n")
    print("| document | n | answered | evidence | cited page |")
    print("|---|---|---|---|---|")
    results["per_document"] = {}
    for doc, rs in sorted(per_doc.items()):
        n = len(rs)
        f = sum(r["found"] for r in rs)
        e = sum(r["found"] and r["evidence_if_answered"] for r in rs)
        c = sum(r["found"] and r["cited_page_if_answered"] for r in rs)
        results["per_document"][doc] = {"n": n, "answered": f, "evidence": e, "cited_page": c}
        print(f"| {doc} | {n} | {f} | {e} | {c} |")
    wrongly = [r["question"] for r in rows if not r["answerable"] and r["found"]]
    print("\nunanswerable questions answered (shipped):", wrongly)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"metrics": results, "rows": rows, "expansion": not args.no_expand},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
