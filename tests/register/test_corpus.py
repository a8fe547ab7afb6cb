"""Integration: the real contracts ingested with the register stage; the written standard-format plan."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from register.store import load

pytestmark = pytest.mark.integration


def toks(s):
    return re.findall(r"[0-9a-zà-ÿ]+", s.lower())


def f1(a, b):
    from collections import Counter

    ta, tb = toks(a), toks(b)
    common = sum((Counter(ta) & Counter(tb)).values())
    return 0 if not common else 2 * common / (len(ta) + len(tb))


@pytest.mark.parametrize("doc_id", ["2019-programmacontract-duurzaamheid", "2019-programmacontract-zorg"])
def test_register_against_gold(gold_data, gold, doc_id):
    _, store = gold_data
    reg = load(store, doc_id=doc_id)
    g = gold[doc_id]
    matched = sum(1 for gg in g["goals"] if any(f1(gg["text"], p.text) >= 0.8 for p in reg.goals))
    assert matched / len(g["goals"]) >= 0.9
    assert matched / len(reg.goals) >= 0.9
    amounts = sorted(b.amount_eur for b in reg.budgets)
    assert sorted(float(b["amount_eur"]) for b in g["budgets"]) == amounts
    assert {(o.role, o.name) for o in reg.owners} == {(o["role"], o["name"]) for o in g["owners"]}
    agree = [p.smart["T"] == gg["smart"]["T"] for gg in g["goals"] for p in reg.goals if f1(gg["text"], p.text) >= 0.8]
    assert sum(agree) / len(agree) >= 0.85


def test_indicators_and_hierarchy(gold_data):
    _, store = gold_data
    reg = load(store, doc_id="2019-programmacontract-duurzaamheid")
    by_id = {g.id: g for g in reg.goals}
    ind = next(i for i in reg.indicators if i.name.startswith("% duurzame energie"))
    assert (ind.baseline, ind.baseline_year, ind.targets["2022"], ind.source) == ("2,1", "2017", "20", "Klimaatmonitor")
    assert "20%" in by_id[ind.goal_id].text  # linked to the goal stating that number
    ops = [g for g in reg.goals if g.level == "operationeel"]
    assert ops and all(by_id[g.parent].level == "hoofdopgave" for g in ops)


def test_stage_rows_cascade_on_delete(gold_data):
    settings, store = gold_data
    from beleid.config import load_settings
    from beleid.store import Store
    from app.ingest import ingest_paths

    from conftest import ROOT

    s2 = Store(load_settings(settings.data_dir.parent / "cascade").db_path)
    ingest_paths([str(ROOT / "corpus" / "2019-programmacontract-zorg.pdf")], settings, s2)
    assert load(s2).goals
    s2.delete_document("2019-programmacontract-zorg")
    assert load(s2).goals == [] and load(s2).budgets == []


def test_cli_register_and_exports(gold_data, tmp_path):
    from cli import main

    settings, _ = gold_data
    dd = str(settings.data_dir)
    r = CliRunner().invoke(main, ["register", "--data-dir", dd, "--programme", "zorg", "--flag", "T"])
    assert r.exit_code == 0, r.output
    assert "T ontbreekt" in r.output and "duurzaamheid" not in r.output
    r = CliRunner().invoke(main, ["register", "--data-dir", dd, "--json"])
    data = json.loads(r.output)
    assert set(data) == {"goals", "indicators", "budgets", "owners", "owner_outcomes"}
    goal = data["goals"][0]
    for key in ("id", "doc_id", "page", "level", "parent", "text", "deadline", "target", "smart", "reasons",
                "evaluation", "indicator_ids", "budget_ids", "owner_ids"):
        assert key in goal
    out = tmp_path / "reg.xlsx"
    r = CliRunner().invoke(main, ["register", "export", "--format", "xlsx", "-o", str(out), "--data-dir", dd])
    assert r.exit_code == 0, r.output
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Doelen", "Indicatoren", "Budgetten", "Eigenaren", "Eigenaarschap"]
    ws = wb["Doelen"]
    assert ws.auto_filter.ref
    col = [c.value for c in ws[1]].index("M") + 1
    colors = {ws.cell(row=i, column=col).value: ws.cell(row=i, column=col).fill.start_color.rgb for i in range(2, ws.max_row + 1)}
    assert colors["ja"] != colors["nee"]
    r = CliRunner().invoke(main, ["register", "--data-dir", dd, "--doc", "nope"])
    assert r.exit_code == 1


def test_standard_budget_format_generalises(tmp_path):
    """A plan page in the 'Wat willen we bereiken? / Wat gaan we daarvoor doen? / Wat mag het kosten?' format."""
    from beleid.config import load_settings
    from ingest.parse import parse_pdf
    from register.extract import extract_register
    from standard_format import write_standard_plan

    pdf = write_standard_plan(tmp_path / "begroting-2025-werk.pdf")
    parsed = parse_pdf(pdf, load_settings(tmp_path / "d"))
    blocks = [b for p in parsed.pages for b in p.blocks]
    tables = [t for p in parsed.pages for t in p.tables]
    reg = extract_register("begroting-2025-werk", blocks, tables, "Werk en inkomen")
    texts = {g.text: g for g in reg.goals}
    strat = texts["Meer inwoners van Voorbeeldstad hebben betaald werk."]
    op = texts["In 2026 is het aantal bijstandsuitkeringen gedaald naar 1.150 t.o.v. 1.400 in 2023."]
    assert strat.level == "strategisch" and op.level == "operationeel" and op.parent == strat.id
    assert op.smart["M"] and op.smart["T"] and op.evaluation
    assert not strat.smart["T"]
    assert not any("werkgeversservicepunt" in t.lower() for t in texts)  # activities are not goals
    assert len(reg.goals) == 5
    amounts = sorted(b.amount_eur for b in reg.budgets)
    assert amounts == [75000, 250000, 300000, 1200000, 1250000, 1450000, 1550000]
    assert {b.amount_eur for b in reg.budgets if b.is_total} == {1450000, 1550000}
    assert [(o.role, o.name) for o in reg.owners] == [("portefeuillehouder", "J. de Vries")]
