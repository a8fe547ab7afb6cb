"""Issue 13, part B: BBV budget tables, indicator tables, owners and exports a controller can compute with.

Unit tests on small hand-made tables in the shapes real budgets print (multi-line headers,
a kind column, the unit in a header cell or below the table, appendix repeats), plus one
integration test on real pages of the Wassenaar programmabegroting 2021 (skipped where the
shared real PDFs are not present).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from beleid.errors import NotFoundError
from beleid.types import Block, Budget, Goal, Indicator, Owner, Table
from register.bbv import document_year
from register.budgets import find_budgets, is_variance
from register.grid import fold, merge_wrapped, parse_value
from register.indicators import find_indicators
from register.owners import OwnerStatus, find_owner_statements, find_owners, merge_owners, owner_outcomes
from register.programmes import ProgrammeMap, programme_name, same_programme

ROOT = Path(__file__).resolve().parents[2]
WASSENAAR = ROOT.parent / "shared" / "real" / "03_wassenaar_begroting_2021-2024.pdf"


def tbl(page, header, rows, index=0, bbox=(70, 100, 580, 400), unit=None):
    return Table("t", page, index, bbox, tuple(header), tuple(tuple(r) for r in rows), (), unit)


def blk(page, order, text, kind="paragraph", size=10.0, bbox=(70, 50, 580, 60), section=()):
    return Block("t", page, order, kind, text, bbox, size, kind == "heading", 1 if kind == "heading" else 0,
                 tuple(section))


# a "Wat mag het kosten?" table as pymupdf returns it: the caption, the cycle labels and the years
# on separate rows, the unit in the first column, the taakveld only on its Baten line
COST = tbl(12, ["Programma: P2 Zorg en", "", "", "", "", ""], [
    ["", "", "Rekening", "Begroting", "Begroting", "Begroting"],
    ["welzijn", "", "", "", "", ""],
    ['( "-"= nadeel ) bedragen x € 1.000', "", "2022", "2023", "2024", "2025"],
    ["2.1 Jeugd", "Baten", "12", "10", "8", "8"],
    ["", "Lasten", "-1.192", "-1.229", "-1.306", "-1.557"],
    ["", "Saldo", "-1.180", "-1.219", "-1.298", "-1.549"],
    ["Totaal lasten", "Lasten", "-1.192", "-1.229", "-1.306", "-1.557"],
    ["Onttrekking reserves", "", "0", "(40)", "25", "0"],
])
TITLE = [blk(1, 0, "PROGRAMMABEGROTING 2024", "heading", 16.0),
         blk(3, 0, "Toelichting op mutatie begroot 2024 ten opzichte van begroting 2023", "heading", 9.0)]


def test_parse_value_reads_printed_cells():
    assert parse_value("-1.306") == -1306
    assert parse_value("(1.306)") == -1306  # accounting convention
    assert parse_value("− 12") is None or parse_value("−12") == -12
    assert parse_value("40,0%") == 40.0
    assert parse_value("€ 2.500,-") == 2500
    assert parse_value("n.t.b.") is None and parse_value("") is None


def test_fold_joins_header_lines_and_merge_wrapped_joins_cell_continuations():
    g = fold(COST)
    assert g.columns[2] == "Rekening 2022" and g.columns[4] == "Begroting 2024"
    assert g.caption == "Programma: P2 Zorg en welzijn"
    assert g.phase(2) == "realisatie" and g.phase(4) == "begroting" and g.year(4) == "2024"
    rows = merge_wrapped([["27", "Personen met een", "255,4", "228,6"], ["", "bijstandsuitkering", "(2018)", "(2019)"],
                          ["", "Lasten", "-5", "-6"]])
    assert rows[0] == ["27", "Personen met een bijstandsuitkering", "255,4 (2018)", "228,6 (2019)"]
    assert rows[1] == ["", "Lasten", "-5", "-6"]  # values under values: a row of its own


def test_document_year_ignores_comparisons():
    assert document_year(TITLE) == ("2024", "begroting")
    assert document_year([blk(1, 0, "Jaarstukken 2023", "heading")]) == ("2023", "realisatie")


def test_bbv_cost_table_budget_year_units_signs_totals_programme():
    lines = find_budgets([COST], TITLE)
    got = {(b.item, b.kind): b for b in lines}
    jeugd_lasten = got[("2.1 Jeugd", "lasten")]
    assert jeugd_lasten.amount_eur == -1_306_000 and jeugd_lasten.year == "2024"  # budget year, unit applied, sign kept
    assert jeugd_lasten.years == {"2022": -1_192_000, "2023": -1_229_000, "2024": -1_306_000, "2025": -1_557_000}
    assert jeugd_lasten.as_printed == "-1.306" and jeugd_lasten.unit == 1000
    assert not jeugd_lasten.is_total and got[("2.1 Jeugd", "saldo")].is_total
    assert got[("Totaal lasten", "lasten")].is_total
    assert got[("Onttrekking reserves", "reserves")].years["2023"] == -40_000
    assert len(lines) == 5  # one line per row, not one per year
    assert {b.programme for b in lines} == {"Zorg en welzijn"}


def test_unit_printed_below_a_table_split_over_two_pages():
    part1 = tbl(4, ["Project", "Toelichting", "Benodigde middelen"], [["1. Preventie", "tekst", "50"]],
                bbox=(70, 600, 520, 720))
    part2 = tbl(5, ["8. Inkoop", "tekst", "400"], [["Totaal", "", "450"]], bbox=(70, 70, 520, 200))
    below = blk(5, 3, "Bedragen x € 1.000 Reallocatie innovatiemiddelen 2019 " + "tekst " * 60, bbox=(70, 205, 520, 400))
    lines = find_budgets([part1, part2], [below])
    assert sorted(b.amount_eur for b in lines if b.table) == [50_000, 400_000, 450_000]
    assert next(b for b in lines if b.item == "Totaal").is_total


def test_appendix_repeat_in_euros_is_dropped_and_programme_switch_rows():
    appendix = tbl(40, ["Programma:P2 Zorg en welzijn", "Begroting 2024", "Begroting 2024", "Begroting 2024"], [
        ["Saldo van baten en lasten per taakveld", "Baten", "Lasten", "Saldo"],
        ["2.1 Jeugd", "8.301", "-1.305.844", "-1.297.543"],
        ["Programma:P3 Wonen", "Begroting 2024", "Begroting 2024", "Begroting 2024"],
        ["Saldo van baten en lasten per taakveld", "Baten", "Lasten", "Saldo"],
        ["3.1 Wonen", "1.000", "-2.000", "-1.000"],
    ])
    lines = find_budgets([COST, appendix], TITLE)
    jeugd = [b for b in lines if b.item.startswith("2.1") and b.kind == "lasten"]
    assert len(jeugd) == 1 and jeugd[0].amount_eur == -1_306_000  # the repeat in whole euros is not a new line
    wonen = [b for b in lines if b.item.startswith("3.1")]
    assert {b.programme for b in wonen} == {"Wonen"} and sorted(b.amount_eur for b in wonen) == [-2000, -1000, 1000]


def test_variance_sentences_are_not_budget_lines_but_allocations_are():
    assert is_variance("De lasten zijn in 2024 € 77.000 hoger begroot dan in 2023.")
    assert is_variance("Taakveld 2.1 (nadeel van € 71.000 t.o.v. begroting 2023)")
    assert not is_variance("Voor de uitvoering is in 2024 een bedrag van € 160.000 beschikbaar.")
    blocks = [blk(2, 0, "De lasten zijn in 2024 € 77.000 hoger begroot dan in 2023. Voor de uitvoering is in 2024 "
                        "een bedrag van € 160.000 beschikbaar.")]
    assert [b.amount_eur for b in find_budgets([], blocks)] == [160_000]


def test_finance_heading_takes_amounts_without_budget_word_but_not_rates():
    sec = ("6. Benodigde middelen", "6.1 Financiën")
    blocks = [blk(20, 0, "De VNG komt tot € 35 per inwoner. Voor Almelo betekent dit € 2.320.000 als "
                         "implementatieopgave.", section=sec)]
    assert [b.amount_eur for b in find_budgets([], blocks)] == [2_320_000]


def test_year_keyed_rows_in_text():
    blocks = [blk(20, 0, "We zien de spreiding van de kosten als volgt: 2017 2,5% € 58.000 2018 10,0% € 232.000 "
                         "2019 30,0% €696.000 Op dit moment achten wij dit betrouwbaar.")]
    lines = find_budgets([], blocks)
    assert [(b.year, b.amount_eur) for b in lines] == [("2017", 58_000), ("2018", 232_000), ("2019", 696_000)]


def test_programme_names_and_chapters():
    assert programme_name("P5 Sport, cultuur en recreatie") == "Sport, cultuur en recreatie"
    assert programme_name("Programma 2 Verkeer en vervoer") == "Verkeer en vervoer"
    assert programme_name("Programma: P5 Sport ( \"-\"= nadeel ) bedragen x € 1.000") == "Sport"
    assert programme_name("3. Programma Wonen en bouwen") == "Wonen en bouwen"
    assert programme_name("Programma 1: Bestuur") == "Bestuur"
    assert programme_name("Programma's") is None and programme_name("5.1 Sportbeleid") is None
    assert programme_name("3. Programmering cultuur") is None
    assert same_programme("Sociaal Domein", "P6 Sociaal domein") and not same_programme("Sport", "Wonen")
    blocks = [blk(10, 0, "P1 Veiligheid", "heading", 11.0), blk(12, 0, "Wat mag het kosten?", "heading", 10.0),
              blk(20, 0, "P2 Zorg", "heading", 11.0), blk(30, 0, "Paragrafen", "heading", 11.0)]
    pm = ProgrammeMap.from_blocks(blocks)
    assert (pm.at(5), pm.at(12), pm.at(25), pm.at(31)) == (None, "Veiligheid", "Zorg", None)


INDICATORS = tbl(66, ["Nr.", "Beleidsindicator", "Eenheid", "Bron", "Voorgaande", "Laatst", "Landelijk"], [
    ["", "", "", "", "laatst", "bekende", "vergelijking"],
    ["", "", "", "", "bekende", "realisatie", "cijfer"],
    ["", "", "", "", "realisatie", "", ""],
    ["27", "Personen met een", "Aantal per 10.000 inwoners", "CBS", "255,4", "228,6", "381,7"],
    ["", "bijstandsuitkering", "", "", "(2018)", "(2019)", "(2019)"],
], bbox=(70, 500, 580, 700))
# the same table continued on the next page, no header, unit and source printed as one column
INDICATORS_NEXT = tbl(67, ["24", "Netto arbeidsparticipatie", "% van de werkzame CBS", "64,0%", "64,8%", "68,8%"],
                      [["", "", "beroepsbevolking", "(2018)", "(2019)", "(2019)"]], bbox=(70, 70, 580, 200))


def test_bbv_indicator_table_latest_realisation_is_the_baseline():
    inds = find_indicators([INDICATORS, INDICATORS_NEXT], [])
    assert [i.name for i in inds] == ["Personen met een bijstandsuitkering", "Netto arbeidsparticipatie"]
    a, b = inds
    assert (a.baseline, a.baseline_year, a.baseline_value) == ("228,6", "2019", 228.6)
    assert (a.previous, a.previous_year, a.benchmark, a.unit, a.source) == ("255,4", "2018", "381,7 (2019)",
                                                                             "Aantal per 10.000 inwoners", "CBS")
    assert a.targets == {}
    assert (b.baseline, b.baseline_year, b.baseline_value) == ("64,8%", "2019", 64.8)


def test_contract_indicator_table_targets_parsed_and_kept_as_printed():
    t = tbl(7, ["Indicator", "Peilwaarde", "2020", "2022", "Bron"],
            [["Aantal scholen", "5 (2018)", "12", "n.t.b.", "Gemeente"]])
    (i,) = find_indicators([t], [])
    assert (i.baseline, i.baseline_year, i.targets) == ("5", "2018", {"2020": "12", "2022": "n.t.b."})
    assert i.target_values == {"2020": 12.0, "2022": None}


def test_indicators_in_ocr_text():
    text = ("Minder misdrijven 2018 2019 2020 Indicator 2: Afname van het aantal misdrijven ten opzichte van 2017 "
            "(4.546) | Meer normherstel 2018 2019 2020 Jndicatur 3: Percentage handhavingsacties met normherstel | "
            "Bewoners voelen zich veiliger 2017 2018 2019 2020 Percentage inwoners dat zich altijd veilig voelt")
    inds = find_indicators([], [(7, text, ("4.2 Indicatoren",))])
    names = [i.name for i in inds]
    assert any(n.startswith("Percentage handhavingsacties") for n in names)
    assert "Percentage inwoners dat zich altijd veilig voelt" in names
    two = next(i for i in inds if "misdrijven" in i.name)
    assert (two.baseline, two.baseline_year) == ("4.546", "2017")


def test_owner_statements_and_offices():
    texts = [(9, "Bestuurlijk opdrachtgever Wethouder van Rees is bestuurlijk opdrachtgever. Hij is alert."),
             (9, "Ambtelijk opdrachtgever Adjunct-directeur Said Benayad is ambtelijk opdrachtgever."),
             (18, "De programmamanager is Janke Krommendijk en zij stuurt. Ook de programma-adviseur (Sander Weertman)."),
             (17, "Wethouder Eugene van Mierlo is namens het college bestuurlijk verantwoordelijk voor het programma."),
             (8, "De burgemeester is exclusief bestuurlijk opdrachtgever, met de burgemeester als portefeuillehouder.")]
    got = {(o.role, o.name) for o in merge_owners(find_owners(texts), find_owner_statements(texts))}
    assert {("bestuurlijk opdrachtgever", "van Rees"), ("ambtelijk opdrachtgever", "Said Benayad"),
            ("programmamanager", "Janke Krommendijk"), ("programma-adviseur", "Sander Weertman"),
            ("bestuurlijk opdrachtgever", "Eugene van Mierlo"), ("portefeuillehouder", "")} <= got
    assert ("portefeuillehouder", "Eugene van Mierlo") not in got  # "Wethouder" is his title, not a second role
    assert not any(name in ("Hij", "Overleg Zorg") for _, name in got)
    assert find_owners([(92, "In dit Bestuurlijk Overleg Zorg en Veiligheid wordt gesproken.")]) == []


def test_no_owner_named_is_an_outcome_with_reason_and_the_smart_a_reason():
    from register.extract import extract_register

    outs = owner_outcomes("d", [], [(74, "Voor Wassenaar neemt de portefeuillehouder Ruimte deel aan het overleg.")],
                          ["Sport"], lambda p: "Sport")
    (o,) = outs
    assert o.status is OwnerStatus.NONE_NAMED and "geen portefeuillehouder" in o.reason and "p. 74" in o.reason
    blocks = [blk(1, 0, "P5 Sport", "heading", 11.0), blk(1, 1, "Wat willen we bereiken?", "heading", 10.0),
              Block("t", 1, 2, "list_item", "In 2025 sporten meer inwoners wekelijks.", (70, 80, 580, 90))]
    reg = extract_register("t", blocks, [], None)
    assert reg.owner_outcomes and reg.owner_outcomes[0].status is OwnerStatus.NONE_NAMED
    for g in reg.goals:
        assert g.smart["A"] is False and "geen portefeuillehouder" in g.reasons["A"]


def _register():
    from beleid.types import OwnerOutcome, Register

    g = Goal("d:g1", "d", 3, "strategisch", None, "Meer inwoners sporten.", None, None,
             {k: True for k in "SMART"}, {}, True, programme="Sport")
    i = Indicator("d:i1", "d", 4, "Niet-sporters", "d:g1", "40,0%", "2019", {"2022": "35%"}, "CBS",
                  programme="Sport", unit="%", baseline_value=40.0, target_values={"2022": 35.0})
    b = Budget("d:b1", "d", 5, "5.1 Sportbeleid", -384000.0, "2021", "d:g1", False, programme="Sport", kind="lasten",
               as_printed="-384", unit=1000.0, years={"2020": -548000.0, "2021": -384000.0})
    o = Owner("d:o1", "d", 2, "portefeuillehouder", "", "Sport", title="burgemeester")
    return Register([g], [i], [b], [o], [OwnerOutcome("d", "Sport", OwnerStatus.NAMED, "portefeuillehouder")])


def test_xlsx_numbers_are_numbers_programme_everywhere_goal_text_next_to_ids(tmp_path):
    from openpyxl import load_workbook

    from register.export import write_xlsx

    wb = load_workbook(write_xlsx(_register(), tmp_path / "r.xlsx"))
    for ws in wb.worksheets:
        assert "programma" in [c.value for c in ws[1]], ws.title
    def row(ws):
        head = [c.value for c in ws[1]]
        return dict(zip(head, [c.value for c in ws[2]]))
    b = row(wb["Budgetten"])
    assert b["bedrag (EUR)"] == -384000 and isinstance(b["bedrag (EUR)"], (int, float))
    assert b["2020 (EUR)"] == -548000 and b["jaar"] == 2021 and b["zoals gedrukt"] == "-384"
    assert b["doeltekst"] == "Meer inwoners sporten." and b["programma"] == "Sport" and b["soort"] == "lasten"
    i = row(wb["Indicatoren"])
    assert i["peilwaarde"] == 40.0 and i["peilwaarde (zoals gedrukt)"] == "40,0%" and i["streefwaarde 2022"] == 35.0
    assert i["doeltekst"] == "Meer inwoners sporten."
    assert row(wb["Eigenaren"])["functie"] == "burgemeester"


def test_empty_register_export_is_refused_with_a_clear_message(tmp_path):
    from beleid.types import Register
    from register.export import write_csv, write_json, write_xlsx

    for write in (lambda r: write_xlsx(r, tmp_path / "e.xlsx"), lambda r: write_csv(r, tmp_path / "e.csv"),
                  lambda r: write_json(r, None)):
        with pytest.raises(NotFoundError, match="doelenregister is leeg"):
            write(Register())
    assert not (tmp_path / "e.xlsx").exists()


def test_cli_export_of_empty_register_is_a_one_line_error(tmp_path):
    from click.testing import CliRunner

    from cli import main

    out = tmp_path / "leeg.xlsx"
    r = CliRunner().invoke(main, ["register", "export", "--format", "xlsx", "-o", str(out),
                                  "--data-dir", str(tmp_path / "data")])
    assert r.exit_code != 0 and "doelenregister is leeg" in r.output and not out.exists()


@pytest.mark.integration
@pytest.mark.skipif(not WASSENAAR.exists(), reason="shared real PDFs not present")
def test_real_programmabegroting_pages(tmp_path):
    """Real pages of the Wassenaar programmabegroting 2021: the title page, programme P5 and the
    appendix repeating its taakvelden in whole euros, through ingest and the register stage."""
    import pymupdf

    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths
    from register.store import load

    src = pymupdf.open(WASSENAAR)
    part = tmp_path / "wassenaar-p5.pdf"
    src.select([5, *range(64, 76), 196])  # PDF pages 6, 65-76, 197 (0-based here)
    src.save(part)
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    assert not ingest_paths([str(part)], settings, store).failed
    reg = load(store, doc_id="wassenaar-p5")
    sport = [b for b in reg.budgets if same_programme(b.programme, "Sport, cultuur en recreatie")]
    amounts = sorted(b.amount_eur for b in sport)
    # Tabel 9, column Begroting 2021, x EUR 1.000: 7 taakvelden x (baten, lasten, saldo), 3 totals, 4 reserve lines
    assert len(sport) == 28, [(b.item, b.amount_eur) for b in sport]
    assert -6_679_000 in amounts and -374_000 in amounts and 10_000 in amounts and -6_001_000 in amounts
    assert all(b.year == "2021" and len(b.years) == 6 for b in sport)
    assert not any(b.unit == 1.0 for b in sport)  # the appendix repeat in whole euros is dropped
    (ind,) = [i for i in reg.indicators if i.name == "Niet-sporters"]
    assert (ind.baseline, ind.baseline_year, ind.baseline_value, ind.previous) == ("40,0%", "2019", 40.0, "41,0%")
    assert reg.owners == [] and reg.owner_outcomes[0].status is OwnerStatus.NONE_NAMED


def test_flattened_table_over_several_blocks_with_its_unit_line_on_its_own():
    blocks = [blk(13, 0, "Verdeling middelen 2019-2022 2019 2020 2021 2022 Pilot 2 uur gratis parkeren 300 300 300 "
                         "Overige inspanningen 50 60 60 60"),
              blk(14, 0, "Totaal 450 600 600 600"),
              blk(14, 1, "Bedragen * 1.000 euro"),
              blk(14, 2, "Regulier budget en kapitaaldiensten worden niet uit het programma betaald.")]
    lines = find_budgets([], blocks)
    assert sorted(b.amount_eur for b in lines) == sorted([300_000] * 3 + [50_000, 60_000, 60_000, 60_000,
                                                                             450_000, 600_000, 600_000, 600_000])
    totaal = [b for b in lines if b.item == "Totaal"]
    assert [b.year for b in totaal] == ["2019", "2020", "2021", "2022"] and all(b.is_total for b in totaal)


def test_year_spanning_several_kind_columns_and_annual_account_phases():
    # "Begroting 2024" printed once over baten | lasten | saldo, for two years
    t = tbl(23, ["Programma's", "Begroting", "", "", "Begroting", "", ""], [
        ["bedragen x € 1.000", "2024", "", "", "2025", "", ""],
        ["", "baten", "lasten", "saldo", "baten", "lasten", "saldo"],
        ["Zorg en welzijn", "508", "-6.679", "-6.171", "508", "-6.745", "-6.237"],
    ])
    lines = find_budgets([t], TITLE)
    got = {b.kind: (b.amount_eur, b.year, b.years) for b in lines}
    assert got["lasten"] == (-6_679_000, "2024", {"2024": -6_679_000, "2025": -6_745_000})
    assert len(lines) == 3
    # an annual account: one year as begroting, begroting na wijziging and realisatie: the realisation
    acc = tbl(30, ["Taakveld", "Begroting 2023", "Begroting 2023 na wijziging", "Realisatie 2023", "Verschil"],
              [["2.1 Jeugd", "-1.300", "-1.350", "-1.320", "30"]], unit="bedragen x € 1.000")
    (line,) = find_budgets([acc], [blk(1, 0, "Jaarstukken 2023", "heading")])  # not the "Verschil" column
    assert line.amount_eur == -1_320_000 and line.year == "2023"


def test_indicator_realisation_columns_are_not_targets():
    t = tbl(8, ["Indicator", "Realisatie 2018", "Realisatie 2019", "Streefwaarde 2022", "Bron"],
            [["Percentage jongeren met jeugdhulp", "10,1%", "9,9%", "9,0%", "CBS"]])
    (i,) = find_indicators([t], [])
    assert (i.baseline, i.baseline_year, i.previous, i.targets) == ("9,9%", "2019", "10,1%", {"2022": "9,0%"})
    assert i.target_values == {"2022": 9.0}


def test_investment_table_takes_the_budget_year_credit():
    t = tbl(201, ["Investeringsoverzicht begroting 2024-2027", "", "", "", "", ""], [
        ["Nr.", "Onderwerp", "Investeringsbedragen", "per jaar", "", ""],
        ["", "", "2024", "2025", "2026", "2027"],
        ["8", "Sporthal", "6.525.280", "", "", ""],
        ["3", "Wegen", "1.390.000", "755.000", "2.650.000", "3.000.000"],
        ["10", "De Paauw", "", "5.850.000", "2.925.000", ""],
    ])
    lines = find_budgets([t], TITLE)
    assert {(b.item, b.amount_eur, b.year, b.kind) for b in lines} == {
        ("8 Sporthal", 6_525_280, "2024", "investering"), ("3 Wegen", 1_390_000, "2024", "investering"),
        ("10 De Paauw", 5_850_000, "2025", "investering")}  # no credit in the budget year: its first year
    wegen = next(b for b in lines if "Wegen" in b.item)
    assert wegen.years == {"2024": 1_390_000, "2025": 755_000, "2026": 2_650_000, "2027": 3_000_000}


def test_unit_line_after_a_continued_table_applies_to_it_not_to_the_table_before_it():
    blocks = [blk(13, 0, "Programma 2019 2020 2021 2022 Programmabudget 450 450 450 150 Bedragen *1.000 euro "
                         "Verdeling middelen 2019 2020 2021 2022 Overige inspanningen 50 60 60 60"),
              blk(14, 0, "Totaal 450 600 600 600"),
              blk(14, 1, "Bedragen * 1.000 euro")]
    got = sorted(b.amount_eur for b in find_budgets([], blocks))
    assert got == sorted([450_000, 450_000, 450_000, 150_000, 50_000, 60_000, 60_000, 60_000,
                          450_000, 600_000, 600_000, 600_000])


def test_issue13_fields_survive_the_store(tmp_path):
    from beleid.store import Store
    from beleid.types import Document
    from register.store import load, write_rows

    store = Store(tmp_path / "b.sqlite3")
    store.save_document(Document("d", "d.pdf", "0" * 64, "t", "other", None, None, "Sport", 1), [], [])
    reg = _register()
    with store.transaction() as tx:
        write_rows(tx, reg)
    back = load(store, doc_id="d")
    assert back.budgets == reg.budgets and back.indicators[0].target_values == {"2022": 35.0}
    assert back.indicators[0].baseline_value == 40.0 and back.owners[0].title == "burgemeester"
    assert back.owner_outcomes == reg.owner_outcomes
