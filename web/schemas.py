"""Response shapes of the HTTP API (pydantic), so that OpenAPI shows them.

They mirror the ``to_json`` of the kernel's types and the CLI's ``--json`` output; a
field added there must be added here (the API tests compare the keys).
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")  # never drop a field the application layer adds


class ErrorResponse(_Shape):
    """Every error, with the status code that says what kind: `{"error": "one line"}`."""

    error: str


class HitOut(_Shape):
    doc_id: str
    title: str
    page: int
    page_end: int
    section: str
    text: str
    score: float


class SearchResponse(_Shape):
    query: str
    hits: list[HitOut]
    synonyms: list[str]


class CitationOut(_Shape):
    number: int
    doc_id: str
    title: str
    page: int
    quote: str


class AnswerResponse(_Shape):
    question: str
    answer: str
    found: bool
    generator: str
    citations: list[CitationOut]
    passages: list[HitOut]


class DocumentOut(_Shape):
    doc_id: str
    title: str | None
    kind: str | None
    date: str | None
    author: str | None
    programme: str | None
    pages: int
    ocr_pages: int
    chunks: int
    duplicate_of: str | None
    empty_pages: dict[int, str] = {}  # page -> why it was stored without text
    corrected: list[str] = []  # metadata fields a user corrected (they survive re-ingest)


class PageInfo(_Shape):
    page: int
    ocr: bool
    chars: int


class DocumentDetail(DocumentOut):
    pages_detail: list[PageInfo]
    meta: dict[str, Any]


class DocumentPatch(BaseModel):
    """A correction of a document's metadata: any of the fields; ``null`` clears one. The correction
    survives re-ingesting the file (as ``beleid documents set``)."""

    model_config = ConfigDict(extra="forbid")  # an unknown field is a 422, never silently ignored

    title: str | None = Field(None, max_length=500)
    kind: str | None = Field(None, max_length=50, description="bv. raadsvoorstel, statenvoorstel, nota, evaluatie")
    date: str | None = Field(None, max_length=50, description="YYYY-MM-DD, YYYY-MM, YYYY of '5 maart 2024'")
    author: str | None = Field(None, max_length=300)
    programme: str | None = Field(None, max_length=200)


class DeletedOut(_Shape):
    """What ``DELETE /api/documents/{id}`` removed: the document as it was, and how many of its
    passages left the search index (``null`` when there is no index)."""

    deleted: DocumentOut
    passages_removed: int | None


class TableOut(_Shape):
    header: list[str | None]
    rows: list[list[str | None]]
    unit: str | None


class PageOut(_Shape):
    doc_id: str
    page: int
    ocr: bool
    text: str
    tables: list[TableOut]


class GoalOut(_Shape):
    id: str
    doc_id: str
    page: int
    level: str
    parent: str | None
    text: str
    deadline: str | None
    target: str | None
    smart: dict[str, bool]
    reasons: dict[str, str]
    evaluation: bool
    evaluation_reason: str
    indicator_ids: list[str]
    budget_ids: list[str]
    owner_ids: list[str]
    programme: str | None
    section: str


class IndicatorOut(_Shape):
    id: str
    doc_id: str
    page: int
    name: str
    goal_id: str | None
    baseline: str | None
    baseline_year: str | None
    targets: dict[str, str]
    source: str | None


class BudgetOut(_Shape):
    id: str
    doc_id: str
    page: int
    item: str
    amount_eur: float
    year: str | None
    goal_id: str | None
    is_total: bool


class OwnerOut(_Shape):
    id: str
    doc_id: str
    page: int
    role: str
    name: str
    programme: str | None


class RegisterResponse(_Shape):
    goals: list[GoalOut]
    indicators: list[IndicatorOut]
    budgets: list[BudgetOut]
    owners: list[OwnerOut]


class ItemOut(_Shape):
    id: str
    doc_id: str
    page: int
    section: str
    year: int | None
    author: str | None
    topic: str
    text: str


class RecommendationOut(ItemOut):
    same_as: str | None


class RecommendationsResponse(_Shape):
    recommendations: list[RecommendationOut]
    findings: list[ItemOut]


class JobOut(_Shape):
    id: str
    kind: str
    status: str
    progress: float
    message: str | None
    params: dict[str, Any]
    result: Any
    error: str | None
    created_at: str | None
    updated_at: str | None
    url: str
    page: str


class JobsResponse(_Shape):
    jobs: list[JobOut]


class ThemeMember(_Shape):
    id: str
    doc_id: str
    year: int | None
    page: int
    text: str
    kind: str


class ThemeOut(_Shape):
    theme: str | None
    theme_key: str | None
    first_year: int | None
    last_year: int | None
    occurrences: int
    documents: int
    span_years: int
    members: list[ThemeMember]


ERRORS = {
    400: "ongeldig verzoek (bv. lege zoekvraag, ongeldige document-id)",
    401: "niet aangemeld: stuur `Authorization: Bearer TOKEN` (alleen als de server een token heeft)",
    403: "geen toegang (bv. een andere Host dan loopback zonder token)",
    404: "niet gevonden (document, pagina of taak)",
    409: "de taak heeft (nog) geen rapport",
    413: "upload te groot",
    415: "geen PDF-bestand",
    422: "ongeldige invoer (parameters)",
    500: "interne fout; de details staan in het serverlog",
    501: "een optioneel pakket ontbreekt; de melding noemt wat te installeren",
    503: "nog niet beschikbaar (bv. nog geen zoekindex)",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text} for code, text in ERRORS.items()}
