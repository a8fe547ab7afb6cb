"""The FastAPI application: HTTP API under ``/api/`` and the Dutch web app.

``create_app(settings, token=..., max_upload_mb=...)`` builds a self-contained
app for one data dir. Errors are JSON ``{"error": "..."}`` with the right
status for the API, and a simple error page for the web app; never a traceback.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from beleid.config import Settings
from beleid.errors import BeleidError

from .jobs import JobRunner, JobStore
from .security import SecurityMiddleware
from .services import Services

log = logging.getLogger("beleid.web")
HERE = Path(__file__).resolve().parent

STATUS_TEXT = {400: "ongeldig verzoek", 401: "niet aangemeld", 403: "geen toegang", 404: "niet gevonden",
               405: "methode niet toegestaan", 413: "upload te groot", 415: "geen PDF-bestand",
               422: "ongeldige invoer", 500: "interne fout", 503: "nog niet beschikbaar"}


@dataclass
class WebConfig:
    settings: Settings
    token: str | None = None
    max_upload_mb: float = 100
    parse_timeout_s: float = 300
    check_timeout_s: float = 900

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def templates_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(enabled_extensions=("html", "svg", "xml"), default=True),
                      trim_blocks=True, lstrip_blocks=True)
    from app.report import relevance_label, role_label

    from . import views

    env.globals.update(page_url=views.page_url, euro=views.euro, STATUS=views.status_badges(), KINDS=views.kind_labels())
    env.filters["relevantie"] = relevance_label
    env.filters["lege_pagina"] = views.empty_reason_nl
    env.filters["rol"] = role_label
    return env


def create_app(settings: Settings, token: str | None = None, max_upload_mb: float = 100,
               parse_timeout_s: float = 300, check_timeout_s: float = 900, auto_index: bool = True,
               warm_up: bool = False) -> FastAPI:
    cfg = WebConfig(settings, token or None, max_upload_mb, parse_timeout_s, check_timeout_s)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    services = Services(settings)
    jobs = JobStore(settings.db_path)
    jobs.interrupt_unfinished()
    runner = JobRunner(settings, jobs, parse_timeout_s, check_timeout_s, on_change=services.invalidate)

    app = FastAPI(title="Beleidsgeheugen API",
                  description="Zoeken, vragen met bronnen, doelenregister, plantoets en terugkerende bevindingen "
                              "in gemeentelijke beleidsdocumenten. Alle antwoorden zijn JSON; fouten zijn "
                              '`{"error": "..."}` met een passende statuscode.',
                  version="0.1.0", openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.cfg = cfg
    app.state.services = services
    app.state.jobs = jobs
    app.state.runner = runner
    env = templates_env()
    app.state.env = env

    def login_page(next_url: str, error: str = "") -> str:
        return env.get_template("login.html").render(next=next_url, error=error, active="", auth=True)

    app.add_middleware(SecurityMiddleware, token=cfg.token, max_body=cfg.max_upload_bytes, login_page=login_page)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error_response(request: Request, status: int, message: str, headers=None):
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        html = env.get_template("error.html").render(status=status, title=STATUS_TEXT.get(status, "fout"),
                                                     message=message, active="", auth=cfg.token is not None)
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if not isinstance(detail, str) or detail in ("Not Found", "Method Not Allowed", "Bad Request",
                                                     "There was an error parsing the body"):
            detail = STATUS_TEXT.get(exc.status_code, "fout")
        return error_response(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path", "form"))
            parts.append(f"{loc or 'invoer'}: {err.get('msg', 'ongeldig')}")
        return error_response(request, 422, "ongeldige invoer: " + "; ".join(parts))

    @app.exception_handler(BeleidError)
    async def domain_error(request: Request, exc: BeleidError):
        return error_response(request, exc.http_status, exc.one_line())

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "interne fout; de details staan in het serverlog")

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    if auto_index:
        _maybe_index(settings, services, runner)
    if warm_up:
        import threading

        threading.Thread(target=_warm_up, args=(services,), name="beleid-warm-up", daemon=True).start()
    return app


def _warm_up(services: Services) -> None:
    """Load the models and indexes, and compute the recurring themes, before the first visitor asks."""
    try:
        from app.search import warm_up

        warm_up(services.retriever())
    except Exception:  # noqa: BLE001 - reported when someone searches
        pass
    try:
        st = services.store()
        try:
            services.themes(st, True)
        finally:
            st.close()
    except Exception:  # noqa: BLE001
        pass


def _maybe_index(settings: Settings, services: Services, runner: JobRunner) -> None:
    """Start an index job when the search index is stale (the same check as the CLI's)."""
    try:
        from app.search import index_is_stale

        st = services.store()
        try:
            stale = bool(st.chunk_hashes()) and index_is_stale(settings, st)
        finally:
            st.close()
        if stale:
            runner.submit("index", {})
    except Exception:  # noqa: BLE001 - searching will report what is wrong
        log.exception("could not check the search index")


def app_from_env() -> FastAPI:
    """For ``uvicorn web.app:app_from_env --factory``: settings from BELEID_* variables."""
    from beleid.config import load_settings

    settings = load_settings()  # BELEID_DATA_DIR, BELEID_TOKEN, BELEID_MAX_UPLOAD_MB, ...
    return create_app(settings, token=settings.token, max_upload_mb=settings.max_upload_mb)
