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
// Every RPC of the service works the same way; name the method with its
// FakeRpc constant (kGetOrder, kRefundOrder, ...) and the types follow:
//
//   (*server)->EnqueueError(kRefundOrder, Unavailable().ToStatus());
//   GetOrderResponse order;
//   order.mutable_order()->set_status(payments::v1::ORDER_STATUS_COMPLETED);
//   (*server)->EnqueueResponse(kGetOrder, order);
//   ...
//   EXPECT_EQ((*server)->call_count(kRefundOrder), 1u);
//   EXPECT_EQ((*server)->requests(kRefundOrder)[0].amount(), 500);
//
// The overloads without a FakeRpc argument are CreateOrder's (the fake
// predates the other RPCs).
//
// WatchOrderEvents, the one streaming RPC, is scripted per stream instead:
// events, then how the stream ends (or that it stays open, following
// PublishEvent()); its calls are recorded like the others':
//
//   (*server)->EnqueueStream(StreamAnswer::Ending(
//       {event1, event2}, CallError{absl::StatusCode::kUnavailable,
//                                   "shutting down"}.ToStatus()));
//   (*server)->EnqueueStream(StreamAnswer::Open({event3}));
//   ... start an OrderEventWatcher ...
//   ASSERT_TRUE((*server)->WaitForCalls(kWatchOrderEvents, 2, timeout));
//   EXPECT_EQ((*server)->requests(kWatchOrderEvents)[1].after_cursor(), "2");
//   (*server)->PublishEvent(event4);  // to the open stream
//
// Answers: each call takes the oldest answer enqueued for its method; when
// that queue is empty the method's handler decides (by default a
// MultiSafepay-shaped success: DefaultResponse()). Every call is recorded,
// retry attempts included.

#ifndef MSP_GATEWAY_CLIENT_TESTING_FAKE_PAYMENT_SERVER_H_
#define MSP_GATEWAY_CLIENT_TESTING_FAKE_PAYMENT_SERVER_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace payments_client {
namespace testing {

// FakeRpc
//
// Names one method of payments.v1.PaymentService and carries its request and
// response types, so the FakePaymentServer calls taking it are typed. Use the
// constants below.
template <typename RequestT, typename ResponseT>
struct FakeRpc {
  using Request = RequestT;
  using Response = ResponseT;
  // The method name, e.g. "GetOrder".
  const char* name;
};

inline constexpr FakeRpc<payments::v1::CreateOrderRequest,
                         payments::v1::CreateOrderResponse>
    kCreateOrder{"CreateOrder"};
inline constexpr FakeRpc<payments::v1::GetOrderRequest,
                         payments::v1::GetOrderResponse>
    kGetOrder{"GetOrder"};
inline constexpr FakeRpc<payments::v1::UpdateOrderRequest,
                         payments::v1::UpdateOrderResponse>
    kUpdateOrder{"UpdateOrder"};
inline constexpr FakeRpc<payments::v1::CancelOrderRequest,
                         payments::v1::CancelOrderResponse>
    kCancelOrder{"CancelOrder"};
inline constexpr FakeRpc<payments::v1::CaptureOrderRequest,
                         payments::v1::CaptureOrderResponse>
    kCaptureOrder{"CaptureOrder"};
inline constexpr FakeRpc<payments::v1::RefundOrderRequest,
                         payments::v1::RefundOrderResponse>
    kRefundOrder{"RefundOrder"};
inline constexpr FakeRpc<payments::v1::ListGatewaysRequest,
                         payments::v1::ListGatewaysResponse>
    kListGateways{"ListGateways"};
inline constexpr FakeRpc<payments::v1::GetGatewayRequest,
                         payments::v1::GetGatewayResponse>
    kGetGateway{"GetGateway"};
inline constexpr FakeRpc<payments::v1::ListPaymentMethodsRequest,
                         payments::v1::ListPaymentMethodsResponse>
    kListPaymentMethods{"ListPaymentMethods"};
inline constexpr FakeRpc<payments::v1::ListRecurringTokensRequest,
                         payments::v1::ListRecurringTokensResponse>
    kListRecurringTokens{"ListRecurringTokens"};
inline constexpr FakeRpc<payments::v1::DeleteRecurringTokenRequest,
                         payments::v1::DeleteRecurringTokenResponse>
    kDeleteRecurringToken{"DeleteRecurringToken"};
// The server-streaming RPC: for calls(), requests(), call_count() and
// WaitForCalls(); its answers are StreamAnswers (EnqueueStream()), so
// Enqueue*() and SetHandler() do not accept it.
inline constexpr FakeRpc<payments::v1::WatchOrderEventsRequest,
                         payments::v1::WatchOrderEventsResponse>
    kWatchOrderEvents{"WatchOrderEvents"};

// Answer
//
// What the fake answers to one call: `status` (any code; details as made by
// CallError::ToStatus() reach the client intact) and, when it is OK,
// `response`; sent after `delay` (the call's cancellation or deadline ends
// the wait early, like a real server's).
template <typename Response>
struct Answer {
  absl::Status status;
  Response response;
  absl::Duration delay = absl::ZeroDuration();

