#!/usr/bin/env bash
# Quick start command 1: set everything up, then run Phosphene's main job: the desktop app
# playing the demo concert from the bundled venue server. Without a display it runs the same
# flow on a virtual one (Xvfb) and writes a screenshot and a short recording to out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash scripts/setup.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/phosphene app --demo "$@"
fi
mkdir -p out
exec .venv/bin/phosphene app --demo --exit-after 15 --screenshot out/demo.png --record out/demo.mp4 "$@"
