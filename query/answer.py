"""Answer generators: turn retrieved passages into an answer with numbered citations.

* ``extractive`` (default): the best-matching sentences of the top passages,
  each followed by its citation number ``[n]`` (document, page); an honest
  "Niet gevonden in de documenten." when no sentence matches the question well.
* ``langchain``: a LangChain chat model (an OpenAI-compatible endpoint through
  ``langchain-openai``, or Ollama through ``langchain-ollama``) that is told to
  answer only from the numbered passages; citations it returns that do not
  point at a retrieved passage are dropped. Install: ``pip install 'beleidsgeheugen[llm]'``.

Real use of the LLM generator::

    beleid ask "Wat adviseerde Verwey-Jonker over preventie?" \\
        # with BELEID_GENERATOR=langchain BELEID_LLM_PROVIDER=ollama \\
        #      BELEID_LLM_URL=http://localhost:11434 BELEID_LLM_MODEL=llama3.1
"""
from __future__ import annotations

import re

import numpy as np
from typing import Any, Callable, Protocol, Sequence

from beleid.config import Settings
from beleid.errors import UnknownBackendError
from beleid.types import Answer, Citation, Hit

from nl.analysis import DutchAnalyzer, words

NOT_FOUND = "Niet gevonden in de documenten."

# Expected answer types of Dutch questions: a "hoeveel" question is answered by
# a sentence with a quantity, a "wanneer" question by one with a date. Such a
# sentence gets ANSWER_TYPE_BONUS (a share of the question's weight) on top of
# its word coverage.
ANSWER_TYPE_BONUS = 0.1
_QUANTITY_QUESTION = re.compile(
    r"\b(hoeveel|hoe\s+veel|hoe\s+groot|hoe\s+hoog|hoe\s+lang|wat\s+kost(?:en|te)?|"
    r"welk(?:e)?\s+(?:aandeel|percentage|bedrag|aantal|deel|budget))\b", re.IGNORECASE)
