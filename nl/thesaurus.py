"""Query expansion with a Dutch policy-language thesaurus.

Staff rarely ask in the words of the document: a question about
"arbeidsplaatsen" must find a goal about "banen", "toen het college aantrad"
must find "bij de start van het college". The bundled thesaurus
(``nl/lexicons/thesaurus_nl.txt``) lists groups of words and phrases that municipal
documents use for the same thing; a user file in the same format can be added
(``Settings.thesaurus``, ``BELEID_THESAURUS``).

Entries are analysed with the index's own :class:`~nl.analysis.DutchAnalyzer`
(folding, lemma, stem), so a group matches any inflection. A query that holds
every word of an entry is expanded with the words of the group's other
entries, each at :data:`EXPANSION_WEIGHT` of an original query word (divided
over the words of a phrase); when the query's own words of the group occur
nowhere in the corpus, the synonyms stand in for them at full weight. Words already in the query are never added again,
and expansion only adds BM25 evidence: it never removes a hit.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from beleid.errors import ConfigError

from .analysis import DutchAnalyzer, words

BUNDLED = Path(__file__).with_name("lexicons") / "thesaurus_nl.txt"
EXPANSION_WEIGHT = 0.4
SHARED_PREFIX = 4  # letters a query word and a thesaurus word with the same stem must share


def read_groups(path: Path) -> list[list[str]]:
    """Groups of a thesaurus file: one comma-separated group per line, ``#`` comments."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read thesaurus ({exc})") from exc
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        entries = [e.strip() for e in line.split(",") if e.strip()]
        if len(entries) >= 2:
            groups.append(entries)
    return groups


@lru_cache(maxsize=8)
def _cached_groups(paths: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    out: list[tuple[str, ...]] = []
    for p in paths:
        out.extend(tuple(g) for g in read_groups(Path(p)))
    return tuple(out)


def _related(a: str, b: str) -> bool:
    """Whether two written words that share a stem also share their first
    letters. The lemma table behind the stems maps some forms to unrelated
    lemmas ("gegevens" -> "geven", "reden" -> "rijden"); requiring the words to
    start alike keeps those from triggering a synonym group, while real
    inflections ("aantrad" / "aantreden", "besloot" / "besluiten") still do."""
    n = min(SHARED_PREFIX, len(a), len(b))
    return a[:n] == b[:n]


class Thesaurus:
    """Synonym groups, analysed into stem tuples for one analyzer."""

    def __init__(self, groups: Iterable[Iterable[str]], analyzer: DutchAnalyzer,
                 weight: float = EXPANSION_WEIGHT):
        self.weight = weight
        self.analyzer = analyzer
        self.groups: list[list[tuple[str, ...]]] = []
        self.labels: dict[tuple[str, ...], str] = {}  # analysed entry -> its wording in the file
        self._written: dict[tuple[str, ...], dict[str, str]] = {}  # analysed entry -> stem -> word
        for group in groups:
            analysed = []
            for entry in group:
                written = self.analyse(entry)
                if len(written) == 1 and len(words(entry)) > 1:
                    continue  # a phrase that analyses to one word ("naar werk") would match any query with it
                stems = tuple(written)
                if stems and stems not in analysed:
                    analysed.append(stems)
                    self.labels.setdefault(stems, entry)
                    self._written.setdefault(stems, {st: min(ws) for st, ws in written.items()})
            if len(analysed) >= 2:
                self.groups.append(analysed)
        self._by_stem: dict[str, list[int]] = {}  # stem -> groups with an entry holding it
        for gi, group in enumerate(self.groups):
            for stem in {t for entry in group for t in entry}:
                self._by_stem.setdefault(stem, []).append(gi)

    def analyse(self, text: str) -> dict[str, set[str]]:
        """Stems of the content words of ``text`` (as the index analyses them,
        without decompounding), each with the written words it came from."""
        out: dict[str, set[str]] = {}
        for w, stem in self.analyzer.content_words(text):
            out.setdefault(stem, set()).add(w)
        return out

    @classmethod
    def load(cls, analyzer: DutchAnalyzer, extra: str | Path | None = None,
             weight: float = EXPANSION_WEIGHT) -> "Thesaurus":
        paths = (str(BUNDLED),) + ((str(extra),) if extra else ())
        return cls(_cached_groups(paths), analyzer, weight)

    def _in_query(self, entry: tuple[str, ...], present: dict[str, set[str]]) -> bool:
        written = self._written[entry]
        return all(stem in present and any(_related(w, written[stem]) for w in present[stem])
                   for stem in entry)

    def expand(self, query: str, known: Callable[[str], bool] | None = None) -> list[Expansion]:
        """One :class:`Expansion` per group that ``query`` matches: a group
        matches when all words of one of its entries occur in the query. With
        ``known`` (does the corpus hold this token?), a group whose matched
        query words all are absent from the corpus is expanded at full weight:
        its synonyms then stand in for words that cannot match anything."""
        present = self.analyse(query)
        out: list[Expansion] = []
        candidates = sorted({gi for stem in present for gi in self._by_stem.get(stem, ())})
        for group in (self.groups[gi] for gi in candidates):
            matched = [entry for entry in group if self._in_query(entry, present)]
            if not matched:
                continue
            weight = self.weight
            if known is not None and not any(known(t) for entry in matched for t in entry):
                weight = 1.0
            alternatives = tuple((entry, weight / len(entry)) for entry in group
                                 if not set(entry) <= present.keys())
            if alternatives:
                original = tuple(dict.fromkeys(t for entry in matched for t in entry))
                out.append(Expansion(original, alternatives))
        return out


@dataclass(frozen=True)
class Expansion:
    """A matched group: the query's own tokens of it and the alternative
    entries (stem tuples) with the weight of each of their tokens. A passage
    scores for the group as for its best wording: its score for the original
    tokens, or the best weighted alternative if that is higher (synonyms never
    add up, so a passage that uses the query's word is not outscored by one
    that uses three synonyms)."""

    original: tuple[str, ...]
    alternatives: tuple[tuple[tuple[str, ...], float], ...]

    def wordings(self, thesaurus: "Thesaurus", known: Callable[[str], bool] | None = None) -> list[str]:
        """The alternatives as written in the thesaurus file (only those whose
        words all occur in the corpus, with ``known``)."""
        return [thesaurus.labels.get(entry, " ".join(entry)) for entry, _ in self.alternatives
                if known is None or all(known(t) for t in entry)]
