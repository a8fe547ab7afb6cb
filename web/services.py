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
        # recurring findings: the themes of the current store contents (key, all themes), the thread that
        # recomputes them and how far it is
        self._themes: tuple | None = None
        self._findings_lock = threading.Lock()
        self._themes_thread: threading.Thread | None = None
        self._themes_progress: dict = {}
        self.themes_computed = 0  # how often this process computed themes (not read back): for tests and logs
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
            self._themes = None

    # --- recurring findings --------------------------------------------------
    # Themes are computed after an ingest (the ingest job's last step, ``beleid ingest``) and stored under the
    # data dir with a key of everything they depend on; a request reads them back. When they are missing or
    # stale (a deletion, a correction, a data dir from before), one background thread recomputes them while the
    # page shows how far it is.
    def _current_themes(self, store: Store):
        """All themes of the store's current contents, or None when they must be computed."""
        if not module_available("recommendations.recurring"):
            raise Unavailable("terugkerende bevindingen zijn nog niet beschikbaar in deze installatie")
        from app.evaluations import stored_themes, themes_cache_key

        key = themes_cache_key(self.settings, store)
        with self._findings_lock:
            if self._themes is not None and self._themes[0] == key:
                return self._themes[1]
        found = stored_themes(self.settings, store, key)
        if found is not None:
            with self._findings_lock:
                self._themes = (key, found)
        return found

    def _start_themes(self) -> threading.Thread:
        with self._findings_lock:
            if self._themes_thread is None or not self._themes_thread.is_alive():
                self._themes_progress = {"fraction": 0.0, "message": "gestart", "error": None}
                self._themes_thread = threading.Thread(target=self._compute_themes, name="beleid-themes",
                                                       daemon=True)
                self._themes_thread.start()
            return self._themes_thread

    def _compute_themes(self) -> None:
        from app.evaluations import refresh_themes, themes_cache_key

        def on_progress(fraction: float, message: str) -> None:
            self._themes_progress = {"fraction": max(0.0, min(1.0, fraction)), "message": message, "error": None}

        st = self.store()
        try:
            key = themes_cache_key(self.settings, st)
            result = refresh_themes(self.settings, st, embedder=self.embedder(), on_progress=on_progress)
            self.themes_computed += 1
            with self._findings_lock:
                self._themes = (key, result)
        except Exception as exc:  # noqa: BLE001 - shown on the page and raised to the API
            self._themes_progress = {"fraction": 0.0, "message": "mislukt", "error": exc}
        finally:
            st.close()

    def _filtered(self, themes: list, store: Store, only_recurring: bool) -> list:
        from app.evaluations import recurring_only

        return recurring_only(themes, store) if only_recurring else themes

    def themes(self, store: Store, only_recurring: bool):
        """The themes (waits while they are computed)."""
        found = self._current_themes(store)
        if found is None:
            self._start_themes().join()
            found = self._current_themes(store)
            if found is None:
                err = self._themes_progress.get("error")
                if isinstance(err, BeleidError):
                    raise err
                raise Unavailable("de thema's konden niet worden berekend"
                                  + (f" ({err.__class__.__name__})" if err else ""))
        return self._filtered(found, store, only_recurring)

    def themes_or_progress(self, store: Store, only_recurring: bool, wait_s: float = 1.0):
        """(themes, None) when they are ready within ``wait_s``, else (None, progress) while a background
        thread computes them; progress: {"fraction", "message", "error"}."""
        found = self._current_themes(store)
        if found is None:
            self._start_themes().join(wait_s)
            found = self._current_themes(store)
        if found is None:
            return None, dict(self._themes_progress)
        return self._filtered(found, store, only_recurring), None

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