  static Answer Ok(Response response,
                   absl::Duration delay = absl::ZeroDuration()) {
    Answer answer;
    answer.response = std::move(response);
    answer.delay = delay;
    return answer;
  }
  static Answer Error(absl::Status status,
                      absl::Duration delay = absl::ZeroDuration()) {
    Answer answer;
    answer.status = std::move(status);
    answer.delay = delay;
    return answer;
  }
};

// CreateOrder's answer.
using FakeAnswer = Answer<payments::v1::CreateOrderResponse>;

// StreamAnswer
//
// What the fake sends on one WatchOrderEvents call: `events` in order (each
// after `event_delay`), then
// - with `end`: it ends the stream with that status (details as made by
//   CallError::ToStatus() reach the client intact; OK ends it cleanly);
// - without: the stream stays open like a gateway's that has caught up,
//   sending what PublishEvent() publishes, until the client cancels or its
//   deadline passes, or the server shuts down (then it ends with
//   UNAVAILABLE, as the gateway does, after the events published before).
// The client cancelling or going away ends it at any point.
struct StreamAnswer {
  std::vector<payments::v1::OrderEvent> events;
  std::optional<absl::Status> end;
  absl::Duration event_delay = absl::ZeroDuration();

  static StreamAnswer Ending(std::vector<payments::v1::OrderEvent> events,
                             absl::Status end) {
    StreamAnswer answer;
    answer.events = std::move(events);
    answer.end = std::move(end);
    return answer;
  }
  static StreamAnswer Open(std::vector<payments::v1::OrderEvent> events = {}) {
    StreamAnswer answer;
    answer.events = std::move(events);
    return answer;
  }
};

// Recorded
//
// One call as the server saw it.
template <typename Request>
struct Recorded {
  Request request;
  // Client metadata, e.g. "user-agent"; retry attempts carry
  // "grpc-previous-rpc-attempts".
  std::multimap<std::string, std::string> metadata;
  // The call's deadline as the server saw it (absl::InfiniteFuture() if none).
  absl::Time deadline;
  // True when the client cancelled the call or its deadline passed before
  // the fake answered.
  bool cancelled = false;
  // The connection's auth context as gRPC gave it to the handler, property
  // name -> value. Over TLS e.g. "transport_security_type" "ssl"; with a
  // verified client certificate also its "x509_common_name",
  // "x509_subject_alternative_name" (one entry per SAN), "peer_spiffe_id"
  // (a single spiffe:// URI SAN) and "x509_pem_cert". Shows which
  // certificate a client presented, e.g. after it rotated its files.
  std::multimap<std::string, std::string> auth_properties;
};

// A CreateOrder call.
using RecordedCall = Recorded<payments::v1::CreateOrderRequest>;

namespace fake_internal {
template <typename T>
struct Identity {
  using type = T;
};
}  // namespace fake_internal

// T, in a position where template arguments are not deduced from it: the
// FakeRpc argument alone decides the types, so lambdas and braced values
// convert.
template <typename T>
using NotDeduced = typename fake_internal::Identity<T>::type;

// FakePaymentServer
//
// Thread-safe. Destroying it shuts the server down (pending delayed answers
// end at once).
class FakePaymentServer {
 public:
  // Answers a method's calls when its queue is empty.
  template <typename Request, typename Response>
  using HandlerFor = std::function<Answer<Response>(const Request&)>;
  using Handler = HandlerFor<payments::v1::CreateOrderRequest,
                             payments::v1::CreateOrderResponse>;

