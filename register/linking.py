"""Linking indicators and budgets to goals, and ordered lists of goals to their parents.

Scores are IDF-weighted overlaps of normalised content words (spaCy lookup
lemmas, a small concept lexicon, Dutch stems, compounds split on the goals'
vocabulary), so a word that occurs in many goals ("inwoners") counts less than
one that occurs in few ("trots"). An indicator whose target value is the number
a goal states ("6.000" in "Toename van 6.000 m2 ...") is linked to that goal
first; among equal scores the more concrete (deeper) goal wins.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from nl.concepts import content_lemmas, split_compounds
from nl.numberwords import digitise

_LEVEL_DEPTH = {"hoofdopgave": 0, "strategisch": 1, "operationeel": 2}


class GoalIndex:
    def __init__(self, goals):  # goals: objects with .key, .text, .level
        self.goals = list(goals)
        self.words = {g.key: set(content_lemmas(g.text)) for g in self.goals}
        self.vocab = set().union(*self.words.values()) if self.words else set()
        df = Counter(w for ws in self.words.values() for w in ws)
        n = max(1, len(self.goals))
        self.idf = {w: math.log(1 + n / c) for w, c in df.items()}

    def bag(self, text: str) -> set[str]:
        return set(split_compounds(content_lemmas(text), self.vocab))

    def score(self, words: set[str], key) -> float:
        return sum(self.idf.get(w, 0.0) for w in words & self.words[key])

    def best(self, text: str, candidates=None, min_score: float = 0.0):
        words = self.bag(text)
        cands = [g for g in self.goals if candidates is None or g.key in candidates]
        scored = [(self.score(words, g.key), _LEVEL_DEPTH.get(g.level, 0), g) for g in cands]
        scored = [s for s in scored if s[0] > min_score]
        if not scored:
            return None, 0.0
        s, _, g = max(scored, key=lambda x: (round(x[0], 6), x[1]))
        return g, s


def _numbers(text: str) -> set[str]:
    """The numbers a goal states, written-out ones in digits ('alle vijf' -> '5'); no years, no fractions."""
    return {n for n in re.findall(r"\d+/\d+|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", digitise(text))
            if not re.fullmatch(r"(?:19|20)\d\d", n) and "/" not in n}


def _value(cell: str) -> str:
    """A target cell as the number a goal would state: '65%' -> '65', '5.' -> '5'."""
    return cell.strip().rstrip(".").rstrip("%").strip()


def link_indicators(index: GoalIndex, indicators) -> dict[int, object]:
    """indicator position -> goal (or None). Matching stated numbers first, then word overlap."""
    links: dict[int, object] = {}
    numeric_goals = set()
    for i, ind in enumerate(indicators):
        values = {_value(v) for v in ind.targets.values() if v}
        final = [_value(ind.targets[k]) for k in sorted(ind.targets) if ind.targets[k]]
        hits = [g for g in index.goals if final and final[-1] in _numbers(g.text)]
        if not hits:
            hits = [g for g in index.goals if values & _numbers(g.text)]
        if hits:
            words = index.bag(ind.name)
            g = max(hits, key=lambda g: (index.score(words, g.key), _LEVEL_DEPTH.get(g.level, 0)))
            if index.score(words, g.key) > 0:
                links[i] = g
                numeric_goals.add(g.key)
    for i, ind in enumerate(indicators):
        if i in links:
            continue
        words = index.bag(ind.name)
        scored = []
        for g in index.goals:
            s = index.score(words, g.key)
            if g.key in numeric_goals:
                s *= 0.5  # that goal already has the indicator that states its number
            scored.append((s, _LEVEL_DEPTH.get(g.level, 0), g))
        scored = [x for x in scored if x[0] > 0.5]
        links[i] = max(scored, key=lambda x: (round(x[0], 6), x[1]))[2] if scored else None
    return links


def assign_in_order(index: GoalIndex, children, parents) -> list:
    """Parents for an ordered list of children, keeping list order (children of the first parent
    come first) and giving every parent at least one child when there are enough children;
    maximises word overlap. Returns one parent per child."""
    n, m = len(children), len(parents)
    if not n or not m:
        return [None] * n
    bags = [index.bag(c.text) for c in children]
    s = [[index.score(bags[i], p.key) for p in parents] for i in range(n)]
    need_all = n >= m
    NEG = float("-inf")
    # dp[i][j]: best score for the first i children with child i-1 assigned to parent j
    dp = [[NEG] * m for _ in range(n + 1)]
    back = [[-1] * m for _ in range(n + 1)]
    for j in range(m):
        if not need_all or j == 0:
            dp[1][j] = s[0][j]
    for i in range(2, n + 1):
        for j in range(m):
            for k in ([j, j - 1] if need_all else range(j + 1)):
                if 0 <= k and dp[i - 1][k] > NEG and dp[i - 1][k] + s[i - 1][j] > dp[i][j]:
                    dp[i][j] = dp[i - 1][k] + s[i - 1][j]
                    back[i][j] = k
    j = m - 1 if need_all else max(range(m), key=lambda j: dp[n][j])
    if dp[n][j] == NEG:
        return [None] * n
    out = [None] * n
    for i in range(n, 0, -1):
        out[i - 1] = parents[j]
        j = back[i][j]
    return out
