"""The chat model is built in one place (beleid.llm) from the settings, for answers and the judge."""
from __future__ import annotations

import sys
import types

import pytest

from beleid.config import load_settings
from beleid.errors import MissingExtraError


@pytest.fixture
def recorded(monkeypatch):
    """init_chat_model replaced by a recorder; the provider packages present as empty modules."""
    import langchain.chat_models as chat_models

    calls: list[dict] = []

    def fake_init(model, *, model_provider=None, **kwargs):
        calls.append({"model": model, "model_provider": model_provider, **kwargs})
        return types.SimpleNamespace(invoke=lambda *a, **k: None, provider=model_provider)

    monkeypatch.setattr(chat_models, "init_chat_model", fake_init)
    for name in ("langchain_openai", "langchain_ollama"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    return calls


def _settings(tmp_path, monkeypatch, **env):
    for var in ("BELEID_LLM_URL", "BELEID_LLM_MODEL", "BELEID_LLM_PROVIDER", "BELEID_LLM_API_KEY", "OPENAI_API_KEY",
                "BELEID_GENERATOR"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return load_settings(tmp_path)


def test_judge_and_generator_honour_the_api_key(tmp_path, monkeypatch, recorded):
    from app.compose import judge
    from query.answer import get_generator

    settings = _settings(tmp_path, monkeypatch, BELEID_LLM_URL="http://127.0.0.1:9/v1", BELEID_LLM_MODEL="m1",
                         BELEID_LLM_PROVIDER="openai", BELEID_LLM_API_KEY="sk-beleid-test")
    assert settings.llm_api_key == "sk-beleid-test"
    assert "sk-beleid-test" not in repr(settings)  # secrets stay out of logs
    judge(settings)
    get_generator(settings, "langchain")
    assert len(recorded) == 2
    for call in recorded:  # the judge's copy used to drop the key
        assert call == {"model": "m1", "model_provider": "openai", "temperature": 0.0,
                        "base_url": "http://127.0.0.1:9/v1", "api_key": "sk-beleid-test"}


def test_openai_key_is_the_fallback_and_ollama_gets_no_key(tmp_path, monkeypatch, recorded):
    from beleid.llm import chat_model

    settings = _settings(tmp_path, monkeypatch, BELEID_LLM_MODEL="m2", OPENAI_API_KEY="sk-openai")
    chat_model(settings)
    assert recorded[-1]["api_key"] == "sk-openai" and recorded[-1]["model_provider"] == "openai"
    settings = _settings(tmp_path, monkeypatch, BELEID_LLM_MODEL="llama", BELEID_LLM_PROVIDER="ollama",
                         BELEID_LLM_URL="http://127.0.0.1:11434")
    chat_model(settings)
    assert recorded[-1] == {"model": "llama", "model_provider": "ollama", "temperature": 0.0,
                            "base_url": "http://127.0.0.1:11434"}


def test_no_model_no_chat_model(tmp_path, monkeypatch, recorded):
    from app.compose import judge

    assert judge(_settings(tmp_path, monkeypatch)) is None
    assert recorded == []


def test_missing_provider_package_names_the_extra(tmp_path, monkeypatch):
    from beleid.llm import chat_model

    for name in ("langchain_openai", "langchain_ollama"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    for provider in ("openai", "ollama"):
        settings = _settings(tmp_path, monkeypatch, BELEID_LLM_MODEL="m", BELEID_LLM_PROVIDER=provider)
        with pytest.raises(MissingExtraError, match=r"pip install 'beleidsgeheugen\[llm\]'"):
            chat_model(settings)
