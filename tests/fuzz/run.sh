#!/usr/bin/env bash
# Fuzzes every cc_fuzz_test (tag fuzz_test) for a fixed time each:
#   tests/fuzz/run.sh [TARGET...]      (default: every fuzz target in //...)
# Builds them with --config=fuzz (clang 14, libFuzzer + ASan + UBSan; its
# outputs have their own platform suffix and never disturb the default
# build), then runs each on a working corpus seeded with its seeds and
# regressions. Prints libFuzzer's executions per target and fails if any
# target crashed, leaked, timed out or ran out of memory; the input that did
# it is kept (see the end of the output) and belongs in
# tests/fuzz/<target>_regressions/ once understood.
#
# Environment:
#   FUZZ_SECONDS   time per target (default 60)
#   FUZZ_RSS_MB    libFuzzer -rss_limit_mb (default 2048)
#   FUZZ_TIMEOUT   seconds one input may take (default 25)
#   FUZZ_OUT       where working corpora and crash inputs go
#                  (default ${TMPDIR:-/tmp}/msp-gateway-fuzz; kept between
#                  runs, so long runs build on earlier ones)
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-jobs=2 -workers=2"
#   BAZEL          the bazel command (default "bazel"), e.g.
#                  "bazel --output_base=/tmp/ob" for a private server
set -uo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-60}
rss_mb=${FUZZ_RSS_MB:-2048}
timeout=${FUZZ_TIMEOUT:-25}
out=${FUZZ_OUT:-${TMPDIR:-/tmp}/msp-gateway-fuzz}
read -r -a bazel <<<"${BAZEL:-bazel}"
read -r -a extra <<<"${FUZZ_ARGS:-}"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <("${bazel[@]}" query 'attr(tags, "\bfuzz_test\b", tests(//...))' 2>/dev/null)
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz targets found" >&2
  exit 1
fi

echo "== building ${#targets[@]} fuzz targets (--config=fuzz)"
if ! "${bazel[@]}" build --config=fuzz "${targets[@]}"; then
  echo "fuzz build failed" >&2
  exit 1
fi
bin=$("${bazel[@]}" info --config=fuzz bazel-bin 2>/dev/null)

failed=()
summary=()
for target in "${targets[@]}"; do
  pkg=${target#//}
  pkg=${pkg%%:*}
  name=${target##*:}
  exe="$bin/$pkg/$name"
  runfiles="$exe.runfiles/msp_gateway"
  work="$out/$name"
  mkdir -p "$work/corpus" "$work/crashes"
  log="$work/last-run.log"
  mapfile -t options <"$exe.options"
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  # From the runfiles root, where the seed list's paths point.
  (
    cd "$runfiles" &&
      "$exe" "${options[@]}" \
        -seed_inputs=@"$exe.seeds" \
        -max_total_time="$seconds" \
        -rss_limit_mb="$rss_mb" \
        -timeout="$timeout" \
        -print_final_stats=1 \
        -artifact_prefix="$work/crashes/" \
        "${extra[@]}" \
        "$work/corpus"
  ) >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  corpus=$(find "$work/corpus" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc)"
    failed+=("$name")
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error:)|^ *#[0-9]+ 0x' "$log" | head -25
    grep -E 'Test unit written to|^artifact_prefix' "$log"
  fi
  line=$(printf '%-28s %12s execs %8s/s  %-10s corpus %5s  %s' \
    "$name" "${execs:-?}" "${speed:-?}" "${cov:-cov: ?}" "$corpus" "$result")
  echo "$line"
  summary+=("$line")
done

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]}; inputs under $out/<target>/crashes/" >&2
  exit 1
fi
