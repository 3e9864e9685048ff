// Copyright 2026 The msp-gateway Authors.
//
// File: client_options.h
//
// How a PaymentClient connects (ClientOptions, fixed when the client is
// created) and how one call behaves (CallOptions, per call).

#ifndef MSP_GATEWAY_CLIENT_CLIENT_OPTIONS_H_
#define MSP_GATEWAY_CLIENT_CLIENT_OPTIONS_H_

#include <optional>
#include <string>

#include "absl/time/time.h"

namespace payments_client {

// TlsOptions
//
// TLS to the gateway, or mTLS with a client certificate. Files are PEM.
// PaymentClient::Create() reads each file once to check it (NotFound /
// FailedPrecondition naming the file if one is missing, unreadable or
// empty); after that gRPC's file watcher re-reads them every
// `reload_interval`, so renewed certificates (cert-manager, a SPIFFE agent,
// a Kubernetes Secret volume) are used without recreating the client. A
// reload affects new connections only: connections already up keep the
// certificates they were set up with until they close. The server's
// certificate is always verified, its hostname included.
//
// Example (mTLS inside the cluster):
//
//   TlsOptions tls;
//   tls.ca_bundle_path = "/etc/payments/ca.pem";
//   tls.client_cert_path = "/etc/payments/tls.crt";
//   tls.client_key_path = "/etc/payments/tls.key";
struct TlsOptions {
  // CA certificates that sign the gateway's certificate. Empty: the system
  // roots (or GRPC_DEFAULT_SSL_ROOTS_FILE_PATH), not reloaded.
  std::string ca_bundle_path;
  // Client certificate chain and private key for mTLS. Set both or neither.
  // Replace them together (e.g. by renaming both into place, or by the
  // atomic symlink swap of a Kubernetes volume): a reload that reads a
  // certificate with the other one's key fails the handshakes of new
  // connections until the next reload reads a matching pair.
  std::string client_cert_path;
  std::string client_key_path;
  // The name checked against the server certificate instead of the target's
  // host. Only for tests and for targets that are IP addresses.
  std::string server_name_override;
  // How often the files above are read again. At least absl::Seconds(1)
  // and finite; rounded up to whole seconds (gRPC's file watcher counts
  // seconds). A file that has become unreadable at a reload (deleted, not
  // yet written) fails new connections' handshakes until it is readable
  // again.
  absl::Duration reload_interval = absl::Seconds(60);
};

// LoadBalancing
//
// kAuto picks round_robin for `dns:///` targets, so every address a headless
// Kubernetes Service resolves to gets calls, and pick_first otherwise (one
// address, e.g. `127.0.0.1:50051`).
enum class LoadBalancing { kAuto, kPickFirst, kRoundRobin };

// ClientOptions
//
// Channel-wide settings. The defaults suit a service calling the gateway
// inside the cluster; set at least `user_agent`.
struct ClientOptions {
  // Names the calling service (and its version), e.g. "checkout/1.4.2". Sent
  // as the start of the gRPC user-agent, so the gateway's logs show who calls.
  std::string user_agent;

  // Deadline of every call that does not set CallOptions::deadline. The
  // deadline covers all retry attempts. Must be > 0;
  // absl::InfiniteDuration() means no deadline (not recommended).
  absl::Duration default_deadline = absl::Seconds(10);

  // Unset: plaintext (loopback, or a mesh that adds TLS). Set: TLS or mTLS.
  std::optional<TlsOptions> tls;

  LoadBalancing load_balancing = LoadBalancing::kAuto;

  // Retries, done by gRPC itself (service config `retryPolicy`), only for
  // calls that fail with UNAVAILABLE (the gateway was not reachable or asked
  // the caller to come back) or ABORTED (a conflict a later attempt may not
  // meet), and only because no method can act twice: the reads are reads,
  // CreateOrder's `order_id` is its idempotency key, and UpdateOrder,
  // CancelOrder, CaptureOrder and RefundOrder carry a `request_id` that
  // PaymentClient sets (when the request has none) once per call, so every
  // attempt has the same one. See docs/client.md ("Retries").
  //
  // Total attempts including the first, 1 (no retries) to 5 (gRPC's limit).
  int max_attempts = 4;
  // Backoff before retry n (n = 1, 2, ...) is
  // min(initial_backoff * backoff_multiplier^(n-1), max_backoff), with gRPC's
  // random jitter applied.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  double backoff_multiplier = 2.0;
  // gRPC retry throttling: once many calls to the target fail, retries stop
  // until calls succeed again, so an outage does not multiply the load on
  // the gateway by max_attempts. Counted per target and process.
  bool retry_throttling = true;

  // HTTP/2 keepalive pings while calls are in flight, to notice dead
  // connections (e.g. a node that vanished) before the deadline does. Zero or
  // absl::InfiniteDuration() turns keepalive off.
  absl::Duration keepalive_time = absl::Seconds(30);
  absl::Duration keepalive_timeout = absl::Seconds(10);
  // Also ping idle connections. The gateway must allow it
  // (GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS), or it closes the
  // connection with "too_many_pings"; leave false unless agreed.
  bool keepalive_without_calls = false;
};

// CallOptions
//
// Settings of one call.
struct CallOptions {
  // Overrides ClientOptions::default_deadline for this call (relative to the
  // start of the call, covering all retry attempts).
  std::optional<absl::Duration> deadline;
};

}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_CLIENT_OPTIONS_H_
