"""Speed and memory: ingest + index at corpus size, and search at 100,000 chunks.

\b
Usage:
  .venv/bin/python evaluations/scale_bench.py                      # ingest corpus/ into a temp dir first
  .venv/bin/python evaluations/scale_bench.py --data-dir .beleid   # reuse an ingested + indexed data dir
  .venv/bin/python evaluations/scale_bench.py --chunks 100000 --backends faiss chroma

Measures
* ingest and index time for the corpus (pages/second, embedding time separately);
* warm in-process ``Retriever.search`` latency p50/p95 (hybrid, bm25, dense) on
  the development questions at corpus size;
* the same at ``--chunks`` synthetic chunks (corpus chunks repeated with
  variation: sentences shuffled and one dropped per copy, vectors jittered and
  re-normalised; no re-embedding), for FAISS and Chroma (embedded), with the
  build time and the process RSS growth per 100k chunks.
Writes ``evaluations/out/scale_bench.json`` and prints a Markdown table.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def latency(retriever, questions: list[str], mode: str, rounds: int = 2) -> dict:
    for q in questions[:3]:
        retriever.search(q, k=10, mode=mode)  # warm up
    times = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            retriever.search(q, k=10, mode=mode)
            times.append(1000 * (time.perf_counter() - t))
    times.sort()
    return {"p50_ms": round(times[len(times) // 2], 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "n": len(times)}


def corpus_vectors(settings) -> dict[str, np.ndarray]:
    """chunk_id -> vector, read back from the FAISS index of a data dir."""
    import faiss

    from index.vector import FaissIndex

    fi = FaissIndex(settings.index_dir, int(json.loads((settings.index_dir / "manifest.json").read_text())["dim"]))
    inner = faiss.downcast_index(fi._index.index)
    xb = faiss.rev_swig_ptr(inner.get_xb(), inner.ntotal * inner.d).reshape(inner.ntotal, inner.d).copy()
    ids = faiss.vector_to_array(fi._index.id_map)
    return {fi._ids[int(i)]: xb[row] for row, i in enumerate(ids)}


def vary(text: str, rng: random.Random) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    if len(sentences) > 2:
        sentences.pop(rng.randrange(len(sentences)))
    rng.shuffle(sentences)
    return " ".join(sentences)


def build_synthetic(base_settings, target: int, out_dir: Path, seed: int = 7):
    """A store with ``target`` chunks made from the corpus, plus its vectors."""
    from beleid.config import load_settings
    from beleid.store import Store
    from beleid.types import Chunk, Document

    from index.sync import document_header

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    src = Store(base_settings.db_path)
    docs = [d for d in src.documents() if not d.duplicate_of]
    chunks = {d.doc_id: src.chunks(d.doc_id) for d in docs}
    vectors = corpus_vectors(base_settings)
    per_copy = sum(len(v) for v in chunks.values())
    copies = max(1, -(-target // per_copy))
    settings = load_settings(out_dir, model=base_settings.model)
    store = Store(settings.db_path)
    ids, vecs, texts = [], [], []
    made = 0
    for j in range(copies):
        for d in docs:
            if made >= target:
                break
            new_id = d.doc_id if j == 0 else f"{d.doc_id}~{j}"
            year = (d.year or 2019) + (j % 6)
            doc = Document(new_id, d.path, f"{d.sha256}{j}", d.title, d.kind, f"{year}-01-01", d.author,
                           d.programme, d.pages)
            new_chunks = []
            for c in chunks[d.doc_id]:
                if made >= target:
                    break
                text = c.text if j == 0 else vary(c.text, rng)
                new_chunks.append(Chunk(f"{new_id}:{c.seq}", new_id, c.seq, c.page, c.page_end, c.section, text))
                v = vectors[c.chunk_id] if j == 0 else vectors[c.chunk_id] + nrng.normal(0, 0.03, len(vectors[c.chunk_id]))
                vecs.append(v / np.linalg.norm(v))
                ids.append(f"{new_id}:{c.seq}")
                texts.append("\n".join([document_header(doc), c.section_path, text]))
                made += 1
            store.save_document(doc, [], new_chunks)
    return settings, store, ids, np.asarray(vecs, dtype=np.float32), texts


def bench_scale(base_settings, target: int, backends: list[str], questions: list[str], work: Path) -> dict:
    from dataclasses import replace

    from index.embedders import get_embedder
    from index.lexical import LexicalIndex
    from index.sync import VECTOR_STATE, text_digest
    from index.atomic import write_json
    from index.vector import open_vector_index, write_manifest
    from query.retrieval import Retriever

    t0 = time.perf_counter()
    settings, store, ids, vecs, texts = build_synthetic(base_settings, target, work / "synthetic")
    out: dict = {"chunks": len(ids), "synthetic_store_seconds": round(time.perf_counter() - t0, 1)}
    t = time.perf_counter()
    lex = LexicalIndex(settings.index_dir / "bm25")
    lex.build(ids, texts, {cid: text_digest(tx) for cid, tx in zip(ids, texts)})
    lex.save()
    out["bm25_build_seconds"] = round(time.perf_counter() - t, 1)
    del lex, texts
    embedder = get_embedder(settings.model)
    for backend in backends:
        s = replace(settings, vector_backend=backend)
        gc.collect()
        before = rss_mb()
        t = time.perf_counter()
        vi = open_vector_index(s.index_dir, embedder.dim, backend)
        vi.clear()
        for i in range(0, len(ids), 5000):
            vi.add(ids[i:i + 5000], vecs[i:i + 5000])
        vi.save()
        write_manifest(s.index_dir, embedder.name, embedder.dim, backend)
        write_json(s.index_dir / VECTOR_STATE, {})
        build = time.perf_counter() - t
        del vi
        gc.collect()
        mid = rss_mb()
        t = time.perf_counter()
        retriever = Retriever(s, store, embedder=embedder)
        load = time.perf_counter() - t
        res = {"build_seconds": round(build, 1), "load_seconds": round(load, 1)}
        for mode in ("hybrid", "bm25", "dense"):
            res[mode] = latency(retriever, questions, mode)
        after = rss_mb()
        res["rss_mb_retriever"] = round(after - mid, 1)
        res["rss_mb_per_100k"] = round((after - mid) * 100_000 / len(ids), 1)
        res["rss_mb_process"] = round(after, 1)
        res["rss_mb_before_build"] = round(before, 1)
        out[backend] = res
        del retriever
        gc.collect()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None, help="ingested data dir (default: ingest corpus/ into a temp dir)")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--backends", nargs="+", default=["faiss", "chroma"])
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/scale_bench.json"))
    args = ap.parse_args()

    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes
    from query.retrieval import Retriever

    questions = [json.loads(l)["question"] for l in Path(args.questions).read_text(encoding="utf-8").splitlines()
                 if l.strip()]
    work = Path(tempfile.mkdtemp(prefix="beleid-bench-"))
    result: dict = {"cpu_threads": __import__("os").cpu_count()}
    if args.data_dir:
        settings = load_settings(args.data_dir)
        store = Store(settings.db_path)
    else:
        from app.ingest import ingest_paths

        settings = load_settings(work / "corpus")
        store = Store(settings.db_path)
        t = time.perf_counter()
        report = ingest_paths([args.corpus], settings, store)
        totals = report.totals()
        result["ingest"] = {"seconds": round(time.perf_counter() - t, 1), "pages": totals.get("pages"),
                            "ocr_pages": totals.get("ocr_pages"), "chunks": totals.get("chunks")}
    sync = sync_indexes(settings, store)
    result["index"] = sync.to_json()
    if sync.added:
        result["index"]["embed_chunks_per_second"] = round(sync.added / max(sync.embed_seconds, 1e-9), 1)
    if "ingest" in result and result["ingest"]["pages"]:
        total = result["ingest"]["seconds"] + sync.seconds
        result["ingest"]["pages_per_second_ingest_plus_index"] = round(result["ingest"]["pages"] / total, 3)
        result["ingest"]["pages_per_second_ingest_only"] = round(result["ingest"]["pages"] / result["ingest"]["seconds"], 3)
    retriever = Retriever(settings, store)
    result["corpus"] = {"chunks": len(retriever.chunks),
                        **{mode: latency(retriever, questions, mode) for mode in ("hybrid", "bm25", "dense")}}
    del retriever
    gc.collect()
    result["scale"] = bench_scale(settings, args.chunks, args.backends, questions, work)

    print("\n| setting | chunks | hybrid p50 / p95 ms | bm25 p95 ms | dense p95 ms | RSS MB per 100k |")
    print("|---|---|---|---|---|---|")
    c = result["corpus"]
    print(f"| corpus (faiss) | {c['chunks']} | {c['hybrid']['p50_ms']} / {c['hybrid']['p95_ms']} | "
          f"{c['bm25']['p95_ms']} | {c['dense']['p95_ms']} | - |")
    for backend in args.backends:
        r = result["scale"][backend]
        print(f"| {backend} | {result['scale']['chunks']} | {r['hybrid']['p50_ms']} / {r['hybrid']['p95_ms']} | "
              f"{r['bm25']['p95_ms']} | {r['dense']['p95_ms']} | {r['rss_mb_per_100k']} |")
    print("\n" + json.dumps({k: v for k, v in result.items() if k != "corpus"}, indent=1))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
