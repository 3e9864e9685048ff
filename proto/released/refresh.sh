#!/usr/bin/env bash
# Records the current payments.v1 contract as the released one: run it when a
# release is tagged, and commit proto/released/payments-v1.binpb with the tag.
# From then on tests/contract/check.mjs (buf breaking, FILE rules) fails on any
# change that would break a client built against that release.
set -euo pipefail
cd "$(dirname "$0")/../.."
node_modules/.bin/buf build --exclude-source-info -o proto/released/payments-v1.binpb
node_modules/.bin/buf breaking --against proto/released/payments-v1.binpb
echo "proto/released/payments-v1.binpb: $(wc -c <proto/released/payments-v1.binpb) bytes"
