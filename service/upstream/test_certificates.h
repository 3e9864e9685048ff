// Copyright 2026 The msp-gateway Authors.
//
// File: test_certificates.h
//
// Test-only: self-signed TLS certificates generated in memory with the
// OpenSSL 3 API, so TLS tests need no files in the repo and no openssl CLI.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_TEST_CERTIFICATES_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_TEST_CERTIFICATES_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace msp_gateway {

struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// TestCertificate
//
// A key pair and its self-signed certificate.
struct TestCertificate {
  std::unique_ptr<X509, X509Deleter> cert;
  std::unique_ptr<EVP_PKEY, EvpPkeyDeleter> key;
  std::string cert_pem;  // The certificate in PEM, for a CA bundle file.
};

// MakeSelfSignedCertificate()
//
// An EC P-256 key and a self-signed CA certificate for `common_name`, valid
// from an hour ago for a day, with `subject_alt_name` in OpenSSL syntax. The
// default makes https://127.0.0.1:<port> verify against it.
absl::StatusOr<TestCertificate> MakeSelfSignedCertificate(
    absl::string_view common_name,
    absl::string_view subject_alt_name = "IP:127.0.0.1,DNS:localhost");

// WriteTestFile()
//
// Writes `contents` to `path` (e.g. under $TEST_TMPDIR), replacing it.
absl::Status WriteTestFile(const std::string& path, absl::string_view contents);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_TEST_CERTIFICATES_H_
