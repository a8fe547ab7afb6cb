"""Typed boundaries: every value that passes between stages.

All types are frozen dataclasses and carry their provenance (doc_id, page,
and a bbox or a character span). Free-form extras go into ``meta`` only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any, Mapping

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points


def _freeze(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(meta or {})


@dataclass(frozen=True)
class Document:
    """One ingested PDF. ``doc_id`` is the file stem."""

    doc_id: str
    path: str
    sha256: str
    title: str
    kind: str  # programmacontract | evaluatie | raadsbrief | collegevoorstel | other
    date: str | None  # ISO date or year
    author: str | None
    programme: str | None
    pages: int
    ocr_pages: int = 0
    duplicate_of: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass(frozen=True)
class Block:
    """A logical block of text on a page: a paragraph, heading, list item or table."""

    doc_id: str
    page: int  # 1-based
    order: int  # reading order on the page
    kind: str  # heading | paragraph | list_item | table
    text: str
    bbox: BBox
    font_size: float = 0.0
    bold: bool = False
    heading_level: int = 0  # 0 for non-headings, 1 = top level
    section: tuple[str, ...] = ()  # heading path this block falls under
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A table with a header row and data rows, cell text rebuilt from page words."""

    doc_id: str
    page: int
    index: int  # n-th table on the page
    bbox: BBox
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    section: tuple[str, ...] = ()
    unit: str | None = None  # e.g. "x € 1.000", found above or in the table

    def as_text(self) -> str:
        """Readable, retrieval-friendly rendering: one line per row, 'header: cell'."""
        lines = []
        if self.header:
            lines.append(" | ".join(self.header))
        for row in self.rows:
            if self.header and len(self.header) == len(row):
                pairs = [f"{h}: {c}" if h else c for h, c in zip(self.header, row) if c]
                lines.append("; ".join(pairs))
            else:
                lines.append(" | ".join(c for c in row if c))
        return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    doc_id: str
    number: int  # 1-based
    text: str  # cleaned text: headers/footers removed, hyphenation joined
    width: float
    height: float
    ocr: bool = False
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: a section part or a table, with its provenance."""

    chunk_id: str  # f"{doc_id}:{seq}"
    doc_id: str
    seq: int
    page: int  # first page, 1-based
    page_end: int
    section: tuple[str, ...]
    text: str
    kind: str = "text"  # text | table
    char_start: int = 0  # offsets in the document's joined clean text
    char_end: int = 0
    bbox: BBox | None = None  # bbox on the first page
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its score and document context."""

    chunk: Chunk
    score: float
    title: str = ""
    sources: tuple[str, ...] = ()  # which retrievers found it: bm25, dense

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.chunk.doc_id,
            "title": self.title,
            "page": self.chunk.page,
            "page_end": self.chunk.page_end,
            "section": self.chunk.section_path,
            "text": self.chunk.text,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class Citation:
    number: int
    doc_id: str
    title: str
    page: int
    quote: str


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    found: bool
    generator: str = "extractive"

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "generator": self.generator,
            "citations": [asdict(c) for c in self.citations],
            "passages": [h.to_json() for h in self.hits],
        }


# --- goal register -------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    id: str
    doc_id: str
    page: int
    role: str  # bestuurlijk opdrachtgever | ambtelijk opdrachtgever | programmamanager | portefeuillehouder
    name: str
    programme: str | None = None
    evidence: str = ""
    # issue 13: a holder named by role only ("de burgemeester als portefeuillehouder") has name ""
    # and the printed role holder here
    title: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    doc_id: str
    page: int
    name: str
    goal_id: str | None
    baseline: str | None  # peilwaarde, as written
    baseline_year: str | None
    targets: dict[str, str]  # streefwaarden per year, as written
    source: str | None
    evidence: str = ""
    # issue 13 (optional): programme, unit ("Eenheid"), values parsed to numbers (None when the
    # printed value is text such as "n.t.b."), earlier realisation, national benchmark, a target
    # given in words only
    programme: str | None = None
    unit: str | None = None
    baseline_value: float | None = None
    target_values: dict[str, float | None] = field(default_factory=dict)
    previous: str | None = None
    previous_year: str | None = None
    benchmark: str | None = None
    target_text: str | None = None


@dataclass(frozen=True)
class Budget:
    id: str
    doc_id: str
    page: int
    item: str
    amount_eur: float
    year: str | None
    goal_id: str | None = None
    is_total: bool = False
    evidence: str = ""
    # issue 13 (optional): programme, kind of line (baten | lasten | saldo | investering |
    # reserves | resultaat | None), the cell as printed and the unit multiplier applied to it,
    # every year of the row in euros (the budget year's value is amount_eur), the table caption
    programme: str | None = None
    kind: str | None = None
    as_printed: str | None = None
    unit: float = 1.0
    years: dict[str, float] = field(default_factory=dict)
    table: str = ""


@dataclass(frozen=True)
class Goal:
    id: str
    doc_id: str
    page: int
    level: str  # hoofdopgave | strategisch | operationeel
    parent: str | None
    text: str
    deadline: str | None
    target: str | None
    smart: dict[str, bool]
    reasons: dict[str, str]
    evaluation: bool
    evaluation_reason: str = ""
    indicator_ids: tuple[str, ...] = ()
    budget_ids: tuple[str, ...] = ()
    owner_ids: tuple[str, ...] = ()
    programme: str | None = None
    section: str = ""


# --- evaluations: recommendations and findings ---------------------------


@dataclass(frozen=True)
class Recommendation:
    id: str
    doc_id: str
    page: int
    section: str
    year: int | None
    author: str | None
    topic: str
    text: str
    same_as: str | None = None  # id of the report recommendation a letter repeats


@dataclass(frozen=True)
class Finding:
    id: str
    doc_id: str
    page: int
    section: str
    year: int | None
    author: str | None
    topic: str
    text: str
