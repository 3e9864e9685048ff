// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/result_mapper.h"

#include <string>

#include "service/msp_json/msp_fields.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

// The first non-empty of the candidates.
std::string FirstNonEmpty(const std::string& a, const std::string& b,
                          const std::string& c = "") {
  if (!a.empty()) return a;
  if (!b.empty()) return b;
  return c;
}

absl::Status CheckObject(MspOperation op, const MspReply& reply) {
  if (reply.data.is_object()) return absl::OkStatus();
  return MspInvalidResponseError(op, reply.http_status, "",
                                 "\"data\" is not an object");
}

absl::Status Problem(MspOperation op, const MspReply& reply,
                     const std::string& problem) {
  if (problem.empty()) return absl::OkStatus();
  return MspInvalidResponseError(op, reply.http_status, "", problem);
}

}  // namespace

absl::StatusOr<payments::v1::UpdateOrderResponse> MapUpdateOrderResult(
    const payments::v1::UpdateOrderRequest& request, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kUpdateOrder;
  if (absl::Status s = CheckObject(kOp, reply); !s.ok()) return s;
  std::string problem;
  const MspFields f(reply.data, "", problem);
  payments::v1::UpdateOrderResponse response;
  response.set_order_id(FirstNonEmpty(f.Text("order_id"), request.order_id()));
  response.set_transaction_id(f.Int("transaction_id"));
  if (absl::Status s = Problem(kOp, reply, problem); !s.ok()) return s;
  return response;
}

absl::StatusOr<payments::v1::CancelOrderResponse> MapCancelOrderResult(
    const payments::v1::CancelOrderRequest& request, const MspReply& reply) {
  if (absl::Status s = CheckObject(MspOperation::kUpdateOrder, reply);
      !s.ok()) {
    return s;
  }
  payments::v1::CancelOrderResponse response;
  response.set_order_id(request.order_id());
  return response;
}

absl::StatusOr<payments::v1::CaptureOrderResponse> MapCaptureOrderResult(
    const payments::v1::CaptureOrderRequest& request, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kCaptureOrder;
  if (absl::Status s = CheckObject(kOp, reply); !s.ok()) return s;
  std::string problem;
  const MspFields f(reply.data, "", problem);
  payments::v1::CaptureOrderResponse response;
  response.set_order_id(FirstNonEmpty(
      f.Text("order_id"), request.new_order_id(), request.order_id()));
  response.set_transaction_id(f.Int("transaction_id"));
  if (absl::Status s = Problem(kOp, reply, problem); !s.ok()) return s;
  return response;
}

absl::StatusOr<payments::v1::RefundOrderResponse> MapRefundOrderResult(
    const payments::v1::RefundOrderRequest& request, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kRefundOrder;
  if (absl::Status s = CheckObject(kOp, reply); !s.ok()) return s;
  std::string problem;
  const MspFields f(reply.data, "", problem);
  payments::v1::RefundOrderResponse response;
  response.set_transaction_id(f.Int("transaction_id"));
  response.set_refund_id(f.Int("refund_id"));
  response.set_order_id(FirstNonEmpty(f.Text("order_id"), request.order_id()));
  if (absl::Status s = Problem(kOp, reply, problem); !s.ok()) return s;
  return response;
}

}  // namespace msp_gateway
