#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy), then pytest on SQLite and on PostgreSQL, browser tests in Debian's
# Chromium and report tests through LibreOffice (both installed from Debian's packages when missing). Without
# LJECO_TEST_DATABASE_URL a throwaway PostgreSQL cluster is started for the run and removed afterwards.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/standards -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
scripts/browser-setup.sh
scripts/office-setup.sh

echo "==> ruff"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
echo "==> mypy"
.venv/bin/mypy

pg_dir=""
cleanup() { [ -n "$pg_dir" ] && scripts/pg-throwaway.sh stop "$pg_dir"; return 0; }
trap cleanup EXIT
if [ -z "${LJECO_TEST_DATABASE_URL:-}" ]; then
  echo "==> starting a throwaway PostgreSQL"
  read -r pg_dir LJECO_TEST_DATABASE_URL < <(scripts/pg-throwaway.sh)
  export LJECO_TEST_DATABASE_URL
fi

echo "==> pytest (SQLite and PostgreSQL)"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest exits 5 when nothing was collected: that is a failure of the suite, not a pass.
exit $status
