// Copyright 2026 The msp-gateway Authors.

#include "client/testing/fake_payment_server.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "client/testing/grpc_status.h"
#include "grpc/grpc.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"

namespace payments_client {
namespace testing {
namespace {

namespace pb = ::payments::v1;

// How often a delayed answer checks for cancellation and shutdown.
constexpr absl::Duration kPollInterval = absl::Milliseconds(2);

absl::Time ToAbslDeadline(std::chrono::system_clock::time_point deadline) {
  const absl::Time t = absl::FromChrono(deadline);
  // gRPC reports "no deadline" as a time point centuries away.
  return t - absl::Now() > absl::Hours(24 * 365 * 100) ? absl::InfiniteFuture()
                                                       : t;
}

// A MultiSafepay-like numeric ID (transaction_id, refund_id): up to 10
// digits, deterministic per `key` and `salt`.
int64_t FakeId(const std::string& key, absl::string_view salt) {
  const size_t h = std::hash<std::string>()(absl::StrCat(salt, ":", key));
  return 1000000000 + static_cast<int64_t>(h % 9000000000ULL);
}

// The gateway's MultiSafepay ID: the enum name without `GATEWAY_`.
std::string GatewayId(pb::Gateway gateway) {
  if (gateway == pb::GATEWAY_UNSPECIFIED) return "";
  std::string name = pb::Gateway_Name(gateway);
  return absl::StartsWith(name, "GATEWAY_") ? name.substr(8) : name;
}

pb::GatewayDescription Describe(pb::Gateway gateway) {
  pb::GatewayDescription out;
  out.set_gateway(gateway);
  out.set_id(GatewayId(gateway));
  switch (gateway) {
    case pb::GATEWAY_MISTERCASH:
      out.set_description("Bancontact");
      break;
    case pb::GATEWAY_IDEAL:
      out.set_description("iDEAL");
      break;
    case pb::GATEWAY_VISA:
      out.set_description("Visa");
      break;
    default:
      out.set_description(out.id());
  }
  return out;
}

}  // namespace

class FakePaymentServer::Service final : public pb::PaymentService::Service {
 public:
  explicit Service(FakePaymentServer& owner) : owner_(owner) {}

  // Every method: the one Handle() below.
  grpc::Status CreateOrder(grpc::ServerContext* context,
                           const pb::CreateOrderRequest* request,
                           pb::CreateOrderResponse* response) override {
    return Handle(kCreateOrder, *context, *request, *response);
  }
  grpc::Status GetOrder(grpc::ServerContext* context,
                        const pb::GetOrderRequest* request,
                        pb::GetOrderResponse* response) override {
    return Handle(kGetOrder, *context, *request, *response);
  }
  grpc::Status UpdateOrder(grpc::ServerContext* context,
                           const pb::UpdateOrderRequest* request,
                           pb::UpdateOrderResponse* response) override {
    return Handle(kUpdateOrder, *context, *request, *response);
  }
  grpc::Status CancelOrder(grpc::ServerContext* context,
                           const pb::CancelOrderRequest* request,
                           pb::CancelOrderResponse* response) override {
    return Handle(kCancelOrder, *context, *request, *response);
  }
  grpc::Status CaptureOrder(grpc::ServerContext* context,
                            const pb::CaptureOrderRequest* request,
                            pb::CaptureOrderResponse* response) override {
    return Handle(kCaptureOrder, *context, *request, *response);
  }
  grpc::Status RefundOrder(grpc::ServerContext* context,
                           const pb::RefundOrderRequest* request,
                           pb::RefundOrderResponse* response) override {
    return Handle(kRefundOrder, *context, *request, *response);
  }
  grpc::Status ListGateways(grpc::ServerContext* context,
                            const pb::ListGatewaysRequest* request,
                            pb::ListGatewaysResponse* response) override {
    return Handle(kListGateways, *context, *request, *response);
  }
  grpc::Status GetGateway(grpc::ServerContext* context,
                          const pb::GetGatewayRequest* request,
                          pb::GetGatewayResponse* response) override {
    return Handle(kGetGateway, *context, *request, *response);
  }
  grpc::Status ListPaymentMethods(
      grpc::ServerContext* context,
      const pb::ListPaymentMethodsRequest* request,
      pb::ListPaymentMethodsResponse* response) override {
    return Handle(kListPaymentMethods, *context, *request, *response);
  }
  grpc::Status ListRecurringTokens(
      grpc::ServerContext* context,
      const pb::ListRecurringTokensRequest* request,
      pb::ListRecurringTokensResponse* response) override {
    return Handle(kListRecurringTokens, *context, *request, *response);
  }
  grpc::Status DeleteRecurringToken(
      grpc::ServerContext* context,
      const pb::DeleteRecurringTokenRequest* request,
      pb::DeleteRecurringTokenResponse* response) override {
    return Handle(kDeleteRecurringToken, *context, *request, *response);
  }

