"""The HTTP API under ``/api/``. JSON shapes are those of the CLI's ``--json`` output,
declared as response models (:mod:`web.schemas`) so that ``/api/openapi.json`` shows them.
Every error is ``{"error": "..."}`` with the status codes listed in
:data:`web.schemas.ERRORS`. When the server has an access token, every call needs
``Authorization: Bearer TOKEN`` (declared as the ``bearer`` security scheme)."""
from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, Security, UploadFile
from fastapi.security import HTTPBearer
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from beleid.errors import ConfigError, NotFoundError

from . import views
from .schemas import (ERROR_RESPONSES, AnswerResponse, DeletedOut, DocumentDetail, DocumentOut, DocumentPatch, JobOut, JobsResponse, PageOut,
                      RecommendationsResponse, RegisterResponse, SearchResponse, ThemeOut)
from .services import Unavailable, module_available
from .uploads import save_upload

# Declares the scheme for OpenAPI; the check itself is web.security.SecurityMiddleware (which also
# accepts the session cookie of the login form), so a missing header is not an error here.
bearer = HTTPBearer(auto_error=False, scheme_name="bearer",
                    description="Het toegangstoken (BELEID_TOKEN) van de server, als die er een heeft.")
router = APIRouter(prefix="/api", dependencies=[Security(bearer)], responses=ERROR_RESPONSES)

JOB_ID = r"^[0-9a-f]{32}$"
DOC_ID = r"^[\w.\-]{1,200}$"


def _svc(request: Request):
    return request.app.state.services


def _store(request: Request):
    return request.app.state.services.store()


def _blank(v):
    return v if v not in ("", None) else None


def document_row(d, counts: dict) -> dict:
    from app.documents import document_row as row

    return row(d, counts)


# --- search and ask ---------------------------------------------------------------

@router.get("/search", response_model=SearchResponse, summary="Passages zoeken",
            description="Hybride zoeken (BM25 + embeddings). Geeft `{\"hits\": [{doc_id, title, page, page_end, "
                        "section, text, score}], \"synonyms\": [...]}`: de hits zoals `beleid search --json`, en de "
                        "synoniemen uit de thesaurus waarop ook is gezocht.")
def api_search(request: Request,
               q: str = Query(..., min_length=1, max_length=1000, description="Zoekvraag"),
               k: int = Query(10, ge=1, le=100, description="Aantal passages"),
               kind: str | None = Query(None, max_length=50, description="Soort document, bv. evaluatie"),
               programme: str | None = Query(None, max_length=100, description="Programma, bv. Zorg"),
               year_from: int | None = Query(None, ge=1900, le=2100),
               year_to: int | None = Query(None, ge=1900, le=2100),
               doc_id: str | None = Query(None, max_length=200),
               mode: Literal["hybrid", "bm25", "dense"] = Query("hybrid")):
    if not q.strip():
        raise HTTPException(400, "lege zoekvraag")
    hits = _svc(request).search(q, k, mode=mode, kind=_blank(kind), programme=_blank(programme),
                                year_from=year_from, year_to=year_to, doc_id=_blank(doc_id))
    svc = _svc(request)
    return {"query": q, "hits": [h.to_json() for h in hits], "synonyms": svc.synonyms_used(q)}


@router.get("/ask", response_model=AnswerResponse, summary="Vraag beantwoorden met bronnen",
            description="Antwoord met genummerde bronnen (document, pagina), zoals `beleid ask --json`.")
def api_ask(request: Request,
            q: str = Query(..., min_length=1, max_length=1000, description="Vraag"),
            k: int = Query(5, ge=1, le=50),
            kind: str | None = Query(None, max_length=50),
            programme: str | None = Query(None, max_length=100),
            year_from: int | None = Query(None, ge=1900, le=2100),
            year_to: int | None = Query(None, ge=1900, le=2100),
            doc_id: str | None = Query(None, max_length=200)):
    if not q.strip():
        raise HTTPException(400, "lege vraag")
    answer = _svc(request).ask(q, k, kind=_blank(kind), programme=_blank(programme), year_from=year_from,
                               year_to=year_to, doc_id=_blank(doc_id))
    return answer.to_json()


