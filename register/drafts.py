"""The budget line as the register stage drafts it, before it becomes a typed
:class:`beleid.types.Budget`: one shape for lines from budget-cycle tables
(:mod:`register.bbv`), other money tables and budget sentences (:mod:`register.budgets`)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BudgetDraft:
    item: str
    amount_eur: float
    year: str | None
    page: int
    is_total: bool = False
    evidence: str = ""
    kind: str | None = None
    as_printed: str | None = None
    unit: float = 1.0
    years: dict[str, float] = field(default_factory=dict)
    table: str = ""
    programme: str | None = None
    unit_stated: bool = False  # a unit was printed with this (flattened) table
    run: int = 0  # which flattened table of its block (0, 1, ...)
