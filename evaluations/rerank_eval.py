"""Does re-ranking the top passages with the embedder pay for itself?

\b
Usage:
  .venv/bin/python evaluations/rerank_eval.py --data-dir /tmp/e5-data [--top 10] [--threads 1]

The shipped hybrid search ranks; then its top ``--top`` passages are re-ranked by
* ``passage cosine``: the e5 cosine of the question with the stored passage
  vector (free: no embedding at query time);
* ``best sentence``: the highest e5 cosine of the question with any sentence of
  the passage (each sentence embedded at query time, as ``passage``);
* ``fused + best sentence w``: (1 - w) x the shipped fused score + w x the best
  sentence cosine, both min-max scaled over the top passages.
Reports Recall@1/5/10 and MRR@10 (the same scoring as retrieval_eval.py), per
dev document Recall@5, and the CPU time the re-ranking adds per question. Fixed
weights, nothing tuned. Writes ``evaluations/out/rerank_eval.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluations"))

from retrieval_eval import load_questions, score  # noqa: E402


def _scale(values: np.ndarray) -> np.ndarray:
    span = float(values.max() - values.min()) if values.size else 0.0
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--weights", type=float, nargs="+", default=[0.3, 0.5])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/rerank_eval.json"))
    args = ap.parse_args()

    from beleid.config import load_settings
    from beleid.store import Store
    from index.embedders import PASSAGE, QUERY, get_embedder
    from nl.sentences import sentences
    from query.retrieval import Retriever

    settings = load_settings(args.data_dir)
    embedder = get_embedder(settings.model, threads=args.threads)
    retriever = Retriever(settings, Store(settings.db_path), embedder=embedder)
    items = load_questions(Path(args.questions))
    variants: dict[str, list] = {"shipped hybrid": [], "passage cosine": [], "best sentence": []}
    for w in args.weights:
        variants[f"fused + best sentence {w}"] = []
    cpu_sentences, n_sentences = [], []
    for item in items:
        hits = retriever.search(item["question"], k=args.top)
        rows = [(h.chunk.doc_id, h.chunk.page, h.chunk.page_end, h.chunk.text) for h in hits]
        variants["shipped hybrid"].append(rows)
        qvec = embedder.embed_batch([item["question"]], kind=QUERY)[0]
        stored = retriever.vectors.stored([h.chunk.chunk_id for h in hits]).cosines(qvec)
        cos = np.array([stored.get(h.chunk.chunk_id, 0.0) for h in hits])
        variants["passage cosine"].append([rows[i] for i in np.argsort(-cos, kind="stable")])
        t = time.process_time()
        best = []
        count = 0
        for h in hits:
            sents = [s for _, s in sentences(h.chunk.text) if s.strip()] or [h.chunk.text]
            count += len(sents)
            best.append(float((embedder.embed_batch(sents, kind=PASSAGE) @ qvec).max()))
        cpu_sentences.append(time.process_time() - t)
        n_sentences.append(count)
        best = np.array(best)
        variants["best sentence"].append([rows[i] for i in np.argsort(-best, kind="stable")])
        fused = _scale(np.array([h.score for h in hits]))
        for w in args.weights:
            mixed = (1 - w) * fused + w * _scale(best)
            variants[f"fused + best sentence {w}"].append([rows[i] for i in np.argsort(-mixed, kind="stable")])

    docs = sorted({item["doc_id"][0] for item in items})
    result = {"top": args.top, "model": settings.model,
              "rerank_cpu_seconds_per_question": {"p50": float(np.median(cpu_sentences)),
                                                  "mean": float(np.mean(cpu_sentences)),
                                                  "max": float(np.max(cpu_sentences))},
              "sentences_per_question": float(np.mean(n_sentences)), "variants": {}}
    print(f"\n{len(items)} questions, top {args.top} passages re-ranked; model {settings.model}\n")
    print("| variant | R@1 | R@5 | R@10 | MRR@10 |")
    print("|---|---|---|---|---|")
    for name, rows in variants.items():
        s = score(items, rows)
        per_doc = {}
        for d in docs:
            idx = [i for i, it in enumerate(items) if it["doc_id"][0] == d]
            per_doc[d] = round(sum(1 for i in idx if (s["questions"][i]["rank"] or 99) <= 5) / len(idx), 3)
        result["variants"][name] = {k: v for k, v in s.items() if k != "questions"} | {"recall@5_per_document": per_doc}
        print(f"| {name} | {s['recall@1']:.3f} | {s['recall@5']:.3f} | {s['recall@10']:.3f} | {s['mrr@10']:.3f} |")
    c = result["rerank_cpu_seconds_per_question"]
    print(f"\nsentence re-ranking CPU per question: median {c['p50']:.2f} s, mean {c['mean']:.2f} s, "
          f"max {c['max']:.2f} s ({result['sentences_per_question']:.0f} sentences embedded per question)")
    print("\nRecall@5 per document:")
    for d in docs:
        print(f"  {d}: " + ", ".join(f"{name} {result['variants'][name]['recall@5_per_document'][d]}"
                                     for name in variants))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
