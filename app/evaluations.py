"""Use cases: recommendations and findings of evaluations, and their recurring themes."""
from __future__ import annotations

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Finding, Recommendation

from . import compose


def recommendations(settings: Settings, doc_ids: list[str] | None = None, store: Store | None = None
                    ) -> tuple[list[Recommendation], list[Finding]]:
    """Recommendations and findings of canonical documents in time order; unknown doc_ids raise NotFoundError."""
    from recommendations.storage import load_findings, load_recommendations

    store = store or compose.open_store(settings)
    for d in doc_ids or ():
        store.get_document(d)
    ids = list(doc_ids) if doc_ids else None
    return load_recommendations(store, ids), load_findings(store, ids)


def item_json(item: Recommendation | Finding) -> dict:
    from recommendations.storage import as_json

    return as_json(item)


def recommendations_json(recs, finds) -> dict:
    return {"recommendations": [item_json(r) for r in recs], "findings": [item_json(f) for f in finds]}


def recommendation_counts(settings: Settings, store: Store | None = None) -> dict[str, int]:
    """doc_id -> recommendations of its own (not repeating another document's)."""
    recs, _ = recommendations(settings, None, store)
    counts: dict[str, int] = {}
    for r in recs:
        if not r.same_as:
            counts[r.doc_id] = counts.get(r.doc_id, 0) + 1
    return counts


def themes(settings: Settings, store: Store | None = None, only_recurring: bool = False, embedder=None):
    """Themes of findings and recommendations across evaluations and years."""
    from recommendations.recurring import recurring_themes

    store = store or compose.open_store(settings)
    return recurring_themes(store, embedder if embedder is not None else compose.embedder(settings),
                            only_recurring=only_recurring)


def themes_key(store: Store, only_recurring: bool) -> tuple:
    """Changes whenever the inputs of :func:`themes` change (for caching)."""
    return (*store.counts(), store.row_count("findings"), store.row_count("recommendations"), only_recurring)
