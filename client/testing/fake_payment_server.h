// Copyright 2026 The msp-gateway Authors.
//
// File: testing/fake_payment_server.h
//
// An in-process payments.v1.PaymentService on 127.0.0.1 (a free port), for
// unit tests of services that use PaymentClient: the real client, channel,
// retries and deadlines run over a real socket, while the test decides every
// answer and inspects every request. Test-only
// (//client:payments_client_testing).
//
// Example:
//
//   auto server = FakePaymentServer::Start();
//   ASSERT_TRUE(server.ok()) << server.status();
//   CallError invalid;
//   invalid.code = absl::StatusCode::kInvalidArgument;
//   invalid.message = "invalid order";
//   invalid.field_violations = {{"customer.locale", "required for
//   Bancontact"}};
//   (*server)->EnqueueError(invalid.ToStatus());
//
//   auto client = PaymentClient::Create((*server)->target());
//   ... call code under test ...
//   EXPECT_EQ((*server)->requests()[0].order_id(), "order-1");
//
// Answers: each call takes the oldest enqueued FakeAnswer; when the queue is
// empty the handler decides (by default a MultiSafepay-shaped success:
// DefaultResponse()). Every call is recorded, retry attempts included.

#ifndef MSP_GATEWAY_CLIENT_TESTING_FAKE_PAYMENT_SERVER_H_
#define MSP_GATEWAY_CLIENT_TESTING_FAKE_PAYMENT_SERVER_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace payments_client {
namespace testing {

// FakeAnswer
//
// What the fake answers to one call: `status` (any code; details as made by
// CallError::ToStatus() reach the client intact) and, when it is OK,
// `response`; sent after `delay` (the call's cancellation or deadline ends
// the wait early, like a real server's).
struct FakeAnswer {
  absl::Status status;
  payments::v1::CreateOrderResponse response;
  absl::Duration delay = absl::ZeroDuration();

  static FakeAnswer Ok(payments::v1::CreateOrderResponse response,
                       absl::Duration delay = absl::ZeroDuration());
  static FakeAnswer Error(absl::Status status,
                          absl::Duration delay = absl::ZeroDuration());
};

// RecordedCall
//
// One call as the server saw it.
struct RecordedCall {
  payments::v1::CreateOrderRequest request;
  // Client metadata, e.g. "user-agent"; retry attempts carry
  // "grpc-previous-rpc-attempts".
  std::multimap<std::string, std::string> metadata;
  // The call's deadline as the server saw it (absl::InfiniteFuture() if none).
  absl::Time deadline;
  // True when the client cancelled the call or its deadline passed before
  // the fake answered.
  bool cancelled = false;
};

// FakePaymentServer
//
// Thread-safe. Destroying it shuts the server down (pending delayed answers
// end at once).
class FakePaymentServer {
 public:
  using Handler =
      std::function<FakeAnswer(const payments::v1::CreateOrderRequest&)>;

  struct Options {
    // Default: plaintext. E.g. grpc::SslServerCredentials(...) for TLS tests.
    std::shared_ptr<grpc::ServerCredentials> credentials;
  };

  // FakePaymentServer::Start()
  //
  // Listens on 127.0.0.1 on a free port. Fails (UNAVAILABLE) if it cannot.
  static absl::StatusOr<std::unique_ptr<FakePaymentServer>> Start();
  static absl::StatusOr<std::unique_ptr<FakePaymentServer>> Start(
      Options options);

  FakePaymentServer(const FakePaymentServer&) = delete;
  FakePaymentServer& operator=(const FakePaymentServer&) = delete;
  ~FakePaymentServer();

  int port() const { return port_; }
  // "127.0.0.1:<port>", for PaymentClient::Create().
  std::string target() const;

  // Programming answers. Enqueued answers are used first, oldest first.
  void Enqueue(FakeAnswer answer);
  void EnqueueResponse(payments::v1::CreateOrderResponse response);
  void EnqueueError(absl::Status status);
  // Answers calls when the queue is empty. Runs on a server thread, outside
  // the fake's lock. Pass nullptr to restore the default.
  void SetHandler(Handler handler);

  // Inspection.
  std::vector<RecordedCall> calls() const;
  std::vector<payments::v1::CreateOrderRequest> requests() const;
  size_t call_count() const;
  // Waits until at least `n` calls arrived; false on timeout.
  bool WaitForCalls(size_t n, absl::Duration timeout) const;
  // Forgets recorded calls and enqueued answers (not the handler).
  void Reset();

  // Stops serving now: in-flight calls end (delayed answers are cut short),
  // later calls fail with UNAVAILABLE (connection refused). Idempotent.
  void Shutdown();

  // FakePaymentServer::DefaultResponse()
  //
  // The default handler's success: order_id echoed, payment_url
  // `https://testpayv2.multisafepay.com/connect/<35 characters>/?lang=<locale>`
  // (locale from the request, en_US if unset), session_id the 35 characters.
  static payments::v1::CreateOrderResponse DefaultResponse(
      const payments::v1::CreateOrderRequest& request);

 private:
  class Service;

  FakePaymentServer() = default;

  // Called by Service for every call: records it (its index goes to
  // `index`) and picks the answer.
  FakeAnswer Next(RecordedCall call, size_t& index) ABSL_LOCKS_EXCLUDED(mu_);
  void MarkCancelled(size_t index) ABSL_LOCKS_EXCLUDED(mu_);
  bool shut_down() const ABSL_LOCKS_EXCLUDED(mu_);

  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;

  mutable absl::Mutex mu_;
  std::deque<FakeAnswer> queue_ ABSL_GUARDED_BY(mu_);
  Handler handler_ ABSL_GUARDED_BY(mu_);
  std::vector<RecordedCall> calls_ ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace testing
}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_TESTING_FAKE_PAYMENT_SERVER_H_
