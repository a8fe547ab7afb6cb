"""Extraction on layouts of other issuers, on a fictional rekenkamer proposal (not any real document): headings
that state a conclusion or a recommendation, lettered sub-recommendations whose second line is set as a bold
'heading', the college's reaction and the rekenkamer's afterword as plain lines, a council decision repeating the
recommendations, footnotes in a smaller font and page numbers."""
from __future__ import annotations

from beleid.types import Block, Document
from recommendations.extract import extract
from recommendations.text import sentences


def doc(kind="collegevoorstel"):
    return Document("2031-rekenkamer-schulden", "/x/r.pdf", "r", "Rekenkamer Schulden", kind, "2031-05-01",
                    "Rekenkamer Zuidstad", None, 6)


def b(page, order, kind, text, level=0, size=11.0):
    return Block("d", page, order, kind, text, (0, 0, 1, 1), size, kind == "heading", level if kind == "heading" else 0)


BLOCKS = [
    b(1, 0, "heading", "1. Inleiding", 1),
    b(1, 1, "paragraph", "De rekenkamer heeft onderzocht hoe de gemeente de schuldhulpverlening uitvoert."),
    b(1, 2, "paragraph", "3 Handreiking schuldhulp, Vereniging van gemeenten, 2029, p. 4.", size=9.0),
    b(1, 3, "paragraph", "1"),
    b(2, 0, "heading", "2. Hoofdconclusie: De gemeente heeft onvoldoende zicht op de wachttijden in de schuldhulp.", 1),
    b(2, 1, "paragraph", "Wij constateren dat inwoners gemiddeld tien weken wachten op een eerste gesprek. Daardoor "
                         "lopen hun schulden verder op. Ten tweede hebben we geconstateerd dat de registratie van "
                         "aanmeldingen onvolledig is."),
    b(2, 2, "paragraph", "De hoofdconclusie is gebaseerd op de volgende deelconclusies:"),
    b(2, 3, "heading", "Deelconclusie 1: Het college stuurt niet op de doorlooptijd van de schuldhulp.", 2),
    b(2, 4, "paragraph", "Er zijn geen afspraken met de uitvoerder over de doorlooptijd.4 Het college ontvangt geen "
                         "rapportages over wachttijden."),
    b(3, 0, "heading", "3. Aanbevelingen, reactie college en nawoord rekenkamer", 1),
    b(3, 1, "paragraph", "We formuleren op basis van de conclusies uit dit onderzoek twee aanbevelingen."),
    b(3, 2, "heading", "Aanbeveling 1: Draag het college op de schuldhulp beter te organiseren en daarbij:", 2),
    b(3, 3, "list_item", "a. de wachttijd voor een eerste gesprek terug te brengen tot"),
    b(3, 4, "heading", "hoogstens drie weken.", 2),
    b(3, 5, "paragraph", "Het doel van deze aanbeveling is dat inwoners snel geholpen worden. Het college dient "
                         "daartoe de capaciteit af te stemmen op het aantal aanmeldingen."),
    b(3, 6, "paragraph", "In ons onderzoek constateren we dat de wachttijd sinds 2028 is verdubbeld. Hierdoor haken "
                         "inwoners af voordat zij hulp krijgen."),
    b(3, 7, "paragraph", "Reactie college:"),
    b(3, 8, "paragraph", "Het college geeft aan de wachttijd in 2032 terug te brengen door extra schuldhulpverleners "
                         "in te zetten."),
    b(3, 9, "paragraph", "Nawoord rekenkamer"),
    b(3, 10, "paragraph", "Het is van belang dat het college ook de registratie van aanmeldingen verbetert, zoals wij "
                          "in onze toelichting aangeven."),
    b(4, 0, "list_item", "b. de registratie van aanmeldingen volledig en actueel te maken."),
    b(4, 1, "paragraph", "Uit ons onderzoek is gebleken dat een derde van de aanmeldingen niet wordt geregistreerd."),
    b(4, 2, "heading", "Aanbeveling 2: Draag het college op de raad jaarlijks te informeren over de wachttijden in de "
                       "schuldhulp", 2),
    b(4, 3, "paragraph", "De rekenkamer beveelt daarom aan de raad elk voorjaar een overzicht van de wachttijden te "
                         "sturen."),
    b(4, 4, "paragraph", "Reactie college"),
    b(4, 5, "paragraph", "Het college reageert niet op deze aanbeveling."),
    b(5, 0, "heading", "Raadsbesluit schuldhulp, rekenkameronderzoek naar de wachttijden", 1),
    b(5, 1, "paragraph", "De raad van de gemeente Zuidstad,"),
    b(5, 2, "paragraph", "Besluit het college het volgende op te dragen:"),
    b(5, 3, "list_item", "a. de wachttijd voor een eerste gesprek terug te brengen tot hoogstens drie weken."),
    b(5, 4, "paragraph", "II: De raad jaarlijks te informeren over de wachttijden in de schuldhulp."),
]


