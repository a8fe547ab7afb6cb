"""One document's blocks and tables in, its goal register out (pure; no store)."""
from __future__ import annotations

import re
from beleid.types import Block, Budget, Goal, Indicator, Owner, Register, Table

from .budgets import find_budgets
from .goal_model import GoalModel, select_goals, shipped_model
from .goals import LEVELS, deadline_of, find_goals, target_of
from .indicators import find_indicators
from .linking import GoalIndex, assign_in_order, link_indicators
from .owners import OwnerStatus, find_owner_statements, find_owners, merge_owners, owner_outcomes
from .programmes import ProgrammeMap
from .smart import SModel
from .segment import pieces
from .smart import assess, goals_monitoring

_CAPACITY = re.compile(r"\b\d+(?:,\d+)?\s*(?:fte|uur per week|uren per week)\b|benodigde capaciteit|capaciteit\s*:", re.I)
RESULT_LINK_MIN = 1.0  # idf-weighted overlap needed to tie a result to a goal of its programme
_RESULTS = re.compile(r"\bresulta(?:at|ten)\b", re.I)
BUDGET_LINK_MIN = 2.5  # idf-weighted overlap needed to tie a budget line to one goal


_SHIPPED = object()
# a chapter of a budget that holds several programmes: "P5 Sport, cultuur en recreatie", "Programma 3 Wonen"
_PROGRAMME_HEADING = re.compile(r"^(?:P\d{1,2}|Programma\s+\d{1,2}|\d{1,2}\.?\s+Programma)\b[\s:.-]*[A-ZÀ-Ý]")
_RESULTS_YEAR = re.compile(r"\bresulta(?:at|ten)\b[^\n]{0,30}?\b(20\d\d)\b|\b(20\d\d)\b[^\n]{0,30}?\bresulta(?:at|ten)\b", re.I)


def heading_year(section: str) -> str | None:
    """The year of a list of results named in its heading ("Belangrijkste resultaten 2021" -> "2021")."""
    m = _RESULTS_YEAR.search(section or "")
    return (m.group(1) or m.group(2)) if m else None


def programme_chapters(blocks: list[Block]):
    """page -> programme chapter, where a document (a programmabegroting) holds several programme chapters; an
    owner named in one programme is no owner of another's goals. One chapter (0) otherwise."""
    starts = sorted({b.page for b in blocks if b.kind == "heading" and _PROGRAMME_HEADING.match(b.text.strip())})
    if len(starts) < 2:
        return lambda page: 0
    return lambda page: sum(1 for s in starts if s <= page)


_LABEL = re.compile(r"^[A-ZÀ-Ý][\w’'\-/]*(?:\s+[\w’'\-/]+){0,3}$")


