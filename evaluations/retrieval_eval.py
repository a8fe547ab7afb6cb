"""Retrieval quality on the development questions, next to a naive LangChain pipeline.

\b
Usage:
  .venv/bin/python evaluations/retrieval_eval.py                    # ingest corpus/ into a temp dir
  .venv/bin/python evaluations/retrieval_eval.py --data-dir .beleid # reuse an ingested data dir
  .venv/bin/python evaluations/retrieval_eval.py --no-baseline      # skip the LangChain pipeline
  .venv/bin/python evaluations/retrieval_eval.py --data-dir .beleid --no-baseline --thesaurus-ablation

A question counts as found at k when a returned chunk of the gold document
contains the evidence quote (both normalised: NFKC, lower case, punctuation
dropped, whitespace collapsed); cross-document items need all their quotes.
Reports Recall@1/@5/@10, MRR@10 and first-hit page accuracy for bm25, dense and
hybrid, and for the baselines (LangChain PyPDFLoader + RecursiveCharacterTextSplitter
1000/200 + FAISS with the same embedding model; BM25 with Dutch analysis over
those same 1000-character chunks). Prints a Markdown table and writes JSON to
``evaluations/out/retrieval_eval.json``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KS = (1, 5, 10)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def load_questions(path: Path) -> list[dict]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            for key in ("doc_id", "page", "evidence"):
                if not isinstance(q[key], list):
                    q[key] = [q[key]]
            items.append(q)
    return items


def score(items: list[dict], results: list[list[tuple[str, int, int, str]]]) -> dict:
    """``results[i]``: ranked ``(doc_id, page, page_end, text)`` for question i."""
    recall = {k: 0.0 for k in KS}
    mrr = 0.0
    page_ok = 0
    per_question = []
    for item, hits in zip(items, results):
        norm_hits = [(d, p, pe, normalise(t)) for d, p, pe, t in hits[:10]]
        ranks = []
        for doc, ev in zip(item["doc_id"], item["evidence"]):
            nev = normalise(ev)
            rank = next((i + 1 for i, (d, _, _, t) in enumerate(norm_hits) if d == doc and nev in t), None)
            ranks.append(rank)
        found_at = None if any(r is None for r in ranks) else max(ranks)
        for k in KS:
            if found_at is not None and found_at <= k:
                recall[k] += 1
        if found_at is not None:
            mrr += 1.0 / found_at
        first_ok = False
        if hits:
            d, p, pe, _ = hits[0]
            first_ok = any(d == doc and p <= page <= pe for doc, page in zip(item["doc_id"], item["page"]))
        page_ok += first_ok
        per_question.append({"id": item["id"], "rank": found_at, "first_page_ok": first_ok})
    n = max(len(items), 1)
    return {**{f"recall@{k}": recall[k] / n for k in KS}, "mrr@10": mrr / n,
            "first_hit_page_acc": page_ok / n, "questions": per_question}


def ours(items, data_dir: str | None, corpus: Path, timings: dict) -> dict[str, list]:
    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes
    from query.retrieval import Retriever

    if data_dir is None:
        from app.ingest import ingest_paths

        data_dir = tempfile.mkdtemp(prefix="beleid-eval-")
        settings = load_settings(data_dir)
        store = Store(settings.db_path)
        t0 = time.perf_counter()
        report = ingest_paths([corpus], settings, store)
        totals = report.totals()
        timings["ingest_seconds"] = round(time.perf_counter() - t0, 2)
        timings["pages"] = totals.get("pages")
        timings["ocr_pages"] = totals.get("ocr_pages")
    else:
        settings = load_settings(data_dir)
        store = Store(settings.db_path)
    sync = sync_indexes(settings, store)
    timings["index"] = sync.to_json()
    if "ingest_seconds" in timings and timings.get("pages"):
        total = timings["ingest_seconds"] + sync.seconds
        timings["ingest_index_pages_per_second"] = round(timings["pages"] / total, 3)
    retriever = Retriever(settings, store)
    out = {}
    for mode in ("bm25", "dense", "hybrid"):
        rows, lat = [], []
        for item in items:
            t = time.perf_counter()
            hits = retriever.search(item["question"], k=10, mode=mode)
            lat.append(time.perf_counter() - t)
            rows.append([(h.chunk.doc_id, h.chunk.page, h.chunk.page_end, h.chunk.text) for h in hits])
        out[mode] = rows
        lat.sort()
        timings[f"latency_{mode}_p50_ms"] = round(1000 * lat[len(lat) // 2], 1)
        timings[f"latency_{mode}_p95_ms"] = round(1000 * lat[int(0.95 * (len(lat) - 1))], 1)
    return out


# Groups of the developers' part of the thesaurus that were written after
# reading which development questions failed (identified by one member each).
DEV_INFORMED = ("aantreden", "arbeidsplaats", "concentreren", "versnipperd", "omslag", "evaluatierapport",
                "gemeenteraad", "adviseren", "referentiegemeenten", "contractmanagement", "inkoop",
                "bijstandsuitkering", "toenemen", "hulpvraag", "wijkteam", "onderzoeksbureau", "besluiten",
                "vergroten")
BLIND_MARKER = "General groups written without looking at the corpus"


def thesaurus_ablation(items, data_dir: str) -> dict[str, list]:
    """Hybrid retrieval with parts of the bundled thesaurus: none, the blind
    part (written without corpus or questions), the developers' part without
    the groups written after seeing dev misses, the developers' part, all."""
    from beleid.config import load_settings
    from beleid.store import Store
    from nl.thesaurus import BUNDLED, Thesaurus, read_groups
    from query.retrieval import Retriever

    text = BUNDLED.read_text(encoding="utf-8")
    cut = text.index(BLIND_MARKER)
    tmp = Path(tempfile.mkdtemp(prefix="thesaurus-"))
    (tmp / "dev.txt").write_text(text[:cut], encoding="utf-8")
    (tmp / "blind.txt").write_text(text[cut:], encoding="utf-8")
    developers, blind = read_groups(tmp / "dev.txt"), read_groups(tmp / "blind.txt")
    general = [g for g in developers if not any(w in g for w in DEV_INFORMED)]
    settings = load_settings(data_dir)
    retriever = Retriever(settings, Store(settings.db_path))
    variants = {"no thesaurus": None, "blind part only": blind,
                "developers' part minus dev-informed groups": general,
                "developers' part": developers, "both parts (shipped)": developers + blind}
    out = {}
    for name, groups in variants.items():
        lexical = retriever.lexical
        lexical.use_thesaurus(Thesaurus(groups, lexical.analyzer) if groups is not None else None)
        rows = []
        for item in items:
            hits = retriever.search(item["question"], k=10)
            rows.append([(h.chunk.doc_id, h.chunk.page, h.chunk.page_end, h.chunk.text) for h in hits])
        out[f"hybrid, {name}"] = rows
    return out


