#!/usr/bin/env bash
# Sets up on first run, then starts the HTTP service on the bundled standards and rules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/ncaudit serve "$@"
