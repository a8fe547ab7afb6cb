"""Query latency at 100,000 chunks, two code versions compared in one sitting.

\b
Usage:
  # once per code version: a synthetic 100k-chunk store and its indexes, built by that code
  .venv/bin/python evaluations/latency_ab.py build --code /tmp/h14-base --data-dir /tmp/base-data --work /tmp/syn-base
  .venv/bin/python evaluations/latency_ab.py build --code . --data-dir /tmp/new-data --work /tmp/syn-new
  # then: alternate fresh processes (base, new, base, new, ...) per backend, medians of the runs
  .venv/bin/python evaluations/latency_ab.py ab --base /tmp/h14-base /tmp/syn-base --new . /tmp/syn-new \\
      --repeats 3 --backends faiss chroma
  # optionally a third version in between each pair: --middle CODE WORK
  # or: every version in a warm worker process, each question asked of all of them back to back
  .venv/bin/python evaluations/latency_ab.py paired --base /tmp/h14-base /tmp/syn-base --new . /tmp/syn-new --rounds 4
  # per-step profile of one version's query path (cProfile, cumulative time per function)
  .venv/bin/python evaluations/latency_ab.py profile --code . --work /tmp/syn-new --backend faiss

``--code`` is the root of a checkout (e.g. a ``git worktree`` of the baseline
commit); the worker puts it first on ``sys.path``, so that checkout's own
``Retriever``, indexes and embedder answer. The store and indexes are built by
that checkout's ``evaluations/scale_bench.py`` recipe (corpus chunks repeated
with variation, vectors of its own model jittered; no re-embedding), so each
version is measured on data its own code wrote. A measurement is one fresh
process: load the retriever, 3 warm-up questions, then every dev question
``--rounds`` times (``Retriever.search(q, k=10, mode)``, query embedding
included); it reports p50/p95 and the 1-minute load average before and after.
``ab`` alternates base and new processes ``--repeats`` times per backend, so a
shared machine's changing load falls on both alike, and reports the median of
the runs' p50 and p95. Writes JSON to ``--out``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]


def _use_code(code: str) -> Path:
    root = Path(code).resolve()
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(root / "evaluations"))
    return root


def _questions(path: str) -> list[str]:
    return [json.loads(l)["question"] for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


def cmd_build(args) -> None:
    """Synthetic store + BM25 + one vector index per backend, with the given code."""
    _use_code(args.code)
    import shutil
    from dataclasses import replace

    import scale_bench  # the checkout's own recipe
    from beleid.config import load_settings
    from index.atomic import write_json
    from index.embedders import get_embedder
    from index.lexical import LexicalIndex
    from index.sync import VECTOR_STATE, text_digest
    from index.vector import open_vector_index, write_manifest

    work = Path(args.work)
    base = load_settings(args.data_dir)
    t = time.perf_counter()
    built = scale_bench.build_synthetic(base, args.chunks, work / "synthetic")
    settings, ids, vecs, texts = built[0], built[2], built[3], built[4]
    lex = LexicalIndex(settings.index_dir / "bm25")
    lex.build(ids, texts, {cid: text_digest(tx) for cid, tx in zip(ids, texts)})
    lex.save()
    info = {"chunks": len(ids), "model": base.model, "build_seconds": round(time.perf_counter() - t, 1)}
    embedder = get_embedder(base.model)
    for backend in args.backends:
        s = replace(settings, data_dir=work / backend, vector_backend=backend)
        s.index_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(settings.index_dir / "bm25", s.index_dir / "bm25", dirs_exist_ok=True)
        vi = open_vector_index(s.index_dir, embedder.dim, backend)
        vi.clear()
        for k in range(0, len(ids), 5000):
            vi.add(ids[k:k + 5000], vecs[k:k + 5000])
        vi.save()
        write_manifest(s.index_dir, embedder.name, embedder.dim, backend)
        write_json(s.index_dir / VECTOR_STATE, {})
        del vi
    (work / "info.json").write_text(json.dumps(info), encoding="utf-8")
    print(json.dumps(info))


def _retriever(work: Path, backend: str):
    from dataclasses import replace

    from beleid.config import load_settings
    from beleid.store import Store
    from query.retrieval import Retriever

    info = json.loads((work / "info.json").read_text(encoding="utf-8"))
    settings = load_settings(work / "synthetic", model=info["model"])
    store = Store(settings.db_path)
    s = replace(settings, data_dir=work / backend, vector_backend=backend)
    return Retriever(s, store)


def cmd_measure(args) -> None:
    """One fresh process: load, warm up, time every question (JSON on stdout)."""
    root = _use_code(args.code)
    questions = _questions(args.questions)
    load0 = os.getloadavg()[0]
    t = time.perf_counter()
    retriever = _retriever(Path(args.work), args.backend)
    if args.serial:
        retriever.overlap = False  # the steps one after the other (new code only)
    load_s = time.perf_counter() - t
    out: dict = {"code": str(root), "backend": args.backend, "serial": args.serial,
                 "load_seconds": round(load_s, 2),
                 "loadavg_before": round(load0, 2)}
    for mode in args.modes:
        for q in questions[:3]:
            retriever.search(q, k=10, mode=mode)  # warm up
        times, cpus = [], []
        for _ in range(args.rounds):
            for q in questions:
                c = time.process_time()  # all threads of the process
                t = time.perf_counter()
                retriever.search(q, k=10, mode=mode)
                times.append(1000 * (time.perf_counter() - t))
                cpus.append(1000 * (time.process_time() - c))
        times.sort()
        cpus.sort()
        p95 = int(0.95 * (len(times) - 1))
        out[mode] = {"p50_ms": round(times[len(times) // 2], 1), "p95_ms": round(times[p95], 1),
                     "mean_cpu_ms": round(sum(cpus) / len(cpus), 1), "p95_cpu_ms": round(cpus[p95], 1),
                     "n": len(times)}
    out["loadavg_after"] = round(os.getloadavg()[0], 2)
    print("RESULT " + json.dumps(out))


def cmd_profile(args) -> None:
    """cProfile of the hybrid query path (after warm-up), cumulative per function."""
    import cProfile
    import io
    import pstats

    _use_code(args.code)
    questions = _questions(args.questions)
    retriever = _retriever(Path(args.work), args.backend)
    for q in questions[:3]:
        retriever.search(q, k=10, mode=args.mode)
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for _ in range(args.rounds):
        for q in questions:
            retriever.search(q, k=10, mode=args.mode)
    prof.disable()
    n = args.rounds * len(questions)
    print(f"{n} queries, {1000 * (time.perf_counter() - t) / n:.1f} ms per query (profiled)")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(args.top)
    print(buf.getvalue())


STEPS = (  # (attribute path on the retriever, step name): wrapped with a wall-clock timer
    ("embedder.embed_batch", "query embedding"),
    ("lexical.scores", "BM25 scores (+ thesaurus)"),
    ("lexical.search", "BM25 top-n (incl. scores)"),
    ("vectors.search", "vector search"),
    ("lexical.scores_for", "BM25 scores of dense-only candidates"),
    ("vectors.similarities", "cosines of BM25-only candidates"),
    ("_dedupe", "dedupe + hits (word sets, duplicates)"),
)


def cmd_steps(args) -> None:
    """Wall-clock time per step of the query path (wrapped methods; nested
    steps overlap: 'BM25 top-n' includes 'BM25 scores')."""
    _use_code(args.code)
    questions = _questions(args.questions)
    retriever = _retriever(Path(args.work), args.backend)
    spent: dict[str, list[float]] = {}

    def wrap(obj, attr, label):
        fn = getattr(obj, attr)

        def timed(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent.setdefault(label, [0.0])[-1] += 1000 * (time.perf_counter() - t)
        setattr(obj, attr, timed)

    for path, label in STEPS:
        owner = retriever
        *parents, attr = path.split(".")
        for p in parents:
            owner = getattr(owner, p)
        if hasattr(owner, attr):
            wrap(owner, attr, label)
    for q in questions[:3]:
        retriever.search(q, k=10, mode=args.mode)
    total: list[float] = []
    for _ in range(args.rounds):
        for q in questions:
            for v in spent.values():
                v.append(0.0)
            t = time.perf_counter()
            retriever.search(q, k=10, mode=args.mode)
            total.append(1000 * (time.perf_counter() - t))
    n = len(total)
    rows = {"total": total}
    rows.update({k: v[-n:] for k, v in spent.items()})
    out = {}
    print(f"| step ({args.backend}, {args.mode}, {n} queries) | mean ms | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for label, ts in rows.items():
        ts = sorted(ts)
        out[label] = {"mean": round(sum(ts) / n, 2), "p50": round(ts[n // 2], 2),
                      "p95": round(ts[int(0.95 * (n - 1))], 2)}
        print(f"| {label} | {out[label]['mean']} | {out[label]['p50']} | {out[label]['p95']} |")
    print(f"load average (1 min) {os.getloadavg()[0]:.2f}")
    print("RESULT " + json.dumps(out))


def cmd_dump(args) -> None:
    """Every dev question's top-k (ids and scores) per mode, with the given code:
    two dumps compared with ``same`` show whether a change alters any result."""
    _use_code(args.code)
    questions = _questions(args.questions)
    if args.data_dir:
        from beleid.config import load_settings
        from beleid.store import Store
        from query.retrieval import Retriever

        settings = load_settings(args.data_dir)
        retriever = Retriever(settings, Store(settings.db_path))
    else:
        retriever = _retriever(Path(args.work), args.backend)
    proofs = {"proven": 0, "fell back": 0}
    fp16 = getattr(retriever.vectors, "_fp16_search", None)
    if fp16 is not None:
        def counted(*a, **kw):
            res = fp16(*a, **kw)
            proofs["proven" if res is not None else "fell back"] += 1
            return res
        retriever.vectors._fp16_search = counted
    out: dict = {"results": {}}
    for mode in args.modes:
        out["results"][mode] = [[(h.chunk.chunk_id, h.score) for h in retriever.search(q, k=args.k, mode=mode)]
                                for q in questions]
    out["fp16_searches"] = proofs if fp16 is not None else None
    Path(args.out).write_text(json.dumps(out), encoding="utf-8")
    print(f"written: {args.out} (fp16 searches: {out['fp16_searches']})")


def cmd_same(args) -> None:
    """Compare two dumps: same ids in the same order, scores within ``--tol``."""
    a = json.loads(Path(args.a).read_text(encoding="utf-8"))["results"]
    b = json.loads(Path(args.b).read_text(encoding="utf-8"))["results"]
    for mode in a:
        ids_same = sum([c for c, _ in x] == [c for c, _ in y] for x, y in zip(a[mode], b[mode]))
        diff = max((abs(s - t) for x, y in zip(a[mode], b[mode]) for (_, s), (_, t) in zip(x, y)), default=0.0)
        print(f"{mode}: {ids_same}/{len(a[mode])} questions with the same top-k in the same order; "
              f"largest score difference {diff:.2e}")


def _run(code: str, work: str, backend: str, args, serial: bool = False) -> dict:
    cmd = [sys.executable, str(HERE), "measure", "--code", code, "--work", work, "--backend", backend,
           "--rounds", str(args.rounds), "--questions", args.questions, "--modes", *args.modes]
    if serial:
        cmd.append("--serial")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"measure failed ({code}, {backend}):\n{proc.stderr[-3000:]}")


def cmd_serve(args) -> None:
    """A long-lived worker for ``paired``: loads the retriever, warms up, then
    answers lines ``MODE<TAB>QUESTION`` from stdin with ``WALL_MS<TAB>CPU_MS``."""
    _use_code(args.code)
    retriever = _retriever(Path(args.work), args.backend)
    if args.serial:
        retriever.overlap = False
    search_py = Path(args.code) / "app" / "search.py"
    if not args.no_warm and search_py.exists() and "def warm_up" in search_py.read_text(encoding="utf-8"):
        # what the web server does at start, in code that has it: the fastest query engine
        from app.search import warm_up

        warm_up(retriever)
    for q in _questions(args.questions)[:3]:
        for mode in ("hybrid", "dense", "bm25"):
            retriever.search(q, k=10, mode=mode)
    print("READY", flush=True)
    for line in sys.stdin:
        mode, q = line.rstrip("\n").split("\t", 1)
        c = time.process_time()
        t = time.perf_counter()
        retriever.search(q, k=10, mode=mode)
        wall = 1000 * (time.perf_counter() - t)
        print(f"{wall:.3f}\t{1000 * (time.process_time() - c):.3f}", flush=True)


def cmd_paired(args) -> None:
    """Every version in its own warm worker process (``serve``); each question is
    asked of every version back to back (the order rotating from question to
    question), so a shared machine's changing load falls on all of them alike."""
    versions = [("base", args.base, False)]
    if args.middle:
        versions.append(("middle", args.middle, args.middle_serial))
    versions.append(("new", args.new, False))
    no_warm = {"middle": args.middle_no_warm}
    questions = _questions(args.questions)
    result: dict = {"rounds": args.rounds, "questions": len(questions), "backends": {}}
    for backend in args.backends:
        procs = []
        for name, (code, work), serial in versions:
            cmd = [sys.executable, str(HERE), "serve", "--code", code, "--work", work, "--backend", backend,
                   "--questions", args.questions] + (["--serial"] if serial else []) \
                + (["--no-warm"] if no_warm.get(name) else [])
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True, bufsize=1)
            while p.stdout.readline().strip() != "READY":
                if p.poll() is not None:
                    raise RuntimeError(f"worker {name} ({backend}) failed to start")
            procs.append((name, p))
        times = {name: {m: [] for m in args.modes} for name, _ in procs}
        cpus = {name: {m: [] for m in args.modes} for name, _ in procs}
        loads = []
        turn = 0
        for _ in range(args.rounds):
            for mode in args.modes:
                loads.append(os.getloadavg()[0])
                for q in questions:
                    order = procs[turn % len(procs):] + procs[:turn % len(procs)]
                    turn += 1
                    for name, p in order:
                        p.stdin.write(f"{mode}\t{q}\n")
                        p.stdin.flush()
                        wall, cpu = p.stdout.readline().split("\t")
                        times[name][mode].append(float(wall))
                        cpus[name][mode].append(float(cpu))
        for _, p in procs:
            p.stdin.close()
            p.wait()
        res: dict = {"loadavg": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)}}
        for name, _ in procs:
            res[name] = {}
            for mode in args.modes:
                ts, cs = sorted(times[name][mode]), sorted(cpus[name][mode])
                i95 = int(0.95 * (len(ts) - 1))
                res[name][mode] = {"p50_ms": round(ts[len(ts) // 2], 1), "p95_ms": round(ts[i95], 1),
                                   "mean_ms": round(sum(ts) / len(ts), 1),
                                   "cpu_mean_ms": round(sum(cs) / len(cs), 1), "cpu_p95_ms": round(cs[i95], 1),
                                   "n": len(ts)}
        result["backends"][backend] = res
        print(f"\n{backend}: {len(questions)} questions x {args.rounds} rounds per mode, load average "
              f"{res['loadavg']['min']:.1f}-{res['loadavg']['max']:.1f}")
        print("| version | mode | p50 ms | p95 ms | mean ms | CPU ms mean / p95 |")
        print("|---|---|---|---|---|---|")
        for name, _ in procs:
            for mode in args.modes:
                r = res[name][mode]
                print(f"| {name} | {mode} | {r['p50_ms']} | {r['p95_ms']} | {r['mean_ms']} | "
                      f"{r['cpu_mean_ms']} / {r['cpu_p95_ms']} |", flush=True)
    result["versions"] = {name: {"code": c, "work": w, "serial": s} for name, (c, w), s in versions}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"written: {out}")


def cmd_ab(args) -> None:
    versions = {"base": args.base}
    if args.middle:
        versions["middle"] = args.middle
    versions["new"] = args.new
    runs: dict = {b: {v: [] for v in versions} for b in args.backends}
    for backend in args.backends:
        for i in range(args.repeats):
            for name, (code, work) in versions.items():
                r = _run(code, work, backend, args, serial=name == "middle" and args.middle_serial)
                runs[backend][name].append(r)
                print(f"{backend} run {i + 1} {name}: " + ", ".join(
                    f"{m} p50 {r[m]['p50_ms']} p95 {r[m]['p95_ms']}" for m in args.modes)
                      + f" (load {r['loadavg_before']} -> {r['loadavg_after']})", flush=True)
    summary: dict = {}
    print("\n| backend | version | mode | p50 ms (median of runs) | p95 ms (median of runs) | p95 of each run | "
          "CPU ms per query, mean / p95 (medians of runs) |")
    print("|---|---|---|---|---|---|---|")
    for backend in args.backends:
        for name in versions:
            for mode in args.modes:
                rs = runs[backend][name]
                p50 = statistics.median(r[mode]["p50_ms"] for r in rs)
                p95 = statistics.median(r[mode]["p95_ms"] for r in rs)
                cpu = statistics.median(r[mode]["mean_cpu_ms"] for r in rs)
                cpu95 = statistics.median(r[mode].get("p95_cpu_ms", float("nan")) for r in rs)
                summary.setdefault(backend, {}).setdefault(name, {})[mode] = {
                    "p50_ms": p50, "p95_ms": p95, "cpu_ms": cpu, "p95_cpu_ms": cpu95,
                    "p95_runs": [r[mode]["p95_ms"] for r in rs]}
                print(f"| {backend} | {name} | {mode} | {p50} | {p95} | "
                      f"{' / '.join(str(r[mode]['p95_ms']) for r in rs)} | {cpu} / {cpu95} |")
    loads = [r["loadavg_before"] for b in runs.values() for v in b.values() for r in v]
    print(f"\nload average (1 min) at the start of the runs: min {min(loads)}, median "
          f"{statistics.median(loads)}, max {max(loads)}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "runs": runs, "args": {
        "base": args.base, "middle": args.middle, "new": args.new, "repeats": args.repeats, "rounds": args.rounds}}, indent=1),
        encoding="utf-8")
    print(f"written: {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = str(ROOT / "evaluations/data/qa_dev.jsonl")

    b = sub.add_parser("build")
    b.add_argument("--code", default=str(ROOT))
    b.add_argument("--data-dir", required=True)
    b.add_argument("--work", required=True)
    b.add_argument("--chunks", type=int, default=100_000)
    b.add_argument("--backends", nargs="+", default=["faiss", "chroma"])

    m = sub.add_parser("measure")
    m.add_argument("--code", default=str(ROOT))
    m.add_argument("--work", required=True)
    m.add_argument("--backend", default="faiss")
    m.add_argument("--rounds", type=int, default=2)
    m.add_argument("--modes", nargs="+", default=["hybrid", "dense", "bm25"])
    m.add_argument("--questions", default=q)
    m.add_argument("--serial", action="store_true", help="hybrid without the overlapped halves (new code)")

    p = sub.add_parser("profile")
    p.add_argument("--code", default=str(ROOT))
    p.add_argument("--work", required=True)
    p.add_argument("--backend", default="faiss")
    p.add_argument("--mode", default="hybrid")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--top", type=int, default=45)
    p.add_argument("--questions", default=q)

    st = sub.add_parser("steps")
    st.add_argument("--code", default=str(ROOT))
    st.add_argument("--work", required=True)
    st.add_argument("--backend", default="faiss")
    st.add_argument("--mode", default="hybrid")
    st.add_argument("--rounds", type=int, default=2)
    st.add_argument("--questions", default=q)

    d = sub.add_parser("dump")
    d.add_argument("--code", default=str(ROOT))
    d.add_argument("--work")
    d.add_argument("--data-dir", help="an ingested data dir instead of a synthetic work dir")
    d.add_argument("--backend", default="faiss")
    d.add_argument("--modes", nargs="+", default=["hybrid", "dense", "bm25"])
    d.add_argument("--k", type=int, default=10)
    d.add_argument("--questions", default=q)
    d.add_argument("--out", required=True)

    sm = sub.add_parser("same")
    sm.add_argument("a")
    sm.add_argument("b")

    sv = sub.add_parser("serve")
    sv.add_argument("--code", default=str(ROOT))
    sv.add_argument("--work", required=True)
    sv.add_argument("--backend", default="faiss")
    sv.add_argument("--questions", default=q)
    sv.add_argument("--no-warm", action="store_true",
                    help="do not call app.search.warm_up (the one-shot CLI's query engine)")
    sv.add_argument("--serial", action="store_true")

    pa = sub.add_parser("paired")
    pa.add_argument("--base", nargs=2, metavar=("CODE", "WORK"), required=True)
    pa.add_argument("--new", nargs=2, metavar=("CODE", "WORK"), required=True)
    pa.add_argument("--middle", nargs=2, metavar=("CODE", "WORK"))
    pa.add_argument("--middle-serial", action="store_true")
    pa.add_argument("--middle-no-warm", action="store_true", help="the middle worker skips warm_up (CLI query engine)")
    pa.add_argument("--backends", nargs="+", default=["faiss", "chroma"])
    pa.add_argument("--rounds", type=int, default=4)
    pa.add_argument("--modes", nargs="+", default=["hybrid", "dense", "bm25"])
    pa.add_argument("--questions", default=q)
    pa.add_argument("--out", default=str(ROOT / "evaluations/out/latency_paired.json"))

    a = sub.add_parser("ab")
    a.add_argument("--base", nargs=2, metavar=("CODE", "WORK"), required=True)
    a.add_argument("--new", nargs=2, metavar=("CODE", "WORK"), required=True)
    a.add_argument("--middle", nargs=2, metavar=("CODE", "WORK"),
                   help="a third version measured between the two (e.g. the code before a change)")
    a.add_argument("--middle-serial", action="store_true",
                   help="run the middle version with --serial (e.g. the new code without the overlap)")
    a.add_argument("--backends", nargs="+", default=["faiss", "chroma"])
    a.add_argument("--repeats", type=int, default=3)
    a.add_argument("--rounds", type=int, default=2)
    a.add_argument("--modes", nargs="+", default=["hybrid", "dense", "bm25"])
    a.add_argument("--questions", default=q)
    a.add_argument("--out", default=str(ROOT / "evaluations/out/latency_ab.json"))

    args = ap.parse_args()
    {"build": cmd_build, "measure": cmd_measure, "profile": cmd_profile, "steps": cmd_steps,
     "dump": cmd_dump, "same": cmd_same, "serve": cmd_serve, "paired": cmd_paired, "ab": cmd_ab}[args.cmd](args)


if __name__ == "__main__":
    main()
