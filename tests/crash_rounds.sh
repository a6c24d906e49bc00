#!/bin/sh
# Run the indexer crash test for many rounds (default 50), against the
# normal build: tests/crash_rounds.sh [ROUNDS]
set -e
cd "$(dirname "$0")/e2e"
KS_CRASH_ROUNDS=${1:-50} \
KISEARCHD=${KISEARCHD:-../../build/release/server/kisearchd} \
KISEARCH_INDEX=${KISEARCH_INDEX:-../../build/release/indexer/kisearch-index} \
    python3 -m unittest -v test_crash
