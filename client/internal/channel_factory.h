// Copyright 2026 The msp-gateway Authors.
//
// File: internal/channel_factory.h
//
// Not part of the API: how PaymentClient turns a target and ClientOptions
// into a gRPC channel. Split out so the service config and channel arguments
// can be tested without a server.

#ifndef MSP_GATEWAY_CLIENT_INTERNAL_CHANNEL_FACTORY_H_
#define MSP_GATEWAY_CLIENT_INTERNAL_CHANNEL_FACTORY_H_

#include <array>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/client_options.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace payments_client {
namespace internal {

// The fully qualified name of the service, as used in the service config.
inline constexpr absl::string_view kServiceName = "payments.v1.PaymentService";

// gRPC refuses more attempts than this (A6: maxAttempts is capped at 5).
inline constexpr int kMaxAttemptsLimit = 5;

// The methods gRPC retries (on kRetriedCodes), because repeating them cannot
// act twice: the reads; CreateOrder, whose order_id is the idempotency key;
// and the writes on an order (UpdateOrder, CancelOrder, CaptureOrder,
// RefundOrder), whose request_id is: PaymentClient gives every call one (the
// caller's, else NewRequestId()) before the first attempt, gRPC resends the
// same request, and the gateway answers a repeated request_id with the first
// answer without acting again. The reasoning, per method, is in
// docs/client.md ("Retries").
inline constexpr absl::string_view kRetriedMethods[] = {
    "CreateOrder",        "GetOrder",           "UpdateOrder",  "CancelOrder",
    "CaptureOrder",       "RefundOrder",        "ListGateways", "GetGateway",
    "ListPaymentMethods", "ListRecurringTokens"};

// The methods that are never retried automatically. Every method not in
// kRetriedMethods gets this treatment (the service-wide methodConfig), so a
// method added to the contract later is not retried until someone decides
// it is safe; one that must never be retried is listed here, so the config
// says it explicitly. WatchOrderEvents: a stream resumes from the cursor of
// the last event it delivered, which gRPC's retries do not know; the
// client's OrderEventWatcher resumes it instead. DeleteRecurringToken: it
// has no idempotency key, so an attempt after one whose answer was lost
// meets the deleted token as NOT_FOUND; the caller, who knows it asked for a
// delete, decides.
inline constexpr std::array<absl::string_view, 2> kNotRetriedMethods = {
    "WatchOrderEvents", "DeleteRecurringToken"};

// The codes retried: UNAVAILABLE (the gateway was not reachable, or could
// not reach MultiSafepay) and ABORTED (a conflict that a later attempt may
// not meet, e.g. MultiSafepay's HTTP 409 without an error code on an order
// call). With every retried method keyed, repeating either is harmless.
// Every other code is final.
inline constexpr absl::string_view kRetriedCodes[] = {"UNAVAILABLE", "ABORTED"};

// InvalidArgument when `target` is empty or an option is out of range (see
// client_options.h), OK otherwise. Does not touch the file system.
absl::Status ValidateOptions(absl::string_view target,
                             const ClientOptions& options);

// The load-balancing policy name ("round_robin" or "pick_first") that
// `options` selects for `target`.
std::string LoadBalancingPolicy(absl::string_view target,
                                const ClientOptions& options);

// The service config JSON: load balancing, plus methodConfigs with
// waitForReady false. When max_attempts > 1, one for kRetriedMethods with a
// retryPolicy retrying kRetriedCodes, and one without retryPolicy for the
// rest of kServiceName (kNotRetriedMethods and any method not listed).
// REQUIRES: ValidateOptions() is OK.
std::string ServiceConfigJson(absl::string_view target,
                              const ClientOptions& options);

// Channel arguments: the service config (name-resolver configs ignored),
// retries enabled, keepalive, user agent. REQUIRES: ValidateOptions() is OK.
grpc::ChannelArguments MakeChannelArguments(absl::string_view target,
                                            const ClientOptions& options);

// gRPC's file watcher refresh interval for `tls`: reload_interval rounded up
// to whole seconds (capped at a year). REQUIRES: ValidateOptions() is OK.
unsigned int ReloadIntervalSeconds(const TlsOptions& tls);

// Insecure or (m)TLS credentials. With options.tls: gRPC TlsCredentials
// whose FileWatcherCertificateProvider re-reads the CA bundle and the client
// certificate and key every tls.reload_interval (only the files that are
// set); the server certificate's chain and hostname are verified. Checks
// first that each file named can be read and is not empty: NotFound /
// FailedPrecondition naming the file otherwise (the watcher itself only
// logs).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const ClientOptions& options);

// All of the above. The channel connects lazily, on the first call.
absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(
    absl::string_view target, const ClientOptions& options);

}  // namespace internal
}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_INTERNAL_CHANNEL_FACTORY_H_
