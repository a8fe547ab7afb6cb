"""Document metadata inferred from the content and the PDF's own metadata.

Title, kind (programmacontract, evaluatie, raadsbrief, collegevoorstel, other),
date, author/organisation and programme. The cover page is read first; the
PDF info dictionary fills gaps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_DATE_NL = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_DATE_NUM = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)

# Kinds, most specific first: a council letter about an evaluation is a letter.
KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("raadsbrief", re.compile(r"\braads(informatie)?brief\b|\bbrief aan de (gemeente)?raad\b", re.I)),
    ("collegevoorstel", re.compile(r"\bcollegevoorstel\b|\bvoorstel aan (het )?college\b|\bb&w[- ]voorstel\b", re.I)),
    ("raadsvoorstel", re.compile(r"\braadsvoorstel\b", re.I)),
    ("programmacontract", re.compile(r"\bprogramma-?contract\b", re.I)),
    ("evaluatie", re.compile(r"\bevaluatie\b|\bevaluatierapport\b|\brapportage\b|\bonderzoeksrapport\b|"
                             r"\brekenkamer(onderzoek)?\b|\bbeleidsdoorlichting\b", re.I)),
]
KINDS = ("programmacontract", "evaluatie", "raadsbrief", "collegevoorstel", "other")

# Organisations that write evaluations, and how municipal authors are named.
_ORG = re.compile(
    r"\b((?:(?!Gemeente\b)[A-Z][\w-]+[- ]){0,3}(?:Instituut|Institute|Bureau [A-Z][\w&-]+|Rekenkamer[\w ]*|Adviesbureau [\w-]+|"
    r"Onderzoeksbureau [\w-]+|Research|Consultancy|B\.V\.|BV))\b")
_COLLEGE = re.compile(r"\b(College van B(?:&|en )W(?:,\s*gemeente\s+[A-Z]\w+)?)")
_MUNICIPAL = re.compile(r"\b(Gemeente\s+[A-Z]\w+|Gemeenteraad)\b")

# Policy domains, as municipalities name their programmes.
DOMAINS = [
    "sociaal domein", "zorg", "jeugd", "wmo", "participatie", "economie", "werk en inkomen",
    "duurzaamheid", "veiligheid", "binnenstad", "omgevingswet", "wonen", "onderwijs", "cultuur",
    "sport", "mobiliteit", "verkeer", "armoede", "gezondheid", "energietransitie", "klimaat",
]


@dataclass(frozen=True)
class Metadata:
    title: str
    kind: str
    date: str | None
    author: str | None
    programme: str | None


def infer_metadata(pdf_meta: dict, first_pages: list[str], cover_lines: list[tuple[float, str]],
                   known_programmes: list[str] | None = None) -> Metadata:
    """``cover_lines``: (font size, text) of page 1 in reading order."""
    title = _title(pdf_meta, cover_lines)
    head = "\n".join(first_pages)
    kind = infer_kind(title, pdf_meta.get("subject") or "", head)
    date = _date(cover_lines, head, pdf_meta)
    author = _author(pdf_meta, cover_lines, head, kind)
    if kind == "other" and author and _ORG.fullmatch(author):
        # a report by an external research organisation about the municipality's policy
        kind = "evaluatie"
    programme = _programme(title, head, kind, known_programmes or [])
    return Metadata(title, kind, date, author, programme)


def _title(pdf_meta: dict, cover_lines: list[tuple[float, str]]) -> str:
    meta_title = " ".join((pdf_meta.get("title") or "").split())
    if meta_title and not re.search(r"\.(docx?|pdf|indd)$|^untitled|^microsoft", meta_title, re.I):
        return meta_title
    if cover_lines:
        biggest = max(size for size, _ in cover_lines)
        parts = []
        for size, text in cover_lines:
            if size >= biggest - 0.5:
                parts.append(text)
            elif parts:
                break
        if parts:
            return " ".join(" ".join(parts).split())[:200]
    return ""


# In running text "evaluatie" is often just a section ("Monitoring en evaluatie") of a
# plan, so the body only counts as an evaluation on stronger signals.
_BODY_EVALUATION = re.compile(r"\bevaluatierapport\b|\bonderzoeksrapport\b|\brekenkamer\w*\b|"
                              r"\bonderzoeksvragen\b|\bdit rapport\b|\bin opdracht van de gemeente\b", re.I)


def infer_kind(title: str, subject: str, head: str) -> str:
    for source in (title, subject):
        for kind, pattern in KIND_PATTERNS:
            if pattern.search(source):
                return "collegevoorstel" if kind == "raadsvoorstel" else kind
    body = head[:1500]
    for kind, pattern in KIND_PATTERNS:
        if kind == "evaluatie":
            if _BODY_EVALUATION.search(body):
                return kind
        elif pattern.search(body):
            return "collegevoorstel" if kind == "raadsvoorstel" else kind
    return "other"


def parse_dutch_date(text: str) -> str | None:
    m = _DATE_NL.search(text)
    if m:
        return f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = _DATE_NUM.search(text)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = _MONTH_YEAR.search(text)
    if m:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}-01"
    return None


def _date(cover_lines, head: str, pdf_meta: dict) -> str | None:
    for _, text in cover_lines:
        d = parse_dutch_date(text)
        if d:
            return d
    d = parse_dutch_date(head[:3000])
    if d:
        return d
    raw = pdf_meta.get("creationDate") or ""
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


def _author(pdf_meta: dict, cover_lines, head: str, kind: str) -> str | None:
    meta_author = " ".join((pdf_meta.get("author") or "").split())
    if meta_author:
        return meta_author
    cover = "\n".join(t for _, t in cover_lines)
    for text in (cover, head[:3000]):
        places = set(re.findall(r"\bGemeente\s+([A-Z]\w+)", text))
        for m in _ORG.finditer(text):
            words = m.group(1).split()
            while words and words[0] in places:
                words.pop(0)
            if words:
                return " ".join(words)
    for pattern in (_COLLEGE, _MUNICIPAL):
        for text in (cover, head[:3000]):
            m = pattern.search(text)
            if m:
                return m.group(1).strip()
    return None


def _programme(title: str, head: str, kind: str, known: list[str]) -> str | None:
    m = re.search(r"programma-?contract\s+(.+)$", title, re.I)
    if m:
        name = re.sub(r"\s*\d{4}\s*[-–]\s*\d{4}\s*$|\s*\d{4}\s*$", "", m.group(1)).strip(" :-–")
        if name:
            return name[0].upper() + name[1:]
    lowered = title.lower()
    for name in sorted(known, key=len, reverse=True):
        if name and re.search(r"\b" + re.escape(name.lower()) + r"\b", lowered):
            return name
    for domain in DOMAINS:
        if re.search(r"\b" + re.escape(domain) + r"\b", lowered):
            return domain[0].upper() + domain[1:]
    return None
