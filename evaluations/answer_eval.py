"""Quality of `beleid ask` answers (extractive generator) on the development questions.

\b
Usage:
  .venv/bin/python evaluations/answer_eval.py --data-dir /tmp/final   # an ingested data dir
  .venv/bin/python evaluations/answer_eval.py                         # ingests corpus/ first
  .venv/bin/python evaluations/answer_eval.py --no-expand             # without the thesaurus

Per question (the same retrieval as `beleid ask`, k=5):
  found         the generator gave an answer (not "Niet gevonden in de documenten.")
  evidence      the answer holds the gold evidence: at least 80% of the evidence's
                words (normalised as in retrieval_eval) occur in the answer text
  cited page    one of the answer's citations is the gold document and page
and, on questions the corpus cannot answer (``evaluations/data/unanswerable_dev.txt``,
written by us: topics no document covers), how often an answer is given anyway
(should be 0: "Niet gevonden in de documenten.").
Cross-document items count for evidence and citation only when every
evidence passage is covered. Writes ``evaluations/out/answer_eval.json``.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--unanswerable", default=str(ROOT / "evaluations/data/unanswerable_dev.txt"))
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--no-expand", action="store_true", help="disable thesaurus query expansion")
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/answer_eval.json"))
    args = ap.parse_args()

    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes
    from query.answer import get_generator
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
    generator = get_generator(settings, "extractive", retriever=retriever)

    items = load_questions(Path(args.questions))
    rows = []
    for item in items:
        hits = retriever.search(item["question"], k=5)
        answer = generator.answer(item["question"], hits)
        evidence_ok = answer.found and all(covered(ev, answer.text) for ev in item["evidence"])
        cited = {(c.doc_id, c.page) for c in answer.citations}
        page_ok = answer.found and all((d, p) in cited for d, p in zip(item["doc_id"], item["page"]))
        rows.append({"id": item["id"], "found": answer.found, "evidence": evidence_ok,
                     "cited_page": page_ok, "answer": answer.text})
    n = len(rows)
    metrics = {key: sum(r[key] for r in rows) / n for key in ("found", "evidence", "cited_page")}
    negatives = [q.strip() for q in Path(args.unanswerable).read_text(encoding="utf-8").splitlines() if q.strip()]
    wrongly = [q for q in negatives if generator.answer(q, retriever.search(q, k=5)).found]
    metrics["unanswerable_answered"] = len(wrongly) / max(len(negatives), 1)
    print(f"\n{n} questions ({args.questions}), expansion {'off' if args.no_expand else 'on'}\n")
    print("| found | answer holds evidence | citation = gold doc+page | unanswerable answered anyway |")
    print("|---|---|---|---|")
    print(f"| {metrics['found']:.3f} | {metrics['evidence']:.3f} | {metrics['cited_page']:.3f} | "
          f"{len(wrongly)}/{len(negatives)} |")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"metrics": metrics, "questions": rows, "answered_unanswerable": wrongly,
                               "expansion": not args.no_expand},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
