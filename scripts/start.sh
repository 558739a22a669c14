#!/usr/bin/env bash
# Install goldlabel and start it with a demo project on the embedded default
# (SQLite file + local media folder in ./goldlabel-data). Extra arguments go to `goldlabel start`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/goldlabel start --data-dir "${GOLDLABEL_DATA_DIR:-goldlabel-data}" "$@"
