// Copyright 2026 The msp-gateway Authors.
//
// File: create_order_fuzzer.cc
//
// CreateOrder from the caller's bytes: parse a CreateOrderRequest (binary or
// proto3 JSON, proto_input.h), validate it, and if ValidateCreateOrder()
// accepts it, TranslateCreateOrder() must succeed and produce a JSON object
// carrying the order_id: a validated request that cannot be sent is a bug
// (the caller would get an INTERNAL/INVALID_ARGUMENT the validator promised
// away), so it traps.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"
#include "tests/fuzz/proto_input.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  msp_gateway::fuzz::SilenceProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using msp_gateway::fuzz::Check;
  payments::v1::CreateOrderRequest request;
  if (!msp_gateway::fuzz::ParseProtoInput(data, size, &request)) return 0;

  const absl::Status valid = msp_gateway::ValidateCreateOrder(request);
  // Either way the translator must not crash; it may refuse invalid input.
  const absl::StatusOr<std::string> body =
      msp_gateway::TranslateCreateOrder(request);
  if (!valid.ok()) {
    Check(valid.code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  Check(body.ok());
  const nlohmann::json parsed =
      nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  Check(parsed.is_object());
  Check(parsed.contains("order_id") && parsed["order_id"].is_string() &&
        parsed["order_id"].get<std::string>() == request.order_id());
  Check(parsed.contains("amount") && parsed["amount"].is_number_integer() &&
        parsed["amount"].get<int64_t>() == request.amount());
  return 0;
}