  struct Options {
    // Default: plaintext. E.g. grpc::SslServerCredentials(...) for TLS tests.
    std::shared_ptr<grpc::ServerCredentials> credentials;
    // 0: a free port. Else this one, e.g. a shut down fake's port(), to
    // play a gateway that comes back.
    int port = 0;
    // Each connection is closed gracefully (GOAWAY; calls in flight finish)
    // once it is this old, so clients keep opening new ones, each with a new
    // TLS handshake. Infinite: never (gRPC's default).
    absl::Duration max_connection_age = absl::InfiniteDuration();
  };

  // FakePaymentServer::Start()
  //
  // Listens on 127.0.0.1 on a free port (or Options::port). Fails
  // (UNAVAILABLE) if it cannot.
  static absl::StatusOr<std::unique_ptr<FakePaymentServer>> Start();
  static absl::StatusOr<std::unique_ptr<FakePaymentServer>> Start(
      Options options);

  FakePaymentServer(const FakePaymentServer&) = delete;
  FakePaymentServer& operator=(const FakePaymentServer&) = delete;
  ~FakePaymentServer();

  int port() const { return port_; }
  // "127.0.0.1:<port>", for PaymentClient::Create().
  std::string target() const;

  // Programming answers, per method. Enqueued answers are used first, oldest
  // first.
  template <typename Request, typename Response>
  void Enqueue(FakeRpc<Request, Response> rpc,
               NotDeduced<Answer<Response>> answer) {
    static_assert(!IsStream<Response>(),
                  "WatchOrderEvents answers with streams: EnqueueStream()");
    EnqueueErased(rpc.name, Erase(std::move(answer)));
  }
  template <typename Request, typename Response>
  void EnqueueResponse(FakeRpc<Request, Response> rpc,
                       NotDeduced<Response> response) {
    Enqueue(rpc, Answer<Response>::Ok(std::move(response)));
  }
  template <typename Request, typename Response>
  void EnqueueError(FakeRpc<Request, Response> rpc, absl::Status status) {
    Enqueue(rpc, Answer<Response>::Error(std::move(status)));
  }
  // Answers the method's calls when its queue is empty. Runs on a server
  // thread, outside the fake's lock. Pass nullptr to restore the default
  // (DefaultResponse()).
  template <typename Request, typename Response>
  void SetHandler(FakeRpc<Request, Response> rpc,
                  NotDeduced<HandlerFor<Request, Response>> handler) {
    static_assert(!IsStream<Response>(),
                  "WatchOrderEvents answers with streams: EnqueueStream()");
    ErasedHandler erased;
    if (handler) {
      erased = [handler = std::move(handler)](
                   const google::protobuf::Message& request) {
        return Erase(handler(static_cast<const Request&>(request)));
      };
    }
    SetErasedHandler(rpc.name, std::move(erased));
  }

  // CreateOrder's, as above.
  void Enqueue(FakeAnswer answer) { Enqueue(kCreateOrder, std::move(answer)); }
  void EnqueueResponse(payments::v1::CreateOrderResponse response) {
    EnqueueResponse(kCreateOrder, std::move(response));
  }
  void EnqueueError(absl::Status status) {
    EnqueueError(kCreateOrder, std::move(status));
  }
  void SetHandler(Handler handler) {
    SetHandler(kCreateOrder, std::move(handler));
  }

  // WatchOrderEvents: each call takes the oldest StreamAnswer enqueued;
  // when there is none, StreamAnswer::Open() (no events, stays open).
  void EnqueueStream(StreamAnswer answer) ABSL_LOCKS_EXCLUDED(mu_);

