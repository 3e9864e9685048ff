// Copyright 2026 The msp-gateway Authors.
//
// checkout: creates a Bancontact redirect order through msp-gateway and
// prints where to send the customer. The smallest complete use of
// //client:payments_client.
//
//   ./dev run &
//   bazel run //client/examples:checkout -- --amount=2500
//   order_id: checkout-20260101120000-3f2a9c
//   payment_url: https://testpayv2.multisafepay.com/connect/.../?lang=nl_BE
//
// With mTLS (the gateway's CA, this service's certificate and key; see
// docs/client.md "TLS and mTLS"):
//
//   bazel run //client/examples:checkout -- \
//     --target=dns:///payments.payments.svc.cluster.local:50051 \
//     --ca_bundle=/etc/payments/ca.pem \
//     --client_cert=/etc/payments/tls.crt --client_key=/etc/payments/tls.key
//
// Exit status: 0 on success, 1 when the gateway refused or failed the call
// (the decoded error is printed to stderr), 2 for bad flags or options.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/examples/tls_flags.h"
#include "client/payment_client.h"
#include "payments/v1/payment_service.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "msp-gateway address, e.g. "
          "dns:///payments.payments.svc.cluster.local:50051");
ABSL_FLAG(std::string, order_id, "",
          "Idempotency key of the order; empty: a new one is generated");
ABSL_FLAG(int64_t, amount, 1000, "Amount in euro cents (1000 is 10.00 EUR)");
ABSL_FLAG(std::string, description, "Checkout example order",
          "Shown on the payment page");
ABSL_FLAG(std::string, locale, "nl_BE", "Customer locale (nl_BE or fr_BE)");
ABSL_FLAG(std::string, redirect_url, "https://shop.example.com/checkout/paid",
          "Where the customer lands after paying; empty: not sent");
ABSL_FLAG(std::string, cancel_url,
          "https://shop.example.com/checkout/cancelled",
          "Where the customer lands after cancelling; empty: not sent");
ABSL_FLAG(absl::Duration, deadline, absl::Seconds(10),
          "Deadline of the call, retries included");
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments_client::CallError;
using ::payments_client::CallOptions;
using ::payments_client::ClientOptions;
using ::payments_client::FieldViolation;
using ::payments_client::PaymentClient;
using ::payments_client_examples::TlsFromFlags;

// E.g. "checkout-20260101120000-3f2a9c": unique enough for an example.
std::string NewOrderId() {
  std::random_device random;
  return absl::StrCat(
      "checkout-",
      absl::FormatTime("%Y%m%d%H%M%S", absl::Now(), absl::UTCTimeZone()), "-",
      absl::StrFormat("%06x", random() & 0xffffff));
}

CreateOrderRequest BancontactOrder(const std::string& order_id) {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  request.set_order_id(order_id);
  request.set_currency("EUR");  // Bancontact is EUR only.
  request.set_amount(absl::GetFlag(FLAGS_amount));
  request.set_description(absl::GetFlag(FLAGS_description));
  if (const std::string url = absl::GetFlag(FLAGS_redirect_url); !url.empty()) {
    request.mutable_payment_options()->set_redirect_url(url);
  }
  if (const std::string url = absl::GetFlag(FLAGS_cancel_url); !url.empty()) {
    request.mutable_payment_options()->set_cancel_url(url);
  }
  // MultiSafepay requires the locale for Bancontact.
  request.mutable_customer()->set_locale(absl::GetFlag(FLAGS_locale));
  request.mutable_customer()->set_country("BE");
  return request;
}

void PrintError(const CallError& error) {
  std::fprintf(stderr, "CreateOrder failed: %s\n", error.ToString().c_str());
  for (const FieldViolation& v : error.field_violations) {
    std::fprintf(stderr, "  invalid %s: %s\n", v.field.c_str(),
                 v.description.c_str());
  }
  if (error.error_info) {
    std::fprintf(stderr, "  reason: %s (%s)\n",
                 error.error_info->reason.c_str(),
                 error.error_info->domain.c_str());
  }
  if (error.retry_delay) {
    std::fprintf(stderr, "  retry after: %s\n",
                 absl::FormatDuration(*error.retry_delay).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Creates a Bancontact order through msp-gateway and prints the payment "
      "URL.");
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    std::fprintf(stderr, "unexpected argument: %s\n", positional[1]);
    return 2;
  }

  ClientOptions options;
  options.user_agent = "checkout-example/1.0";
  options.tls = TlsFromFlags();
  absl::StatusOr<std::unique_ptr<PaymentClient>> client =
      PaymentClient::Create(absl::GetFlag(FLAGS_target), options);
  if (!client.ok()) {
    std::fprintf(stderr, "cannot create client: %s\n",
                 client.status().ToString().c_str());
    return 2;
  }

  std::string order_id = absl::GetFlag(FLAGS_order_id);
  if (order_id.empty()) order_id = NewOrderId();
  CallOptions call_options;
  call_options.deadline = absl::GetFlag(FLAGS_deadline);
  const absl::StatusOr<CreateOrderResponse> response =
      (*client)->CreateOrder(BancontactOrder(order_id), call_options);
  if (!response.ok()) {
    PrintError(CallError::FromStatus(response.status()));
    return 1;
  }
  std::printf("order_id: %s\npayment_url: %s\n", response->order_id().c_str(),
              response->payment_url().c_str());
  return 0;
}
