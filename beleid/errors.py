"""Domain errors. The library raises these; CLI and API turn them into one-line
messages (CLI) or JSON ``{"error": ...}`` responses with a 4xx status (API)."""
from __future__ import annotations


class BeleidError(Exception):
    """Base class of every error the library raises on purpose."""

    http_status = 400

    def one_line(self) -> str:
        return " ".join(str(self).split())


class InputError(BeleidError):
    """A bad input file: names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotFoundError(BeleidError):
    http_status = 404


class ConfigError(BeleidError):
    """Wrong settings: unknown backend name, model mismatch, bad option."""


class MissingExtraError(BeleidError):
    """An optional dependency is not installed; the message names what to install."""

    http_status = 501

    def __init__(self, feature: str, install: str):
        super().__init__(f"{feature} needs an extra package: pip install {install}")


class IndexMismatchError(ConfigError):
    """The stored index was built with another embedding model or dimension."""


class UnknownBackendError(ConfigError):
    def __init__(self, kind: str, name: str, choices: list[str]):
        super().__init__(f"unknown {kind} '{name}'; choose one of: {', '.join(sorted(choices))}")


class StoreError(BeleidError):
    http_status = 500
