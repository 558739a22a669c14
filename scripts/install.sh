#!/usr/bin/env bash
# Install goldlabel into ./.venv and build the web UI. Usage: scripts/install.sh [--dev]
# --dev adds the test tools (pytest, Playwright's Python driver, peer libraries for cross-checks)
# and Debian's chromium for the browser tests.
# Steps whose inputs did not change since they last ran are skipped (a stamp of their inputs'
# hash is kept in .venv), so a second start does not reinstall or rebuild anything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stamps.sh

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
mode=$([[ "${1:-}" == "--dev" ]] && echo dev || echo run)
inputs=$(hash_of pyproject.toml)
# A dev install holds everything a plain one does.
if stamp_matches "pip-$mode" "$inputs" || { [[ $mode == run ]] && stamp_matches pip-dev "$inputs"; }; then
  echo "python packages: up to date"
else
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [[ $mode == dev ]]; then
    .venv/bin/python -m pip install --quiet -e ".[dev]"
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  write_stamp "pip-$mode" "$inputs"
fi
if [[ $mode == dev && ! -x /usr/bin/chromium ]]; then
  echo "installing Debian's chromium for the browser tests"
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
scripts/build-frontend.sh
