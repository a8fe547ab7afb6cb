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


# A governing body named without its place is completed with the territory the document
# itself names (names below are invented: no list of places is involved).
_GS_NOTA = ("NOTA GS-MANDAAT\nOnderwerp: Beantwoording brieven over het zonnebeleid\nOpenbaar: Ja\n"
            "Samenvatting:\nGedeputeerde Staten hebben besloten de brieven te beantwoorden.\n"
            "Het college besluit: de vragen van de gemeenten Oostdorp en Westdorp te beantwoorden.\n")


def test_bare_gs_gets_the_province_the_text_names_most():
    page = _GS_NOTA + ("De provincie Zuidwaard werkt samen met de provincie Noordland aan het beleid.\n"
                       "Het beleid van de provincie Noordland blijft consistent.")
    assert _meta(page).author == "Gedeputeerde Staten van Noordland"


def test_the_signature_names_the_province_before_the_body_text():
    page = _GS_NOTA + "De provincie Zuidwaard en de provincie Zuidwaard vroegen ook om de provincie Zuidwaard."
    last = "Met vriendelijke groet,\nGedeputeerde Staten van Noordland,\nvoorzitter, secretaris"
    assert _meta(page, pages=[page, last]).author == "Gedeputeerde Staten van Noordland"


def test_own_assembly_as_addressee_names_the_province_other_addressees_do_not():
    page = ("Aan Provinciale Staten van Noordland\nDatum 3 mei 2024\nOnderwerp: Voortgang windenergie\n"
            "Gedeputeerde Staten informeren u over de voortgang.\nBrief aan de provincie Zuidwaard, T.a.v. de directie")
    assert _meta(page).author == "Gedeputeerde Staten van Noordland"
    page = ("Gedeputeerde Staten\nDatum 3 mei 2024\nOnderwerp: Overleg windenergie\n"
            "Aan de provincie Zuidwaard\nWij zenden u het verslag van het overleg.")
    assert _meta(page).author == "Gedeputeerde Staten"


def test_a_province_body_is_never_completed_with_a_municipality():
    # negative control: only municipalities (addressees, in the plural) and "de provincie" without a name
    page = _GS_NOTA + "De provincie verandert de spelregels niet.\nBijlagen\n1. brief aan de gemeente Oostdorp\n"
    assert _meta(page).author == "Gedeputeerde Staten"


def test_bare_college_gets_its_municipality_not_the_addressed_one():
    page = ("Raadsinformatiebrief\nDatum 5 juni 2024\nOnderwerp: Stand van zaken jeugdzorg\n"
            "Het College van B&W informeert de raad over de jeugdzorg.\n"
            "Wij schreven hierover een brief aan de gemeente Oostdorp en aan de gemeente Oostdorp.\n"
            "In de gemeente Zuidstad groeit het aantal jongeren met jeugdhulp.")
    assert _meta(page).author == "College van B&W, gemeente Zuidstad"
    last = "Met vriendelijke groet,\nburgemeester en wethouders van Bergen aan Zee,\nde secretaris, de burgemeester"
    assert _meta(page, pages=[page, last]).author == "College van B&W, gemeente Bergen aan Zee"


def test_in_the_text_the_most_named_place_beats_a_cited_body_of_another():
    page = ("Raadsinformatiebrief\nDatum 5 juni 2024\nOnderwerp: Stand van zaken jeugdzorg\n"
            "Het College van B&W informeert de raad over de jeugdzorg.\n" + "Verder volgt een toelichting.\n" * 30
            + "De gemeenteraad van Oostdorp koos eerder een andere aanpak.\n"
            "In de gemeente Zuidstad groeit het aantal jongeren; de gemeente Zuidstad investeert daarom.")
    assert _meta(page).author == "College van B&W, gemeente Zuidstad"


def test_a_pdf_author_that_is_only_the_word_gemeente_gets_the_place():
    page = "Raadsvoorstel\nDatum 5 juni 2024\nOnderwerp: Verordening parkeren\nDe gemeente Zuidstad wil het parkeren regelen."
    assert _meta(page, pdf_meta={"author": "gemeente"}).author == "Gemeente Zuidstad"
    assert _meta("Raadsvoorstel\nOnderwerp: Parkeren", pdf_meta={"author": "gemeente"}).author == "gemeente"


def test_an_author_with_its_place_is_kept():
    page = ("Raadsinformatiebrief\nCollege van B&W, gemeente Zuidstad\nDatum 5 juni 2024\n"
            "Onderwerp: Jeugdzorg\nIn de gemeente Oostdorp en de gemeente Oostdorp loopt een proef.")
    assert _meta(page).author == "College van B&W, gemeente Zuidstad"


def test_ingest_stores_the_completed_body(tmp_path):
    """The pipeline (parse -> infer_metadata) stores the body with the place its signature names."""
    from dataclasses import replace

    import pymupdf

    from app.ingest import ingest_paths
    from beleid.config import load_settings
    from beleid.store import Store

    pdf = pymupdf.open()
    for lines in (["NOTA GS-MANDAAT", "Onderwerp: Beantwoording brieven over het zonnebeleid",
                   "Gedeputeerde Staten hebben besloten de brieven te beantwoorden.",
                   "Bijlage: brief aan de gemeente Oostdorp"],
                  ["Met vriendelijke groet,", "Gedeputeerde Staten van Noordland,", "de voorzitter"]):
        page = pdf.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 72 + 20 * i), line, fontsize=11)
    path = tmp_path / "gs_nota.pdf"
    pdf.save(str(path))
    settings = replace(load_settings(tmp_path / "data"), model="fake")
    store = Store(settings.db_path)
    result = ingest_paths([path], settings, store).results[0]
    assert result.status == "ingested"
    assert store.get_document(result.doc_id).author == "Gedeputeerde Staten van Noordland"
