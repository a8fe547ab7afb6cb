"""Document metadata inferred from the content and the PDF's own metadata.

Title, kind (programmacontract, evaluatie, raadsbrief, collegevoorstel, other),
date, author/organisation and programme. The cover page is read first; the
PDF info dictionary fills gaps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from nl.bodies import bare_body, place_name, signing_body, territory_mentions, with_territory
from nl.places import COMPLETE, letters, listed, snap

if TYPE_CHECKING:
    from .ocr import LogoReading

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_DATE_NL = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_DATE_NUM = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)

# Kinds of policy documents, recognised from the document's own words: the kind
# phrase that stands first in the title and the head of page 1 wins ("Raadsbrief:
# Evaluatie ..." is a letter, "Rapportage Evaluatie ..." a report).
KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("programmacontract", re.compile(r"\bprogramma-?contract\b", re.I)),
    ("statenvoorstel", re.compile(r"\bstatenvoorstel\b|\bvoorstel (?:van|aan) (?:gedeputeerde|provinciale) staten\b", re.I)),
    ("raadsvoorstel", re.compile(r"\braadsvoorstel\b|\bvoorstel aan de (?:gemeente)?raad\b|"
                                 r"\bvoorstel van (?:het college|de rekenkamer|burgemeester en wethouders|het presidium)\b"
                                 r"(?: [\w&.' ]{1,40}?)? inzake\b|\braadsbesluit\b", re.I)),
    ("collegevoorstel", re.compile(r"\bcollegevoorstel\b|\bvoorstel aan (?:het )?college\b|\bb&w[- ]voorstel\b", re.I)),
    ("nota", re.compile(r"\b(?:gs|b&w|b en w|college)[- ]?nota\b|\bnota (?:gs|b&w)[- ]?mandaat\b|"
                        r"\bnota aan (?:gedeputeerde staten|het college|b&w)\b|^\W*nota\b", re.I | re.M)),
    ("raadsbrief", re.compile(r"\b(?:raads|staten)(?:informatie)?brief\b|\bbrief aan de (?:gemeente)?raad\b|"
                              r"\bbrief aan (?:de )?provinciale staten\b|^\s*aan (?:de )?(?:gemeenteraad|provinciale staten)\b",
                              re.I | re.M)),
    ("wob-besluit", re.compile(r"\b(?:wob|woo)[- ]?besluit\b|\b(?:\(?deel\)?\s*)?(?:beslissing|besluit) op (?:uw|het) "
                               r"(?:wob-|woo-)?verzoek\b|\bwet openbaarheid (?:van )?bestuur\b|\bwet open overheid\b", re.I)),
    ("besluitenlijst", re.compile(r"\bbesluitenlijst\b", re.I)),
    ("jaarstukken", re.compile(r"\bjaarstukken\b|\bjaarrekening\b|\bjaarverslag\b|\brekening \d{4}\b", re.I)),
    ("begroting", re.compile(r"\b(?:programma)?begroting\b", re.I)),
    ("monitor", re.compile(r"\b\w*monitor\b", re.I)),
    ("evaluatie", re.compile(r"\bevaluatie\b|\bevaluatierapport\b|\brapportage\b|\bonderzoeksrapport\b|"
                             r"\brekenkamer(?:onderzoek|rapport)\b|\bbeleidsdoorlichting\b|\badviesrapport\b|"
                             r"^\W*advies\b|\badvies van de \w*commissie\b", re.I | re.M)),
]
KINDS = ("programmacontract", "statenvoorstel", "raadsvoorstel", "collegevoorstel", "nota", "raadsbrief",
         "wob-besluit", "besluitenlijst", "begroting", "jaarstukken", "monitor", "evaluatie", "other")
KIND_LABELS = {
    "programmacontract": "programmacontract", "statenvoorstel": "statenvoorstel", "raadsvoorstel": "raadsvoorstel",
    "collegevoorstel": "collegevoorstel", "nota": "GS- of B&W-nota", "raadsbrief": "brief aan raad of Staten",
    "wob-besluit": "Wob-/Woo-besluit", "besluitenlijst": "besluitenlijst", "begroting": "begroting",
    "jaarstukken": "jaarstukken (jaarrekening, jaarverslag)", "monitor": "monitor",
    "evaluatie": "evaluatie, onderzoek, rekenkamer- of adviesrapport", "other": "overig",
}


def normalise_date(text: str) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) from what a user typed: ISO or Dutch."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if mo and not 1 <= int(mo) <= 12 or d and not 1 <= int(d) <= 31:
            return None
        return "-".join([y] + [f"{int(x):02d}" for x in (mo, d) if x])
    return parse_dutch_date(text)


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


# The head of a document: what its first page says before the body starts.
HEAD_CHARS = 1200

# Labels of letterhead and form fields: a title or date stops before the next one.
_FIELD_LABEL = re.compile(
    r"^\s*(?:onderwerp|datum|ons kenmerk|uw kenmerk|kenmerk|registratiekenmerk|zaaknummer|auteur|openbaar|"
    r"telefoon(?:nummer)?|e-?mail|bijlage\(?n?\)?|afgestemd met|behandeld door|portefeuillehouder|"
    r"aan|van|cc|retouradres|bezoekadres|postadres|postbus|inlichtingen|contactpersoon|"
    r"samenvatting|voorstel|inleiding|geachte|locatie|onze referentie|uw referentie|pagina)\b\s*:?",
    re.I)
# a field label at the start of a line (any case), or inside a line as a capitalised
# label (OCR and text extraction join columns: "2) Inventarislijst Datum 25 januari 2021")
_SUBJECT = re.compile(r"(?:^\s*(?i:onderwerp|betreft)|\s(?:Onderwerp|Betreft|ONDERWERP|BETREFT))\b\s*:?\s*(.*)$")
_DATE_LABEL = re.compile(r"(?:^\s*(?i:datum(?: brief| besluit| vergadering| verzending)?|verzenddatum|d\.d\.)|"
                         r"\s(?:Datum|DATUM|Verzenddatum))\s*:?\s*(.*)$")
# A dated signature or place line: "Den Haag, 4 maart 2025", "Zwolle, 17 juli 2023".
_PLACE_DATE = re.compile(r"^\s*[A-Z][\w'’.-]+(?:\s[A-Z\w'’.-]+){0,2},\s*(\d{1,2}\s+\w+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\s*$")
# The date of the decision the document records.
_DECISION_DATE = re.compile(r"\b(?:besloten|vastgesteld|besluit|beslissing)\b[^.\n]{0,40}?\b(?:d\.d\.|op|van|in de vergadering van)"
                            r"\s*:?\s*(\d{1,2}\s+\w+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})", re.I)

# Who issues documents: organisations and bodies, never a PDF producer account.
_ISSUERS: list[re.Pattern] = [re.compile(p) for p in (
    r"\b(Rekenkamer(?:commissie)?(?: [A-Z][\w-]+(?: [A-Z][\w-]+)?)?)\b",
    r"\b(Inspectie van het [A-Z]\w+|Inspectie [A-Z]\w+(?: en [A-Z]\w+)?)\b",
    r"\b([Aa]dviescommissie(?: [A-Z][\w-]+){0,4})\b",
    r"\b(Gedeputeerde Staten(?: van [A-Z]\w+(?:-[A-Z]\w+)?)?)\b",
    r"\b(College van (?:B(?:&|en )W|burgemeester en wethouders)(?:,?\s*(?:van de )?gemeente\s+[A-Z]\w+(?: [A-Z]\w+)?)?)",
    r"\b(Ministerie van [A-Z][\w,]*(?:(?:,| en) [A-Z]\w+){0,4})\b",
    r"\b(Provincie [A-Z]\w+(?:-[A-Z]\w+)?)\b",
    r"\b(Metropoolregio [A-Z]\w+(?: [A-Z]\w+){0,2})\b",
    r"\b(Waterschap [A-Z]\w+(?: [A-Z]\w+)?|Hoogheemraadschap [A-Z][\w ]{2,30}?)(?=[,.\n]|$)",
    r"\b(Gemeente (?:[A-Z]\w+(?: (?:aan|den|Den|op) [A-Z]\w+| [A-Z]\w+(?=\n))?))\b",
)]
_ORG_WORD = re.compile(r"\b(gemeente|provincie|rekenkamer|ministerie|inspectie|college|raad|staten|commissie|"
                       r"instituut|institute|bureau|b\.?v\.?|waterschap|metropoolregio|dienst|agentschap|"
                       r"universiteit|planbureau|research|consultancy|adviesbureau|onderzoeksbureau)\b", re.I)
_ACCOUNT = re.compile(r"account|microsoft|windows|\buser\b|gebruiker|\badmin|owner|eigenaar|^[a-z]{1,3}\d*$", re.I)


def infer_metadata(pdf_meta: dict, first_pages: list[str], cover_lines: list[tuple[float, str]],
                   known_programmes: list[str] | None = None, last_page: str = "",
                   signature: str = "",
                   logo_readings: Callable[[], Sequence["LogoReading"]] | None = None) -> Metadata:
    """``cover_lines``: (font size, text) of page 1 in reading order; ``last_page``: the
    text of the last page (where decisions are dated); ``signature``: the text after a
    letter's closing ("Met vriendelijke groet,"), see :func:`signature_text`;
    ``logo_readings``: reads the logos of page 1 (OCR, see ``ingest.ocr.read_logos_of``),
    called only when the author is a governing body whose place the text never names."""
    head = "\n".join(first_pages)
    page1 = first_pages[0] if first_pages else ""
    title = _title(pdf_meta, cover_lines, page1)
    kind = infer_kind(title, pdf_meta.get("subject") or "", page1[:HEAD_CHARS] or head[:HEAD_CHARS])
    date = _date(cover_lines, head, pdf_meta, page1, last_page)
    author = _author(pdf_meta, cover_lines, head, kind, signature)
    author = _with_territory(author, cover_lines, head, signature, last_page, logo_readings)
    if kind == "other" and author and _ORG.fullmatch(author):
        # a report by an external research organisation about the municipality's policy
        kind = "evaluatie"
    programme = _programme(title, head, kind, known_programmes or [])
    return Metadata(title, kind, date, author, programme)


def _clean_meta_title(raw: str) -> str:
    t = " ".join((raw or "").split())
    t = re.sub(r"^microsoft (?:word|powerpoint|excel) - ", "", t, flags=re.I)
    if not t or re.search(r"\.(docx?|pdf|indd|pptx?|xlsx?)$|^untitled|^naamloos|^microsoft|^document\d*$", t, re.I):
        return ""
    return t


def _lines(text: str) -> list[str]:
    return [" ".join(ln.split()) for ln in text.splitlines() if ln.strip()]


def _subject_line(page1: str) -> str:
    """The value of an "Onderwerp:" / "Betreft:" field, with its continuation lines."""
    lines = _lines(page1[:2500])
    for i, ln in enumerate(lines):
        m = _SUBJECT.search(ln)
        if not m:
            continue
        parts = [m.group(1).strip(" :")] if m.group(1).strip(" :") else []
        for nxt in lines[i + 1:i + 4]:
            if _FIELD_LABEL.match(nxt) or _DATE_NL.search(nxt) or len(" ".join(parts)) > 120:
                break
            if parts and (parts[-1].endswith((".", ":")) or nxt[:1].isupper() and len(nxt) > 60):
                break
            parts.append(nxt)
            if not parts[0]:
                break
        value = " ".join(p for p in parts if p).strip(" :")
        if len(value) >= 8:
            return value
    return ""


def _title(pdf_meta: dict, cover_lines: list[tuple[float, str]], page1: str = "") -> str:
    meta_title = _clean_meta_title(pdf_meta.get("title") or "")
    if meta_title:
        return meta_title[:200]
    subject = _subject_line(page1)
    # a standalone year or period on a cover ("2021-2024") completes the title
    periods = [(size, text.strip()) for size, text in cover_lines if _PERIOD_LINE.fullmatch(text.strip())]
    # a logo read as text ("X", ")1C") is no title line, nor is the issuer's name
    # alone (a letterhead: "Gemeente Wassenaar" with its crest read as "5")
    cover_lines = [(size, text) for size, text in cover_lines
                   if re.search(r"[A-Za-zÀ-ÿ]{3,}", text) and not _letterhead(text)]
    if cover_lines:
        biggest = max(size for size, _ in cover_lines)
        parts = []
        for size, text in cover_lines:
            if size >= biggest - 0.5:
                if parts and (_FIELD_LABEL.match(text) or len(text) > 160):
                    break  # the next field, or a paragraph in the title's font size
                if len(text) > 160 and not parts:
                    text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
                parts.append(text)
                if text.rstrip().endswith("."):
                    break
            elif parts:
                break
        big = " ".join(" ".join(parts).split())
        sizes = sorted(size for size, _ in cover_lines)
        plain = biggest < 1.25 * sizes[len(sizes) // 2]  # no title font: the biggest line is just text
        # a form or letter whose biggest line is only its kind ("NOTA GS-MANDAAT"), a
        # letterhead, or not set apart at all: the subject field names the document better
        if subject:  # the document names its own subject: that is its title
            return _short(subject)
        del plain
        if big and not re.search(r"\b(?:19|20)\d{2}\b", big):
            big_periods = [text for size, text in periods if size >= biggest - 0.5]
            if big_periods:
                big = f"{big} {big_periods[0]}"
        if big:
            return _short(big)
    return _short(subject)


_PERIOD_LINE = re.compile(r"(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2})?")
_ISSUER_NAME = re.compile(r"(?:Gemeente|Provincie|Waterschap|Hoogheemraadschap|Ministerie van)\s+[A-Z][\w'-]+"
                          r"(?:[- ](?:aan|op|en|de|den|[A-Z][\w'-]+)){0,3}")


def _letterhead(text: str) -> bool:
    """A line that is only an issuer's name ("Gemeente Wassenaar", "Provincie
    Overijssel"), once specks and a crest read as text are left out."""
    words = [w for w in text.split() if re.search(r"[A-Za-zÀ-ÿ]{2,}", w)]
    return bool(words) and bool(_ISSUER_NAME.fullmatch(" ".join(words)))


