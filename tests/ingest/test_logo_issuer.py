"""The issuer's place read from a logo on page 1, when the text names only a bare body
("Burgemeester en wethouders,"). Places are made up in these tests, except where the list of
real places (``nl.places``) is what is tested."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from beleid.config import load_settings
from ingest.metadata import infer_metadata, logo_territory, signature_text
from ingest.ocr import LogoReading, LogoWord, read_logos_of, tesseract_available
from ingest.parse import parse_pdf
from nl.bodies import MUNICIPALITY, PROVINCE

needs_ocr = pytest.mark.skipif(not tesseract_available("nld"), reason="tesseract-ocr-nld not installed")

_LETTER = ["Raadsinformatiebrief", "Datum 5 juni 2024", "Onderwerp: Stand van zaken jeugdzorg",
           "Wij informeren u over de jeugdzorg in het komende jaar."]
_SIGNED = ["Met vriendelijke groet,", "Burgemeester en wethouders,", "de secretaris, de burgemeester"]


# --- the agreement rule, on readings written out ---------------------------------

def _reading(channel: str, *words: tuple[str, tuple[int, int, int, int]], image: int = 0) -> LogoReading:
    return LogoReading(image, channel, tuple(LogoWord(t, box, 0, 90.0) for t, box in words))


_NOUN, _NAME = (10, 40, 150, 80), (170, 20, 500, 90)


def test_two_readings_that_agree_exactly_give_the_place():
    readings = [_reading("grey", ("gemeente", _NOUN), ("Voorbeeldstad", _NAME)),
                _reading("blue", ("gemeente", _NOUN), ("Voorbeeldstad", _NAME))]
    assert logo_territory(readings, MUNICIPALITY) == "Voorbeeldstad"


def test_readings_that_disagree_or_stand_alone_give_no_place():
    one = [_reading("grey", ("gemeente", _NOUN), ("Voorbeeldstad", _NAME))]
    assert logo_territory(one, MUNICIPALITY) is None
    split = [_reading("grey", ("gemeente", _NOUN), ("Voorbeeldstad", _NAME)),
             _reading("blue", ("gemeente", _NOUN), ("Voorbeeldsfad", _NAME))]
    assert logo_territory(split, MUNICIPALITY) is None
    # two against two: no majority
    tie = split + [_reading("red", ("gemeente", _NOUN), ("Voorbeeldstad", _NAME)),
                   _reading("max", ("gemeente", _NOUN), ("Voorbeeldsfad", _NAME))]
    assert logo_territory(tie, MUNICIPALITY) is None


def test_the_level_must_match_the_body():
    readings = [_reading(c, ("gemeente", _NOUN), ("Voorbeeldstad", _NAME)) for c in ("grey", "blue", "max")]
    assert logo_territory(readings, PROVINCE) is None
    readings = [_reading(c, ("provincie", _NOUN), ("Noordland", _NAME)) for c in ("grey", "blue")]
    assert logo_territory(readings, PROVINCE) == "Noordland"
    assert logo_territory(readings, MUNICIPALITY) is None


def test_a_split_word_is_no_place():
    # Tesseract split the name in both readings: "Noo" is not the place, whatever agrees
    readings = [_reading(c, ("provincie", _NOUN), ("Noo", (170, 20, 260, 90)), ("rdland", (270, 20, 500, 90)))
                for c in ("grey", "blue", "max")]
    assert logo_territory(readings, PROVINCE) is None


def test_a_reading_that_misread_only_the_noun_still_agrees_on_the_name():
    anchor = _reading("max", ("provincie", _NOUN), ("Noordland", _NAME))
    same_name = _reading("green", ("womee", _NOUN), ("Noordland", (160, 10, 505, 95)))
    assert logo_territory([anchor, same_name], PROVINCE) == "Noordland"
    assert logo_territory([anchor, same_name], PROVINCE, anchored=False) is None
    # a reading with nothing legible where the name stands abstains
    noise = _reading("red", ("womee", _NOUN), ("%", _NAME))
    assert logo_territory([anchor, same_name, noise], PROVINCE) == "Noordland"


def test_one_reading_of_the_name_otherwise_vetoes_the_place():
    anchor = _reading("max", ("provincie", _NOUN), ("Noordland", _NAME))
    same_name = _reading("green", ("womee", _NOUN), ("Noordland", _NAME))
    for other in (_reading("blue", ("province", _NOUN), ("Moordland", _NAME)),  # another place-shaped name
                  _reading("blue", ("womee", _NOUN), (")oordland", _NAME)),  # a near miss of the name
                  _reading("blue", ("provincie", _NOUN), ("Zuidwaard", _NAME))):  # another place
        assert logo_territory([anchor, same_name, other], PROVINCE) is None
        # a majority would take it; the pipeline asks for all readings of the word to agree
        assert logo_territory([anchor, same_name, other], PROVINCE, unanimous=False) == "Noordland"


# --- the list of real places: an OCR slip of a listed name --------------------------

def _readings(*channel_words: tuple[str, tuple[str, str]]) -> list[LogoReading]:
    return [_reading(c, (noun, _NOUN), (name, _NAME)) for c, (noun, name) in channel_words]


# the readings of the real Overijssel logo (../shared/real/16): a river through the "O"
_OVERIJSSEL = _readings(("max/otsu", ("provincie", "Overijssel")), ("green/otsu", ("province", "Overijssel")),
                        ("grey/otsu", ("womer", "Qverijssel")), ("grey/sauvola", ("vomee", "Qverijssel")),
                        ("blue/otsu", ("provincie", "Dverijssel")), ("max/sauvola", ("provincie", "\\)verijssel")))


def test_readings_that_slip_on_a_listed_name_give_that_name():
    # without the list the near misses veto the name
    assert logo_territory(_OVERIJSSEL, PROVINCE, gazetteer=False) is None
    assert logo_territory(_OVERIJSSEL, PROVINCE) == "Overijssel"


def test_the_level_must_match_with_the_list_too():
    assert logo_territory(_OVERIJSSEL, MUNICIPALITY) is None  # a GS logo does not complete a college
    as_gemeente = _readings(("max/otsu", ("gemeente", "Overijssel")), ("grey/otsu", ("gemeente", "Qverijssel")),
                            ("blue/otsu", ("gemeente", "Dverijssel")))
    assert logo_territory(as_gemeente, PROVINCE) is None  # the noun is read, not guessed
    assert logo_territory(as_gemeente, MUNICIPALITY) is None  # and Overijssel is no municipality


def test_a_slip_as_near_to_two_listed_names_gives_neither():
    # Rheden and Rhenen differ in one letter; "Rheken" is one slip from both
    for third in ("Rheken", "Rhenen"):
        readings = _readings(("max/otsu", ("gemeente", "Rheden")), ("grey/otsu", ("gemeente", "Rhedon")),
                             ("blue/otsu", ("gemeente", third)))
        assert logo_territory(readings, MUNICIPALITY) is None, third
    readings = _readings(("max/otsu", ("gemeente", "Rheden")), ("grey/otsu", ("gemeente", "Rhedon")),
                         ("blue/otsu", ("gemeente", "Rhed3n")))
    assert logo_territory(readings, MUNICIPALITY, gazetteer=False) is None  # "Rhedon" vetoes without the list
    assert logo_territory(readings, MUNICIPALITY) == "Rheden"


def test_a_former_municipality_read_alike_is_not_taken_for_its_listed_neighbour():
    """Haren (merged into Groningen in 2019) and Lingewaal (into West Betuwe) are not on the 2024 list but
    are one letter from Laren and Lingewaard: separations that read the unlisted name letter for letter
    overrule one reading that slipped onto the listed neighbour (no place rather than a wrong one)."""
    haren = _readings(("grey/otsu", ("gemeente", "Haren")), ("blue/otsu", ("gemeente", "Haren")),
                      ("red/otsu", ("gemeente", "Laren")))
    assert logo_territory(haren, MUNICIPALITY) is None
    lingewaal = _readings(("grey/otsu", ("gemeente", "Lingewaal")), ("blue/otsu", ("gemeente", "Lingewaal")),
                          ("red/otsu", ("gemeente", "Lingewaard")))
    assert logo_territory(lingewaal, MUNICIPALITY) is None


def test_the_list_needs_two_separations_and_one_exact_reading():
    # two thresholds of one separation see one picture (a red name printed over a blue one)
    # (a double print seen in logo_eval: the grey separation's blend snaps to nothing)
    one_picture = _readings(("red/otsu", ("provincie", "Noord-Brabant")), ("red/sauvola", ("provincie", "Noord-Brabant")),
                            ("grey/otsu", ("provincie", "Somndr&rabant")))
    assert logo_territory(one_picture, PROVINCE) is None
    two_pictures = one_picture + _readings(("blue/otsu", ("provincie", "Noord-Brabamt")))
    assert logo_territory(two_pictures, PROVINCE) == "Noord-Brabant"
    # an unlisted municipality one letter from a listed one (Waalwijk), read alike everywhere: a new
    # name or the same slip in every reading? Neither is guessed
    unlisted = _readings(("grey/otsu", ("gemeente", "Walwijk")), ("blue/otsu", ("gemeente", "Walwijk")))
    assert logo_territory(unlisted, MUNICIPALITY) is None
    assert logo_territory(unlisted, MUNICIPALITY, keep_near_unlisted=True) == "Walwijk"
    assert logo_territory(unlisted, MUNICIPALITY, gazetteer=False) == "Walwijk"
    # with a slip, no reading reads Waalwijk itself: not taken for it either
    slipped = unlisted + _readings(("red/otsu", ("gemeente", ")alwijk")))  # a near miss: vetoes without the list
    assert logo_territory(slipped, MUNICIPALITY) is None
    assert logo_territory(slipped, MUNICIPALITY, read_exactly=False) == "Waalwijk"


def test_a_province_every_reading_slips_on_is_the_listed_province():
    # the provinces are a complete list: "Buid-Holland" read alike by both readings is Zuid-Holland
    same_slip = _readings(("grey/otsu", ("provincie", "Buid-Holland")), ("grey/sauvola", ("provincie", "Buid-Holland")))
    assert logo_territory(same_slip, PROVINCE, gazetteer=False) == "Buid-Holland"
    assert logo_territory(same_slip, PROVINCE) == "Zuid-Holland"
    # a province far from every listed one (a made-up or foreign one) stays as read
    other = _readings(("grey/otsu", ("provincie", "Noordland")), ("grey/sauvola", ("provincie", "Noordland")))
    assert logo_territory(other, PROVINCE) == "Noordland"


def test_a_stacked_logo_names_its_place_on_the_line_below_the_noun():
    readings = [LogoReading(0, c, (LogoWord("gemeente", _NOUN, 0, 90.0), LogoWord("Voorbeeldstad", _NAME, 1, 90.0)))
                for c in ("grey/otsu", "grey/sauvola")]
    assert logo_territory(readings, MUNICIPALITY) == "Voorbeeldstad"
    below_a_sentence = [LogoReading(0, c, (LogoWord("de", _NOUN, 0, 90.0), LogoWord("gemeente", _NOUN, 0, 90.0),
                                           LogoWord("Voorbeeldstad", _NAME, 1, 90.0)))
                        for c in ("grey/otsu", "grey/sauvola")]
    assert logo_territory(below_a_sentence, MUNICIPALITY) is None


def test_the_logo_is_read_only_when_the_text_names_no_place():
    page1 = "\n".join(_LETTER) + "\nIn de gemeente Zuidstad groeit de jeugdhulp."
    page2 = "\n".join(_SIGNED)

    def never():
        raise AssertionError("the logo must not be read when the text names the place")

    meta = infer_metadata({}, [page1, page2], [(11.0, ln) for ln in _LETTER], [],
                          signature=signature_text([page1, page2]), logo_readings=never)
    assert meta.author == "Burgemeester en wethouders van Zuidstad"


# --- logos in PDFs, read by Tesseract ---------------------------------------------

def _logo_png(parts, size=(220, 60), zoom=1.5) -> bytes:
    """A small coloured logo: ``parts`` are ((x, y), text, font size, rgb colour)."""
    logo = pymupdf.open()
    page = logo.new_page(width=size[0], height=size[1])
    for (x, y), text, fontsize, colour in parts:
        page.insert_text((x, y), text, fontsize=fontsize, color=colour, fontname="hebo")
    return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).tobytes("png")


def _letter(path: Path, logo: bytes) -> Path:
    """A two-page letter signed by a bare "Burgemeester en wethouders", the logo in the
    footer of page 1."""
    pdf = pymupdf.open()
    for lines in (_LETTER, _SIGNED):
        page = pdf.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 100 + 20 * i), line, fontsize=11)
    pdf[0].insert_image(pymupdf.Rect(400, 770, 550, 811), stream=logo)
    pdf.save(str(path))
    return path


def _author(path: Path, tmp_path: Path) -> str | None:
    return parse_pdf(path, load_settings(tmp_path / "data")).document.author


_VOORBEELDSTAD = [((10, 38), "gemeente", 13, (0.1, 0.3, 0.6)), ((82, 38), "Voorbeeldstad", 18, (0.8, 0.2, 0.1))]


@needs_ocr
def test_a_bare_college_gets_the_municipality_its_logo_names(tmp_path):
    path = _letter(tmp_path / "brief.pdf", _logo_png(_VOORBEELDSTAD))
    assert _author(path, tmp_path) == "Burgemeester en wethouders van Voorbeeldstad"


@needs_ocr
def test_a_logo_whose_readings_disagree_leaves_the_bare_body(tmp_path):
    # the name printed twice over itself, once red and once blue: the red separation
    # shows the blue name, the blue one the red name, the others a blend of both
    logo = _logo_png([((10, 38), "gemeente", 13, (0, 0, 0)), ((82, 38), "Noordstad", 18, (1, 0, 0)),
                      ((82, 38), "Zuidstad", 18, (0, 0, 1))])
    path = _letter(tmp_path / "brief.pdf", logo)
    readings = read_logos_of(path)
    assert len(readings) >= 2
    assert _author(path, tmp_path) == "Burgemeester en wethouders"


@needs_ocr
def test_a_province_logo_does_not_complete_a_college(tmp_path):
    logo = _logo_png([((10, 38), "provincie", 13, (0.1, 0.3, 0.6)), ((82, 38), "Noordland", 18, (0.8, 0.2, 0.1))])
    assert _author(_letter(tmp_path / "brief.pdf", logo), tmp_path) == "Burgemeester en wethouders"


def _struck_province_logo(name: str) -> bytes:
    """ "provincie X" in purple and blue, an orange stroke through the name's first letter (as
    a river through the "O" of a real province's logo), at 1.5 times 72 dpi."""
    font = pymupdf.Font("hebo")
    noun_w, name_w = font.text_length("provincie", 11), font.text_length(name, 18)
    logo = pymupdf.open()
    page = logo.new_page(width=8 + noun_w + 6 + name_w + 10, height=34)
    page.insert_text((8, 24), "provincie", fontsize=11, color=(0.35, 0.1, 0.55), fontname="hebo")
    x = 8 + noun_w + 6
    page.insert_text((x, 24), name, fontsize=18, color=(0.1, 0.3, 0.6), fontname="hebo")
    letter = font.text_length(name[0], 18)
    page.draw_polyline([(x - 4 + i * (letter + 8) / 6, 24 - 18 * (1.0 - 0.2 * (i % 2)) + i * 18 * 0.2)
                        for i in range(7)], color=(0.85, 0.45, 0.0), width=2.5)
    return page.get_pixmap(matrix=pymupdf.Matrix(1.5, 1.5)).tobytes("png")


