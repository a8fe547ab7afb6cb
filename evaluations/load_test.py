"""Bounded load test of the search API on loopback.

Starts ``beleid serve`` on a free 127.0.0.1 port with the given (indexed) data
dir, warms it up with one search, then sends N searches with a fixed number of
concurrent clients and a hard time limit, and prints a Markdown report:
throughput, p50/p95/p99 latency and errors. Only ever talks to 127.0.0.1.

    .venv/bin/python evaluations/load_test.py --data-dir /tmp/web-data
    .venv/bin/python evaluations/load_test.py --data-dir .beleid -n 500 -c 16 --time-limit 180

Exit code: 0 when every request succeeded, 1 otherwise.
"""
from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.launch import local_server  # noqa: E402
QUERIES = [
    "Welke doelen had het programma Duurzaamheid voor 2022?",
    "Wat adviseerde Verwey-Jonker over preventie?",
    "Hoeveel geld was er in 2019 voor innovaties?",
    "wijkteams wachtlijsten",
    "Wie is de programmamanager van het programma Zorg?",
    "jeugdhulp kosten",
    "omgevingswet participatie",
    "veiligheid ondermijning",
    "Welke indicatoren heeft het programma Economie en Participatie?",
    "evaluatie sociaal domein aanbevelingen",
    "energietransitie woningen aardgasvrij",
    "binnenstad leegstand",
]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    i = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[i]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True, help="an ingested and indexed data dir")
    ap.add_argument("-n", "--requests", type=int, default=300, help="number of searches (default 300)")
    ap.add_argument("-c", "--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("-k", type=int, default=10, help="hits per search (default 10)")
    ap.add_argument("--time-limit", type=float, default=120, help="hard limit in seconds for the load phase")
    ap.add_argument("--timeout", type=float, default=30, help="per-request timeout in seconds")
    args = ap.parse_args(argv)
    if not (1 <= args.requests <= 100_000 and 1 <= args.concurrency <= 256):
        ap.error("requests must be 1..100000 and concurrency 1..256")

    log_path = Path(args.data_dir) / "load-test-server.log"
    try:
        with local_server(args.data_dir, log_path, "--no-warm-up", timeout=120) as base:
            docs = httpx.get(base + "/api/documents", timeout=10).json()
            warm = time.monotonic()
            r = httpx.get(base + "/api/search", params={"q": "warm-up", "k": args.k}, timeout=300)
            r.raise_for_status()
            warm_s = time.monotonic() - warm

            latencies: list[float] = []
            errors: dict[str, int] = {}
            lock = threading.Lock()
            deadline = time.monotonic() + args.time_limit
            local = threading.local()

            def one(i: int) -> None:
                if time.monotonic() > deadline:
                    with lock:
                        errors["not sent (time limit)"] = errors.get("not sent (time limit)", 0) + 1
                    return
                client = getattr(local, "client", None)
                if client is None:
                    client = local.client = httpx.Client(base_url=base, timeout=args.timeout)
                q = QUERIES[i % len(QUERIES)]
                t = time.perf_counter()
                try:
                    resp = client.get("/api/search", params={"q": q, "k": args.k})
                    ok = resp.status_code == 200 and isinstance(resp.json().get("hits"), list)
                    key = None if ok else f"HTTP {resp.status_code}"
                except httpx.HTTPError as exc:
                    key = exc.__class__.__name__
                dt = time.perf_counter() - t
                with lock:
                    if key is None:
                        latencies.append(dt)
                    else:
                        errors[key] = errors.get(key, 0) + 1

            start = time.monotonic()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                futures = [pool.submit(one, i) for i in range(args.requests)]
                for f in as_completed(futures):
                    f.result()
            wall = time.monotonic() - start
    except RuntimeError as exc:  # the server did not come up
        raise SystemExit(str(exc))

    n_err = sum(errors.values())
    ms = [x * 1000 for x in latencies]
    cmd = " ".join(shlex.quote(a) for a in [".venv/bin/python", "evaluations/load_test.py", *(argv or sys.argv[1:])])
    print("## Load test: concurrent searches (`GET /api/search`)\n")
    print(f"Command: `{cmd}`\n")
    print(f"- Server: `beleid serve` on 127.0.0.1, one process; {len(docs)} documents, "
          f"{sum(d['chunks'] for d in docs)} passages; warm-up search {warm_s:.1f} s")
    print(f"- Machine: {platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}")
    print(f"- Load: {args.requests} searches, {args.concurrency} concurrent clients, k={args.k}, "
          f"{len(QUERIES)} different Dutch queries in rotation, time limit {args.time_limit:g} s\n")
    print("| requests ok | errors | wall time (s) | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(ms)} | {n_err} | {wall:.1f} | {len(ms) / wall if wall else 0:.1f} | {pct(ms, 50):.0f} | "
          f"{pct(ms, 95):.0f} | {pct(ms, 99):.0f} | {max(ms) if ms else float('nan'):.0f} |")
    if errors:
        print("\nErrors: " + ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())))
    if ms:
        print(f"\nMean latency {statistics.mean(ms):.0f} ms.")
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main())
