"""PDF builders (pymupdf) for held-out style test documents of a fictional
municipality, Zuiderveen: a rekenkamer report, a council letter that repeats
two of its recommendations in its own words, and a plan to check.

Headings are set in Helvetica-Bold and larger than the body text (Helvetica
10 pt) so that ingest recognises them; paragraphs are wrapped lines with a gap
between them.
"""
from __future__ import annotations

from pathlib import Path

import fitz

BODY = 10.0
WIDTH = 595
HEIGHT = 842
LEFT = 72
RIGHT = WIDTH - 72
TOP = 90
BOTTOM = HEIGHT - 90

# (kind, text): "h1"/"h2"/"h3" headings, "p" paragraph, "li" list item, "page" page break,
# "title"/"cover" cover lines
Item = tuple[str, str]


class _Writer:
    def __init__(self):
        self.doc = fitz.open()
        self.page = None
        self.y = 0.0
        self.new_page()

    def new_page(self):
        self.page = self.doc.new_page(width=WIDTH, height=HEIGHT)
        self.y = TOP

    def _lines(self, text: str, font: str, size: float, indent: float = 0.0) -> list[str]:
        out, line = [], ""
        for w in text.split():
            cand = f"{line} {w}".strip()
            if fitz.get_text_length(cand, fontname=font, fontsize=size) > RIGHT - LEFT - indent and line:
                out.append(line)
                line = w
            else:
                line = cand
        if line:
            out.append(line)
        return out

    def block(self, text: str, font: str, size: float, gap_before: float, gap_after: float, indent=0.0):
        lines = self._lines(text, font, size, indent)
        lead = size * 1.25
        if self.y + gap_before + lead * min(len(lines), 2) > BOTTOM:
            self.new_page()
        else:
            self.y += gap_before
        for ln in lines:
            if self.y + lead > BOTTOM:
                self.new_page()
            self.y += lead
            self.page.insert_text((LEFT + indent, self.y), ln, fontname=font, fontsize=size)
        self.y += gap_after

    def add(self, kind: str, text: str):
        if kind == "page":
            self.new_page()
        elif kind == "title":
            self.block(text, "hebo", 22, 60, 8)
        elif kind == "cover":
            self.block(text, "helv", 12, 6, 2)
        elif kind == "h1":
            self.block(text, "hebo", 16, 14, 4)
        elif kind == "h2":
            self.block(text, "hebo", 13, 10, 3)
        elif kind == "h3":
            self.block(text, "hebo", 11.5, 8, 2)
        elif kind == "li":
            self.block(text, "helv", BODY, 4, 2, indent=0)
        else:
            self.block(text, "helv", BODY, 6, 4)

    def save(self, path: Path, title: str, author: str = "") -> Path:
        self.doc.set_metadata({"title": title, "author": author})
        self.doc.save(str(path))
        self.doc.close()
        return path


def build(path: Path, items: list[Item], title: str, author: str = "") -> Path:
    w = _Writer()
    for kind, text in items:
        w.add(kind, text)
    return w.save(Path(path), title, author)


# --- the documents -------------------------------------------------------------

REPORT_RECS = {
    # what the report says (without the "Aanbeveling 1:" label), with its page
    "doelen": ("Zorg ervoor dat de doelen van het armoedebeleid meetbaar worden geformuleerd, "
               "met een streefwaarde per doelgroep.", 4),
    "bereik": ("Wij bevelen het college aan om het bereik van de minimaregelingen jaarlijks te monitoren "
               "en de raad hierover te informeren.", 4),
    "begroting": ("De rekenkamer beveelt de raad aan om bij de behandeling van de begroting expliciet te sturen "
                  "op de resultaten van het armoedebeleid.", 4),
    "vroegsignalering": ("Stel een integraal plan vast voor de vroegsignalering van schulden, samen met "
                         "woningcorporaties en energieleveranciers.", 4),
    "wachttijden": ("Rapporteer halfjaarlijks aan de raad over de wachttijden bij de schuldhulpverlening.", 4),
    "pilots": ("Wees terughoudend met nieuwe pilots en evalueer eerst de lopende pilots voordat u nieuwe "
               "initiatieven start.", 4),
}

