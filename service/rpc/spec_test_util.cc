// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/spec_test_util.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace testing {

using json = nlohmann::json;

std::string LifecycleTestdata(absl::string_view name) {
  return absl::StrCat("tests/testdata/lifecycle/", name);
}

std::string MspExample(absl::string_view path) {
  return absl::StrCat("third_party/multisafepay-openapi/components/examples/",
                      path);
}

MspReply ReplyFromFile(absl::string_view path) {
  json envelope = json::parse(ReadTestFile(path));
  return MspReply{200, envelope["data"]};
}

MspReply ReplyFromData(const char* data) {
  return MspReply{200, json::parse(data)};
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

std::string Description(const absl::Status& status, const std::string& field) {
  for (const FieldViolation& v : GetFieldViolations(status)) {
    if (v.field == field) return v.description;
  }
  return "";
}

std::string ErrorReason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

void ExpectInvalidResponse(const absl::Status& status,
                           const std::string& endpoint) {
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value()) << status;
  EXPECT_EQ(info->reason(), "MSP_INVALID_RESPONSE");
  EXPECT_EQ(info->metadata().at("endpoint"), endpoint);
}

}  // namespace testing
}  // namespace msp_gateway
