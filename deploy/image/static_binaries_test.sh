#!/usr/bin/env bash
# Usage: static_binaries_test.sh <binary>...
# Each binary must be a static ELF executable (no program interpreter, no
# NEEDED libraries: it has to run in a FROM-scratch image) and must start:
# --help prints the usage (absl's --help exits 1). The gateway server is also
# started for real (plaintext gRPC: --plaintext), with an empty environment,
# and stopped with SIGTERM: with
# no MSP_GATEWAY_STORE it opens its embedded SQLite store in --data_dir (a
# directory it has to create), so the static SQLite is exercised too.
set -uo pipefail
failed=0
tmp=${TEST_TMPDIR:-$(mktemp -d)}

run_gateway() {  # run_gateway <binary>: serves, then exits 0 on SIGTERM
  local bin=$1 port_file="$tmp/port" log="$tmp/gateway.log" data_dir="$tmp/gateway-data"
  rm -rf "$port_file" "$data_dir"
  env -i MSP_BASE_URL=http://127.0.0.1:1 "$bin" --grpc_host=127.0.0.1 --grpc_port=0 \
    --plaintext --admin_port=0 --port_file="$port_file" --data_dir="$data_dir" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do
    [ -s "$port_file" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -s "$port_file" ]; then
    echo "FAIL: $(basename "$bin") did not start:"; cat "$log"; kill -KILL "$pid" 2>/dev/null; return 1
  fi
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  if [ "$rc" -ne 0 ]; then echo "FAIL: $(basename "$bin") exited $rc after SIGTERM:"; cat "$log"; return 1; fi
  # SQLite's file header: the store really was created, by the static SQLite.
  if [ "$(head -c 15 "$data_dir/orders.db" 2>/dev/null)" != "SQLite format 3" ]; then
    echo "FAIL: $(basename "$bin") made no SQLite store in --data_dir:"; ls -la "$data_dir"; cat "$log"; return 1
  fi
  echo "ok: $(basename "$bin") served on port $(cat "$port_file") with its SQLite store and stopped cleanly"
}

for bin in "$@"; do
  name=$(basename "$bin")
  if ! head -c 4 "$bin" | grep -q 'ELF'; then
    echo "FAIL: $name is not an ELF file"; failed=1; continue
  fi
  # readelf is in binutils (pulled in by g++).
  if readelf -l "$bin" | grep -q 'INTERP'; then
    echo "FAIL: $name has a program interpreter (dynamically linked)"; failed=1
  fi
  if readelf -d "$bin" 2>/dev/null | grep -q 'NEEDED'; then
    echo "FAIL: $name needs shared libraries:"; readelf -d "$bin" | grep NEEDED; failed=1
  fi
  out=$(env -i "$bin" --help 2>&1)
  rc=$?
  if [ "$rc" -gt 1 ] || ! grep -qi 'flags' <<<"$out"; then
    echo "FAIL: $name --help exited $rc:"; head -20 <<<"$out"; failed=1
  else
    echo "ok: $name is static and starts"
  fi
  case "$name" in
    msp_gateway_server*) run_gateway "$bin" || failed=1 ;;
  esac
done
exit "$failed"