def _short(title: str, limit: int = 160) -> str:
    """A title, not a header block: cut at a form label, at most ``limit`` characters."""
    title = " ".join(title.split())
    m = re.search(r"\s(?:Openbaar|Registratiekenmerk|Telefoonnummer|Auteur|Datum|Kenmerk|Afgestemd met)\s*:", title)
    if m:
        title = title[:m.start()]
    if len(title) > limit:
        cut = title.rfind(" ", 0, limit)
        title = title[:cut if cut > limit // 2 else limit].rstrip(" ,;:-")
    return title


# In running text "evaluatie" is often just a section ("Monitoring en evaluatie") of a
# plan, so the body only counts as an evaluation on stronger signals.
_BODY_EVALUATION = re.compile(r"\bevaluatierapport\b|\bonderzoeksrapport\b|\brekenkamer\w*\b|"
                              r"\bonderzoeksvragen\b|\bdit rapport\b|\bin opdracht van de gemeente\b", re.I)


def infer_kind(title: str, subject: str, head: str) -> str:
    """The kind phrase that stands first in the title, the PDF subject, else in the
    header lines of page 1 (short lines, not running sentences: "monitoring en
    evaluatie" in a plan's text does not make it an evaluation; only strong
    signals such as "dit rapport" do). A head that names both a budget and its
    realisation of the same or a later year ("Begroting 2020 ... Rekening 2020")
    belongs to the annual accounts."""
    header = "\n".join(ln for ln in _lines(head[:HEAD_CHARS])[:15]
                       if len(ln) <= 120 and not (ln.endswith(".") and len(ln.split()) >= 8))
    for source in (title, subject, header):
        kind = _first_kind(source, in_header=source is header)
        if kind:
            if kind == "begroting":
                kind = _budget_or_accounts(source + "\n" + header)
            return kind
    if _BODY_EVALUATION.search(head[:1500]):
        return "evaluatie"
    return "other"


def _first_kind(text: str, in_header: bool = False) -> str | None:
    """The kind whose phrase stands first in ``text``. In header lines the weak word
    "evaluatie" only counts at the start of a line (a title), not in a section
    heading such as "6. Monitoring en evaluatie"."""
    best: tuple[int, int, str] | None = None
    for rank, (kind, pattern) in enumerate(KIND_PATTERNS):
        for m in pattern.finditer(text):
            if in_header and kind == "evaluatie":
                line_start = text.rfind("\n", 0, m.start()) + 1
                if re.search(r"\w", text[line_start:m.start()]):
                    continue
            if best is None or (m.start(), rank) < best[:2]:
                best = (m.start(), rank, kind)
            break
    return best[2] if best else None


def _budget_or_accounts(text: str) -> str:
    budget = [int(y) for y in re.findall(r"\bbegroting\b[^\n\d]{0,30}((?:19|20)\d\d)", text, re.I)]
    realised = [int(y) for y in re.findall(r"\b(?:rekening|realisatie)\s+((?:19|20)\d\d)", text, re.I)]
    if budget and realised and max(realised) >= min(budget):
        return "jaarstukken"
    return "begroting"


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


def _full_date(text: str) -> tuple[str | None, bool]:
    """(ISO date, whether the day was read) of the first date in ``text``."""
    m = _DATE_NL.search(text)
    if m:
        return f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}", True
    m = _DATE_NUM.search(text)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", True
    m = _MONTH_YEAR.search(text)
    if m:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}-01", False
    return None, False


