#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests and print its URL; `scripts/pg-throwaway.sh stop DIR` removes it.
# PostgreSQL refuses to run as root, so the cluster runs as an unprivileged user (postgres, or ljeco-test created
# here). The server is installed from Debian's packages when missing (needs root).
set -euo pipefail

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ "${1:-}" = "stop" ]; then
  dir=$2
  bindir=$(find_bindir)
  owner=$(stat -c %U "$dir/data")
  su "$owner" -s /bin/sh -c "'$bindir/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

bindir=$(find_bindir)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "==> installing PostgreSQL server (apt-get install postgresql)" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir=$(find_bindir)
fi

if [ "$(id -u)" = "0" ]; then
  user=postgres
  id "$user" >/dev/null 2>&1 || { useradd --system --no-create-home ljeco-test; user=ljeco-test; }
else
  user=$(id -un)
fi

dir=$(mktemp -d /tmp/ljeco-pg-XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = "0" ] && chown "$user" "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_as() { if [ "$(id -u)" = "0" ]; then su "$user" -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
run_as "'$bindir/initdb' -D '$dir/data' -U ljeco --auth=trust --encoding=UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a throwaway cluster needs no durability, and tests run much faster without it.
run_as "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start >/dev/null" \
  || { cat "$dir/server.log" >&2; exit 1; }
run_as "'$bindir/createdb' -h 127.0.0.1 -p $port -U ljeco ljeco_test"
echo "$dir postgresql+psycopg://ljeco@127.0.0.1:$port/ljeco_test"
