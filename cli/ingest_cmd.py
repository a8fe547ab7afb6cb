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
                       f"{r.deleted} removed, {r.unchanged} unchanged in {r.seconds:.1f}s "
                       f"(embedding {r.embed_seconds:.1f}s)")
    sys.exit(1 if report.failed else 0)


@main.command()
@json_option
@data_dir_option
def documents(as_json, settings):
    """List the ingested documents with their metadata.

    \b
    Examples:
      beleid documents
      beleid documents --json | jq '.[] | select(.kind == "evaluatie")'
    """
    from app.documents import documents as list_documents

    rows = list_documents(settings)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No documents yet. Start with: beleid ingest corpus/")
        return
    click.echo(table([[r["doc_id"], r["kind"], r["date"], r["programme"], r["pages"], r["ocr_pages"], r["chunks"],
                       r["duplicate_of"] or ""] for r in rows],
                     ["doc_id", "kind", "date", "programme", "pages", "ocr", "chunks", "duplicate of"], max_width=48))


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
