#!/usr/bin/env bash
# Usage: static_gateway_postgres_test.sh <static gateway binary>
# The fully static gateway with its PostgreSQL store, i.e. with the libpq.a
# of deploy/image/BUILD: a throwaway cluster of Debian's postgresql package
# (initdb; SCRAM-SHA-256 password authentication; a Unix socket only, so no
# TCP port to pick), the gateway started with an empty environment but for
# MSP_GATEWAY_STORE, serving (so it connected, authenticated and migrated),
# stopped with SIGTERM. Its schema_migrations table is then in the database.
#
# PostgreSQL refuses to run as root: as root the cluster runs as the
# `postgres` user, in a directory under /tmp (TEST_TMPDIR is under /root,
# which that user cannot enter); hence the target's no-sandbox tag.
set -uo pipefail
bin=$1
name=$(basename "$bin")
tmp=${TEST_TMPDIR:-$(mktemp -d)}

pg_bin=""  # the newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
  [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && pg_bin=$dir
done
if [ -z "$pg_bin" ]; then
  echo "FAIL: no /usr/lib/postgresql/<version>/bin/initdb (Debian package postgresql)"
  exit 1
fi

as_pg() {  # runs "$@" as the cluster's owner, in the cluster's directory
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$cluster" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

cluster=$(mktemp -d /tmp/msp-static-pg.XXXXXX)
pg_started=false
cleanup() {
  if $pg_started; then as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -s stop; fi
  rm -rf "$cluster"
}
trap cleanup EXIT
trap 'exit 1' TERM INT  # Bazel's timeout: still stop the server
[ "$(id -u)" -eq 0 ] && chown postgres: "$cluster"
chmod 0700 "$cluster"

fail() { echo "FAIL: $*"; exit 1; }

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077 && printf '%s\n' "$password" >"$cluster/password")
[ "$(id -u)" -eq 0 ] && chown postgres: "$cluster/password"
# Every connection needs the password: the gateway has to do SCRAM itself.
if ! as_pg "$pg_bin/initdb" --pgdata="$cluster/data" --username=postgres \
  --pwfile="$cluster/password" --auth=scram-sha-256 --encoding=UTF8 --locale=C \
  --no-sync >"$cluster/initdb.log" 2>&1; then
  cat "$cluster/initdb.log"; fail "initdb"
fi
if ! as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/postgres.log" -w -t 60 -s \
  -o "-c listen_addresses= -c unix_socket_directories=$cluster -c fsync=off" start; then
  cat "$cluster/postgres.log"; fail "the PostgreSQL server did not start"
fi
pg_started=true

port_file="$tmp/port" log="$tmp/gateway-postgres.log"
rm -f "$port_file"
env -i MSP_BASE_URL=http://127.0.0.1:1 \
  MSP_GATEWAY_STORE="postgresql://postgres:$password@/postgres?host=$cluster" \
  "$bin" --grpc_host=127.0.0.1 --grpc_port=0 --plaintext --admin_port=0 --port_file="$port_file" \
  --data_dir="$tmp/unused-data" >"$log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  [ -s "$port_file" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$port_file" ]; then
  kill -KILL "$pid" 2>/dev/null
  cat "$log"; fail "$name did not start with the PostgreSQL store"
fi
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || { cat "$log"; fail "$name exited $rc after SIGTERM"; }

versions=$(PGPASSWORD=$password "$pg_bin/psql" -h "$cluster" -U postgres -d postgres -Atq \
  -c "SELECT count(*) FROM schema_migrations" 2>&1)
if ! [[ "$versions" =~ ^[1-9][0-9]*$ ]]; then
  cat "$log"; fail "no migrations in the database after $name ran: $versions"
fi
echo "ok: $name served with its PostgreSQL store (schema_migrations rows: $versions) and stopped cleanly"
