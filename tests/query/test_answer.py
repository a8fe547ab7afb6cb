"""Answer generators: extractive and LangChain (with LangChain's fake chat model)."""
from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from beleid.errors import MissingExtraError, UnknownBackendError
from query.answer import NOT_FOUND, ExtractiveGenerator, LangChainGenerator, ask, get_generator, split_sentences


def test_split_sentences():
    text = "Eerste zin over jeugdhulp in Almelo. Tweede zin over de wijkteams!\n• Een opsomming met genoeg tekst"
    assert split_sentences(text) == ["Eerste zin over jeugdhulp in Almelo.", "Tweede zin over de wijkteams!",
                                     "Een opsomming met genoeg tekst"]


def test_extractive_answer_with_citations(small):
    settings, _, r = small
    answer = ask(r, "Hoeveel unieke personen mochten in 2022 gebruikmaken van de maatschappelijke opvang?")
    assert answer.found and answer.generator == "extractive"
    assert "350 unieke personen" in answer.text and "[1]" in answer.text
    c = answer.citations[0]
    assert c.number == 1 and c.doc_id == "2019-programmacontract-zorg" and c.page == 1
    assert c.quote in answer.text
    data = answer.to_json()
    assert data["citations"][0]["doc_id"] == c.doc_id and data["passages"]


def test_extractive_says_not_found(small):
    settings, _, r = small
    answer = ask(r, "Wat is de hoofdstad van Frankrijk?")
    assert not answer.found and answer.text == NOT_FOUND and answer.citations == ()


def test_extractive_without_hits():
    answer = ExtractiveGenerator().answer("Iets?", [])
    assert not answer.found and answer.text == NOT_FOUND


def test_langchain_generator_keeps_only_retrieved_citations(small):
    _, _, r = small
    hits = r.search("innovaties bedrag per jaar", k=3)
    fake = FakeListChatModel(responses=["Er was 1,75 miljoen euro per jaar [1]. Zie ook [9] en [1, 7]."])
    answer = LangChainGenerator(chat_model=fake).answer("Hoeveel geld voor innovaties?", hits)
    assert answer.found and answer.generator == "langchain"
    assert "[9]" not in answer.text and "[7]" not in answer.text and "[1, 7]" not in answer.text
    assert [c.number for c in answer.citations] == [1]
    assert answer.citations[0].doc_id == hits[0].chunk.doc_id


def test_langchain_generator_without_valid_citation_is_not_found(small):
    hits = small[2].search("opvang", k=2)
    for reply in ["Het antwoord is 42 [5].", "Dat staat er niet in.", NOT_FOUND]:
        answer = LangChainGenerator(chat_model=FakeListChatModel(responses=[reply])).answer("?", hits)
        assert not answer.found and answer.text == NOT_FOUND


def test_langchain_generator_prompt_numbers_passages(small):
    hits = small[2].search("opvang", k=2)

    seen = []

    class Recording:
        def invoke(self, messages):
            seen.append(messages)
            return FakeListChatModel(responses=["ok [1]"]).invoke(messages)

    LangChainGenerator(chat_model=Recording()).answer("Vraag?", hits)
    prompt = seen[0][1].content
    assert "[1]" in prompt and "[2]" in prompt and "Vraag?" in prompt
    assert "uitsluitend" in seen[0][0].content


