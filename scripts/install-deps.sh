#!/usr/bin/env bash
# Install what kisearch needs from Debian 12 packages, if anything is
# missing. Usage: scripts/install-deps.sh [run|test]
#   run   what building and serving needs
#   test  that, plus what the test suite needs (cmocka, clang-format,
#         xapian-tools, Chromium and Node.js for the browser tests, and the
#         browser tests' npm packages, pinned in tests/browser/package-lock.json)
set -euo pipefail

want=${1:-run}
packages=(build-essential cmake pkg-config
          libxapian-dev libevent-dev libjansson-dev libinih-dev
          libxml2-dev libcmark-dev libutf8proc-dev wngerman curl)
if [ "$want" = test ]; then
    packages+=(libcmocka-dev python3 clang-format xapian-tools chromium
              fonts-dejavu-core)
    # Node.js: the machine's own when it has one, else Debian's.
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        packages+=(nodejs npm)
    fi
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
    [ "$want" = test ] || return 0
    local dir
    dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
    if [ -d "$dir/node_modules/playwright-core" ]; then
        return 0
    fi
    echo "kisearch: installing the browser tests' npm packages"
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