def with_run_in_labels(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A short label on its own line ("Ambtelijk opdrachtgever") read together with the paragraph under it, as
    the fields it names ("... Said Benayad is ambtelijk opdrachtgever.") are written there."""
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for page, text in texts:
        t = " ".join(text.split())
        if pending is not None:
            if pending[0] == page:
                out[-1] = (page, pending[1] + " " + t)
                pending = (page, out[-1][1]) if _LABEL.match(t) else None
                continue
            pending = None
        out.append((page, t))
        if _LABEL.match(t):
            pending = (page, t)
    return out


def extract_register(doc_id: str, blocks: list[Block], tables: list[Table], programme: str | None = None,
                     goal_model: GoalModel | None | object = _SHIPPED, s_model: SModel | None | object = _SHIPPED,
                     embed=None) -> Register:
    """``goal_model``: the learned goal detector (default: the shipped one; None: the goal rules alone).
    ``s_model``: the learned S judgement (default: the shipped one; None: the S rule alone)."""
    blocks = sorted(blocks, key=lambda b: (b.page, b.order))
    tables = sorted(tables, key=lambda t: (t.page, t.index))
    texts = [(b.page, b.text) for b in blocks if b.kind != "table"]

    pcs = pieces(blocks)
    drafts = select_goals(pcs, find_goals(pcs), shipped_model() if goal_model is _SHIPPED else goal_model, embed=embed)
    index = GoalIndex(drafts)
    chapter_of = programme_chapters(blocks)
    # goals listed without their parent, within one programme chapter: a list of results per taakveld follows
    # no order of the goals, so each takes the goal it shares most words with (if any); other lists keep their
    # order (order-preserving assignment by word overlap)
    for level in ("strategisch", "operationeel"):
        higher = LEVELS[LEVELS.index(level) - 1]
        for chapter in sorted({chapter_of(g.page) for g in drafts}):
            mine = [g for g in drafts if chapter_of(g.page) == chapter]
            orphans = [g for g in mine if g.level == level and g.parent is None]
            parents = [g for g in mine if g.level == higher]
            if not parents and level == "operationeel":
                parents = [g for g in mine if g.level == "hoofdopgave"]
            if not orphans or not parents:
                continue
            results = [g for g in orphans if heading_year(g.section) or _RESULTS.search(g.section or "")]
            for child in results:
                best, _ = index.best(child.text, candidates={p.key for p in parents}, min_score=RESULT_LINK_MIN)
                child.parent = best.key if best is not None else None
            listed = [g for g in orphans if g not in results]
            for child, parent in zip(listed, assign_in_order(index, listed, parents)):
                if parent is not None:
                    child.parent = parent.key

    order = sorted(drafts, key=lambda g: g.key)
    gid = {g.key: f"{doc_id}:g{n + 1}" for n, g in enumerate(order)}

    ind_drafts = find_indicators(tables, [(b.page, b.text, b.section) for b in blocks if b.kind != "table"],
                                 ProgrammeMap.from_blocks(blocks, programme))
    ind_links = link_indicators(index, ind_drafts)
    indicators = [Indicator(f"{doc_id}:i{n + 1}", doc_id, d.page, d.name,
                            gid[ind_links[n].key] if ind_links.get(n) is not None else None,
                            d.baseline, d.baseline_year, dict(d.targets), d.source, d.evidence,
                            # issue 13 fields (register/indicators.py)
                            programme=d.programme, unit=d.unit, baseline_value=d.baseline_value,
                            target_values=d.target_values, previous=d.previous, previous_year=d.previous_year,
                            benchmark=d.benchmark, target_text=d.target_text)
                  for n, d in enumerate(ind_drafts)]

    budgets = []
    for n, d in enumerate(find_budgets(tables, blocks, programme)):
        # a BBV taakveld line is tied by the document to its taakveld, which several goals share: no single goal
        tied = drafts and not d.is_total and d.kind not in ("baten", "lasten", "saldo", "reserves", "resultaat")
        goal, score = index.best(d.item, min_score=BUDGET_LINK_MIN) if tied else (None, 0.0)
        budgets.append(Budget(f"{doc_id}:b{n + 1}", doc_id, d.page, d.item, d.amount_eur, d.year,
                              gid[goal.key] if goal is not None else None, d.is_total, d.evidence,
                              # issue 13 fields (register/bbv.py)
                              programme=d.programme, kind=d.kind, as_printed=d.as_printed, unit=d.unit,
                              years=dict(d.years), table=d.table))

    # issue 13: owners from role labels and from sentences; per programme of a multi-programme
    # budget; an explicit outcome where none is named (register/owners.py)
    pmap = ProgrammeMap.from_blocks(blocks, programme)
    labelled = with_run_in_labels(texts)
    owners = [Owner(f"{doc_id}:o{n + 1}", doc_id, d.page, d.role, d.name, pmap.at(d.page) or programme, d.evidence,
                    title=d.title)
              for n, d in enumerate(merge_owners(find_owners(labelled), find_owner_statements(labelled)))]
    programmes = list(dict.fromkeys(n for n in pmap.names if n)) or [programme]
    outcomes = owner_outcomes(doc_id, owners, texts + [(t.page, t.as_text()) for t in tables], programmes, pmap.at)
    has_capacity = any(_CAPACITY.search(t) for _, t in texts)

    monitored = {}  # programme chapter -> the sentence that says how its goals are monitored
    for chapter in {chapter_of(g.page) for g in order}:
        monitored[chapter] = goals_monitoring([t for p, t in texts if chapter_of(p) == chapter])
    goals = []
    for g in order:
        my_inds = [i for i in indicators if i.goal_id == gid[g.key]]
        my_budgets = [b for b in budgets if b.goal_id == gid[g.key]]
        g_prog = pmap.at(g.page) if pmap.has_chapters else programme
        my_owners = ([o for o in owners if o.programme in (None, g_prog)] if pmap.has_chapters
                     else [o for o in owners if chapter_of(o.page) == chapter_of(g.page)])
        deadline = deadline_of(g.text) or heading_year(g.section)
        smart, reasons, evaluation, eval_reason = assess(
            g.text, my_inds, has_owner=bool(my_owners), has_money=bool(budgets) or has_capacity, deadline=deadline,
            level=g.level, **({} if s_model is _SHIPPED else {"s_model": s_model}))
        if not evaluation and monitored.get(chapter_of(g.page)):
            evaluation, eval_reason = True, f"monitoring van de doelen: {monitored[chapter_of(g.page)]}"
        none = next((o for o in outcomes if o.status is OwnerStatus.NONE_NAMED and o.programme in (g_prog, None)), None)
        if not my_owners and none is not None:
            reasons = {**reasons, "A": "A ontbreekt: " + none.reason}
        goals.append(Goal(
            id=gid[g.key], doc_id=doc_id, page=g.page, level=g.level,
            parent=gid[g.parent] if g.parent is not None else None, text=g.text,
            deadline=deadline, target=target_of(g.text), smart=smart, reasons=reasons,
            evaluation=evaluation, evaluation_reason=eval_reason,
            indicator_ids=tuple(i.id for i in my_inds), budget_ids=tuple(b.id for b in my_budgets),
            owner_ids=tuple(o.id for o in my_owners), programme=g_prog or programme, section=g.section))
    return Register(goals, indicators, budgets, owners, outcomes)
