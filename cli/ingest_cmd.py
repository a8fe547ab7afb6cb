"""``beleid ingest``, ``beleid documents`` and ``beleid show``."""
from __future__ import annotations

import sys

import click

from . import main
from .common import data_dir_option, echo_json, json_option, progress_enabled, table


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--no-index", is_flag=True, help="Store documents only; skip updating the search indexes.")
@json_option
@data_dir_option
def ingest(paths, no_index, as_json, settings):
    """Ingest PDF files or folders (recursively) into the data dir.

    Text, tables and structure are read with pymupdf; pages without a usable
    text layer are OCR'd with Tesseract (Dutch). Unchanged files are skipped,
    changed files replace their old version. Exit code: 0 all ingested,
    1 some failed, 2 wrong usage.

    \b
    Examples:
      beleid ingest corpus/
      beleid ingest nieuw-plan.pdf --data-dir /srv/beleid
      beleid ingest corpus/ --json > ingest-report.json
    """
    from app.ingest import ingest as run_ingest

    show = progress_enabled() and not as_json
    bar = None

    def on_file(path, i, n):
        nonlocal bar
        if show:
            from tqdm import tqdm

            if bar is not None:
                bar.close()
            bar = tqdm(total=0, desc=f"[{i + 1}/{n}] {path.name[:40]}", unit="p", file=sys.stderr, leave=False)

    def on_page(done, total):
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    def on_result(r):
        if r.status == "failed":
            click.echo(f"FAILED {r.path}: {r.reason}", err=True)
        elif r.status == "skipped":
            click.echo(f"skipped {r.path}: {r.reason}", err=True)
        elif not as_json and r.status == "unchanged":
            click.echo(f"unchanged {r.doc_id}: {r.pages} pages, {r.chunks} chunks stored ({r.reason})", err=show)
        elif not as_json:
            extra = f" ({r.reason})" if r.reason else ""
            click.echo(f"{r.status:9} {r.doc_id}: {r.pages} pages, {r.ocr_pages} OCR, {r.tables} tables, "
                       f"{r.chunks} chunks, {r.seconds:.1f}s{extra}", err=show)

    outcome = run_ingest(paths, settings, index=not no_index, progress=show, on_file=on_file, on_page=on_page,
                         on_result=on_result, on_indexing=lambda: bar.close() if bar is not None else None)
    if bar is not None:
        bar.close()  # closing twice is harmless
    report, index_report = outcome.report, outcome.index
    totals = report.totals()
    if as_json:
        echo_json(outcome.to_json())
    else:
        click.echo(
            f"\n{totals['files']} files: {totals['ingested']} ingested, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged, {totals['skipped']} skipped, {totals['failed']} failed; "
            f"{totals['pages']} pages ({totals['ocr_pages']} OCR), {totals['tables']} tables, "
            f"{totals['chunks']} chunks in {totals['seconds']:.1f}s")
        if index_report is not None:
            r = index_report
            click.echo(f"index ({r.backend}, model {r.model}): {r.chunks} chunks, {r.added} added, "
                       f"{r.replaced} replaced, {r.deleted} removed, {r.unchanged} unchanged in {r.seconds:.1f}s "
                       f"(embedding {r.embed_seconds:.1f}s)")
    for line in outcome.warnings:
        click.echo(f"warning: {line}", err=True)
    sys.exit(1 if report.failed else 0)


@main.group(invoke_without_command=True)
@json_option
@data_dir_option
@click.pass_context
def documents(ctx, as_json, settings):
    """List the ingested documents with their metadata; correct or delete one.

    The "no text" column lists pages stored without text (blank pages, images
    OCR found nothing in); `--json` gives the reason per page.

    \b
    Examples:
      beleid documents
      beleid documents --json | jq '.[] | select(.kind == "evaluatie")'
      beleid documents set 16_overijssel_nota --kind nota --date 2023-07-17
      beleid documents delete good-3fa9c1 --yes
    """
    if ctx.invoked_subcommand is not None:
        return
    from app.documents import documents as list_documents

    rows = list_documents(settings)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No documents yet. Start with: beleid ingest corpus/")
        return
    click.echo(table([[r["doc_id"], r["kind"], r["date"], r["programme"], r["pages"], r["ocr_pages"],
                       _page_list(r["empty_pages"]), r["chunks"], r["duplicate_of"] or ""] for r in rows],
                     ["doc_id", "kind", "date", "programme", "pages", "ocr", "no text", "chunks", "duplicate of"],
                     max_width=64))


