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

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .similarity import similarity_matrix
from .text import sentences
from .themes import BY_KEY, themes_of

THRESHOLD = 0.32  # blended similarity at which items share a theme (average linkage)
# the grouping method: part of the cache key of stored themes (raise it when group/cluster/labels change)
VERSION = 2
EMBED_BATCH = 16  # items embedded per step when progress is reported

Progress = Callable[[float, str], None]  # (fraction 0-1, Dutch message)


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


LABEL_WORDS = 8  # a cluster's label: the opening phrase of its most representative member, at most this long


def phrase(text: str, n: int = LABEL_WORDS) -> str:
    """The opening phrase of a finding as a label a person can read: up to the first clause break (after at
    least three words) or ``n`` words, without a trailing full stop ('De werkdruk is hoog', 'Kennis is te veel
    belegd bij één persoon ...')."""
    first = sentences(text)[0][1] if sentences(text) else text
    toks = first.split()
    for i, tok in enumerate(toks[:n]):
        if i >= 2 and tok.endswith((",", ";", ":")):
            return " ".join(toks[:i + 1]).rstrip(",;:")
    cut = " ".join(toks[:n]).rstrip(".,;:")
    return cut + (" ..." if len(toks) > n else "")


class _ReportingEmbedder:
    """Embeds in batches of ``EMBED_BATCH`` and reports each batch (the slow step of grouping)."""

    def __init__(self, inner, on_progress: Progress, start: float, span: float):
        self.inner, self.on_progress, self.start, self.span = inner, on_progress, start, span
        self.name = getattr(inner, "name", "")

    def embed_batch(self, texts: list[str], kind: str = "passage"):
        out = []
        for i in range(0, len(texts), EMBED_BATCH):
            self.on_progress(self.start + self.span * i / max(len(texts), 1),
                             f"overeenkomsten berekenen: tekst {i + 1} van {len(texts)}")
            try:
                out.append(self.inner.embed_batch(texts[i:i + EMBED_BATCH], kind=kind))
            except TypeError:  # an embedder without kinds
                out.append(self.inner.embed_batch(texts[i:i + EMBED_BATCH]))
        self.on_progress(self.start + self.span, f"overeenkomsten berekend ({len(texts)} teksten)")
        return np.concatenate(out) if out else np.zeros((0, 1), dtype=np.float32)


def cluster(items: list, embedder, threshold: float = THRESHOLD, on_progress: Progress | None = None
            ) -> list[Theme]:
    if not items:
        return []
    texts = [m.text for m in items]
    sim = None
    if len(items) == 1:
        groups = [[0]]
    else:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        if on_progress is not None:
            embedder = _ReportingEmbedder(embedder, on_progress, 0.1, 0.85)
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
    themes = []
    for g in groups:
        members = sorted((items[i] for i in g), key=lambda m: (m.year or 0, m.doc_id, m.page))
        if sim is not None and len(g) > 1:
            centre = g[int(np.argmax(sim[np.ix_(g, g)].sum(axis=1)))]  # the medoid: most similar to the others
            label = phrase(items[centre].text)
        else:
            label = phrase(members[0].text)
        themes.append(Theme(label, members))
    themes.sort(key=lambda t: (-len({m.doc_id for m in t.members}), -len(t.members), t.theme))
    return themes


def group(items: list, embedder, threshold: float = THRESHOLD, on_progress: Progress | None = None
          ) -> list[Theme]:
    """Theme-lexicon groups (multi-label) plus similarity clusters of the items no theme covers.
    ``on_progress(fraction, message)`` is told how far it is (messages in Dutch, for the web app)."""
    by_theme: dict[str, list] = {}
    scores: dict[tuple[str, str], float] = {}
    rest = []
    if on_progress is not None:
        on_progress(0.0, f"thema's herkennen in {len(items)} bevindingen en aanbevelingen")
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
    themes.extend(cluster(rest, embedder, threshold, on_progress))
    themes.sort(key=lambda t: (-len({m.doc_id for m in t.members}), -len(t.members), t.theme))
    if on_progress is not None:
        on_progress(1.0, f"{len(themes)} thema's gevonden")
    return themes


def theme_items(store) -> list:
    """What is grouped: the findings, and the recommendations that do not repeat another document's."""
    from .storage import load_findings, load_recommendations

    recs = load_recommendations(store)
    repeated = {r.same_as for r in recs if r.same_as}
    return list(load_findings(store)) + [r for r in recs if r.id not in repeated]


def only_recurring_themes(themes: list[Theme], store) -> list[Theme]:
    kinds = {d.doc_id: d.kind for d in store.documents()}
    return [t for t in themes if t.recurs(kinds) and len({m.doc_id for m in t.members}) >= 2]


def recurring_themes(store, embedder, only_recurring: bool = False, threshold: float = THRESHOLD,
                     on_progress: Progress | None = None) -> list[Theme]:
    themes = group(theme_items(store), embedder, threshold, on_progress)
    return only_recurring_themes(themes, store) if only_recurring else themes


# --- stored themes --------------------------------------------------------------------------------
# Grouping embeds every finding (seconds to tens of seconds on a small machine), so the themes are computed once
# after an ingest and stored with a key of everything they depend on; a page reads them back in milliseconds.


def themes_key(store, embedder_name: str, stage_version: int, threshold: float = THRESHOLD) -> str:
    """A digest of everything the themes depend on: the content hash, kind, date and duplicate link of every
    document, the version of the stage that extracted the items and of the grouping, the embedder, the threshold
    and the items themselves (a metadata correction changes a year; a re-run stage changes a text)."""
    h = hashlib.sha256()
    docs = sorted((d.doc_id, d.sha256, d.kind, d.date or "", d.duplicate_of or "") for d in store.documents())
    items = sorted((m.id, m.doc_id, m.year or 0, m.page, m.text) for m in theme_items(store))
    h.update(json.dumps([VERSION, stage_version, embedder_name, threshold, docs, items],
                        ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def themes_to_json(themes: list[Theme], key: str) -> dict:
    """What is stored: per theme its label, lexicon key, member ids and scores (the texts stay in the store)."""
    return {"key": key, "themes": [{"theme": t.theme, "key": t.key, "members": [m.id for m in t.members],
                                    "scores": t.scores} for t in themes]}


def themes_from_json(data: dict, store) -> list[Theme] | None:
    """The stored themes with their members from the store; None when a member is no longer there."""
    by_id = {m.id: m for m in theme_items(store)}
    out = []
    for t in data.get("themes", []):
        if any(i not in by_id for i in t["members"]):
            return None
        out.append(Theme(t["theme"], [by_id[i] for i in t["members"]], t.get("key"), dict(t.get("scores") or {})))
    return out
