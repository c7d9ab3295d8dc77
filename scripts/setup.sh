#!/usr/bin/env bash
# Install LJ Eco into .venv (pinned by constraints.txt) and the pinned front-end libraries into the static folder.
# Safe to run again: it only does what is missing or out of date. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PYTHON=$candidate; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "LJ Eco needs Python >= 3.11 (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.ljeco-installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "==> installing Python packages (pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".${extras}"
  touch "$stamp"
fi

vendor=src/ljeco/web/static/vendor
if [ ! -f "$vendor/.installed" ] || [ package-lock.json -nt "$vendor/.installed" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is needed to install the front-end libraries (apt-get install npm)" >&2; exit 1; }
  echo "==> installing front-end libraries (npm ci, pinned by package-lock.json)"
  npm ci --no-audit --no-fund --silent
  rm -rf "$vendor"; mkdir -p "$vendor"
  cp node_modules/echarts/dist/echarts.min.js "$vendor/"
  cp node_modules/htmx.org/dist/htmx.min.js "$vendor/"
  cp -r node_modules/leaflet/dist "$vendor/leaflet"
  cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster*.css "$vendor/leaflet/"
  mkdir -p "$vendor/swagger-ui"
  cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$vendor/swagger-ui/"
  touch "$vendor/.installed"
fi
