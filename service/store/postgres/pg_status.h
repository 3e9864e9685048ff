// Copyright 2026 The msp-gateway Authors.
//
// File: pg_status.h
//
// PostgreSQL failures as absl::Status, the way OrderStore promises callers:
// the server cannot be reached, went away, is shutting down, or the
// statement timed out (SQLSTATE class 08, 57P01-57P03, 57014, and a
// connection libpq found broken) is UNAVAILABLE, which callers may retry;
// so are the server's transient refusals (class 53, e.g. too many
// connections; 55P03 lock timeout; 40001 / 40P01, which a single-statement
// call can only meet under contention). Anything else is INTERNAL.
//
// Messages are "postgresql: <what>: <the server's primary message>
// [SQLSTATE xxxxx]". The primary message names tables, columns and
// constraints but never a bound value (those are in DETAIL, left out), so
// no key, fingerprint or response reaches a log through it. Connection
// failures quote libpq's text, which names host, port and user; the
// SecretRedactor removes the password and the DSN from every message all
// the same, in case a libpq version quotes them.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_STATUS_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_STATUS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace msp_gateway {
namespace pg {

// Replaces the secrets of one DSN by "<redacted>" in any text.
class SecretRedactor {
 public:
  // The DSN (URI or key=value form) and the password libpq parses from it.
  // A DSN libpq cannot parse is itself the only secret.
  static SecretRedactor ForDsn(absl::string_view dsn);

  SecretRedactor() = default;

  std::string Redact(absl::string_view text) const;

 private:
  std::vector<std::string> secrets_;  // Longest first.
};

// True if libpq parses `dsn` (no message: libpq's would quote the DSN).
bool IsValidDsn(absl::string_view dsn);

// UNAVAILABLE for the SQLSTATEs above, INTERNAL otherwise (empty: none,
// e.g. a client-side failure on a healthy connection).
absl::StatusCode CodeForSqlState(absl::string_view sqlstate);

// True for the SQLSTATEs after which the session is gone (class 08,
// 57P01-57P03): the connection must be replaced.
bool SessionLostSqlState(absl::string_view sqlstate);

// "postgresql: <what>: <message> [SQLSTATE <sqlstate>]" with code
// UNAVAILABLE if `connection_lost`, else CodeForSqlState(sqlstate); the
// message redacted and stripped of trailing newlines.
absl::Status PgError(absl::string_view what, absl::string_view sqlstate,
                     absl::string_view message, bool connection_lost,
                     const SecretRedactor& redactor);

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_STATUS_H_
