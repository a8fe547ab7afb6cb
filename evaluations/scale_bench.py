"""Speed and memory: ingest + index at corpus size, and search at 100,000 chunks.

\b
Usage:
  .venv/bin/python evaluations/scale_bench.py                      # ingest corpus/ into a temp dir first
  .venv/bin/python evaluations/scale_bench.py --data-dir .beleid   # reuse an ingested + indexed data dir
  .venv/bin/python evaluations/scale_bench.py --chunks 100000 --backends faiss chroma
  .venv/bin/python evaluations/scale_bench.py --data-dir /tmp/minilm /tmp/e5   # before/after, one sitting
  .venv/bin/python evaluations/scale_bench.py --data-dir /tmp/minilm /tmp/e5 --interleave  # same, question by question

With several data dirs (e.g. the same corpus indexed with two models), each is
measured in turn in one process and the tables are printed one after the other;
query embedding with each data dir's own model is part of every hybrid/dense query.

Measures
* ingest and index time for the corpus (pages/second, embedding time separately);
* warm in-process ``Retriever.search`` latency p50/p95 (hybrid, bm25, dense) on
  the development questions at corpus size, with the query engine a web server uses
  (``app.search.warm_up``; ``--no-warm`` for the one-shot CLI's);
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


def _warm(retriever, warm: bool) -> float:
    """What the web server does at start (``app.search.warm_up``: the embedder's
    fastest query engine; multilingual-e5-small: the torch port where the CPU has
    native bfloat16). ``warm`` False: the one-shot CLI's engine. Returns the seconds
    it took (reported apart from the retriever's load time)."""
    if not warm:
        return 0.0
    from app.search import warm_up

    t = time.perf_counter()
    warm_up(retriever)
    return time.perf_counter() - t


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
    ids, vecs, texts, sources = [], [], [], []
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
                sources.append((c.chunk_id, j))
                texts.append("\n".join([document_header(doc), c.section_path, text]))
                made += 1
            store.save_document(doc, [], new_chunks)
    return settings, store, ids, np.asarray(vecs, dtype=np.float32), texts, sources


def synthetic_vectors(base_settings, sources, seed: int = 7) -> np.ndarray:
    """The synthetic chunks' vectors from another data dir's model (same corpus, same recipe)."""
    nrng = np.random.default_rng(seed)
    vectors = corpus_vectors(base_settings)
    out = []
    for src, j in sources:
        v = vectors[src] if j == 0 else vectors[src] + nrng.normal(0, 0.03, len(vectors[src]))
        out.append(v / np.linalg.norm(v))
    return np.asarray(out, dtype=np.float32)


def bench_scale(base_settings, target: int, backends: list[str], questions: list[str], work: Path,
                shared: dict | None = None, warm: bool = True) -> dict:
    from dataclasses import replace

    from index.embedders import get_embedder
    from index.lexical import LexicalIndex
    from index.sync import VECTOR_STATE, text_digest
    from index.atomic import write_json
    from index.vector import open_vector_index, write_manifest
    from query.retrieval import Retriever

    t0 = time.perf_counter()
    if shared is not None and shared.get("target") == target:
        # another data dir of the same corpus: reuse the synthetic store and BM25 index, new vectors
        settings = replace(shared["settings"], model=base_settings.model)
        store, ids, sources = shared["store"], shared["ids"], shared["sources"]
        vecs = synthetic_vectors(base_settings, sources)
        out: dict = {"chunks": len(ids), "synthetic_store": "shared with the first data dir",
                     "synthetic_vectors_seconds": round(time.perf_counter() - t0, 1)}
    else:
        settings, store, ids, vecs, texts, sources = build_synthetic(base_settings, target, work / "synthetic")
        out = {"chunks": len(ids), "synthetic_store_seconds": round(time.perf_counter() - t0, 1)}
        t = time.perf_counter()
        lex = LexicalIndex(settings.index_dir / "bm25")
        lex.build(ids, texts, {cid: text_digest(tx) for cid, tx in zip(ids, texts)})
        lex.save()
        out["bm25_build_seconds"] = round(time.perf_counter() - t, 1)
        del lex, texts
        if shared is not None:
            shared.update(target=target, settings=settings, store=store, ids=ids, sources=sources)
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
        res = {"build_seconds": round(build, 1), "load_seconds": round(load, 1),
               "warm_up_seconds": round(_warm(retriever, warm), 2)}
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


def interleaved(bases: list, target: int, backends: list[str], questions: list[str], work: Path,
                rounds: int = 2, warm: bool = True) -> dict:
    """Several data dirs (the same corpus indexed with different models) at ``target``
    synthetic chunks, measured in one loop: each question is asked of every model's
    retriever in turn, so that a shared machine's load falls on all of them alike.
    The synthetic store and BM25 index are built once; each model gets its own vectors."""
    import shutil
    from dataclasses import replace

    from index.atomic import write_json
    from index.embedders import get_embedder
    from index.lexical import LexicalIndex
    from index.sync import VECTOR_STATE, text_digest
    from index.vector import open_vector_index, write_manifest
    from query.retrieval import Retriever

    t0 = time.perf_counter()
    settings, store, ids, vecs0, texts, sources = build_synthetic(bases[0], target, work / "synthetic")
    out: dict = {"chunks": len(ids), "synthetic_store_seconds": round(time.perf_counter() - t0, 1)}
    t = time.perf_counter()
    lex = LexicalIndex(settings.index_dir / "bm25")
    lex.build(ids, texts, {cid: text_digest(tx) for cid, tx in zip(ids, texts)})
    lex.save()
    out["bm25_build_seconds"] = round(time.perf_counter() - t, 1)
    del lex, texts
    vectors = [vecs0] + [synthetic_vectors(b, sources) for b in bases[1:]]
    models = [b.model for b in bases]
    for backend in backends:
        retrievers = []
        res: dict = {}
        for i, (base, vecs) in enumerate(zip(bases, vectors)):
            embedder = get_embedder(base.model)
            s = replace(settings, data_dir=work / f"{backend}-{i}", model=base.model, vector_backend=backend)
            s.index_dir.mkdir(parents=True, exist_ok=True)
            shutil.copytree(settings.index_dir / "bm25", s.index_dir / "bm25", dirs_exist_ok=True)
            t = time.perf_counter()
            vi = open_vector_index(s.index_dir, embedder.dim, backend)
            vi.clear()
            for k in range(0, len(ids), 5000):
                vi.add(ids[k:k + 5000], vecs[k:k + 5000])
            vi.save()
            write_manifest(s.index_dir, embedder.name, embedder.dim, backend)
            write_json(s.index_dir / VECTOR_STATE, {})
            res[models[i]] = {"build_seconds": round(time.perf_counter() - t, 1)}
            del vi
            retrievers.append(Retriever(s, store, embedder=embedder))
            _warm(retrievers[-1], warm)
        for mode in ("hybrid", "bm25", "dense"):
            times: list[list[float]] = [[] for _ in retrievers]
            for q in questions[:3]:
                for r in retrievers:
                    r.search(q, k=10, mode=mode)  # warm up
            for _ in range(rounds):
                for q in questions:
                    for i, r in enumerate(retrievers):
                        t = time.perf_counter()
                        r.search(q, k=10, mode=mode)
                        times[i].append(1000 * (time.perf_counter() - t))
            for i, ts in enumerate(times):
                ts.sort()
                res[models[i]][mode] = {"p50_ms": round(ts[len(ts) // 2], 1),
                                        "p95_ms": round(ts[int(0.95 * (len(ts) - 1))], 1), "n": len(ts)}
        out[backend] = res
        del retrievers
        gc.collect()
    return out


def run_one(args, data_dir: str | None, questions: list[str], shared: dict | None = None) -> dict:
    from beleid.config import load_settings
    from beleid.store import Store
    from index.sync import sync_indexes
    from query.retrieval import Retriever

    work = Path(tempfile.mkdtemp(prefix="beleid-bench-"))
    result: dict = {"cpu_threads": __import__("os").cpu_count(), "data_dir": data_dir}
    if data_dir:
        settings = load_settings(data_dir)
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
    result["model"] = sync.model
    result["index"] = sync.to_json()
    if sync.added:
        result["index"]["embed_chunks_per_second"] = round(sync.added / max(sync.embed_seconds, 1e-9), 1)
    if "ingest" in result and result["ingest"]["pages"]:
        total = result["ingest"]["seconds"] + sync.seconds
        result["ingest"]["pages_per_second_ingest_plus_index"] = round(result["ingest"]["pages"] / total, 3)
        result["ingest"]["pages_per_second_ingest_only"] = round(result["ingest"]["pages"] / result["ingest"]["seconds"], 3)
    retriever = Retriever(settings, store)
    _warm(retriever, not args.no_warm)
    result["corpus"] = {"chunks": len(retriever.chunks),
                        **{mode: latency(retriever, questions, mode) for mode in ("hybrid", "bm25", "dense")}}
    del retriever
    gc.collect()
    result["scale"] = bench_scale(settings, args.chunks, args.backends, questions, work, shared,
                                  warm=not args.no_warm)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", nargs="+", default=[None],
                    help="ingested data dir(s) (default: ingest corpus/ into a temp dir)")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--questions", default=str(ROOT / "evaluations/data/qa_dev.jsonl"))
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--backends", nargs="+", default=["faiss", "chroma"])
    ap.add_argument("--interleave", action="store_true",
                    help="with several data dirs: one synthetic store, latency measured question by question "
                         "across the models in turn (fair on a shared machine)")
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/scale_bench.json"))
    ap.add_argument("--no-warm", action="store_true",
                    help="queries on the one-shot CLI's engine (no app.search.warm_up), not the web server's")
    args = ap.parse_args()

    questions = [json.loads(l)["question"] for l in Path(args.questions).read_text(encoding="utf-8").splitlines()
                 if l.strip()]
    if args.interleave:
        from beleid.config import load_settings

        bases = [load_settings(d) for d in args.data_dir]
        from beleid.store import Store
        from index.sync import sync_indexes

        for b in bases:
            sync_indexes(b, Store(b.db_path))
        result = interleaved(bases, args.chunks, args.backends, questions, Path(tempfile.mkdtemp(prefix="beleid-bench-")),
                             warm=not args.no_warm)
        print(f"\n{result['chunks']} synthetic chunks; each question asked of every model in turn (interleaved)\n")
        print("| backend | model | hybrid p50 / p95 ms | bm25 p95 ms | dense p50 / p95 ms |")
        print("|---|---|---|---|---|")
        for backend in args.backends:
            for model, r in result[backend].items():
                print(f"| {backend} | {model} | {r['hybrid']['p50_ms']} / {r['hybrid']['p95_ms']} | "
                      f"{r['bm25']['p95_ms']} | {r['dense']['p50_ms']} / {r['dense']['p95_ms']} |")
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"\nwritten: {out}")
        return
    shared: dict = {}
    runs = [run_one(args, d, questions, shared) for d in args.data_dir]
    for result in runs:
        print(f"\nmodel {result['model']} (data dir {result['data_dir']})")
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
    out.write_text(json.dumps(runs[0] if len(runs) == 1 else {"runs": runs}, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