def _pdf_date(pdf_meta: dict) -> str | None:
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", pdf_meta.get("creationDate") or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def own_date(page1: str) -> tuple[str | None, bool]:
    """The document's own date from page 1: a "Datum" field, else a dated place line
    ("Den Haag, 4 maart 2025")."""
    lines = _lines(page1[:3000])
    for i, ln in enumerate(lines):
        m = _DATE_LABEL.search(ln)
        if m:
            for candidate in [m.group(1)] + lines[i + 1:i + 3]:
                d, full = _full_date(candidate)
                if d:
                    return d, full
                if candidate and _FIELD_LABEL.match(candidate):
                    break
    return _place_date(lines)


def _place_date(lines: list[str]) -> tuple[str | None, bool]:
    for ln in lines:
        m = _PLACE_DATE.match(ln)
        if m:
            d, full = _full_date(m.group(1))
            if d:
                return d, full
    return None, False


def decision_date(text: str) -> tuple[str | None, bool]:
    """The date of the decision a document records ("Aldus besloten in de vergadering
    van 9 juli 2025", "GS-beslissing d.d. 17 juli 2023")."""
    m = _DECISION_DATE.search(text)
    return _full_date(m.group(1)) if m else (None, False)


def _date(cover_lines, head: str, pdf_meta: dict, page1: str = "", last_page: str = "") -> str | None:
    """Own date first (Datum field, dated place line on page 1), then the decision
    date (page 1, else the last page), a dated signature on the last page, a date on
    the cover, the PDF's creation date when the text does not contradict it, and only
    then the first date in the body."""
    page1 = page1 or head
    d, full = own_date(page1)
    if d is None:
        d, full = decision_date(page1[:3000])
    if d is None and last_page:
        d, full = decision_date(last_page)
        if d is None:
            d, full = _place_date(_lines(last_page)[-25:])
    if d is None:
        for _, text in cover_lines:
            d, full = _full_date(text)
            if d:
                break
    created = _pdf_date(pdf_meta)
    if created and not _plausible_creation(created, head):
        created = None
    if d is None and created:
        return created
    if d is None:
        d, full = _full_date(head[:3000])
    if d is not None and not full and created and created[:7] == d[:7]:
        return created  # the day was unreadable (OCR); the file was made that month, on this day
    return d


