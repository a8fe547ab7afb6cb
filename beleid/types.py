"""Typed boundaries: every value that passes between stages.

All types are frozen dataclasses and carry their provenance (doc_id, page,
and a bbox or a character span). Free-form extras go into ``meta`` only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from enum import StrEnum
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


class OwnerStatus(StrEnum):
    """Whether a document (or a programme of a multi-programme budget) names an owner."""

    NAMED = "named"
    NONE_NAMED = "none_named"


@dataclass(frozen=True)
class OwnerOutcome:
    """Per document (and per programme of a multi-programme budget): whether an owner is named,
    and why not (issue 13). SMART A is false with ``reason`` where the status is NONE_NAMED."""

    doc_id: str
    programme: str | None
    status: OwnerStatus
    reason: str
    page: int | None = None


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


class RegisterFlag(StrEnum):
    """A check a goal can fail: one SMART letter, or "no evaluation possible"."""

    S = "S"
    M = "M"
    A = "A"
    R = "R"
    T = "T"
    EVALUATION = "evaluation"

    @classmethod
    def parse(cls, value: str | None) -> "RegisterFlag | None":
        """``"m"`` -> M, ``"evaluation"`` -> EVALUATION, empty -> None; anything else raises ValueError."""
        if not value:
            return None
        v = str(value).strip()
        return cls.EVALUATION if v.lower() == "evaluation" else cls(v.upper())

    def fails(self, goal: "Goal") -> bool:
        if self is RegisterFlag.EVALUATION:
            return not goal.evaluation
        return not goal.smart.get(self.value, False)

    def reason(self, goal: "Goal") -> str:
        return goal.evaluation_reason if self is RegisterFlag.EVALUATION else goal.reasons.get(self.value, "")


@dataclass(frozen=True)
class Register:
    """Goals, indicators, budgets and owners of one or more documents."""

    goals: list[Goal] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    owners: list[Owner] = field(default_factory=list)
    owner_outcomes: list[OwnerOutcome] = field(default_factory=list)  # issue 13: "no owner named" per programme

    def failing(self, flag: RegisterFlag | None) -> "Register":
        """Only the goals that fail ``flag``, with the indicators linked to them (all when no flag)."""
        if flag is None:
            return self
        goals = [g for g in self.goals if flag.fails(g)]
        keep = {g.id for g in goals}
        return Register(goals, [i for i in self.indicators if i.goal_id in keep], list(self.budgets),
                        list(self.owners), list(self.owner_outcomes))


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


# --- plan check ------------------------------------------------------------


class CheckStatus(StrEnum):
    """How far a plan takes up a recommendation."""

    ADDRESSED = "addressed"
    PARTLY = "partly"
    NOT_ADDRESSED = "not_addressed"
    CONFLICTS = "conflicts"


class EvidenceRole(StrEnum):
    """What a plan passage does for a recommendation: follows it, or goes against it (``conflicts``)."""

    SUPPORT = "support"
    AGAINST = "against"


@dataclass(frozen=True)
class Evidence:
    """A passage of the plan shown as evidence (provenance: doc_id, page), with its role and its
    relevance to the recommendation: the stage's calibrated score (standardised on negative controls;
    higher is more relevant, the gate is in the stage's calibration), None when not scored."""

    doc_id: str
    page: int
    text: str
    role: EvidenceRole = EvidenceRole.SUPPORT
    relevance: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "page": self.page, "text": self.text, "role": self.role.value,
                "relevance": None if self.relevance is None else round(float(self.relevance), 3)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Evidence":
        rel = d.get("relevance")
        return cls(d["doc_id"], d["page"], d["text"], EvidenceRole(d.get("role") or EvidenceRole.SUPPORT.value),
                   None if rel is None else float(rel))


@dataclass(frozen=True)
class CheckedRecommendation:
    """One recommendation of an evaluation with its status in the plan; ``reason`` is Dutch (web app,
    Dutch reports), ``reason_en`` English (CLI)."""

    recommendation: Recommendation
    status: CheckStatus
    evidence: tuple[Evidence, ...]
    reason: str
    source_title: str = ""  # title of the evaluation the recommendation comes from
    reason_en: str = ""

    def to_json(self) -> dict[str, Any]:
        r = self.recommendation
        return {"recommendation": {"id": r.id, "doc_id": r.doc_id, "page": r.page, "text": r.text,
                                   "title": self.source_title, "year": r.year, "author": r.author,
                                   "section": r.section},
                "status": self.status.value,
                "evidence": [e.to_json() for e in self.evidence],
                "reason": self.reason, "reason_en": self.reason_en}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "CheckedRecommendation":
        r = d["recommendation"]
        rec = Recommendation(r["id"], r["doc_id"], r["page"], r.get("section") or "", r.get("year"), r.get("author"),
                             r.get("topic") or "", r["text"])
        return cls(rec, CheckStatus(d["status"]), tuple(Evidence.from_json(e) for e in d["evidence"]),
                   d["reason"], r.get("title") or "", d.get("reason_en") or "")


@dataclass(frozen=True)
class PlanInfo:
    """The plan that was checked: an ingested document or a PDF file that was only read."""

    doc_id: str
    title: str
    name: str  # what the user gave: the doc_id or the file name
    pages: int
    date: str | None
    programme: str | None
    source: str  # "document" (ingested) | "file" (a PDF read for this check)

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "name": self.name, "pages": self.pages,
                "date": self.date, "programme": self.programme, "source": self.source}


@dataclass(frozen=True)
class CheckReport:
    """The result of a plan check: what the CLI, the web app and every report format render."""

    plan: PlanInfo
    against: tuple[str, ...]  # doc_ids of the evaluations checked against
    against_titles: Mapping[str, str]
    results: tuple[CheckedRecommendation, ...]

    @property
    def summary(self) -> dict[str, int]:
        return {s.value: sum(1 for r in self.results if r.status is s) for s in CheckStatus}

    def to_json(self) -> dict[str, Any]:
        return {"plan": self.plan.to_json(), "against": list(self.against),
                "against_titles": dict(self.against_titles),
                "results": [r.to_json() for r in self.results], "summary": self.summary}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "CheckReport":
        p = d["plan"]
        plan = PlanInfo(p["doc_id"], p.get("title") or "", p.get("name") or p["doc_id"], p.get("pages") or 0,
                        p.get("date"), p.get("programme"), p.get("source") or "document")
        return cls(plan, tuple(d.get("against") or ()), dict(d.get("against_titles") or {}),
                   tuple(CheckedRecommendation.from_json(r) for r in d.get("results") or ()))
