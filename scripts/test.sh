#!/usr/bin/env bash
# Set up everything on a fresh Debian 12 machine, build kisearch and run the
# whole test suite twice: in a normal build and under AddressSanitizer and
# UndefinedBehaviorSanitizer. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
started=$(date +%s)

bash scripts/install-deps.sh test
# Everything is installed now: a browser test that cannot run fails.
export KS_REQUIRE_BROWSER=1

echo "== normal build"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKS_BUILD_TESTS=ON >/dev/null
cmake --build build/release -j "$jobs"
ctest --test-dir build/release --output-on-failure -j "$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DKS_SANITIZE=ON -DKS_BUILD_TESTS=ON >/dev/null
cmake --build build/asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j "$jobs"

echo "kisearch: all tests passed in both builds in $(( $(date +%s) - started )) s"