def _plausible_creation(created: str, head: str) -> bool:
    """A PDF made years after everything the document talks about (a later scan or
    screenshot) is not dated by its file."""
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", head[:5000])]
    return not years or int(created[:4]) <= max(years) + 1


def _issuer_ok(name: str) -> bool:
    return bool(name) and not _ACCOUNT.search(name) and bool(_ORG_WORD.search(name))


# the closing formula; what follows it (on its line when the layout joined the lines of
# the signature into one paragraph, else on the next lines) is the signature
_CLOSING = re.compile(r"^\s*(?:(?:met (?:vriendelijke|hartelijke) groet(?:en)?|hoogachtend)\b[ \t]*,?|namens\b.*$)",
                      re.I | re.M)


def signature_text(pages: list[str]) -> str:
    """What follows the last closing formula of a letter ("Met vriendelijke groet,",
    "Hoogachtend,"): the signing person or body."""
    for text in reversed(pages):
        found = list(_CLOSING.finditer(text))
        if found:
            return text[found[-1].end():found[-1].end() + 300]
    return ""


def _author(pdf_meta: dict, cover_lines, head: str, kind: str, signature: str = "") -> str | None:
    meta_author = " ".join((pdf_meta.get("author") or "").split())
    if _issuer_ok(meta_author):
        return meta_author
    cover = "\n".join(t for _, t in cover_lines)
    for text in (cover, head[:3000]):
        places = set(re.findall(r"\bGemeente\s+([A-Z]\w+)", text))
        for m in _ORG.finditer(text):
            words = m.group(1).split()
            while words and words[0] in places:
                words.pop(0)
            if words and not re.match(r"(Rekenkamer|Gemeente)\b", " ".join(words)):
                return " ".join(words)
    # the letterhead first: the most specific body named there issues the document
    # (not the addressee of a letter: a name followed by "T.a.v." or preceded by "Aan"),
    # then the body that signs the letter, then the first body named in the text
    for text in (cover[:600], head[:600], signature, head[:3000]):
        for pattern in _ISSUERS:
            for m in pattern.finditer(text):
                if not _addressee(text, m.start(), m.end()):
                    return _tidy_issuer(m.group(1))
    for pattern in (_COLLEGE, _MUNICIPAL):
        for text in (cover, head[:3000]):
            m = pattern.search(text)
            if m:
                return m.group(1).strip()
    # a letter signed by a governing body without its place ("Burgemeester en wethouders,")
    return signing_body(signature)


