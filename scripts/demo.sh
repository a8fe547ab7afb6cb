#!/usr/bin/env bash
# Quick start, command 1: set everything up and run the demo on the bundled corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
B=.venv/bin/beleid
run() { echo; echo "\$ beleid $*"; "$B" "$@"; }

run ingest corpus/ || true          # exit 1 would mean a file failed; the summary says which
run documents
run search "Welke doelen had het programma Duurzaamheid voor 2022?" -k 3
run ask "Wat adviseerde Verwey-Jonker over preventie?"
if "$B" register --help >/dev/null 2>&1; then run register --doc 2019-programmacontract-duurzaamheid; fi
if "$B" recommendations --help >/dev/null 2>&1; then run recommendations --doc 2018-raadsbrief-evaluatie-transformatie-sociaal-domein; fi
if "$B" check --help >/dev/null 2>&1; then run check 2019-programmacontract-zorg --against 2018-raadsbrief-evaluatie-transformatie-sociaal-domein; fi
if "$B" findings --help >/dev/null 2>&1; then run findings --recurring; fi
echo
echo "Demo done. Start the web app with:  .venv/bin/beleid serve   (then open http://127.0.0.1:8000)"
