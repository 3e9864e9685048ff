// Copyright 2026 The msp-gateway Authors.
//
// File: test_certificates.h
//
// Throwaway certificate authorities and certificates for TLS tests, made
// with the `openssl` command at test time (EC P-256, in a directory of the
// test's TEST_TMPDIR), so no key is ever committed and tests can make
// expired or foreign certificates at will.
//
//   absl::StatusOr<TestCa> ca = TestCa::Create(dir, "gateway-test-ca");
//   absl::StatusOr<CertificateFiles> server =
//       ca->Issue("server", "DNS:localhost,IP:127.0.0.1");
//   absl::StatusOr<CertificateFiles> checkout =
//       ca->Issue("checkout",
//       "URI:spiffe://cluster.local/ns/shop/sa/checkout");

#ifndef MSP_GATEWAY_TESTS_HARNESS_TEST_CERTIFICATES_H_
#define MSP_GATEWAY_TESTS_HARNESS_TEST_CERTIFICATES_H_

#include <string>

#include "absl/status/statusor.h"

namespace msp_gateway {
namespace testing {

struct CertificateFiles {
  std::string cert_path;  // PEM certificate.
  std::string key_path;   // PEM private key.
  std::string cert_pem;   // The same, read back.
  std::string key_pem;
};

class TestCa {
 public:
  // A self-signed CA "CN=<name>" whose files live in `dir` (created).
  static absl::StatusOr<TestCa> Create(const std::string& dir,
                                       const std::string& name);

  // A leaf "CN=<name>" signed by this CA with subjectAltName `san` (e.g.
  // "URI:spiffe://t/checkout" or "DNS:localhost,IP:127.0.0.1"), valid for
  // `days` from now; a negative `days` makes it already expired. Files
  // <dir>/<name>.pem and <name>.key (replaced if they exist).
  absl::StatusOr<CertificateFiles> Issue(const std::string& name,
                                         const std::string& san,
                                         int days = 2) const;

  const CertificateFiles& files() const { return files_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string name_;
  CertificateFiles files_;
};

// Renames `from` over `to` (atomic, as a Secret volume update is).
absl::Status ReplaceFile(const std::string& from, const std::string& to);

}  // namespace testing
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_TEST_CERTIFICATES_H_
