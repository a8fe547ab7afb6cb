"""Metadata for any issuer, on small texts written for these tests (not copied from
the development documents)."""
from __future__ import annotations

from ingest.metadata import infer_kind, infer_metadata, normalise_date, signature_text


def _meta(page1: str, pdf_meta=None, cover=None, last_page="", pages=None):
    cover = cover if cover is not None else [(10.0, ln) for ln in page1.split("\n") if ln.strip()]
    return infer_metadata(pdf_meta or {}, [page1], cover, [], last_page=last_page,
                          signature=signature_text(pages or [page1]))


def test_own_date_field_beats_dates_in_the_body():
    page = ("Statenvoorstel\nDatum 16.07.2024\nOnderwerp: Vaststelling programma natuur\n"
            "De inspectieperiode liep van 1 januari 2024 tot 28 februari 2024.")
    m = _meta(page)
    assert m.kind == "statenvoorstel" and m.date == "2024-07-16"


def test_decision_date_on_the_last_page_and_no_body_reference_dates():
    page = "Voorstel van de Rekenkamer Zuidstad inzake het onderzoek naar de jeugdzorg\n1 Rapport, 3 mei 2022."
    m = _meta(page, last_page="Aldus besloten in de openbare raadsvergadering van 12 maart 2024.\nDe griffier")
    assert m.kind == "raadsvoorstel" and m.date == "2024-03-12"


def test_pdf_account_is_never_the_author_and_the_letterhead_is():
    page = "Provincie Noordland\nBrief aan Provinciale Staten\nDatum 2 mei 2023\nOnderwerp: Voortgang windenergie"
    m = _meta(page, pdf_meta={"author": "Microsoft-account", "creationDate": "D:20230502"})
    assert m.author == "Provincie Noordland" and m.kind == "raadsbrief"
    m = _meta(page, pdf_meta={"author": "jdevries"})
    assert m.author == "Provincie Noordland"


def test_addressee_is_not_the_author_the_signature_is():
    page = ("Ministerie van Landbouw en Natuur\nT.a.v. de minister\nPostbus 1\nDatum: 3 april 2023\n"
            "Betreft: Advies over de stikstofaanpak\nGeachte minister,\nDe commissie adviseert ...")
    last = "Met vriendelijke groet,\nDe Adviescommissie Stikstof Noord\nJ. Jansen (voorzitter)"
    m = _meta(page, pages=[page, last])
    assert m.author == "Adviescommissie Stikstof Noord"
    assert m.title == "Advies over de stikstofaanpak" and m.date == "2023-04-03"
    # the same letter where layout (or OCR) put "T.a.v." on the addressee's line
    page = page.replace("Natuur\nT.a.v.", "Natuur T.a.v.")
    assert _meta(page, pages=[page, last]).author == "Adviescommissie Stikstof Noord"
    # a list of attachments that layout joined onto one line after the signature
    last = "Met vriendelijke groet,\nJ. Jansen (voorzitter)\nBijlage 1: Advies van de Adviescommissie Stikstof Noord Bijlage 2: Kaarten"
    assert _meta(page, pages=[page, last]).author == "Adviescommissie Stikstof Noord"


def test_form_header_gives_a_short_title_not_the_block():
    cover = [(14.0, "NOTA B&W"), (10.0, "Onderwerp: Subsidie buurthuizen 2025"), (10.0, "Openbaar: Ja"),
             (10.0, "Telefoonnummer: 0123"), (10.0, "Het college besluit de subsidie te verlenen.")]
    page = "\n".join(t for _, t in cover)
    m = _meta(page, cover=cover)
    assert m.title == "Subsidie buurthuizen 2025" and m.kind == "nota"


def test_kinds_from_the_documents_own_words():
    cases = {
        "Raadsvoorstel\nOnderwerp: verordening": "raadsvoorstel",
        "Voorstel van het college inzake de Woonvisie": "raadsvoorstel",
        "Collegevoorstel\nBesteding budget": "collegevoorstel",
        "Besluitenlijst van de vergadering van het college": "besluitenlijst",
        "Besluit op uw Woo-verzoek\nGeachte heer": "wob-besluit",
        "Programmabegroting 2025-2028": "begroting",
        "Jaarstukken 2023\nJaarverslag en jaarrekening": "jaarstukken",
        "Overzicht baten en lasten\nBegroting 2020 | Rekening 2020": "jaarstukken",
        "Begroting 2022\nRekening 2020 | Begroting 2021 | Begroting 2022": "begroting",
        "Regionale Woonmonitor 2024": "monitor",
        "Rekenkamerrapport Grip op de jeugdzorg": "evaluatie",
        "Raadsinformatiebrief: evaluatie parkeerbeleid": "raadsbrief",
        "Programmaplan 2023\nWe werken aan monitoring en evaluatie van onze doelen.": "other",
    }
    for head, kind in cases.items():
        assert infer_kind("", "", head) == kind, head


def test_dates_users_type():
    assert normalise_date("2024-3-5") == "2024-03-05"
    assert normalise_date("2024") == "2024"
    assert normalise_date("5 maart 2024") == "2024-03-05"
    assert normalise_date("2024-13-01") is None and normalise_date("morgen") is None


def test_creation_date_of_a_later_scan_is_not_the_documents_date():
    m = _meta("Overzicht baten en lasten per taakveld\nRekening 2020", pdf_meta={"creationDate": "D:20260421"})
    assert m.date is None
    m = _meta("Begroting 2021-2024", pdf_meta={"creationDate": "D:20200928"})
    assert m.date == "2020-09-28"
