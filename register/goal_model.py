"""A small learned goal detector on top of the goal rules.

The rules in :mod:`register.goals` find goals where a document announces them ("De strategische doelen zijn:",
a heading "Wat willen we bereiken?") and lists them. Documents also state goals as single prose sentences ("Het
doel is ...", "Gestreefd wordt naar ...") and as unmarked paragraphs in a column under "Belangrijkste resultaten";
and not every sentence under a goal heading is a goal. So every sentence and list item of a document is a
*candidate*, described by features of its structure (heading above it and the heading's column, list marker,
block kind, position in its paragraph, length, ending), its Dutch wording (goal cues, the first words, numbers and
years) and whether the rules found it; a logistic regression gives the probability that it is a goal and a
multinomial one its level. Both are trained on the development gold by ``evaluations/train_goal_model.py`` and
shipped as plain weights in ``goal_model.json`` (no pickles; inference is a dot product).

There are no document names, phrases of one document or numbers in the features: only general Dutch
policy-language cues and layout.
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nl.patterns import one_of
from nl.verbs import STRIVE, present

from .goals import (COMMITS, DEADLINE_WORD, GOAL_START, GOAL_TERM, LEVELS, MODAL, PASSIVE_ACT, TAKES_PLACE,
                    GoalDraft, cue_levels, flattened_cells, is_cue, same_goal, states_goal, tokens)
from .segment import Piece, clean_item, split_sentences

MODEL_PATH = Path(__file__).with_name("goal_model.json")
THRESHOLD = 0.8  # a candidate the rules missed is added from this probability on
KEEP = 0.1  # a goal the rules found is dropped below this probability

_RESULT = re.compile(r"\bresulta(?:at|ten)\b|\boperatione|\bsubdoel", re.I)
_CONTEXT = re.compile(r"toelichting|ontwikkeling|inspanning|activiteit|wat gaan we|wat mag|kosten|financi|"
                      r"risico|indicator|middelen|planning|organisatie|inleiding|aanleiding|achtergrond|"
                      r"monitoring|bijlage|begroting|verbonden partij|paragraaf", re.I)
_CUES = {
    "cue_doel_is": re.compile(r"\bdoel(?:stelling)?\b[^.]{0,60}\b(?:is|zijn|luidt|luiden)\b", re.I),
    "cue_met_doel": re.compile(r"\bmet (?:als )?(?:het )?doel\b", re.I),
    "cue_bedoeling": re.compile(r"\bde bedoeling is\b", re.I),
    "cue_streven": re.compile(r"\b" + one_of(STRIVE) + r"\b", re.I),
    "cue_willen": re.compile(r"\b" + one_of(present("willen")) + r"\b", re.I),
    "cue_ambitie": re.compile(r"\bambitie\b", re.I),
    "cue_programma": re.compile(r"\b(?:dit|het) programma\b", re.I),
    "cue_zorgt": re.compile(r"\bzorg(?:t|en) (?:er ?voor|dat)\b", re.I),
    "cue_passive_result": re.compile(r"\b(?:is|zijn|wordt|worden)\s+\w+(?:d|t|en)\.?$", re.I),
    "cue_we": re.compile(r"^(?:wij|we)\b", re.I),
    "cue_past": re.compile(r"\b(?:hebben|heeft|is|zijn)\b[^.]{0,40}\b(?:gehaald|gerealiseerd|uitgevoerd)\b", re.I),
    "cue_vague": re.compile(r"\b(?:bijvoorbeeld|zoals|onder andere|daarnaast|hierbij|daarbij)\b", re.I),
}
FIRST_WORDS = frozenset("""
de het een in eind uiterlijk medio begin per vanaf voor na op om door met bij tot er dit deze dat die dat wij we ons
onze zij hij het ook daarnaast daarbij hierbij verder tevens zo als wanneer indien wat wie hoe waar meer minder
toename afname daling stijging groei verhoging verlaging minimaal maximaal ten tenminste alle elke iedere geen
samen uitvoering uitvoeren opleveren start realisatie realiseren inkoop implementatie monitoring evaluatie
""".split())
_NUMBER = re.compile(r"\d")
_YEAR = re.compile(r"\b20\d\d\b")
_PCT = re.compile(r"%|\bprocent\b")
_VERB_INF = re.compile(r"\b\w+(?:en)\b\.?$")


@dataclass
class Candidate:
    text: str
    page: int
    order: int  # position in the document
    piece: int  # index of its piece
    section: str = ""
    features: dict[str, float] = field(default_factory=dict)
    rule: GoalDraft | None = None


def _bucket(n: int) -> str:
    for b in (3, 6, 10, 20, 35, 60):
        if n <= b:
            return str(b)
    return "more"


def _heading_features(f: dict, heading: str, prefix: str) -> None:
    if not heading:
        f[prefix + "none"] = 1.0
        return
    if GOAL_TERM.search(heading) or re.search(r"bereiken", heading, re.I):
        f[prefix + "goal"] = 1.0
    if _RESULT.search(heading):
        f[prefix + "result"] = 1.0
    if _CONTEXT.search(heading):
        f[prefix + "context"] = 1.0
    if heading.rstrip().endswith("?"):
        f[prefix + "question"] = 1.0


def candidates(pcs: list[Piece], rule_goals: list[GoalDraft]) -> list[Candidate]:
    """Every sentence and list item of a document as a candidate goal, with its features."""
    out: list[Candidate] = []
    headings: dict[str, str] = {}  # column -> the last heading in that column ("" = full width)
    last_heading = ""
    prev_text = ""
    cells, rows = flattened_cells(pcs)
    since_label = 99  # pieces since a goal label on its own line ("Ambitie gemeenteraad:", "Doelen:")
    for idx, piece in enumerate(pcs):
        since_label += 1
        if idx in rows or idx in cells:  # a row of a two-column table printed as text: its second-column cells
            for text, page, _ in cells.get(idx, []):
                f = {"bias": 1.0, "cell": 1.0, "len=" + _bucket(len(tokens(text))): 1.0}
                _heading_features(f, headings.get(piece.column) or headings.get("") or last_heading, "h_")
                _mood_features(f, text)
                rule = next((g for g in rule_goals if g.text == text or same_goal(g.text, text)[0]), None)
                if rule is not None:
                    f["rule"] = 1.0
                    f["rule_level=" + rule.level] = 1.0
                out.append(Candidate(text, page, len(out), idx, last_heading, f, rule))
            continue
        if not piece.heading and piece.marker is None and len(split_sentences(piece.text)) == 1 and \
                piece.text.rstrip().endswith(":") and len(tokens(piece.text)) <= 6 and is_cue(piece.text, False):
            since_label = 0
        if piece.heading:
            last_heading = piece.heading_text
            headings[piece.column] = piece.heading_text
            if piece.column == "":
                headings = {"": piece.heading_text}
            prev_text = ""
            continue
        heading = headings.get(piece.column) or headings.get("") or last_heading
        spans = split_sentences(piece.text)
        n_sent = len(spans)
        units = [(j, a, b, False) for j, (a, b) in enumerate(spans)]
        if 2 <= n_sent <= 3:  # the whole paragraph or list item as one goal
            units.append((0, 0, len(piece.text.rstrip()), True))
        for j, a, b, whole in units:
            s = clean_item(piece.text[a:b]) if j == 0 and piece.marker else piece.text[a:b].strip()
            if not s:
                continue
            f: dict[str, float] = {"bias": 1.0}
            if whole:
                f["whole_paragraph"] = 1.0
            toks = tokens(s)
            f["len=" + _bucket(len(toks))] = 1.0
            f["marker=" + (piece.marker or "none") + ("" if j == 0 else "_later")] = 1.0
            f["block=" + (piece.block_kind or "paragraph")] = 1.0
            f["sent_pos=" + ("first" if j == 0 else "later")] = 1.0
            f["n_sent=" + _bucket(n_sent)] = 1.0
            if piece.column:
                f["two_columns"] = 1.0
                if piece.column == piece.heading_column:
                    f["under_column_heading"] = 1.0
            _heading_features(f, heading, "h_")
            _heading_features(f, last_heading if last_heading != heading else "", "h2_")
            if since_label == 1:
                f["after_goal_label"] = 1.0
            if n_sent > 1:
                f["sent_last"] = float(j == n_sent - 1 and not whole)
            _mood_features(f, s)
            if GOAL_START.match(s):
                f["goal_start"] = 1.0
            if GOAL_TERM.search(s):
                f["goal_term"] = 1.0
            for name, rx in _CUES.items():
                if rx.search(s):
                    f[name] = 1.0
            if _NUMBER.search(_YEAR.sub("", s)):
                f["number"] = 1.0
            if _YEAR.search(s):
                f["year"] = 1.0
            if _PCT.search(s):
                f["percent"] = 1.0
            end = s.rstrip()[-1:]
            f["end=" + ({".": "period", ":": "colon", ";": "semicolon", "?": "question", ")": "paren"}.get(end, "other"))] = 1.0
            if prev_text.rstrip().endswith(":"):
                f["after_colon"] = 1.0
            words = s.split()
            first = words[0].lower().strip("‘'\"(,.:;") if words else ""
            if first in FIRST_WORDS:  # a closed class of Dutch sentence openers, never a name or a number
                f["w1=" + first] = 1.0
            if words and words[0][:1].islower():
                f["starts_lower"] = 1.0
            rule = next((g for g in rule_goals if g.text == s or same_goal(g.text, s)[0]), None)
            if rule is not None:
                f["rule"] = 1.0
                f["rule_level=" + rule.level] = 1.0
            out.append(Candidate(s, piece.page_at(a, b), len(out), idx, heading, f, rule))
            if not whole:
                prev_text = s
        if not spans:
            prev_text = piece.text
    return out


def _mood_features(f: dict[str, float], s: str) -> None:
    """Mood and modality of a sentence: does it commit to an outcome (register/goals.py: states_goal)?"""
    t = s.strip()
    for name, hit in (("mood_states_goal", states_goal(t)), ("mood_commits", COMMITS.match(t)),
                      ("mood_passive_act", PASSIVE_ACT.search(t)), ("mood_takes_place", TAKES_PLACE.search(t)),
                      ("mood_modal", MODAL.search(t)), ("mood_deadline", DEADLINE_WORD.search(t))):
        if hit:
            f[name] = 1.0


@dataclass
class GoalModel:
    weights: dict[str, float]
    bias: float
    level_weights: dict[str, dict[str, float]]
    level_bias: dict[str, float]
    threshold: float = THRESHOLD
    uses_rules: bool = True  # False: a model trained without the rules' decisions, choosing goals on its own

    def proba(self, f: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in f.items()
                            if self.uses_rules or not k.startswith("rule"))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def level(self, f: dict[str, float]) -> str:
        scores = {lv: self.level_bias.get(lv, 0.0) + sum(w.get(k, 0.0) * v for k, v in f.items())
                  for lv, w in self.level_weights.items()}
        return max(scores, key=scores.get) if scores else "strategisch"

    def to_json(self) -> dict:
        return {"weights": self.weights, "bias": self.bias, "level_weights": self.level_weights,
                "level_bias": self.level_bias, "threshold": self.threshold, "uses_rules": self.uses_rules}

    @classmethod
    def from_json(cls, d: dict) -> "GoalModel":
        return cls(d["weights"], d["bias"], d["level_weights"], d["level_bias"], d.get("threshold", THRESHOLD),
                   d.get("uses_rules", True))


@functools.lru_cache(maxsize=1)
def shipped_model() -> GoalModel | None:
    if not MODEL_PATH.exists():
        return None
    return GoalModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def select_goals(pcs: list[Piece], rule_goals: list[GoalDraft], model: GoalModel | None,
                 embed: Callable[[list[str]], list] | None = None) -> list[GoalDraft]:
    """The goals of a document: the rules' goals, less those the model finds very unlikely (p < KEEP), plus
    candidates the rules missed that the model finds likely (p >= ADD) and that overlap no goal already chosen.
    Added goals get their level from the level model; rule goals keep the rules' level and parent.
    ``embed``: texts -> sentence vectors, for a model trained with embedding features (passed in by the caller,
    e.g. an index embedder's ``embed_batch``; the shipped model has none)."""
    if model is None:
        return rule_goals
    cands = candidates(pcs, rule_goals)
    if embed is not None and any(k.startswith("e5_") for k in model.weights):
        for c, v in zip(cands, embed([c.text for c in cands])):
            c.features.update({f"e5_{k}": float(x) for k, x in enumerate(v)})
    best_for_rule: dict[int, float] = {}
    for c in cands:
        if c.rule is not None:
            best_for_rule[c.rule.key] = max(best_for_rule.get(c.rule.key, 0.0), model.proba(c.features))
    kept = [g for g in rule_goals if best_for_rule.get(g.key, 1.0) >= KEEP] if model.uses_rules else []
    kept_keys = {g.key for g in kept}
    added: list[tuple[float, Candidate]] = []
    pool = [c for c in cands if c.rule is None or not model.uses_rules]
    for p, c in sorted(((model.proba(c.features), c) for c in pool), key=lambda x: -x[0]):
        if p < model.threshold:
            break
        if any(g.page == c.page and _overlap(g.text, c.text) for g in kept) or \
                any(o.page == c.page and _overlap(o.text, c.text) for _, o in added):
            continue
        added.append((p, c))
    drafts: list[GoalDraft] = []
    new_key: dict[int, int] = {}
    entries = [(g.page, 0, g) for g in kept] + [(c.page, 1, c) for _, c in added]
    for page, kind, x in sorted(entries, key=lambda e: (e[0], e[1])):
        if kind == 0:
            d = GoalDraft(len(drafts), x.text, x.page, x.level, section=x.section)
            new_key[x.key] = d.key
        else:
            d = GoalDraft(len(drafts), x.text, x.page, model.level(x.features), section=x.section)
        drafts.append(d)
    for g in kept:
        if g.parent is not None and g.parent in kept_keys:
            drafts[new_key[g.key]].parent = new_key[g.parent]
    for d in drafts:  # a parent must stand above its child
        if d.parent is not None and LEVELS.index(drafts[d.parent].level) >= LEVELS.index(d.level):
            d.parent = None
    return drafts


def _overlap(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.8


__all__ = ["Candidate", "GoalModel", "candidates", "select_goals", "shipped_model", "cue_levels"]
