from __future__ import annotations

import pytest

from index.sync import sync_indexes
from tests.sample_store import make_store
from query.retrieval import Retriever


@pytest.fixture
def small(tmp_path):
    """(settings, store, retriever) over tests.sample_store.SAMPLE with the fake embedder."""
    settings, store = make_store(tmp_path / "data")
    sync_indexes(settings, store)
    return settings, store, Retriever(settings, store)
