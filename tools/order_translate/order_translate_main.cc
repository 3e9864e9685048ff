// Copyright 2026 The msp-gateway Authors.
//
// order_translate: reads a payments.v1.CreateOrderRequest as proto3 JSON on
// stdin, validates and translates it with the server's own CreateOrder spec
// (service/create_order/create_order.h) and prints the MultiSafepay
// POST /orders body, on one line.
//
//   bazel-bin/tools/order_translate/order_translate < request.json
//   bazel-bin/tools/order_translate/order_translate --no_validate < req.json
//
// Exit status: 0 and the body on stdout; 1 when stdin is not a request (the
// parser's message on stderr); 2 when validation fails: the status message
// and one "  <field>: <description>" line per field violation on stdout, as
// a caller sees them in google.rpc.BadRequest. --no_validate translates
// without validating (to look at the body of a request the gateway would
// refuse); translation errors also exit 2.

#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/util/json_util.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/status_text.h"
#include "service/create_order/create_order.h"

namespace {

int PrintError(const absl::Status& status) {
  std::cout << msp_gateway::StatusText(status);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool validate = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no_validate") == 0) {
      validate = false;
    } else {
      std::cerr << "usage: order_translate [--no_validate] < request.json\n";
      return 1;
    }
  }
  const std::string input((std::istreambuf_iterator<char>(std::cin)),
                          std::istreambuf_iterator<char>());
  payments::v1::CreateOrderRequest request;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(input, &request);
  if (!parsed.ok()) {
    std::cerr << "not a payments.v1.CreateOrderRequest: " << parsed.ToString()
              << "\n";
    return 1;
  }
  const auto& spec = msp_gateway::kCreateOrderSpec;
  if (validate) {
    const absl::Status valid = spec.validate(request);
    if (!valid.ok()) return PrintError(valid);
  }
  const absl::StatusOr<msp_gateway::MspRequest> call = spec.translate(request);
  if (!call.ok()) return PrintError(call.status());
  std::cout << call->body << "\n";
  return 0;
}
