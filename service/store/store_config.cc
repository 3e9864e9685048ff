// Copyright 2026 The msp-gateway Authors.

#include "service/store/store_config.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace msp_gateway {
namespace {

constexpr absl::string_view kSqlitePrefix = "sqlite:";
// libpq's own two URI prefixes (it compares them case-sensitively).
constexpr absl::string_view kPostgresPrefixes[] = {"postgresql://",
                                                   "postgres://"};
// A DSN is a line; anything much larger is the wrong file mounted.
constexpr size_t kMaxStoreFileBytes = 64 * 1024;
constexpr absl::string_view kRedacted = "***";

absl::StatusOr<std::string> ReadSmallFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot read ", kStoreFileEnv, " ", path, ": ", std::strerror(error)));
  }
  std::string contents;
  char buffer[4096];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      close(fd);
      return absl::FailedPreconditionError(
          absl::StrCat("cannot read ", kStoreFileEnv, " ", path, ": ",
                       std::strerror(error)));
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
    if (contents.size() > kMaxStoreFileBytes) {
      close(fd);
      return absl::InvalidArgumentError(
          absl::StrCat(kStoreFileEnv, " ", path, " is larger than ",
                       kMaxStoreFileBytes, " bytes: not a store location"));
    }
  }
  close(fd);
  return contents;
}

// `value` (trimmed, non-empty) from `source` ("MSP_GATEWAY_STORE", or
// "MSP_GATEWAY_STORE_FILE <path>"). Messages never quote `value`.
absl::StatusOr<StoreConfig> ParseStoreLocation(absl::string_view value,
                                               absl::string_view source) {
  StoreConfig config;
  if (absl::StartsWith(value, kSqlitePrefix)) {
    absl::string_view path = value.substr(kSqlitePrefix.size());
    if (path.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": sqlite: needs a file path, e.g. sqlite:/data/orders.db"));
    }
    if (absl::StartsWith(path, "//")) {
      return absl::InvalidArgumentError(absl::StrCat(
          source,
          ": write sqlite:/absolute/path/orders.db (sqlite: and the path), "
          "not sqlite://"));
    }
    if (path == ":memory:" || absl::StartsWith(path, "file:")) {
      return absl::InvalidArgumentError(absl::StrCat(
          source,
          ": the sqlite store needs a plain file path (no :memory:, "
          "no file: URI)"));
    }
    config.kind = StoreKind::kSqlite;
    config.sqlite_path = std::string(path);
    return config;
  }
  for (absl::string_view prefix : kPostgresPrefixes) {
    if (!absl::StartsWith(value, prefix)) continue;
    for (char c : value) {
      if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
          absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
        return absl::InvalidArgumentError(absl::StrCat(
            source,
            ": the PostgreSQL URI contains a space or control character "
            "(percent-encode it, e.g. %20)"));
      }
    }
    config.kind = StoreKind::kPostgresql;
    config.postgres_dsn = std::string(value);
    return config;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(source,
                   " must be sqlite:<path> or a PostgreSQL URI "
                   "(postgresql://user@host:5432/db or postgres://...)"));
}

// --- RedactedDsn ---------------------------------------------------------

using Range = std::pair<size_t, size_t>;  // [first, second) of the DSN.

// "postgresql://...": scheme, then "://".
size_t UriAuthorityStart(absl::string_view dsn) {
  size_t sep = dsn.find("://");
  if (sep == absl::string_view::npos || sep == 0)
    return absl::string_view::npos;
  if (!absl::ascii_isalpha(static_cast<unsigned char>(dsn[0]))) {
    return absl::string_view::npos;
  }
  for (size_t i = 1; i < sep; ++i) {
    unsigned char c = static_cast<unsigned char>(dsn[i]);
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') {
      return absl::string_view::npos;
    }
  }
  return sep + 3;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecoded(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool NamesAPassword(absl::string_view name) {
  return absl::StrContains(absl::AsciiStrToLower(name), "password");
}

// The ranges of a URI to hide: the userinfo's password, and the values of
// query parameters named *password*.
void UriSecrets(absl::string_view dsn, size_t authority,
                std::vector<Range>* secrets) {
  // The password sits between the first ':' after "://" and an '@'; the
  // last '@' is at or after the real one whatever the password holds.
  size_t at = dsn.rfind('@');
  if (at != absl::string_view::npos && at > authority) {
    size_t colon = dsn.find(':', authority);
    if (colon != absl::string_view::npos && colon < at) {
      secrets->emplace_back(colon + 1, at);
    }
  }
  // Parameters after the first '?' (a '?' inside the password is covered
  // above; parsing from it only hides more).
  size_t query = dsn.find('?', authority);
  if (query == absl::string_view::npos) return;
  size_t start = query + 1;
  while (start <= dsn.size()) {
    size_t end = dsn.find('&', start);
    if (end == absl::string_view::npos) end = dsn.size();
    absl::string_view param = dsn.substr(start, end - start);
    size_t eq = param.find('=');
    if (eq != absl::string_view::npos &&
        NamesAPassword(PercentDecoded(param.substr(0, eq)))) {
      secrets->emplace_back(start + eq + 1, end);
    }
    start = end + 1;
  }
}

// The ranges of a keyword/value string to hide (libpq's syntax: keyword,
// '=', a value either in single quotes or up to white space; a backslash
// escapes the next character in both). False if it does not parse.
bool KeywordSecrets(absl::string_view dsn, std::vector<Range>* secrets) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < dsn.size() &&
           absl::ascii_isspace(static_cast<unsigned char>(dsn[i]))) {
      ++i;
    }
  };
  while (true) {
    skip_space();
    if (i >= dsn.size()) return true;
    size_t name_start = i;
    while (i < dsn.size() && dsn[i] != '=' &&
           !absl::ascii_isspace(static_cast<unsigned char>(dsn[i]))) {
      ++i;
    }
    absl::string_view name = dsn.substr(name_start, i - name_start);
    skip_space();
    if (i >= dsn.size() || dsn[i] != '=' || name.empty()) return false;
    ++i;
    skip_space();
    size_t value_start = i;
    if (i < dsn.size() && dsn[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < dsn.size()) {
        if (dsn[i] == '\\') {
          i += 2;
          continue;
        }
        if (dsn[i] == '\'') {
          closed = true;
          ++i;
          break;
        }
        ++i;
      }
      if (!closed) return false;
    } else {
      while (i < dsn.size() &&
             !absl::ascii_isspace(static_cast<unsigned char>(dsn[i]))) {
        i += dsn[i] == '\\' ? 2 : 1;
      }
      if (i > dsn.size()) return false;  // A trailing backslash.
    }
    if (NamesAPassword(name)) secrets->emplace_back(value_start, i);
  }
}

}  // namespace

