"""Content words as policy concepts, and the spaCy pipeline that reads them.

* :func:`get_nlp`: a blank Dutch spaCy model with rule-based lookup lemmas (no downloads) and a
  sentencizer, created once per process (the register's vague-language matcher runs on it);
* :func:`content_lemmas`: the normalised content words of a text (lookup lemma, the concept lexicon
  :data:`CONCEPTS`, then a Dutch Snowball stem), without :data:`STOPWORDS`; the register links
  indicators and budgets to goals with them;
* :func:`split_compounds`: compounds split on a given vocabulary ("gasverbruik" -> gas, verbruik).

:data:`STOPWORDS` is a short hand-made list: function words plus words that every indicator or budget
line of a municipal plan carries ("jaar", "aantal", "gemeente", "totaal", "t.o.v."), so that two lines do
not link on those. It differs from :func:`nl.analysis.stopwords` (the Snowball list of ``bm25s`` plus the
words questions add, for the search index) and is not merged with it: the register's linking figures were
measured with this list. Likewise :func:`split_compounds` is not :meth:`nl.analysis.DutchAnalyzer.split`:
it splits on the vocabulary of one document's goals, a first match, for linking.
"""
from __future__ import annotations

import functools
import threading
import re

from .analysis import stem

STOPWORDS = frozenset("""
de het een en of van in op aan voor met door bij tot uit om te naar over onder dan als dat die dit deze
zijn is was worden wordt werd zal zullen kan kunnen moet moeten heeft hebben had er hier daar ook nog
wel niet geen meer minder zo zich hun haar hem ze zij wij we ons onze jaar jaren per t.o.v. aantal
gemeente totale totaal waar wat wie welke zoals alle elk ieder
""".split())


_NLP_LOCK = threading.Lock()


def get_nlp():
    """The shared pipeline: blank("nl") + lookup lemmatizer + sentencizer. Built once
    per process; a thread that asks while another builds it waits for that one (an
    ingest loads it in the background while the first document is parsed)."""
    with _NLP_LOCK:
        return _build_nlp()


@functools.lru_cache(maxsize=1)
def _build_nlp():
    import spacy

    nlp = spacy.blank("nl")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception:  # pragma: no cover - spacy-lookups-data missing
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    nlp.add_pipe("sentencizer")
    return nlp


_WORD = re.compile(r"[a-zà-ÿ][a-zà-ÿ'’\-]+")

# Words that name the same policy concept (a small lexicon of Dutch policy language).
CONCEPTS = {
    "gas": "energie", "aardgas": "energie", "fossiel": "energie", "fossiele": "energie",
    "elektriciteit": "energie", "stroom": "energie", "warmte": "energie",
    "verbruik": "gebruik", "gebruiken": "gebruik", "verbruiken": "gebruik",
    "schoon": "schoon", "schoner": "schoon", "schone": "schoon",
    "groener": "groen", "groene": "groen", "blauwgroen": "groen",
    "auto": "auto", "personenauto": "auto", "bedrijfsauto": "auto",
    "leerling": "school", "scholier": "school", "scholen": "school",
    "eenzaam": "eenzaamheid", "werkloos": "werk", "werkloosheid": "werk", "baan": "werk",
}


@functools.lru_cache(maxsize=20000)
def _norm_word(word: str) -> str:
    if word in CONCEPTS:
        return CONCEPTS[word]
    st = stem(word)
    return CONCEPTS.get(st, st)


def content_lemmas(text: str) -> list[str]:
    """Normalised content words: lookup lemma, concept lexicon, Snowball stem; no stop words."""
    doc = get_nlp()(text.lower())
    out = []
    for tok in doc:
        w = (tok.lemma_ or tok.text).lower()
        if not _WORD.fullmatch(w) or w in STOPWORDS or len(w) < 3:
            continue
        out.append(_norm_word(w))
    return out


def split_compounds(words: list[str], vocabulary: set[str]) -> list[str]:
    """Split Dutch compounds on known vocabulary: 'gasverbruik' -> 'gas'..'verbruik' concepts."""
    out = list(words)
    for w in words:
        for i in range(3, len(w) - 2):
            head, tail = w[:i], w[i:]
            tail = tail[1:] if tail.startswith("s") and tail[1:] in vocabulary else tail
            if (head in vocabulary or head in CONCEPTS) and (_norm_word(tail) in vocabulary or tail in CONCEPTS):
                out.extend([_norm_word(head), _norm_word(tail)])
                break
    return out
