#!/usr/bin/env bash
# Run the benchmarks (install first with scripts/install.sh --dev). Results print as markdown
# tables; docs/BENCHMARKS.md keeps the figures with the machine they ran on.
# Usage: scripts/bench.sh [--quick]   (--quick: small sizes, a smoke run of every benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
for bench in agreement aggregation geometry scoring quality_service server honeypots ui labelstudio_migration formats team dashboard workshop; do
  echo "== bench/bench_${bench}.py $*"
  python "bench/bench_${bench}.py" "$@"
done
