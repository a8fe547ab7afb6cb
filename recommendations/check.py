"""Check a plan against earlier recommendations.

For every recommendation the plan's passages (sentences and short list items)
are ranked by a hybrid of BM25 (Dutch analysis of :mod:`index.lexical`) and
embedding similarity, blended with the coverage of the recommendation's key
terms. BM25 and the key terms use the recommendation's substance
(:func:`recommendations.text.substance`: no advice frame, generic verbs such as
"stel ... vast" or "zorg voor", or separable particles), so that a plan does
not look related for sharing those. The status follows from the evidence:

* ``addressed``: strongly related passages that contain concrete measures
  ("we gaan", "opstellen", "in 2022", amounts, percentages, targets), or one
  very relevant concrete passage that names most of the key terms;
* ``partly``: related passages, but few concrete measures or only part of the
  recommendation's key terms;
* ``conflicts``: the plan moves the other way on the recommendation's subject
  (e.g. new projects and pilots against "wees terughoudend met nieuwe
  projecten"), detected with general restraint/expansion cue lists; when the
  plan also supports the recommendation the status is ``partly`` and the
  reason names both sides;
* ``not_addressed``: nothing in the plan is close enough.

An LLM judge (LangChain) can override the status when one is configured; see
:mod:`recommendations.judge`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from beleid.types import Block, Document, Recommendation

from .text import TermWeights, clean, content_words, sentences, split_items, stem, stems, substance, words
from .themes import BY_KEY, expansion_terms, synonyms, theme_scores, theme_weights

THEME_FULL = 1.5  # a passage's raw theme score at which it fully expresses a theme

EVIDENCE = 4
CONTEXT_WORDS = 45  # a passage is shown with its next sentence while together at most this long
ADDRESSED = 0.56  # relevance above which concrete measures make a recommendation addressed
RELATED = 0.40  # relevance above which the plan at least partly addresses it
MIN_PASSAGE = 0.30  # a passage below this relevance is never shown as evidence
STRONG = 0.60  # one concrete passage this relevant ...
STRONG_COVERAGE = 0.5  # ... that names at least this share of the key terms addresses a recommendation alone

CONCRETE = re.compile(
    r"\b(?:we\s+gaan|gaan\s+we|wij\s+gaan|gaan\s+wij|zullen\s+we|we\s+zullen|wordt\s+\w+\s+ingezet|worden\s+\w+\s+ingezet"
    r"|(?:in|voor|uiterlijk|vanaf|per|eind)\s+20\d\d|opstellen|ontwikkelen|invoeren|realiseren|implementeren|aanstellen"
    r"|vaststellen|verlagen|verhogen|verminderen|afname|toename|monitoren|meetbare?|indicator\w*|nulmeting|streefwaarde\w*"
    r"|opschalen|inzetten|inzet\s+van|in\s+kaart\s+brengen|brengen\s+we\s+in\s+kaart|maatregel\w*|actie\w*|aanpassen"
    r"|opzetten|borgen|verankeren|\d+\s?%|€\s?\d|\d+(?:[.,]\d+)?\s+(?:cli[eë]nten|huishoudens|inwoners|jongeren|plekken))\b",
    re.I)

RESTRAIN = re.compile(r"\b(?:terughoudend\w*|beperk\w*|minder|niet\s+te\s+veel|geen\s+nieuwe|stop\w*|afbouw\w*|"
                      r"voorkom\w*|kritisch|eerst|alvorens|niet\s+meer|afschaffen|bezuinig\w*|schrappen)\b", re.I)
EXPAND = re.compile(r"\b(?:nieuwe|extra|meer|uitbrei\w*|starten|gestart|opstarten|opzetten|opgezet|introduceren|"
                    r"pilots?|experiment\w*|verkennen|toevoegen|investeren|versterk\w*|verhogen|vergroten)\b", re.I)
NEW_INITIATIVE = re.compile(r"\b(?:nieuwe\s+(?:\w+\s+)?(?:projecten|pilots?|initiatieven|experimenten|activiteiten)"
                            r"|pilots?|experimenten|(?:projecten|pilots?)\s+(?:\w+\s+){0,3}(?:starten|opzetten|gestart|"
                            r"opgestart|uitwerken))\b", re.I)
NEGATED = re.compile(r"\b(?:geen|niet|nooit|zonder)\b", re.I)


@dataclass
class Passage:
    doc_id: str
    page: int
    text: str
    section: str = ""
    core: str = ""  # the sentence that is scored; ``text`` may add the next sentence as context

    @property
    def scored(self) -> str:
        return self.core or self.text


@dataclass
class Result:
    recommendation: Recommendation
    status: str
    evidence: list[Passage]
    reason: str
    scores: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        r = self.recommendation
        return {"recommendation": {"id": r.id, "doc_id": r.doc_id, "page": r.page, "text": r.text},
                "status": self.status,
                "evidence": [{"doc_id": p.doc_id, "page": p.page, "text": p.text} for p in self.evidence],
                "reason": self.reason}


def passages(doc_id: str, blocks: Iterable[Block]) -> list[Passage]:
    """Sentences and short list items of a plan, with their page."""
    out: list[Passage] = []
    seen: set[str] = set()
    for b in blocks:
        text = clean(b.text)
        if not text or b.kind == "heading":  # headings name a subject; evidence is what the plan says about it
            continue
        section = " > ".join(b.section)
        pieces = [t for _, t in split_items(text)] if b.kind in ("list_item", "paragraph") else [text]
        for piece in pieces:
            sents = [s for _, s in sentences(piece)]
            if len(sents) <= 2 and len(words(piece)) <= 60:
                units = [piece]
            else:
                units = sents
            for n, u in enumerate(units):
                key = " ".join(words(u))
                if len(words(u)) < 5 or key in seen:
                    continue
                seen.add(key)
                after = units[n + 1] if n + 1 < len(units) else ""
                shown = f"{u} {after}" if after and len(words(u)) + len(words(after)) <= CONTEXT_WORDS else u
                out.append(Passage(doc_id, b.page, shown, section, u))
    return out


def _restraint_objects(text: str) -> set[str]:
    """Stems of what a text says to restrain (the words right after a restraint cue)."""
    objs: set[str] = set()
    for m in RESTRAIN.finditer(text):
        tail = text[m.end():m.end() + 60]
        objs.update(stem(w) for w in content_words(tail)[:4])
    return objs


def opposes(rec_text: str, passage: str) -> bool:
    """Does the passage move against the recommendation? Restraint on new
    projects/pilots in the recommendation versus new initiatives in the plan, or
    restraint in the plan on what the recommendation wants strengthened."""
    rec_restrains = bool(RESTRAIN.search(rec_text)) and bool(NEW_INITIATIVE.search(rec_text) or
                                                             re.search(r"\bproject", rec_text, re.I))
    if rec_restrains and NEW_INITIATIVE.search(passage) and not NEGATED.search(passage):
        return True
    if EXPAND.search(rec_text) and not RESTRAIN.search(rec_text):
        objs = _restraint_objects(passage)
        rec_stems = set(stems(rec_text, generic=False))
        if objs & rec_stems and not NEGATED.search(passage):
            return True
    return False


class PlanScorer:
    """Scores one plan's passages against recommendations (hybrid BM25 + dense + key-term coverage)."""

    def __init__(self, plan_passages: list[Passage], embedder):
        from index.lexical import LexicalIndex

        self.passages = plan_passages
        self.embedder = embedder
        texts = [p.scored for p in plan_passages]
        self.vectors = embedder.embed_batch(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        # no search-thesaurus expansion (a bare index has none): queries are expanded here (themes,
        # synonyms, the linked recommendation), and the bonus on top lowered evidence recall on the dev set
        self.lexical = LexicalIndex()
        self.lexical.build([str(i) for i in range(len(texts))], texts)
        self.weights = TermWeights(texts)
        self.stemsets = [set(stems(t, generic=False)) for t in texts]
        self.themes = [theme_scores(t) for t in texts]

    def score(self, rec_text: str, linked: str | None = None) -> np.ndarray:
        """Relevance of every passage: dense + BM25 + key-term coverage (the
        calibrated base score that the status thresholds use)."""
        if not self.passages:
            return np.zeros(0)
        q = self.embedder.embed_batch([rec_text])[0]
        dense = np.clip(self.vectors @ q, 0, 1)
        bm = self._bm25(substance(rec_text))
        return 0.5 * dense + 0.25 * bm + 0.25 * self._coverage(rec_text)

    def key_terms(self, rec_text: str, k: int = 8) -> list[str]:
        """The recommendation's most specific stems, from its substance (no generic verbs or advice frame)."""
        return self.weights.key_terms(substance(rec_text), k)

    def _coverage(self, rec_text: str) -> np.ndarray:
        """Share of the recommendation's key terms in every passage."""
        keys = set(self.key_terms(rec_text))
        return np.array([len(keys & s) / max(len(keys), 1) for s in self.stemsets])

    def _strong(self, scores: np.ndarray, rec_text: str) -> int | None:
        """The best passage when it addresses the recommendation on its own: very
        relevant, naming most of its key terms and stating a concrete measure."""
        best = int(np.argmax(scores))
        if scores[best] < STRONG or not CONCRETE.search(self.passages[best].scored):
            return None
        return best if self._coverage(rec_text)[best] >= STRONG_COVERAGE else None

    def _bm25(self, query: str) -> np.ndarray:
        bm = self.lexical.scores(query)
        return bm / bm.max() if bm.size and bm.max() > 0 else np.zeros(len(self.passages))

    def retrieval_score(self, rec_text: str, linked: str | None = None) -> np.ndarray:
        """Ranking of evidence candidates: the base score plus an expanded query
        (the report recommendation the letter repeats, the recommendation's
        themes and their vocabulary, Dutch policy synonyms) and the share of
        the recommendation's themes a passage expresses. Finds passages that
        use other words ('geconcretiseerd naar operationele doelstellingen ...
        meetbare doelen' for 'SMART geformuleerde doelen')."""
        base = self.score(rec_text)
        if base.size == 0:
            return base
        full = f"{rec_text} {linked}" if linked else rec_text
        expanded = " ".join([substance(full)] + expansion_terms(full) + synonyms(full))
        bm = self._bm25(expanded)
        rec_themes = theme_weights(full)
        theme = np.array([sum(w * min(1.0, t.get(key, 0.0) / THEME_FULL) for key, w in rec_themes.items())
                          for t in self.themes]) if rec_themes else np.zeros(len(self.passages))
        if linked:
            q = self.embedder.embed_batch([linked])[0]
            dense_linked = np.clip(self.vectors @ q, 0, 1)
            base = np.maximum(base, 0.5 * dense_linked + 0.25 * bm)
        return 0.55 * base + 0.2 * bm + 0.25 * theme

    def check(self, rec: Recommendation, k: int = EVIDENCE, linked: str | None = None) -> Result:
        scores = self.score(rec.text)
        if scores.size == 0:
            return Result(rec, "not_addressed", [], "Het plan bevat geen tekst om te toetsen.")
        ranked = self.retrieval_score(rec.text, linked)
        order = [int(i) for i in np.argsort(-scores)]
        relevance = float(np.mean(scores[order[:2]])) if len(order) >= 2 else float(scores[order[0]])
        order = [int(i) for i in np.argsort(-ranked)]
        top = [i for i in order[:k] if scores[i] >= MIN_PASSAGE or ranked[i] >= MIN_PASSAGE]
        concrete = [i for i in top if CONCRETE.search(self.passages[i].scored)]
        against = [i for i in order[:12] if max(scores[i], ranked[i]) >= MIN_PASSAGE
                   and opposes(rec.text, self.passages[i].scored)]
        support = [i for i in top if i not in against]
        strong = self._strong(scores, rec.text)
        cited = [strong] if strong is not None else []  # a passage that addresses it alone is always shown
        evidence_ids = list(dict.fromkeys(cited + support[:k] + against[:2]))
        evidence = [self.passages[i] for i in evidence_ids]
        keys = self.key_terms(rec.text, 6)
        found = sorted({t for i in evidence_ids for t in keys if t in self.stemsets[i]})
        # the recommendation's themes that the evidence expresses (in other words than the recommendation)
        found += [f"thema '{BY_KEY[key].label}'" for key in theme_weights(f"{rec.text} {linked or ''}")
                  if any(self.themes[i].get(key, 0.0) >= THEME_FULL for i in evidence_ids)]
        feats = {"relevance": round(relevance, 3), "concrete": len(concrete), "against": len(against),
                 "strong": strong is not None}
        if against and (relevance >= RELATED and support):
            status = "partly"
            reason = (f"Het plan sluit aan op de aanbeveling ({', '.join(found) or 'verwante passages'}), "
                      f"maar gaat op p. {self.passages[against[0]].page} de andere kant op.")
        elif against:
            status = "conflicts"
            reason = f"Het plan doet het tegenovergestelde: zie p. {self.passages[against[0]].page}."
        elif (relevance >= ADDRESSED and len(concrete) >= 2) or cited:
            status = "addressed"
            pages = [self.passages[i].page for i in (concrete if len(concrete) >= 2 else cited)]
            reason = (f"Concrete maatregelen in het plan (p. {', '.join(map(str, pages))}) "
                      f"over {', '.join(found) or 'het onderwerp'}.")
        elif relevance >= RELATED:
            status = "partly"
            reason = ("Het plan noemt het onderwerp" + (f" ({', '.join(found)})" if found else "")
                      + (", maar met weinig concrete maatregelen." if len(concrete) < 2
                         else ", maar dekt de aanbeveling maar deels."))
        else:
            status = "not_addressed"
            evidence = evidence[:1] if relevance >= MIN_PASSAGE else []
            reason = "Geen passage in het plan die de aanbeveling duidelijk oppakt."
        return Result(rec, status, evidence, reason, feats)


def recommendations_before(store, plan: Document, against: list[str] | None) -> list[Recommendation]:
    """The recommendations to check: of the given documents, or of all evaluations
    (and letters) dated before the plan; a letter's repeat of a report
    recommendation is checked once (the letter's wording)."""
    from .storage import load_recommendations

    docs = {d.doc_id: d for d in store.documents()}
    if against:
        recs = load_recommendations(store, against)
    else:
        recs = [r for r in load_recommendations(store) if r.doc_id != plan.doc_id and r.doc_id in docs
                and docs[r.doc_id].kind in ("evaluatie", "raadsbrief")
                and (plan.date is None or (docs[r.doc_id].date or "") < plan.date)]
    repeated = {r.same_as for r in recs if r.same_as}
    return [r for r in recs if r.id not in repeated]


def linked_texts(store, recs: list[Recommendation]) -> dict[str, str]:
    """rec id -> text of the report recommendation it repeats (``same_as``)."""
    from .storage import load_recommendations

    targets = {r.same_as for r in recs if r.same_as}
    if not targets:
        return {}
    by_id = {r.id: r for r in load_recommendations(store) if r.id in targets}
    return {r.id: by_id[r.same_as].text for r in recs if r.same_as in by_id}


def check_plan(plan: Document, blocks: list[Block], recs: list[Recommendation], embedder, judge=None,
               linked: dict[str, str] | None = None) -> list[Result]:
    """Check ``plan`` against ``recs``; ``linked`` (rec id -> the report
    recommendation a letter repeats, see :func:`linked_texts`) widens retrieval."""
    scorer = PlanScorer(passages(plan.doc_id, blocks), embedder)
    linked = linked or {}
    results = [scorer.check(r, linked=linked.get(r.id)) for r in recs]
    if judge is not None:
        results = [judge.review(r) for r in results]
    return results
