"""BM25 index: build, search, filters, atomic save and load."""
from __future__ import annotations

from index.lexical import LexicalIndex, build_lexical, open_lexical

IDS = ["a:0", "a:1", "b:0"]
TEXTS = ["De wachttijden in de jeugdhulp moeten korter.",
         "Eind 2022 is 20% van de energie duurzaam opgewekt.",
         "Hulp voor jeugd en gezin in de wijk."]


def test_search_ranks_and_decompounds(tmp_path):
    idx = LexicalIndex()
    idx.build(IDS, TEXTS)
    hits = idx.search("jeugdhulp", 3)
    assert [c for c, _ in hits][:2] == ["a:0", "b:0"]  # b:0 found through the parts jeugd + hulp
    assert idx.search("duurzame energie", 1)[0][0] == "a:1"
    idx.expand = True
    assert [c for c, _ in idx.search("zonnepanelen", 3)] == ["a:1"]  # thesaurus: zonne-energie
    idx.expand = False
    assert idx.search("zonnepanelen", 3) == []


def test_allowed_filter():
    idx = LexicalIndex()
    idx.build(IDS, TEXTS)
    assert [c for c, _ in idx.search("jeugdhulp", 3, allowed={"b:0"})] == ["b:0"]


def test_save_and_load(tmp_path):
    build_lexical(tmp_path, zip(IDS, TEXTS, ["h1", "h2", "h3"]))
    again = open_lexical(tmp_path)
    assert again.ids == IDS and again.hashes == {"a:0": "h1", "a:1": "h2", "b:0": "h3"}
    assert again.search("jeugdhulp", 1)[0][0] == "a:0"
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no temp leftovers


def test_empty_index(tmp_path):
    idx = open_lexical(tmp_path)
    assert idx.count() == 0 and idx.search("iets", 5) == []