def baselines(items, corpus: Path, timings: dict) -> dict[str, list]:
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_community.vectorstores import FAISS
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index.embedders import get_embedder
    from index.lexical import LexicalIndex

    embedder = get_embedder()

    class Wrapped(Embeddings):
        def embed_documents(self, texts):
            return embedder.embed_batch(list(texts)).tolist()

        def embed_query(self, text):
            return embedder.embed_batch([text])[0].tolist()

    t0 = time.perf_counter()
    docs = []
    for pdf in sorted(corpus.glob("*.pdf")):
        docs.extend(PyPDFLoader(str(pdf)).load())
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    store = FAISS.from_documents(chunks, Wrapped())
    timings["langchain_build_seconds"] = round(time.perf_counter() - t0, 2)
    timings["langchain_chunks"] = len(chunks)

    def row(doc):
        page = int(doc.metadata.get("page", 0)) + 1
        return (Path(doc.metadata["source"]).stem, page, page, doc.page_content)

    lc = [[row(d) for d in store.similarity_search(item["question"], k=10)] for item in items]
    lex = LexicalIndex()
    lex.build([str(i) for i in range(len(chunks))], [c.page_content for c in chunks])
    bm = []
    for item in items:
        bm.append([row(chunks[int(cid)]) for cid, _ in lex.search(item["question"], 10)])
    return {"langchain-naive": lc, "bm25-1000char": bm}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--data-dir", default=None, help="use this ingested data dir instead of ingesting")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/retrieval_eval.json"))
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--thesaurus-ablation", action="store_true",
                    help="also run hybrid with parts of the thesaurus (needs --data-dir)")
    args = ap.parse_args()

    items = load_questions(Path(args.questions))
    timings: dict = {}
    runs = ours(items, args.data_dir, Path(args.corpus), timings)
    if not args.no_baseline:
        runs.update(baselines(items, Path(args.corpus), timings))
    if args.thesaurus_ablation:
        if not args.data_dir:
            ap.error("--thesaurus-ablation needs --data-dir")
        runs.update(thesaurus_ablation(items, args.data_dir))
    metrics = {name: score(items, rows) for name, rows in runs.items()}

    print(f"\n{len(items)} questions ({args.questions})\n")
    print("| pipeline | R@1 | R@5 | R@10 | MRR@10 | first-hit page |")
    print("|---|---|---|---|---|---|")
    for name, m in metrics.items():
        print(f"| {name} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['recall@10']:.3f} | "
              f"{m['mrr@10']:.3f} | {m['first_hit_page_acc']:.3f} |")
    print("\n" + json.dumps(timings, indent=1))
    if args.show_misses:
        for name in ("hybrid",):
            for q in metrics[name]["questions"]:
                if q["rank"] is None or q["rank"] > 5:
                    print(f"miss@5 {name}: {q['id']} rank={q['rank']}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"metrics": metrics, "timings": timings, "questions": args.questions},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