REPORT_ITEMS: list[Item] = [
    ("title", "Grip op armoede"),
    ("cover", "Rekenkameronderzoek naar het armoedebeleid van de gemeente Zuiderveen"),
    ("cover", "Rekenkamer Zuiderveen"),
    ("cover", "14 maart 2023"),
    ("page", ""),
    ("h1", "Samenvatting"),
    ("p", "De rekenkamer heeft onderzocht of het armoedebeleid van Zuiderveen doeltreffend is. Het beleid is goed "
          "bedoeld, maar de gemeente kan niet laten zien wat het oplevert. De belangrijkste aanbeveling is dat de "
          "doelen meetbaar worden. Aanbeveling 1: Zorg ervoor dat de doelen van het armoedebeleid meetbaar worden "
          "geformuleerd, met een streefwaarde per doelgroep."),
    ("h1", "1 Inleiding"),
    ("p", "De gemeenteraad heeft de rekenkamer in 2022 gevraagd het armoedebeleid te onderzoeken. Zuiderveen "
          "besteedt jaarlijks ruim zes miljoen euro aan minimaregelingen, schuldhulpverlening en het kindpakket. "
          "Wij hebben documenten bestudeerd en gesprekken gevoerd met ambtenaren, maatschappelijke partners en "
          "inwoners."),
    ("page", ""),
    ("h1", "2 Bevindingen"),
    ("p", "Het beleidskader Samen tegen armoede 2019-2022 noemt drie doelen: meer inwoners bereiken, schulden "
          "eerder signaleren en kinderen laten meedoen. In het kader staat niet hoeveel inwoners de gemeente wil "
          "bereiken."),
    ("p", "In de periode 2019-2022 zijn elf pilots gestart, waaronder een schuldenfonds en een buurtbudget. Van "
          "deze pilots zijn er twee geëvalueerd."),
    ("page", ""),
    ("h1", "3 Conclusies en aanbevelingen"),
    ("h2", "3.1 Hoofdconclusie"),
    ("p", "Het armoedebeleid van Zuiderveen is goed bedoeld, maar de gemeente kan niet laten zien wat het oplevert. "
          "De raad kan daardoor zijn kaderstellende en controlerende rol maar beperkt invullen."),
    ("h2", "3.2 Deelconclusies"),
    ("p", "Conclusie 1: De doelen van het armoedebeleid zijn niet meetbaar geformuleerd. Er zijn geen streefwaarden "
          "en geen nulmeting."),
    ("p", "Conclusie 2: Het bereik van de minimaregelingen is onbekend. De gemeente weet niet hoeveel huishoudens "
          "recht hebben op een regeling en er geen gebruik van maken."),
    ("p", "Conclusie 3: Er worden veel pilots gestart die niet worden geëvalueerd. Succesvolle pilots krijgen "
          "daardoor geen vervolg in het reguliere beleid."),
    ("p", "Conclusie 4: De raad wordt onvoldoende geïnformeerd over de resultaten van het armoedebeleid."),
    ("page", ""),
    ("h2", "3.3 Aanbevelingen"),
    ("p", "Op basis van deze conclusies doet de rekenkamer de volgende aanbevelingen."),
    ("p", "Aanbeveling 1: " + REPORT_RECS["doelen"][0] + " Leg hierbij vast hoe en wanneer de doelen worden "
          "gemeten."),
    ("p", REPORT_RECS["bereik"][0]),
    ("p", REPORT_RECS["begroting"][0]),
    ("h3", "Aanbevelingen aan het college"),
    ("li", "1. " + REPORT_RECS["vroegsignalering"][0]),
    ("li", "2. " + REPORT_RECS["wachttijden"][0]),
    ("li", "3. " + REPORT_RECS["pilots"][0]),
    ("page", ""),
    ("h1", "4 Reactie van het college"),
    ("p", "Het college dankt de rekenkamer voor het zorgvuldige onderzoek en onderschrijft de conclusies. Wij nemen "
          "de aanbevelingen 1, 2, 4 en 5 over. Wij stellen voor om de evaluatie van de lopende pilots in 2024 af "
          "te ronden. Aanbeveling 6 nemen wij niet over, omdat wij het juist nodig vinden om te experimenteren."),
    ("p", "Maak van de armoedebestrijding een gezamenlijke opgave van raad en college. Het college adviseert de raad "
          "om hierover in het voorjaar een themabijeenkomst te houden."),
]

