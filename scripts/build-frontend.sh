#!/usr/bin/env bash
# Build the web UI into src/goldlabel/static/ (served by the Python server).
# npm ci installs exactly package-lock.json; the API types are regenerated from the server's
# OpenAPI document (needs the goldlabel package importable by the venv's python or
# $GOLDLABEL_PYTHON) before the type check and the Vite build. Each step is skipped when its
# inputs are unchanged since it last ran (the build's inputs include the Python sources, which
# define the API the types are generated from); --force runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stamps.sh
[[ "${1:-}" == "--force" ]] && FORCE=1 || FORCE=0

deps=$(hash_of frontend/package-lock.json)
if [[ $FORCE == 0 && -d frontend/node_modules ]] && stamp_matches npm "$deps"; then
  echo "web UI packages: up to date"
else
  (cd frontend && npm ci --no-audit --no-fund)
  write_stamp npm "$deps"
fi
sources=$(hash_of frontend/package-lock.json frontend/index.html frontend/vite.config.ts \
  frontend/tsconfig.json frontend/scripts frontend/src src/goldlabel --exclude-generated)
if [[ $FORCE == 0 && -f src/goldlabel/static/index.html ]] && stamp_matches build "$sources"; then
  echo "web UI build: up to date"
else
  (cd frontend && npm run build)
  write_stamp build "$sources"
fi
