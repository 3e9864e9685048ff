// Copyright 2026 The msp-gateway Authors.

#include "client/testing/fake_payment_server.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/testing/grpc_status.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/server_context.h"

namespace payments_client {
namespace testing {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;

// How often a delayed answer checks for cancellation and shutdown.
constexpr absl::Duration kPollInterval = absl::Milliseconds(2);

absl::Time ToAbslDeadline(std::chrono::system_clock::time_point deadline) {
  const absl::Time t = absl::FromChrono(deadline);
  // gRPC reports "no deadline" as a time point centuries away.
  return t - absl::Now() > absl::Hours(24 * 365 * 100) ? absl::InfiniteFuture()
                                                       : t;
}

}  // namespace

class FakePaymentServer::Service final
    : public payments::v1::PaymentService::Service {
 public:
  explicit Service(FakePaymentServer& owner) : owner_(owner) {}

  grpc::Status CreateOrder(grpc::ServerContext* context,
                           const CreateOrderRequest* request,
                           CreateOrderResponse* response) override {
    RecordedCall call;
    call.request = *request;
    for (const auto& [key, value] : context->client_metadata()) {
      call.metadata.emplace(std::string(key.data(), key.size()),
                            std::string(value.data(), value.size()));
    }
    call.deadline = ToAbslDeadline(context->deadline());

    size_t index = 0;
    FakeAnswer answer = owner_.Next(std::move(call), index);

    const absl::Time until = absl::Now() + answer.delay;
    while (absl::Now() < until) {
      if (context->IsCancelled()) {
        owner_.MarkCancelled(index);
        return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
      }
      if (owner_.shut_down()) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "shutting down");
      }
      absl::SleepFor(std::min(kPollInterval, until - absl::Now()));
    }
    if (!answer.status.ok()) return ToGrpcStatus(answer.status);
    *response = std::move(answer.response);
    return grpc::Status::OK;
  }

 private:
  FakePaymentServer& owner_;
};

FakeAnswer FakeAnswer::Ok(CreateOrderResponse response, absl::Duration delay) {
  FakeAnswer answer;
  answer.response = std::move(response);
  answer.delay = delay;
  return answer;
}

FakeAnswer FakeAnswer::Error(absl::Status status, absl::Duration delay) {
  FakeAnswer answer;
  answer.status = std::move(status);
  answer.delay = delay;
  return answer;
}

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
  builder.AddListeningPort("127.0.0.1:0", credentials, &fake->port_);
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

void FakePaymentServer::Enqueue(FakeAnswer answer) {
  absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(answer));
}

void FakePaymentServer::EnqueueResponse(CreateOrderResponse response) {
  Enqueue(FakeAnswer::Ok(std::move(response)));
}

void FakePaymentServer::EnqueueError(absl::Status status) {
  Enqueue(FakeAnswer::Error(std::move(status)));
}

void FakePaymentServer::SetHandler(Handler handler) {
  absl::MutexLock lock(&mu_);
  handler_ = std::move(handler);
}

std::vector<RecordedCall> FakePaymentServer::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

std::vector<CreateOrderRequest> FakePaymentServer::requests() const {
  absl::MutexLock lock(&mu_);
  std::vector<CreateOrderRequest> out;
  out.reserve(calls_.size());
  for (const RecordedCall& call : calls_) out.push_back(call.request);
  return out;
}

size_t FakePaymentServer::call_count() const {
  absl::MutexLock lock(&mu_);
  return calls_.size();
}

bool FakePaymentServer::WaitForCalls(size_t n, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return calls_.size() >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

void FakePaymentServer::Reset() {
  absl::MutexLock lock(&mu_);
  calls_.clear();
  queue_.clear();
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

CreateOrderResponse FakePaymentServer::DefaultResponse(
    const CreateOrderRequest& request) {
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
  CreateOrderResponse response;
  response.set_order_id(request.order_id());
  response.set_session_id(session_id);
  response.set_payment_url(
      absl::StrCat("https://testpayv2.multisafepay.com/connect/", session_id,
                   "/?lang=", locale));
  return response;
}

FakeAnswer FakePaymentServer::Next(RecordedCall call, size_t& index) {
  Handler handler;
  {
    absl::MutexLock lock(&mu_);
    index = calls_.size();
    calls_.push_back(call);
    if (!queue_.empty()) {
      FakeAnswer answer = std::move(queue_.front());
      queue_.pop_front();
      return answer;
    }
    handler = handler_;
  }
  if (handler) return handler(call.request);
  return FakeAnswer::Ok(DefaultResponse(call.request));
}

void FakePaymentServer::MarkCancelled(size_t index) {
  absl::MutexLock lock(&mu_);
  if (index < calls_.size()) calls_[index].cancelled = true;
}

bool FakePaymentServer::shut_down() const {
  absl::MutexLock lock(&mu_);
  return shut_down_;
}

}  // namespace testing
}  // namespace payments_client
