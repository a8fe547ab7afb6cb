"""Where the e5 port's passage-embedding time goes, and what cheaper kernels would give
(issue 12: ingest speed). One thread, so the shares are per core.

0. **Composition**: the tokens of all passages as indexed, split into document
   header, section path and chunk text.
1. **Operator profile** (``torch.profiler``) of ``index.e5_torch.TorchE5.embed`` on
   ``--sample`` passages of an ingested data dir, exactly as indexed (header + section
   + text): the share of the linear layers (``addmm``), of attention
   (``scaled_dot_product_attention``) and of the rest.
2. **Kernels at the model's shapes** (rows = 8 passages x 256 tokens): GFLOP/s of a
   bfloat16 ``linear`` (what the port runs), of an int8 x int8 matmul
   (``torch._int_mm``), and of int8 with the per-row quantisation of the activations
   that a dynamic int8 model needs; and attention (``scaled_dot_product_attention``)
   at 128, 256 and 512 tokens in bfloat16 and float32.

Usage:
    .venv/bin/python evaluations/embed_cost.py --data-dir /tmp/d [--sample 200] [--out evaluations/out/embed_cost.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench(fn, n: int = 10) -> float:
    fn()
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def profile(data_dir: str, sample: int) -> dict:
    import torch
    from torch.profiler import ProfilerActivity, profile as torch_profile

    from beleid.config import load_settings
    from beleid.store import Store
    from index.e5_torch import TorchE5
    from index.sync import _wanted

    texts = list(_wanted(Store(load_settings(data_dir).db_path))[0].values())
    step = max(1, len(texts) // sample)
    texts = texts[::step][:sample]
    model = TorchE5()
    torch.set_num_threads(1)
    model.embed(texts[:8], threads=1)
    t0 = time.perf_counter()
    model.embed(texts, threads=1)
    seconds = time.perf_counter() - t0
    tokens = sum(model.token_count(t) for t in texts)
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        model.embed(texts, threads=1)
    ops = {e.key: e.self_cpu_time_total for e in prof.key_averages()}
    total = sum(ops.values())
    linear = ops.get("aten::addmm", 0) + ops.get("aten::mm", 0)
    attention = sum(v for k, v in ops.items() if "scaled_dot_product" in k)
    return {"passages": len(texts), "tokens": tokens, "seconds_one_thread": round(seconds, 2),
            "passages_per_second": round(len(texts) / seconds, 1), "tokens_per_second": round(tokens / seconds),
            "share_linear": round(linear / total, 3), "share_attention": round(attention / total, 3),
            "share_other": round(1 - (linear + attention) / total, 3)}


def composition(data_dir: str) -> dict:
    """Tokens of every passage as indexed, split into document header (title, author,
    year), section path and chunk text (the e5 tokenizer, prefix and special tokens
    left out)."""
    from beleid.config import load_settings
    from beleid.store import Store
    from index.e5_torch import TorchE5
    from index.sync import document_header

    store = Store(load_settings(data_dir).db_path)
    docs = {d.doc_id: d for d in store.documents()}
    tok = TorchE5().tokenizer
    header = section = text = 0
    chunks = store.chunks()
    for c in chunks:
        doc = docs.get(c.doc_id)
        if doc is not None and doc.title:
            header += len(tok.ids(document_header(doc))) + 1
        if c.section:
            section += len(tok.ids(c.section_path)) + 1
        text += len(tok.ids(c.text))
    total = header + section + text
    return {"passages": len(chunks), "tokens": total, "header": header, "section": section, "text": text,
            "share_header": round(header / total, 3), "share_section": round(section / total, 3)}


def kernels() -> dict:
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    out: dict = {"matmul": [], "attention": []}
    rows = 8 * 256
    for k, n in ((384, 1152), (384, 1536), (1536, 384), (384, 384)):
        x, w = torch.randn(rows, k), torch.randn(n, k)
        xb, wb = x.bfloat16(), w.bfloat16()
        wi = torch.randint(-127, 127, (k, n), dtype=torch.int8)
        xi = torch.randint(-127, 127, (rows, k), dtype=torch.int8)

        def dynamic():
            scale = x.abs().amax(1, keepdim=True) / 127
            return torch._int_mm((x / scale).round().to(torch.int8), wi).float() * scale

        flop = 2 * rows * k * n
        row = {"shape": f"{rows}x{k} @ {k}x{n}",
               "bf16_gflops": round(flop / bench(lambda: F.linear(xb, wb)) / 1e9),
               "fp32_gflops": round(flop / bench(lambda: F.linear(x, w)) / 1e9)}
        try:
            row["int8_gops"] = round(flop / bench(lambda: torch._int_mm(xi, wi)) / 1e9)
            row["int8_with_row_quantisation_gops"] = round(flop / bench(dynamic) / 1e9)
        except RuntimeError as exc:  # no CPU int8 matmul in this torch
            row["int8_error"] = str(exc).splitlines()[0]
        out["matmul"].append(row)
    for length in (128, 256, 512):
        q, k_, v = (torch.randn(8, 12, length, 32).bfloat16() for _ in range(3))
        qf, kf, vf = q.float(), k_.float(), v.float()
        out["attention"].append({
            "tokens": length,
            "bf16_ms": round(1000 * bench(lambda: F.scaled_dot_product_attention(q, k_, v)), 1),
            "fp32_ms": round(1000 * bench(lambda: F.scaled_dot_product_attention(qf, kf, vf)), 1),
            "linear_layers_ms_at_bf16_rate": None})
    # the linear layers of one encoder layer at the same shape, for comparison
    for row in out["attention"]:
        flop = 2 * 8 * row["tokens"] * 12 * 384 * 384
        row["linear_layers_ms_at_bf16_rate"] = round(1000 * flop / (out["matmul"][0]["bf16_gflops"] * 1e9), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, help="an ingested data dir (its chunks are the passages)")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "embed_cost.json"))
    args = ap.parse_args()
    result = {"composition": composition(args.data_dir), "profile": profile(args.data_dir, args.sample),
              "kernels": kernels()}
    c = result["composition"]
    print(f"{c['passages']} passages, {c['tokens']} tokens: document header {c['share_header']:.0%}, "
          f"section path {c['share_section']:.0%}, chunk text {1 - c['share_header'] - c['share_section']:.0%}")
    p = result["profile"]
    print(f"port, 1 thread, {p['passages']} passages ({p['tokens']} tokens): {p['passages_per_second']} passages/s; "
          f"linear {p['share_linear']:.0%}, attention {p['share_attention']:.0%}, other {p['share_other']:.0%}")
    print("| matmul | bf16 GFLOP/s | fp32 | int8 GOP/s | int8 + row quantisation |")
    print("|---|---|---|---|---|")
    for r in result["kernels"]["matmul"]:
        print(f"| {r['shape']} | {r['bf16_gflops']} | {r['fp32_gflops']} | {r.get('int8_gops', '-')} | "
              f"{r.get('int8_with_row_quantisation_gops', r.get('int8_error', '-'))} |")
    print("| attention, 8 passages x 12 heads | bf16 ms | fp32 ms | the layer's linear ms |")
    print("|---|---|---|---|")
    for r in result["kernels"]["attention"]:
        print(f"| {r['tokens']} tokens | {r['bf16_ms']} | {r['fp32_ms']} | {r['linear_layers_ms_at_bf16_rate']} |")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
