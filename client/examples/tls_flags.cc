// Copyright 2026 The msp-gateway Authors.

#include "client/examples/tls_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

// TLS: any of the four below turns it on (plaintext without them).
ABSL_FLAG(std::string, ca_bundle, "",
          "PEM CA bundle that signs the gateway's certificate: connect with "
          "TLS; empty: the system roots if another TLS flag is set");
ABSL_FLAG(std::string, client_cert, "",
          "PEM client certificate chain for mTLS (with --client_key)");
ABSL_FLAG(std::string, client_key, "", "PEM private key of --client_cert");
ABSL_FLAG(std::string, server_name_override, "",
          "Name to verify the gateway's certificate against instead of the "
          "target's host (for IP targets)");
ABSL_FLAG(absl::Duration, tls_reload_interval, absl::Seconds(60),
          "How often the TLS files are read again (renewed certificates are "
          "used by new connections); at least 1s");

namespace payments_client_examples {

std::optional<payments_client::TlsOptions> TlsFromFlags() {
  payments_client::TlsOptions tls;
  tls.ca_bundle_path = absl::GetFlag(FLAGS_ca_bundle);
  tls.client_cert_path = absl::GetFlag(FLAGS_client_cert);
  tls.client_key_path = absl::GetFlag(FLAGS_client_key);
  tls.server_name_override = absl::GetFlag(FLAGS_server_name_override);
  tls.reload_interval = absl::GetFlag(FLAGS_tls_reload_interval);
  if (tls.ca_bundle_path.empty() && tls.client_cert_path.empty() &&
      tls.client_key_path.empty() && tls.server_name_override.empty()) {
    return std::nullopt;
  }
  return tls;
}

}  // namespace payments_client_examples
