"""Thesaurus query expansion: group matching, weights, max-not-sum scoring, user files."""
from __future__ import annotations

import pytest

from beleid.errors import ConfigError
from nl.analysis import DutchAnalyzer
from index.lexical import LexicalIndex
from nl.thesaurus import BUNDLED, Thesaurus, read_groups

IDS = ["goal", "other", "both"]
TEXTS = ["In 2022 is het aantal banen met 4000 gestegen ten opzichte van 2016.",
         "De wachttijden in de jeugdhulp zijn korter geworden.",
         "Meer arbeidsplaatsen, meer banen, meer werkplekken en meer werkgelegenheid voor iedereen."]


def index(expand: bool = True) -> LexicalIndex:
    idx = LexicalIndex()
    idx.build(IDS, TEXTS)
    idx.expand = expand
    return idx


def test_bundled_file_parses_into_real_groups():
    groups = read_groups(BUNDLED)
    assert len(groups) > 100
    assert all(len(g) >= 2 for g in groups)
    thesaurus = Thesaurus(groups, DutchAnalyzer())
    assert len(thesaurus.groups) > 100  # entries survive analysis (no group of stop words only)


def test_synonym_finds_a_passage_without_the_query_word():
    without = [c for c, _ in index(expand=False).search("aantreden college", 3)]
    assert without == []  # no passage holds these words
    hits = [c for c, _ in index().search("hoeveel arbeidsplaatsen erbij sinds 2016", 3)]
    assert "goal" in hits  # "banen" stands in for "arbeidsplaatsen"


def test_absent_word_is_replaced_at_full_weight():
    analyzer = DutchAnalyzer().fit(TEXTS)
    th = Thesaurus([["aantreden", "start", "begin"]], analyzer, weight=0.4)
    [exp] = th.expand("toen het college aantrad",
                      known=lambda t: t != analyzer.stem("aantreden"))
    assert {w for _, w in exp.alternatives} == {1.0}
    [exp] = th.expand("toen het college aantrad", known=lambda t: True)
    assert {w for _, w in exp.alternatives} == {0.4}


def test_synonyms_do_not_add_up():
    """A passage scores for a group as for its best alternative wording: one
    that holds three synonyms of the query word gets no more than the best of
    them alone would give."""
    idx = index()
    analyzer = idx.analyzer
    idx.use_thesaurus(Thesaurus([["arbeidsplaats", "baan", "werkplek", "werkgelegenheid"]], analyzer))
    [exp] = idx.thesaurus().expand("arbeidsplaatsen")
    bonus = idx._expansion_bonus("arbeidsplaatsen", len(IDS))
    both = IDS.index("both")
    singles = [w * float(sum(idx._bm25.get_scores([t])[both] for t in entry))
               for entry, w in exp.alternatives if all(t in idx._bm25.vocab_dict for t in entry)]
    assert len(singles) >= 2  # the passage really holds several synonyms
    own = sum(float(idx._bm25.get_scores([t])[both]) for t in exp.original if t in idx._bm25.vocab_dict)
    assert bonus[both] == pytest.approx(max(max(singles) - own, 0.0), rel=1e-4)
    assert bonus[both] < sum(singles)


def test_expansion_never_removes_a_hit():
    q = "jeugdhulp wachttijden"
    assert [c for c, _ in index().search(q, 3)][:1] == [c for c, _ in index(expand=False).search(q, 3)][:1]


def test_user_thesaurus_extends_the_bundled_one(tmp_path):
    own = tmp_path / "eigen.txt"
    own.write_text("# eigen jargon\njhw, jeugdhulp\n", encoding="utf-8")
    idx = index()
    idx.thesaurus_path = own
    assert [c for c, _ in idx.search("jhw", 3)] == ["other"]
    assert index().search("jhw", 3) == []


def test_unreadable_thesaurus_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read thesaurus"):
        read_groups(tmp_path / "missing.txt")


def test_words_that_only_share_a_lemma_table_stem_do_not_trigger():
    """The lemma table maps "bleven" (blijven) and "blijvend" to one stem; a
    synonym group of "blijvend" must not fire on "bleven"."""
    analyzer = DutchAnalyzer()
    assert analyzer.stem("bleven") == analyzer.stem("blijvend")  # the noise this guards against
    th = Thesaurus([["blijvend", "structureel"]], analyzer)
    assert th.expand("de kosten bleven gelijk") == []
    assert th.expand("blijvende kosten")  # the real word still triggers


def test_phrase_that_analyses_to_one_word_is_dropped():
    th = Thesaurus([["re-integratie", "naar werk", "arbeidstoeleiding"]], DutchAnalyzer())
    assert len(th.groups) == 1 and len(th.groups[0]) == 2  # "naar werk" is gone, the group stays
    assert th.expand("hoeveel mensen werken in de zorg") == []
    assert th.expand("hoe gaat de arbeidstoeleiding")