  // Sends `event` on every WatchOrderEvents stream that stays open (a
  // StreamAnswer without `end`) and has not ended yet, after its scripted
  // events. Returns how many streams it was queued for. A call counted by
  // WaitForCalls(kWatchOrderEvents, ...) is already one of them.
  size_t PublishEvent(const payments::v1::OrderEvent& event)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Inspection, per method.
  template <typename Request, typename Response>
  std::vector<Recorded<Request>> calls(FakeRpc<Request, Response> rpc) const {
    std::vector<Recorded<Request>> out;
    for (ErasedCall& call : ErasedCalls(rpc.name)) {
      Recorded<Request> typed;
      typed.request = static_cast<const Request&>(*call.request);
      typed.metadata = std::move(call.metadata);
      typed.deadline = call.deadline;
      typed.cancelled = call.cancelled;
      typed.auth_properties = std::move(call.auth_properties);
      out.push_back(std::move(typed));
    }
    return out;
  }
  template <typename Request, typename Response>
  std::vector<Request> requests(FakeRpc<Request, Response> rpc) const {
    std::vector<Request> out;
    for (const ErasedCall& call : ErasedCalls(rpc.name)) {
      out.push_back(static_cast<const Request&>(*call.request));
    }
    return out;
  }
  template <typename Request, typename Response>
  size_t call_count(FakeRpc<Request, Response> rpc) const {
    return CallCount(rpc.name);
  }
  // Waits until at least `n` calls of the method arrived; false on timeout.
  template <typename Request, typename Response>
  bool WaitForCalls(FakeRpc<Request, Response> rpc, size_t n,
                    absl::Duration timeout) const {
    return WaitForCallsOf(rpc.name, n, timeout);
  }

  // CreateOrder's, as above.
  std::vector<RecordedCall> calls() const { return calls(kCreateOrder); }
  std::vector<payments::v1::CreateOrderRequest> requests() const {
    return requests(kCreateOrder);
  }
  size_t call_count() const { return call_count(kCreateOrder); }
  bool WaitForCalls(size_t n, absl::Duration timeout) const {
    return WaitForCalls(kCreateOrder, n, timeout);
  }

  // Calls of every method.
  size_t total_call_count() const ABSL_LOCKS_EXCLUDED(mu_);

  // Forgets recorded calls and enqueued answers of every method, streams
  // included (not the handlers).
  void Reset() ABSL_LOCKS_EXCLUDED(mu_);

  // Stops serving now: in-flight calls end (delayed answers are cut short),
  // later calls fail with UNAVAILABLE (connection refused). Idempotent.
  void Shutdown() ABSL_LOCKS_EXCLUDED(mu_);

  // FakePaymentServer::DefaultResponse()
  //
  // The default handlers' successes, deterministic per request:
  // - CreateOrder: order_id echoed, payment_url
  //   `https://testpayv2.multisafepay.com/connect/<35
  //   characters>/?lang=<locale>` (locale from the request, en_US if unset),
  //   session_id the 35 characters.
  // - GetOrder: the order_id, a transaction_id, status and financial_status
  //   initialized (a created order nobody paid yet).
  // - UpdateOrder, CancelOrder: the order_id echoed.
  // - CaptureOrder: new_order_id (else order_id) and a transaction_id.
  // - RefundOrder: the order_id, a transaction_id and a refund_id.
  // - ListGateways: MISTERCASH (Bancontact), IDEAL (iDEAL), VISA (Visa).
  // - GetGateway: the requested gateway with its MultiSafepay ID.
  // - ListPaymentMethods: MISTERCASH, IDEAL and VISA, each with its name.
  // - ListRecurringTokens: no tokens.
  // - DeleteRecurringToken: the empty response (deleted).
  static payments::v1::CreateOrderResponse DefaultResponse(
      const payments::v1::CreateOrderRequest& request);
  static payments::v1::GetOrderResponse DefaultResponse(
      const payments::v1::GetOrderRequest& request);
  static payments::v1::UpdateOrderResponse DefaultResponse(
      const payments::v1::UpdateOrderRequest& request);
  static payments::v1::CancelOrderResponse DefaultResponse(
      const payments::v1::CancelOrderRequest& request);
  static payments::v1::CaptureOrderResponse DefaultResponse(
      const payments::v1::CaptureOrderRequest& request);
  static payments::v1::RefundOrderResponse DefaultResponse(
      const payments::v1::RefundOrderRequest& request);
  static payments::v1::ListGatewaysResponse DefaultResponse(
      const payments::v1::ListGatewaysRequest& request);
  static payments::v1::GetGatewayResponse DefaultResponse(
      const payments::v1::GetGatewayRequest& request);
  static payments::v1::ListPaymentMethodsResponse DefaultResponse(
      const payments::v1::ListPaymentMethodsRequest& request);
  static payments::v1::ListRecurringTokensResponse DefaultResponse(
      const payments::v1::ListRecurringTokensRequest& request);
  static payments::v1::DeleteRecurringTokenResponse DefaultResponse(
      const payments::v1::DeleteRecurringTokenRequest& request);

