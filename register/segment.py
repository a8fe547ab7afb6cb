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
from nl.patterns import capitalised, one_of, pick
from nl.sentences import TYPESET_ABBREVIATIONS, sentence_spans
from nl.targets import DEADLINE_PREPOSITIONS

# rank: the usual nesting depth of a marker kind (outer lists use low ranks)
MARKER_RANK = {"doel": 0, "roman": 0, "num": 1, "result": 2, "letter": 2, "bullet": 3}

_NO_NUM_BEFORE = r"(?<![Bb]ijlage )(?<![Tt]abel )(?<![Ff]iguur )(?<![Hh]oofdstuk )(?<![Pp]aragraaf )(?<![Pp]rogrammalijn )(?<![Ff]ase )(?<![Ss]tap )(?<![Pp]agina )(?<!\| )"
MARKER_RE = re.compile(
    r"(?:(?<=\s)|^)(?:"
    r"(?P<doel>(?:Hoo?fdd?oel|Doel(?:stelling)?|Hoofdopgave|Opgave|Ambitie)\s+(?:[IVX]{1,4}|\d{1,2})\s*[:.])\s*"
    r"|(?P<result>(?:(?:Beoogde?\s+r|R)esultaat|Subdoel)(?:\s+\d{1,2}(?:\.\d{1,2})?)?\s*:)\s*"
    r"|(?P<roman>(?:I{1,3}|Il|IV|VI{0,3}|IX|X)\.?)\s+(?=[A-Z‘'\"(])"
    r"|" + _NO_NUM_BEFORE + r"(?P<num>\d{1,2}[.)])\s+(?=[A-Z‘'\"(0-9])"
    r"|(?P<letter>[a-h]\)|[a-h]\.(?=\s+[A-Z0-9‘'(]))\s+"
    # OCR of a lower-case letter mark as a capital, after the end of the previous item: "... 2200). C. Minder spanning"
    r"|(?<=[.;)]\s)(?P<letterup>[A-H])\.\s+(?=[A-Z][a-zà-ÿ]+\s+[a-zà-ÿ])"
    r"|(?P<bullet>[•▪◦●\uf0b7\uf0a7])\s*"
    r")"
)
_LEADING_DASH = re.compile(r"^[-–]\s+")
_UPPER_LETTER = re.compile(r"^([A-H])\.\s+(?=[A-Z][a-zà-ÿ]+\s+[a-zà-ÿ])")

# the sentences of re-typeset plan text are read by nl.sentences.sentence_spans with its abbreviations of plans
ABBREVIATIONS = TYPESET_ABBREVIATIONS

