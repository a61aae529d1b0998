#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary folder, start
# it on a free 127.0.0.1 port, export DATABASE_URL, run the command, then stop the server
# and delete the folder, whatever the command's outcome.
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    # Wait up to ten minutes for another apt/dpkg run to finish instead of failing at once.
    apt_get=(apt-get -o DPkg::Lock::Timeout=600)
    "${apt_get[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq postgresql >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "************************************************************" >&2
    echo "PostgreSQL is not installed: the PostgreSQL leg is SKIPPED." >&2
    echo "************************************************************" >&2
    [ "${CI:-}" = "true" ] && { echo "CI=true: nothing may be skipped." >&2; exit 1; }
    exit 0
  fi
fi

as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi

workdir=$(mktemp -d /tmp/hiphub-pg.XXXXXX)
chmod 755 "$workdir"
[ "$(id -u)" = 0 ] && chown postgres "$workdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$PG_BIN/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (throwaway)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