 private:
  class Service;

  // The untyped form of Answer, Recorded and handlers: what the server keeps
  // per method, whatever the method's types. Messages are the method's
  // concrete request and response types.
  struct ErasedAnswer {
    absl::Status status;
    std::shared_ptr<const google::protobuf::Message> response;  // If OK.
    absl::Duration delay = absl::ZeroDuration();
  };
  struct ErasedCall {
    std::shared_ptr<const google::protobuf::Message> request;
    std::multimap<std::string, std::string> metadata;
    absl::Time deadline;
    bool cancelled = false;
    std::multimap<std::string, std::string> auth_properties;
  };
  using ErasedHandler =
      std::function<ErasedAnswer(const google::protobuf::Message&)>;
  struct MethodState {
    std::deque<ErasedAnswer> queue;
    ErasedHandler handler;
    std::vector<ErasedCall> calls;
  };

  template <typename Response>
  static ErasedAnswer Erase(Answer<Response> answer) {
    ErasedAnswer erased;
    erased.delay = answer.delay;
    if (answer.status.ok()) {
      erased.response =
          std::make_shared<const Response>(std::move(answer.response));
    }
    erased.status = std::move(answer.status);
    return erased;
  }

  template <typename Response>
  static constexpr bool IsStream() {
    return std::is_same_v<Response, payments::v1::WatchOrderEventsResponse>;
  }

  // One open WatchOrderEvents stream's published events, not yet sent.
  struct LiveFeed {
    std::deque<payments::v1::OrderEvent> pending;
  };

  FakePaymentServer() = default;

  void EnqueueErased(const std::string& method, ErasedAnswer answer)
      ABSL_LOCKS_EXCLUDED(mu_);
  void SetErasedHandler(const std::string& method, ErasedHandler handler)
      ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<ErasedCall> ErasedCalls(const std::string& method) const
      ABSL_LOCKS_EXCLUDED(mu_);
  size_t CallCount(const std::string& method) const ABSL_LOCKS_EXCLUDED(mu_);
  bool WaitForCallsOf(const std::string& method, size_t n,
                      absl::Duration timeout) const ABSL_LOCKS_EXCLUDED(mu_);

  // Called by Service for every call: records it (its index goes to
  // `index`) and picks the answer: the queue's, else the handler's, else
  // nullopt (the caller uses DefaultResponse()).
  std::optional<ErasedAnswer> Next(const std::string& method, ErasedCall call,
                                   size_t& index) ABSL_LOCKS_EXCLUDED(mu_);
  void MarkCancelled(const std::string& method, size_t index)
      ABSL_LOCKS_EXCLUDED(mu_);
  // WatchOrderEvents: records the call and picks its StreamAnswer; for an
  // open stream also registers `feed` for PublishEvent().
  StreamAnswer NextStream(ErasedCall call, size_t& index,
                          const std::shared_ptr<LiveFeed>& feed)
      ABSL_LOCKS_EXCLUDED(mu_);
  void EndStream(const std::shared_ptr<LiveFeed>& feed)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Waits up to `timeout` for a published event on `feed` or the shutdown;
  // the oldest such event, if any.
  std::optional<payments::v1::OrderEvent> NextPublished(
      const std::shared_ptr<LiveFeed>& feed, absl::Duration timeout)
      ABSL_LOCKS_EXCLUDED(mu_);
  bool shut_down() const ABSL_LOCKS_EXCLUDED(mu_);

  // What the handlers use comes first, so that it is destroyed last: after
  // server_, whose destructor joins the threads the handlers ran on.
  mutable absl::Mutex mu_;
  // By method name.
  std::map<std::string, MethodState> methods_ ABSL_GUARDED_BY(mu_);
  std::deque<StreamAnswer> streams_ ABSL_GUARDED_BY(mu_);
  // The open WatchOrderEvents streams that follow PublishEvent().
  std::vector<std::shared_ptr<LiveFeed>> feeds_ ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;

  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace testing
}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_TESTING_FAKE_PAYMENT_SERVER_H_