def test_langchain_missing_package_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name in ("langchain_openai", "langchain_ollama"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    for provider in ("openai", "ollama"):
        with pytest.raises(MissingExtraError, match=r"beleidsgeheugen\[llm\]"):
            LangChainGenerator(provider=provider, url="http://127.0.0.1:9", model="m")


def test_generator_registry(small):
    settings = small[0]
    assert get_generator(settings).name == "extractive"
    with pytest.raises(UnknownBackendError, match="extractive"):
        get_generator(settings, "gpt")


def _hit(text: str, doc_id: str = "d", page: int = 3):
    from beleid.types import Chunk, Hit

    chunk = Chunk(chunk_id=f"{doc_id}:0", doc_id=doc_id, seq=0, page=page, page_end=page, section=(),
                  text=text, kind="text", char_start=0, char_end=len(text), bbox=None)
    return Hit(chunk=chunk, score=1.0, title="Rapport", sources=("bm25",))


def test_extractive_adds_the_sentence_that_carries_the_answer():
    """The sentence that repeats the question's words often only introduces
    the answer; the next sentence comes with it."""
    text = ("Er is gekeken naar het budget voor het programma Zorg in 2019. "
            "Hieruit blijkt dat nog een bedrag beschikbaar is van 158.000 euro. "
            "Daarna volgt een heel ander onderwerp over wegen en bruggen.")
    gen = ExtractiveGenerator()
    answer = gen.answer("Hoeveel budget bleef er in 2019 over voor het programma Zorg?", [_hit(text)])
    assert answer.found and "158.000 euro" in answer.text
    assert "wegen en bruggen" not in answer.text
    assert ExtractiveGenerator(best_sentences=1, max_sentences=1).answer(
        "Hoeveel budget bleef er in 2019 over voor het programma Zorg?", [_hit(text)]).text.count("[1]") == 1


def test_extractive_matches_question_words_through_the_thesaurus(small):
    """'aantrad' occurs nowhere; its thesaurus synonym 'start' in the passage
    counts as a match, so the answer is found (and is not without it)."""
    from dataclasses import replace as dc_replace

    settings, store, r = small
    text = "Bij de start van het college waren 2850 huishoudens afhankelijk van de bijstand."
    q = "Hoeveel huishoudens waren afhankelijk van de bijstand toen het college aantrad?"
    gen = ExtractiveGenerator(retriever=r)
    units = gen._units(q)
    aantrad = next(stem for stem in units if stem.startswith("aantre"))
    assert units[aantrad][2]  # has thesaurus alternatives
    assert gen._matched(units, gen._terms(text)) >= {aantrad}
    r.lexical.expand = False
    assert aantrad not in ExtractiveGenerator(retriever=r)._matched(
        ExtractiveGenerator(retriever=r)._units(q), gen._terms(text))


@pytest.mark.parametrize("question, sentence, fits", [
    ("Hoeveel geld bleef er over?", "Er blijft 158.000 euro over.", True),
    ("Hoeveel geld bleef er over?", "Er blijft geld over voor de wijken.", False),
    ("Welk aandeel van de woningen heeft zonnepanelen?", "Nog geen zes procent van de woningen.", True),
    ("Wanneer is het plan klaar?", "Het plan is uiterlijk in 2021 gereed.", True),
    ("Wanneer is het plan klaar?", "Het plan is binnenkort gereed.", False),
    ("Wie is de programmamanager?", "De programmamanager heeft 3 taken.", False),
])
def test_answer_type_fits(question, sentence, fits):
    from query.answer import answer_type_fits

    assert answer_type_fits(question, sentence) is fits


def test_quantity_question_prefers_the_sentence_with_the_figure():
    text = ("Het budget voor de wijkteams is in 2019 opnieuw bekeken en het budget is toereikend bevonden. "
            "Voor de wijkteams is in 2019 een budget van 1,2 miljoen euro beschikbaar.")
    answer = ExtractiveGenerator(best_sentences=1, max_sentences=1).answer(
        "Hoeveel budget hebben de wijkteams in 2019?", [_hit(text)])
    assert answer.found and "1,2 miljoen euro" in answer.text


# --- grounding: tables not shown, respondents, named authors, similarity gate -------

from query.answer import is_respondent_voice, points_at_unshown  # noqa: E402


def test_points_at_unshown_tables_and_figures():
    for s in ["In de tabel hieronder staan de aantallen per wijk.", "Zie tabel 3 voor de bedragen.",
              "Onderstaande figuur laat de ontwikkeling zien.", "De volgende tabel geeft een overzicht.",
              "Uit figuur 2.1 blijkt een daling."]:
        assert points_at_unshown(s), s
    for s in ["Het aantal jongeren in de jeugdhulp daalde met 5 procent.",
              "De gemeente stelt een overzicht op van alle subsidies.", "Het tabelletje is verouderd."]:
        assert not points_at_unshown(s), s


def test_respondent_voice():
    assert is_respondent_voice("\u201eIk weet niet waar ik moet aankloppen\u201d, zegt een moeder.")
    assert is_respondent_voice("Een ouder vertelt dat de wachttijd lang was.")
    assert is_respondent_voice("Respondenten geven aan dat de toegang onduidelijk is.")
    assert not is_respondent_voice("Wij adviseren de gemeente meer in te zetten op preventie.")


def _answer_sample():
    sample = {
        "eval-bureau": {
            "title": "Evaluatie toegang", "kind": "evaluatie", "date": "2024-01-01", "programme": "Zorg",
            "author": "Bureau Oostwaarts",
            "chunks": [
                (("Interviews",), "\u201eIk vind dat de monitoring beter kan\u201d, zegt een medewerker van de gemeente."),
                (("Conclusies",), "De monitoring van de toegang is onvoldoende: er is geen zicht op de resultaten. "
                                  "Wij adviseren een jaarlijkse monitor."),
                (("Tabellen",), "In de tabel hieronder staat de monitoring per kwartaal."),
            ],
        },
        "contract": {
            "title": "Programmacontract Zorg", "kind": "programmacontract", "date": "2019-01-01",
            "programme": "Zorg", "author": "Gemeente Voorbeeld",
            "chunks": [(("Monitoring",), "De gemeente zet een monitoring op van de wijkteams in de zorg.")],
        },
        "contract-2": {
            "title": "Programmacontract Wonen", "kind": "programmacontract", "date": "2019-01-01",
            "programme": "Wonen", "author": "Gemeente Voorbeeld",
            "chunks": [(("Wonen",), "Er komen 300 nieuwe woningen in het centrum.")],
        },
    }
    return sample


def test_named_author_boosts_never_blocks(tmp_path):
    from tests.sample_store import make_store
    from index.sync import sync_indexes
    from query.retrieval import Retriever

    settings, store = make_store(tmp_path / "d", _answer_sample())
    sync_indexes(settings, store)
    r = Retriever(settings, store)
    gen = ExtractiveGenerator(retriever=r)
    question = "Wat vond Bureau Oostwaarts van de monitoring?"
    hits = r.search(question, k=5)
    scored = gen.candidates(question, hits)
    assert scored["named_author_words"] == ["bureau", "oostwaarts"]
    answer = gen.answer(question, hits)
    assert answer.found
    # the report's own conclusion, not the quoted respondent, and never the table pointer
    assert "onvoldoende" in answer.text
    assert "zegt een medewerker" not in answer.text and "tabel hieronder" not in answer.text
    assert answer.citations[0].doc_id == "eval-bureau"
    # an author that is not in the corpus does not block the answer either
    other = gen.answer("Wat vond Bureau Elders van de monitoring van de toegang?",
                       r.search("Wat vond Bureau Elders van de monitoring van de toegang?", k=5))
    assert other.found


def test_municipality_as_author_singles_nothing_out(tmp_path):
    from tests.sample_store import make_store
    from index.sync import sync_indexes
    from query.retrieval import Retriever

    settings, store = make_store(tmp_path / "d", _answer_sample())
    sync_indexes(settings, store)
    r = Retriever(settings, store)
    gen = ExtractiveGenerator(retriever=r)
    named, docs = gen.named_authors("Wat doet de gemeente Voorbeeld aan monitoring?",
                                    gen._units("Wat doet de gemeente Voorbeeld aan monitoring?"))
    assert docs == set() and named == set()


def test_similarity_gate_says_not_found(small):
    _, _, r = small
    question = "Hoeveel unieke personen mochten in 2022 gebruikmaken van de maatschappelijke opvang?"
    hits = r.search(question, k=5)
    assert ExtractiveGenerator(retriever=r, min_similarity=-1.0).answer(question, hits).found
    gated = ExtractiveGenerator(retriever=r, min_similarity=1.01).answer(question, hits)
    assert not gated.found and gated.text == NOT_FOUND


def test_leans_back():
    from query.answer import leans_back

    assert leans_back("Voor Almelo betekent dit 2,3 miljoen euro.")
    assert leans_back("Hierbij speelt een risico op onderbezetting.")
    assert leans_back("Daarom kiest het college voor lokale inkoop.")
    assert not leans_back("De gemeente koopt alle zorg lokaal in.")
    assert not leans_back("Deelnemers zijn tevreden.")


def test_overlapping_passages_do_not_repeat_a_sentence():
    from beleid.types import Chunk, Hit
    from index.embedders import FakeEmbedder

    full = "In het warmtetransitieplan staat per wijk welke warmtevoorziening het aardgas vervangt."
    cut = "In het warmtetransitieplan staat per wijk welke"
    hits = [Hit(Chunk("d:0", "d", 0, 1, 1, ("Warmte",), f"Het plan is uiterlijk 2021 klaar. {cut}"), 1.0, "Plan"),
            Hit(Chunk("d:1", "d", 1, 1, 1, ("Warmte",), f"{full} Daarna volgt de uitvoering in de wijken."), 0.9, "Plan"),
            Hit(Chunk("d:2", "d", 2, 2, 2, ("Warmte",), f"In het warmtetransitieplan staat per wijk welke "
                                                        f"warmtevoorziening het aardgas vervangt!"), 0.8, "Plan")]
    gen = ExtractiveGenerator(embedder=FakeEmbedder(), min_similarity=-1.0)
    scored = gen.candidates("Welke warmtevoorziening vervangt het aardgas per wijk?", hits)
    texts = [c[3] for c in scored["candidates"]]
    assert full in texts and cut not in texts
    assert sum("warmtetransitieplan" in t for t in texts) == 1
    answer = gen.answer("Welke warmtevoorziening vervangt het aardgas per wijk?", hits)
    assert answer.found and answer.text.count("warmtetransitieplan") == 1


def test_reported_views_and_questions_are_not_the_documents_voice():
    assert is_respondent_voice("Om kosten te besparen adviseren de betrokkenen te investeren in preventie.")
    assert is_respondent_voice("Veel ouders geven aan dat de wachttijd te lang is.")
    assert not is_respondent_voice("De onderzoekers adviseren te investeren in preventie.")
