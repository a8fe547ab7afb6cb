"""Search and answers on the real corpus with the bundled model (integration)."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ZORG = "2019-programmacontract-zorg"
SCAN = "2019-programmacontract-zorg-scan"


@pytest.fixture(scope="module")
def retriever(indexed_data):
    from query.retrieval import Retriever

    return Retriever(indexed_data.settings, indexed_data.store)


def test_index_covers_the_store(indexed_data):
    from index.sync import sync_indexes

    report = sync_indexes(indexed_data.settings, indexed_data.store)
    assert report.added == 0 and report.deleted == 0 and report.chunks > 100


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_programme_question_finds_its_contract(retriever, mode):
    hits = retriever.search("doelen duurzaam opgewekte energie warmtevoorziening aardgas", k=5, mode=mode)
    assert hits and hits[0].chunk.doc_id == "2019-programmacontract-duurzaamheid"


def test_scanned_duplicate_never_crowds_the_results(retriever):
    for q in ("maatschappelijke opvang unieke personen", "innovaties programma Zorg bedrag per jaar",
              "jeugdhulp wijkteams programmacontract Zorg"):
        hits = retriever.search(q, k=10)
        assert all(h.chunk.doc_id != SCAN for h in hits), q
        assert any(h.chunk.doc_id == ZORG for h in hits), q


def test_filters_on_real_metadata(retriever):
    hits = retriever.search("aanbevelingen preventie", k=10, kind="evaluatie", year_to=2018)
    assert hits and {h.chunk.doc_id for h in hits} == {"2018-verwey-jonker-transformatie-sociaal-domein"}
    hits = retriever.search("budget", k=10, programme="Veiligheid")
    assert hits and {h.chunk.doc_id for h in hits} == {"2019-programmacontract-veiligheid"}


def test_ask_cites_document_and_page(retriever):
    from query.answer import ask

    answer = ask(retriever, "Hoeveel unieke personen mochten in 2022 maximaal gebruikmaken van de maatschappelijke opvang?")
    assert answer.found and answer.citations
    c = answer.citations[0]
    assert c.doc_id == ZORG and c.page >= 1 and "[1]" in answer.text
    assert not ask(retriever, "Wie won de Tour de France in 1998?").found


@pytest.mark.parametrize("question, evidence", [
    ("Hoeveel huishoudens zaten in de bijstand bij het aantreden van het college?", "start van het college"),
    ("Hoeveel nieuwe arbeidsplaatsen moesten er in 2022 bij komen ten opzichte van 2016?", "aantal banen"),
])
def test_thesaurus_finds_passages_in_other_words(indexed_data, question, evidence):
    """Questions worded differently from the document ("aantreden" / "start",
    "arbeidsplaatsen" / "banen") rank the passage higher with the thesaurus: in
    the lexical retriever, in the top 3 with it, lower or not at all without; in
    hybrid search (where the dense side has its own say) never lower with it."""
    from dataclasses import replace

    from query.retrieval import Retriever

    def rank(settings, mode) -> float:
        hits = Retriever(settings, indexed_data.store).search(question, k=20, mode=mode)
        return next((i for i, h in enumerate(hits, 1) if evidence in h.chunk.text), float("inf"))

    plain = replace(indexed_data.settings, query_expansion=False)
    assert rank(indexed_data.settings, "bm25") <= 3
    assert rank(indexed_data.settings, "bm25") < rank(plain, "bm25")
    assert rank(indexed_data.settings, "hybrid") <= rank(plain, "hybrid")
