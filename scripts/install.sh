#!/usr/bin/env bash
# Install goldlabel into ./.venv and build the web UI. Usage: scripts/install.sh [--dev]
# --dev adds the test tools (pytest, Playwright's Python driver, peer libraries for cross-checks)
# and Debian's chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [[ "${1:-}" == "--dev" ]]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "installing Debian's chromium for the browser tests"
    if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
scripts/build-frontend.sh
