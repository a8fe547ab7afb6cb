"""The layers are top-level packages with short names (README, "Package names"): each must
resolve to this repository's folder, not to another distribution of the same name."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["beleid", "nl", "ingest", "index", "query", "register", "recommendations", "app", "cli", "web"]


@pytest.mark.parametrize("name", PACKAGES)
def test_top_level_package_is_ours(name):
    module = importlib.import_module(name)
    assert Path(module.__file__).resolve().parent == ROOT / name


def test_pyproject_installs_every_layer():
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = cfg["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(p.rstrip("*") for p in include) == sorted(PACKAGES)
    assert cfg["project"]["scripts"]["beleid"] == "cli:run"
    roots = cfg["tool"]["importlinter"]["root_packages"]
    assert sorted(roots) == sorted(PACKAGES)
