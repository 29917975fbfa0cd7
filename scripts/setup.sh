#!/usr/bin/env bash
# Creates .venv with Python 3.11 or 3.12 and installs ncaudit with its test tools. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
pick_python() {
  for p in python3.11 python3.12 python3 python; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(0 if (3,11) <= sys.version_info[:2] < (3,13) else 1)' 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "ncaudit needs Python 3.11 or 3.12 (durable-rules does not build on 3.13)" >&2
  return 1
}
if [ ! -x .venv/bin/python ]; then
  "$(pick_python)" -m venv .venv
fi
# the browser tests drive Debian's Chromium (Playwright's own browser builds are never downloaded)
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "setup: could not install chromium with apt-get; the browser tests will fail" >&2
fi
# the store's tests also run on a real PostgreSQL server, which tests/pgserver.py starts in a temporary folder
# (Debian's server binaries; no cluster of the package is used)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
    || echo "setup: could not install postgresql with apt-get; the store's tests run on SQLite only" >&2
fi
stamp=.venv/.ncaudit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  touch "$stamp"
fi
# bytecode for the project's own modules: an editable install never writes it, and where
# PYTHONDONTWRITEBYTECODE is set no run does, so every start would compile every module from source
.venv/bin/python -m compileall -q engine api >/dev/null
# fill the start-up cache (parsed standards, rules, lexicons, the compiled lexicon prefilter) so that the
# first run is as quick as the later ones; any failure here only means the first run builds it instead
.venv/bin/python -c "from engine.check.engine import Engine; Engine().warm()" >/dev/null 2>&1 || true
