"""Small hand-made stores for unit tests (no PDFs, no model)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from beleid.config import Settings, load_settings
from beleid.store import Store
from beleid.types import Chunk, Document

SAMPLE: dict[str, dict] = {
    "2019-programmacontract-zorg": {
        "title": "Programmacontract Zorg 2019-2022", "kind": "programmacontract", "date": "2019-05-21",
        "programme": "Zorg", "author": "Gemeente Almelo",
        "chunks": [
            (("Doelen",), "In 2022 maken maximaal 350 unieke personen gebruik van de maatschappelijke opvang."),
            (("Financien",), "In 2019 en 2020 is voor innovaties een bedrag van 1,75 miljoen euro per jaar beschikbaar."),
            (("Jeugd",), "De wachttijden in de jeugdhulp moeten korter. Wijkteams zetten maatwerkvoorzieningen in."),
        ],
    },
    "2019-programmacontract-zorg-scan": {
        "title": "Programmacontract Zorg 2019-2022", "kind": "programmacontract", "date": "2019-05-21",
        "programme": "Zorg", "author": "Gemeente Almelo", "duplicate_of": "2019-programmacontract-zorg",
        "chunks": [
            (("Doelen",), "In 2022 maken maximaal 350 unieke personen gebruik van de maatschappelijke opvang."),
            (("Financien",), "In 2019 en 2020 is voor innovaties een bedrag van 1,75 miljoen euro per jaar beschikbaar"),
            (("Jeugd",), "De wachttijden in de jeugd hulp moeten korter. Wijkteams zetten maatwerk voorzieningen in."),
        ],
    },
    "2019-programmacontract-duurzaamheid": {
        "title": "Programmacontract Duurzaamheid", "kind": "programmacontract", "date": "2019-05-21",
        "programme": "Duurzaamheid", "author": "Gemeente Almelo",
        "chunks": [
            (("Doelen",), "Eind 2022 is 20% van het totale energiegebruik in Almelo duurzaam opgewekt."),
            (("Warmte",), "Uiterlijk in 2021 is per wijk uitgewerkt welke warmtevoorziening het aardgas vervangt."),
            (("Risico's",), "Het vervangen van verharding door groen leidt tot een tekort op het onderhoudsbudget."),
        ],
    },
    "2018-verwey-jonker-transformatie-sociaal-domein": {
        "title": "Transformatie binnen het sociaal domein", "kind": "evaluatie", "date": "2018-04-01",
        "programme": "Sociaal domein", "author": "Verwey-Jonker Instituut",
        "chunks": [
            (("Aanbevelingen",), "Zet meer in op preventie: versterk algemene voorzieningen in de wijk zodat "
                                 "problemen eerder worden gesignaleerd."),
            (("Inkoop",), "Almelo heeft besloten alle zorg zelf lokaal in te kopen bij veel verschillende aanbieders."),
        ],
    },
}


def make_store(data_dir: Path, sample: dict[str, dict] | None = None, **settings_overrides
               ) -> tuple[Settings, Store]:
    """A store with the documents of ``sample`` (default :data:`SAMPLE`), one
    chunk per entry on consecutive pages; settings use the fake embedder."""
    settings_overrides.setdefault("model", "fake")
    settings = load_settings(data_dir, **settings_overrides)
    store = Store(settings.db_path)
    for doc_id, spec in (sample or SAMPLE).items():
        write_document(store, doc_id, spec)
    return settings, store


def write_document(store: Store, doc_id: str, spec: dict) -> None:
    chunks = [Chunk(f"{doc_id}:{i}", doc_id, i, i + 1, i + 1, section, text)
              for i, (section, text) in enumerate(spec["chunks"])]
    doc = Document(doc_id=doc_id, path=f"{doc_id}.pdf", sha256=doc_id, title=spec["title"],
                   kind=spec["kind"], date=spec.get("date"), author=spec.get("author"),
                   programme=spec.get("programme"), pages=len(chunks),
                   duplicate_of=spec.get("duplicate_of"))
    store.save_document(doc, [], chunks)


def with_text(spec: dict, index: int, text: str) -> dict:
    chunks = list(spec["chunks"])
    chunks[index] = (chunks[index][0], text)
    return {**spec, "chunks": chunks}


__all__ = ["SAMPLE", "make_store", "write_document", "with_text", "replace"]