def _with_territory(author: str | None, cover_lines, head: str, signature: str, last_page: str,
                    logo_readings: Callable[[], Sequence["LogoReading"]] | None = None) -> str | None:
    """A governing body found without its place ("Gedeputeerde Staten", "College van
    B&W") is completed with the territory the document itself names
    (:func:`issuing_territory`), else with the one its logo names when the readings of
    the logo agree (:func:`logo_territory`); no place: the body stays as found."""
    tier = bare_body(author)
    if tier is None:
        return author
    place, _ = issuing_territory(tier, cover_lines, head, signature, last_page)
    if place is None and logo_readings is not None:
        place = logo_territory(logo_readings(), tier)
    return with_territory(author, tier, place) if place else author


# Readings of a logo that must name one place, in one and the same way, before it counts.
LOGO_AGREEMENT = 2
# A word read where the place stands that is this similar to it (difflib ratio of the
# letters) is another reading of the same name ("Dverijssel" for "Overijssel").
LOGO_NEAR_MISS = 0.6


def logo_territory(readings: Sequence["LogoReading"], tier: str, anchored: bool = True,
                   unanimous: bool = True, gazetteer: bool = True, read_exactly: bool = True,
                   keep_near_unlisted: bool = False) -> str | None:
    """The place of kind ``tier`` the readings of page 1's logos agree on, else None.

    A reading names a place when a line of it ends in "provincie X" or "gemeente X"
    (or the body with its place), or is the bare noun with X alone on the next line:
    the level of the territory is read, not guessed. The place counts when at least
    :data:`LOGO_AGREEMENT` readings (separations and thresholds of one logo, see
    ``ingest.ocr.read_logos``) read it exactly alike and, with ``unanimous``, no
    reading reads that word otherwise (another place, or a near miss such as
    "Dverijssel"); without it, when more readings agree than read it otherwise. With
    ``anchored`` a reading also agrees when the word it reads where another reading
    found "provincie X" is exactly X though it misread the noun (a logo sets its noun
    small); without it, each agreeing reading must read noun and place itself.

    When that rule finds no place and ``gazetteer`` is set, the readings are compared
    on the listed territories of that kind instead (:func:`_listed_place`): an OCR
    slip of a listed name ("Qverijssel") then counts for that name. A place the
    readings agree on that is not listed but within a slip of a listed one
    (``nl.places.snap``) is where every reading may have made the same slip (a stroke
    through the first letter: "Buid-Holland", "Marneveld"): a province is then the
    listed one (``nl.places.COMPLETE``: the list is complete); a municipality gives
    no place, since a new municipality may be named one letter from an old one and
    the readings cannot tell the two apart (``keep_near_unlisted`` keeps it as read).
    An unlisted place far from every listed one stays as read (a new municipality)."""
    place = _agreed_place(readings, tier, anchored, unanimous)
    if place is None and gazetteer:
        return _listed_place(readings, tier, read_exactly)
    if place is not None and gazetteer and not listed(place, tier):
        near = snap(place, tier)
        if near is not None and tier in COMPLETE:
            return near
        if near is not None and not keep_near_unlisted:
            return None
    return place