def _page_list(pages: dict) -> str:
    return ",".join(str(n) for n in sorted(pages)) if pages else ""


@documents.command("set")
@click.argument("doc_id")
@click.option("--kind", default=None, help="e.g. raadsvoorstel, statenvoorstel, nota, raadsbrief, evaluatie, begroting.")
@click.option("--date", default=None, help="YYYY-MM-DD, YYYY-MM, YYYY or '5 maart 2024'.")
@click.option("--title", default=None)
@click.option("--author", default=None, help="The issuing body, e.g. 'Gemeente Wassenaar'.")
@click.option("--programme", default=None)
@click.option("--clear", "clear", multiple=True, type=click.Choice(["kind", "date", "title", "author", "programme"]),
              help="Empty a field (repeatable).")
@json_option
@data_dir_option
def documents_set(doc_id, kind, date, title, author, programme, clear, as_json, settings):
    """Correct a document's metadata; the correction survives re-ingesting the file.

    \b
    Examples:
      beleid documents set 2019-programmacontract-zorg --programme Zorg
      beleid documents set brief-2023 --kind raadsbrief --date "3 maart 2023" --author "College van B&W"
    """
    from app.documents import correct, document_row

    fields = {k: v for k, v in {"kind": kind, "date": date, "title": title, "author": author,
                                "programme": programme}.items() if v is not None}
    fields.update({k: None for k in clear})
    if not fields:
        raise click.UsageError("give at least one of --kind, --date, --title, --author, --programme, --clear")
    doc = correct(settings, doc_id, fields)
    row = document_row(doc, {})
    if as_json:
        echo_json(row)
        return
    click.echo(f"corrected {doc.doc_id}: " + ", ".join(f"{k} = {row[k]!r}" for k in fields))


@documents.command("delete")
@click.argument("doc_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@data_dir_option
def documents_delete(doc_id, yes, as_json, settings):
    """Delete a document, everything derived from it, and its passages in the indexes.

    \b
    Example:
      beleid documents delete good-3fa9c1 --yes
    """
    from app.documents import delete

    if not yes and not as_json:
        click.confirm(f"Delete '{doc_id}' and everything extracted from it?", abort=True)
    doc, synced = delete(settings, doc_id)
    if as_json:
        echo_json({"deleted": doc.doc_id, "index": synced.to_json() if synced is not None else None})
        return
    extra = f"; index: {synced.deleted} passages removed" if synced is not None else ""
    click.echo(f"deleted {doc.doc_id} ({doc.title}){extra}")


@main.command()
@click.argument("doc_id")
@click.option("--page", "-p", "page_no", type=int, default=None, help="1-based page number (default: all pages).")
@json_option
@data_dir_option
def show(doc_id, page_no, as_json, settings):
    """Print the cleaned text of a document's page (or of all its pages).

    \b
    Examples:
      beleid show 2019-programmacontract-duurzaamheid --page 7
      beleid show 2019-programmacontract-zorg-scan -p 2 --json
    """
    from app.documents import page_json, pages as read_pages

    doc, pages = read_pages(settings, doc_id, page_no)
    if as_json:
        echo_json([page_json(p) for p in pages])
        return
    for p in pages:
        click.echo(f"=== {doc.title} ({doc_id}), page {p.number}/{doc.pages}{' [OCR]' if p.ocr else ''} ===")
        click.echo(p.text)
        click.echo()
