"""Answer generators: turn retrieved passages into an answer with numbered citations.

* ``extractive`` (default): the best sentences of the top passages, each
  followed by its citation number ``[n]`` (document, page). A sentence is
  chosen by its meaning (cosine of the question's and the sentence's
  embeddings, when the retriever has an embedder) and by the question's words
  it contains; an organisation or author the question names ("volgens Bureau
  HHM") points at documents by that author instead of being a word to find; the
  document's own conclusions and recommendations beat quoted respondents; a
  sentence that points at a table or figure that is not shown is never used.
  "Niet gevonden in de documenten." when no passage is similar enough to the
  question (a cosine threshold measured on answerable and unanswerable
  questions, see ``evaluations/answer_eval.py``) or no sentence matches.
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
from nl.numberwords import CARDINALS
from nl.patterns import alternatives, upto
from nl.sentences import quotable_sentences as split_sentences
from nl.targets import MONTHS

# Text kinds of the Embedder protocol (index.embedders): the question is a query, sentences are passages.
QUERY, PASSAGE = "query", "passage"

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
_QUANTITY_WORD = re.compile(r"\b(" + alternatives(upto(CARDINALS, "tien")) + r"|twintig|honderd|duizend|miljoen|"
                            r"miljard|procent|helft|derde|kwart)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH_OR_SEASON = re.compile(r"\b(?:" + alternatives(MONTHS) + r"|voorjaar|najaar|zomer|winter|kwartaal)\b",
                              re.IGNORECASE)


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


# A sentence that points at a table, figure or list that the answer cannot show.
_POINTS_AT_UNSHOWN = re.compile(
    r"\b(?:tabel|figuur|grafiek|overzicht|schema|kaart(?:je)?|afbeelding)(?:\s+\d+(?:\.\d+)*)?\s+"
    r"(?:hieronder|hierna|hiernaast|hierboven|onderaan)\b"
    r"|\b(?:onderstaande|bovenstaande|volgende|navolgende|bijgaande|bijgevoegde)\s+"
    r"(?:tabel|figuur|grafiek|overzicht|schema|kaart|afbeelding)"
    r"|\b(?:zie|in|uit)\s+(?:tabel|figuur|grafiek|bijlage)\s+\d"
    r"|\b(?:zie|in|uit)\s+(?:de\s+)?(?:tabel|figuur|grafiek)\b"
    r"|^\(?zie\s"
    r"|\b(?:deze|die|de|het)\s+(?:tabel|figuur|grafiek|afbeelding)\s+(?:laat|toont|geeft|bevat|laten|tonen)\b",
    re.IGNORECASE)
# Quoted speech and interview material: what respondents said, not what the
# document concludes.
_QUOTE_CHARS = "\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"
_FIRST_PERSON = re.compile(r"\b(?:ik|mij|mijn|me|m'n)\b", re.IGNORECASE)
_RESPONDENT = re.compile(r"\b(?:respondent(?:en)?|geïnterviewde[n]?|ge[iï]nterviewd|interviews?|citaat|"
                         r"aldus\s+(?:een|de)|zegt\s+(?:een|de)|vertelt\s+(?:een|de)|"
                         r"(?:een|de)\s+(?:ouder|cliënt|inwoner|medewerker|professional|deelnemer)\s+"
                         r"(?:zegt|vertelt|geeft\s+aan)|"
                         r"(?:de|veel|sommige|alle|enkele|meerdere)\s+(?:betrokkenen|gesprekspartners|deelnemers|"
                         r"ouders|cliënten|inwoners|medewerkers|professionals)\s+(?:geven\s+aan|zeggen|vertellen|"
                         r"adviseren|vinden|noemen|ervaren|benoemen)|"
                         r"(?:geven|zeggen|vertellen|adviseren|vinden|noemen|ervaren|benoemen)\s+"
                         r"(?:de|veel|sommige|alle|enkele|meerdere)\s+(?:betrokkenen|gesprekspartners|deelnemers|"
                         r"ouders|cliënten|inwoners|medewerkers|professionals))\b", re.IGNORECASE)
# The document's own voice: conclusions, recommendations, findings.
_OWN_VOICE_SECTION = re.compile(r"conclusie|aanbeveling|advie[sz]|samenvatting|bevinding|slotbeschouwing|"
                                r"beschouwing|lessen|oordeel|vervolg", re.IGNORECASE)
_OWN_VOICE_SENTENCE = re.compile(r"\b(?:wij|we)\s+(?:adviseren|bevelen|concluderen|constateren|stellen\s+vast|"
                                 r"zien|vinden|raden)\b|\b(?:concluderen|concludeert|conclusie|aanbeveling|"
                                 r"aanbevelen|adviseren|adviseert|advies)\b", re.IGNORECASE)


def points_at_unshown(sentence: str) -> bool:
    """Whether ``sentence`` refers to a table, figure or list that an answer of
    sentences cannot show ("In de tabel hieronder ...", "zie figuur 3")."""
    return bool(_POINTS_AT_UNSHOWN.search(sentence))


def is_respondent_voice(sentence: str) -> bool:
    """Quoted speech, first person, or reported interview material."""
    stripped = sentence.strip()
    if stripped[:1] in _QUOTE_CHARS or sum(stripped.count(c) for c in _QUOTE_CHARS if c != "'") >= 2:
        return True
    return bool(_FIRST_PERSON.search(sentence) or _RESPONDENT.search(sentence))


class AnswerGenerator(Protocol):
    name: str

    def answer(self, question: str, hits: Sequence[Hit]) -> Answer: ...


# Cosine (question vs. best of the top passages) below which the extractive
# generator says "Niet gevonden", per embedding model; measured on the dev
# questions and the unanswerable questions (evaluations/answer_eval.py --tune,
# RESULTS.md "Round 3"). A model not listed has no similarity gate.
MIN_SIMILARITY: dict[str, float] = {
    "multilingual-e5-small": 0.857,  # halfway between the closest unanswerable (0.854) and answerable (0.860)
}
# Score of the best sentence below which the answer is "Niet gevonden", per model (measured with
# the similarity gate above); MIN_SENTENCE_SCORE for other models.
MIN_SCORE: dict[str, float] = {
    "multilingual-e5-small": 0.529,
}
SEMANTIC_WEIGHT = 0.5  # share of the meaning (vs. the question's words) in a sentence's score
AUTHOR_BONUS = 0.15  # a sentence of a document by the organisation the question names
OWN_VOICE_BONUS = 0.05  # a sentence in a conclusion/recommendation section, or saying "wij adviseren"
RESPONDENT_PENALTY = 0.15  # quoted speech or interview material
RANK_PENALTY = 0.02  # per passage rank
MIN_SENTENCE_SCORE = 0.35  # best sentence below this: "Niet gevonden"
NEAR_SAME = 0.8  # word-set Jaccard above which two sentences say the same
# A sentence that leans on the one before it ("Dit betekent ...", "Hierbij ...", "Daarom ..."):
# the answer quotes the sentence before it too, so that it can be read on its own.
_LEANS_BACK = re.compile(r"^(?:dit|deze|dat|daarom|daardoor|daarnaast|daarbij|daarmee|daarvoor|hierdoor|hierbij|"
                         r"hiervoor|hiermee|hieruit|hierin|hiervan|zij|ze|echter|bovendien|dus|tevens|"
                         r"voor\s+\w+\s+betekent\s+dit)\b|\bbetekent\s+dit\b", re.IGNORECASE)


def leans_back(sentence: str) -> bool:
    """Whether ``sentence`` refers back to the sentence before it."""
    return bool(_LEANS_BACK.search(sentence.strip()))


class ExtractiveGenerator:
    """Picks the best sentences of the top passages; see the module docstring.

    A sentence's score is ``(1 - semantic_weight) * words + semantic_weight *
    meaning`` plus bonuses, where *words* is the IDF-weighted share of the
    question's words it contains (a compound also matches through all its
    parts, a thesaurus synonym counts, words in the document title or section
    count half) and *meaning* is its embedding cosine with the question,
    rescaled to 0..1 over the candidate sentences. Words of the question that
    belong to the name of an ingested document's author are not searched for:
    they boost the sentences of that author's documents instead. Found when the
    best passage's cosine with the question reaches ``min_similarity`` (per
    model, :data:`MIN_SIMILARITY`) and the best sentence scores at least
    ``min_score``.
    """

    name = "extractive"

    def __init__(self, max_sentences: int = 3, min_score: float | None = None, passages: int = 5,
                 analyzer: DutchAnalyzer | None = None, retriever: Any = None, best_sentences: int = 2,
                 embedder: Any = None, min_similarity: float | None = None,
                 semantic_weight: float = SEMANTIC_WEIGHT):
        self.max_sentences = max_sentences
        self.best_sentences = min(best_sentences, max_sentences)
        self.passages = passages
        self.analyzer = analyzer or DutchAnalyzer()
        self.retriever = retriever  # optional: IDF weights, document headers, vectors
        self.embedder = embedder if embedder is not None else getattr(retriever, "embedder", None)
        model = getattr(self.embedder, "name", "") if self.embedder is not None else ""
        if min_similarity is None:
            min_similarity = MIN_SIMILARITY.get(model)
        self.min_similarity = min_similarity
        self.min_score = min_score if min_score is not None else MIN_SCORE.get(model, MIN_SENTENCE_SCORE)
        self.semantic_weight = semantic_weight if self.embedder is not None else 0.0
        self._sentence_vectors: dict[str, np.ndarray] = {}

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

    def _document(self, hit: Hit):
        docs = getattr(self.retriever, "documents", None) or {}
        return docs.get(hit.chunk.doc_id)

    def _context(self, hit: Hit) -> set[str]:
        text = f"{hit.title} {hit.chunk.section_path}"
        doc = self._document(hit)
        if doc is not None and doc.year:
            text += f" {doc.year}"
        return self._terms(text)

    def _author_terms(self) -> dict[str, set[str]]:
        """doc_id -> stems of its author's name, for every ingested document with an author."""
        docs = getattr(self.retriever, "documents", None) or {}
        return {doc_id: self._terms(doc.author) for doc_id, doc in docs.items() if doc.author}

    def named_authors(self, question: str, units) -> tuple[set[str], set[str]]:
        """(question stems that name an author of an ingested document, ids of the
        documents whose author the question names). A name word counts only when
        it is distinctive: found in the authors of at most half of the documents
        that have one (so "gemeente" or the municipality's own name, the author
        of most documents, does not single any document out)."""
        authors = self._author_terms()
        if not authors:
            return set(), set()
        limit = max(1, len(authors) // 2)
        named: set[str] = set()
        docs: set[str] = set()
        for stem in units:
            having = {d for d, terms in authors.items() if stem in terms}
            if having and len(having) <= limit:
                named.add(stem)
                docs |= having
        if docs:  # the other words of those authors' names ("bureau", "instituut") are no words to find either
            named |= {u for u in units if any(u in authors[d] for d in docs)}
        return named, docs

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

    # --- meaning -------------------------------------------------------------
    def _question_vector(self, question: str) -> np.ndarray | None:
        if self.embedder is None:
            return None
        return self.embedder.embed_batch([question], kind=QUERY)[0]

    def passage_similarity(self, qvec: np.ndarray | None, hits: Sequence[Hit]) -> list[float]:
        """Cosine of the question with each passage as indexed (the stored
        vectors when the retriever has them, else embedded here)."""
        if qvec is None or not hits:
            return []
        ids = [h.chunk.chunk_id for h in hits]
        vectors = getattr(self.retriever, "vectors", None)
        sims: dict[str, float] = {}
        if vectors is not None:
            try:
                sims = vectors.similarities(qvec, ids)
            except Exception:  # an index without stored vectors for these ids
                sims = {}
        missing = [h for h in hits if h.chunk.chunk_id not in sims]
        if missing:
            emb = self.embedder.embed_batch([f"{h.title}\n{h.chunk.text}" for h in missing], kind=PASSAGE)
            sims.update({h.chunk.chunk_id: float(v @ qvec) for h, v in zip(missing, emb)})
        return [sims[c] for c in ids]

    def _sentence_similarity(self, qvec: np.ndarray | None, sentences: list[str]) -> np.ndarray:
        if qvec is None or not sentences:
            return np.zeros(len(sentences), dtype=np.float32)
        todo = list(dict.fromkeys(s for s in sentences if s not in self._sentence_vectors))
        if todo:
            if len(self._sentence_vectors) > 20000:
                self._sentence_vectors.clear()
            emb = self.embedder.embed_batch(todo, kind=PASSAGE)
            self._sentence_vectors.update(zip(todo, emb))
        return np.array([float(self._sentence_vectors[s] @ qvec) for s in sentences], dtype=np.float32)

    # --- scoring -------------------------------------------------------------
    def candidates(self, question: str, hits: Sequence[Hit]) -> dict[str, Any]:
        """Every candidate sentence with its score and parts (for the answer and
        for measuring the thresholds): ``{"passage_similarity": [...],
        "candidates": [(score, hit index, sentence index, sentence, parts)],
        "sentences": {hit index: [sentences]}}``."""
        hits = tuple(hits)[: self.passages]
        units = self._units(question)
        named, author_docs = self.named_authors(question, units)
        units = {u: v for u, v in units.items() if u not in named}  # the author is not a word to find
        oov = self._oov_weight()
        total = sum(w if w > 0 else oov for _, w, _ in units.values())
        qvec = self._question_vector(question)
        passage_sims = self.passage_similarity(qvec, hits)
        sentences: dict[int, list[str]] = {}
        rows: list[tuple[int, int, str, float, bool, bool, bool, bool]] = []
        seen: set[str] = set()
        for hi, hit in enumerate(hits):
            context = self._matched(units, self._context(hit)) if units else set()
            section_own = bool(_OWN_VOICE_SECTION.search(hit.chunk.section_path or ""))
            sentences[hi] = split_sentences(hit.chunk.text)
            for si, sentence in enumerate(sentences[hi]):
                if points_at_unshown(sentence) or sentence.rstrip().endswith((":", "?")):
                    continue  # a caption, an introduction to something not shown, or a (research) question
                key = " ".join(words(sentence))
                if key in seen or any(key in other for other in seen):
                    continue  # the same sentence in an overlapping passage (or a cut-off piece of one)
                pieces = {other for other in seen if other in key}
                if pieces:  # an earlier passage held a cut-off piece of this sentence: keep the whole one
                    rows = [r for r in rows if " ".join(words(r[2])) not in pieces]
                    seen -= pieces
                wordset = frozenset(key.split())
                if any(len(wordset & frozenset(o.split())) >= NEAR_SAME * len(wordset | frozenset(o.split()))
                       for o in seen):
                    continue  # a rewording of a sentence already listed
                seen.add(key)
                direct_units = self._matched(units, self._terms(sentence)) if units else set()
                direct = sum(units[u][1] for u in direct_units)
                implied = sum(units[u][1] for u in context - direct_units)
                words_share = (direct + 0.5 * implied) / total if total > 0 else 0.0
                own = section_own or bool(_OWN_VOICE_SENTENCE.search(sentence))
                rows.append((hi, si, sentence, words_share, bool(direct_units), own,
                             is_respondent_voice(sentence), hit.chunk.doc_id in author_docs))
        sims = self._sentence_similarity(qvec, [r[2] for r in rows])
        if len(sims):
            lo, hi_ = float(sims.min()), float(sims.max())
            meaning = (sims - lo) / (hi_ - lo) if hi_ > lo else np.ones_like(sims)
        else:
            meaning = sims
        w = self.semantic_weight
        out = []
        for (hi, si, sentence, words_share, direct, own, respondent, by_author), m, cos in zip(rows, meaning, sims):
            if not direct and w == 0:
                continue  # without embeddings a sentence must hold a question word
            score = (1 - w) * words_share + w * float(m) - RANK_PENALTY * hi
            if answer_type_fits(question, sentence):
                score += ANSWER_TYPE_BONUS
            if by_author:
                score += AUTHOR_BONUS
            if own:
                score += OWN_VOICE_BONUS
            if respondent:
                score -= RESPONDENT_PENALTY
            out.append((score, hi, si, sentence, {"words": round(words_share, 4), "cosine": round(float(cos), 4),
                                                  "own_voice": own, "respondent": respondent,
                                                  "by_named_author": by_author}))
        out.sort(key=lambda c: -c[0])
        return {"passage_similarity": passage_sims, "candidates": out, "sentences": sentences,
                "named_author_words": sorted(named), "has_words": total > 0 and any(w > 0 for _, w, _ in units.values())}

    def is_found(self, scored: dict[str, Any]) -> bool:
        """The "Niet gevonden" decision from :meth:`candidates`' output."""
        if not scored["candidates"]:
            return False
        if self.min_similarity is not None and scored["passage_similarity"]:
            if max(scored["passage_similarity"]) < self.min_similarity:
                return False
        elif not scored["has_words"]:
            return False
        return scored["candidates"][0][0] >= self.min_score

    def answer(self, question: str, hits: Sequence[Hit]) -> Answer:
        hits = tuple(hits)
        if not hits or not (question or "").strip():
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        scored = self.candidates(question, hits)
        if not self.is_found(scored):
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        return self.compose(question, hits, scored)

    def compose(self, question: str, hits: Sequence[Hit], scored: dict[str, Any]) -> Answer:
        """The answer made of the best candidates of ``scored`` (no found check)."""
        hits = tuple(hits)
        if not scored["candidates"]:
            return Answer(question, NOT_FOUND, (), hits, False, self.name)
        sentences = scored["sentences"]
        # The best sentence, and the next best ones that are good enough to stand beside it
        # (the found decision, with its own threshold, is made before: :meth:`is_found`).
        best, *rest = scored["candidates"]
        good = [best[:4]] + [c[:4] for c in rest if c[0] >= MIN_SENTENCE_SCORE][: self.best_sentences - 1]
        # Context: a sentence that leans on the one before it gets that one; the
        # sentence that repeats the question's words often only introduces the
        # answer ("Hieruit blijkt dat ..."), so the sentence after it is added.
        chosen = {(hi, si) for _, hi, si, _ in good}
        for score, hi, si, sentence in list(good):
            if len(good) >= self.max_sentences:
                break
            other = si - 1 if leans_back(sentence) else si + 1
            if 0 <= other < len(sentences[hi]) and (hi, other) not in chosen:
                context = sentences[hi][other]
                if points_at_unshown(context) or is_respondent_voice(context) or context.rstrip().endswith(":"):
                    continue
                good.append((score, hi, other, context))
                chosen.add((hi, other))
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
