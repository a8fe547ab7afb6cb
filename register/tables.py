"""Table headers as the register needs them.

Ingest may take a caption printed just above a ruled table for its header row
("Beleidsindicatoren", "Bedragen x € 1.000" over the columns): a header with at
most one filled cell over a first row that names every column. Then the first
row is the header, and a caption that states a unit becomes the table's unit.
"""
from __future__ import annotations

import dataclasses

from beleid.types import Table

from nl.amounts import has_unit, parse_number


def _is_caption(header: tuple[str, ...]) -> bool:
    return len(header) >= 2 and sum(1 for h in header if h.strip()) <= 1


def _names_columns(row: tuple[str, ...]) -> bool:
    filled = [c for c in row if c.strip()]
    return len(filled) >= max(2, len(row) - 1) and sum(1 for c in filled if parse_number(c) is not None) <= 1


def normalise(t: Table) -> Table:
    """``t`` with a caption header replaced by the row that names the columns."""
    if not (_is_caption(t.header) and t.rows and _names_columns(t.rows[0])):
        return t
    caption = " ".join(h.strip() for h in t.header if h.strip())
    unit = t.unit if has_unit(t.unit) else (caption if has_unit(caption) else t.unit)
    return dataclasses.replace(t, header=tuple(t.rows[0]), rows=tuple(t.rows[1:]), unit=unit)