# --- documents and pages -----------------------------------------------------------

@router.get("/documents", response_model=list[DocumentOut], summary="Documenten", description="Zoals `beleid documents --json`.")
def api_documents(request: Request):
    from app.documents import documents

    st = _store(request)
    try:
        return documents(request.app.state.cfg.settings, store=st)
    finally:
        st.close()


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="Eén document met zijn pagina's")
def api_document(request: Request, doc_id: str):
    st = _store(request)
    try:
        d = st.get_document(doc_id)
        row = document_row(d, st.chunk_counts())
        row["pages_detail"] = [{"page": p.number, "ocr": p.ocr, "chars": len(p.text)} for p in st.pages(doc_id)]
        row["meta"] = {k: v for k, v in (d.meta or {}).items() if isinstance(v, (str, int, float, bool))}
        return row
    finally:
        st.close()


def correct_document(request: Request, doc_id: str, fields: dict) -> dict:
    """Correct a document's metadata (as ``beleid documents set``) and drop the cached retriever, whose
    indexes hold the old title/author/date. An unreadable value (date, kind) is a 422."""
    from app.documents import correct

    if not fields:
        raise HTTPException(422, "ongeldige invoer: geef minstens één van title, kind, date, author, programme")
    st = _store(request)
    try:
        try:
            doc = correct(request.app.state.cfg.settings, doc_id, fields, store=st)
        except ConfigError as exc:
            if type(exc) is not ConfigError:  # an index or backend problem, not the user's input
                raise
            raise HTTPException(422, f"ongeldige invoer: {exc.one_line()}") from exc
        finally:
            _svc(request).invalidate()
        return document_row(doc, st.chunk_counts())
    finally:
        st.close()


def delete_document(request: Request, doc_id: str) -> dict:
    """Delete a document from the store and the indexes (as ``beleid documents delete``) and drop the
    cached retriever so that search no longer finds its passages."""
    from app.documents import delete

    st = _store(request)
    try:
        before = document_row(st.get_document(doc_id), st.chunk_counts())
        try:
            _doc, synced = delete(request.app.state.cfg.settings, doc_id, store=st)
        finally:
            _svc(request).invalidate()
        return {"deleted": before, "passages_removed": synced.deleted if synced is not None else None}
    finally:
        st.close()


@router.patch("/documents/{doc_id}", response_model=DocumentOut, summary="Metadata van een document corrigeren",
              description="Corrigeer `title`, `kind`, `date`, `author` of `programme` (JSON; `null` maakt een veld "
                          "leeg), zoals `beleid documents set`. De correctie blijft staan bij opnieuw inlezen. "
                          "Een onbekend veld, soort of onleesbare datum geeft 422. Geeft het bijgewerkte document.")
def api_document_patch(request: Request, doc_id: str, body: DocumentPatch):
    return correct_document(request, doc_id, body.model_dump(exclude_unset=True))


@router.delete("/documents/{doc_id}", response_model=DeletedOut, summary="Document verwijderen",
               description="Verwijdert het document, alles wat eruit is afgeleid (doelen, aanbevelingen, "
                           "bevindingen) en zijn passages uit de zoekindex, zoals `beleid documents delete`.")
def api_document_delete(request: Request, doc_id: str):
    return delete_document(request, doc_id)


@router.get("/documents/{doc_id}/pdf", summary="Het PDF-bestand", response_class=FileResponse)
def api_document_pdf(request: Request, doc_id: str):
    st = _store(request)
    try:
        d = st.get_document(doc_id)
    finally:
        st.close()
    path = _svc(request).pdf_path(d)
    return FileResponse(path, media_type="application/pdf", filename=f"{d.doc_id}.pdf",
                        content_disposition_type="inline")


@router.get("/documents/{doc_id}/pages/{n}.png", summary="Pagina als afbeelding",
            description="De pagina als PNG; `highlight` markeert een passage (geel).",
            response_class=Response, responses={200: {"content": {"image/png": {}}}})
