// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/test_certificates.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace testing {
namespace {

absl::StatusOr<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `command` through the shell; its output goes to <dir>/openssl.log,
// which the error names.
absl::Status Run(const std::string& dir, const std::string& command) {
  const std::string log = absl::StrCat(dir, "/openssl.log");
  const std::string line = absl::StrCat(command, " >>", log, " 2>&1");
  const int rc = std::system(line.c_str());
  if (rc != 0) {
    absl::StatusOr<std::string> output = ReadAll(log);
    return absl::InternalError(
        absl::StrCat("openssl failed (", rc, "): ", command, "\n",
                     output.ok() ? *output : std::string()));
  }
  return absl::OkStatus();
}

absl::StatusOr<CertificateFiles> Load(const std::string& cert,
                                      const std::string& key) {
  CertificateFiles files{cert, key, "", ""};
  absl::StatusOr<std::string> cert_pem = ReadAll(cert);
  if (!cert_pem.ok()) return cert_pem.status();
  absl::StatusOr<std::string> key_pem = ReadAll(key);
  if (!key_pem.ok()) return key_pem.status();
  files.cert_pem = *std::move(cert_pem);
  files.key_pem = *std::move(key_pem);
  return files;
}

}  // namespace

absl::StatusOr<TestCa> TestCa::Create(const std::string& dir,
                                      const std::string& name) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::InternalError(error.message());
  TestCa ca;
  ca.dir_ = dir;
  ca.name_ = name;
  const std::string cert = absl::StrCat(dir, "/", name, ".pem");
  const std::string key = absl::StrCat(dir, "/", name, ".key");
  if (absl::Status s = Run(
          dir, absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                            "ec_paramgen_curve:P-256 -nodes -days 3 -subj "
                            "'/CN=",
                            name, "' -keyout '", key, "' -out '", cert, "'"));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<CertificateFiles> files = Load(cert, key);
  if (!files.ok()) return files.status();
  ca.files_ = *std::move(files);
  return ca;
}

absl::StatusOr<CertificateFiles> TestCa::Issue(const std::string& name,
                                               const std::string& san,
                                               int days) const {
  const std::string base = absl::StrCat(dir_, "/", name);
  const std::string ext = base + ".ext";
  {
    std::ofstream out(ext);
    out << "subjectAltName=" << san << "\n"
        << "basicConstraints=CA:FALSE\n"
        << "keyUsage=digitalSignature\n"
        << "extendedKeyUsage=serverAuth,clientAuth\n";
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", ext));
  }
  // Written beside, then renamed over the final names, so a watcher never
  // reads half a file.
  const std::string new_key = base + ".key.new";
  const std::string new_cert = base + ".pem.new";
  if (absl::Status s =
          Run(dir_, absl::StrCat("openssl req -newkey ec -pkeyopt "
                                 "ec_paramgen_curve:P-256 -nodes -subj '/CN=",
                                 name, "' -keyout '", new_key, "' -out '", base,
                                 ".csr'"));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Run(
          dir_, absl::StrCat("openssl x509 -req -in '", base, ".csr' -CA '",
                             files_.cert_path, "' -CAkey '", files_.key_path,
                             "' -set_serial ", std::rand(), " -days ", days,
                             " -extfile '", ext, "' -out '", new_cert, "'"));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ReplaceFile(new_key, base + ".key"); !s.ok()) return s;
  if (absl::Status s = ReplaceFile(new_cert, base + ".pem"); !s.ok()) return s;
  return Load(base + ".pem", base + ".key");
}

absl::Status ReplaceFile(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot rename ", from, " to ", to));
  }
  return absl::OkStatus();
}

}  // namespace testing
}  // namespace msp_gateway
