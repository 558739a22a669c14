#!/usr/bin/env bash
# Build the web UI into src/goldlabel/static/ (served by the Python server).
# Idempotent: npm ci installs exactly package-lock.json; the API types are regenerated from the
# server's OpenAPI document (needs the goldlabel package importable by the venv's python or
# $GOLDLABEL_PYTHON) before the type check and the Vite build.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
npm ci --no-audit --no-fund
npm run build