def api_page_png(request: Request, doc_id: str, n: int,
                 highlight: str | None = Query(None, max_length=4000),
                 dpi: int = Query(110, ge=40, le=200)):
    st = _store(request)
    try:
        d = st.get_document(doc_id)
    finally:
        st.close()
    if not 1 <= n <= d.pages:
        raise NotFoundError(f"document '{doc_id}' heeft geen pagina {n} (het heeft {d.pages} pagina's)")
    png = _svc(request).render_page(_svc(request).pdf_path(d), n, highlight or "", dpi)
    return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=3600"})


@router.get("/documents/{doc_id}/pages/{n}", response_model=PageOut, summary="Tekst van een pagina",
            description="Zoals een element van `beleid show DOC --page N --json`.")
def api_page(request: Request, doc_id: str, n: int):
    from app.documents import page_json

    st = _store(request)
    try:
        p = st.page(doc_id, n)
    finally:
        st.close()
    return page_json(p)


# --- register ---------------------------------------------------------------------

Flag = Literal["S", "M", "A", "R", "T", "evaluation"]


def load_register(request: Request, programme: str | None, doc: str | None, flag: str | None):
    """The typed register (:func:`app.register.load_register`), filtered by ``flag``."""
    if not module_available("register.store"):
        raise Unavailable("het doelenregister is nog niet beschikbaar in deze installatie")
    from app.register import load_register as load

    st = _store(request)
    try:
        return load(request.app.state.cfg.settings, programme=_blank(programme), doc_id=_blank(doc), flag=flag,
                    store=st)
    finally:
        st.close()


@router.get("/register", response_model=RegisterResponse, summary="Doelenregister",
            description="Doelen, indicatoren, budgetten en eigenaren, zoals `beleid register --json`. "
                        "`flag` toont alleen doelen die die SMART-letter missen, of `evaluation`: zonder evaluatie.")
def api_register(request: Request, programme: str | None = Query(None, max_length=100),
                 doc: str | None = Query(None, max_length=200), flag: Flag | None = Query(None)):
    from app.register import register_json

    return register_json(load_register(request, programme, doc, flag))


@router.get("/register/export", summary="Doelenregister downloaden",
            description="`format=json` (zoals `beleid register export`), `csv` (één entiteit, `entity`, "
                        "puntkomma-gescheiden voor Excel NL) of `xlsx` (een blad per entiteit).",
            response_class=Response)
def api_register_export(request: Request, format: Literal["json", "csv", "xlsx"] = Query("xlsx"),
                        entity: Literal["doelen", "indicatoren", "budgetten", "eigenaren"] = Query("doelen"),
                        programme: str | None = Query(None, max_length=100),
                        doc: str | None = Query(None, max_length=200), flag: Flag | None = Query(None)):
    from app.register import export, register_json, sheets

    reg = load_register(request, programme, doc, flag)
    data = register_json(reg)
    stem = "doelenregister" + (f"-{re.sub(r'[^A-Za-z0-9]+', '-', programme).strip('-').lower()}" if programme else "") \
        + ("-zonder-evaluatie" if flag == "evaluation" else f"-niet-{flag}" if flag else "")
    if format == "json":
        return JSONResponse(data, headers={"content-disposition": f'attachment; filename="{stem}.json"'})
    if format == "csv":
        header, rows = sheets(reg)[entity.capitalize()]
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
        return Response(("\ufeff" + buf.getvalue()).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{stem}-{entity}.csv"'})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        export(reg, "xlsx", path)
        body = path.read_bytes()
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"content-disposition": f'attachment; filename="{stem}.xlsx"'})


# --- recommendations, plan check, findings -------------------------------------------

@router.get("/recommendations", response_model=RecommendationsResponse,
            summary="Aanbevelingen en bevindingen uit evaluaties",
            description="Zoals `beleid recommendations --json`.")
