#!/usr/bin/env bash
# Set up everything on a fresh Debian 12 machine, build kisearch, index the
# demo corpus (data/sample/) and serve it on 127.0.0.1:8080.
# Usage: scripts/demo.sh [HOST:PORT]     (stop with Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."

listen=${1:-127.0.0.1:8080}
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh run
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DKS_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j "$jobs"

# A fresh index each time, so the demo shows exactly data/sample/.
rm -rf var/demo-index
mkdir -p var
build/release/indexer/kisearch-index --config config/kisearch.conf \
    --db var/demo-index data/sample

port=${listen##*:}
host=${listen%:*}
cat <<MSG

kisearch serves data/sample/ on http://$listen/ — open it in a browser
for the search page (http://$listen/widget.html: the box for other sites),
or try the API:

    curl 'http://$host:$port/search?q=Griffbereit&limit=3'
    curl 'http://$host:$port/suggest?q=griff'
    curl 'http://$host:$port/health'
    curl 'http://$host:$port/documents/zentren/krefeld.txt'

Stop it with Ctrl-C.
MSG
exec build/release/server/kisearchd --config config/kisearch.conf \
    --db var/demo-index --listen "$listen"
