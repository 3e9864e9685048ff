#!/usr/bin/env bash
# Copyright 2026 The msp-gateway Authors.
#
# The side-by-side benchmark of issue 10 (docs/benchmarks.md "Side by side"):
# builds the binaries with -c opt, then bench/side_by_side.mjs drives a bare
# gRPC server, the gateway + emulator, a Node @grpc/grpc-js peer and the
# slow-upstream scenario with one load generator, interleaved three times,
# and prints a table and the issue's ratios. Figures only: nothing here passes
# or fails on a number. About 5 minutes with the defaults.
#
#   bench/side_by_side.sh
#   DURATION=10 ROUNDS=5 bench/side_by_side.sh   # longer runs, more rounds
#   KEEP_LOGS=1 bench/side_by_side.sh            # keep every process's log
#
# Other knobs (environment): WARMUP (1 s), LATENCY_DURATION (= DURATION),
# IN_FLIGHT (16), SLOW_IN_FLIGHT (1000), DELAY_MS (250).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(
  //bench:grpc_load //bench:bare_server //bench:validate_translate_once
  //service/server:msp_gateway_server //emulator:msp_emulator
)
bazel build -c opt --ui_event_filters=-info,-stdout,-stderr --noshow_progress "${targets[@]}"
if [[ ! -d node_modules/@grpc/grpc-js || ! -d node_modules/@grpc/proto-loader ]]; then
  echo "side_by_side: node_modules lacks @grpc/grpc-js or @grpc/proto-loader: run ./dev setup" >&2
  exit 1
fi
BAZEL_BIN="$(bazel info -c opt bazel-bin 2>/dev/null)" exec node bench/side_by_side.mjs