def api_recommendations(request: Request, doc: str | None = Query(None, max_length=200)):
    if not module_available("recommendations.storage"):
        raise Unavailable("aanbevelingen zijn nog niet beschikbaar in deze installatie")
    from app.evaluations import recommendations, recommendations_json

    st = _store(request)
    try:
        return recommendations_json(*recommendations(request.app.state.cfg.settings, [doc] if doc else None, st))
    finally:
        st.close()


def start_check(request: Request, file: UploadFile | None, doc_id: str | None, against: list[str]):
    """Validate the input of a plan check and queue the job."""
    if not module_available("recommendations.check"):
        raise Unavailable("de plantoets is nog niet beschikbaar in deze installatie")
    has_file = file is not None and (file.filename or file.size)
    doc_id = _blank(doc_id)
    if bool(has_file) == bool(doc_id):
        raise HTTPException(400, "geef een PDF-bestand (file) of een ingelezen document (doc_id), niet allebei")
    ids = [a.strip() for part in against for a in part.split(",") if a.strip()]
    st = _store(request)
    try:
        for a in ids + ([doc_id] if doc_id else []):
            if not re.match(DOC_ID, a):
                raise HTTPException(400, f"ongeldige document-id '{a[:80]}'")
            st.get_document(a)
    finally:
        st.close()
    cfg = request.app.state.cfg
    params = {"against": ids}
    if has_file:
        saved = save_upload(file, cfg.settings.uploads_dir, cfg.max_upload_bytes)
        params.update(upload=str(saved.path), name=saved.name)
    else:
        params.update(doc_id=doc_id, name=doc_id)
    return request.app.state.runner.submit("check", params)


@router.post("/check", status_code=202, response_model=JobOut, summary="Plantoets starten",
             description="Upload een plan (PDF, `file`) of kies een ingelezen document (`doc_id`); `against`: "
                         "document-id's van evaluaties (herhaalbaar of komma-gescheiden; leeg = alle eerdere). "
                         "Geeft een taak; volg die met `GET /api/jobs/{id}`.")
def api_check(request: Request, file: UploadFile | None = File(None, description="Plan als PDF"),
              doc_id: str | None = Form(None, max_length=200),
              against: list[str] = Form([], description="Evaluaties om tegen te toetsen")):
    return request.app.state.runner.jobs.get(start_check(request, file, doc_id, against).id).to_json()


@router.post("/ingest", status_code=202, response_model=JobOut, summary="PDF's toevoegen",
             description="Upload één of meer PDF's (`files`); ze worden op de achtergrond ingelezen en "
                         "geïndexeerd. Geeft een taak; volg die met `GET /api/jobs/{id}`.")
def api_ingest(request: Request, files: list[UploadFile] = File(..., description="PDF-bestanden")):
    return start_ingest(request, files).to_json()


def start_ingest(request: Request, files: list[UploadFile]):
    cfg = request.app.state.cfg
    files = [f for f in files if f is not None and (f.filename or f.size)]
    if not files:
        raise HTTPException(400, "kies minstens één PDF-bestand")
    if len(files) > 50:
        raise HTTPException(400, "hoogstens 50 bestanden per keer")
    saved = []
    try:
        for f in files:
            saved.append(save_upload(f, cfg.settings.uploads_dir, cfg.max_upload_bytes))
    except BaseException:
        import shutil

        for s in saved:
            shutil.rmtree(s.path.parent, ignore_errors=True)
        raise
    return request.app.state.runner.submit("ingest", {"files": [{"path": str(s.path), "name": s.name} for s in saved],
                                                      "names": [s.name for s in saved]})


def get_job(request: Request, job_id: str):
    if not re.match(JOB_ID, job_id):
        raise NotFoundError(f"taak '{job_id[:40]}' bestaat niet")
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"taak '{job_id}' bestaat niet")
    return job


@router.get("/jobs", response_model=JobsResponse, summary="Recente taken")
def api_jobs(request: Request, kind: Literal["ingest", "check", "index"] | None = None,
             limit: int = Query(20, ge=1, le=100)):
    return {"jobs": [j.to_json() for j in request.app.state.jobs.recent(kind, limit)]}