  // Plays the call's StreamAnswer: its events, then its end, or (open)
  // what PublishEvent() sends until the client or the server ends it.
  grpc::Status WatchOrderEvents(
      grpc::ServerContext* context, const pb::WatchOrderEventsRequest* request,
      grpc::ServerWriter<pb::WatchOrderEventsResponse>* writer) override {
    auto feed = std::make_shared<LiveFeed>();
    size_t index = 0;
    const StreamAnswer answer =
        owner_.NextStream(Record(*context, *request), index, feed);
    const grpc::Status status =
        PlayStream(answer, feed, index, *context, *writer);
    owner_.EndStream(feed);
    return status;
  }

 private:
  // The call as Recorded keeps it.
  template <typename Request>
  static ErasedCall Record(grpc::ServerContext& context,
                           const Request& request) {
    ErasedCall call;
    call.request = std::make_shared<const Request>(request);
    for (const auto& [key, value] : context.client_metadata()) {
      call.metadata.emplace(std::string(key.data(), key.size()),
                            std::string(value.data(), value.size()));
    }
    call.deadline = ToAbslDeadline(context.deadline());
    if (const std::shared_ptr<const grpc::AuthContext> auth =
            context.auth_context()) {
      for (const grpc::AuthProperty& property : *auth) {
        call.auth_properties.emplace(
            std::string(property.first.data(), property.first.size()),
            std::string(property.second.data(), property.second.size()));
      }
    }
    return call;
  }

  // The stream's end when the client or the server ended it, else nullopt.
  std::optional<grpc::Status> Interrupted(grpc::ServerContext& context,
                                          size_t index) {
    if (context.IsCancelled()) {
      owner_.MarkCancelled(kWatchOrderEvents.name, index);
      return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    if (owner_.shut_down()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "shutting down");
    }
    return std::nullopt;
  }

