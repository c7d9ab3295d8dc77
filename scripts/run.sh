#!/usr/bin/env bash
# Run LJ Eco on its embedded default: SQLite in ./data, migrated on first start, an admin account created (password
# printed once), the demo data seeded once, served on http://127.0.0.1:8000 (override with LJECO_HOST/LJECO_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export LJECO_ENV=${LJECO_ENV:-development}
exec .venv/bin/ljeco serve --first-run "$@"
