#!/usr/bin/env bash
# Quick start, command 2: check the import rules (lint-imports, contracts in
# pyproject.toml), then run the whole test suite (unit, integration on the real
# corpus with the real bundled model, API and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