def test_recommendations_once_from_where_the_author_gives_them():
    recs, _ = extract(doc(), BLOCKS)
    assert [(r.page, r.text) for r in recs] == [
        (3, "de wachttijd voor een eerste gesprek terug te brengen tot hoogstens drie weken."),
        (4, "de registratie van aanmeldingen volledig en actueel te maken."),
        (4, "Draag het college op de raad jaarlijks te informeren over de wachttijden in de schuldhulp"),
    ]
    assert "Aanbeveling 1" in recs[0].section


def test_findings_are_the_authors_conclusions_only():
    _, finds = extract(doc(), BLOCKS)
    texts = [f.text for f in finds]
    assert "De gemeente heeft onvoldoende zicht op de wachttijden in de schuldhulp." in texts
    assert "Het college stuurt niet op de doorlooptijd van de schuldhulp." in texts
    assert any(t.startswith("Wij constateren dat inwoners gemiddeld tien weken wachten") and "Daardoor lopen" in t
               and "Ten tweede" not in t for t in texts)  # the enumeration's next point is its own finding
    assert any(t.startswith("In ons onderzoek constateren we dat de wachttijd") and t.endswith("hulp krijgen.")
               for t in texts)
    assert any(t.startswith("Uit ons onderzoek is gebleken dat een derde") for t in texts)
    joined = " ".join(texts)
    for trap in ("Het college geeft aan", "Het is van belang dat het college", "Handreiking", "twee aanbevelingen",
                 "Het doel van deze aanbeveling", "reageert niet", "deelconclusies:"):
        assert trap not in joined, trap


def test_footnote_number_ends_a_sentence():
    assert [s for _, s in sentences("Er zijn geen afspraken.4 Het college ontvangt niets.")] == [
        "Er zijn geen afspraken.", "Het college ontvangt niets."]


def test_implicit_and_third_person_advice_in_an_evaluation():
    blocks = [b(1, 0, "heading", "5 Conclusies en aanbevelingen", 1),
              b(1, 1, "paragraph", "Het aantal meldingen is gestegen. Geadviseerd wordt om de meldingen per wijk te "
                                   "monitoren."),
              b(1, 2, "paragraph", "Het verdient aanbeveling de intake te bundelen bij een loket."),
              b(1, 3, "paragraph", "Ons advies is de subsidieregels voor bewonersinitiatieven te vereenvoudigen.")]
    recs, _ = extract(doc("evaluatie"), blocks)
    texts = [r.text for r in recs]
    assert "Geadviseerd wordt om de meldingen per wijk te monitoren." in texts
    assert "Het verdient aanbeveling de intake te bundelen bij een loket." in texts
    assert "Ons advies is de subsidieregels voor bewonersinitiatieven te vereenvoudigen." in texts
    assert not any("meldingen is gestegen" in t for t in texts)
