"""Fixtures for the register tests: blocks from small strings, the two gold contracts ingested once."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from beleid.types import Block

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))


def make_blocks(*items: tuple[str, str] | str, page: int = 1, doc_id: str = "t") -> list[Block]:
    """Blocks from ('heading'|'paragraph'|'list_item', text) pairs (a bare string is a paragraph)."""
    out = []
    for n, it in enumerate(items):
        kind, text = ("paragraph", it) if isinstance(it, str) else it
        out.append(Block(doc_id, page, n, kind, text, (0, 0, 1, 1), heading_level=1 if kind == "heading" else 0))
    return out


@pytest.fixture(scope="session")
def gold_data(tmp_path_factory):
    """The Duurzaamheid and Zorg contracts ingested (stages run, no index) into a fresh data dir."""
    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths

    settings = load_settings(tmp_path_factory.mktemp("register-data"))
    store = Store(settings.db_path)
    report = ingest_paths([str(ROOT / "corpus" / "2019-programmacontract-duurzaamheid.pdf"),
                           str(ROOT / "corpus" / "2019-programmacontract-zorg.pdf")], settings, store)
    assert not report.failed
    return settings, store


@pytest.fixture(scope="session")
def gold():
    import json

    return {d["doc_id"]: d for d in json.loads((ROOT / "evaluations" / "data" / "register_dev.json").read_text())}
