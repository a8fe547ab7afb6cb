"""Recurring findings: group findings and recommendations of different
evaluations and years that express the same issue.

Two complementary methods:

* the theme lexicon of :mod:`recommendations.themes` (the issues evaluations of
  Dutch municipalities keep reporting): every item joins the group of each
  theme it expresses (multi-label), labelled with the Dutch theme name. This
  is what connects "te weinig mankracht" (2018) with "chronische onderbezetting
  op beleidsfuncties" (2024), which the (English) embedding model misses;
* items no theme covers are compared with a blend of embedding cosine and
  TF-IDF cosine and grouped by average-linkage agglomerative clustering cut at
  a distance threshold; such a group's label is its most specific shared words.

Members are listed in time order.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .similarity import similarity_matrix
from .text import TermWeights, content_words, stem, GENERIC
from .themes import BY_KEY, themes_of

THRESHOLD = 0.32  # blended similarity at which items share a theme (average linkage)


@dataclass
class Theme:
    theme: str
    members: list  # Recommendation | Finding, time ordered
    key: str | None = None  # theme-lexicon key; None for a similarity cluster
    scores: dict = field(default_factory=dict)  # member id -> theme score (lexicon themes)

    @property
    def years(self) -> list[int]:
        return sorted({m.year for m in self.members if m.year is not None})

    @property
    def first_year(self):
        return self.years[0] if self.years else None

    @property
    def last_year(self):
        return self.years[-1] if self.years else None

    def recurs(self, kinds: dict[str, str]) -> bool:
        """Spans two or more years, or two or more evaluations."""
        evaluations = {m.doc_id for m in self.members if kinds.get(m.doc_id) == "evaluatie"}
        return len(self.years) >= 2 or len(evaluations) >= 2

    def to_json(self) -> dict:
        return {"theme": self.theme, "theme_key": self.key, "first_year": self.first_year, "last_year": self.last_year,
                "occurrences": len(self.members), "documents": len({m.doc_id for m in self.members}),
                "span_years": (self.last_year - self.first_year) if self.years else 0,
                "members": [{"id": m.id, "doc_id": m.doc_id, "year": m.year, "page": m.page, "text": m.text,
                             "kind": "recommendation" if m.id.split(":")[-1].startswith("r") else "finding"}
                            for m in self.members]}


def _label(members, weights: TermWeights, k: int = 3) -> str:
    tf: Counter[str] = Counter()
    surface: dict[str, str] = {}
    docs_per: dict[str, set] = {}
    for m in members:
        seen = set()
        for w in content_words(m.text):
            if w in GENERIC or len(w) < 4:
                continue
            s = stem(w)
            if s not in seen:
                tf[s] += 1
                seen.add(s)
                docs_per.setdefault(s, set()).add(m.doc_id)
            if s not in surface or len(w) < len(surface[s]):
                surface[s] = w
    ranked = sorted(tf, key=lambda s: (-(tf[s] * len(docs_per[s]) * weights.idf(s)), s))
    return " ".join(surface[s] for s in ranked[:k])


def cluster(items: list, embedder, threshold: float = THRESHOLD) -> list[Theme]:
    if not items:
        return []
    texts = [m.text for m in items]
    if len(items) == 1:
        groups = [[0]]
    else:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        sim = similarity_matrix(texts, texts, embedder)
        sim = (sim + sim.T) / 2
        dist = 1.0 - sim
        np.fill_diagonal(dist, 0.0)
        dist = np.clip(dist, 0.0, None)
        z = linkage(squareform(dist, checks=False), method="average")
        labels = fcluster(z, t=1.0 - threshold, criterion="distance")
        by: dict[int, list[int]] = {}
        for i, lab in enumerate(labels):
            by.setdefault(int(lab), []).append(i)
        groups = list(by.values())
    weights = TermWeights(texts)
    themes = []
    for g in groups:
        members = sorted((items[i] for i in g), key=lambda m: (m.year or 0, m.doc_id, m.page))
        themes.append(Theme(_label(members, weights), members))
    themes.sort(key=lambda t: (-len({m.doc_id for m in t.members}), -len(t.members), t.theme))
    return themes


def group(items: list, embedder, threshold: float = THRESHOLD) -> list[Theme]:
    """Theme-lexicon groups (multi-label) plus similarity clusters of the items no theme covers."""
    by_theme: dict[str, list] = {}
    scores: dict[tuple[str, str], float] = {}
    rest = []
    for m in items:
        matches = themes_of(m.text)
        for t in matches:
            by_theme.setdefault(t.key, []).append(m)
            scores[(t.key, m.id)] = t.score
        if not matches:
            rest.append(m)
    themes = []
    for key, members in by_theme.items():
        members = sorted(members, key=lambda m: (m.year or 0, m.doc_id, m.page))
        themes.append(Theme(BY_KEY[key].label, members, key=key,
                            scores={m.id: scores[(key, m.id)] for m in members}))
    themes.extend(cluster(rest, embedder, threshold))
    themes.sort(key=lambda t: (-len({m.doc_id for m in t.members}), -len(t.members), t.theme))
    return themes


def recurring_themes(store, embedder, only_recurring: bool = False, threshold: float = THRESHOLD) -> list[Theme]:
    from .storage import load_findings, load_recommendations

    docs = {d.doc_id: d for d in store.documents()}
    recs = load_recommendations(store)
    repeated = {r.same_as for r in recs if r.same_as}
    items = list(load_findings(store)) + [r for r in recs if r.id not in repeated]
    themes = group(items, embedder, threshold)
    kinds = {k: d.kind for k, d in docs.items()}
    if only_recurring:
        themes = [t for t in themes if t.recurs(kinds) and len({m.doc_id for m in t.members}) >= 2]
    return themes
