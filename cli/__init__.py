"""The ``beleid`` command line.

A face: every module ``cli/*_cmd.py`` parses the options of its commands, calls a
use case of the application layer (:mod:`app`) and renders the result.
Domain errors become one-line messages on stderr (exit 1), usage errors exit 2.
Run it as ``beleid ...`` (the console script) or ``python -m cli ...``.
"""
from __future__ import annotations

import importlib
import pkgutil

import click

from .common import BeleidGroup


@click.group(cls=BeleidGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="beleidsgeheugen")
def main() -> None:
    """Beleidsgeheugen: search, question and check a municipality's policy documents.

    \b
    Examples:
      beleid ingest corpus/
      beleid documents
      beleid search "Welke doelen had het programma Duurzaamheid voor 2022?"
      beleid ask "Wat adviseerde Verwey-Jonker over preventie?"
    """


def _load_commands() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name.endswith("_cmd"):
            importlib.import_module(f"{__name__}.{info.name}")


_load_commands()


def run() -> None:
    """Console-script entry point; BeleidGroup turns domain errors into one line."""
    main(standalone_mode=True)
