// Copyright 2026 The msp-gateway Authors.
//
// File: server_tls.h
//
// The gRPC port's transport security (--plaintext, --tls_cert_file,
// --tls_key_file, --tls_client_ca_file, --client_auth,
// --tls_reload_interval): gRPC's TlsServerCredentials over a
// FileWatcherCertificateProvider, so the certificate, key and client CA
// bundle are re-read every reload interval and a rotation (cert-manager, a
// mesh) needs no restart. New connections get the new certificate;
// connections already open keep theirs.

#ifndef MSP_GATEWAY_SERVICE_CALLERS_SERVER_TLS_H_
#define MSP_GATEWAY_SERVICE_CALLERS_SERVER_TLS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"

namespace msp_gateway {

// Whether callers must show a client certificate (verified against the
// client CA bundle when they do).
enum class ClientAuth { kNone, kOptional, kRequire };

// "none", "optional", "require".
absl::StatusOr<ClientAuth> ParseClientAuth(absl::string_view text);
absl::string_view ClientAuthName(ClientAuth client_auth);

struct GrpcTlsConfig {
  // No TLS at all: only when asked for (--plaintext), for local runs and
  // tests; the flags refuse to start without TLS or --plaintext.
  bool plaintext = true;
  std::string cert_file;       // PEM chain, leaf first.
  std::string key_file;        // PEM private key.
  std::string client_ca_file;  // PEM bundle; required unless kNone.
  ClientAuth client_auth = ClientAuth::kNone;
  // A gRPC authorization policy (authz_policy.h); empty: none.
  std::string authz_policy_file;
  // How often the files above are read again.
  absl::Duration reload_interval = absl::Seconds(60);
};

// Checks the combination (TLS files set together, a CA for client
// certificates, a policy only with client certificates) and that each file
// can be read now and holds PEM, so a typo fails at start rather than at
// the first handshake.
absl::Status CheckGrpcTlsConfig(const GrpcTlsConfig& config);

// Insecure credentials for a plaintext config, else TLS with the watched
// files. Runs CheckGrpcTlsConfig first.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const GrpcTlsConfig& config);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CALLERS_SERVER_TLS_H_
