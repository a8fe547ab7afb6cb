"""Sentences and list items of Dutch policy text.

* :func:`sentences`: sentence boundaries that skip Dutch abbreviations ("o.a.",
  "m.b.t.", "bijv.", single initials) and keep closing quotes with their sentence;
* :func:`split_items`: a list block split into its items (bullets, or "1. ... 2. ..."
  numbered consecutively);
* :func:`clean`: NFKC and collapsed whitespace.
"""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC (ligatures 'ﬀ' -> 'ff'), hyphenated line breaks joined, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    return _WS.sub(" ", text).strip()


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {"o.a", "i.h.k.v", "bijv", "bv", "m.b.t", "t.a.v", "i.v.m", "e.d", "etc", "nr", "ca", "resp",
           "d.w.z", "m.n", "z.s.m", "incl", "excl", "mln", "mld", "dhr", "mevr", "ad", "art", "o.b.v",
           "t.b.v", "i.s.m", "vgl", "zgn", "evt", "e.a", "blz", "p", "fig", "tab"}
_SENT_END = re.compile(r"([.!?])[\"'’”)]?\s+(?=[\"'‘“(]?[A-Z0-9ÀÁÉÈÖÜËÏ])")


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of ``text`` with their start offsets (in ``text``)."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        before = text[start:m.start(1)]
        last = before.rsplit(" ", 1)[-1].lower().rstrip(".")
        if m.group(1) == "." and (last in _ABBREV or (len(last) == 1 and last.isalpha())):
            continue
        piece = text[start:m.end(1)].strip()
        if piece:
            out.append((start + (len(text[start:]) - len(text[start:].lstrip())), piece))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((start + (len(text[start:]) - len(text[start:].lstrip())), tail))
    return out


_BULLET = re.compile(r"(?:^|\s)[•▪●◦·\u2022\uf0b7]\s+")
_NUMBER = re.compile(r"(?:^|(?<=[.:;!?)]\s))(\d{1,2})[.)]\s+(?=[\"'‘(]?[A-Z])")


def split_items(text: str) -> list[tuple[int, str]]:
    """Split a list block into its items: bullets, or '1. ... 2. ...' numbered
    consecutively. Returns (offset, item text) pairs; the text before the first
    marker (if any) is returned as an item with offset 0."""
    bullets = [m for m in _BULLET.finditer(text)]
    if bullets:
        cuts = [m.start() for m in bullets]
        starts = [m.end() for m in bullets]
    else:
        cuts, starts, expected = [], [], None
        for m in _NUMBER.finditer(text):
            n = int(m.group(1))
            if expected is None and n in (1, 2) or expected is not None and n == expected:
                cuts.append(m.start())
                starts.append(m.end())
                expected = n + 1
        if not cuts:
            return [(0, text)]
    out = []
    if text[:cuts[0]].strip():
        out.append((0, text[:cuts[0]].strip()))
    for i, s in enumerate(starts):
        end = cuts[i + 1] if i + 1 < len(cuts) else len(text)
        piece = text[s:end].strip()
        if piece:
            out.append((s, piece))
    return out