@needs_ocr
def test_a_bare_gs_gets_the_province_its_struck_logo_names(tmp_path):
    """The OCR reads "Qverijssel" in some separations and "Overijssel" in others: without the
    list of places no place is agreed; with it, the slips count for the listed province."""
    pdf = pymupdf.open()
    for lines in (_LETTER, ["Met vriendelijke groet,", "Gedeputeerde Staten,", "de secretaris, de voorzitter"]):
        page = pdf.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 100 + 20 * i), line, fontsize=11)
    logo = _struck_province_logo("Overijssel")
    width, height = pymupdf.open("png", logo)[0].rect.br
    pdf[0].insert_image(pymupdf.Rect(400, 770, 550, 770 + 150 * height / width), stream=logo)
    path = tmp_path / "nota.pdf"
    pdf.save(str(path))
    readings = read_logos_of(path)
    assert any("Qverijssel" in r.text for r in readings)  # the slip this test is about
    assert logo_territory(readings, PROVINCE, gazetteer=False) is None
    assert _author(path, tmp_path) == "Gedeputeerde Staten van Overijssel"


def test_no_tesseract_or_a_failing_reader_skips_the_logo(tmp_path, monkeypatch):
    import ingest.ocr as ocr

    path = _letter(tmp_path / "brief.pdf", _logo_png(_VOORBEELDSTAD))
    monkeypatch.setattr(ocr, "tesseract_available", lambda language="nld": False)
    assert read_logos_of(path) == []
    monkeypatch.setattr(ocr, "tesseract_available", lambda language="nld": True)

    def broken(page, language="nld"):
        raise RuntimeError("tesseract crashed")

    monkeypatch.setattr(ocr, "read_logos", broken)
    assert read_logos_of(path) == []
    assert _author(path, tmp_path) == "Burgemeester en wethouders"


