"""One document's blocks and tables in, its goal register out (pure; no store)."""
from __future__ import annotations

import re
from beleid.types import Block, Budget, Goal, Indicator, Owner, Register, Table

from .budgets import find_budgets
from .goals import LEVELS, deadline_of, find_goals, target_of
from .indicators import find_indicators
from .linking import GoalIndex, assign_in_order, link_indicators
from .owners import find_owners
from .segment import pieces
from .smart import assess

_CAPACITY = re.compile(r"\b\d+(?:,\d+)?\s*(?:fte|uur per week|uren per week)\b|benodigde capaciteit|capaciteit\s*:", re.I)
BUDGET_LINK_MIN = 2.5  # idf-weighted overlap needed to tie a budget line to one goal


def extract_register(doc_id: str, blocks: list[Block], tables: list[Table], programme: str | None = None) -> Register:
    blocks = sorted(blocks, key=lambda b: (b.page, b.order))
    tables = sorted(tables, key=lambda t: (t.page, t.index))
    texts = [(b.page, b.text) for b in blocks if b.kind != "table"]

    drafts = find_goals(pieces(blocks))
    index = GoalIndex(drafts)
    # goals listed without their parent: order-preserving assignment by word overlap
    for level in ("strategisch", "operationeel"):
        orphans = [g for g in drafts if g.level == level and g.parent is None]
        higher = LEVELS[LEVELS.index(level) - 1]
        parents = [g for g in drafts if g.level == higher]
        if not parents and level == "operationeel":
            parents = [g for g in drafts if g.level == "hoofdopgave"]
        for child, parent in zip(orphans, assign_in_order(index, orphans, parents)):
            if parent is not None:
                child.parent = parent.key

    order = sorted(drafts, key=lambda g: g.key)
    gid = {g.key: f"{doc_id}:g{n + 1}" for n, g in enumerate(order)}

    ind_drafts = find_indicators(tables, texts)
    ind_links = link_indicators(index, ind_drafts)
    indicators = [Indicator(f"{doc_id}:i{n + 1}", doc_id, d.page, d.name,
                            gid[ind_links[n].key] if ind_links.get(n) is not None else None,
                            d.baseline, d.baseline_year, dict(d.targets), d.source, d.evidence)
                  for n, d in enumerate(ind_drafts)]

    budgets = []
    for n, d in enumerate(find_budgets(tables, blocks)):
        goal, score = index.best(d.item, min_score=BUDGET_LINK_MIN) if drafts and not d.is_total else (None, 0.0)
        budgets.append(Budget(f"{doc_id}:b{n + 1}", doc_id, d.page, d.item, d.amount_eur, d.year,
                              gid[goal.key] if goal is not None else None, d.is_total, d.evidence))

    owners = [Owner(f"{doc_id}:o{n + 1}", doc_id, d.page, d.role, d.name, programme, d.evidence)
              for n, d in enumerate(find_owners(texts))]
    has_capacity = any(_CAPACITY.search(t) for _, t in texts)

    goals = []
    for g in order:
        my_inds = [i for i in indicators if i.goal_id == gid[g.key]]
        my_budgets = [b for b in budgets if b.goal_id == gid[g.key]]
        smart, reasons, evaluation, eval_reason = assess(
            g.text, my_inds, has_owner=bool(owners), has_money=bool(budgets) or has_capacity)
        goals.append(Goal(
            id=gid[g.key], doc_id=doc_id, page=g.page, level=g.level,
            parent=gid[g.parent] if g.parent is not None else None, text=g.text,
            deadline=deadline_of(g.text), target=target_of(g.text), smart=smart, reasons=reasons,
            evaluation=evaluation, evaluation_reason=eval_reason,
            indicator_ids=tuple(i.id for i in my_inds), budget_ids=tuple(b.id for b in my_budgets),
            owner_ids=tuple(o.id for o in owners), programme=programme, section=g.section))
    return Register(goals, indicators, budgets, owners)
