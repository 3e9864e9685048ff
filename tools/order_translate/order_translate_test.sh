#!/usr/bin/env bash
# Copyright 2026 The msp-gateway Authors.
#
# order_translate end to end: a valid request prints its body (decimals digit
# for digit), an invalid one its violations with exit 2, junk exit 1.
set -euo pipefail
tool=tools/order_translate/order_translate
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$tool" <<'JSON'
{"order_id": "o-1", "currency": "EUR", "amount": 1665, "description": "Tea",
 "shopping_cart": {"items": [{"name": "Tea", "unit_price": "13.761467889",
                              "quantity": 1}]},
 "checkout_options": {"tax_tables": {"default": {"rate": "0.21"}}}}
JSON
)
[[ "$out" == *'"unit_price":13.761467889,'* ]] || fail "unit_price: $out"
[[ "$out" == *'"rate":0.21}'* ]] || fail "rate: $out"
[[ "$out" == '{"type":"redirect","order_id":"o-1",'* ]] || fail "body: $out"

set +e
out=$("$tool" <<< '{"order_id": "o-1", "currency": "EUR", "amount": 1,
  "description": "Tea", "gateway": "GATEWAY_IDEAL",
  "gateway_info": {"card_number": "4111111111111111"}}')
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "invalid request exit $rc"
[[ "$out" == *"INVALID_ARGUMENT: CreateOrder request has 1 invalid field"* ]] ||
  fail "message: $out"
[[ "$out" == *"  gateway_info.card_number: is not used by GATEWAY_IDEAL (iDEAL)"* ]] ||
  fail "violation: $out"
[[ "$out" != *4111111111111111* ]] || fail "card number echoed: $out"

out=$("$tool" --no_validate <<< '{"order_id": "o-1", "currency": "EUR",
  "description": "Tea", "gateway": "GATEWAY_IDEAL",
  "gateway_info": {"card_number": "4111111111111111"}}')
[[ "$out" == *'"gateway_info":{"card_number":"4111111111111111"}'* ]] ||
  fail "--no_validate: $out"

set +e
"$tool" <<< 'not json' > /dev/null 2>&1
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "junk exit $rc"
echo "PASS"
