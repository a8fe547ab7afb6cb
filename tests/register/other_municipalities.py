"""Two more plans of other (fictional) municipalities, written as PDFs, to test that the register
rules generalise beyond the two development contracts:

* ``write_programmabegroting``: a programme chapter of a budget ("Programma 3 Sociaal domein")
  with a "Wat willen we bereiken? / Wat gaan we daarvoor doen?" pair per theme, a table of
  beleidsindicatoren (Indicator | Eenheid | Peiljaar | Waarde | Streefwaarde 2025 | Bron), a
  "Wat mag het kosten?" table in thousands of euros with lasten, baten and saldo, and two
  portefeuillehouders on one line;
* ``write_beleidsnota``: a policy note with "Doel 1: ..." sections, "Resultaat: ..." sentences,
  "Indicator 1: ..." lines and amounts in running text ("€ 1,2 miljoen", "€ 250.000").

* ``write_programmaplan``: a programme plan whose goals are a lead sentence or paragraph followed by
  bullet sub-goals ("In 2028 willen we dat ...:" + "• ..."), with numbers written out in words
  ("twee nieuwe wijkteams", "een derde van", "de helft van", "één op de vijf", "alle drie").

The expectations in ``test_other_municipalities.py`` are taken from the text written here.
"""
from __future__ import annotations

from pathlib import Path

CSS = ("body {font-family: sans-serif; font-size: 10pt;} h1 {font-size: 18pt;} h2 {font-size: 14pt;} "
       "h3 {font-size: 12pt;} td, th {font-size: 9pt;}")

BEGROTING_1 = """
<h1>Programma 3 Sociaal domein</h1>
<p>Portefeuillehouders: wethouder M. Bakker (jeugd en zorg) en wethouder P. van den Berg (werk en inkomen)</p>
<p>In dit programma staan jeugd, zorg en werk en inkomen centraal. We willen dat alle inwoners van Heuvelrijk
kunnen meedoen in de samenleving.</p>
<h2>3.1 Jeugd</h2>
<h3>Wat willen we bereiken?</h3>
<ul>
<li>Kinderen en jongeren groeien gezond en veilig op.</li>
<li>In 2026 is het percentage jongeren met jeugdhulp gedaald naar 10%.</li>
<li>Het aantal verwijzingen naar specialistische jeugdhulp daalt in 2025 met 15% ten opzichte van 2023.</li>
</ul>
<h3>Wat gaan we daarvoor doen?</h3>
<ul>
<li>We plaatsen een praktijkondersteuner jeugd bij alle huisartsenpraktijken.</li>
<li>We starten in 2025 een wijkteam voor jongeren van 18 tot 23 jaar.</li>
</ul>
<h2>3.2 Werk en inkomen</h2>
<h3>Wat willen we bereiken?</h3>
<p>Meer inwoners hebben betaald werk en minder inwoners leven in armoede.</p>
<ul>
<li>Eind 2025 zijn 200 inwoners met een bijstandsuitkering uitgestroomd naar betaald werk.</li>
<li>In 2027 maakt 80% van de huishoudens met een laag inkomen gebruik van het kindpakket.</li>
</ul>
<h3>Wat gaan we daarvoor doen?</h3>
<ul>
<li>We breiden het werkgeversservicepunt uit met twee accountmanagers.</li>
</ul>
<p>Voor de uitbreiding van het werkgeversservicepunt is in 2025 een bedrag van &euro; 160.000 beschikbaar.</p>
"""

INDICATOR_ROWS = [
    ("Indicator", "Eenheid", "Peiljaar", "Waarde", "Streefwaarde 2025", "Bron"),
    ("Jongeren met jeugdhulp", "%", "2023", "11,2", "10,0", "Waarstaatjegemeente.nl"),
    ("Personen met een bijstandsuitkering", "per 10.000 inwoners", "2023", "310", "290", "CBS"),
    ("Huishoudens met een laag inkomen die het kindpakket gebruiken", "%", "2022", "64", "72", "Gemeente"),
]
INDICATOR_WIDTHS = (150, 85, 45, 40, 80, 100)

COST_ROWS = [
    ("Programma 3 Sociaal domein", "Rekening 2023", "Begroting 2024", "Begroting 2025", "Raming 2026"),
    ("Lasten", "", "", "", ""),
    ("Jeugd", "14.210", "15.030", "15.480", "15.600"),
    ("Werk en inkomen", "22.400", "23.150", "23.700", "23.900"),
    ("Totaal lasten", "36.610", "38.180", "39.180", "39.500"),
    ("Baten", "", "", "", ""),
    ("Werk en inkomen", "-17.900", "-18.300", "-18.650", "-18.650"),
    ("Totaal baten", "-17.900", "-18.300", "-18.650", "-18.650"),
    ("Saldo van lasten en baten", "18.710", "19.880", "20.530", "20.850"),
]
COST_WIDTHS = (175, 80, 80, 80, 80)

NOTA_1 = """
<h1>Beleidsnota Sport en Bewegen 2024-2027</h1>
<p>Gemeente Zandvoorde, vastgesteld door de raad op 12 maart 2024.</p>
<p>Bestuurlijk opdrachtgever: wethouder R. Jansen. Ambtelijk opdrachtgever: K. de Groot, afdelingshoofd Samenleving.</p>
<h2>Doelen</h2>
<p>Doel 1: Meer inwoners sporten en bewegen wekelijks.</p>
<p>Resultaat: In 2027 sport 65% van de volwassen inwoners minimaal een keer per week.</p>
<p>Indicator 1: Percentage volwassenen dat wekelijks sport. Nulmeting: 58% (2022). Streefwaarde 2027: 65%.</p>
<p>Doel 2: Alle kinderen in Zandvoorde kunnen zwemmen.</p>
<p>Resultaat: Eind 2026 heeft 98% van de kinderen van 12 jaar een zwemdiploma.</p>
<p>Indicator 2: Percentage kinderen van 12 jaar met een zwemdiploma. Nulmeting: 91% (2023). Streefwaarde 2026: 98%.</p>
<p>Doel 3: Sportaccommodaties zijn duurzaam en toegankelijk.</p>
<p>Resultaat: In 2027 zijn alle vijf gemeentelijke sporthallen aardgasvrij.</p>
<p>Indicator 3: Aantal aardgasvrije gemeentelijke sporthallen. Nulmeting: 1 (2023). Streefwaarde 2027: 5.</p>
"""

