"""Dutch text analysis: folding, stop words, lemma lookup, decompounding, stemming.

Used by the BM25 index, the thesaurus, the answer generator and the
recommendation and register stages.

Pipeline per token: NFKC (ligatures like "ﬀ" -> "ff") + lower case + accent
folding ("één" -> "een"), stop-word removal, lemma lookup for irregular forms
(spacy-lookups-data), Snowball Dutch stemming. Compound
words are split when both parts are words of the corpus vocabulary (e.g.
"jeugdhulp" -> "jeugd" + "hulp", "maatwerkvoorziening" -> "maatwerk" +
"voorziening", with the linking "s"/"en"/"e" of "veiligheidsbeleid"); the parts
are emitted as extra tokens next to the whole word, so exact matches still win.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable

_TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
_LINKS = ("s", "en", "e", "")  # Dutch linking morphemes (tussenklanken)
ANALYZER_VERSION = 4  # bump when tokens change: the BM25 index is then rebuilt
MIN_PART = 4
MIN_COMPOUND = 7


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """NFKC, lower case, accents removed: 'Ĳsselmeer ﬀ Één' -> 'ijsselmeer ff een'."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).lower()
    return unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFKD", text)))


def words(text: str) -> list[str]:
    """Folded word tokens (numbers like 2.500 or 3,5 stay one token)."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=1)
def lemmas() -> dict[str, str]:
    """Dutch lemma lookup table of spacy-lookups-data (~200k forms: "treedt",
    "trad" -> "treden"), folded; empty if the package is missing."""
    try:
        import srsly
        from spacy_lookups_data import __file__ as base
    except ImportError:  # pragma: no cover
        return {}
    import os

    path = os.path.join(os.path.dirname(base), "data", "nl_lemma_lookup.json.gz")
    if not os.path.exists(path):  # pragma: no cover
        return {}
    table = srsly.read_gzip_json(path)
    return {fold(k): fold(v) for k, v in table.items() if k and v and " " not in v}


@lru_cache(maxsize=1)
def stemmer():
    """The Snowball Dutch stemmer (PyStemmer)."""
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("dutch")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball Dutch stem of ``word`` as written (no lemma lookup; see :meth:`DutchAnalyzer.stem`)."""
    return stemmer().stemWord(word)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH

    extra = {"wel", "zijn", "worden", "wordt", "werd", "werden", "hebben", "heeft", "hadden",
             "deze", "dit", "die", "dat", "welke", "welk", "wat", "wie", "hoe", "waar", "waarom",
             "wanneer", "hoeveel", "hoelang", "noemt", "volgens", "ook", "nog", "al", "te", "tot", "per",
             # modal verbs and prepositions that questions add around the content words
             "tussen", "moest", "moesten", "moeten", "konden", "zullen", "zouden", "willen", "wilde",
             "wilden", "mag", "mocht", "mochten", "mogen"}
    return frozenset(fold(w) for w in STOPWORDS_DUTCH) | frozenset(extra)


class DutchAnalyzer:
    """Turns text into BM25 tokens. ``vocabulary`` (folded surface words of the
    corpus, with counts) drives decompounding; build it with :meth:`fit`."""

    def __init__(self, vocabulary: dict[str, int] | None = None, min_part: int = MIN_PART,
                 min_count: int = 1, lemmatize: bool = True):
        import Stemmer  # PyStemmer; an instance of its own (Stemmer objects are not thread-safe)

        self.lemmatize = lemmatize
        self._stemmer = Stemmer.Stemmer("dutch")
        self.vocabulary: dict[str, int] = dict(vocabulary or {})
        self.min_part = min_part
        self.min_count = min_count
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._stem_cache: dict[str, str] = {}
        self._stems: set[str] = set()
        self._index_stems()

    def _index_stems(self) -> None:
        self._stems = {self.stem(w) for w, n in self.vocabulary.items() if n >= self.min_count}

    # --- vocabulary -------------------------------------------------------
    def fit(self, texts: Iterable[str]) -> "DutchAnalyzer":
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w for w in words(text) if w.isalpha())
        self.vocabulary = dict(counts)
        self._split_cache.clear()
        self._index_stems()
        return self

    def _known(self, part: str) -> bool:
        if len(part) < self.min_part or part in stopwords():
            return False
        return self.vocabulary.get(part, 0) >= self.min_count or self.stem(part) in self._stems

    def split(self, word: str) -> tuple[str, ...]:
        """Parts of a compound (empty if it is not one). Tries every split point
        and linking morpheme; the right part may itself be a compound. Prefers
        parts that occur as written, then the split with the longest shortest part."""
        if word in self._split_cache:
            return self._split_cache[word]
        best: tuple[str, ...] = ()
        best_key = (0, 0, 0)
        if len(word) >= MIN_COMPOUND and word.isalpha():
            for i in range(self.min_part, len(word) - self.min_part + 1):
                head = word[:i]
                if not self._known(head):
                    continue
                for link in _LINKS:
                    rest = word[i:]
                    if link:
                        if not rest.startswith(link):
                            continue
                        rest = rest[len(link):]
                    if len(rest) < self.min_part:
                        continue
                    if self._known(rest):
                        parts: tuple[str, ...] = (head, rest)
                    else:
                        sub = self.split(rest) if len(rest) >= MIN_COMPOUND else ()
                        if not sub:
                            continue
                        parts = (head,) + sub
                    exact = sum(p in self.vocabulary for p in parts)
                    key = (exact, min(len(p) for p in parts), -len(parts))
                    if key > best_key:
                        best, best_key = parts, key
        self._split_cache[word] = best
        return best

    # --- tokens -------------------------------------------------------------
    def stem(self, word: str) -> str:
        """Snowball stem of the word's lemma (irregular forms first go to their
        lemma, so "treedt" and "treden" meet)."""
        s = self._stem_cache.get(word)
        if s is None:
            lemma = lemmas().get(word, word) if self.lemmatize else word
            s = self._stemmer.stemWord(lemma)
            self._stem_cache[word] = s
        return s

    def content_words(self, text: str) -> list[tuple[str, str]]:
        """``(word, stem)`` for every word of ``text`` that BM25 indexes (no stop
        words, no single letters): the analysis the index, the thesaurus and
        the answer generator share."""
        stop = stopwords()
        return [(w, self.stem(w)) for w in words(text) if w not in stop and (len(w) >= 2 or w.isdigit())]

    def tokens(self, text: str, decompound: bool = True) -> list[str]:
        out: list[str] = []
        for w, stem in self.content_words(text):
            out.append(stem)
            if decompound:
                out.extend(self.stem(part) for part in self.split(w))
        return out


VOWELS = "aeiouyàáâäèéêëìíîïòóôöùúûü"


def keeps_hyphen(left: str, right: str) -> bool:
    """Dutch spelling: a compound whose parts meet in two vowels that would otherwise
    read as one sound keeps its hyphen ("zonne-energie", "auto-ongeluk",
    "privé-eigendom"); a line-end hyphen between other letters is a word break."""
    a, b = left[-1:].lower(), right[:1].lower()
    return bool(a) and bool(b) and a in VOWELS and b in VOWELS
