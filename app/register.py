"""Use case: the goal register, optionally of one document or programme, with the one flag filter."""
from __future__ import annotations

from beleid.config import Settings
from beleid.store import Store
from beleid.types import Register, RegisterFlag

from . import compose


def load_register(settings: Settings, programme: str | None = None, doc_id: str | None = None,
                  flag: RegisterFlag | str | None = None, store: Store | None = None) -> Register:
    """The stored register; with ``flag`` only the goals that fail it (and their indicators).
    An unknown ``doc_id`` is a one-line NotFoundError."""
    from register.store import load

    store = store or compose.open_store(settings)
    if doc_id:
        store.get_document(doc_id)
    flag = RegisterFlag.parse(flag) if isinstance(flag, str) or flag is None else flag
    return load(store, doc_id=doc_id or None, programme=programme or None).failing(flag)


def register_json(reg: Register) -> dict:
    """The JSON shape of ``beleid register --json`` and ``GET /api/register``."""
    from register.export import to_json

    return to_json(reg)


def export(reg: Register, fmt: str, path=None):
    """Write ``reg`` as json (returns the text), csv (returns the files) or xlsx (returns the file)."""
    from register.export import write_csv, write_json, write_xlsx

    if fmt == "json":
        return write_json(reg, path)
    if fmt == "csv":
        return write_csv(reg, path)
    return write_xlsx(reg, path)


def sheets(reg: Register):
    from register.export import sheets as make

    return make(reg)
