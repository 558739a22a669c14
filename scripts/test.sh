#!/usr/bin/env bash
# Install everything and run the whole test suite: lint, Python tests (API on SQLite and, when
# reachable, PostgreSQL; quality engine; browser tests in Debian's chromium), web UI unit tests,
# the type checker (mypy) and ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --dev
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"
ruff check .
ruff format --check src tests bench
echo "== mypy (strict on controls, quality and services)"
mypy
echo "== web UI unit tests (vitest)"
(cd frontend && npx vitest run)
echo "== python tests"
pytest -q -p no:cacheprovider -n auto "$@"
