#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the tests of the shared journal: a cluster
# in a temporary folder, owned by an unprivileged user when run as root, listening on a Unix
# socket only, stopped and removed afterwards. The command finds it through
# SOUNDTRACK_TEST_POSTGRESQL (a libpq URL); SOUNDTRACK_TEST_PG_CTL restarts it (pg_ctl's
# arguments, for the tests that restart the database under a running daemon).
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "with-postgresql: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }
dir=$(mktemp -d /tmp/soundtrack-pg-XXXXXX)
chmod 755 "$dir"
as=()
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$dir"
    as=(runuser -u "$owner" --)
fi

stop() {
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

"${as[@]}" "$bin/initdb" -D "$dir/data" --auth=trust --username=soundtrack -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: the cluster is thrown away after the tests.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-k $dir -c listen_addresses= -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }

export SOUNDTRACK_TEST_POSTGRESQL="postgresql:///postgres?host=$dir&user=soundtrack"
export SOUNDTRACK_TEST_PG_CTL="${as[*]} $bin/pg_ctl -D $dir/data -l $dir/server.log -w -o \"-k $dir -c listen_addresses= -c fsync=off -c max_connections=200\""
export SOUNDTRACK_REQUIRE_POSTGRESQL=1
"$@"
