#!/usr/bin/env bash
# Set up a virtual environment with pfocr-lint and its test tools, then run the
# whole test suite. This is the README's test command, and exactly what .ci/run runs.
#   VENV=path  where to make the environment (default: .venv)
#   extra arguments are passed to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}

# System packages for the browser test of the HTML report (Debian's chromium,
# no browser download). Installed only when missing and when we may.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${need[*]} (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "== ${need[*]} not found and cannot be installed here: browser tests will be skipped" >&2
  fi
fi

echo "== creating $VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
echo "== installing pfocr-lint with its test extra"
"$VENV/bin/python" -m pip install -q -e '.[test]'
echo "== running the tests"
exec "$VENV/bin/python" -m pytest -n 2 "$@"
