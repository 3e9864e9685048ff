// Copyright 2026 The msp-gateway Authors.

#include "service/callers/server_tls.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace msp_gateway {
namespace {

// PEM files are a few KB; a bundle of hundreds of CAs is under 1 MB.
constexpr size_t kMaxPemBytes = 4 << 20;

absl::Status CheckPemFile(absl::string_view flag, const std::string& path,
                          absl::string_view block) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": cannot read ", path));
  }
  std::string text(kMaxPemBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxPemBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": ", path, " is larger than ", kMaxPemBytes, " bytes"));
  }
  if (!absl::StrContains(text, "-----BEGIN ") ||
      !absl::StrContains(text, block)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": ", path, " holds no PEM ", block, " block"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ClientAuth> ParseClientAuth(absl::string_view text) {
  if (text == "none") return ClientAuth::kNone;
  if (text == "optional") return ClientAuth::kOptional;
  if (text == "require") return ClientAuth::kRequire;
  return absl::InvalidArgumentError(absl::StrCat(
      "--client_auth must be none, optional or require, not \"", text, "\""));
}

absl::string_view ClientAuthName(ClientAuth client_auth) {
  switch (client_auth) {
    case ClientAuth::kNone:
      return "none";
    case ClientAuth::kOptional:
      return "optional";
    case ClientAuth::kRequire:
      return "require";
  }
  return "none";
}

absl::Status CheckGrpcTlsConfig(const GrpcTlsConfig& config) {
  const bool any_tls_file = !config.cert_file.empty() ||
                            !config.key_file.empty() ||
                            !config.client_ca_file.empty();
  if (config.plaintext) {
    if (any_tls_file || config.client_auth != ClientAuth::kNone ||
        !config.authz_policy_file.empty()) {
      return absl::InvalidArgumentError(
          "--plaintext excludes --tls_cert_file, --tls_key_file, "
          "--tls_client_ca_file, --client_auth and --authz_policy_file");
    }
    return absl::OkStatus();
  }
  if (config.cert_file.empty() || config.key_file.empty()) {
    return absl::InvalidArgumentError(
        "the gRPC port needs --tls_cert_file and --tls_key_file (or "
        "--plaintext, for a local run)");
  }
  if (config.client_auth != ClientAuth::kNone &&
      config.client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--client_auth=", ClientAuthName(config.client_auth),
                     " needs --tls_client_ca_file to verify client "
                     "certificates with"));
  }
  if (config.client_auth == ClientAuth::kNone &&
      !config.client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_client_ca_file is set but --client_auth=none asks for no "
        "client certificate: set --client_auth=optional or require");
  }
  if (!config.authz_policy_file.empty() &&
      config.client_auth == ClientAuth::kNone) {
    return absl::InvalidArgumentError(
        "--authz_policy_file needs client certificates (--client_auth="
        "optional or require): the policy names callers by them");
  }
  if (config.reload_interval < absl::Seconds(1)) {
    return absl::InvalidArgumentError(
        "--tls_reload_interval must be at least 1s");
  }
  if (absl::Status s =
          CheckPemFile("tls_cert_file", config.cert_file, "CERTIFICATE");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckPemFile("tls_key_file", config.key_file, "KEY");
      !s.ok()) {
    return s;
  }
  if (!config.client_ca_file.empty()) {
    if (absl::Status s = CheckPemFile("tls_client_ca_file",
                                      config.client_ca_file, "CERTIFICATE");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const GrpcTlsConfig& config) {
  if (absl::Status valid = CheckGrpcTlsConfig(config); !valid.ok()) {
    return valid;
  }
  if (config.plaintext) return grpc::InsecureServerCredentials();
  const unsigned int interval_sec = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(config.reload_interval)));
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          config.key_file, config.cert_file, config.client_ca_file,
          interval_sec);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  switch (config.client_auth) {
    case ClientAuth::kNone:
      options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
      break;
    case ClientAuth::kOptional:
      options.watch_root_certs();
      options.set_cert_request_type(
          GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
      break;
    case ClientAuth::kRequire:
      options.watch_root_certs();
      options.set_cert_request_type(
          GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
      break;
  }
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::experimental::TlsServerCredentials(options);
  if (credentials == nullptr) {
    return absl::InternalError("gRPC refused the TLS server options");
  }
  return credentials;
}

}  // namespace msp_gateway
