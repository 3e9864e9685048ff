// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/test_certificates.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <fstream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace {

absl::Status OpenSslError(absl::string_view what) {
  return absl::InternalError(absl::StrCat(
      what, " failed: ", ERR_error_string(ERR_get_error(), nullptr)));
}

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

}  // namespace

absl::StatusOr<TestCertificate> MakeSelfSignedCertificate(
    absl::string_view common_name, absl::string_view subject_alt_name) {
  TestCertificate out;
  out.key.reset(EVP_EC_gen(SN_X9_62_prime256v1));
  if (out.key == nullptr) return OpenSslError("EVP_EC_gen");
  out.cert.reset(X509_new());
  X509* cert = out.cert.get();
  if (cert == nullptr) return OpenSslError("X509_new");

  static std::atomic<int> serial{1};  // Distinct serials per certificate.
  X509_set_version(cert, 2);          // v3, needed for extensions.
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_NAME* name = X509_get_subject_name(cert);
  const std::string cn(common_name);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, out.key.get());
  const std::string san(subject_alt_name);
  if (!AddExtension(cert, NID_subject_alt_name, san.c_str()) ||
      !AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE") ||
      !AddExtension(cert, NID_subject_key_identifier, "hash")) {
    return OpenSslError("X509V3_EXT_conf_nid");
  }
  if (X509_sign(cert, out.key.get(), EVP_sha256()) == 0) {
    return OpenSslError("X509_sign");
  }

  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr || PEM_write_bio_X509(bio, cert) != 1) {
    BIO_free(bio);
    return OpenSslError("PEM_write_bio_X509");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  out.cert_pem.assign(data, static_cast<size_t>(size));
  BIO_free(bio);
  return out;
}

absl::Status WriteTestFile(const std::string& path,
                           absl::string_view contents) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  file.close();
  if (!file) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace msp_gateway
