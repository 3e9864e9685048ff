// Copyright 2026 The msp-gateway Authors.
//
// File: spec_test_util.h
//
// Test-only reads shared by the tests of the RPC units
// (service/order_actions/*_test.cc, service/gateways/*_test.cc): golden
// requests and MultiSafepay replies from the test's data files, and the
// field violations of a status. Files are read with ReadTestFile()
// (tests/harness/test_files.h), so a missing data = [...] entry fails the
// test by name.

#ifndef MSP_GATEWAY_SERVICE_RPC_SPEC_TEST_UTIL_H_
#define MSP_GATEWAY_SERVICE_RPC_SPEC_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/upstream/msp_client.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace testing {

// LifecycleTestdata(), MspExample()
//
// The workspace paths of the lifecycle golden data: the contract requests
// and the bodies that are not MultiSafepay's own, by file name
// ("refund.request.json", //tests/testdata/lifecycle), and MultiSafepay's
// examples where they are vendored, by their path under examples/
// ("requests/refunds/refund.json",
// //third_party/multisafepay-openapi:lifecycle_examples).
std::string LifecycleTestdata(absl::string_view name);
std::string MspExample(absl::string_view path);

// ReadRequest()
//
// The contract request in the proto3 JSON file `path` (workspace-relative);
// unknown fields fail the test.
template <typename Message>
Message ReadRequest(absl::string_view path) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(ReadTestFile(path),
                                                            &message, options);
  EXPECT_TRUE(status.ok()) << path << ": " << status;
  return message;
}

// ReplyFromFile()
//
// The `data` of the MultiSafepay envelope in the file `path`
// (workspace-relative) as an HTTP 200 reply.
MspReply ReplyFromFile(absl::string_view path);

// ReplyFromData()
//
// `data` (JSON text) as an HTTP 200 reply.
MspReply ReplyFromData(const char* data);

// Fields()
//
// The fields named by the violations of `status`, in order.
std::vector<std::string> Fields(const absl::Status& status);

// Description()
//
// The description of the violation on `field`, or "" when there is none.
std::string Description(const absl::Status& status, const std::string& field);

// ErrorReason()
//
// The ErrorInfo reason of `status`, or "" when it has none.
std::string ErrorReason(const absl::Status& status);

// ExpectInvalidResponse()
//
// `status` is UNAVAILABLE MSP_INVALID_RESPONSE naming `endpoint`
// ("PATCH /orders/{order_id}").
void ExpectInvalidResponse(const absl::Status& status,
                           const std::string& endpoint);

// ExpectSpecOf()
//
// That `spec` is the unit's own: the proto's method name and the unit's
// functions, with no idempotency key (only CreateOrder has one).
template <typename Spec>
void ExpectSpecOf(const Spec& spec, absl::string_view method,
                  decltype(Spec::validate) validate,
                  decltype(Spec::translate) translate,
                  decltype(Spec::map_reply) map_reply) {
  EXPECT_EQ(spec.method, method);
  EXPECT_EQ(spec.validate, validate);
  EXPECT_EQ(spec.translate, translate);
  EXPECT_EQ(spec.map_reply, map_reply);
  EXPECT_EQ(spec.idempotency_key, nullptr);
}

}  // namespace testing
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_SPEC_TEST_UTIL_H_
