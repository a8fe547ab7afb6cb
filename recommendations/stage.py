"""Ingest stage: recommendations and findings of one document, and the links
between a letter's recommendations and the report recommendations they repeat."""
from __future__ import annotations

from dataclasses import replace

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Document, Recommendation

from .extract import extract
from .similarity import embedder_for, similarity_matrix
from .storage import load_recommendations, set_same_as, write_document
from .text import advice_core

SAME_AS = 0.4  # blended similarity above which a letter's recommendation repeats a report's
SAME_AS_MARGIN = 0.08  # ... and better than the runner-up by this much
MAX_YEARS_APART = 1


def is_report(doc: Document) -> bool:
    return doc.kind == "evaluatie"


def repeats(letter: Document, report: Document) -> bool:
    """Can ``letter`` repeat recommendations of ``report``? A non-evaluation
    (letter, proposal) written in the same or the next year as the evaluation."""
    if is_report(letter) or not is_report(report) or letter.doc_id == report.doc_id:
        return False
    if letter.year is None or report.year is None:
        return True
    return 0 <= letter.year - report.year <= MAX_YEARS_APART


def link_same_as(letter_recs: list[Recommendation], report_recs: list[Recommendation], embedder
                 ) -> dict[str, str]:
    """letter rec id -> report rec id, for the letter recommendations that repeat one."""
    if not letter_recs or not report_recs:
        return {}
    # compared without the advice frame: "De rekenkamer beveelt ons aan ..." repeats "Zorg ervoor dat ..."
    sim = similarity_matrix([advice_core(r.text) for r in letter_recs], [advice_core(r.text) for r in report_recs],
                            embedder)
    out: dict[str, str] = {}
    taken: dict[int, float] = {}
    for i in sorted(range(len(letter_recs)), key=lambda i: -float(sim[i].max())):
        order = sim[i].argsort()[::-1]
        best = int(order[0])
        second = float(sim[i, order[1]]) if len(order) > 1 else 0.0
        if sim[i, best] >= SAME_AS and sim[i, best] - second >= SAME_AS_MARGIN and best not in taken:
            out[letter_recs[i].id] = report_recs[best].id
            taken[best] = float(sim[i, best])
    return out


class RecommendationsStage:
    name = "recommendations"
    # 5: other issuers: headings that state a recommendation or conclusion ("Aanbeveling 2: ...", "Deelconclusie 1:
    #    ..."), lettered sub-recommendations, the college's reaction / afterword / council decision left out (also
    #    when set as a plain line), footnotes and page numbers skipped, footnote numbers end sentences, the
    #    evaluator's own findings in a recommendation's explanation, no sentences about the recommendations
    # 4: findings leave out quotations, reported doubts, minority views, method text, verbless or background
    #    list items and a letter's follow-up section
    # 3: numbered labels, third-person advice, college reactions left out
    # 2: findings may run to five sentences and take up cohesive elaborations
    version = 5

    def __init__(self, embedder=None):
        self._embedder = embedder

    def run(self, store: Store, settings: Settings, doc: Document) -> None:
        recs, finds = extract(doc, store.blocks(doc.doc_id))
        docs = {d.doc_id: d for d in store.documents()}
        others = [r for r in load_recommendations(store) if r.doc_id != doc.doc_id]
        updates: dict[str, str | None] = {}
        needs_links = recs and (
            any(repeats(doc, docs[r.doc_id]) for r in others if r.doc_id in docs)
            or any(repeats(docs[r.doc_id], doc) for r in others if r.doc_id in docs))
        if needs_links:
            embedder = embedder_for(settings, self._embedder)
            reports = [r for r in others if r.doc_id in docs and repeats(doc, docs[r.doc_id])]
            links = link_same_as(recs, reports, embedder)
            recs = [replace(r, same_as=links.get(r.id)) for r in recs]
            if is_report(doc):
                # letters that repeat this report: relink them against all their reports
                letters = {r.doc_id for r in others if r.doc_id in docs and repeats(docs[r.doc_id], doc)}
                for letter_id in letters:
                    mine = [r for r in others if r.doc_id == letter_id]
                    candidates = [r for r in others if r.doc_id in docs and repeats(docs[letter_id], docs[r.doc_id])]
                    candidates += recs
                    relinked = link_same_as(mine, candidates, embedder)
                    for r in mine:
                        updates[r.id] = relinked.get(r.id)
        with store.transaction() as tx:
            write_document(tx, doc.doc_id, recs, finds)
            set_same_as(tx, updates)
