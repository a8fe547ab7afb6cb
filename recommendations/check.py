"""Check a plan against earlier recommendations.

1. **Relevance gate.** Every passage of the plan (sentences and short list
   items) gets a calibrated relevance to the recommendation's substance: the
   embedding similarity (recommendation substance as query, passage as
   passage), the IDF-weighted share of the recommendation's specific terms that
   the passage names and the share of its evaluation themes it expresses, each
   standardised on passages of negative-control plans and summed with fixed
   weights (:class:`Calibration`, fitted per embedder by
   ``evaluations/recommendations_eval.py --calibrate`` on negative-control plans
   only; stored in ``recommendations/calibration.json``). It is the best over
   the recommendation's advice units (the whole text and each sentence with
   substance, :func:`advice_units`). A recommendation none of whose passages
   reaches the gate is ``not_addressed``: sharing generic words ("bewoner",
   "voorziening") or advice verbs is not enough.
2. **Evidence.** The passages above the evidence floor, ranked by a hybrid of
   BM25 (Dutch analysis), embedding similarity, key-term coverage and the
   recommendation's themes, each with its page and role (support or against);
   the passage the reason quotes first, then one per page (:func:`spread`).
   Advice about the FORM of a plan ("formuleer SMART doelen", "zorg voor
   monitoring", "wees terughoudend met nieuwe projecten", "wijs aanjagers aan";
   :mod:`nl.planform`) is answered by passages that share few words with it
   (a target with a number and a year, a choice among projects): for such
   advice the passages shown follow the retrieval ranking fused by reciprocal
   rank with a ranking by that form (:meth:`PlanScorer.evidence_order`). The
   status is decided on the retrieval ranking alone.
3. **Status** from the evidence:

   * ``addressed``: two passages with concrete measures ("we gaan", "opstellen",
     "in 2022", amounts, targets), or one that states a measure and names most
     of the key terms;
   * ``partly``: relevant passages without (enough) concrete measures;
   * ``conflicts``: the plan moves the other way (new projects and pilots
     against "wees terughoudend met nieuwe projecten"; cuts in what the advice
     says to strengthen); when the plan both follows and goes against the
     advice, the reason names both passages and the status says which weighs
     more;
   * ``not_addressed``: nothing passes the gate.

Reasons are written in Dutch (web app, reports) and English (CLI), never mixed,
and quote passages instead of listing word stems. The embedder is passed in
(anything with ``embed_batch``); this module does not choose a model.
An LLM judge (LangChain) can override the status when one is configured; see
:mod:`recommendations.judge`.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from beleid.types import Block, Document, Recommendation
from nl.numberwords import CARDINALS
from nl.patterns import alternatives, one_of, pick
from nl.planform import INITIATIVES, RESTRAINT_CUES, advice_forms, form_signal
from nl.targets import DEADLINE_PREPOSITIONS

from .text import (GENERIC, TermWeights, clean, content_words, is_frame_word, sentences, split_items, stem, stems,
                   substance, words)
from .themes import expansion_terms, synonyms, theme_scores, theme_weights

THEME_FULL = 1.5  # a passage's raw theme score at which it fully expresses a theme

EVIDENCE = 4
FORM_RRF_K = 60  # reciprocal-rank fusion constant (the usual 60) for the form ranking of form advice
CONTEXT_WORDS = 45  # a passage is shown with its next sentence while together at most this long
STRONG_COVERAGE = 0.5  # one concrete passage that names at least this share of the key terms addresses alone
QUOTE_WORDS = 18  # a passage quoted in a reason is cut to this many words

CONCRETE = re.compile(
    r"\b(?:we\s+gaan|gaan\s+we|wij\s+gaan|gaan\s+wij|zullen\s+we|we\s+zullen|wordt\s+\w+\s+ingezet|worden\s+\w+\s+ingezet"
    r"|" + one_of(pick(DEADLINE_PREPOSITIONS, "in", "voor", "uiterlijk", "vanaf", "per", "eind")) + r"\s+20\d\d"
    r"|opstellen|ontwikkelen|invoeren|realiseren|implementeren|aanstellen"
    r"|vaststellen|verlagen|verhogen|verminderen|afname|toename|monitoren|meetbare?|indicator\w*|nulmeting|streefwaarde\w*"
    r"|opschalen|inzetten|inzet\s+van|in\s+kaart\s+brengen|brengen\s+we\s+in\s+kaart|maatregel\w*|actie\w*|aanpassen"
    r"|opzetten|borgen|verankeren|\d+\s?%|€\s?\d|\d+(?:[.,]\d+)?\s+(?:cli[eë]nten|huishoudens|inwoners|jongeren|plekken))\b",
    re.I)

RESTRAIN = re.compile(r"\b(?:" + "|".join(RESTRAINT_CUES) + r"|afbouw\w*|"
                      r"voorkom\w*|kritisch|eerst|alvorens|niet\s+meer|afschaffen|bezuinig\w*|schrappen)\b", re.I)
# what the plan cuts ("we bezuinigen op ...", "de subsidie wordt afgebouwd", "we schrappen ...")
CUT = re.compile(r"\b(?:bezuinig\w*|afbouw\w*|afgebouwd|schrap\w*|geschrapt|afschaf\w*|afgeschaft|stopzet\w*|"
                 r"stoppen\s+met|stoppen|gestopt|korting\w*|gekort|korten|verminderen|verlagen|beperken|minder)\b", re.I)
EXPAND = re.compile(r"\b(?:nieuwe|extra|meer|uitbrei\w*|starten|gestart|opstarten|opzetten|opgezet|introduceren|"
                    r"pilots?|experiment\w*|verkennen|toevoegen|investeren|versterk\w*|verhogen|vergroten)\b", re.I)
NEW_INITIATIVE = re.compile(r"\b(?:\(?nieuwe\)?\s+(?:\w+\s+)?(?:" + "|".join(INITIATIVES) + ")"
                            r"|pilots?|experimenten|(?:projecten|pilots?)\s+(?:\w+\s+){0,3}(?:starten|opzetten|gestart|"
                            r"opgestart|uitwerken))\b", re.I)
NEGATED = re.compile(r"\b(?:geen|niet|nooit|zonder)\b", re.I)
# the plan itself starts them: a verb of starting or choosing, or a number ("8 (nieuwe) projecten", "gaan we verkennen")
STARTS = re.compile(r"\b(?:start\w*|gestart|opstart\w*|opgestart|opzet\w*|opgezet|begin\w*|lancer\w*|introducer\w*|"
                    r"selecteer\w*|geselecteerd|verkennen|uitrollen|gaan\s+we|we\s+gaan|wij\s+gaan|\d+|"
                    + alternatives(CARDINALS) + r")\b", re.I)

STATUS_WORDS = {
    "nl": {"addressed": "opgepakt", "partly": "deels opgepakt", "not_addressed": "niet opgepakt",
           "conflicts": "strijdig"},
    "en": {"addressed": "addressed", "partly": "partly addressed", "not_addressed": "not addressed",
           "conflicts": "conflicts"},
}


def status_label(status: str, lang: str = "nl") -> str:
    """The status as a reader sees it: Dutch for the web app and reports, English for the CLI."""
    return STATUS_WORDS[lang][status]


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
class Evidence:
    passage: Passage
    role: str  # support | against
    relevance: float  # calibrated probability that the passage is about the recommendation

    @property
    def page(self) -> int:
        return self.passage.page

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def doc_id(self) -> str:
        return self.passage.doc_id


@dataclass
class Result:
    recommendation: Recommendation
    status: str
    evidence: list[Evidence]
    reason: str  # Dutch
    scores: dict = field(default_factory=dict)
    reason_en: str = ""

    def reason_in(self, lang: str = "nl") -> str:
        return self.reason_en if lang == "en" and self.reason_en else self.reason

    def to_json(self, lang: str = "nl") -> dict:
        """``lang``: 'nl' for the web app and Dutch reports, 'en' for the CLI (status label and reason)."""
        r = self.recommendation
        return {"recommendation": {"id": r.id, "doc_id": r.doc_id, "page": r.page, "text": r.text},
                "status": self.status, "status_label": status_label(self.status, lang),
                "evidence": [{"doc_id": e.doc_id, "page": e.page, "text": e.text, "role": e.role,
                              "relevance": round(float(e.relevance), 3)} for e in self.evidence],
                "reason": self.reason_in(lang)}


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


def _cut_objects(text: str) -> set[str]:
    """Stems of what a text says to cut or restrain (the words right after a cut cue)."""
    objs: set[str] = set()
    for m in CUT.finditer(text):
        tail = text[m.end():m.end() + 60]
        objs.update(stem(w) for w in content_words(tail)[:4] if w not in GENERIC)
        head = text[max(0, m.start() - 60):m.start()]  # "de subsidie wordt afgebouwd"
        objs.update(stem(w) for w in content_words(head)[-3:] if w not in GENERIC)
    return objs


def opposes(rec_text: str, passage: str) -> bool:
    """Does the passage move against the recommendation? Restraint on new
    projects/pilots in the recommendation versus new initiatives in the plan, or
    cuts in the plan on what the recommendation wants strengthened."""
    rec_restrains = bool(RESTRAIN.search(rec_text)) and bool(NEW_INITIATIVE.search(rec_text) or
                                                             re.search(r"\bproject", rec_text, re.I))
    if rec_restrains and NEW_INITIATIVE.search(passage) and STARTS.search(passage) and not NEGATED.search(passage):
        return True
    if EXPAND.search(rec_text) and not RESTRAIN.search(rec_text):
        objs = _cut_objects(passage)
        rec_stems = set(stems(rec_text, generic=False))
        if objs & rec_stems and not NEGATED.search(passage):
            return True
    return False


def _restrained_objects(rec_text: str) -> set[str]:
    """Stems of what a recommendation says to hold back on ("wees terughoudend met nieuwe pilots" -> pilot)."""
    objs: set[str] = set()
    for m in RESTRAIN.finditer(rec_text):
        objs.update(stem(w) for w in content_words(rec_text[m.end():m.end() + 40])[:3] if w not in GENERIC)
    return objs


# --- calibrated relevance ------------------------------------------------------------------------

CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"
LEXICAL = "lexical"  # the calibration without embeddings: used for an embedder that was never calibrated


@dataclass(frozen=True)
class Calibration:
    """Relevance of a passage to a recommendation for one embedder: the embedding similarity, the IDF-weighted
    share of the recommendation's specific terms that the passage names, and the share of the recommendation's
    evaluation themes it expresses (:mod:`recommendations.themes`), each standardised on passages of plans that do
    NOT address the recommendations (negative controls) and summed with the weights below. ``dense_weight`` 0 is
    the lexical-only calibration (for an embedder that was never calibrated)."""

    model: str
    dense_mean: float
    dense_std: float
    cover_mean: float
    cover_std: float
    gate: float  # a recommendation needs one passage at least this relevant, else not_addressed
    floor: float  # passages at or below this are never shown as evidence
    dense_weight: float = 1.0
    theme_mean: float = 0.0
    theme_std: float = 1.0
    theme_weight: float = 0.0

    def relevance(self, dense: np.ndarray, cover: np.ndarray, theme: np.ndarray | None = None) -> np.ndarray:
        z = (cover - self.cover_mean) / max(self.cover_std, 1e-6)
        if self.dense_weight:
            z = z + self.dense_weight * (dense - self.dense_mean) / max(self.dense_std, 1e-6)
        if self.theme_weight and theme is not None:
            z = z + self.theme_weight * (theme - self.theme_mean) / max(self.theme_std, 1e-6)
        return z


@lru_cache(maxsize=1)
def _calibrations() -> dict:
    try:
        return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def background_terms() -> dict | None:
    """{"passages": n, "df": {stem: passages}}: how common specific stems are in Dutch policy texts."""
    bg = _calibrations().get("background")
    return bg if bg and bg.get("passages") else None


def calibration_for(embedder) -> Calibration:
    """The calibration of ``embedder`` (by its name), or the lexical one when it has none."""
    table = _calibrations()
    name = getattr(embedder, "name", "") if embedder is not None else ""
    entry = table.get(name)
    if entry is None:
        name = LEXICAL
        entry = table.get(LEXICAL) or {"dense_mean": 0.0, "dense_std": 1.0, "cover_mean": 0.0, "cover_std": 0.05,
                                       "gate": 6.0, "floor": 0.0, "dense_weight": 0.0}
    return Calibration(name, *(float(entry.get(k, d)) for k, d in (
        ("dense_mean", 0.0), ("dense_std", 1.0), ("cover_mean", 0.0), ("cover_std", 1.0), ("gate", 0.0),
        ("floor", 0.0), ("dense_weight", 0.0), ("theme_mean", 0.0), ("theme_std", 1.0), ("theme_weight", 0.0))))


def embed(embedder, texts: list[str], kind: str) -> np.ndarray:
    """Vectors of ``texts``; ``kind`` ('query' or 'passage') for embedders that tell them apart."""
    try:
        return embedder.embed_batch(texts, kind=kind)
    except TypeError:  # an embedder without kinds
        return embedder.embed_batch(texts)


MIN_UNIT_WORDS = 3  # a sentence of a recommendation is an advice unit of its own with this many content words


def advice_units(text: str) -> list[str]:
    """The recommendation as a whole and, when it has several, each of its sentences with some substance: a
    recommendation often bundles pieces of advice ("Bouw verder op de visie ... Werk het beleid uit naar SMART
    doelen ... Besef dat ..."), and a plan that takes up one of them is about the recommendation even when the
    whole text, as one query, is diluted by the others."""
    parts = [t for _, t in sentences(text) if len(content_words(substance(t))) >= MIN_UNIT_WORDS]
    return [text] + (parts if len(parts) > 1 else [])


def specific_stems(text: str) -> set[str]:
    """Stems of a recommendation's substance or a passage, without generic policy words and frame verbs."""
    return {stem(w) for w in content_words(substance(text)) if w not in GENERIC and not is_frame_word(w)}


class PlanScorer:
    """Scores one plan's passages against recommendations: calibrated relevance (the gate) and a
    hybrid ranking (BM25 + dense + key-term coverage + themes) for the evidence."""

    def __init__(self, plan_passages: list[Passage], embedder, background: Iterable[str] = (),
                 calibration: Calibration | None = None):
        from index.lexical import LexicalIndex

        self.passages = plan_passages
        self.embedder = embedder
        self.calibration = calibration or calibration_for(embedder)
        texts = [p.scored for p in plan_passages]
        self.vectors = embed(embedder, texts, "passage") if texts and embedder is not None \
            else np.zeros((len(texts), 1), dtype=np.float32)
        self.lexical = LexicalIndex()
        self.lexical.build([str(i) for i in range(len(texts))], texts)
        # term weights over the plan and the recommendations checked: words common to many of them
        # ('inwoners', 'gemeente') weigh little
        self.weights = TermWeights(list(texts) + list(background))
        self.stemsets = [set(stems(t, generic=False)) for t in texts]
        self.specific = [specific_stems(t) for t in texts]
        self.themes = [theme_scores(t) for t in texts]
        self._dense_cache: dict[str, np.ndarray] = {}
        self.form_k = FORM_RRF_K  # the form ranking's fusion (the evaluation reports how sensitive recall is to it)
        self.form_weight = 1.0

    # -- features -------------------------------------------------------------------------------
    def dense(self, rec_text: str) -> np.ndarray:
        key = substance(rec_text)
        if key not in self._dense_cache:
            if not self.passages or self.embedder is None:
                self._dense_cache[key] = np.zeros(len(self.passages))
            else:
                q = embed(self.embedder, [key], "query")[0]
                self._dense_cache[key] = np.clip(self.vectors @ q, 0, 1)
        return self._dense_cache[key]

    def idf(self, stem_: str) -> float:
        """Weight of a stem: from the background frequencies of Dutch policy texts stored with the calibration
        (so that it does not depend on how many recommendations are checked), else from the plan itself."""
        bg = background_terms()
        if bg:
            n = bg["passages"]
            return math.log((n + 1) / (bg["df"].get(stem_, 0) + 0.5))
        return max(self.weights.idf(stem_), 0.0)

    def features(self, rec_text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(dense similarity, IDF-weighted coverage of the recommendation's specific terms, share of its themes)
        for every passage."""
        keys = specific_stems(rec_text)
        idf = {k: self.idf(k) for k in keys}
        total = sum(idf.values()) or 1.0
        cover = np.array([sum(idf[k] for k in keys & s) / total for s in self.specific])
        return self.dense(rec_text), cover, self.theme_share(rec_text)

    def theme_share(self, rec_text: str) -> np.ndarray:
        """Share of the recommendation's evaluation themes that every passage expresses."""
        rec_themes = theme_weights(rec_text)
        if not rec_themes:
            return np.zeros(len(self.passages))
        return np.array([sum(w * min(1.0, t.get(key, 0.0) / THEME_FULL) for key, w in rec_themes.items())
                         for t in self.themes])

    def unit_features(self, rec_text: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """:meth:`features` of every advice unit of the recommendation (:func:`advice_units`)."""
        return [self.features(u) for u in advice_units(rec_text)]

    def relevance(self, rec_text: str) -> np.ndarray:
        """Calibrated relevance, per passage, to the recommendation's substance: the best over its advice units
        (0: as related as the average passage of an unrelated plan; the gate: as related as the best passage of
        only 5% of the recommendations checked against an unrelated plan)."""
        if not self.passages:
            return np.zeros(0)
        return np.max(np.stack([self.calibration.relevance(*f) for f in self.unit_features(rec_text)]), axis=0)

    def score(self, rec_text: str, linked: str | None = None) -> np.ndarray:
        """Uncalibrated hybrid relevance (dense + BM25 + key-term coverage) used for ranking."""
        if not self.passages:
            return np.zeros(0)
        bm = self._bm25(substance(rec_text))
        return 0.5 * self.dense(rec_text) + 0.25 * bm + 0.25 * self._coverage(rec_text)

    def key_terms(self, rec_text: str, k: int = 8) -> list[str]:
        """The recommendation's most specific stems, from its substance (no generic verbs or advice frame)."""
        return self.weights.key_terms(substance(rec_text), k)

    def _coverage(self, rec_text: str) -> np.ndarray:
        keys = set(self.key_terms(rec_text))
        return np.array([len(keys & s) / max(len(keys), 1) for s in self.stemsets])

    def _bm25(self, query: str) -> np.ndarray:
        bm = self.lexical.scores(query)
        return bm / bm.max() if bm.size and bm.max() > 0 else np.zeros(len(self.passages))

    def retrieval_score(self, rec_text: str, linked: str | None = None) -> np.ndarray:
        """Ranking of evidence candidates: the base score plus an expanded query
        (the report recommendation the letter repeats, the recommendation's
        themes and their vocabulary, Dutch policy synonyms) and the share of
        the recommendation's themes a passage expresses."""
        base = self.score(rec_text)
        if base.size == 0:
            return base
        full = f"{rec_text} {linked}" if linked else rec_text
        expanded = " ".join([substance(full)] + expansion_terms(full) + synonyms(full))
        bm = self._bm25(expanded)
        rec_themes = theme_weights(full)
        theme = np.array([sum(w * min(1.0, t.get(key, 0.0) / THEME_FULL) for key, w in rec_themes.items())
                          for t in self.themes]) if rec_themes else np.zeros(len(self.passages))
        if linked and self.embedder is not None:
            q = embed(self.embedder, [substance(linked)], "query")[0]
            dense_linked = np.clip(self.vectors @ q, 0, 1)
            base = np.maximum(base, 0.5 * dense_linked + 0.25 * bm)
        return 0.55 * base + 0.2 * bm + 0.25 * theme

    @staticmethod
    def _forms(rec_text: str, linked: str | None = None) -> set[str]:
        """The form advice the checked recommendation itself gives (a letter's own wording decides; the report
        recommendation it repeats only widens retrieval)."""
        forms: set[str] = set()
        for u in advice_units(rec_text):
            forms |= advice_forms(u)
        return forms

    def form_signals(self, rec_text: str, linked: str | None = None) -> np.ndarray | None:
        """Per passage, how clearly it shows the form a piece of form advice asks for (measurable targets for
        "formuleer SMART doelen", a monitoring cycle for "zorg voor monitoring", choices among projects for "wees
        terughoudend met nieuwe projecten", a role given to professionals for "wijs aanjagers aan"), the best over
        the advice kinds of the recommendation's units (:func:`nl.planform.advice_forms`); None when it gives no
        advice about form."""
        forms = self._forms(rec_text, linked)
        if not forms or not self.passages:
            return None
        return np.array([max(form_signal(f, p.scored) for f in sorted(forms)) for p in self.passages])

    def evidence_order(self, rec_text: str, linked: str | None = None) -> list[int]:
        """Passages in evidence order: the retrieval ranking (:meth:`retrieval_score`), and for advice about the
        form of a plan also a form ranking (form signal, ties by retrieval score), fused by reciprocal rank
        (:data:`FORM_RRF_K`). A plan answers "formuleer meetbare doelen" with "Afname van ... met 200 cliënten in
        2022", which shares no word with the advice."""
        ranked = self.retrieval_score(rec_text, linked)
        order = [int(i) for i in np.argsort(-ranked)]
        sig = self.form_signals(rec_text, linked)
        if sig is None or not sig.any():
            return order
        base_rank = np.empty(len(order))
        base_rank[order] = np.arange(1, len(order) + 1)
        form_order = [i for i in np.lexsort((-ranked, -sig)) if sig[i] > 0]
        fused = 1.0 / (self.form_k + base_rank)
        for r, i in enumerate(form_order, 1):
            fused[i] += self.form_weight * sig[i] / (self.form_k + r)
        return [int(i) for i in np.argsort(-fused, kind="stable")]

    # -- the check ----------------------------------------------------------------------------------
    def check(self, rec: Recommendation, k: int = EVIDENCE, linked: str | None = None) -> Result:
        if not self.passages:
            return Result(rec, "not_addressed", [], "Het plan bevat geen tekst om te toetsen.", {},
                          "The plan has no text to check.")
        cal = self.calibration
        prob = self.relevance(rec.text)
        if linked:  # a letter's recommendation also counts what the report recommendation it repeats says
            prob = np.maximum(prob, self.relevance(linked))
        best = float(prob.max())
        feats = {"relevance": round(best, 3), "gate": cal.gate, "calibration": cal.model}
        order = [int(i) for i in np.argsort(-self.retrieval_score(rec.text, linked))]
        # a passage that does the opposite to the very object of the advice ("we starten vijf nieuwe pilots" against
        # "wees terughoudend met nieuwe pilots") is about its substance even when little else is shared
        opposite = [i for i in order[:12] if prob[i] > cal.floor and opposes(rec.text, self.passages[i].scored)
                    and _restrained_objects(rec.text) & self.stemsets[i]]
        if best < cal.gate and not opposite:
            feats.update(concrete=0, against=0, strong=False)
            return Result(rec, "not_addressed", [], "Het plan bevat geen passage over het onderwerp van deze "
                          "aanbeveling.", feats, "The plan has no passage on the subject of this recommendation.")
        relevant = [i for i in order if prob[i] > cal.floor]
        gated = [i for i in relevant if prob[i] >= cal.gate]
        # the plan is about the recommendation's subject (it passed the gate): a passage among the best ranked
        # that moves the other way counts against it, even when it words the subject differently ("pilots")
        against = [i for i in list(dict.fromkeys(relevant[:12] + order[:12]))
                   if opposes(rec.text, self.passages[i].scored)]
        cover = self._coverage(rec.text)
        # measures count among the relevant passages (above the floor) once the recommendation passed the gate
        concrete_all = [i for i in relevant if CONCRETE.search(self.passages[i].scored) and i not in against]
        strong = next((i for i in concrete_all if i in gated and cover[i] >= STRONG_COVERAGE), None)
        candidates = [i for i in dict.fromkeys(([strong] if strong is not None else []) + gated[:2]
                                               + [i for i in relevant if i not in against]) if i not in against]
        support = candidates[:k]
        concrete = [i for i in support if i in concrete_all]
        feats.update(concrete=len(concrete), against=len(against), strong=strong is not None)
        quoted: list[int] = []  # the supporting passages the reason quotes: always shown
        con_ev = [Evidence(self.passages[i], "against", float(prob[i])) for i in against[:2]]
        support_gated = [i for i in support if i in gated]
        if against:
            # which weighs more: the passages that follow the advice or those that go against it
            # which weighs more: the relevance (above the evidence floor) of the passages that follow the advice
            # against that of the passages that go against it, the best ``k`` of each
            def weight(ids):
                return sum(sorted((max(0.0, float(prob[i]) - cal.floor) for i in ids), reverse=True)[:k])

            # only a passage about the advice's substance (over the gate) follows it; a passage that is merely
            # related (above the evidence floor) does not outweigh one that goes against it
            followers = support_gated
            quoted = followers[:1]
            con, sup = self.passages[against[0]], (self.passages[followers[0]] if followers else None)
            feats.update(weight_for=round(weight(followers), 2), weight_against=round(weight(against), 2))
            if sup is not None and weight(followers) >= weight(against):
                status = "partly"
                nl = (f"Het plan volgt de aanbeveling op p. {sup.page} ({_quote(sup.text)}), maar gaat er op "
                      f"p. {con.page} tegenin ({_quote(con.text)}); het volgen weegt zwaarder, dus deels opgepakt.")
                en = (f"The plan follows the recommendation on p. {sup.page} but goes against it on p. {con.page}; "
                      f"following it weighs more, so it is partly addressed.")
            elif sup is not None:
                status = "conflicts"
                nl = (f"Het plan gaat op p. {con.page} tegen de aanbeveling in ({_quote(con.text)}), en volgt haar "
                      f"alleen op p. {sup.page} ({_quote(sup.text)}); de tegengestelde koers weegt zwaarder, "
                      f"dus strijdig.")
                en = (f"The plan goes against the recommendation on p. {con.page} and follows it only on "
                      f"p. {sup.page}; going against it weighs more, so it conflicts.")
            else:
                status = "conflicts"
                nl = f"Het plan doet het tegenovergestelde van de aanbeveling: p. {con.page}, {_quote(con.text)}."
                en = f"The plan does the opposite of the recommendation (p. {con.page})."
        elif len(concrete) >= 2 or strong is not None:
            status = "addressed"
            quoted = [strong] if strong is not None and len(concrete) < 2 else concrete[:2]
            shown = [self.passages[i] for i in quoted]
            nl = ("Het plan noemt concrete maatregelen: "
                  + " en ".join(f"p. {p.page}, {_quote(p.text)}" for p in shown) + ".")
            en = "The plan names concrete measures on this (" + ", ".join(f"p. {p.page}" for p in shown) + ")."
        else:
            status = "partly"
            quoted = [support_gated[0] if support_gated else support[0]]
            p = self.passages[quoted[0]]
            nl = (f"Het plan gaat op het onderwerp in (p. {p.page}, {_quote(p.text)}), maar noemt er "
                  + ("geen concrete maatregelen bij." if not concrete else "slechts één concrete maatregel bij."))
            en = (f"The plan takes up the subject (p. {p.page}) but names "
                  + ("no concrete measures for it." if not concrete else "only one concrete measure for it."))
        # the status rests on the retrieval ranking; the passages shown for advice about a plan's form also follow
        # the form ranking (targets for "meetbare doelen"), after those the reason quotes
        shown = [i for i in self.evidence_order(rec.text, linked) if prob[i] > cal.floor and i not in against]
        pro = [Evidence(self.passages[i], "support", float(prob[i]))
               for i in spread(self.passages, quoted, shown, k)]
        evidence = con_ev + pro if status == "conflicts" else pro + con_ev  # what justifies the status first
        return Result(rec, status, evidence, nl, feats, en)


def spread(plan: list[Passage], first: list[int], ranked: list[int], k: int) -> list[int]:
    """``k`` evidence passages: ``first`` (those the reason quotes), then the best ranked of every page not yet
    shown, then the rest in rank order. Passages of one page often say the same; a reader checks the plan's
    different places first."""
    out = list(dict.fromkeys(first))[:k]
    pages = {plan[i].page for i in out}
    for i in ranked:
        if len(out) >= k:
            break
        if i not in out and plan[i].page not in pages:
            out.append(i)
            pages.add(plan[i].page)
    out += [i for i in ranked if i not in out][:k - len(out)]
    return out


def _quote(text: str, n: int = QUOTE_WORDS) -> str:
    toks = clean(text).split()
    short = " ".join(toks[:n]) + (" ..." if len(toks) > n else "")
    return f"\u201c{short}\u201d"


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
    linked = linked or {}
    scorer = PlanScorer(passages(plan.doc_id, blocks), embedder,
                        background=[r.text for r in recs] + list(linked.values()))
    results = [scorer.check(r, linked=linked.get(r.id)) for r in recs]
    if judge is not None:
        results = [judge.review(r) for r in results]
    return results