def _agreed_place(readings: Sequence["LogoReading"], tier: str, anchored: bool, unanimous: bool) -> str | None:
    """The rule without a list of places (see :func:`logo_territory`)."""
    agree: dict[str, set[tuple[int, str]]] = {}
    anchors: list[tuple[str, int, str, tuple[int, int, int, int]]] = []
    for r in readings:
        for place, words in _logo_mentions(r, tier):
            agree.setdefault(place, set()).add((r.image, r.channel))
            anchors.append((place, r.image, r.channel, _union(w.box for w in words)))
    if not agree:
        return None
    dissent: dict[str, set[tuple[int, str]]] = {p: set() for p in agree}
    for place, image, channel, box in anchors:
        for r in readings:
            if r.image != image or r.channel == channel:
                continue
            inside = " ".join(w.text for w in r.words if _centre_in(w.box, box))
            read = place_name(inside, tier) if inside else None
            if read == place:
                if anchored:
                    agree[place].add((r.image, r.channel))
            elif read is not None or _near_miss(inside, place):
                dissent[place].add((r.image, r.channel))
    for place, who in agree.items():  # a reading that names another place dissents too
        dissent[place] |= set().union(*(v for p, v in agree.items() if p != place)) - who
    place = max(agree, key=lambda p: (len(agree[p]) - len(dissent[p]), len(agree[p])))
    enough = len(agree[place]) >= LOGO_AGREEMENT
    if enough and (not dissent[place] if unanimous else len(agree[place]) > len(dissent[place])):
        return place
    return None


