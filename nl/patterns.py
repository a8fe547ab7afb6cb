"""Regular-expression alternations built from the word lists of this package.

The word lists of ``nl`` (verbs, target and deadline words, months) are plain Dutch words; a stage that
looks for them in text builds its pattern with :func:`one_of`, so that the words have one definition and
only the surrounding pattern (word boundaries, what may follow) is the stage's own.
"""
from __future__ import annotations

import re
from typing import Iterable


def alternatives(words: Iterable[str], space: str = " ") -> str:
    """``w1|w2|...`` for literal ``words`` in the order given; a space inside a word ("ten minste") becomes
    ``space`` (e.g. ``r"\\s+"`` where the text is not whitespace-normalised)."""
    words = list(words)
    if not words:  # an empty alternation would match everywhere
        raise ValueError("alternatives: no words")
    return "|".join(re.escape(w).replace("\\ ", space) for w in words)


def one_of(words: Iterable[str], space: str = " ") -> str:
    """``(?:w1|w2|...)``: :func:`alternatives` as a group."""
    return "(?:" + alternatives(words, space) + ")"


def pick(words: Iterable[str], *chosen: str) -> tuple[str, ...]:
    """The ``chosen`` words (in that order), each of which must be in ``words``: a stage that needs only some
    words of a list names them, and a word that is not in the list is an error rather than a second, silent
    definition."""
    known = set(words)
    missing = [w for w in chosen if w not in known]
    if missing:
        raise ValueError(f"not in the list: {', '.join(missing)}")
    return tuple(chosen)


def upto(words: tuple[str, ...], last: str) -> tuple[str, ...]:
    """The words of an ordered list up to and including ``last``: ``upto(CARDINALS, "tien")``."""
    if last not in words:
        raise ValueError(f"upto: {last!r} is not in the list")
    return words[:words.index(last) + 1]


def capitalised(words: Iterable[str]) -> tuple[str, ...]:
    """The words with a capital first letter, as they open a sentence ("uiterlijk" -> "Uiterlijk")."""
    return tuple(w[:1].upper() + w[1:] for w in words)
