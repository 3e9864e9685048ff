#!/usr/bin/env bash
# Every check of the project (run through `./dev test`). Each check prints its
# own result; the last line is "N passed, N failed" and the exit code is
# non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()
# One line per failed test case, printed again at the very end so that the
# tail of a long log names what failed.
failed_cases=$(mktemp)
plain_targets=$(mktemp)
trap 'rm -f "$failed_cases" "$plain_targets"' EXIT

# Each result line says when it ended (minutes since the start): CI has a
# 90-minute budget on a cold 2-core machine, and the log shows where it goes.
record() {  # record <name> <passed> <failed>
  passed=$((passed + $2))
  failed=$((failed + $3))
  if [ "$3" -gt 0 ]; then failures+=("$1"); fi
  echo "== $1: $2 passed, $3 failed (at $((SECONDS / 60))m$((SECONDS % 60))s)"
}

step() {  # step <name> <command...>: one check that passes or fails
  local name=$1
  shift
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; fi
}

# Every test runs once, in one of two builds, so that CI compiles each test
# once instead of twice (a cold build of all of //... takes ~25 minutes on 2
# cores, and each sanitizer build as long again):
# - the rooms with I/O, threads and object lifetimes (stores, upstream
#   transports, the RPC edge and server, notifications, callers, order
#   events, the client library) run their tests under ASan + UBSan only
#   (step 5);
# - everything else (pure logic, which the fuzz targets of step 6 also run
#   under ASan + UBSan; the emulator; the integration tests; deploy) runs in
#   the plain build (step 1), with every non-test target of //....
# MSP_FULL_SANITIZERS=1 ./dev test runs every test in the plain build and
# every test under ASan + UBSan, as before.
ASAN_ROOMS=(
  //service/store/... //service/upstream/... //service/rpc/...
  //service/http/... //service/notifications/... //service/callers/...
  //service/order_events/... //service/server/... //client/...
  //tools/sanitizers/...
)
asan_query=$(printf ' + %s' "${ASAN_ROOMS[@]}")
asan_query=${asan_query# + }

# 1. The plain build: every target of //... but the tests of ASAN_ROOMS
# (all of them with MSP_FULL_SANITIZERS=1); the count is of test cases,
# read from the JUnit XML.
# (A query, unlike the //... pattern, includes targets tagged manual.)
if [ -n "${MSP_FULL_SANITIZERS:-}" ]; then
  plain_query='//...'
else
  plain_query="//... except tests($asan_query)"
fi
plain_query="$plain_query except attr(tags, manual, //...)"
echo "== bazel test (plain): $plain_query"
bazel query "$plain_query" 2>/dev/null >"$plain_targets"
bazel test --keep_going --target_pattern_file="$plain_targets"
bazel_rc=$?
targets=$(bazel query "tests($plain_query)" 2>/dev/null)
read -r p f < <(node tools/count_bazel_tests.mjs "$(bazel info bazel-testlogs 2>/dev/null)" $targets 2> >(tee -a "$failed_cases" >&2))
# A build failure leaves no fresh results: never let it pass as green.
if [ "$bazel_rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
record "bazel test (plain)" "$p" "$f"

# 2. The contract: buf lint (STANDARD) and formatting.
step "buf lint" node_modules/.bin/buf lint
step "buf format" node_modules/.bin/buf format --diff --exit-code

node_check() {  # node_check <name> <script>: a Node check ending in "# result P F"
  local out p f
  out=$(mktemp)
  BAZEL_BIN="$bin" node "$2" | tee "$out"
  read -r p f < <(sed -n 's/^# result \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$out" | tail -1)
  rm -f "$out"
  record "$1" "${p:-0}" "${f:-1}"
}

# The layout's rules: no package cycle, the emulator links nothing of
# //service (docs/development.md "Where do I add ...").
bin=$(bazel info bazel-bin 2>/dev/null)
node_check "layout (bazel query)" tools/check_layout.mjs

# 3. End to end: real server and emulator processes, buf curl, Node client.
node_check "end-to-end" tests/e2e/e2e.mjs
# A Python client (stubs generated at test time) and the CLI error decoder.
node_check "Python client (grpcio)" tests/python/check.mjs
node_check "CLI error details (buf curl | decode_status)" tests/cli/check.mjs
# The contract: buf breaking against proto/released/ (and its self-test),
# buf.gen.yaml's stubs; msp-gateway as another Bazel workspace's dependency.
node_check "contract (buf breaking, buf generate)" tests/contract/check.mjs
node_check "consumer workspace" tests/consumer/check.mjs
# Every MultiSafepay post-orders example, translated, against MSP's OpenAPI.
node_check "OpenAPI schema (POST /orders)" tests/openapi/validate_orders.mjs
# docs/api.md is generated from the golden data and the real translators.
node_check "API docs (docs/api.md)" tests/docs/api_docs_check.mjs

# 4. Deployment: Kubernetes manifests and container image recipes.
node_check "k8s manifests" tests/k8s/validate.mjs
node_check "container images" tests/k8s/image_check.mjs
node_check "monitoring rules (promtool)" tests/monitoring/check.mjs

# 5. The tests of ASAN_ROOMS under AddressSanitizer +
# UndefinedBehaviorSanitizer (+ LeakSanitizer), gcc 12. --config=asan has its
# own output directory (platform suffix), so the default build above stays
# cached.
sanitized_tests() {  # sanitized_tests <name> <config> <target patterns...>
  local name=$1 config=$2 rc p f targets
  shift 2
  echo "== $name"
  bazel test --config="$config" --build_tests_only --keep_going -- "$@"
  rc=$?
  # The same patterns as a query: "-X" excludes X.
  local query="" pattern
  for pattern in "$@"; do
    case $pattern in
      -*) query="$query except ${pattern#-}" ;;
      *) query="${query:+$query + }$pattern" ;;
    esac
  done
  targets=$(bazel query "tests($query)" 2>/dev/null)
  read -r p f < <(node tools/count_bazel_tests.mjs "$(bazel info --config="$config" bazel-testlogs 2>/dev/null)" $targets 2> >(sed "s|^|[$config] |" | tee -a "$failed_cases" >&2))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record "$name" "$p" "$f"
}
# The tests of ASAN_ROOMS (with MSP_FULL_SANITIZERS=1: every test, the
# benchmarks' allocation counter, which replaces operator new, included, but
# the three of //deploy/image that check the fully static image binaries
# (static_binaries_test, libpq_static_test, static_gateway_postgres_test):
# gcc cannot link -static with -fsanitize=address). --build_tests_only keeps
# the rooms' other binaries, which no test needs, out of the build.
if [ -n "${MSP_FULL_SANITIZERS:-}" ]; then
  sanitized_tests "bazel test --config=asan (ASan+UBSan)" asan \
    //... -//deploy/image:static_binaries_test \
    -//deploy/image:libpq_static_test \
    -//deploy/image:static_gateway_postgres_test
else
  sanitized_tests "bazel test --config=asan (ASan+UBSan)" asan "${ASAN_ROOMS[@]}"
fi

# 6. Every fuzz target for a short fixed time (FUZZ_SECONDS each, default
# 30 here; docs/development.md shows the long run). Fails on any crash.
step "fuzz (${FUZZ_SECONDS:-30}s per target)" \
  env FUZZ_SECONDS="${FUZZ_SECONDS:-30}" tests/fuzz/run.sh

# 7. The concurrency-heavy tests under ThreadSanitizer, gcc 12: our own
# threads (WorkerPool, IdempotencyCache, the order stores' concurrent
# claims, the admin and upstream HTTP servers), the service on worker threads, and real RPCs in-process (server,
# emulator, client library). Debian's Abseil and gRPC are not instrumented:
# //tools/sanitizers annotates their synchronisation, and its own test
# checks that the annotations still reach TSan (docs/development.md
# "ThreadSanitizer"). Every other test passes under TSan too; this subset
# keeps the step near 9 minutes on a cold 2-core machine (all of //...
# would take nearly twice as long). The order events' hub, append wake-ups
# and event stores are here; the WatchOrderEvents reactor is not: TSan
# reports the hand-off between a server-streaming reactor's Finish() and
# its OnDone inside Debian's uninstrumented gRPC callback API, which the
# annotations of //tools/sanitizers do not cover yet.
sanitized_tests "bazel test --config=tsan (concurrency)" tsan \
  //tools/sanitizers:tsan_annotations_test \
  //service/rpc:worker_pool_test //service/rpc:idempotency_cache_test \
  //service/store/sqlite:sqlite_order_store_test \
  //service/store/postgres:postgres_order_store_test \
  //service/server:store_maintenance_test \
  //service/server:rpc_edge_test //service/server:payment_service_impl_test \
  //service/server:admin_server_test \
  //service/upstream:httplib_transport_test //client:payment_client_test \
  //tests:create_order_integration_test //tests:lifecycle_integration_test \
  //service/order_events:order_event_hub_test \
  //service/store:append_notifier_test \
  //service/store:memory_order_event_store_test \
  //service/store/postgres:pg_listener_test \
  //service/callers:watched_authz_policy_test

if [ ${#failures[@]} -gt 0 ]; then
  cat "$failed_cases"
  echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
