#!/usr/bin/env bash
# Install what the performance benchmark (bench/perf.py) needs, from Debian
# 12 packages, if anything is missing; then the MiniSearch peer's npm
# packages (pinned by bench/peers/minisearch/package-lock.json).
# Usage: bench/setup.sh
#
#   wrk            the HTTP load generator
#   xapian-omega   omindex (the indexing peer) and the Omega CGI (a peer)
#   lighttpd       runs Omega as CGI so that wrk can reach it over HTTP
#   gimp-help-de   the German GIMP manual, HTML (corpus)
#   manpages-de    the German man pages (corpus), rendered with man-db/groff
#   time           /usr/bin/time -v: wall time and peak RSS of the indexers
#   nodejs         runs the MiniSearch peer (npm comes with Debian's npm)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh bench
