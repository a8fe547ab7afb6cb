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

from beleid.types import Register


LETTERS = ("S", "M", "A", "R", "T")


def to_json(reg: Register) -> dict:
    return {
        "goals": [{"id": g.id, "doc_id": g.doc_id, "page": g.page, "level": g.level, "parent": g.parent,
                   "text": g.text, "deadline": g.deadline, "target": g.target, "smart": dict(g.smart),
                   "reasons": dict(g.reasons), "evaluation": g.evaluation, "evaluation_reason": g.evaluation_reason,
                   "indicator_ids": list(g.indicator_ids), "budget_ids": list(g.budget_ids),
                   "owner_ids": list(g.owner_ids), "programme": g.programme, "section": g.section}
                  for g in reg.goals],
        "indicators": [{"id": i.id, "doc_id": i.doc_id, "page": i.page, "name": i.name, "goal_id": i.goal_id,
                        "baseline": i.baseline, "baseline_year": i.baseline_year, "targets": dict(i.targets),
                        "source": i.source} for i in reg.indicators],
        "budgets": [{"id": b.id, "doc_id": b.doc_id, "page": b.page, "item": b.item, "amount_eur": b.amount_eur,
                     "year": b.year, "goal_id": b.goal_id, "is_total": b.is_total} for b in reg.budgets],
        "owners": [{"id": o.id, "doc_id": o.doc_id, "page": o.page, "role": o.role, "name": o.name,
                    "programme": o.programme} for o in reg.owners],
    }


def _yn(v: bool) -> str:
    return "ja" if v else "nee"


def sheets(reg: Register) -> dict[str, tuple[list[str], list[list]]]:
    """Entity name -> (header, rows), shared by csv and xlsx."""
    years = sorted({y for i in reg.indicators for y in i.targets})
    return {
        "Doelen": (["id", "doc_id", "pagina", "niveau", "bovenliggend doel", "tekst", "termijn", "streefwaarde",
                    *LETTERS, "evaluatie", "redenen", "indicatoren", "budgetten", "eigenaren"],
                   [[g.id, g.doc_id, g.page, g.level, g.parent or "", g.text, g.deadline or "", g.target or "",
                     *[_yn(g.smart.get(k, False)) for k in LETTERS], _yn(g.evaluation),
                     "; ".join([g.reasons[k] for k in LETTERS if not g.smart.get(k) and k in g.reasons]
                               + ([g.evaluation_reason] if not g.evaluation else [])),
                     ", ".join(g.indicator_ids), ", ".join(g.budget_ids), ", ".join(g.owner_ids)]
                    for g in reg.goals]),
        "Indicatoren": (["id", "doc_id", "pagina", "naam", "doel", "peilwaarde", "peiljaar", *years, "bron"],
                        [[i.id, i.doc_id, i.page, i.name, i.goal_id or "", i.baseline or "", i.baseline_year or "",
                          *[i.targets.get(y, "") for y in years], i.source or ""] for i in reg.indicators]),
        "Budgetten": (["id", "doc_id", "pagina", "post", "bedrag (EUR)", "jaar", "doel", "totaal"],
                      [[b.id, b.doc_id, b.page, b.item, b.amount_eur, b.year or "", b.goal_id or "", _yn(b.is_total)]
                       for b in reg.budgets]),
        "Eigenaren": (["id", "doc_id", "pagina", "rol", "naam", "programma"],
                      [[o.id, o.doc_id, o.page, o.role, o.name, o.programme or ""] for o in reg.owners]),
    }


def write_json(reg: Register, path: str | Path | None) -> str:
    text = json.dumps(to_json(reg), ensure_ascii=False, indent=2)
    if path:
        Path(path).write_text(text, encoding="utf-8")
    return text


def write_csv(reg: Register, path: str | Path) -> list[Path]:
    """One CSV per entity: FILE becomes FILE-doelen.csv, FILE-indicatoren.csv, ... (or a .zip of them)."""
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
            ws.append(row)
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