# a goal that starts with a capital inside a sentence: two goals run together in re-typeset text
# ("... van de binnenstad In 2022 kent ...", "... met meer omzet Het aantal bedrijven ...")
_RUN_ON = re.compile(r"(?<=[a-zà-ÿ0-9)])\s+(?="
                     + one_of(capitalised(pick(DEADLINE_PREPOSITIONS, "in", "eind", "uiterlijk", "medio", "begin")))
                     + r" 20\d\d\b|Het (?:aantal|percentage|aandeel)\b)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text`` (:func:`nl.sentences.sentence_spans`: abbreviations and stray OCR
    letters respected), where two goals run together ("... binnenstad In 2022 kent ...") also cut apart."""
    spans = sentence_spans(text)
    out = []
    for a, b in spans:
        cut = a
        for m in _RUN_ON.finditer(text, a, b):
            if m.start() > cut:
                out.append((cut, m.start()))
                cut = m.end()
        out.append((cut, b))
    return [(a, b) for a, b in out if text[a:b].strip()]


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
    column: str = ""  # "L" or "R" on a page set in two columns, "" otherwise
    block_kind: str = ""  # the ingest block kind: paragraph | list_item | heading
    heading_column: str = ""  # the column of the heading above (headings of two columns stand side by side)

    def page_at(self, start: int, end: int) -> int:
        """The page holding most of ``text[start:end]``."""
        best, best_len = self.pages[0][1] if self.pages else 0, -1
        bounds = self.pages + [(len(self.text) + 1, 0)]
        for (off, page), (nxt, _) in zip(bounds, bounds[1:]):
            overlap = min(end, nxt) - max(start, off)
            if overlap > best_len:
                best, best_len = page, overlap
        return best


_GLUED_DIGIT = re.compile(r"^\d(?=" + one_of(capitalised(pick(DEADLINE_PREPOSITIONS, "in", "eind", "per", "vanaf",
                                                                  "uiterlijk", "medio", "begin"))) + r"\b)")


def clean_item(text: str) -> str:
    """Strip a stray digit glued to the first word ('1In 2022' -> 'In 2022') and outer spaces."""
    text = _GLUED_DIGIT.sub("", text.strip())
    return text.strip(" ;")


def _columns(blocks: list[Block]) -> dict[int, str]:
    """Column of each block (by index): where a page has blocks that start right of its middle next to blocks
    left of it, "L" / "R"; "" on single-column pages."""
    right_edge = max((b.bbox[2] for b in blocks), default=0.0)
    mid = right_edge / 2 if right_edge else 0.0
    out: dict[int, str] = {}
    by_page: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        by_page.setdefault(b.page, []).append(i)
    for idx in by_page.values():
        left = [i for i in idx if blocks[i].bbox[2] <= mid + 5]
        right = [i for i in idx if blocks[i].bbox[0] >= mid - 5]
        two = bool(left) and bool(right)
        for i in idx:
            out[i] = ("R" if i in right else "L" if i in left else "") if two else ""
    return out


def pieces(blocks: Iterable[Block]) -> list[Piece]:
    """The ordered pieces of a document; a heading becomes a piece with ``heading=True``.

    A paragraph that runs over a page break is joined back to the unfinished piece of its own column on the
    previous page (a two-column page continues each column separately)."""
    blocks = [b for b in blocks if b.kind != "table" and " ".join(b.text.split())]
    cols = _columns(blocks)
    out: list[Piece] = []
    last_page = None
    open_by_col: dict[str, Piece] = {}  # the last piece of each column on the previous page
    last_by_col: dict[str, Piece] = {}
    joined_cols: set[str] = set()
    heading_col = ""
    for i, b in enumerate(blocks):
        text = " ".join(b.text.split())
        col = cols.get(i, "")
        if b.page != last_page:
            open_by_col = dict(last_by_col) if last_page is not None else {}
            last_by_col, joined_cols = {}, set()
            last_page = b.page
        if b.kind == "heading":
            heading_col = col
            out.append(Piece("", None, pages=[(0, b.page)], heading=True, heading_text=text, column=col,
                             block_kind="heading"))
            last_by_col[col] = out[-1]
            continue
        text = _LEADING_DASH.sub("• ", text)
        text = _UPPER_LETTER.sub(lambda m: m.group(1).lower() + ". ", text)  # "C. Almeloërs ..." (OCR of "c.")
        found = [m for m in MARKER_RE.finditer(text) if not _false_letter(text, m)]
        same = {"letterup": "letter"}  # variants of a mark: the same kind of list
        cuts = [(m.start(), m.end(), same.get(m.lastgroup, m.lastgroup),
                 m.group(m.lastgroup).lower() + ("." if m.lastgroup in same else "")) for m in found]
        first_end = cuts[0][0] if cuts else len(text)
        head = text[:first_end].strip()
        if head:
            prev = open_by_col.get(col) if col not in joined_cols else None
            if prev is not None and not prev.heading and prev.text and not re.search(r"[.!?:;]$", prev.text):
                off = len(prev.text) + 1
                prev.text = prev.text + " " + head
                prev.pages.append((off, b.page))
                last_by_col[col] = prev
            else:
                out.append(Piece(head, None, pages=[(0, b.page)], block_start=True, column=col, block_kind=b.kind,
                                 heading_column=heading_col))
                last_by_col[col] = out[-1]
        joined_cols.add(col)
        for k, (s0, e, kind, label) in enumerate(cuts):
            end = cuts[k + 1][0] if k + 1 < len(cuts) else len(text)
            body = text[e:end].strip()
            if body:
                out.append(Piece(body, kind, label.strip(), pages=[(0, b.page)], block_start=(s0 == 0), column=col,
                                 block_kind=b.kind, heading_column=heading_col))
                last_by_col[col] = out[-1]
    return out


def _false_letter(text: str, m: re.Match) -> bool:
    """A single-letter marker "b." inside running text is only a marker before a capital or a number."""
    if m.lastgroup != "letter" or not m.group("letter").endswith("."):
        return False
    rest = text[m.end():m.end() + 1]
    return not (rest[:1].isupper() or rest[:1].isdigit())
