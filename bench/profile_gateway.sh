#!/usr/bin/env bash
# Copyright 2026 The msp-gateway Authors.
#
# A perf profile of the gateway binary under CreateOrder load
# (docs/benchmarks.md "Where the gateway's CPU goes"): builds with -c opt,
# starts the emulator and the gateway (default flags, its embedded store in
# a fresh directory), drives them with //bench:grpc_load (IN_FLIGHT calls in
# flight, unique order_ids) and records the gateway with
# `perf record -F 999 -g` for PERF_SECS seconds inside the load window.
# Prints the load generator's figures and where perf.data is; read it with
#   perf report -i <dir>/perf.data --no-children --sort comm,dso
#
#   bench/profile_gateway.sh
#   IN_FLIGHT=1 DURATION=12 PERF_SECS=8 bench/profile_gateway.sh
set -euo pipefail
cd "$(dirname "$0")/.."

in_flight=${IN_FLIGHT:-16}
duration=${DURATION:-12}
perf_secs=${PERF_SECS:-8}
command -v perf >/dev/null || { echo "profile_gateway: perf is not installed" >&2; exit 1; }

bazel build -c opt --ui_event_filters=-info,-stdout,-stderr --noshow_progress \
  //bench:grpc_load //service/server:msp_gateway_server //emulator:msp_emulator
bin="$(bazel info -c opt bazel-bin 2>/dev/null)"
dir="$(mktemp -d "${TMPDIR:-/tmp}/profile-gateway-XXXXXX")"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() {  # a port file
  for _ in $(seq 150); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "profile_gateway: no $1 (see $dir)" >&2
  exit 1
}

"$bin/emulator/msp_emulator" --host=127.0.0.1 --port=0 \
  --port_file="$dir/emulator.port" >"$dir/emulator.log" 2>&1 &
emulator=$!
pids+=("$emulator")
wait_for "$dir/emulator.port"
emulator_address="127.0.0.1:$(cat "$dir/emulator.port")"

mkdir -p "$dir/data"
MSP_BASE_URL="http://$emulator_address" "$bin/service/server/msp_gateway_server" \
  --grpc_host=127.0.0.1 --grpc_port=0 --plaintext --admin_port=0 \
  --data_dir="$dir/data" --port_file="$dir/gateway.port" >"$dir/gateway.log" 2>&1 &
gateway=$!
pids+=("$gateway")
wait_for "$dir/gateway.port"

"$bin/bench/grpc_load" --mode=grpc --target="127.0.0.1:$(cat "$dir/gateway.port")" \
  --in_flight="$in_flight" --duration="${duration}s" --warmup=1s \
  --id_prefix="profile-$$-" --clear_emulator="$emulator_address" \
  --watch="gateway:$gateway,emulator:$emulator" >"$dir/load.log" 2>&1 &
load=$!
sleep 2  # the warm-up and the first second of the window
perf record -F 999 -g -p "$gateway" -o "$dir/perf.data" -- sleep "$perf_secs" \
  >"$dir/perf.log" 2>&1 || { cat "$dir/perf.log" >&2; exit 1; }
wait "$load"
grep -v '^RESULT' "$dir/load.log"
echo "perf data: $dir/perf.data"