@router.get("/jobs/{job_id}", response_model=JobOut, summary="Status van een taak",
            description="`status`: queued, running, done of failed; `progress` 0..1; `result` als de taak klaar is.")
def api_job(request: Request, job_id: str):
    return get_job(request, job_id).to_json()


@router.get("/jobs/{job_id}/report", summary="Rapport van een plantoets downloaden", response_class=Response)
def api_job_report(request: Request, job_id: str, format: Literal["md", "html", "json"] = Query("md")):
    job = get_job(request, job_id)
    if job.kind != "check" or job.status != "done":
        raise HTTPException(409, "deze taak heeft (nog) geen rapport")
    name = f"plantoets-{re.sub(r'[^A-Za-z0-9]+', '-', job.result['plan'].get('name') or 'plan').strip('-')[:60]}"
    from app.report import render
    from beleid.types import CheckReport

    text = render(CheckReport.from_json(job.result), format)  # the same bytes as `beleid check --format ...`
    if format == "json":
        return Response(text.encode("utf-8"), media_type="application/json",
                        headers={"content-disposition": f'attachment; filename="{name}.json"'})
    if format == "md":
        return Response(text.encode("utf-8"), media_type="text/markdown; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.md"'})
    return HTMLResponse(text, headers={"content-disposition": f'attachment; filename="{name}.html"',
                                       "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})


@router.get("/jobs/{job_id}/plan/pages/{n}.png", summary="Pagina van een geüpload plan", response_class=Response)
def api_job_plan_page(request: Request, job_id: str, n: int, highlight: str | None = Query(None, max_length=4000),
                      dpi: int = Query(110, ge=40, le=200)):
    job = get_job(request, job_id)
    upload = job.params.get("upload")
    if job.kind != "check" or not upload or job.status != "done":
        raise NotFoundError("deze taak heeft geen geüpload plan")
    path = Path(upload)
    if not path.is_file():
        raise NotFoundError("het geüploade plan is niet meer aanwezig")
    pages = (job.result or {}).get("plan", {}).get("pages") or 0
    if not 1 <= n <= pages:
        raise NotFoundError(f"het plan heeft geen pagina {n}")
    png = _svc(request).render_page(path, n, highlight or "", dpi, cache_id=job.id)
    return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=3600"})


@router.get("/findings", response_model=list[ThemeOut], summary="Bevindingen en terugkerende thema's",
            description="Thema's van bevindingen en aanbevelingen over evaluaties en jaren heen, als "
                        "`beleid findings --json` (een lijst thema's met hun vermeldingen). "
                        "`recurring=true`: alleen thema's die in meerdere jaren of evaluaties terugkomen.")
def api_findings(request: Request, recurring: bool = Query(True)):
    st = _store(request)
    try:
        themes = _svc(request).themes(st, recurring)
    finally:
        st.close()
    return [t.to_json() for t in themes]


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def api_docs(request: Request):
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": _schema_type(p.get("schema", {})), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            fields = []
            for ctype, c in body.items():
                schema = c.get("schema", {})
                if "$ref" in schema:
                    schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
                for name, prop in schema.get("properties", {}).items():
                    fields.append({"name": name, "in": ctype, "required": name in schema.get("required", []),
                                   "type": _schema_type(prop), "description": prop.get("description", "")})
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params + fields,
                        "responses": sorted(op.get("responses", {}).keys())})
    html = request.app.state.env.get_template("apidocs.html").render(
        ops=ops, info=spec.get("info", {}), active="api", auth=request.app.state.cfg.token is not None)
    return HTMLResponse(html)


def _schema_type(s: dict) -> str:
    if "anyOf" in s:
        return " | ".join(_schema_type(x) for x in s["anyOf"] if x.get("type") != "null")
    if "enum" in s:
        return " | ".join(str(x) for x in s["enum"])
    if s.get("type") == "array":
        return f"lijst van {_schema_type(s.get('items', {}))}"
    if s.get("format") == "binary" or s.get("contentMediaType"):
        return "bestand"
    return s.get("type", "")
