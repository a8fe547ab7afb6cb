"""Use cases: recommendations and findings of evaluations, and their recurring themes."""
from __future__ import annotations

import logging

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Finding, Recommendation

from . import compose

log = logging.getLogger(__name__)


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


THEMES_FILE = "themes.json"  # under <data dir>/cache: the stored themes (see :func:`refresh_themes`)


def themes_path(settings: Settings):
    return settings.data_dir / "cache" / THEMES_FILE


def themes_cache_key(settings: Settings, store: Store) -> str:
    """Digest of everything the themes depend on (documents' content hashes, stage versions, embedder, items)."""
    from recommendations.recurring import themes_key
    from recommendations.stage import RecommendationsStage

    return themes_key(store, settings.model, RecommendationsStage.version)


def stored_themes(settings: Settings, store: Store, key: str | None = None):
    """The themes stored by the last :func:`refresh_themes`, or None when they are missing or stale."""
    from index.atomic import read_json
    from recommendations.recurring import themes_from_json

    try:
        data = read_json(themes_path(settings))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != (key or themes_cache_key(settings, store)):
        return None
    try:
        return themes_from_json(data, store)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # a malformed file (hand-edited, half-written by an older version) is treated as missing, so that
        # refresh_themes recomputes and overwrites it instead of failing on it for ever
        log.warning("%s is malformed (%s: %s); the themes are recomputed", themes_path(settings),
                    type(exc).__name__, exc)
        return None


def refresh_themes(settings: Settings, store: Store | None = None, embedder=None, on_progress=None,
                   force: bool = False):
    """Compute the themes of all findings and recommendations and store them under the data dir (after an
    ingest, a deletion, a metadata correction); nothing is computed when the stored ones are up to date.
    ``on_progress(fraction, message)`` hears how far it is (Dutch messages). Returns all themes."""
    from index.atomic import write_json
    from recommendations.recurring import group, theme_items, themes_to_json

    store = store or compose.open_store(settings)
    key = themes_cache_key(settings, store)
    if not force:
        cached = stored_themes(settings, store, key)
        if cached is not None:
            return cached
    report = on_progress or (lambda _f, _m: None)
    report(0.0, "taalmodel laden")
    embedder = embedder if embedder is not None else _Deferred(settings)
    result = group(theme_items(store), embedder, on_progress=report)
    write_json(themes_path(settings), themes_to_json(result, key))
    return result


def themes(settings: Settings, store: Store | None = None, only_recurring: bool = False, embedder=None,
           on_progress=None):
    """Themes of findings and recommendations across evaluations and years: the stored ones when they are up to
    date, else computed (and stored)."""
    store = store or compose.open_store(settings)
    result = refresh_themes(settings, store, embedder, on_progress)
    return recurring_only(result, store) if only_recurring else result


def recurring_only(themes: list, store: Store) -> list:
    """The themes that recur: in two or more years or evaluations, and in two or more documents."""
    from recommendations.recurring import only_recurring_themes

    return only_recurring_themes(themes, store)


class _Deferred:
    """The configured embedder, built at the first ``embed_batch`` (themes of findings the lexicon covers
    need none)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = settings.model
        self._real = None

    def embed_batch(self, texts, kind: str = "passage"):
        if self._real is None:
            self._real = compose.embedder(self.settings)
        return self._real.embed_batch(texts, kind=kind)
