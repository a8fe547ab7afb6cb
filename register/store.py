"""Reading and writing register rows (tables from migration 0002_register.sql)."""
from __future__ import annotations

import json
import sqlite3

from beleid.store import Store, from_row
from beleid.types import Budget, Goal, Indicator, Owner, Register



def _j(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def delete_rows(tx: sqlite3.Connection, doc_id: str) -> None:
    for table in ("register_goals", "register_indicators", "register_budgets", "register_owners"):
        tx.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))


def write_rows(tx: sqlite3.Connection, reg: Register) -> None:
    tx.executemany(
        "INSERT INTO register_goals(id,doc_id,seq,page,level,parent,text,deadline,target,smart,reasons,evaluation,"
        "evaluation_reason,indicator_ids,budget_ids,owner_ids,programme,section) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(g.id, g.doc_id, n, g.page, g.level, g.parent, g.text, g.deadline, g.target, _j(g.smart), _j(g.reasons),
          int(g.evaluation), g.evaluation_reason, _j(list(g.indicator_ids)), _j(list(g.budget_ids)),
          _j(list(g.owner_ids)), g.programme, g.section) for n, g in enumerate(reg.goals)])
    tx.executemany(
        "INSERT INTO register_indicators(id,doc_id,seq,page,name,goal_id,baseline,baseline_year,targets,source,evidence)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(i.id, i.doc_id, n, i.page, i.name, i.goal_id, i.baseline, i.baseline_year, _j(i.targets), i.source,
          i.evidence) for n, i in enumerate(reg.indicators)])
    tx.executemany(
        "INSERT INTO register_budgets(id,doc_id,seq,page,item,amount_eur,year,goal_id,is_total,evidence)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(b.id, b.doc_id, n, b.page, b.item, b.amount_eur, b.year, b.goal_id, int(b.is_total), b.evidence)
         for n, b in enumerate(reg.budgets)])
    tx.executemany(
        "INSERT INTO register_owners(id,doc_id,seq,page,role,name,programme,evidence) VALUES (?,?,?,?,?,?,?,?)",
        [(o.id, o.doc_id, n, o.page, o.role, o.name, o.programme, o.evidence) for n, o in enumerate(reg.owners)])


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
    inds = [from_row(Indicator, r, json_fields=("targets",))
            for r in c.execute(f"SELECT * FROM register_indicators{where} ORDER BY doc_id, seq", args)]
    buds = [from_row(Budget, r, bools=("is_total",))
            for r in c.execute(f"SELECT * FROM register_budgets{where} ORDER BY doc_id, seq", args)]
    owners = [from_row(Owner, r) for r in c.execute(f"SELECT * FROM register_owners{where} ORDER BY doc_id, seq", args)]
    return Register(goals, inds, buds, owners)