def test_tesseract_4_reads_each_separation_once(monkeypatch):
    """Tesseract 4 has no local threshold; reading "sauvola" there would repeat the Otsu reading, and two
    identical readings must not count as two that agree (review finding)."""
    from ingest import ocr

    calls = []

    class FakeTesseract:
        class Output:
            DICT = "dict"

        @staticmethod
        def image_to_data(img, lang, output_type, config):
            calls.append(config)
            return {"text": [], "conf": [], "block_num": [], "par_num": [], "line_num": [],
                    "left": [], "top": [], "width": [], "height": []}

    monkeypatch.setitem(__import__("sys").modules, "pytesseract", FakeTesseract)
    monkeypatch.setattr(ocr, "_require_tessdata", lambda language: "/nowhere")
    monkeypatch.setattr(ocr, "logo_boxes", lambda page: [((0, 0, 10, 10), 10)])
    monkeypatch.setattr(ocr, "_logo_channels", lambda page, box, w: {"grey": object()})
    monkeypatch.setattr(ocr, "_tesseract_major", lambda: 4)
    assert [r.channel for r in ocr.read_logos(page=None)] == ["grey/otsu"]
    assert all("thresholding_method=0" in c for c in calls)
    monkeypatch.setattr(ocr, "_tesseract_major", lambda: 5)
    assert [r.channel for r in ocr.read_logos(page=None)] == ["grey/otsu", "grey/sauvola"]
