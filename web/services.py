"""Long-lived objects of the web process: the retriever (models and indexes
loaded once), the recurring-findings cache and page rendering.

The retriever is rebuilt when the index files on disk change (after an ingest
job, or a ``beleid ingest`` run next to the server). PyMuPDF is not
thread-safe, so all rendering goes through one lock; rendered pages are cached
on disk under ``<data dir>/cache/pages``.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from pathlib import Path

from beleid.config import Settings
from beleid.errors import BeleidError, NotFoundError
from beleid.store import Store
from beleid.types import Document


class Unavailable(BeleidError):
    """A feature whose module or data is not there (yet): HTTP 503."""

    http_status = 503


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        # Retriever.search is not documented as thread-safe; one search at a time (the model itself
        # uses all cores). BELEID_WEB_PARALLEL_SEARCH=1 lifts this for experiments.
        self._search_lock = threading.Lock() if not settings.parallel_search else _NoLock()
        self._retriever = None
        self._retriever_key = None
        self._embedder = None
        self._findings: dict = {}
        self._findings_lock = threading.Lock()
        self._fitz_lock = threading.Lock()

    # --- store -------------------------------------------------------------
    def store(self) -> Store:
        from app.compose import open_store

        return open_store(self.settings)

    # --- retrieval ---------------------------------------------------------
    def index_key(self) -> tuple:
        out = []
        root = Path(self.settings.index_dir)
        if not root.exists():
            return ()
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                try:
                    st = os.stat(os.path.join(dirpath, f))
                except OSError:
                    continue
                out.append((dirpath, f, st.st_mtime_ns, st.st_size))
        return tuple(sorted(out))

    def index_ready(self) -> bool:
        from app.search import index_ready

        return index_ready(self.settings)

    def retriever(self):
        if not module_available("query.retrieval"):
            raise Unavailable("zoeken is nog niet beschikbaar in deze installatie")
        key = self.index_key()
        with self._lock:
            if self._retriever is not None and key == self._retriever_key:
                return self._retriever
            if not key or not self.index_ready():
                raise Unavailable("er is nog geen zoekindex: voeg documenten toe (Documenten) of draai "
                                  "`beleid reindex`")
            from app.search import open_retriever

            # the web app brings the index up to date in a job (see app._maybe_index), not in a request
            self._retriever = open_retriever(self.settings, self.store(), embedder=self._embedder, sync=False)
            self._embedder = self._retriever.embedder
            self._retriever_key = key
            return self._retriever

    def embedder(self):
        with self._lock:
            if self._embedder is None:
                from app.compose import embedder

                self._embedder = embedder(self.settings, lazy=True)
            return self._embedder

    def search(self, query: str, k: int, **filters):
        retriever = self.retriever()
        with self._search_lock:
            return retriever.search(query, k=k, **filters)

    def synonyms_used(self, query: str) -> list[str]:
        retriever = self.retriever()
        with self._search_lock:
            return retriever.synonyms_used(query)

    def ask(self, question: str, k: int = 5, **filters):
        from app.search import ask, filters as make_filters, generator

        retriever = self.retriever()
        gen = generator(self.settings)
        with self._search_lock:
            return ask(retriever, question, k=k, filters=make_filters(**filters), gen=gen)

    def invalidate(self) -> None:
        with self._lock:
            self._retriever_key = None
        with self._findings_lock:
            self._findings.clear()

    # --- recurring findings --------------------------------------------------
    def themes(self, store: Store, only_recurring: bool):
        if not module_available("recommendations.recurring"):
            raise Unavailable("terugkerende bevindingen zijn nog niet beschikbaar in deze installatie")
        from app.evaluations import themes, themes_key

        key = themes_key(store, only_recurring)
        with self._findings_lock:
            if key not in self._findings:
                self._findings = {k: v for k, v in self._findings.items() if k[:-1] == key[:-1]}
                self._findings[key] = themes(self.settings, store, only_recurring=only_recurring,
                                             embedder=self.embedder())
            return self._findings[key]

    # --- PDFs and page images --------------------------------------------------
    def pdf_path(self, doc: Document) -> Path:
        p = Path(doc.path)
        candidates = [p] if p.is_absolute() else [Path.cwd() / p, self.settings.data_dir / p,
                                                   Path(__file__).resolve().parent.parent / p]
        for c in candidates:
            if c.is_file():
                return c
        raise NotFoundError(f"het PDF-bestand van '{doc.doc_id}' is niet (meer) aanwezig")

    def render_page(self, pdf: Path, number: int, highlight: str = "", dpi: int = 110,
                    cache_id: str = "") -> bytes:
        """PNG of page ``number`` (1-based), with ``highlight`` (a passage) marked."""
        highlight = " ".join((highlight or "").split())[:2000]
        key = hashlib.sha1(f"{cache_id}|{pdf}|{pdf.stat().st_mtime_ns}|{number}|{dpi}|{highlight}".encode()).hexdigest()
        cache_dir = self.settings.data_dir / "cache" / "pages"
        cached = cache_dir / f"{key}.png"
        if cached.is_file():
            return cached.read_bytes()
        import pymupdf

        with self._fitz_lock:
            doc = pymupdf.open(pdf, filetype="pdf")
            try:
                if not 1 <= number <= doc.page_count:
                    raise NotFoundError(f"het document heeft geen pagina {number} (het heeft {doc.page_count} pagina's)")
                page = doc.load_page(number - 1)
                if highlight:
                    for rect in highlight_rects(page, highlight):
                        annot = page.add_highlight_annot(rect)
                        annot.set_colors(stroke=(1.0, 0.85, 0.1))
                        annot.update()
                png = page.get_pixmap(dpi=dpi, annots=True).tobytes("png")
            finally:
                doc.close()
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, cached)
        return png


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_WORD = re.compile(r"\S+")


def highlight_rects(page, passage: str, window: int = 6, max_windows: int = 80) -> list:
    """Rectangles of ``passage`` on ``page``: the whole text if found as is,
    else the union of its short word windows (passages span lines, hyphens and
    table cells, which an exact search rarely matches)."""
    text = " ".join(passage.split())
    if len(text) <= 160:
        found = page.search_for(text)
        if found:
            return found
    tokens = _WORD.findall(text)
    rects = []
    seen = set()
    step = window
    for i in range(0, len(tokens), step):
        if i // step >= max_windows:
            break
        piece = " ".join(tokens[i:i + window])
        if len(piece) < 8:
            continue
        for r in page.search_for(piece):
            k = (round(r.x0), round(r.y0), round(r.x1), round(r.y1))
            if k not in seen:
                seen.add(k)
                rects.append(r)
    if not rects and len(tokens) > 3:
        # shorter windows as a last resort (OCR or reflowed text)
        for i in range(0, min(len(tokens), 120), 3):
            piece = " ".join(tokens[i:i + 3])
            if len(piece) >= 12:
                rects.extend(page.search_for(piece))
    return rects