def _listed_place(readings: Sequence["LogoReading"], tier: str, read_exactly: bool = True) -> str | None:
    """The listed territory of kind ``tier`` (``nl.places``) that the readings of the
    logo name, allowing each reading an OCR slip, else None.

    The spots are where some reading read the noun and a name ("provincie X", as in
    :func:`_agreed_place`); what each reading reads there (the name of its own mention,
    or its words inside the spot) is snapped to a listed name (``nl.places.snap``: the
    nearest by edit distance, within 1 letter for names of 5-8 letters and 2 for longer
    ones, and no other listed name as near). The name counts when readings of at least
    :data:`LOGO_AGREEMENT` colour separations snap to it (the two thresholds of one
    separation see one picture: a name printed over another in red reads alike in both
    thresholds of the red separation), no reading snaps to another listed name
    or reads a whole place name that snaps to none (an unlisted place: the logo may name
    a place the list does not know), and, with ``read_exactly``, at least one reading
    reads it letter for letter (so that a name the list lacks, read alike by every
    separation, is never taken for its listed neighbour), and no municipality the list
    lacks is read letter for letter by that many separations (a former municipality,
    "Haren" next to the listed "Laren", or a new one: not the neighbour). Words that
    snap to nothing and have no place's shape ("womeeQverijssel") abstain."""
    spots: list[tuple[int, tuple[int, int, int, int]]] = []
    seen: dict[tuple[int, str], list[str]] = {}
    for r in readings:
        for place, words in _logo_mentions(r, tier):
            spots.append((r.image, _union(w.box for w in words)))
            seen.setdefault((r.image, r.channel), []).append(place)
    for image, box in spots:
        for r in readings:
            if r.image == image:
                inside = " ".join(w.text for w in r.words if _centre_in(w.box, box))
                if inside:
                    seen.setdefault((r.image, r.channel), []).append(inside)
    named: dict[str, set[tuple[int, str]]] = {}
    exact: set[str] = set()
    unlisted: dict[str, set[tuple[int, str]]] = {}  # an unlisted place's name, and the separations reading it
    for (image, channel), texts in seen.items():
        for text in texts:
            name = snap(text, tier)
            read = place_name(text, tier)
            if read is not None and not listed(read, tier):
                if name is None:
                    return None  # a whole place name the list does not know: not ours to correct
                unlisted.setdefault(read, set()).add((image, _separation(channel)))
            if name is not None:
                named.setdefault(name, set()).add((image, channel))
                if letters(text) == letters(name):
                    exact.add(name)
    if read_exactly and tier not in COMPLETE and any(len(seps) >= LOGO_AGREEMENT for seps in unlisted.values()):
        # separations agree letter for letter on a municipality the list does not have (a former one, such
        # as Haren before 2019, or a new one): it is not the listed neighbour it is one letter from
        return None
    if len(named) != 1:
        return None  # none, or two listed places
    (place, who), = named.items()
    separations = {(image, _separation(channel)) for image, channel in who}
    if len(separations) >= LOGO_AGREEMENT and (place in exact or not read_exactly):
        return place
    return None