  // Writes one event; the stream's end when that failed.
  std::optional<grpc::Status> Send(
      const pb::OrderEvent& event, size_t index, grpc::ServerContext& context,
      grpc::ServerWriter<pb::WatchOrderEventsResponse>& writer) {
    pb::WatchOrderEventsResponse response;
    *response.mutable_event() = event;
    if (!writer.Write(response)) {
      // The client went away (cancelled, deadline, connection lost).
      owner_.MarkCancelled(kWatchOrderEvents.name, index);
      return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    return std::nullopt;
  }

  grpc::Status PlayStream(
      const StreamAnswer& answer, const std::shared_ptr<LiveFeed>& feed,
      size_t index, grpc::ServerContext& context,
      grpc::ServerWriter<pb::WatchOrderEventsResponse>& writer) {
    for (const pb::OrderEvent& event : answer.events) {
      const absl::Time until = absl::Now() + answer.event_delay;
      while (absl::Now() < until) {
        if (auto end = Interrupted(context, index)) return *end;
        absl::SleepFor(std::min(kPollInterval, until - absl::Now()));
      }
      if (auto end = Interrupted(context, index)) return *end;
      if (auto end = Send(event, index, context, writer)) return *end;
    }
    if (answer.end.has_value()) return ToGrpcStatus(*answer.end);
    // Open: follow PublishEvent(), sending what was published before an
    // end first. The wait ends at once on a published event or the
    // shutdown; cancellation is only seen by polling (the synchronous API
    // has no notification for it).
    for (;;) {
      std::optional<pb::OrderEvent> event =
          owner_.NextPublished(feed, kPollInterval);
      if (event.has_value()) {
        if (auto end = Send(*event, index, context, writer)) return *end;
        continue;
      }
      if (auto end = Interrupted(context, index)) return *end;
    }
  }

  // Records the call, picks its answer and sends it after the answer's
  // delay, unless the call is cancelled or the server shuts down first.
  template <typename Request, typename Response>
  grpc::Status Handle(FakeRpc<Request, Response> rpc,
                      grpc::ServerContext& context, const Request& request,
                      Response& response) {
    size_t index = 0;
    std::optional<ErasedAnswer> answer =
        owner_.Next(rpc.name, Record(context, request), index);
    if (!answer.has_value()) {
      answer = Erase(Answer<Response>::Ok(DefaultResponse(request)));
    }

    const absl::Time until = absl::Now() + answer->delay;
    while (absl::Now() < until) {
      if (context.IsCancelled()) {
        owner_.MarkCancelled(rpc.name, index);
        return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
      }
      if (owner_.shut_down()) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "shutting down");
      }
      absl::SleepFor(std::min(kPollInterval, until - absl::Now()));
    }
    if (!answer->status.ok()) return ToGrpcStatus(answer->status);
    response = static_cast<const Response&>(*answer->response);
    return grpc::Status::OK;
  }

  FakePaymentServer& owner_;
};

absl::StatusOr<std::unique_ptr<FakePaymentServer>> FakePaymentServer::Start() {
  return Start(Options());
}

absl::StatusOr<std::unique_ptr<FakePaymentServer>> FakePaymentServer::Start(
    Options options) {
  std::unique_ptr<FakePaymentServer> fake(new FakePaymentServer());
  fake->service_ = std::make_unique<Service>(*fake);
  std::shared_ptr<grpc::ServerCredentials> credentials =
      options.credentials != nullptr ? options.credentials
                                     : grpc::InsecureServerCredentials();
  grpc::ServerBuilder builder;
  if (options.max_connection_age != absl::InfiniteDuration()) {
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(std::clamp<int64_t>(
            absl::ToInt64Milliseconds(options.max_connection_age), 1,
            INT_MAX)));
  }
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", options.port),
                           credentials, &fake->port_);
  builder.RegisterService(fake->service_.get());
  fake->server_ = builder.BuildAndStart();
  if (fake->server_ == nullptr || fake->port_ == 0) {
    return absl::UnavailableError("fake payment server could not listen");
  }
  return fake;
}

FakePaymentServer::~FakePaymentServer() { Shutdown(); }

std::string FakePaymentServer::target() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void FakePaymentServer::EnqueueErased(const std::string& method,
                                      ErasedAnswer answer) {
  absl::MutexLock lock(&mu_);
  methods_[method].queue.push_back(std::move(answer));
}

void FakePaymentServer::SetErasedHandler(const std::string& method,
                                         ErasedHandler handler) {
  absl::MutexLock lock(&mu_);
  methods_[method].handler = std::move(handler);
}

std::vector<FakePaymentServer::ErasedCall> FakePaymentServer::ErasedCalls(
    const std::string& method) const {
  absl::MutexLock lock(&mu_);
  auto it = methods_.find(method);
  if (it == methods_.end()) return {};
  return it->second.calls;
}

size_t FakePaymentServer::CallCount(const std::string& method) const {
  absl::MutexLock lock(&mu_);
  auto it = methods_.find(method);
  return it == methods_.end() ? 0 : it->second.calls.size();
}

