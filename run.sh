#!/usr/bin/env bash
# Quick start command 1: set everything up, then run Phosphene's main job.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash scripts/setup.sh
exec .venv/bin/phosphene check assets/presets "$@"