NOTA_2 = """
<h2>Financi&euml;n</h2>
<p>Voor de uitvoering van deze nota is in de periode 2024-2027 in totaal &euro; 1,2 miljoen beschikbaar.
Voor het verduurzamen van de sporthallen reserveren we eenmalig &euro; 850.000.
Voor de inzet van buurtsportcoaches is jaarlijks &euro; 250.000 beschikbaar.
Het zwemvangnet voor kinderen zonder diploma kost &euro; 40.000 per jaar.</p>
<h2>Monitoring en evaluatie</h2>
<p>We volgen de resultaten met de jaarlijkse sportmonitor en evalueren de nota in 2026.</p>
"""

PLAN_1 = """
<h1>Programmaplan Langer thuis 2025-2028</h1>
<p>Gemeente Rivierdal. Portefeuillehouder: wethouder S. Visser.</p>
<h2>4.1 Wonen en zorg</h2>
<h3>Wat willen we bereiken?</h3>
<p>In 2028 willen we dat ouderen in Rivierdal langer zelfstandig thuis wonen:</p>
<ul>
<li>In 2026 zijn twee nieuwe wijkteams voor ouderen gestart.</li>
<li>Eind 2027 is een derde van de huurwoningen levensloopbestendig.</li>
<li>In 2028 maakt de helft van de mantelzorgers gebruik van respijtzorg.</li>
</ul>
<h2>4.2 Ontmoeting</h2>
<h3>Wat willen we bereiken?</h3>
<p>Minder ouderen voelen zich eenzaam.</p>
<ul>
<li>In 2027 hebben alle drie dorpshuizen een wekelijkse ontmoetingsochtend.</li>
<li>In 2028 voelt hoogstens één op de vijf ouderen zich eenzaam.</li>
</ul>
<p>Indicator 1: Aantal dorpshuizen met een wekelijkse ontmoetingsochtend. Nulmeting: 1 (2024). Streefwaarde 2027: 3.</p>
<h3>Wat gaan we daarvoor doen?</h3>
<ul>
<li>We bouwen samen met de corporatie vijftig nultredenwoningen.</li>
</ul>
<p>Voor de wijkteams is jaarlijks &euro; 180.000 beschikbaar.</p>
"""


def draw_table(page, x: float, y: float, widths: tuple[float, ...], rows: list[tuple[str, ...]],
               fontsize: float = 8, row_height: float = 24) -> float:
    """A ruled table (so that ``find_tables`` sees it): a grid of lines and the cell text; returns its bottom."""
    import pymupdf

    bottom = y + row_height * len(rows)
    right = x + sum(widths)
    for r in range(len(rows) + 1):
        page.draw_line((x, y + r * row_height), (right, y + r * row_height), width=0.6)
    cx = x
    for w in (0,) + tuple(widths):
        cx += w
        page.draw_line((cx, y), (cx, bottom), width=0.6)
    for r, row in enumerate(rows):
        cx = x
        for w, cell in zip(widths, row):
            if cell:
                font = "hebo" if r == 0 else "helv"
                page.insert_textbox(pymupdf.Rect(cx + 2, y + r * row_height + 3, cx + w - 2, y + (r + 1) * row_height),
                                    cell, fontsize=fontsize, fontname=font)
            cx += w
    return bottom


def _text(page, y: float, text: str, size: float = 10, bold: bool = False) -> float:
    """One line of text (through the html box, so that '€' is written as such); returns the next line's top."""
    import pymupdf

    weight = "bold" if bold else "normal"
    page.insert_htmlbox(pymupdf.Rect(50, y, 545, y + size * 2),
                        f'<p style="font-family: sans-serif; font-size: {size}pt; font-weight: {weight}">{text}</p>')
    return y + size * 2.2


def _write(path: Path, pages: tuple[str, ...], title: str, extra=None) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for html in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_htmlbox(pymupdf.Rect(50, 50, 545, 800), html, css=CSS)
    if extra is not None:
        extra(doc.new_page(width=595, height=842))
    doc.set_metadata({"title": title})
    doc.save(str(path))
    doc.close()
    return path


def _begroting_tables(page) -> None:
    y = _text(page, 70, "Beleidsindicatoren", 14, bold=True)
    y = draw_table(page, 50, y, INDICATOR_WIDTHS, INDICATOR_ROWS, row_height=30)
    y = _text(page, y + 40, "Wat mag het kosten?", 14, bold=True)
    y = _text(page, y, "Bedragen x &euro; 1.000")
    draw_table(page, 50, y, COST_WIDTHS, COST_ROWS, row_height=18)


def write_programmabegroting(path: Path) -> Path:
    return _write(path, (BEGROTING_1,), "Programmabegroting 2025 Programma 3 Sociaal domein", _begroting_tables)


def write_beleidsnota(path: Path) -> Path:
    return _write(path, (NOTA_1, NOTA_2), "Beleidsnota Sport en Bewegen 2024-2027")


def write_programmaplan(path: Path) -> Path:
    return _write(path, (PLAN_1,), "Programmaplan Langer thuis 2025-2028")
