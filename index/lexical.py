"""BM25 index (bm25s) over chunks with Dutch analysis (see :mod:`nl.analysis`).

bm25s builds a static index, so the lexical index is rebuilt from the store
whenever chunks changed (a few seconds even at 100k chunks) and saved atomically
in ``<index_dir>/bm25``: the bm25s files, the chunk ids in index order, the
corpus vocabulary used for decompounding and the text hashes it was built from.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Collection, Iterable

import numpy as np

from nl.analysis import ANALYZER_VERSION, DutchAnalyzer
from .atomic import read_json, replace_dir, write_json
from nl.thesaurus import Expansion, Thesaurus

DIRNAME = "bm25"
K1 = 1.2
B = 0.75


class LexicalIndex:
    """BM25 over analysed chunk texts. ``search`` returns ``(chunk_id, score)``."""

    def __init__(self, directory: Path | None = None, k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.directory = Path(directory) if directory else None
        self.ids: list[str] = []
        self.hashes: dict[str, str] = {}
        self.analyzer_version = ANALYZER_VERSION
        self.analyzer = DutchAnalyzer()
        self._bm25 = None
        self._pos: dict[str, int] = {}
        # thesaurus query expansion (see nl.thesaurus): off for a bare index, turned
        # on for search from Settings.query_expansion (index.sync.open_indexes)
        self.expand = False
        self.thesaurus_path: Path | None = None  # a user thesaurus next to the bundled one
        self._thesaurus: Thesaurus | None = None

    # --- build / persist ----------------------------------------------------
    def build(self, ids: list[str], texts: list[str], hashes: dict[str, str] | None = None,
              show_progress: bool = False) -> None:
        import bm25s

        self.analyzer = DutchAnalyzer().fit(texts)
        self._thesaurus = None
        self.analyzer_version = ANALYZER_VERSION
        corpus = [self.analyzer.tokens(t) or ["\u2205"] for t in texts]
        self.ids = list(ids)
        self._pos = {cid: i for i, cid in enumerate(self.ids)}
        self.hashes = dict(hashes or {})
        if not corpus:
            self._bm25 = None
            return
        model = bm25s.BM25(k1=self.k1, b=self.b)
        model.index(corpus, show_progress=show_progress)
        self._bm25 = model

    def save(self, directory: Path | None = None) -> None:
        directory = Path(directory or self.directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}."))
        os.chmod(tmp, 0o755)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "model"))
        write_json(tmp / "state.json", {"ids": self.ids, "hashes": self.hashes,
                                        "analyzer_version": self.analyzer_version,
                                        "vocabulary": self.analyzer.vocabulary})
        replace_dir(tmp, directory)
        self.directory = directory

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        """Load a saved index; an empty index when there is none yet."""
        import bm25s

        idx = cls(directory)
        state = read_json(Path(directory) / "state.json")
        if not state:
            return idx
        idx.ids = state["ids"]
        idx.hashes = state.get("hashes", {})
        idx.analyzer_version = state.get("analyzer_version", 0)
        idx._pos = {cid: i for i, cid in enumerate(idx.ids)}
        idx.analyzer = DutchAnalyzer(state.get("vocabulary", {}))
        if (Path(directory) / "model").exists() and idx.ids:
            idx._bm25 = bm25s.BM25.load(str(Path(directory) / "model"), show_progress=False)
        return idx

    # --- query --------------------------------------------------------------
    def is_current(self, hashes: dict[str, str]) -> bool:
        """Built from exactly these chunk hashes (in this order) with this analyzer."""
        return (self.analyzer_version == ANALYZER_VERSION and self.hashes == hashes
                and self.ids == list(hashes))

    def count(self) -> int:
        return len(self.ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (index order) for ``query`` (the last
        query's scores are cached: hybrid retrieval asks twice)."""
        key = (query, self.expand, self.thesaurus_path)
        cached = getattr(self, "_last", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        result = self._scores(query)
        self._last = (key, result)
        return result

    def _scores(self, query: str) -> np.ndarray:
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        analysed = self.analyzer.tokens(query)
        tokens = [t for t in analysed if t in vocab]
        result = np.zeros(len(self.ids), dtype=np.float32)
        if tokens:
            result += np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        if self.expand:
            result += self._expansion_bonus(query, result.size)
        return result

    def _expansion_bonus(self, query: str, size: int) -> np.ndarray:
        """Extra score from thesaurus groups the query matches: per group and
        passage, how much its best weighted alternative wording outscores
        the query's own words of the group (never negative)."""
        vocab = self._bm25.vocab_dict
        bonus = np.zeros(size, dtype=np.float32)
        token_scores: dict[str, np.ndarray] = {}

        def score(tok: str) -> np.ndarray | None:
            if tok not in vocab:
                return None
            if tok not in token_scores:
                token_scores[tok] = self._token_scores(vocab[tok], size)
            return token_scores[tok]

        def summed(tokens) -> np.ndarray | None:
            parts = [v for v in (score(t) for t in tokens) if v is not None]
            if not parts:
                return None
            total = parts[0].copy() if len(parts) > 1 else parts[0]
            for extra in parts[1:]:
                total += extra
            return total

        for exp in self.expansions(query):
            best: np.ndarray | None = None
            for entry, weight in exp.alternatives:
                alt = summed(entry)
                if alt is None:
                    continue
                alt = weight * alt
                best = alt if best is None else np.maximum(best, alt, out=best)
            if best is None:
                continue
            own = summed(exp.original)
            if own is not None:
                best -= own
            np.maximum(best, 0.0, out=best)
            bonus += best
        return bonus

    def _token_scores(self, token_id: int, size: int) -> np.ndarray:
        """BM25 score of one token for every chunk, read straight from the
        sparse score matrix of bm25s (a column slice; cheaper than a
        ``get_scores`` call per synonym)."""
        matrix = self._bm25.scores
        start, end = int(matrix["indptr"][token_id]), int(matrix["indptr"][token_id + 1])
        out = np.zeros(size, dtype=np.float32)
        out[matrix["indices"][start:end]] = matrix["data"][start:end]
        return out

    def expansions(self, query: str) -> list[Expansion]:
        """The thesaurus groups ``query`` matches (none when expansion is off);
        a group whose query words the corpus lacks is expanded at full weight."""
        if not self.expand or self._bm25 is None:
            return []
        return self.thesaurus().expand(query, self._bm25.vocab_dict.__contains__)

    def synonyms_used(self, query: str) -> list[str]:
        """The thesaurus wordings that ``query`` was expanded with and that
        occur in the corpus (for showing users why a passage without their
        word was found)."""
        if not self.expand or self._bm25 is None:
            return []
        vocab = self._bm25.vocab_dict
        thesaurus = self.thesaurus()
        out: list[str] = []
        for exp in self.expansions(query):
            out.extend(w for w in exp.wordings(thesaurus, vocab.__contains__) if w not in out)
        return out

    def use_thesaurus(self, thesaurus: Thesaurus | None) -> None:
        """Expand with ``thesaurus`` from now on (None: no expansion)."""
        self._thesaurus = thesaurus
        self.expand = thesaurus is not None
        self._last = None

    def thesaurus(self) -> Thesaurus:
        """The query-expansion thesaurus, analysed with this index's analyzer."""
        if self._thesaurus is None:
            self._thesaurus = Thesaurus.load(self.analyzer, self.thesaurus_path)
        return self._thesaurus

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of an analysed token (high = rare);
        0.0 for tokens that occur nowhere in the corpus (they cannot match)."""
        n = max(len(self.ids), 1)
        if self._bm25 is None:
            return 0.0
        tid = self._bm25.vocab_dict.get(token)
        if tid is None:
            return 0.0
        indptr = self._bm25.scores["indptr"]
        df = int(indptr[tid + 1] - indptr[tid])
        if df == 0:
            return 0.0
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def scores_for(self, query: str, ids: Collection[str]) -> dict[str, float]:
        """BM25 scores of the given chunk ids (0.0 for ids not in the index)."""
        scores = self.scores(query)
        if scores.size == 0:
            return {cid: 0.0 for cid in ids}
        return {cid: float(scores[self._pos[cid]]) if cid in self._pos else 0.0 for cid in ids}

    def search(self, query: str, k: int = 10, allowed: Collection[str] | None = None
               ) -> list[tuple[str, float]]:
        scores = self.scores(query)
        if scores.size == 0:
            return []
        if allowed is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            for cid in allowed:
                pos = self._pos.get(cid)
                if pos is not None:
                    mask[pos] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, scores.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def open_lexical(index_dir: Path) -> LexicalIndex:
    return LexicalIndex.load(Path(index_dir) / DIRNAME)


def build_lexical(index_dir: Path, items: Iterable[tuple[str, str, str]]) -> LexicalIndex:
    """Build and save from ``(chunk_id, text, hash)`` triples."""
    ids, texts, hashes = [], [], {}
    for cid, text, h in items:
        ids.append(cid)
        texts.append(text)
        hashes[cid] = h
    idx = LexicalIndex(Path(index_dir) / DIRNAME)
    idx.build(ids, texts, hashes)
    idx.save()
    return idx
