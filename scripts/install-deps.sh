#!/usr/bin/env bash
# Install what kisearch needs from Debian 12 packages, if anything is
# missing. Usage: scripts/install-deps.sh [run|test]
#   run   what building and serving needs
#   test  that, plus what the test suite needs (cmocka, clang-format)
set -euo pipefail

want=${1:-run}
packages=(build-essential cmake pkg-config
          libxapian-dev libevent-dev libjansson-dev libinih-dev
          libxml2-dev libcmark-dev libutf8proc-dev wngerman curl)
if [ "$want" = test ]; then
    packages+=(libcmocka-dev python3 clang-format xapian-tools)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "kisearch: all packages present (${#packages[@]})"
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