_DATE_QUESTION = re.compile(r"\b(wanneer|in\s+welk\s+jaar|op\s+welk\s+moment|welke\s+(?:datum|peildatum|termijn))\b",
                            re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUANTITY_WORD = re.compile(r"\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend|miljoen|"
                            r"miljard|procent|helft|derde|kwart)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH_OR_SEASON = re.compile(r"\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                              r"november|december|voorjaar|najaar|zomer|winter|kwartaal)\b", re.IGNORECASE)


def answer_type_fits(question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds what the question word asks for and the
    question does not already say: a quantity (a number that is not a year,
    or a number word) for "hoeveel"-like questions, a date (a year or month)
    for "wanneer"-like ones."""
    asked = set(_NUMBER.findall(question))
    numbers = [n for n in _NUMBER.findall(sentence) if n not in asked]
    if _QUANTITY_QUESTION.search(question):
        if any(not _YEAR.match(n) for n in numbers) or _QUANTITY_WORD.search(sentence):
            return True
    if _DATE_QUESTION.search(question):
        return any(_YEAR.match(n) for n in numbers) or bool(_MONTH_OR_SEASON.search(sentence))
    return False
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9À-Ý•\-\"'(])|\n+\s*(?:[•\-–*]|\d+[.)])?\s*")


class AnswerGenerator(Protocol):
    name: str

    def answer(self, question: str, hits: Sequence[Hit]) -> Answer: ...


def split_sentences(text: str) -> list[str]:
    parts = [" ".join(p.split()) for p in _SENTENCE.split(text or "")]
    return [p.strip(" •-–*") for p in parts if p and len(p.strip(" •-–*")) >= 20]


class ExtractiveGenerator:
    """Picks sentences from the passages that share the most (weighted) query
    terms; ``min_coverage`` is the share of the question's terms a sentence
    must contain for the answer to count as found."""

    name = "extractive"

    def __init__(self, max_sentences: int = 3, min_coverage: float = 0.45, passages: int = 5,
                 analyzer: DutchAnalyzer | None = None, retriever: Any = None, best_sentences: int = 2):
        self.max_sentences = max_sentences
        self.best_sentences = min(best_sentences, max_sentences)
        self.min_coverage = min_coverage
        self.passages = passages
        self.analyzer = analyzer or DutchAnalyzer()
        self.retriever = retriever  # optional: IDF weights and document headers

    def _analyzer(self) -> DutchAnalyzer:
        lexical = getattr(self.retriever, "lexical", None)
        return lexical.analyzer if lexical is not None else self.analyzer

    def _terms(self, text: str) -> set[str]:
        """Stems of the words of ``text`` and of the parts of its compounds."""
        return set(self._analyzer().tokens(text))

    def _units(self, question: str) -> dict[str, tuple[tuple[str, ...], float, tuple[tuple[str, ...], ...]]]:
        """Question words: stem -> (stems of its compound parts, IDF weight,
        thesaurus alternatives). A word that occurs nowhere in the corpus
        cannot be matched but still counts (half the weight of the rarest word)
        in the total, so a question about something absent from the documents
        is not "found"; when the thesaurus knows synonyms for it, it weighs as
        much as they do and a sentence with a synonym matches it."""
        analyzer = self._analyzer()
        lexical = getattr(self.retriever, "lexical", None)
        idf = (lambda t: lexical.idf(t)) if lexical is not None and lexical.count() else (lambda t: 1.0)
        alternatives: dict[str, list[tuple[str, ...]]] = {}
        if lexical is not None and lexical.count():
            for exp in lexical.expansions(question):
                for stem in exp.original:
                    alternatives.setdefault(stem, []).extend(entry for entry, _ in exp.alternatives)
        units: dict[str, tuple[tuple[str, ...], float, tuple[tuple[str, ...], ...]]] = {}

        for w, stem in analyzer.content_words(question):
            parts = tuple(analyzer.stem(p) for p in analyzer.split(w))
            alts = tuple(alternatives.get(stem, ()))
            weight = idf(stem)
            if weight == 0 and parts:
                weights = [idf(p) for p in parts]
                weight = 0.5 * sum(weights) / len(weights) if all(weights) else 0.0
            if weight == 0 and alts:
                known = [idf(t) for entry in alts for t in entry if idf(t) > 0]
                weight = sum(known) / len(known) if known else 0.0
            units[stem] = (parts, weight, alts)
        return units

    def _oov_weight(self) -> float:
        lexical = getattr(self.retriever, "lexical", None)
        if lexical is None or not lexical.count():
            return 1.0
        n = lexical.count()
        return 0.5 * float(np.log(1 + (n - 0.5) / 1.5))

    def _context(self, hit: Hit) -> set[str]:
        text = f"{hit.title} {hit.chunk.section_path}"
        docs = getattr(self.retriever, "documents", None) or {}
        doc = docs.get(hit.chunk.doc_id)
        if doc is not None and doc.author:
            text += f" {doc.author} {doc.year or ''}"
        return self._terms(text)

    def _page(self, hit: Hit, sentence: str) -> int:
        """The page of ``sentence`` when the chunk spans pages (looked up in the
        store's page texts); the chunk's first page otherwise."""
        chunk = hit.chunk
        store = getattr(self.retriever, "store", None)
        if store is None or chunk.page_end <= chunk.page:
            return chunk.page
        probe = " ".join(words(sentence)[:8])
        for number in range(chunk.page, chunk.page_end + 1):
            try:
                text = store.page(chunk.doc_id, number).text
            except Exception:  # page rows missing
                return chunk.page
            if probe and probe in " ".join(words(text)):
                return number
        return chunk.page

    @staticmethod
    def _matched(units, terms: set[str]) -> set[str]:
        """Question words that ``terms`` contain: as written, through all the
        parts of a compound, or through a thesaurus synonym."""
        return {stem for stem, (parts, _, alts) in units.items()
                if stem in terms or (parts and all(p in terms for p in parts))
                or any(set(entry) <= terms for entry in alts)}

    def answer(self, question: str, hits: Sequence[Hit]) -> Answer:
        """Sentences scored by the IDF-weighted share of the question's words
        they contain (a compound also matches through all of its parts; words
        in the document title, author or section count half), plus a bonus when
        the sentence holds the kind of answer the question word asks for (see
        :func:`answer_type_fits`), minus a small penalty for lower-ranked passages."""
        hits = tuple(hits)
        units = self._units(question)
        oov = self._oov_weight()
        total = sum(w if w > 0 else oov for _, w, _ in units.values())
        if total <= 0 or not any(w > 0 for _, w, _ in units.values()):
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        candidates: list[tuple[float, int, int, str]] = []  # score, hit index, order, sentence
        sentences: dict[int, list[str]] = {}
        for hi, hit in enumerate(hits[: self.passages]):
            context = self._matched(units, self._context(hit))
            sentences[hi] = split_sentences(hit.chunk.text)
            for si, sentence in enumerate(sentences[hi]):
                direct_units = self._matched(units, self._terms(sentence))
                if not direct_units:
                    continue
                direct = sum(units[u][1] for u in direct_units)
                implied = sum(units[u][1] for u in context - direct_units)
                score = (direct + 0.5 * implied) / total - 0.02 * hi
                if answer_type_fits(question, sentence):
                    score += ANSWER_TYPE_BONUS
                candidates.append((score, hi, si, sentence))
        candidates.sort(key=lambda c: -c[0])
        good = [c for c in candidates if c[0] >= self.min_coverage][: self.best_sentences]
        if not good:
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        # The sentence that repeats the question's words often only introduces
        # the answer ("Hieruit blijkt dat ..."): add the sentence after it.
        chosen = {(hi, si) for _, hi, si, _ in good}
        for score, hi, si, _ in list(good):
            if len(good) >= self.max_sentences:
                break
            if si + 1 < len(sentences[hi]) and (hi, si + 1) not in chosen:
                good.append((score, hi, si + 1, sentences[hi][si + 1]))
                chosen.add((hi, si + 1))
        good.sort(key=lambda c: (c[1], c[2]))  # passage order, then reading order
        numbers: dict[int, int] = {}
        citations: list[Citation] = []
        pieces = []
        for _, hi, _, sentence in good:
            if hi not in numbers:
                numbers[hi] = len(numbers) + 1
                h = hits[hi]
                citations.append(Citation(numbers[hi], h.chunk.doc_id, h.title, self._page(h, sentence), sentence))
            pieces.append(f"{sentence} [{numbers[hi]}]")
        return Answer(question, " ".join(pieces), tuple(citations), hits, True, self.name)


SYSTEM_PROMPT = (
    "Je beantwoordt vragen over gemeentelijke beleidsdocumenten. Gebruik uitsluitend de "
    "genummerde passages hieronder. Zet achter elke bewering het nummer van de passage "
    "waarop die steunt, tussen blokhaken, bijvoorbeeld [2]. Verwijs nooit naar een nummer "
    "dat niet in de lijst staat en voeg geen kennis van buiten de passages toe. Staat het "
    f"antwoord niet in de passages, antwoord dan precies: {NOT_FOUND}"
)


def _format_passages(hits: Sequence[Hit]) -> str:
    blocks = []
    for i, h in enumerate(hits, start=1):
        where = f"{h.title or h.chunk.doc_id}, p. {h.chunk.page}"
        if h.chunk.section_path:
            where += f", {h.chunk.section_path}"
        blocks.append(f"[{i}] ({where})\n{h.chunk.text}")
    return "\n\n".join(blocks)


class LangChainGenerator:
    """Answers with a LangChain chat model, citing only retrieved passages.

    Give ``chat_model`` (any LangChain ``BaseChatModel``, e.g. a fake one in
    tests) or ``provider`` + ``url`` + ``model`` to build one:
    ``openai`` (any OpenAI-compatible endpoint; API key from ``OPENAI_API_KEY``
    or ``BELEID_LLM_API_KEY``) or ``ollama``.
    """

    name = "langchain"

    def __init__(self, chat_model: Any = None, provider: str = "openai", url: str | None = None,
                 model: str | None = None, passages: int = 6, temperature: float = 0.0,
                 api_key: str | None = None):
        self.passages = passages
        self.chat_model = chat_model if chat_model is not None else self._build(provider, url, model,
                                                                                temperature, api_key)

    @staticmethod
    def _build(provider: str, url: str | None, model: str | None, temperature: float,
               api_key: str | None = None) -> Any:
        from beleid.llm import build_chat_model

        return build_chat_model(provider, model, url, api_key, temperature)

    def answer(self, question: str, hits: Sequence[Hit]) -> Answer:
        hits = tuple(hits)
        used = hits[: self.passages]
        if not used:
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(SYSTEM_PROMPT),
                    HumanMessage(f"Passages:\n\n{_format_passages(used)}\n\nVraag: {question}")]
        reply = self.chat_model.invoke(messages)
        text = reply.content if hasattr(reply, "content") else str(reply)
        if isinstance(text, list):  # content blocks
            text = " ".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in text)
        return self.validate(question, str(text), hits, used)

    def validate(self, question: str, text: str, hits: tuple[Hit, ...], used: Sequence[Hit]) -> Answer:
        """Keep citation numbers that point at a passage; drop the rest."""
        valid: list[int] = []

        def keep(match: re.Match) -> str:
            nums = [int(n) for n in re.findall(r"\d+", match.group(0))]
            good = [n for n in nums if 1 <= n <= len(used)]
            for n in good:
                if n not in valid:
                    valid.append(n)
            return "".join(f"[{n}]" for n in good)

        cleaned = re.sub(r"\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]", keep, text)
        cleaned = re.sub(r"\s+([.,;:])", r"\1", re.sub(r"[ \t]+", " ", cleaned)).strip()
        if not valid or NOT_FOUND.lower().rstrip(".") in cleaned.lower():
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        citations = tuple(
            Citation(n, used[n - 1].chunk.doc_id, used[n - 1].title, used[n - 1].chunk.page,
                     used[n - 1].chunk.text[:300]) for n in sorted(valid))
        return Answer(question, cleaned, citations, hits, True, self.name)


GENERATORS: dict[str, Callable[[Settings], AnswerGenerator]] = {
    "extractive": lambda settings, retriever=None: ExtractiveGenerator(retriever=retriever),
    "langchain": lambda settings, retriever=None: LangChainGenerator(provider=settings.llm_provider, url=settings.llm_url,
                                                     model=settings.llm_model, api_key=settings.llm_api_key),
}


def get_generator(settings: Settings, name: str | None = None, retriever: Any = None) -> AnswerGenerator:
    """The generator ``name`` (default: ``settings.generator``)."""
    name = name or settings.generator
    if name not in GENERATORS:
        raise UnknownBackendError("answer generator", name, list(GENERATORS))
    return GENERATORS[name](settings, retriever)


def ask(retriever, question: str, generator: AnswerGenerator | None = None, k: int = 5,
        **filters) -> Answer:
    """Retrieve and answer in one call."""
    generator = generator or get_generator(retriever.settings, retriever=retriever)
    hits = retriever.search(question, k=k, **filters)
    return generator.answer(question, hits)
