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

bash scripts/install-deps.sh run

packages=(wrk xapian-omega lighttpd gimp-help-de manpages-de man-db
          groff-base bsdextrautils time nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null \
            | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            SUDO=sudo
        else
            echo "bench: these Debian packages are missing: ${missing[*]}" >&2
            echo "bench: run bench/setup.sh as root, or install them with:" >&2
            echo "    sudo apt-get install ${missing[*]}" >&2
            exit 1
        fi
    else
        SUDO=
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "bench: benchmark packages present (${#packages[@]})"
fi

# The MiniSearch peer: exact versions from the lock file.
peer=bench/peers/minisearch
if [ ! -f "$peer/node_modules/minisearch/package.json" ] \
        || [ "$peer/package-lock.json" -nt "$peer/node_modules/.package-lock.json" ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "bench: installing the MiniSearch peer's packages (npm ci)"
        (cd "$peer" && npm ci --no-audit --no-fund --loglevel=error)
    else
        echo "bench: npm is missing; the MiniSearch peer will be left out" >&2
    fi
fi
