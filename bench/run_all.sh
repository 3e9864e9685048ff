#!/usr/bin/env bash
# Copyright 2026 The msp-gateway Authors.
#
# Runs every benchmark of docs/benchmarks.md with -c opt and prints the
# figures: the order benchmarks, then the end-to-end load scenarios. Takes
# about three minutes with the default DURATION. Figures only: nothing here
# passes or fails on a number.
#
#   bench/run_all.sh               # everything
#   DURATION=5s bench/run_all.sh   # shorter load runs
#   bench/run_all.sh e2e           # only the load scenarios
#
# Memory up to the idempotency cache's cap (100,000 orders), by hand:
#   bazel run -c opt //bench:e2e_load -- --duration=75s --threads=16 \
#       --progress_interval=5s
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-10s}"
what="${1:-all}"

load() {
  echo
  echo "== e2e_load $* (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  bazel run -c opt --ui_event_filters=-info,-stdout,-stderr --noshow_progress \
    //bench:e2e_load -- --duration="$duration" "$@"
}

if [[ "$what" == all || "$what" == order ]]; then
  echo "== order_bench (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  bazel run -c opt --ui_event_filters=-info,-stdout,-stderr --noshow_progress \
    //bench:order_bench -- --benchmark_min_time=0.2
fi

if [[ "$what" == all || "$what" == e2e ]]; then
  # Throughput and latency as callers are added (default pool: 32 workers,
  # queue 512).
  for threads in 1 4 16 64; do
    load --threads="$threads"
  done
  # The same callers over 4 HTTP/2 connections instead of 1.
  load --threads=16 --channels=4
  # A larger body: Pay After Delivery with a 3-line cart and tax tables.
  load --threads=16 --request=tests/testdata/post-orders/pad.request.json
  # The bounded executor against a slow upstream (50 ms per POST /orders):
  # throughput ~ workers / 50 ms; callers beyond workers + queue are refused
  # at once with RESOURCE_EXHAUSTED.
  load --delay_ms=50 --workers=4 --queue_capacity=8 --threads=4
  load --delay_ms=50 --workers=4 --queue_capacity=8 --threads=12
  load --delay_ms=50 --workers=4 --queue_capacity=8 --threads=32
  load --delay_ms=50 --workers=32 --queue_capacity=512 --threads=64
fi
