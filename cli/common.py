"""Shared CLI plumbing: options, settings, JSON output, error handling."""
from __future__ import annotations

import functools
import json
import sys
from typing import Any, Callable

import click

from beleid.config import load_settings
from beleid.errors import BeleidError


class BeleidGroup(click.Group):
    """Turns domain errors into one-line messages (exit 1), never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BeleidError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def data_dir_option(fn: Callable) -> Callable:
    """Adds ``--data-dir`` (env BELEID_DATA_DIR, default ./.beleid) and passes ``settings``."""

    @click.option("--data-dir", type=click.Path(file_okay=False), default=None,
                  help="Where Beleidsgeheugen stores everything (env BELEID_DATA_DIR; default ./.beleid).")
    @functools.wraps(fn)
    def wrapper(*args, data_dir: str | None = None, **kwargs):
        kwargs["settings"] = load_settings(data_dir)
        return fn(*args, **kwargs)

    return wrapper


def json_option(fn: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")(fn)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def table(rows: list[list[Any]], headers: list[str], max_width: int = 60) -> str:
    """A plain aligned text table for people (no colour, safe in pipes)."""

    def cell(v: Any) -> str:
        s = "" if v is None else str(v)
        s = " ".join(s.split())
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    data = [[cell(h) for h in headers]] + [[cell(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in data) for i in range(len(headers))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in data]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def progress_enabled() -> bool:
    return sys.stderr.isatty()
