"""Shaping data for the pages: register tables, the findings timeline, plan-check reports.

Nothing here builds HTML from document text: templates do that with
autoescaping. The only markup made in Python is :func:`cite_links`, which
escapes the answer text first and then links its ``[n]`` markers.
"""
from __future__ import annotations

import math
import re
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from beleid.types import CheckStatus

LEVELS = {"hoofdopgave": ("H", "Hoofdopgave"), "strategisch": ("S", "Strategisch doel"),
          "operationeel": ("O", "Operationeel doel")}
SMART_NAMES = {"S": "Specifiek", "M": "Meetbaar", "A": "Acceptabel", "R": "Realistisch", "T": "Tijdgebonden"}
STATUS_CLASSES = {CheckStatus.ADDRESSED.value: "ok", CheckStatus.PARTLY.value: "warn",
                  CheckStatus.CONFLICTS.value: "bad", CheckStatus.NOT_ADDRESSED.value: "none"}


def status_badges() -> dict[str, tuple[str, str]]:
    """{status: (Dutch status word, css class)}; the words come from the application layer, the same as in
    the Dutch reports."""
    from app.report import status_labels

    labels = status_labels("nl")
    return {s: (labels[s], STATUS_CLASSES[s]) for s in STATUS_CLASSES}
def kind_labels() -> dict[str, str]:
    """{kind: Dutch label} for every kind ingest can assign; the labels come from the application layer."""
    from app.documents import kind_labels as labels

    return {k: v[:1].upper() + v[1:] for k, v in labels().items()}


# Why ingest stored a page without text (English, as in the ingest summary), in Dutch for the Documenten page.
# Unknown reasons are shown as they are.
_EMPTY_REASONS = [
    (re.compile(r"^blank page\b", re.I), "lege pagina (geen tekst, geen afbeeldingen)"),
    (re.compile(r"^image page; OCR at (\d+) dpi found no legible text", re.I),
     r"afbeelding; OCR op \1 dpi vond geen leesbare tekst"),
    (re.compile(r"OCR found no legible text", re.I), "OCR vond geen leesbare tekst"),
    (re.compile(r"^almost empty page", re.I), "bijna lege pagina (minder dan 20 tekens)"),
    (re.compile(r"^no text layer; only small images", re.I),
     "geen tekstlaag; alleen kleine afbeeldingen (logo of foto), niet met OCR gelezen"),
    (re.compile(r"^text layer has characters but no readable lines", re.I),
     "tekstlaag met tekens maar zonder leesbare regels"),
    (re.compile(r"^only a running header, footer or page number", re.I),
     "alleen een kop- of voettekst of paginanummer"),
    (re.compile(r"^page cannot be read: (.*)", re.I), r"pagina niet leesbaar: \1"),
    (re.compile(r"^no text found$", re.I), "geen tekst gevonden"),
]


def empty_reason_nl(reason: str) -> str:
    for pattern, dutch in _EMPTY_REASONS:
        m = pattern.search(reason or "")
        if m:
            return m.expand(dutch)
    return reason


def page_url(doc_id: str, page: int, highlight: str | None = None) -> str:
    url = f"/documenten/{quote(doc_id, safe='')}/pagina/{int(page)}"
    if highlight:
        url += "?" + urlencode({"hl": " ".join(highlight.split())[:600]})
    return url


def cite_links(text: str, citations: list[dict]) -> Markup:
    """Escaped answer text with ``[n]`` turned into links to the cited page."""
    by_n = {c["number"]: c for c in citations}

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        c = by_n.get(n)
        if not c:
            return m.group(0)
        url = page_url(c["doc_id"], c["page"], c.get("quote"))
        return (f'<a class="cite" href="{escape(url)}" title="{escape(c.get("title") or c["doc_id"])}, '
                f'p. {int(c["page"])}">[{n}]</a>')

    return Markup(re.sub(r"\[(\d+)\]", link, str(escape(text))))


def euro(amount) -> str:
    if amount is None:
        return ""
    s = f"{float(amount):,.0f}".replace(",", ".")
    return f"€ {s}"


