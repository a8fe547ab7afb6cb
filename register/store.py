"""Reading and writing register rows (tables from migration 0002_register.sql)."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

from beleid.store import Store, from_row
from beleid.types import Budget, Goal, Indicator, Owner, OwnerOutcome, OwnerStatus, Register



def _j(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def delete_rows(tx: sqlite3.Connection, doc_id: str) -> None:
    for table in ("register_goals", "register_indicators", "register_budgets", "register_owners",
                  "register_owner_outcomes"):
        tx.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))


# issue 13 (migration 0007): the optional fields travel in a JSON meta column
def _budget_meta(b: Budget) -> str:
    return _j({"kind": b.kind, "as_printed": b.as_printed, "unit": b.unit, "years": b.years, "table": b.table})


def _indicator_meta(i: Indicator) -> str:
    return _j({"unit": i.unit, "baseline_value": i.baseline_value, "target_values": i.target_values,
               "previous": i.previous, "previous_year": i.previous_year, "benchmark": i.benchmark,
               "target_text": i.target_text})


def write_rows(tx: sqlite3.Connection, reg: Register) -> None:
    tx.executemany(
        "INSERT INTO register_goals(id,doc_id,seq,page,level,parent,text,deadline,target,smart,reasons,evaluation,"
        "evaluation_reason,indicator_ids,budget_ids,owner_ids,programme,section) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(g.id, g.doc_id, n, g.page, g.level, g.parent, g.text, g.deadline, g.target, _j(g.smart), _j(g.reasons),
          int(g.evaluation), g.evaluation_reason, _j(list(g.indicator_ids)), _j(list(g.budget_ids)),
          _j(list(g.owner_ids)), g.programme, g.section) for n, g in enumerate(reg.goals)])
    tx.executemany(
        "INSERT INTO register_indicators(id,doc_id,seq,page,name,goal_id,baseline,baseline_year,targets,source,evidence,"
        "programme,meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(i.id, i.doc_id, n, i.page, i.name, i.goal_id, i.baseline, i.baseline_year, _j(i.targets), i.source,
          i.evidence, i.programme, _indicator_meta(i)) for n, i in enumerate(reg.indicators)])
    tx.executemany(
        "INSERT INTO register_budgets(id,doc_id,seq,page,item,amount_eur,year,goal_id,is_total,evidence,programme,meta)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(b.id, b.doc_id, n, b.page, b.item, b.amount_eur, b.year, b.goal_id, int(b.is_total), b.evidence,
          b.programme, _budget_meta(b)) for n, b in enumerate(reg.budgets)])
    tx.executemany(
        "INSERT INTO register_owners(id,doc_id,seq,page,role,name,programme,evidence,meta) VALUES (?,?,?,?,?,?,?,?,?)",
        [(o.id, o.doc_id, n, o.page, o.role, o.name, o.programme, o.evidence, _j({"title": o.title}))
         for n, o in enumerate(reg.owners)])
    tx.executemany(
        "INSERT INTO register_owner_outcomes(doc_id,seq,programme,status,reason,page) VALUES (?,?,?,?,?,?)",
        [(o.doc_id, n, o.programme, o.status.value, o.reason, o.page) for n, o in enumerate(reg.owner_outcomes)])


def _where(doc_id: str | None, programme: str | None, alias: str = "") -> tuple[str, list]:
    clauses, args = [], []
    if doc_id:
        clauses.append("doc_id=?")
        args.append(doc_id)
    if programme:
        clauses.append("doc_id IN (SELECT doc_id FROM documents WHERE lower(coalesce(programme,'')) LIKE ?)")
        args.append(f"%{programme.lower()}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def load(store: Store, doc_id: str | None = None, programme: str | None = None) -> Register:
    """The stored register, optionally for one document or programme (substring, case-insensitive)."""
    where, args = _where(doc_id, programme)
    c = store.conn
    goals = [from_row(Goal, r, json_fields=("smart", "reasons", "indicator_ids", "budget_ids", "owner_ids"),
                      tuples=("indicator_ids", "budget_ids", "owner_ids"), bools=("evaluation",))
             for r in c.execute(f"SELECT * FROM register_goals{where} ORDER BY doc_id, seq", args)]
    inds = [_with_meta(from_row(Indicator, r, json_fields=("targets",)), r)
            for r in c.execute(f"SELECT * FROM register_indicators{where} ORDER BY doc_id, seq", args)]
    buds = [_with_meta(from_row(Budget, r, bools=("is_total",)), r)
            for r in c.execute(f"SELECT * FROM register_budgets{where} ORDER BY doc_id, seq", args)]
    owners = [_with_meta(from_row(Owner, r), r)
              for r in c.execute(f"SELECT * FROM register_owners{where} ORDER BY doc_id, seq", args)]
    outcomes = [OwnerOutcome(r["doc_id"], r["programme"], OwnerStatus(r["status"]), r["reason"], r["page"])
                for r in c.execute(f"SELECT * FROM register_owner_outcomes{where} ORDER BY doc_id, seq", args)]
    return Register(goals, inds, buds, owners, outcomes)


def _with_meta(obj, row):
    """The issue-13 fields kept in the row's JSON ``meta`` column (migration 0007), by field name."""
    meta = json.loads(row["meta"] or "{}") if "meta" in row.keys() else {}
    names = {f.name for f in dataclasses.fields(obj)}
    return dataclasses.replace(obj, **{k: v for k, v in meta.items() if k in names and v is not None})