LETTER_RECS = {
    "doelen": "De rekenkamer beveelt ons aan de doelen van het armoedebeleid meetbaar te maken en voor elke "
              "doelgroep een streefwaarde te benoemen.",
    "bereik": "Daarnaast adviseert de rekenkamer om elk jaar bij te houden hoeveel huishoudens de minimaregelingen "
              "bereiken en de raad daarover te informeren.",
}

LETTER_ITEMS: list[Item] = [
    ("title", "Raadsinformatiebrief"),
    ("cover", "Gemeente Zuiderveen"),
    ("cover", "Datum: 25 april 2023"),
    ("cover", "Onderwerp: reactie op het rekenkameronderzoek naar het armoedebeleid"),
    ("p", "Geachte leden van de raad,"),
    ("p", "Op 14 maart 2023 heeft de rekenkamer haar rapport Grip op armoede gepubliceerd. Met deze brief "
          "informeren wij u over de belangrijkste uitkomsten en over de manier waarop wij de aanbevelingen "
          "oppakken."),
    ("h2", "Belangrijkste uitkomsten"),
    ("p", "De rekenkamer concludeert dat de gemeente onvoldoende zicht heeft op de resultaten van het "
          "armoedebeleid. " + LETTER_RECS["doelen"] + " " + LETTER_RECS["bereik"]),
    ("h2", "Vervolg"),
    ("p", "Wij nemen beide aanbevelingen over. In het uitvoeringsprogramma armoede dat wij eind 2024 aan u "
          "voorleggen, werken wij de doelen en de monitor verder uit."),
    ("p", "Met vriendelijke groet, het college van burgemeester en wethouders van Zuiderveen"),
]

PLAN_ITEMS: list[Item] = [
    ("title", "Uitvoeringsprogramma armoede 2025-2028"),
    ("cover", "Gemeente Zuiderveen"),
    ("cover", "12 november 2024"),
    ("page", ""),
    ("h1", "1 Inleiding"),
    ("p", "Met dit uitvoeringsprogramma geeft het college invulling aan het armoedebeleid voor de komende vier "
          "jaar. Iedereen in Zuiderveen moet kunnen meedoen, ook als het geld krap is."),
    ("h1", "2 Wat gaan we doen"),
    ("h2", "2.1 Zicht op bereik"),
    ("p", "We stellen in 2025 een monitor op met jaarlijkse rapportage aan de raad over het bereik van de "
          "minimaregelingen. In de monitor staat per regeling hoeveel huishoudens er recht op hebben en hoeveel "
          "huishoudens er gebruik van maken."),
    ("p", "Voor het bereik van de individuele inkomenstoeslag en het kindpakket leggen we in 2025 een nulmeting "
          "vast. We verhogen het bereik van het kindpakket tot 80% in 2027."),
    ("h2", "2.2 Experimenteren"),
    ("p", "We starten in 2025 vijf nieuwe pilots, onder meer met een basisbaan en een gratis buspas voor "
          "inwoners met een laag inkomen."),
    ("h2", "2.3 Meedoen"),
    ("p", "Kinderen uit gezinnen met een laag inkomen kunnen via het Jeugdfonds Sport en Cultuur lid worden van een "
          "sportclub of muziekles volgen. We breiden het aantal deelnemende verenigingen uit."),
    ("h1", "3 Financien"),
    ("p", "Voor dit programma is jaarlijks 6,4 miljoen euro beschikbaar, waarvan 0,8 miljoen euro voor de pilots."),
]


def build_report(path: Path) -> Path:
    return build(path, REPORT_ITEMS, "Grip op armoede", "Rekenkamer Zuiderveen")


def build_letter(path: Path) -> Path:
    return build(path, LETTER_ITEMS, "Raadsinformatiebrief rekenkameronderzoek armoedebeleid", "College van B&W")


def build_plan(path: Path) -> Path:
    return build(path, PLAN_ITEMS, "Uitvoeringsprogramma armoede 2025-2028", "Gemeente Zuiderveen")
