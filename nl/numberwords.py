"""Numbers written out in Dutch words, rewritten as digits so that the number rules read them.

* cardinals: "alle vijf sporthallen" -> "alle 5 sporthallen", "drieëntwintig" -> "23",
  "tweeduizend vijfhonderd" -> "2.500" (read by text2num, language "nl");
* fractions and ratios of a group: "een derde van" -> "1/3 van", "tweederde van" -> "2/3 van",
  "de helft van" -> "1/2 van", "een op de vijf" -> "1/5".

"een" is read as the article, except as the numerator of a fraction or ratio; "één" is the
numeral. Ordinals ("de tweede fase") are not quantities and stay as written, and so do a scale
word after digits ("1,2 miljoen") and the idiom "in acht nemen".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from text_to_num import find_numbers, text2num

# the cardinals from two to twelve as words, in order, as rules look for a small count ("twee doelen:", "vijf
# pilots"); "een" is left out, as it is mostly the article
CARDINALS = ("twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf")
# denominators of Dutch fractions ("een derde", "driekwart", "twee vijfde")
DENOMINATORS = {"helft": 2, "derde": 3, "kwart": 4, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
                "achtste": 8, "negende": 9, "tiende": 10}
_NUMERATOR = r"een|één|" + "|".join(CARDINALS[:CARDINALS.index("negen") + 1]) + r"|\d"
_FRACTION = re.compile(
    rf"\b(?:(?P<num>{_NUMERATOR})\s*(?P<den>{'|'.join(DENOMINATORS)})(?=\s+(?:deel\s+)?van\b)"
    rf"|(?P<half>de\s+helft)(?=\s+van\b)"
    rf"|(?P<rnum>{_NUMERATOR})\s+op\s+(?:de|elke|iedere)\s+(?P<rden>[a-zë]+|\d+)\b)", re.I)
_WORD = re.compile(r"\w+|[^\w\s]")
_ARTICLE = "een"
# "in acht nemen", "iets in acht.", "in acht te nemen": here 'acht' means attention, not eight
_AFTER_ACHT_IDIOM = re.compile(r"^(?:te|genomen|nemen|neemt|neem|nam|namen|[^\w\s]?)$", re.I)


@dataclass(frozen=True)
class _Token:
    """A word or punctuation mark with its offsets, in the form text2num reads."""

    word: str
    start: int
    end: int
    excluded: bool

    def text(self) -> str:
        return self.word

    def nt_separated(self, previous: "_Token") -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self.excluded


def dutch_digits(value: float) -> str:
    """A number in Dutch notation: 2500 -> '2.500', 2.5 -> '2,5' (no thousands dots in decimals)."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


@functools.lru_cache(maxsize=64)
def _cardinal(word: str) -> int | None:
    """A single number word or digits as an integer: 'twee' -> 2, 'tien' -> 10, '5' -> 5."""
    if word.isdigit():
        return int(word)
    try:
        return int(text2num(word.lower(), "nl"))
    except ValueError:
        return None


def _fraction(m: re.Match) -> str | None:
    if m.group("half"):
        return "1/2"
    if m.group("num"):
        return f"{_cardinal(m.group('num'))}/{DENOMINATORS[m.group('den').lower()]}"
    num, den = _cardinal(m.group("rnum")), _cardinal(m.group("rden"))
    return f"{num}/{den}" if num is not None and den else None


def _tokens(text: str) -> list[_Token]:
    words = list(_WORD.finditer(text))
    out = []
    for i, w in enumerate(words):
        lower = w.group(0).lower()
        prev = words[i - 1].group(0).lower() if i else ""
        nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
        in_acht = lower == "acht" and prev == "in" and bool(_AFTER_ACHT_IDIOM.match(nxt))
        excluded = lower == _ARTICLE or in_acht
        out.append(_Token(w.group(0), w.start(), w.end(), excluded))
    return out


def _cardinals(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of the cardinal numbers written in words."""
    toks = _tokens(text)
    out = []
    for occ in find_numbers(toks, "nl", 0):
        start, end = toks[occ.start].start, toks[occ.end - 1].end
        if occ.is_ordinal or text[start:end].isdigit() or text[:start].rstrip()[-1:].isdigit():
            continue  # an ordinal, or the scale word of a number in digits ("1,2 miljoen")
        out.append((start, end, dutch_digits(occ.value)))
    return out


@functools.lru_cache(maxsize=4096)
def digitise(text: str) -> str:
    """``text`` with its written-out numbers as digits; everything else unchanged."""
    spans: list[tuple[int, int, str]] = []
    for m in _FRACTION.finditer(text):
        value = _fraction(m)
        if value is not None:
            spans.append((m.start(), m.end(), value))
    taken = [(a, b) for a, b, _ in spans]
    spans += [s for s in _cardinals(text) if not any(a < s[1] and s[0] < b for a, b in taken)]
    out, pos = [], 0
    for start, end, digits in sorted(spans):
        out += [text[pos:start], digits]
        pos = end
    return "".join(out) + text[pos:]
