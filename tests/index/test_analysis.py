"""Dutch analysis: folding, stop words, stemming, decompounding."""
from __future__ import annotations

from nl.analysis import DutchAnalyzer, fold, words

VOCAB_TEXT = ("jeugd hulp maatwerk voorziening voorzieningen veiligheid beleid wijk team teams "
              "gemeente raad zorg vraag bijstand uitkering")


def analyzer() -> DutchAnalyzer:
    return DutchAnalyzer().fit([VOCAB_TEXT, "jeugdhulp maatwerkvoorziening"])


def test_fold_accents_and_ligatures():
    assert fold("Één café, ﬁnanciën en eﬀect") == "een cafe, financien en effect"
    assert words("De ﬁnanciële middelen: 1,75 miljoen (2019)") == ["de", "financiele", "middelen", "1,75",
                                                                  "miljoen", "2019"]


def test_stemming_joins_inflections():
    a = analyzer()
    assert a.tokens("voorzieningen") [0] == a.tokens("voorziening")[0]
    assert a.tokens("gemeenten")[0] == a.tokens("gemeente")[0]


def test_stop_words_are_dropped():
    assert analyzer().tokens("de het een van en wat welke") == []


def test_decompounding_known_parts():
    a = analyzer()
    assert a.split("jeugdhulp") == ("jeugd", "hulp")
    assert a.split("maatwerkvoorziening") == ("maatwerk", "voorziening")
    assert a.split("maatwerkvoorzieningen") == ("maatwerk", "voorzieningen")
    assert a.split("wijkteam") == ("wijk", "team")


def test_decompounding_linking_morphemes():
    a = analyzer()
    assert a.split("veiligheidsbeleid") == ("veiligheid", "beleid")
    assert a.split("bijstandsuitkering") == ("bijstand", "uitkering")


def test_no_split_for_plain_words():
    a = analyzer()
    for word in ("ondersteuning", "voorziening", "gemeente", "hulp"):
        assert a.split(word) == ()


def test_tokens_keep_the_compound_and_add_parts():
    a = analyzer()
    tokens = a.tokens("jeugdhulp")
    assert tokens[0] == a.stem("jeugdhulp")
    assert a.stem("jeugd") in tokens and a.stem("hulp") in tokens
    # so a query for the part finds the compound
    assert set(a.tokens("hulp voor jeugd")) <= set(tokens)


def test_vocabulary_round_trip():
    a = analyzer()
    b = DutchAnalyzer(a.vocabulary)
    assert b.tokens("jeugdhulp maatwerkvoorzieningen") == a.tokens("jeugdhulp maatwerkvoorzieningen")
