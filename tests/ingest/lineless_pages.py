"""PDF pages of a fictional municipality ("gemeente Veldhoven-Noord" does not exist) written with
pymupdf ``TextWriter`` at fixed x positions and no vector lines at all, to test table detection
without ruling lines.

Positive pages (each must give exactly one table):

* ``indicator``: a "Beleidsindicatoren" table "Indicator | Peilwaarde 2020 | Streefwaarde 2024 |
  Bron" with a paragraph above and below it;
* ``budget``: a "Wat mag het kosten?" table "Bedragen x € 1.000" with "Rekening 2022 | Begroting
  2023 | Begroting 2024 | Begroting 2025" columns, right-aligned amounts, a total row and a
  paragraph below.

Negative pages (must give no table):

* ``two_columns``: running text set in two columns (the column gap aligns on every line);
* ``bullets``: a bulleted list whose items mention years and amounts;
* ``toc``: a table of contents with dotted leaders and right-aligned page numbers;
* ``toc_plain``: a table of contents without leaders (chapter number, title, page number);
* ``paragraph``: plain paragraphs full of numbers and years;
* ``colofon``: label-value pairs (date, case number, version, counts) in two aligned columns.
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

FONT = pymupdf.Font("helv")
BOLD = pymupdf.Font("hebo")
LEFT = 72
WIDTH = 595
HEIGHT = 842


def _text(page, pos, text: str, size: float = 9, font=FONT) -> None:
    """Text only (a TextWriter embeds the font, so "€" and "•" survive); never a line."""
    writer = pymupdf.TextWriter(page.rect)
    writer.append(pos, text, font=font, fontsize=size)
    writer.write_text(page)


def _length(text: str, size: float, font=FONT) -> float:
    return font.text_length(text, fontsize=size)


def _right(page, x_right: float, y: float, text: str, size: float = 9, font=FONT) -> None:
    _text(page, (x_right - _length(text, size, font), y), text, size, font)


def _paragraph(page, y: float, lines: list[str], size: float = 10, x: float = LEFT) -> float:
    for ln in lines:
        _text(page, (x, y), ln, size, FONT)
        y += size * 1.4
    return y + 8


def _heading(page, y: float, text: str, size: float = 13) -> float:
    _text(page, (LEFT, y), text, size, BOLD)
    return y + size * 1.8


def _footer(page, n: int) -> None:
    _text(page, (LEFT, 810), f"Gemeente Veldhoven-Noord | Programmabegroting 2024 | {n}", 8)


INDICATORS = [
    ("Indicator", "Peilwaarde 2020", "Streefwaarde 2024", "Bron"),
    ("Jongeren met jeugdhulp (%)", "11,4", "9,5", "CBS"),
    ("Werkloze jongeren (%)", "1,8", "1,2", "Verwey-Jonker"),
    ("Inwoners met een bijstandsuitkering", "1.240", "1.050", "Gemeente"),
    ("Voortijdig schoolverlaters (%)", "2,1", "1,5", "DUO"),
    ("Huishoudens met een laag inkomen", "820", "700", "CBS"),
    ("Inwoners die vrijwilligerswerk doen (%)", "27", "32", "Gezondheidsmonitor"),
]

BUDGET = [
    ("Bedragen x € 1.000", "Rekening 2022", "Begroting 2023", "Begroting 2024", "Begroting 2025"),
    ("Lasten jeugd", "12.480", "13.100", "13.650", "13.900"),
    ("Lasten werk en inkomen", "21.305", "22.010", "22.400", "22.750"),
    ("Lasten wijkteams", "4.120", "4.300", "4.450", "4.500"),
    ("Totaal lasten", "37.905", "39.410", "40.500", "41.150"),
    ("Baten", "-8.200", "-8.350", "-8.500", "-8.600"),
    ("Saldo", "29.705", "31.060", "32.000", "32.550"),
]


def page_indicator(doc) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = _heading(page, 80, "3.2 Beleidsindicatoren")
    y = _paragraph(page, y, [
        "Met de onderstaande indicatoren volgt de raad of het programma Sociaal domein de beoogde",
        "effecten bereikt. De peilwaarde is gemeten in 2020, de streefwaarde geldt voor 2024.",
    ])
    y += 6
    cols = [LEFT, 300, 390, 480]
    for r, row in enumerate(INDICATORS):
        font = BOLD if r == 0 else FONT
        for x, text in zip(cols, row):
            _text(page, (x, y), text, 9, font)
        y += 16
    y += 14
    _paragraph(page, y, [
        "De streefwaarden zijn in overleg met de maatschappelijke partners vastgesteld. Jaarlijks",
        "rapporteert het college in de jaarrekening over de voortgang van deze indicatoren.",
    ])
    _footer(page, 12)


def page_budget(doc) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = _heading(page, 80, "Wat mag het kosten?")
    y = _paragraph(page, y, [
        "In de onderstaande tabel staan de lasten en baten van het programma Sociaal domein.",
    ])
    y += 6
    rights = [330, 400, 470, 540]
    for r, row in enumerate(BUDGET):
        font = BOLD if r == 0 or row[0].startswith(("Totaal", "Saldo")) else FONT
        _text(page, (LEFT, y), row[0], 9, font)
        for xr, text in zip(rights, row[1:]):
            _right(page, xr, y, text, font=font)
        y += 16
    y += 14
    _paragraph(page, y, [
        "De stijging van de lasten in 2024 komt vooral door hogere kosten van de jeugdhulp en de",
        "indexering van de bijdragen aan de wijkteams.",
    ])
    _footer(page, 13)


_TWO_COLUMN_TEXT = (
    "De gemeente Veldhoven-Noord wil dat alle inwoners kunnen meedoen in de samenleving. Daarvoor "
    "werken we samen met maatschappelijke partners, scholen en werkgevers in de regio. In 2024 "
    "investeren we extra in de wijkteams, zodat inwoners sneller de juiste hulp krijgen. Ook willen "
    "we het aantal jongeren zonder startkwalificatie verder terugdringen. Het college heeft daarvoor "
    "in 2023 een plan van aanpak opgesteld dat in 2025 wordt geëvalueerd. De raad wordt twee keer per "
    "jaar over de voortgang geïnformeerd via de bestuursrapportage en de jaarrekening. Daarnaast "
    "organiseren we bijeenkomsten in de wijken om te horen wat inwoners nodig hebben en welke "
    "knelpunten zij ervaren bij het aanvragen van ondersteuning of een uitkering."
)


def _wrap(text: str, width_pt: float, size: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        trial = (cur + " " + word).strip()
        if _length(trial, size) > width_pt and cur:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def page_two_columns(doc) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y0 = _heading(page, 80, "1. Inleiding")
    col_w = 215
    for x in (LEFT, LEFT + col_w + 21):
        y = y0
        for _ in range(3):
            y = _paragraph(page, y, _wrap(_TWO_COLUMN_TEXT, col_w, 10), x=x)
    _footer(page, 3)


def page_bullets(doc) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = _heading(page, 80, "Wat gaan we daarvoor doen?")
    items = [
        "In 2024 openen we twee nieuwe wijkteams, in Noord en in Centrum.",
        "We verlagen de wachttijd voor jeugdhulp naar 6 weken in 2025.",
        "Voor schuldhulpverlening is in 2024 € 350.000 beschikbaar.",
        "We begeleiden 120 inwoners met een bijstandsuitkering naar werk.",
        "In 2026 heeft 80% van de scholen een jeugdprofessional.",
        "We breiden het aantal vrijwilligers bij de voedselbank uit met 25.",
    ]
    for it in items:
        _text(page, (LEFT + 6, y), "•", 10, FONT)
        _text(page, (LEFT + 20, y), it, 10, FONT)
        y += 18
    _footer(page, 5)


TOC = [
    ("1", "Inleiding", "3"),
    ("2", "Programma Sociaal domein", "5"),
    ("2.1", "Jeugd", "7"),
    ("2.2", "Werk en inkomen", "11"),
    ("3", "Programma Economie", "15"),
    ("4", "Paragrafen", "21"),
    ("5", "Financiële begroting", "27"),
    ("Bijlage 1", "Overzicht investeringen 2024-2027", "33"),
]


def page_toc(doc, leaders: bool = True) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = _heading(page, 80, "Inhoudsopgave")
    for num, title, pno in TOC:
        _text(page, (LEFT, y), num, 10, FONT)
        _text(page, (LEFT + 50, y), title, 10, FONT)
        if leaders:
            start = LEFT + 55 + _length(title, 10)
            dots = "." * int((500 - start) / _length(".", 10))
            _text(page, (start, y), dots, 10, FONT)
        _right(page, 523, y, pno, size=10)
        y += 20


def page_paragraph(doc) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = _heading(page, 80, "2. Financiën")
    text = ("In 2022 bedroegen de lasten van het sociaal domein 37,9 miljoen euro. In 2023 stijgen die naar "
            "39,4 miljoen en in 2024 naar 40,5 miljoen. De baten blijven met 8,2 tot 8,6 miljoen per jaar "
            "ongeveer gelijk. Het tekort van 1.240.000 euro in 2023 dekken we uit de algemene reserve. ") * 3
    for _ in range(3):
        y = _paragraph(page, y, _wrap(text, 450, 10))
    _footer(page, 8)


COLOFON = [
    ("Datum", "14 maart 2024"),
    ("Zaaknummer", "Z-2024-0123"),
    ("Portefeuillehouder", "wethouder J. de Vries"),
    ("Versie", "1.2"),
    ("Aantal bijlagen", "3"),
    ("Aantal pagina's", "42"),
    ("Status", "vastgesteld door de raad"),
]


def page_colofon(doc) -> None:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = _heading(page, 80, "Colofon")
    for key, value in COLOFON:
        _text(page, (LEFT, y), key, 10, BOLD)
        _text(page, (LEFT + 140, y), value, 10, FONT)
        y += 18


PAGES = {
    "indicator": page_indicator,
    "budget": page_budget,
    "two_columns": page_two_columns,
    "bullets": page_bullets,
    "toc": lambda doc: page_toc(doc, leaders=True),
    "toc_plain": lambda doc: page_toc(doc, leaders=False),
    "paragraph": page_paragraph,
    "colofon": page_colofon,
}


def write(path: Path, kinds: list[str]) -> Path:
    doc = pymupdf.open()
    for kind in kinds:
        PAGES[kind](doc)
    doc.set_metadata({"title": "Programmabegroting 2024 gemeente Veldhoven-Noord", "author": "Gemeente Veldhoven-Noord"})
    doc.save(path)
    doc.close()
    return path