size_t FakePaymentServer::total_call_count() const {
  absl::MutexLock lock(&mu_);
  size_t total = 0;
  for (const auto& [name, state] : methods_) total += state.calls.size();
  return total;
}

bool FakePaymentServer::WaitForCallsOf(const std::string& method, size_t n,
                                       absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto enough = [this, &method, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = methods_.find(method);
    return it != methods_.end() && it->second.calls.size() >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

void FakePaymentServer::Reset() {
  absl::MutexLock lock(&mu_);
  for (auto& [name, state] : methods_) {
    state.calls.clear();
    state.queue.clear();
  }
  streams_.clear();
}

void FakePaymentServer::EnqueueStream(StreamAnswer answer) {
  absl::MutexLock lock(&mu_);
  streams_.push_back(std::move(answer));
}

size_t FakePaymentServer::PublishEvent(const pb::OrderEvent& event) {
  absl::MutexLock lock(&mu_);
  for (const std::shared_ptr<LiveFeed>& feed : feeds_) {
    feed->pending.push_back(event);
  }
  return feeds_.size();
}

StreamAnswer FakePaymentServer::NextStream(
    ErasedCall call, size_t& index, const std::shared_ptr<LiveFeed>& feed) {
  absl::MutexLock lock(&mu_);
  MethodState& state = methods_[kWatchOrderEvents.name];
  index = state.calls.size();
  state.calls.push_back(std::move(call));
  StreamAnswer answer = StreamAnswer::Open();
  if (!streams_.empty()) {
    answer = std::move(streams_.front());
    streams_.pop_front();
  }
  if (!answer.end.has_value()) feeds_.push_back(feed);
  return answer;
}

void FakePaymentServer::EndStream(const std::shared_ptr<LiveFeed>& feed) {
  absl::MutexLock lock(&mu_);
  feeds_.erase(std::remove(feeds_.begin(), feeds_.end(), feed), feeds_.end());
}

std::optional<pb::OrderEvent> FakePaymentServer::NextPublished(
    const std::shared_ptr<LiveFeed>& feed, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto ready = [this, &feed]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return shut_down_ || !feed->pending.empty();
  };
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  if (feed->pending.empty()) return std::nullopt;
  pb::OrderEvent event = std::move(feed->pending.front());
  feed->pending.pop_front();
  return event;
}

void FakePaymentServer::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  if (server_ != nullptr) {
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(1));
    server_->Wait();
  }
}

std::optional<FakePaymentServer::ErasedAnswer> FakePaymentServer::Next(
    const std::string& method, ErasedCall call, size_t& index) {
  ErasedHandler handler;
  std::shared_ptr<const google::protobuf::Message> request = call.request;
  {
    absl::MutexLock lock(&mu_);
    MethodState& state = methods_[method];
    index = state.calls.size();
    state.calls.push_back(std::move(call));
    if (!state.queue.empty()) {
      ErasedAnswer answer = std::move(state.queue.front());
      state.queue.pop_front();
      return answer;
    }
    handler = state.handler;
  }
  if (handler) return handler(*request);
  return std::nullopt;
}

void FakePaymentServer::MarkCancelled(const std::string& method, size_t index) {
  absl::MutexLock lock(&mu_);
  MethodState& state = methods_[method];
  if (index < state.calls.size()) state.calls[index].cancelled = true;
}

bool FakePaymentServer::shut_down() const {
  absl::MutexLock lock(&mu_);
  return shut_down_;
}

// Default answers.

pb::CreateOrderResponse FakePaymentServer::DefaultResponse(
    const pb::CreateOrderRequest& request) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  // Deterministic per order_id, like MultiSafepay's idempotent answer.
  std::mt19937_64 random(std::hash<std::string>()(request.order_id()));
  std::uniform_int_distribution<size_t> pick(0, sizeof(kAlphabet) - 2);
  std::string session_id(35, ' ');
  for (char& c : session_id) c = kAlphabet[pick(random)];

  const std::string locale =
      request.customer().has_locale() && !request.customer().locale().empty()
          ? request.customer().locale()
          : "en_US";
  pb::CreateOrderResponse response;
  response.set_order_id(request.order_id());
  response.set_session_id(session_id);
  response.set_payment_url(
      absl::StrCat("https://testpayv2.multisafepay.com/connect/", session_id,
                   "/?lang=", locale));
  return response;
}

