#!/usr/bin/env bash
# Quick start command 2: set everything up, then run the whole test suite.
# Installs system packages (as root) and .venv as needed; starts Xvfb for the Qt tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash scripts/setup.sh --test

xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  display=":$(( 90 + RANDOM % 400 ))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  export DISPLAY="$display"
fi
export QT_XCB_GL_INTEGRATION=xcb_egl

.venv/bin/python -m pytest "$@"
