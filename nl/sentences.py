"""Sentences and list items of Dutch policy text.

* :func:`sentences`: sentence boundaries that skip Dutch abbreviations ("o.a.",
  "m.b.t.", "bijv.", single initials) and keep closing quotes with their sentence;
* :func:`sentence_spans`: sentence spans of re-typeset and OCR'd plan text (stray OCR
  letters between sentences, numbers with dots, the abbreviations of plans);
* :func:`quotable_sentences`: sentences, clauses ending in ";" or ":" and list lines, as
  an answer quotes them;
* :data:`SENTENCE_BREAK`: where a paragraph that is too long for one chunk may be cut;
* :func:`split_items`: a list block split into its items (bullets, or "1. ... 2. ..."
  numbered consecutively);
* :func:`clean`: NFKC and collapsed whitespace;
* :data:`LINE_CONTINUES`: words a line can end on but a sentence (or a table cell) cannot,
  :data:`PARAGRAPH_CONTINUES` those a line of a paragraph can end on.

Why several splitters: they were made for different text and each stage's figures were
measured with its own. :func:`sentences` reads the running text of reports (quotes
kept with their sentence, a full stop only ends a sentence before a capital);
:func:`sentence_spans` reads plans whose layout was re-typeset or OCR'd (a stray OCR
letter "e" between two sentences, "€ 1.250.000," inside one, abbreviations such as
"t.o.v.", "max." and "n.t.b." of targets); :func:`quotable_sentences` cuts finer (also
at ";" and ":" and at line breaks) because an answer quotes short pieces; chunking
(:data:`SENTENCE_BREAK`) only needs a safe place to cut, abbreviations or not. The two
abbreviation lists share :data:`COMMON_ABBREVIATIONS`; merging them, or the splitters,
changes where sentences end for the register or the recommendations, so it needs its own
before/after measurement (none was made).
"""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC (ligatures 'ﬀ' -> 'ff'), hyphenated line breaks joined, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    return _WS.sub(" ", text).strip()


# Abbreviations after which a full stop does not end a sentence (without their last full stop): the ones
# both splitters know, those of reports (:func:`sentences`) and those of plans (:func:`sentence_spans`).
COMMON_ABBREVIATIONS = frozenset({"o.a", "bijv", "m.b.t", "e.d", "etc", "nr", "ca", "resp", "d.w.z", "m.n", "z.s.m",
                                  "incl", "excl", "dhr", "o.b.v", "i.s.m", "evt"})
ABBREVIATIONS = COMMON_ABBREVIATIONS | {"i.h.k.v", "bv", "t.a.v", "i.v.m", "mln", "mld", "mevr", "ad", "art", "t.b.v",
                                        "vgl", "zgn", "e.a", "blz", "p", "fig", "tab"}
# plans: targets and their baselines ("t.o.v.", OCR "t.0.v.", "max.", "min.", "gem.", "n.t.b.", "t/m"), titles
# of the people who own a programme ("mr.", "drs.", "ir.", "prof.")
TYPESET_ABBREVIATIONS = COMMON_ABBREVIATIONS | {"t.o.v", "t.0.v", "obv", "i.p.v", "t/m", "mr", "mw", "drs", "ir", "dr",
                                                "prof", "n.t.b", "m.u.v", "vs", "max", "min", "gem"}
_SENT_END = re.compile(r"([.!?])[\"'’”)]?\s+(?=[\"'‘“(]?[A-Z0-9ÀÁÉÈÖÜËÏ])")


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of ``text`` with their start offsets (in ``text``)."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        before = text[start:m.start(1)]
        last = before.rsplit(" ", 1)[-1].lower().rstrip(".")
        if m.group(1) == "." and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        piece = text[start:m.end(1)].strip()
        if piece:
            out.append((start + (len(text[start:]) - len(text[start:].lstrip())), piece))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((start + (len(text[start:]) - len(text[start:].lstrip())), tail))
    return out


# a sentence end in re-typeset text: a full stop (or ! ?), perhaps a stray OCR letter, then a capital, a digit,
# a quote, a bracket, "%" or "€"
_SPAN_END = re.compile(r"(?<=[.!?])\s+(?:[a-z]\s+)?(?=[A-Z0-9‘'\"(%€])")
_DOTTED_AMOUNT = re.compile(r"€?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?:,-)?")


def sentence_spans(text: str, abbreviations: frozenset[str] = TYPESET_ABBREVIATIONS) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of re-typeset or OCR'd plan text: a sentence ends at a full stop, "!" or "?"
    before a capital, a digit, a quote, a bracket, "%" or "€" (a stray OCR letter in between is skipped), not after
    an abbreviation, a single letter or a word with a dot inside ("o.b.v", but an amount "1.250.000" ends one).
    The last span runs to the end of the text without trailing space; spans may be blank."""
    spans, start = [], 0
    for m in _SPAN_END.finditer(text):
        before = text[start:m.start()]
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".!?").lstrip("(‘'\"").lower()
        if word in abbreviations or (len(word) == 1 and word.isalpha()) or \
                (re.search(r"\w\.\w", word) and not _DOTTED_AMOUNT.fullmatch(word)):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


# an answer quotes sentences, clauses ending in ";" or ":" and list lines (a line break, perhaps with a bullet or
# a number)
_CLAUSE = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9À-Ý•\-\"'(])|\n+\s*(?:[•\-–*]|\d+[.)])?\s*")


def quotable_sentences(text: str, min_chars: int = 20) -> list[str]:
    """The sentences, clauses ending in ";" or ":" and list lines of ``text``, whitespace collapsed, bullets and
    dashes at their ends stripped, those shorter than ``min_chars`` left out: the pieces an answer quotes."""
    parts = [" ".join(p.split()) for p in _CLAUSE.split(text or "")]
    return [p.strip(" •-–*") for p in parts if p and len(p.strip(" •-–*")) >= min_chars]


# where a chunk may cut a long paragraph: after ".!?;:" and space, before a capital, a digit, a bracket, a bullet
# or a dash
SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÀ-Ý0-9(•\-–])")

# Dutch words a line can end on but a sentence, a paragraph or a table cell cannot ("... management en" /
# "medewerkers ...", "... in de binnenstad van" / "Almelo"): articles, prepositions, conjunctions, pronouns and
# auxiliaries. The register reads table cells with this list; ingest joins the wrapped lines of a paragraph with
# PARAGRAPH_CONTINUES, which adds four prepositions ("naar", "om", "sinds", "tijdens"). The two were measured
# apart (ingest on every document, the register's cells on its dev set) and are not merged without a measurement.
LINE_CONTINUES = frozenset("""de het een van en of in op aan met voor door bij tot te uit over als dat die dit deze
zijn haar hun onze ons wordt worden is zal zullen kan kunnen moet moeten wij we er ter ten tussen onder binnen zowel
maar dan wel niet ook nog meer minder zo waarbij waarin welke per vanuit tegen na""".split())
PARAGRAPH_CONTINUES = LINE_CONTINUES | {"naar", "om", "sinds", "tijdens"}


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


