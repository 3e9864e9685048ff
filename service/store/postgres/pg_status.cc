// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_status.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "libpq-fe.h"

namespace msp_gateway {
namespace pg {

SecretRedactor SecretRedactor::ForDsn(absl::string_view dsn) {
  SecretRedactor redactor;
  if (!dsn.empty()) redactor.secrets_.emplace_back(dsn);
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(dsn).c_str(), &error);
  if (error != nullptr) PQfreemem(error);
  if (options != nullptr) {
    for (PQconninfoOption* option = options; option->keyword != nullptr;
         ++option) {
      if (option->val != nullptr && option->val[0] != '\0' &&
          absl::string_view(option->keyword) == "password") {
        redactor.secrets_.emplace_back(option->val);
      }
    }
    PQconninfoFree(options);
  }
  std::sort(redactor.secrets_.begin(), redactor.secrets_.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() > b.size();
            });
  return redactor;
}

std::string SecretRedactor::Redact(absl::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    out = absl::StrReplaceAll(out, {{secret, "<redacted>"}});
  }
  return out;
}

bool IsValidDsn(absl::string_view dsn) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(dsn).c_str(), &error);
  if (error != nullptr) PQfreemem(error);
  if (options == nullptr) return false;
  PQconninfoFree(options);
  return true;
}

bool SessionLostSqlState(absl::string_view sqlstate) {
  return absl::StartsWith(sqlstate, "08") || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

absl::StatusCode CodeForSqlState(absl::string_view sqlstate) {
  if (sqlstate.size() != 5) return absl::StatusCode::kInternal;
  if (SessionLostSqlState(sqlstate) ||
      sqlstate == "57014" ||               // query_canceled: statement_timeout
      absl::StartsWith(sqlstate, "53") ||  // insufficient_resources
      sqlstate == "55P03" ||               // lock_not_available
      sqlstate == "40001" ||               // serialization_failure
      sqlstate == "40P01") {               // deadlock_detected
    return absl::StatusCode::kUnavailable;
  }
  return absl::StatusCode::kInternal;
}

absl::Status PgError(absl::string_view what, absl::string_view sqlstate,
                     absl::string_view message, bool connection_lost,
                     const SecretRedactor& redactor) {
  const absl::StatusCode code = connection_lost ? absl::StatusCode::kUnavailable
                                                : CodeForSqlState(sqlstate);
  std::string text = absl::StrCat(
      "postgresql: ", what, ": ",
      redactor.Redact(absl::StripTrailingAsciiWhitespace(message)));
  if (!sqlstate.empty()) absl::StrAppend(&text, " [SQLSTATE ", sqlstate, "]");
  return absl::Status(code, text);
}

}  // namespace pg
}  // namespace msp_gateway
