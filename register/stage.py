"""The ingest stage that extracts and stores the goal register of one document."""
from __future__ import annotations

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Document, Register

from .extract import extract_register
from .store import delete_rows, write_rows

# Reports and letters about plans (evaluations) are not plans: no register of their own.
SKIP_KINDS = {"evaluatie"}


class RegisterStage:
    name = "register"
    version = 4  # 2: written-out numbers, lead-paragraph hierarchy, target keeps its word
    # 3: goals across styles (result headings, prose goals, learned scorer), T from a results heading, A per programme chapter
    # 4: BBV budget tables, indicator columns, owner statements and outcomes (issue 13, part B)

    def prepare(self) -> None:
        """Load the Dutch spaCy pipeline (~3 s) before the first document needs it."""
        from nl.concepts import get_nlp

        get_nlp()

    def run(self, store: Store, settings: Settings, doc: Document) -> None:
        if doc.kind in SKIP_KINDS or doc.duplicate_of:
            reg = Register()
        else:
            reg = extract_register(doc.doc_id, store.blocks(doc.doc_id), store.tables(doc.doc_id), doc.programme)
        with store.transaction() as tx:
            delete_rows(tx, doc.doc_id)
            write_rows(tx, reg)
