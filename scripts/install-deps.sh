#!/usr/bin/env bash
# Install what kisearch needs from Debian 12 packages, if anything is
# missing. Usage: scripts/install-deps.sh [run|test|bench]
#   run   what building and serving needs
#   test  that, plus what the test suite needs (cmocka, clang-format,
#         xapian-tools, Chromium and Node.js for the browser tests, and the
#         browser tests' npm packages, pinned in tests/browser/package-lock.json)
#   bench that, plus what bench/run.sh perf needs: wrk, the peers (Omega's
#         omindex and CGI behind lighttpd; MiniSearch from npm, pinned in
#         bench/peers/minisearch/package-lock.json), the corpora
#         (gimp-help-de, manpages-de rendered by man-db/groff) and time
set -euo pipefail

want=${1:-run}
packages=(build-essential cmake pkg-config
          libxapian-dev libevent-dev libjansson-dev libinih-dev
          libxml2-dev libcmark-dev libutf8proc-dev wngerman curl)
if [ "$want" = test ]; then
    packages+=(libcmocka-dev python3 clang-format xapian-tools chromium
              fonts-dejavu-core)
elif [ "$want" = bench ]; then
    packages+=(python3 wrk xapian-omega lighttpd gimp-help-de manpages-de
              man-db groff-base bsdextrautils time)
fi
# Node.js: the machine's own when it has one, else Debian's.
if [ "$want" != run ] \
        && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# The browser tests drive Debian's Chromium with playwright-core from npm
# (never a browser download). Installed into tests/browser/node_modules.
npm_packages() {
    local root dir module
    root="$(cd "$(dirname "$0")/.." && pwd)"
    case "$want" in
        test) dir=$root/tests/browser module=playwright-core ;;
        bench) dir=$root/bench/peers/minisearch module=minisearch ;;
        *) return 0 ;;
    esac
    if [ -f "$dir/node_modules/$module/package.json" ] \
            && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        return 0
    fi
    echo "kisearch: installing the npm packages of $dir (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

if [ ${#missing[@]} -eq 0 ]; then
    echo "kisearch: all packages present (${#packages[@]})"
    npm_packages
    exit 0
fi

echo "kisearch: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        echo "kisearch: these Debian packages are missing: ${missing[*]}" >&2
        echo "kisearch: run this script as root, or install them with:" >&2
        echo "    sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_packages
