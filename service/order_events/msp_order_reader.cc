// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/msp_order_reader.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "service/msp_order/order_mapper.h"
#include "service/order_actions/get_order.h"

namespace msp_gateway {
namespace {

// The sender's answer, shared with its callback: it may run after the
// reader gave up waiting.
struct PendingRead {
  absl::Notification done;
  absl::Mutex mu;
  std::optional<absl::StatusOr<MspReply>> reply ABSL_GUARDED_BY(mu);
};

}  // namespace

ReadMspOrder MspOrderReader(SendMsp send) {
  return [send = std::move(send)](
             absl::string_view order_id,
             absl::Time deadline) -> absl::StatusOr<payments::v1::Order> {
    payments::v1::GetOrderRequest request;
    request.set_order_id(std::string(order_id));
    if (absl::Status valid = ValidateGetOrder(request); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<MspRequest> msp_request = TranslateGetOrder(request);
    if (!msp_request.ok()) return msp_request.status();
    auto pending = std::make_shared<PendingRead>();
    send(*msp_request, deadline, [pending](absl::StatusOr<MspReply> reply) {
      {
        absl::MutexLock lock(&pending->mu);
        pending->reply = std::move(reply);
      }
      pending->done.Notify();
    });
    if (!pending->done.WaitForNotificationWithDeadline(deadline)) {
      return absl::DeadlineExceededError(
          "MultiSafepay did not answer GET /orders in time");
    }
    absl::MutexLock lock(&pending->mu);
    const absl::StatusOr<MspReply>& reply = *pending->reply;
    if (!reply.ok()) return reply.status();
    return MapMspOrder(*reply, order_id);
  };
}

}  // namespace msp_gateway