def register_groups(data: dict, docs: dict) -> list[dict]:
    """The register's goals grouped per programme, each goal with its linked
    indicators, budgets and owners."""
    inds = {i["id"]: i for i in data["indicators"]}
    buds = {b["id"]: b for b in data["budgets"]}
    owners = {o["id"]: o for o in data["owners"]}
    owners_by_doc: dict[str, list] = {}
    for o in data["owners"]:
        owners_by_doc.setdefault(o["doc_id"], []).append(o)
    groups: dict[str, dict] = {}
    for g in data["goals"]:
        doc = docs.get(g["doc_id"])
        prog = g.get("programme") or (doc.programme if doc else None) or "Zonder programma"
        grp = groups.setdefault(prog, {"programme": prog, "goals": [], "docs": {}})
        if doc:
            grp["docs"][doc.doc_id] = doc.title
        gi = [inds[i] for i in g["indicator_ids"] if i in inds]
        gi += [i for i in data["indicators"] if i.get("goal_id") == g["id"] and i not in gi]
        gb = [buds[b] for b in g["budget_ids"] if b in buds]
        go = [owners[o] for o in g["owner_ids"] if o in owners]
        for o in owners_by_doc.get(g["doc_id"], []):
            if not any(x["name"] == o["name"] and x["role"] == o["role"] for x in grp.setdefault("owners", [])):
                grp["owners"].append(o)
        letters = [{"letter": k, "ok": bool(g["smart"].get(k)), "name": SMART_NAMES[k],
                    "reason": g["reasons"].get(k, "")} for k in "SMART"]
        grp["goals"].append({**g, "indicators": gi, "budgets": gb, "owners": go, "letters": letters,
                             "level_short": LEVELS.get(g["level"], ("?", g["level"]))[0],
                             "level_name": LEVELS.get(g["level"], ("?", g["level"]))[1],
                             "budget_total": sum(b["amount_eur"] for b in gb if not b.get("is_total")) or
                             sum(b["amount_eur"] for b in gb),
                             "page_url": page_url(g["doc_id"], g["page"], g["text"])})
    for grp in groups.values():
        grp.setdefault("owners", [])
        prog_owners = {(o["role"], o["name"]) for o in grp["owners"]}
        for g in grp["goals"]:
            mine = {(o["role"], o["name"]) for o in g["owners"]}
            g["own_owners"] = bool(mine) and mine != prog_owners  # else: the programme's owners (shown above)
        grp["goal_owners"] = any(g["own_owners"] for g in grp["goals"])
    return sorted(groups.values(), key=lambda x: (x["programme"] == "Zonder programma", x["programme"].lower()))


# --- timeline -----------------------------------------------------------------

def timeline(themes: list[dict], max_rows: int = 40) -> dict | None:
    """Geometry of the themes-by-year chart, drawn as SVG by the template."""
    rows = [t for t in themes if t["members"]][:max_rows]
    years = sorted({m["year"] for t in rows for m in t["members"] if m.get("year")})
    if not rows or not years:
        return None
    y0, y1 = years[0], years[-1]
    span = list(range(y0, y1 + 1))
    left, col, row_h, top = 300, max(56, min(110, 640 // max(len(span), 1))), 30, 34
    width = left + col * len(span) + 30
    height = top + row_h * len(rows) + 16
    out_rows = []
    for i, t in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        by_year: dict[int, list] = {}
        for m in t["members"]:
            if m.get("year"):
                by_year.setdefault(m["year"], []).append(m)
        dots = []
        for y, ms in sorted(by_year.items()):
            kinds = {m["kind"] for m in ms}
            kind = "both" if len(kinds) > 1 else next(iter(kinds))
            dots.append({"cx": left + col * (y - y0) + col / 2, "cy": cy, "r": round(5 + 2.2 * math.sqrt(len(ms)), 1),
                         "n": len(ms), "year": y, "kind": kind})
        xs = [d["cx"] for d in dots]
        label = t["theme"] or "(thema zonder naam)"
        out_rows.append({"i": i, "y": cy, "label": label if len(label) <= 38 else label[:37] + "…",
                         "full": label, "dots": dots, "line": (min(xs), max(xs)) if len(xs) > 1 else None,
                         "zebra": i % 2 == 1, "row_y": top + row_h * i})
    return {"width": width, "height": height, "left": left, "top": top, "row_h": row_h,
            "years": [{"year": y, "x": left + col * (y - y0) + col / 2} for y in span],
            "rows": out_rows, "col": col, "truncated": len([t for t in themes if t["members"]]) > max_rows}