def _separation(channel: str) -> str:
    """The colour separation of a reading's channel ("red/sauvola" -> "red"): its two thresholds
    see one picture."""
    return channel.split("/")[0]


def _logo_mentions(reading: "LogoReading", tier: str):
    """(place, its words) for each line of ``reading`` that ends in a mention of a
    territory of kind ``tier``, or that is only the noun ("provincie") with the place
    alone on the next line (a stacked logo)."""
    lines = reading.lines
    for i, line in enumerate(lines):
        text = " ".join(w.text for w in line)
        for m in territory_mentions(text, tier):
            if not text[m.end:].strip():  # more words after the name: a split word, no logo's name
                yield m.place, line[len(line) - len(m.place.split()):]
        if i + 1 < len(lines) and text.lower() == tier:
            below = lines[i + 1]
            place = place_name(" ".join(w.text for w in below), tier)
            if place:
                yield place, below


def _near_miss(text: str, place: str) -> bool:
    from difflib import SequenceMatcher

    letters = re.sub(r"\W+", "", text).lower()
    return bool(letters) and SequenceMatcher(None, letters, re.sub(r"\W+", "", place).lower()).ratio() >= LOGO_NEAR_MISS


def _union(boxes) -> tuple[int, int, int, int]:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _centre_in(box, outer) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def issuing_territory(tier: str, cover_lines, head: str, signature: str = "",
                      last_page: str = "") -> tuple[str | None, str | None]:
    """The province or municipality (``tier``, see :mod:`nl.bodies`) the document names
    as its own, and where: first where it signs (``"signature"``), then in its letterhead
    (``"letterhead"``: the first 600 characters), then in its text (``"text"``: the first
    three pages and the last). Where it signs and in its letterhead, a body named with its
    place ("Provinciale Staten van X") comes before the bare territory ("provincie X"); in
    the text, the place named most often (a report names its own municipality far more
    often than the "gemeenteraad van Y" it cites), then the one named as a body, then the
    first named. Mentions of an addressee do not count, except the body's own assembly
    (GS write to their own Provinciale Staten). ``(None, None)`` when the document names
    none."""
    cover = "\n".join(t for _, t in cover_lines)
    regions = (("signature", signature), ("letterhead", cover[:600] + "\n" + head[:600]),
               ("text", head + "\n" + last_page))
    for where, text in regions:
        mentions = [m for m in territory_mentions(text, tier)
                    if m.assembly or not _addressee(text, m.start, m.end)]
        if not mentions:
            continue
        places = [m.place for m in mentions]
        named_as_body = [m.place for m in mentions if m.strong]
        if where != "text" and named_as_body:
            places = named_as_body
        return max(places, key=lambda p: (places.count(p), named_as_body.count(p), -places.index(p))), where
    return None, None


def _addressee(text: str, start: int, end: int) -> bool:
    after = text[end:end + 120]
    before = text[max(0, start - 40):start]
    return bool(re.match(r"[^\n]*?(?:\n\s*|\s)(?:t\.\s?a\.\s?v\.?|tav\b|ter attentie\b)", after, re.I)
                or re.search(r"\b(?:aan|to)\s*:?\s*(?:de |het )?$", before, re.I))


def _tidy_issuer(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.")
    # a label that a merged line put after the name ("... Industrie Bijlage 2: ...") is not part of it
    name = re.sub(r"(?:\s+(?:Bijlagen?|Pagina|Bladzijde|Datum|Kenmerk|Betreft|Onderwerp)\b.*)$", "", name)
    return re.sub(r"^gemeente\b", "Gemeente", name, flags=re.I)


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
