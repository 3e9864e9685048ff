// Copyright 2026 The msp-gateway Authors.
//
// File: order_fixtures.h
//
// The CreateOrder requests the benchmarks send: MultiSafepay's own examples
// from the golden test data (read from the Bazel runfiles), and a generated
// BNPL order with a cart of any size whose `amount` matches MultiSafepay's
// rounding rule, so benchmarks measure the success path, not an error path.

#ifndef MSP_GATEWAY_BENCH_ORDER_FIXTURES_H_
#define MSP_GATEWAY_BENCH_ORDER_FIXTURES_H_

#include <string>

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {
namespace bench {

// Workspace-relative paths of the golden requests used by the benchmarks.
inline constexpr char kBancontactRequestPath[] =
    "tests/testdata/bancontact-redirect.request.json";
inline constexpr char kBnplRequestPath[] =
    "tests/testdata/post-orders/pad.request.json";

// ReadWorkspaceFile()
//
// Reads `path` (workspace-relative), looking in the working directory (the
// runfiles tree under `bazel run` and `bazel test`), then $TEST_SRCDIR, then
// $BUILD_WORKSPACE_DIRECTORY (the source tree, for a binary run by hand).
absl::StatusOr<std::string> ReadWorkspaceFile(const std::string& path);

// LoadRequest()
//
// Reads the proto3 JSON CreateOrderRequest at `path` (workspace-relative).
absl::StatusOr<payments::v1::CreateOrderRequest> LoadRequest(
    const std::string& path);

// MakeLargeCartOrder()
//
// A redirect order for Pay After Delivery (GATEWAY_BNPL_MF) in EUR with a
// customer, a delivery address, gateway_info, `lines` cart items (varied
// prices with cents, quantities 1-3, weights, merchant IDs) spread over three
// tax tables (the default 21 %, alternate "BTW9" 9 % and "BTW0" 0 %), and
// `amount` equal to the cart total including VAT by MultiSafepay's rounding
// rule. `lines` >= 1.
payments::v1::CreateOrderRequest MakeLargeCartOrder(int lines);

}  // namespace bench
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_BENCH_ORDER_FIXTURES_H_
