"""Writes a small plan in the standard Dutch budget format of other municipalities
("Wat willen we bereiken? / Wat gaan we daarvoor doen? / Wat mag het kosten?") as a PDF."""
from __future__ import annotations

from pathlib import Path

PAGE_1 = """
<h1>Programma 3 Werk en inkomen</h1>
<p>Portefeuillehouder: wethouder J. de Vries</p>
<h2>Wat willen we bereiken?</h2>
<p>Iedereen die kan werken, heeft werk. Wie dat niet kan, krijgt ondersteuning. Daarvoor hebben we de volgende doelstellingen:</p>
<p>1. Meer inwoners van Voorbeeldstad hebben betaald werk.</p>
<ul>
<li>In 2026 is het aantal bijstandsuitkeringen gedaald naar 1.150 t.o.v. 1.400 in 2023.</li>
<li>Eind 2025 volgen 300 jongeren een leerwerktraject.</li>
</ul>
<p>2. Inwoners met problematische schulden worden sneller geholpen.</p>
<ul>
<li>In 2025 wachten inwoners maximaal 4 weken op een eerste gesprek over schuldhulp.</li>
</ul>
<h2>Wat gaan we daarvoor doen?</h2>
<ul>
<li>We starten samen met werkgevers een werkgeversservicepunt.</li>
<li>We breiden de schuldhulpverlening uit met vroegsignalering.</li>
</ul>
"""

PAGE_2 = """
<h2>Indicatoren</h2>
<table border="1" cellpadding="3">
<tr><th>Indicator</th><th>Nulmeting (jaartal)</th><th>2025</th><th>2026</th><th>Bron</th></tr>
<tr><td>Aantal bijstandsuitkeringen</td><td>1.400 (2023)</td><td>1.250</td><td>1.150</td><td>CBS</td></tr>
<tr><td>Aantal jongeren in een leerwerktraject</td><td>120 (2023)</td><td>300</td><td>350</td><td>Gemeente</td></tr>
</table>
<h2>Wat mag het kosten?</h2>
<p>Voor de schuldhulpverlening is in 2025 een extra bedrag van &euro; 75.000 beschikbaar gesteld.</p>
<p>Bedragen x &euro; 1.000</p>
<table border="1" cellpadding="3">
<tr><th>Lasten (bedragen x &euro; 1.000)</th><th>2025</th><th>2026</th></tr>
<tr><td>Werkgeversservicepunt</td><td>250</td><td>300</td></tr>
<tr><td>Schuldhulpverlening</td><td>1.200</td><td>1.250</td></tr>
<tr><td>Totaal lasten</td><td>1.450</td><td>1.550</td></tr>
</table>
"""

CSS = "body {font-family: sans-serif; font-size: 10pt;} h1 {font-size: 18pt;} h2 {font-size: 14pt;}"


def write_standard_plan(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for html in (PAGE_1, PAGE_2):
        page = doc.new_page(width=595, height=842)
        page.insert_htmlbox(pymupdf.Rect(50, 50, 545, 800), html, css=CSS)
    doc.set_metadata({"title": "Begroting 2025 Programma 3 Werk en inkomen"})
    doc.save(str(path))
    doc.close()
    return path
