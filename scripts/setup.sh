#!/usr/bin/env bash
# Set up Beleidsgeheugen on a fresh Debian machine with Python 3.11:
# system packages (Tesseract with Dutch, Chromium for the browser tests),
# a virtual environment in .venv, and the package with pinned CPU PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/nld.traineddata >/dev/null 2>&1 || need_apt+=(tesseract-ocr-nld)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing system packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
echo "==> installing Python packages (CPU PyTorch 2.13.0 first, so nothing pulls CUDA builds)"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -e ".[test,eval]"
echo "==> setup done"
