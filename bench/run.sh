#!/usr/bin/env bash
# Run the benchmarks: builds a release build, then measures what the German
# analysis costs (indexing with it against the plain baseline, queries with
# typo tolerance and prefixes on against off) and writes bench/results/.
# Usage: bench/run.sh [COPIES] [ROUNDS]
#        bench/run.sh perf [--sizes 1769,100k[,1m]] [--duration S] ...
#   perf: kisearch against omindex, Omega and MiniSearch, indexing and
#   serving, in one run (bench/perf.py --help; bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = perf ]; then
    shift
    exec python3 bench/perf.py "$@"
fi

copies=${1:-30}
rounds=${2:-5}
bash scripts/install-deps.sh run
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DKS_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" \
    --target bench_analysis >/dev/null
mkdir -p bench/results
build/release/bench/bench_analysis -s data/sample \
    -q tests/relevance/queries.tsv -c config/kisearch.conf \
    -n "$copies" -r "$rounds" -j bench/results/analysis.json
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" \
    --target kisearchd kisearch-index >/dev/null
python3 bench/bench_writes.py --build build/release \
    --json bench/results/writes.json
