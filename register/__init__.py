"""The goal register: goals, indicators, budgets and owners with SMART and evaluation flags.

Everything is extracted from the stored blocks and tables of one document
(:func:`register.extract.extract_register`), written by the ingest stage
(:class:`register.stage.RegisterStage`) and read back by ``beleid register``.
Each kind of field has its own small module of Dutch policy-language rules:

* ``amounts``    Dutch numbers and euro amounts ("1.000", "2,1", "1,75 miljoen", "x € 1.000")
* ``numberwords`` numbers written in words ("alle vijf", "een derde van", "één op de vijf") as digits
* ``segment``    sentences and inline list markers ("I", "a)", "1.", "•") in re-typeset text
* ``goals``      goal lists, levels (hoofdopgave / strategisch / operationeel) and hierarchy
* ``indicators`` indicator tables and "Indicator 2: ..." sentences
* ``budgets``    budget tables (also tables flattened into text) and budget sentences
* ``owners``     bestuurlijk / ambtelijk opdrachtgever, programmamanager, portefeuillehouder
* ``linking``    indicators and budgets to goals (lemma overlap, matching numbers)
* ``smart``      S, M, A, R, T and evaluation flags with Dutch reasons
"""
from __future__ import annotations

__all__ = ["Register", "extract_register"]


def __getattr__(name):  # lazy, so importing a rule module does not load the whole register
    if name in __all__:
        from . import extract

        return getattr(extract, name)
    raise AttributeError(name)
