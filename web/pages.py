"""The web app's pages (server-rendered, Dutch)."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from app.documents import derived_counts
from beleid.errors import BeleidError

from . import views
from .api import correct_document, delete_document, document_row, get_job, load_register, start_check, start_ingest
from .services import Unavailable, module_available

MAX_SYNONYMS_SHOWN = 8  # thesaurus wordings listed under "Ook gezocht op"

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    env = request.app.state.env
    ctx.setdefault("auth", request.app.state.cfg.token is not None)
    html = env.get_template(name).render(request=request, **ctx)
    return HTMLResponse(html, status_code=status)


def _int(v: str | None, lo: int = 1900, hi: int = 2100) -> int | None:
    try:
        n = int(str(v).strip())
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


def _facets(request: Request) -> dict:
    st = request.app.state.services.store()
    try:
        docs = st.documents()
    finally:
        st.close()
    return {"kinds": sorted({d.kind for d in docs}), "programmes": sorted({d.programme for d in docs if d.programme}),
            "years": sorted({d.year for d in docs if d.year}), "docs": docs}


# --- Vragen -------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def vragen(request: Request, q: str = "", kind: str = "", programme: str = "", year_from: str = "",
           year_to: str = ""):
    facets = _facets(request)
    q = q.strip()[:1000]
    ctx = dict(active="vragen", q=q, kind=kind, programme=programme, year_from=_int(year_from),
               year_to=_int(year_to), facets=facets, answer=None, error=None)
    if q:
        try:
            answer = request.app.state.services.ask(q, 5, kind=kind or None, programme=programme or None,
                                                    year_from=_int(year_from), year_to=_int(year_to))
            data = answer.to_json()
            ctx["answer"] = data
            ctx["answer_html"] = views.cite_links(data["answer"], data["citations"])
            ctx["synoniemen"] = request.app.state.services.synonyms_used(q)[:MAX_SYNONYMS_SHOWN]
        except BeleidError as exc:
            ctx["error"] = exc.one_line()
            return render(request, "vragen.html", status=exc.http_status, **ctx)
    return render(request, "vragen.html", **ctx)


# --- Doelenregister ---------------------------------------------------------------

@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request, programme: str = "", doc: str = "", flag: str = "", zonder_evaluatie: str = ""):
    if zonder_evaluatie:
        flag = "evaluation"
    if flag not in ("", "S", "M", "A", "R", "T", "evaluation"):
        flag = ""
    facets = _facets(request)
    ctx = dict(active="register", programme=programme, doc=doc, flag=flag, facets=facets, groups=[], error=None,
               totals=None)
    try:
        from app.register import register_json

        data = register_json(load_register(request, programme or None, doc or None, flag or None))
    except Unavailable as exc:
        ctx["error"] = exc.one_line()
        return render(request, "register.html", status=503, **ctx)
    docs = {d.doc_id: d for d in facets["docs"]}
    ctx["groups"] = views.register_groups(data, docs)
    ctx["totals"] = {"goals": len(data["goals"]), "no_eval": sum(1 for g in data["goals"] if not g["evaluation"]),
                     "indicators": len(data["indicators"]), "budgets": len(data["budgets"])}
    query = {k: v for k, v in (("programme", programme), ("doc", doc), ("flag", flag)) if v}
    ctx["export_xlsx"] = "/api/register/export?" + urlencode({"format": "xlsx", **query})
    ctx["export_csv"] = "/api/register/export?" + urlencode({"format": "csv", **query})
    return render(request, "register.html", **ctx)


# --- Plantoets ----------------------------------------------------------------------

def _evaluations(request: Request) -> list[dict]:
    if not module_available("recommendations.storage"):
        return []
    from app.evaluations import recommendation_counts

    st = request.app.state.services.store()
    try:
        counts = recommendation_counts(request.app.state.cfg.settings, st)
        docs = {d.doc_id: d for d in st.documents()}
    finally:
        st.close()
    return [{"doc": docs[d], "n": n} for d, n in sorted(counts.items(), key=lambda x: (docs[x[0]].date or "", x[0]))
            if d in docs]


@router.get("/plantoets", response_class=HTMLResponse)
def plantoets(request: Request):
    return _plantoets(request)


def _plantoets(request: Request, status: int = 200, error: str | None = None) -> HTMLResponse:
    available = module_available("recommendations.check")
    facets = _facets(request)
    plans = [d for d in facets["docs"] if d.kind in ("programmacontract", "collegevoorstel", "other")]
    return render(request, "plantoets.html", status=status, active="plantoets", available=available,
                  evaluations=_evaluations(request), plans=plans, error=error,
                  jobs=request.app.state.jobs.recent("check", 8),
                  max_mb=request.app.state.cfg.max_upload_mb)


@router.post("/plantoets", response_class=HTMLResponse)
def plantoets_post(request: Request, file: UploadFile | None = File(None), doc_id: str = Form(""),
                   against: list[str] = Form([])):
    try:
        job = start_check(request, file, doc_id or None, against)
    except HTTPException as exc:
        return _plantoets(request, exc.status_code, str(exc.detail))
    except BeleidError as exc:
        return _plantoets(request, exc.http_status, exc.one_line())
    return RedirectResponse(f"/taken/{job.id}", status_code=303)


# --- Terugkerende bevindingen -------------------------------------------------------

PAGE_WAIT_S = 1.0  # the page waits this long for themes being computed before it shows the progress instead

@router.get("/bevindingen", response_class=HTMLResponse)
def bevindingen(request: Request, alle: str = ""):
    only = not alle
    services = request.app.state.services
    st = services.store()
    try:
        themes, progress = services.themes_or_progress(st, only, wait_s=PAGE_WAIT_S)
        docs = {d.doc_id: d for d in st.documents()}
    except Unavailable as exc:
        return render(request, "bevindingen.html", status=503, active="bevindingen", error=exc.one_line(),
                      themes=[], chart=None, only=only, docs={}, computing=None)
    finally:
        st.close()
    if progress is not None:
        err = progress.get("error")
        if err is not None:
            msg = err.one_line() if isinstance(err, BeleidError) else "de thema's konden niet worden berekend"
            return render(request, "bevindingen.html", status=503, active="bevindingen", error=msg, themes=[],
                          chart=None, only=only, docs={}, computing=None)
        return render(request, "bevindingen.html", active="bevindingen", error=None, themes=[], chart=None,
                      only=only, docs=docs, computing={"percent": int(round(100 * progress["fraction"])),
                                                       "message": progress["message"]})
    themes = [t.to_json() for t in themes]
    return render(request, "bevindingen.html", active="bevindingen", error=None, themes=themes,
                  chart=views.timeline(themes), only=only, docs=docs, computing=None)


# --- Documenten ---------------------------------------------------------------------

@router.get("/documenten", response_class=HTMLResponse)
def documenten(request: Request, status: int = 200, error: str | None = None):
    q = request.query_params
    notice = (f"Document '{q['verwijderd']}' is verwijderd." if q.get("verwijderd") else
              f"De gegevens van '{q['gecorrigeerd']}' zijn gecorrigeerd." if q.get("gecorrigeerd") else None)
    from app.documents import documents as document_rows

    st = request.app.state.services.store()
    try:
        docs = document_rows(request.app.state.cfg.settings, store=st)
    finally:
        st.close()
    return render(request, "documenten.html", status=status, active="documenten", docs=docs, error=error,
                  notice=notice if not error else None,
                  jobs=request.app.state.jobs.recent("ingest", 8) + request.app.state.jobs.recent("index", 2),
                  max_mb=request.app.state.cfg.max_upload_mb)


@router.post("/documenten", response_class=HTMLResponse)
def documenten_post(request: Request, files: list[UploadFile] = File(...)):
    try:
        job = start_ingest(request, files)
    except HTTPException as exc:
        return documenten(request, exc.status_code, str(exc.detail))
    except BeleidError as exc:
        return documenten(request, exc.http_status, exc.one_line())
    return RedirectResponse(f"/taken/{job.id}", status_code=303)


# form field (Dutch) -> metadata field; the form is pre-filled, so a changed value is a correction and an
# emptied one clears the field (as ``beleid documents set --clear``)
FORM_FIELDS = (("titel", "title"), ("soort", "kind"), ("datum", "date"), ("auteur", "author"),
               ("programma", "programme"))


@router.post("/documenten/{doc_id}/corrigeren", response_class=HTMLResponse)
def document_correct(request: Request, doc_id: str, titel: str = Form(""), soort: str = Form(""),
                     datum: str = Form(""), auteur: str = Form(""), programma: str = Form("")):
    given = {"title": titel, "kind": soort, "date": datum, "author": auteur, "programme": programma}
    st = request.app.state.services.store()
    try:
        current = st.get_document(doc_id)
    finally:
        st.close()
    fields = {}
    for key, value in given.items():
        value = " ".join(value.split()) or None
        if value != (getattr(current, key) or None):
            fields[key] = value
    if not fields:
        return RedirectResponse("/documenten", status_code=303)
    try:
        correct_document(request, doc_id, fields)
    except HTTPException as exc:
        return documenten(request, exc.status_code, f"{doc_id}: {exc.detail}")
    except BeleidError as exc:
        return documenten(request, exc.http_status, exc.one_line())
    return RedirectResponse(f"/documenten?gecorrigeerd={doc_id}", status_code=303)


@router.get("/documenten/{doc_id}/verwijderen", response_class=HTMLResponse)
def document_delete_confirm(request: Request, doc_id: str):
    st = request.app.state.services.store()
    try:
        d = st.get_document(doc_id)
        row = document_row(d, st.chunk_counts())
        extra = derived_counts(st, doc_id)
    finally:
        st.close()
    return render(request, "verwijderen.html", active="documenten", d=d, row=row, extra=extra)


@router.post("/documenten/{doc_id}/verwijderen", response_class=HTMLResponse)
def document_delete(request: Request, doc_id: str, bevestig: str = Form("")):
    if bevestig != "ja":
        return RedirectResponse(f"/documenten/{doc_id}/verwijderen", status_code=303)
    delete_document(request, doc_id)
    return RedirectResponse(f"/documenten?verwijderd={doc_id}", status_code=303)


@router.get("/documenten/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str):
    st = request.app.state.services.store()
    try:
        d = st.get_document(doc_id)
        row = document_row(d, st.chunk_counts())
        pages = st.pages(doc_id)
        extra = derived_counts(st, doc_id)
    finally:
        st.close()
    return render(request, "document.html", active="documenten", d=d, row=row, pages=pages, extra=extra)


@router.get("/documenten/{doc_id}/pagina/{n}", response_class=HTMLResponse)
def page_view(request: Request, doc_id: str, n: int, hl: str = ""):
    st = request.app.state.services.store()
    try:
        d = st.get_document(doc_id)
        p = st.page(doc_id, n)
    finally:
        st.close()
    hl = " ".join(hl.split())[:600]
    img = f"/api/documents/{doc_id}/pages/{n}.png" + ("?" + urlencode({"highlight": hl}) if hl else "")
    return render(request, "pagina.html", active="documenten", d=d, p=p, n=n, total=d.pages, hl=hl, img=img,
                  base=f"/documenten/{doc_id}/pagina/", pdf=f"/api/documents/{doc_id}/pdf#page={n}",
                  title=d.title, back=(f"/documenten/{doc_id}", d.title))


# --- jobs -------------------------------------------------------------------------------

@router.get("/taken/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str):
    job = get_job(request, job_id)
    active = {"check": "plantoets"}.get(job.kind, "documenten")
    ctx = dict(active=active, job=job, r=job.result)
    if job.kind == "check" and job.status == "done":
        res = job.result
        ctx["plan_upload"] = res["plan"].get("source") == "file"
    return render(request, "taak.html", **ctx)


@router.get("/taken/{job_id}/pagina/{n}", response_class=HTMLResponse)
def job_page_view(request: Request, job_id: str, n: int, hl: str = ""):
    job = get_job(request, job_id)
    if job.kind != "check" or job.status != "done" or not job.params.get("upload"):
        raise HTTPException(404, "deze taak heeft geen geüpload plan")
    total = job.result["plan"].get("pages") or 0
    if not 1 <= n <= total:
        raise HTTPException(404, f"het plan heeft geen pagina {n}")
    hl = " ".join(hl.split())[:600]
    img = f"/api/jobs/{job_id}/plan/pages/{n}.png" + ("?" + urlencode({"highlight": hl}) if hl else "")
    return render(request, "pagina.html", active="plantoets", d=None, p=None, n=n, total=total, hl=hl, img=img,
                  base=f"/taken/{job_id}/pagina/", pdf=None, title=job.result["plan"].get("name"),
                  back=(f"/taken/{job_id}", "Rapport"))


# --- login ------------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return render(request, "login.html", active="", next=_safe_next(next), error="")


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: str = Form(""), next: str = Form("/")):
    import hmac

    cfg = request.app.state.cfg
    if cfg.token is None:
        return RedirectResponse(_safe_next(next), status_code=303)
    if not hmac.compare_digest(token.encode(), cfg.token.encode()):
        return render(request, "login.html", status=401, active="", next=_safe_next(next),
                      error="Onjuist toegangstoken.")
    from .security import COOKIE, session_value

    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(COOKIE, session_value(cfg.token), max_age=43200, path="/", httponly=True, secure=True,
                    samesite="strict")
    return resp


@router.get("/logout")
def logout(request: Request):
    from .security import COOKIE

    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return resp


def _safe_next(url: str) -> str:
    url = (url or "/").strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url or any(c in url for c in "\r\n"):
        return "/"
    return url
