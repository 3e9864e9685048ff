#!/usr/bin/env bash
# Copyright 2026 The msp-gateway Authors.
#
# lifecycle_translate end to end: each kind of RPC prints the client's own
# method, encoded path or query and body; an invalid request exits 2 with its
# violations, junk and unknown RPCs exit 1.
set -euo pipefail
tool=tests/docs/lifecycle_translate
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$tool" UpdateOrder <<< '{"order_id": "o 1/2",
  "status": "UPDATE_ORDER_STATUS_SHIPPED", "carrier": "", "amount": "9007199254740993"}')
[[ "$out" == $'PATCH /orders/o%201%2F2\n{"status":"shipped","carrier":"","amount":9007199254740993}' ]] ||
  fail "UpdateOrder: $out"

out=$("$tool" CancelOrder <<< '{"order_id": "o-1"}')
[[ "$out" == $'PATCH /orders/o-1\n{"status":"cancelled","exclude_order":true}' ]] ||
  fail "CancelOrder: $out"

out=$("$tool" CaptureOrder <<< '{"order_id": "o-1"}')
[[ "$out" == $'POST /orders/o-1/capture\n{"new_order_status":"completed"}' ]] ||
  fail "CaptureOrder: $out"

out=$("$tool" RefundOrder <<< '{"order_id": "o-1", "currency": "EUR",
  "checkout_data": {"items": [{"unit_price": "-13.7614678890", "quantity": "1"}]}}')
[[ "$out" == $'POST /orders/o-1/refunds\n{"currency":"EUR","checkout_data":{"items":[{"unit_price":-13.7614678890,"quantity":1}]}}' ]] ||
  fail "RefundOrder: $out"

out=$("$tool" GetOrder <<< '{"order_id": "o-1"}')
[[ "$out" == 'GET /orders/o-1' ]] || fail "GetOrder: $out"

out=$("$tool" ListGateways <<< '{"currency": "EUR", "include_coupons": true}')
[[ "$out" == 'GET /gateways?currency=EUR&include=coupons' ]] ||
  fail "ListGateways: $out"

out=$("$tool" GetGateway <<< '{"gateway": "GATEWAY_MISTERCASH"}')
[[ "$out" == 'GET /gateways/MISTERCASH' ]] || fail "GetGateway: $out"

set +e
out=$("$tool" RefundOrder <<< '{"order_id": "o-1", "amount": "0"}')
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "invalid request exit $rc"
[[ "$out" == "INVALID_ARGUMENT: RefundOrder request has 2 invalid fields"* ]] ||
  fail "message: $out"
[[ "$out" == *$'\n  currency: '* && "$out" == *$'\n  amount: '* ]] ||
  fail "violations: $out"

set +e
"$tool" GetOrder <<< '{"amount": 1}' > /dev/null 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "wrong request type exit $rc"
"$tool" CreateOrder <<< '{}' > /dev/null 2>&1
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "unknown RPC exit $rc"
echo "PASS"
