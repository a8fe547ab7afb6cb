"""``beleid register`` and ``beleid register export``: the goal register."""
from __future__ import annotations

import sys

import click

from . import main
from .common import data_dir_option, echo_json, json_option, table

FLAGS = ("S", "M", "A", "R", "T", "evaluation")


def _load(settings, programme, doc_id, flag=None):
    from app.register import load_register

    return load_register(settings, programme=programme, doc_id=doc_id, flag=flag)


@main.group(invoke_without_command=True)
@click.option("--programme", "-p", default=None, help="Only documents of this programme (substring, any case).")
@click.option("--doc", "doc_id", default=None, help="Only this document (doc_id = the PDF's file stem).")
@click.option("--flag", "flag", type=click.Choice(list(FLAGS), case_sensitive=False),
              default=None, help="Only goals that fail this SMART letter, or with no evaluation possible.")
@json_option
@data_dir_option
@click.pass_context
def register(ctx, programme, doc_id, flag, as_json, settings):
    """Print the goal register: goals with their SMART and evaluation flags.

    Goals, indicators, budgets and owners are extracted at ingest time. Each
    goal shows its level (H hoofdopgave, S strategisch, O operationeel), its
    parent, the SMART letters it meets (a '-' for a missing one) and E when it
    can be evaluated; --flag lists only the goals that fail that check, with
    the reason.

    \b
    Examples:
      beleid register
      beleid register --programme Duurzaamheid
      beleid register --doc 2019-programmacontract-zorg --flag M
      beleid register --flag evaluation --json
      beleid register export --format xlsx -o register.xlsx
    """
    if ctx.invoked_subcommand is not None:
        ctx.ensure_object(dict).update(programme=programme, doc_id=doc_id, settings=settings)
        return
    from app.register import register_json
    from beleid.types import RegisterFlag

    flag = RegisterFlag.parse(flag)
    reg = _load(settings, programme, doc_id, flag)
    if as_json:
        echo_json(register_json(reg))
        return
    if not reg.goals:
        click.echo("No goals found." + ("" if flag else " Ingest plans first: beleid ingest corpus/"))
        return
    level = {"hoofdopgave": "H", "strategisch": "S", "operationeel": "O"}
    rows = []
    for g in reg.goals:
        letters = "".join(k if g.smart.get(k) else "-" for k in "SMART")
        why = flag.reason(g) if flag else ""
        rows.append([g.id.split(":")[-1], g.doc_id, g.page, level.get(g.level, "?"),
                     (g.parent or "").split(":")[-1], letters, "E" if g.evaluation else "-",
                     g.deadline or "", g.text] + ([why] if flag else []))
    headers = ["id", "doc_id", "p", "lvl", "parent", "SMART", "eval", "deadline", "goal"] + (["reason"] if flag else [])
    click.echo(table(rows, headers, max_width=70))
    n_eval = sum(1 for g in reg.goals if not g.evaluation)
    click.echo(f"\n{len(reg.goals)} goals, {len(reg.indicators)} indicators, {len(reg.budgets)} budget lines, "
               f"{len(reg.owners)} owners; {n_eval} goals: geen evaluatie mogelijk")


@register.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json", show_default=True,
              help="json: one document; csv: one file per entity; xlsx: one sheet per entity with filters.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Output file (json: default stdout; csv: FILE-doelen.csv etc., or a .zip; xlsx: required).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Data dir (same as on 'beleid register'; env BELEID_DATA_DIR).")
@click.pass_context
def export(ctx, fmt, output, data_dir):
    """Export the register (goals, indicators, budgets, owners) as JSON, CSV or xlsx.

    Takes the --programme and --doc filters of ``beleid register``.

    \b
    Examples:
      beleid register export --format json > register.json
      beleid register export --format xlsx -o register.xlsx
      beleid register --programme Zorg export --format csv -o zorg.csv
      beleid register export --format json --data-dir /srv/beleid -o register.json
    """
    from app.register import export as write

    from beleid.config import load_settings

    opts = ctx.obj or {}
    settings = load_settings(data_dir) if data_dir else opts["settings"]
    reg = _load(settings, opts.get("programme"), opts.get("doc_id"))
    if fmt == "json":
        text = write(reg, "json", output)
        if not output:
            click.echo(text)
        else:
            click.echo(f"wrote {output}", err=True)
    elif fmt == "csv":
        if not output:
            raise click.UsageError("--format csv needs -o FILE (one CSV per entity is written next to it)")
        for p in write(reg, "csv", output):
            click.echo(f"wrote {p}", err=True)
    else:
        if not output:
            raise click.UsageError("--format xlsx needs -o FILE.xlsx")
        click.echo(f"wrote {write(reg, 'xlsx', output)}", err=True)
    sys.exit(0)
