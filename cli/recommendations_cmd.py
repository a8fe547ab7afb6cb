"""``beleid recommendations``, ``beleid check`` and ``beleid findings``."""
from __future__ import annotations

from pathlib import Path

import click

from . import main
from .common import data_dir_option, echo_json, json_option, table


@main.command()
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
@json_option
@data_dir_option
def recommendations(doc_ids, as_json, settings):
    """List the recommendations and findings extracted from evaluations.

    Recommendations (aanbevelingen, adviezen) and findings (conclusies,
    bevindingen, knelpunten) are extracted at ingest time from evaluations and
    the letters that summarise them. `same_as` links a letter's recommendation
    to the report recommendation it repeats.

    \b
    Examples:
      beleid recommendations
      beleid recommendations --doc 2024-hhm-evaluatie-sociaal-domein
      beleid recommendations --json | jq '.recommendations[] | .topic'
    """
    from app.evaluations import recommendations as load, recommendations_json

    recs, finds = load(settings, list(doc_ids))  # an unknown doc_id -> one-line message
    if as_json:
        echo_json(recommendations_json(recs, finds))
        return
    if not recs and not finds:
        click.echo("No recommendations or findings yet. Ingest evaluations first: beleid ingest corpus/")
        return
    def short(item_id: str | None) -> str:  # "doc:r3" -> "r3"; the doc has its own column
        return (item_id or "").rsplit(":", 1)[-1]

    click.echo(f"Recommendations ({len(recs)}):")
    click.echo(table([[r.doc_id, short(r.id), r.year, r.page, r.topic, r.text,
                       f"{r.same_as.rsplit(':', 1)[0][:28]}…:{short(r.same_as)}" if r.same_as else ""]
                      for r in recs],
                     ["document", "id", "year", "page", "topic", "text", "same as"], max_width=46))
    click.echo(f"\nFindings ({len(finds)}):")
    click.echo(table([[f.doc_id, short(f.id), f.year, f.page, f.topic, f.text] for f in finds],
                     ["document", "id", "year", "page", "topic", "text"], max_width=46))


@main.command()
@click.argument("plan")
@click.option("--against", default="all", show_default=True,
              help="Comma-separated doc_ids whose recommendations to check, or 'all' "
                   "(all evaluations and letters dated before the plan).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default=None,
              help="Report format (default: a short table, or JSON with --json).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the report to FILE.")
@click.option("--ingest", "do_ingest", is_flag=True, help="Also add a PDF plan to the corpus.")
@json_option
@data_dir_option
def check(plan, against, fmt, output, do_ingest, as_json, settings):
    """Check a plan against earlier recommendations.

    PLAN is an ingested doc_id or a PDF (parsed with the ingest pipeline but not
    stored unless --ingest). --json (or --format json) prints the report
    {plan, against, against_titles, results, summary}: the same bytes as the
    web app's JSON report of the same plan. Every recommendation gets a status (addressed,
    partly, not_addressed, conflicts), evidence passages from the plan with
    pages, role (support, or against: the passage that contradicts the advice)
    and relevance, and a one-line reason ("reason" in Dutch, "reason_en" in
    English). The table is English; --format md/html write the Dutch report.
    An LLM judge is used when llm_model is set.

    \b
    Examples:
      beleid check 2019-programmacontract-zorg
      beleid check nieuw-plan.pdf --against 2018-raadsbrief-evaluatie-transformatie-sociaal-domein
      beleid check 2019-programmacontract-zorg --format html -o toets.html
      beleid check 2019-programmacontract-zorg --json
    """
    from app.check import check as check_plan
    from app.report import render, table_rows

    ids = None if against.strip().lower() == "all" else [a.strip() for a in against.split(",") if a.strip()]
    report = check_plan(plan, settings, against=ids, ingest=do_ingest)
    fmt = fmt or ("json" if as_json else None)
    if fmt is None and output:
        fmt = "html" if output.lower().endswith((".html", ".htm")) else "json" if output.lower().endswith(".json") else "md"
    text = render(report, fmt) if fmt else None
    if output:
        Path(output).write_text(text if text is not None else "", encoding="utf-8")
        click.echo(f"wrote {output} ({len(report.results)} recommendations)", err=True)
        return
    if text is not None:
        click.echo(text)
        return
    if not report.results:
        click.echo("No recommendations to check against (ingest evaluations dated before the plan, or use --against).")
        return
    click.echo(table(table_rows(report), ["status", "recommendation", "text", "evidence", "reason"], max_width=45))


@main.command()
@click.option("--recurring", is_flag=True, help="Only themes that recur across years or evaluations.")
@json_option
@data_dir_option
def findings(recurring, as_json, settings):
    """Group findings and recommendations into themes, in time order.

    Themes group items from different evaluations and years that express the
    same issue: each item joins every theme of the Dutch evaluation-theme
    lexicon it matches (recommendations/themes.py); items no theme covers are
    clustered by embedding and lexical similarity.

    \b
    Examples:
      beleid findings --recurring
      beleid findings --recurring --json | jq '.[0].members'
    """
    from app.evaluations import themes as find_themes

    themes = find_themes(settings, only_recurring=recurring)
    if as_json:
        echo_json([t.to_json() for t in themes])
        return
    if not themes:
        click.echo("No themes found." + ("" if not recurring else " Ingest evaluations of different years first."))
        return
    for t in themes:
        span = f"{t.first_year}-{t.last_year}" if t.first_year != t.last_year else f"{t.first_year}"
        click.echo(f"\n## {t.theme}  ({len(t.members)}x in {len({m.doc_id for m in t.members})} documents, {span})")
        for m in t.members:
            text = " ".join(m.text.split())
            click.echo(f"  {m.year} {m.doc_id} p{m.page}: {text[:160]}{'…' if len(text) > 160 else ''}")
