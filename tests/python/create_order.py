#!/usr/bin/env python3
"""A plain Python client of payments.v1.PaymentService (grpcio + protobuf).

Stubs are generated from proto/ with protoc and grpc_python_plugin (see
docs/other-languages.md); put the output directory on PYTHONPATH (or pass
--stubs). Two calls:

1. CreateOrder with tests/testdata/bancontact-redirect.request.json (JSON to
   proto with json_format, as a caller would build it) and a unique order_id:
   must answer OK with a payment_url.
2. The same order with an invalid e-mail address and a negative amount: must
   fail INVALID_ARGUMENT with a google.rpc.Status in the
   grpc-status-details-bin trailer whose google.rpc.BadRequest names the
   field paths, and whose google.rpc.ErrorInfo says INVALID_FIELDS.

Prints one "ok - ..." / "not ok - ..." line per check and
"# result <passed> <failed>"; exits 1 when a check failed.
"""

import argparse
import os
import sys
import uuid


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--address", required=True, help="host:port of the gateway (plaintext)")
    parser.add_argument("--stubs", help="directory with the generated *_pb2 modules")
    parser.add_argument("--request",
                        default=os.path.join(here, "..", "testdata", "bancontact-redirect.request.json"),
                        help="a CreateOrderRequest as JSON")
    parser.add_argument("--order-id", default=f"py-{uuid.uuid4()}",
                        help="the order_id of the valid order (default: a fresh one)")
    parser.add_argument("--expect-field", action="append",
                        help="a field path the BadRequest must list (repeatable; "
                        "default: customer.email and amount)")
    parser.add_argument("--timeout", type=float, default=10.0, help="deadline per call, seconds")
    return parser.parse_args()


args = parse_args()
if args.stubs:
    sys.path.insert(0, args.stubs)

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from payments.v1 import payment_service_pb2, payment_service_pb2_grpc  # noqa: E402

passed = 0
failed = 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok - {name}", flush=True)
    except Exception as e:  # an assertion or an RPC error: the check failed
        failed += 1
        text = f"{type(e).__name__}: {e}".replace("\n", "\n  ")
        print(f"not ok - {name}\n  {text}", flush=True)


def require(condition, message):
    if not condition:
        raise AssertionError(message)


def load_request(order_id):
    with open(args.request, encoding="utf-8") as f:
        request = json_format.Parse(f.read(), payment_service_pb2.CreateOrderRequest())
    request.order_id = order_id
    return request


def rich_status(error):
    """The google.rpc.Status of a failed call, from grpc-status-details-bin."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    return None


def unpack_details(status):
    """{type name: message} of the status' details."""
    known = {
        "google.rpc.BadRequest": error_details_pb2.BadRequest,
        "google.rpc.ErrorInfo": error_details_pb2.ErrorInfo,
        "google.rpc.RetryInfo": error_details_pb2.RetryInfo,
    }
    details = {}
    for any_detail in status.details:
        name = any_detail.TypeName()
        if name in known:
            message = known[name]()
            require(any_detail.Unpack(message), f"cannot unpack {name}")
            details[name] = message
    return details


with grpc.insecure_channel(args.address) as channel:
    stub = payment_service_pb2_grpc.PaymentServiceStub(channel)

    def create_ok():
        response = stub.CreateOrder(load_request(args.order_id), timeout=args.timeout)
        require(response.order_id == args.order_id,
                f"order_id {response.order_id!r} != {args.order_id!r}")
        require(response.payment_url.startswith("https://"),
                f"no payment_url in {json_format.MessageToJson(response)}")

    check(f"CreateOrder {args.order_id}: OK with a payment_url", create_ok)

    def create_invalid():
        request = load_request(f"{args.order_id}-invalid")
        request.customer.email = "not-an-email"
        request.amount = -5
        try:
            stub.CreateOrder(request, timeout=args.timeout)
        except grpc.RpcError as e:
            error = e
        else:
            raise AssertionError("an invalid CreateOrder succeeded")
        require(error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"code {error.code()}: {error.details()}")
        status = rich_status(error)
        require(status is not None, "no grpc-status-details-bin trailer")
        require(status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0],
                f"google.rpc.Status code {status.code}")
        details = unpack_details(status)
        bad_request = details.get("google.rpc.BadRequest")
        require(bad_request is not None, f"no BadRequest in {[d.type_url for d in status.details]}")
        fields = [v.field for v in bad_request.field_violations]
        for field in args.expect_field or ["customer.email", "amount"]:
            require(field in fields, f"no violation for {field!r} in {fields}")
        require(all(v.description for v in bad_request.field_violations),
                f"a violation without a description: {bad_request}")
        info = details.get("google.rpc.ErrorInfo")
        require(info is not None, "no ErrorInfo detail")
        require(info.reason == "INVALID_FIELDS" and info.domain == "msp-gateway",
                f"ErrorInfo {info.reason}/{info.domain}")
        require(info.metadata.get("field_count") == str(len(fields)),
                f"field_count {info.metadata.get('field_count')!r}, {len(fields)} violations")

    check("invalid CreateOrder: INVALID_ARGUMENT with BadRequest and ErrorInfo", create_invalid)

print(f"# result {passed} {failed}")
sys.exit(0 if failed == 0 else 1)
