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

# The request_id (idempotency key) of a cancel is not sent; that of a capture
# or refund is appended to its description, in lower case.
out=$("$tool" CancelOrder <<< '{"order_id": "o-1",
  "request_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"}')
[[ "$out" == $'PATCH /orders/o-1\n{"status":"cancelled","exclude_order":true}' ]] ||
  fail "CancelOrder: $out"

out=$("$tool" CaptureOrder <<< '{"order_id": "o-1",
  "request_id": "6B1D2F4E-1C3A-4E5F-8A7B-9C0D1E2F3A4B"}')
[[ "$out" == $'POST /orders/o-1/capture\n{"new_order_status":"completed","description":"[request_id:6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b]"}' ]] ||
  fail "CaptureOrder: $out"

out=$("$tool" RefundOrder <<< '{"order_id": "o-1", "currency": "EUR",
  "checkout_data": {"items": [{"unit_price": "-13.7614678890", "quantity": "1"}]},
  "request_id": "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f"}')
[[ "$out" == $'POST /orders/o-1/refunds\n{"currency":"EUR","description":"[request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]","checkout_data":{"items":[{"unit_price":-13.7614678890,"quantity":1}]}}' ]] ||
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
[[ "$out" == "INVALID_ARGUMENT: RefundOrder request has 3 invalid fields"* ]] ||
  fail "message: $out"
[[ "$out" == *$'\n  currency: '* && "$out" == *$'\n  amount: '* &&
   "$out" == *$'\n  request_id: is required'* ]] ||
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
