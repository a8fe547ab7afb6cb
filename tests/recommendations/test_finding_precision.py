"""Findings are the evaluators' own conclusions: not interview quotations, reported doubts, minority
views, method text, bare noun phrases, background lists or a letter's follow-up section."""
from __future__ import annotations

import pytest

from beleid.types import Block, Document
from recommendations.extract import extract, heading_label
from recommendations.text import has_finite_verb, not_asserted, quoted, sentences


def doc(kind="evaluatie"):
    return Document("2021-evaluatie-x", "/x/x.pdf", "x", "x", kind, "2021-05-01", "Bureau Test", None, 3)


def blk(page, order, kind, text, level=0):
    return Block("d", page, order, kind, text, (0, 0, 1, 1), 10.0, kind == "heading", level if kind == "heading" else 0)


def findings(blocks, kind="evaluatie"):
    return [f.text for f in extract(doc(kind), blocks)[1]]


def test_quoted_sentences_follow_the_marks_in_the_text():
    text = ("Er is te weinig capaciteit. “De check vindt te weinig plaats. Er is onvoldoende aandacht.” "
            "De monitoring ontbreekt.")
    starts = [o for o, _ in sentences(text)]
    # the closing mark after the full stop lies between sentences and still ends the quotation
    assert quoted(text, starts) == [False, True, True, False]
    straight = 'Een medewerker zegt: "Het gaat niet goed. Er is te weinig tijd." Dat blijkt ook uit de cijfers.'
    assert quoted(straight, [o for o, _ in sentences(straight)]) == [False, True, False]


def test_unclosed_quote_does_not_swallow_the_text():
    text = "“Er is te weinig tijd. " + " ".join(f"Zin nummer {i} is er een." for i in range(12))
    flags = quoted(text, [o for o, _ in sentences(text)], max_run=4)
    assert flags[0] and not flags[-1]


def test_interview_quote_is_not_a_finding():
    blocks = [blk(1, 0, "heading", "3 Bevindingen", 1),
              blk(1, 1, "paragraph", "Er zijn geen SMART-doelen geformuleerd, waardoor de voortgang onduidelijk is. "
                                     "“Wij hebben te weinig tijd voor evaluatie. De werkdruk is te hoog.” "
                                     "De monitoring van de resultaten ontbreekt.")]
    got = findings(blocks)
    assert any(t.startswith("Er zijn geen SMART-doelen") and "werkdruk" not in t for t in got), got
    assert any(t.startswith("De monitoring van de resultaten ontbreekt") for t in got), got
    assert not any("werkdruk" in t for t in got), got


@pytest.mark.parametrize("sentence", [
    "Betrokkenen vragen zich af of er niet te veel van de vrijwilligers wordt gevraagd.",
    "Wel vragen ze zich of er niet teveel van vrijwilligers wordt gevraagd.",
    "Gevraagd wordt of er niet te weinig aandacht is voor preventie.",
    "Volgens sommige partners richt de gemeente zich te veel op de doelgroepen.",
    "Enkele respondenten geven aan dat de werkdruk te hoog is.",
    "In het onderzoek nodigden we medewerkers uit om knelpunten te benoemen.",
    "Hieronder worden de knelpunten per thema beschreven.",
])
def test_not_asserted(sentence):
    assert not_asserted(sentence)


@pytest.mark.parametrize("sentence", [
    "Uit de gesprekken blijkt dat de werkdruk te hoog is.",
    "Veel respondenten geven aan dat de werkdruk te hoog is.",
    "In het gesprek met de wijkteams is aangegeven dat procesbeschrijvingen ontbreken.",
    "Er wordt gevraagd om meer capaciteit voor preventie.",
])
def test_asserted(sentence):
    assert not not_asserted(sentence)


def test_minority_view_and_doubt_are_no_findings():
    blocks = [blk(1, 0, "heading", "Conclusies", 1),
              blk(1, 1, "paragraph", "De begeleiding van vrijwilligers verloopt goed. Wel ligt volgens sommige "
                                     "betrokkenen de aandacht nog te veel op de doelgroepen. Belangenbehartigers "
                                     "voelen zich gehoord. Wel vragen zij zich af of er niet te veel van "
                                     "vrijwilligers wordt gevraagd.")]
    assert findings(blocks) == []


@pytest.mark.parametrize("text,expected", [
    ("Kwetsbare ouderen met een licht verstandelijke beperking", False),
    ("Versterken ondersteunende sociale structuren en voorzieningen", False),
    ("Meer veilige situaties bij kwetsbare inwoners", False),
    ("De werkdruk stijgt in alle wijkteams", True),
    ("Inwoners haken af door de regels", True),
    ("Er is een veelbelovende pilot", True),
])
def test_has_finite_verb(text, expected):
    assert has_finite_verb(text) is expected


def test_verbless_list_items_are_no_findings():
    blocks = [blk(1, 0, "heading", "Bevindingen", 1),
              blk(1, 1, "paragraph", "Een aantal groepen kwam naar voren waar een andere aanpak nodig is:"),
              blk(1, 2, "list_item", "• Jongeren met een licht verstandelijke beperking en hun ouders"),
              blk(1, 3, "list_item", "• Alleenstaande ouderen zonder netwerk in de wijk"),
              blk(1, 4, "list_item", "• Er is voor deze groep een veelbelovende pilot gestart in twee wijken.")]
    got = findings(blocks)
    assert got == ["Er is voor deze groep een veelbelovende pilot gestart in twee wijken."], got


def test_list_of_policy_principles_is_background():
    blocks = [blk(1, 0, "heading", "Samenvatting", 1),
              blk(1, 1, "paragraph", "In het beleid staan de volgende uitgangspunten centraal:"),
              blk(1, 2, "list_item", "• Maatwerk: één plan voor één huishouden is beter dan een generiek systeem."),
              blk(1, 3, "list_item", "• Preventie: lichte ondersteuning voorkomt dure zorg en houdt inwoners thuis."),
              blk(1, 4, "paragraph", "Dit levert de volgende conclusies op:"),
              blk(1, 5, "list_item", "• De gemeente biedt maatwerk en passende ondersteuning aan inwoners."),
              blk(1, 6, "list_item", "• De toegang is niet laagdrempelig genoeg voor preventie.")]
    got = findings(blocks)
    assert got == ["De gemeente biedt maatwerk en passende ondersteuning aan inwoners.",
                   "De toegang is niet laagdrempelig genoeg voor preventie."], got


def test_follow_up_section_of_a_letter_is_no_finding():
    assert heading_label("Vervolg") == "other"
    assert heading_label("Aanknopingspunten voor het vervolg") == "other"
    assert heading_label("Hoe nu verder") == "other"
    assert heading_label("Conclusies en vervolg") == "finding"
    blocks = [blk(1, 0, "heading", "Belangrijkste conclusies", 2),
              blk(1, 1, "paragraph", "Er is te weinig capaciteit voor preventie in de wijken."),
              blk(1, 2, "heading", "Aanknopingspunten voor het vervolg", 2),
              blk(1, 3, "list_item", "• Het anders organiseren van de toegang. Aandachtspunten op basis van het "
                                     "rapport zijn de capaciteit en de bereikbaarheid van de toegang.")]
    assert findings(blocks, kind="raadsbrief") == ["Er is te weinig capaciteit voor preventie in de wijken."]