pb::GetOrderResponse FakePaymentServer::DefaultResponse(
    const pb::GetOrderRequest& request) {
  pb::GetOrderResponse response;
  pb::Order& order = *response.mutable_order();
  order.set_order_id(request.order_id());
  order.set_transaction_id(FakeId(request.order_id(), "transaction"));
  order.set_status(pb::ORDER_STATUS_INITIALIZED);
  order.set_status_raw("initialized");
  order.set_financial_status(pb::TRANSACTION_STATUS_INITIALIZED);
  order.set_financial_status_raw("initialized");
  return response;
}

pb::UpdateOrderResponse FakePaymentServer::DefaultResponse(
    const pb::UpdateOrderRequest& request) {
  pb::UpdateOrderResponse response;
  response.set_order_id(request.order_id());
  return response;
}

pb::CancelOrderResponse FakePaymentServer::DefaultResponse(
    const pb::CancelOrderRequest& request) {
  pb::CancelOrderResponse response;
  response.set_order_id(request.order_id());
  return response;
}

pb::CaptureOrderResponse FakePaymentServer::DefaultResponse(
    const pb::CaptureOrderRequest& request) {
  pb::CaptureOrderResponse response;
  response.set_order_id(request.has_new_order_id() ? request.new_order_id()
                                                   : request.order_id());
  response.set_transaction_id(FakeId(response.order_id(), "capture"));
  return response;
}

pb::RefundOrderResponse FakePaymentServer::DefaultResponse(
    const pb::RefundOrderRequest& request) {
  pb::RefundOrderResponse response;
  response.set_order_id(request.order_id());
  response.set_transaction_id(FakeId(request.order_id(), "refund-transaction"));
  response.set_refund_id(FakeId(request.order_id(), "refund"));
  return response;
}

pb::ListGatewaysResponse FakePaymentServer::DefaultResponse(
    const pb::ListGatewaysRequest& /*request*/) {
  pb::ListGatewaysResponse response;
  for (pb::Gateway gateway :
       {pb::GATEWAY_MISTERCASH, pb::GATEWAY_IDEAL, pb::GATEWAY_VISA}) {
    *response.add_gateways() = Describe(gateway);
  }
  return response;
}

pb::GetGatewayResponse FakePaymentServer::DefaultResponse(
    const pb::GetGatewayRequest& request) {
  pb::GetGatewayResponse response;
  *response.mutable_gateway() = Describe(request.gateway());
  return response;
}

pb::ListPaymentMethodsResponse FakePaymentServer::DefaultResponse(
    const pb::ListPaymentMethodsRequest& /*request*/) {
  pb::ListPaymentMethodsResponse response;
  for (pb::Gateway gateway :
       {pb::GATEWAY_MISTERCASH, pb::GATEWAY_IDEAL, pb::GATEWAY_VISA}) {
    const pb::GatewayDescription description = Describe(gateway);
    pb::PaymentMethod& method = *response.add_payment_methods();
    method.set_gateway(gateway);
    method.set_id(description.id());
    method.set_name(description.description());
    method.set_type("payment-method");
  }
  return response;
}

pb::ListRecurringTokensResponse FakePaymentServer::DefaultResponse(
    const pb::ListRecurringTokensRequest& /*request*/) {
  return pb::ListRecurringTokensResponse();
}

pb::DeleteRecurringTokenResponse FakePaymentServer::DefaultResponse(
    const pb::DeleteRecurringTokenRequest& /*request*/) {
  return pb::DeleteRecurringTokenResponse();
}

}  // namespace testing
}  // namespace payments_client
