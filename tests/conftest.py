"""Shared fixtures. The real corpus is ingested once per test session.

``corpus_data`` ingests every PDF of ``corpus/`` (the scanned contract too)
into a temporary data dir without building indexes; ``indexed_data`` adds the
real search indexes with the bundled model on top of the same data dir.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCANNED = CORPUS / "scanned" / "2019-programmacontract-zorg-scan.pdf"


@dataclass
class Ingested:
    settings: object
    store: object
    report: object


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory) -> Ingested:
    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths

    data_dir = tmp_path_factory.mktemp("corpus-data")
    settings = load_settings(data_dir)
    store = Store(settings.db_path)
    report = ingest_paths([CORPUS], settings, store)
    return Ingested(settings, store, report)


@pytest.fixture(scope="session")
def indexed_data(corpus_data) -> Ingested:
    from index.sync import sync_indexes

    sync_indexes(corpus_data.settings, corpus_data.store)
    return corpus_data