absl::string_view StoreKindName(StoreKind kind) {
  switch (kind) {
    case StoreKind::kSqlite:
      return "sqlite";
    case StoreKind::kPostgresql:
      return "postgresql";
  }
  return "sqlite";
}

std::string StoreConfig::DebugString() const {
  switch (kind) {
    case StoreKind::kSqlite:
      return absl::StrCat(kSqlitePrefix, sqlite_path);
    case StoreKind::kPostgresql:
      return RedactedDsn(postgres_dsn);
  }
  return "";
}

std::optional<std::string> ProcessEnvLookup(absl::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

absl::StatusOr<StoreConfig> ResolveStoreConfig(absl::string_view data_dir,
                                               const StoreEnvLookup& env) {
  auto get = [&env](absl::string_view name) {
    std::optional<std::string> value = env(name);
    return value.has_value() ? std::string(absl::StripAsciiWhitespace(*value))
                             : std::string();
  };
  const std::string value = get(kStoreEnv);
  const std::string file = get(kStoreFileEnv);
  if (!value.empty() && !file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("set only one of ", kStoreEnv, " and ", kStoreFileEnv));
  }
  if (!value.empty()) return ParseStoreLocation(value, kStoreEnv);
  if (!file.empty()) {
    absl::StatusOr<std::string> contents = ReadSmallFile(file);
    if (!contents.ok()) return contents.status();
    // Mounted secrets often end in a newline.
    absl::string_view trimmed = absl::StripAsciiWhitespace(*contents);
    if (trimmed.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(kStoreFileEnv, " ", file, " is empty"));
    }
    return ParseStoreLocation(trimmed, absl::StrCat(kStoreFileEnv, " ", file));
  }
  if (data_dir.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no order store: set ", kStoreEnv, " (or ", kStoreFileEnv,
                     "), or --data_dir for SQLite at <data_dir>/orders.db"));
  }
  StoreConfig config;
  config.kind = StoreKind::kSqlite;
  config.sqlite_path = absl::EndsWith(data_dir, "/")
                           ? absl::StrCat(data_dir, "orders.db")
                           : absl::StrCat(data_dir, "/orders.db");
  return config;
}

std::string RedactedDsn(absl::string_view dsn) {
  std::vector<Range> secrets;
  const size_t authority = UriAuthorityStart(dsn);
  if (authority != absl::string_view::npos) {
    UriSecrets(dsn, authority, &secrets);
  } else if (absl::StrContains(absl::AsciiStrToLower(dsn), "password")) {
    // Only a keyword can carry a password outside a URI.
    if (!KeywordSecrets(dsn, &secrets)) return std::string(kRedacted);
  }
  std::sort(secrets.begin(), secrets.end());
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < secrets.size();) {
    size_t begin = secrets[i].first;
    size_t end = secrets[i].second;
    // Overlapping or touching ranges become one.
    for (++i; i < secrets.size() && secrets[i].first <= end; ++i) {
      end = std::max(end, secrets[i].second);
    }
    if (begin < copied) begin = copied;
    if (end <= begin) continue;
    absl::StrAppend(&out, dsn.substr(copied, begin - copied), kRedacted);
    copied = end;
  }
  absl::StrAppend(&out, dsn.substr(copied));
  return out;
}

}  // namespace msp_gateway
