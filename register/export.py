"""Exports of the register: JSON (the issue's shape), CSV (one file per entity) and xlsx.

The xlsx has one sheet per entity (Doelen, Indicatoren, Budgetten, Eigenaren),
each with an autofilter and frozen header; SMART and evaluation cells are
coloured green (ja) or red (nee) so a controller sees at once what cannot be checked.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from beleid.errors import NotFoundError
from beleid.types import Register


_NUMERIC_SHEETS = ("Indicatoren", "Budgetten")  # empty numeric cells stay empty (None), not ""

LETTERS = ("S", "M", "A", "R", "T")


def to_json(reg: Register) -> dict:
    """The register as JSON; keys are the dataclasses' field names (readers rebuild them with **)."""
    return {
        "goals": [{"id": g.id, "doc_id": g.doc_id, "page": g.page, "level": g.level, "parent": g.parent,
                   "text": g.text, "deadline": g.deadline, "target": g.target, "smart": dict(g.smart),
                   "reasons": dict(g.reasons), "evaluation": g.evaluation, "evaluation_reason": g.evaluation_reason,
                   "indicator_ids": list(g.indicator_ids), "budget_ids": list(g.budget_ids),
                   "owner_ids": list(g.owner_ids), "programme": g.programme, "section": g.section}
                  for g in reg.goals],
        "indicators": [{"id": i.id, "doc_id": i.doc_id, "page": i.page, "name": i.name, "goal_id": i.goal_id,
                        "baseline": i.baseline, "baseline_year": i.baseline_year, "targets": dict(i.targets),
                        "source": i.source, "programme": i.programme, "unit": i.unit,
                        "baseline_value": i.baseline_value, "target_values": dict(i.target_values),
                        "previous": i.previous, "previous_year": i.previous_year, "benchmark": i.benchmark,
                        "target_text": i.target_text} for i in reg.indicators],
        "budgets": [{"id": b.id, "doc_id": b.doc_id, "page": b.page, "item": b.item, "amount_eur": b.amount_eur,
                     "year": b.year, "goal_id": b.goal_id, "is_total": b.is_total, "programme": b.programme,
                     "kind": b.kind, "as_printed": b.as_printed, "unit": b.unit, "years": dict(b.years),
                     "table": b.table} for b in reg.budgets],
        "owners": [{"id": o.id, "doc_id": o.doc_id, "page": o.page, "role": o.role, "name": o.name,
                    "programme": o.programme, "title": o.title} for o in reg.owners],
        "owner_outcomes": [{"doc_id": o.doc_id, "programme": o.programme, "status": o.status.value,
                            "reason": o.reason} for o in getattr(reg, "owner_outcomes", [])],
    }


def _yn(v: bool) -> str:
    return "ja" if v else "nee"


def check_not_empty(reg: Register, what: str = "") -> None:
    """An export of an empty register is refused with a one-line reason instead of a file with
    only headers (a controller would read that as "nothing to check")."""
    if not (reg.goals or reg.indicators or reg.budgets or reg.owners):
        raise NotFoundError("het doelenregister is leeg" + (f" voor {what}" if what else "")
                            + ": geen doelen, indicatoren, budgetten of eigenaren gevonden; "
                              "ingest eerst documenten of kies een ander programma/document")


