"""Tables without ruling lines, through the real parse path (``parse_pdf``), on pages of a
fictional municipality written by ``lineless_pages`` (text only, no vector graphics)."""
from __future__ import annotations

import pymupdf
import pytest

from beleid.config import load_settings
from ingest.parse import parse_pdf
from ingest.tables import (_cell_text, _drop_empty_columns, _looks_like_lineless_table,
                           _looks_like_table, find_tables)

from . import lineless_pages as L

NEGATIVE = ["two_columns", "bullets", "toc", "toc_plain", "paragraph", "colofon"]


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lineless")
    kinds = ["indicator", "budget"] + NEGATIVE
    pdf = L.write(tmp / "veldhoven-noord-begroting-2024.pdf", kinds)
    return kinds, parse_pdf(pdf, load_settings(tmp / "data"))


def _page(parsed, kind):
    kinds, doc = parsed
    return doc.pages[kinds.index(kind)]


def test_the_pages_have_no_vector_lines(parsed, tmp_path):
    pdf = L.write(tmp_path / "p.pdf", list(L.PAGES))
    with pymupdf.open(pdf) as doc:
        assert all(not page.get_cdrawings() for page in doc)


def test_lineless_indicator_table_is_found_with_header_and_rows(parsed):
    page = _page(parsed, "indicator")
    assert len(page.tables) == 1
    t = page.tables[0]
    assert list(t.header) == list(L.INDICATORS[0])
    assert [list(r) for r in t.rows] == [list(r) for r in L.INDICATORS[1:]]
    assert t.section and t.section[-1] == "3.2 Beleidsindicatoren"
    # the paragraphs around the table stay running text, the table's words are not repeated there
    texts = " ".join(b.text for b in page.blocks)
    assert "Met de onderstaande indicatoren" in texts and "De streefwaarden zijn" in texts
    assert "Gezondheidsmonitor" not in texts and "1.240" not in texts


def test_lineless_budget_table_keeps_amounts_unit_and_totals(parsed):
    page = _page(parsed, "budget")
    assert len(page.tables) == 1
    t = page.tables[0]
    assert list(t.header) == list(L.BUDGET[0])
    assert t.unit and "1.000" in t.unit
    assert [list(r) for r in t.rows] == [list(r) for r in L.BUDGET[1:]]
    assert "De stijging van de lasten" in " ".join(b.text for b in page.blocks)


def test_lineless_tables_become_table_chunks(parsed):
    _, doc = parsed
    table_chunks = [c for c in doc.chunks if c.kind == "table"]
    assert len(table_chunks) == 2
    assert any("Streefwaarde 2024" in c.text and "Verwey-Jonker" in c.text for c in table_chunks)
    assert any("37.905" in c.text for c in table_chunks)


@pytest.mark.parametrize("kind", NEGATIVE)
def test_text_columns_lists_and_contents_are_not_tables(parsed, kind):
    page = _page(parsed, kind)
    assert page.tables == ()
    assert page.blocks  # the text is still there, as running text


@pytest.mark.parametrize("kind", NEGATIVE)
def test_strict_rule_refuses_what_pymupdf_proposes_on_negative_pages(tmp_path, kind):
    """Without the page gate: every candidate pymupdf's own finders propose on a negative page
    (the layout analyser, and the plain text-alignment strategy, which turns nearly any text
    into a grid) must fail the strict rule, although most pass the generic ruled-table check."""
    pdf = L.write(tmp_path / f"{kind}.pdf", [kind])
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        words = page.get_text("words")
        grids = []
        for kwargs in ({}, {"strategy": "text", "use_layout": False}):
            found = page.find_tables(**kwargs)
            for tab in (found.tables if found else []):
                grid = [[_cell_text(c, words) if c else "" for c in row.cells] for row in tab.rows]
                grid = _drop_empty_columns([r for r in grid if any(r)])
                if len(grid) >= 2 and len(grid[0]) >= 2:
                    grids.append(grid)
    assert grids, "pymupdf proposed no candidate, so this page does not test the rule"
    assert not any(_looks_like_lineless_table(g) for g in grids)


def test_generic_check_alone_would_let_negatives_through(tmp_path):
    """The strict rule is what keeps running text out: the generic check accepts such grids."""
    pdf = L.write(tmp_path / "two.pdf", ["two_columns", "toc_plain"])
    accepted = 0
    with pymupdf.open(pdf) as doc:
        for page in doc:
            words = page.get_text("words")
            for tab in page.find_tables(strategy="text", use_layout=False).tables:
                grid = _drop_empty_columns([r for r in ([_cell_text(c, words) if c else "" for c in row.cells]
                                                        for row in tab.rows) if any(r)])
                accepted += _looks_like_table(grid)
    assert accepted >= 1


def test_strict_rule_on_small_grids():
    budget = [["", "2023", "2024"], ["Lasten", "1.200", "1.350"], ["Baten", "-300", "-310"],
              ["Saldo", "900", "1.040"]]
    assert _looks_like_lineless_table(budget)
    # a table of contents with section numbers and page numbers
    toc = [["1", "Inleiding", "3"], ["2", "Jeugd", "5"], ["2.1", "Toegang", "7"], ["3", "Werk", "12"]]
    assert not _looks_like_lineless_table(toc)
    # two columns of running text: long cells, no numbers
    prose = [["De gemeente wil dat alle inwoners kunnen meedoen", "in de samenleving en werkt daarvoor samen met"],
             ["maatschappelijke partners, scholen en werkgevers", "in de regio. In 2024 investeren we extra in de"],
             ["wijkteams, zodat inwoners sneller de juiste hulp", "krijgen. Ook willen we het aantal jongeren"]]
    assert not _looks_like_lineless_table(prose)
    # ragged: most rows fill one column only
    ragged = [["Naam", "2023", "2024"], ["a", "", ""], ["b", "", ""], ["c", "1", "2"], ["d", "", ""]]
    assert not _looks_like_lineless_table(ragged)
    # too small: header and one row
    assert not _looks_like_lineless_table([["", "2024"], ["Lasten", "1.200"]])


def test_lineless_detection_can_be_switched_off(tmp_path):
    pdf = L.write(tmp_path / "ind.pdf", ["indicator"])
    with pymupdf.open(pdf) as doc:
        assert len(find_tables(doc[0])) == 1
        assert find_tables(doc[0], lineless=False) == []
