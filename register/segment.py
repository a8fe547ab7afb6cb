"""Sentences and inline list markers in re-typeset policy text.

The PDFs are re-typeset, so list markers often sit inside running text:
"... klimaatverandering a) In 2022 is ... b) In 2022 ...", "I Almelo is ...",
"Il De gemeente ..." (OCR of II), "1. ... 2. ...", "• ...". ``pieces`` turns the
ordered blocks of a document into a stream of pieces, each starting at a list
marker (or at a block start), with headings as breaks and a paragraph that
runs over a page break joined back together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from beleid.types import Block

# rank: the usual nesting depth of a marker kind (outer lists use low ranks)
MARKER_RANK = {"doel": 0, "roman": 0, "num": 1, "result": 2, "letter": 2, "bullet": 3}

_NO_NUM_BEFORE = r"(?<![Bb]ijlage )(?<![Tt]abel )(?<![Ff]iguur )(?<![Hh]oofdstuk )(?<![Pp]aragraaf )(?<![Pp]rogrammalijn )(?<![Ff]ase )(?<![Ss]tap )(?<![Pp]agina )(?<!\| )"
MARKER_RE = re.compile(
    r"(?:(?<=\s)|^)(?:"
    r"(?P<doel>(?:Doel(?:stelling)?|Hoofdopgave|Opgave|Ambitie)\s+(?:[IVX]{1,4}|\d{1,2})\s*[:.])\s*"
    r"|(?P<result>(?:(?:Beoogde?\s+r|R)esultaat|Subdoel)(?:\s+\d{1,2}(?:\.\d{1,2})?)?\s*:)\s*"
    r"|(?P<roman>(?:I{1,3}|Il|IV|VI{0,3}|IX|X)\.?)\s+(?=[A-Z‘'\"(])"
    r"|" + _NO_NUM_BEFORE + r"(?P<num>\d{1,2}[.)])\s+(?=[A-Z‘'\"(0-9])"
    r"|(?P<letter>[a-h]\))\s+"
    r"|(?P<bullet>[•▪◦●\uf0b7\uf0a7])\s*"
    r")"
)
_LEADING_DASH = re.compile(r"^[-–]\s+")

ABBREVIATIONS = {"t.o.v", "t.0.v", "excl", "incl", "o.a", "m.b.t", "bijv", "ca", "nr", "e.d", "etc", "o.b.v",
                 "obv", "m.n", "i.p.v", "t/m", "resp", "evt", "mr", "dhr", "mw", "drs", "ir", "dr", "prof", "z.s.m",
                 "n.t.b", "d.w.z", "i.s.m", "m.u.v", "vs", "max", "min", "gem"}

_SENT_END = re.compile(r"(?<=[.!?])\s+(?:[a-z]\s+)?(?=[A-Z0-9‘'\"(%€])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``; abbreviations and stray OCR letters respected."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        before = text[start:m.start()]
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".!?").lstrip("(‘'\"").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or \
                (re.search(r"\w\.\w", word) and not re.fullmatch(r"€?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?:,-)?", word)):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass
class Piece:
    """Text from one list marker (or block start) to the next, with its page map."""

    text: str
    marker: str | None  # marker kind: doel | result | roman | num | letter | bullet | None
    label: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)  # (offset, page) where a page starts
    block_start: bool = False
    heading: bool = False
    heading_text: str = ""

    def page_at(self, start: int, end: int) -> int:
        """The page holding most of ``text[start:end]``."""
        best, best_len = self.pages[0][1] if self.pages else 0, -1
        bounds = self.pages + [(len(self.text) + 1, 0)]
        for (off, page), (nxt, _) in zip(bounds, bounds[1:]):
            overlap = min(end, nxt) - max(start, off)
            if overlap > best_len:
                best, best_len = page, overlap
        return best


def clean_item(text: str) -> str:
    """Strip a stray digit glued to the first word ('1In 2022' -> 'In 2022') and outer spaces."""
    text = re.sub(r"^\d(?=(?:In|Eind|Per|Vanaf|Uiterlijk|Medio|Begin)\b)", "", text.strip())
    return text.strip(" ;")


def pieces(blocks: Iterable[Block]) -> list[Piece]:
    """The ordered pieces of a document; a heading becomes a piece with ``heading=True``."""
    out: list[Piece] = []
    last_page = None
    for b in blocks:
        if b.kind == "table":
            continue
        text = " ".join(b.text.split())
        if not text:
            continue
        if b.kind == "heading":
            out.append(Piece("", None, pages=[(0, b.page)], heading=True, heading_text=text))
            last_page = b.page
            continue
        new_page = last_page is not None and b.page != last_page
        last_page = b.page
        text = _LEADING_DASH.sub("• ", text)
        found = list(MARKER_RE.finditer(text))
        cuts = [(m.start(), m.end(), m.lastgroup, m.group(m.lastgroup)) for m in found]
        first_end = cuts[0][0] if cuts else len(text)
        head = text[:first_end].strip()
        if head:
            prev = out[-1] if out else None
            if new_page and prev is not None and not prev.heading and not re.search(r"[.!?:]$", prev.text):
                off = len(prev.text) + 1
                prev.text = prev.text + " " + head
                prev.pages.append((off, b.page))
            else:
                out.append(Piece(head, None, pages=[(0, b.page)], block_start=True))
        for i, (s, e, kind, label) in enumerate(cuts):
            end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
            body = text[e:end].strip()
            if body:
                out.append(Piece(body, kind, label.strip(), pages=[(0, b.page)], block_start=(s == 0)))
    return out
