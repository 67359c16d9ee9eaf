#!/usr/bin/env bash
# Idempotent setup for Phosphene on Debian 12: system packages (when root) and the .venv.
#
#   scripts/setup.sh          what the app needs
#   scripts/setup.sh --test   also what the test suite needs (PostgreSQL server, test extras)
#
# Safe to run again and again: it installs only what is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Mesa EGL/llvmpipe for headless GL, the X/Qt libraries for PySide6 and Xvfb,
# PortAudio (sounddevice) and JACK's dummy backend as a paced audio device (jackd2 also
# brings jack_connect: `phosphene bench app` loops a click back into the live input through it).
apt_pkgs=(
  libegl1 libgl1 libgl1-mesa-dri
  libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1
  xvfb xauth
  libportaudio2 jackd2
)
if [ "$want_test" = 1 ]; then
  apt_pkgs+=(postgresql)
fi
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt_pkgs+=(python3-venv)
fi

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages; run as root:"
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
fi

# The virtual environment, always at .venv in the repository root.
py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$py" -m venv .venv
fi

extras="."
[ "$want_test" = 1 ] && extras=".[test]"

# Reinstall only when the project metadata or the constraints changed.
stamp=".venv/.phosphene-setup-$want_test"
digest="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "setup: installing Python dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e "$extras"
  echo "$digest" >"$stamp"
fi