def sheets(reg: Register) -> dict[str, tuple[list[str], list[list]]]:
    """Entity name -> (header, rows), shared by csv and xlsx.

    Numbers are numbers: amounts in euros after the table unit is applied, indicator values
    parsed (the printed text stays in its own column). Every sheet has a programme column;
    a sheet that refers to goals by id also gives the goal's text."""
    goal_text = {g.id: g.text for g in reg.goals}
    goal_prog = {g.id: g.programme for g in reg.goals}
    years = sorted({y for i in reg.indicators for y in i.targets})
    byears = sorted({y for b in reg.budgets for y in b.years})
    out = {
        "Doelen": (["id", "doc_id", "pagina", "programma", "niveau", "bovenliggend doel", "tekst bovenliggend doel",
                    "tekst", "termijn", "streefwaarde", *LETTERS, "evaluatie", "redenen", "indicatoren",
                    "budgetten", "eigenaren"],
                   [[g.id, g.doc_id, g.page, g.programme or "", g.level, g.parent or "",
                     goal_text.get(g.parent, "") if g.parent else "", g.text, g.deadline or "", g.target or "",
                     *[_yn(g.smart.get(k, False)) for k in LETTERS], _yn(g.evaluation),
                     "; ".join([g.reasons[k] for k in LETTERS if not g.smart.get(k) and k in g.reasons]
                               + ([g.evaluation_reason] if not g.evaluation else [])),
                     ", ".join(g.indicator_ids), ", ".join(g.budget_ids), ", ".join(g.owner_ids)]
                    for g in reg.goals]),
        "Indicatoren": (["id", "doc_id", "pagina", "programma", "naam", "doel", "doeltekst", "eenheid",
                         "peilwaarde (zoals gedrukt)", "peilwaarde", "peiljaar",
                         *[f"streefwaarde {y} (zoals gedrukt)" for y in years], *[f"streefwaarde {y}" for y in years],
                         "vorige realisatie", "landelijk/vergelijking", "streefwaarde in tekst", "bron"],
                        [[i.id, i.doc_id, i.page, i.programme or goal_prog.get(i.goal_id) or "", i.name,
                          i.goal_id or "", goal_text.get(i.goal_id, "") if i.goal_id else "", i.unit or "",
                          i.baseline or "", i.baseline_value, _int_or_none(i.baseline_year),
                          *[i.targets.get(y, "") for y in years], *[i.target_values.get(y) for y in years],
                          i.previous or "", i.benchmark or "", i.target_text or "", i.source or ""]
                         for i in reg.indicators]),
        "Budgetten": (["id", "doc_id", "pagina", "programma", "post", "soort", "bedrag (EUR)", "jaar", "totaal",
                       "zoals gedrukt", "eenheid (x)", *[f"{y} (EUR)" for y in byears], "tabel", "doel", "doeltekst"],
                      [[b.id, b.doc_id, b.page, b.programme or goal_prog.get(b.goal_id) or "", b.item, b.kind or "",
                        b.amount_eur, _int_or_none(b.year) if b.year else "", _yn(b.is_total), b.as_printed or "",
                        b.unit, *[b.years.get(y) for y in byears], b.table, b.goal_id or "",
                        goal_text.get(b.goal_id, "") if b.goal_id else ""]
                       for b in reg.budgets]),
        "Eigenaren": (["id", "doc_id", "pagina", "programma", "rol", "naam", "functie"],
                      [[o.id, o.doc_id, o.page, o.programme or "", o.role, o.name, o.title or ""]
                       for o in reg.owners]),
    }
    outcomes = getattr(reg, "owner_outcomes", [])
    if outcomes:
        out["Eigenaarschap"] = (["doc_id", "programma", "eigenaar genoemd", "toelichting"],
                                [[o.doc_id, o.programme or "", _yn(o.status.value == "named"), o.reason]
                                 for o in outcomes])
    return out


def _int_or_none(v):
    """'2021' -> 2021 (a year a spreadsheet can filter on); other text stays as printed."""
    if v is None:
        return None
    s = str(v).strip()
    return int(s) if s.isdigit() else s


def write_json(reg: Register, path: str | Path | None) -> str:
    check_not_empty(reg)
    text = json.dumps(to_json(reg), ensure_ascii=False, indent=2)
    if path:
        Path(path).write_text(text, encoding="utf-8")
    return text


def write_csv(reg: Register, path: str | Path) -> list[Path]:
    """One CSV per entity: FILE becomes FILE-doelen.csv, FILE-indicatoren.csv, ... (or a .zip of them)."""
    check_not_empty(reg)
    path = Path(path)
    outs = []
    data = sheets(reg)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as z:
            for name, (header, rows) in data.items():
                buf = io.StringIO()
                w = csv.writer(buf)
                w.writerow(header)
                w.writerows(rows)
                z.writestr(f"{name.lower()}.csv", buf.getvalue())
        return [path]
    stem = path.with_suffix("")
    for name, (header, rows) in data.items():
        p = stem.parent / f"{stem.name}-{name.lower()}.csv"
        with p.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        outs.append(p)
    return outs


def write_xlsx(reg: Register, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    check_not_empty(reg)
    green = PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE")
    red = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in sheets(reg).items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows:
            ws.append(["" if v is None else v for v in row] if name not in _NUMERIC_SHEETS else row)
        flag_cols = [i + 1 for i, h in enumerate(header) if h in (*LETTERS, "evaluatie")]
        for r in range(2, ws.max_row + 1):
            for c in flag_cols:
                cell = ws.cell(row=r, column=c)
                cell.fill = green if cell.value == "ja" else red
        ws.auto_filter.ref = ws.dimensions
        ws.freeze_panes = "A2"
        for i, h in enumerate(header, start=1):
            width = max([len(str(h))] + [len(str(row[i - 1])) for row in rows[:200]]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(6, width))
    wb.save(path)
    return Path(path)
