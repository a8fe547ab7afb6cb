"""The one place a LangChain chat model is built (answers and the plan-check judge).

``chat_model(settings)`` honours ``llm_provider``, ``llm_url``, ``llm_model`` and
``llm_api_key`` (env ``BELEID_LLM_PROVIDER``, ``BELEID_LLM_URL``, ``BELEID_LLM_MODEL``,
``BELEID_LLM_API_KEY``) and builds the model with LangChain's ``init_chat_model``.
A provider package that is not installed raises :class:`MissingExtraError`
naming what to install.
"""
from __future__ import annotations

from typing import Any

from .config import Settings
from .errors import ConfigError, MissingExtraError, UnknownBackendError

PROVIDERS = {"openai": "langchain_openai", "ollama": "langchain_ollama"}
FEATURE = {"openai": "the LLM (OpenAI-compatible)", "ollama": "the LLM (Ollama)"}


def build_chat_model(provider: str, model: str | None, url: str | None = None, api_key: str | None = None,
                     temperature: float = 0.0) -> Any:
    if not model:
        raise ConfigError("an LLM needs a model name (--llm-model or BELEID_LLM_MODEL)")
    if provider not in PROVIDERS:
        raise UnknownBackendError("LLM provider", provider, list(PROVIDERS))
    try:
        __import__(PROVIDERS[provider])
    except ImportError as exc:
        raise MissingExtraError(FEATURE[provider], "'beleidsgeheugen[llm]'") from exc
    from langchain.chat_models import init_chat_model

    kwargs: dict[str, Any] = {"temperature": temperature}
    if url:
        kwargs["base_url"] = url
    if provider == "openai":
        kwargs["api_key"] = api_key or "not-needed"  # local OpenAI-compatible servers need no key
    return init_chat_model(model, model_provider=provider, **kwargs)


def chat_model(settings: Settings, temperature: float = 0.0) -> Any:
    """The configured chat model, or None when no ``llm_model`` is set."""
    if not settings.llm_model:
        return None
    return build_chat_model(settings.llm_provider, settings.llm_model, settings.llm_url, settings.llm_api_key,
                            temperature)
