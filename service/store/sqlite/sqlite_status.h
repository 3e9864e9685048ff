// Copyright 2026 The msp-gateway Authors.
//
// File: sqlite_status.h
//
// SQLite result codes as absl::Status, the way OrderStore promises callers:
// a lock held by another connection past the busy timeout (SQLITE_BUSY,
// SQLITE_LOCKED and their extended codes) is UNAVAILABLE, which callers may
// retry; anything else (I/O error, full disk, corruption, misuse) is
// INTERNAL. The message is what failed and SQLite's own error text, which
// names tables, columns and constraints but never a bound value, so no key,
// fingerprint or response reaches a log through it.

#ifndef MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_STATUS_H_
#define MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

struct sqlite3;

namespace msp_gateway {

// The status for `rc`, a failed (not SQLITE_OK/ROW/DONE) result of a call
// on `db`, e.g. "sqlite: Claim: database is locked (code 5)". `db` may be
// null (sqlite3_open_v2 gave none): the text is then sqlite3_errstr(rc).
// Call it right after the failed call, before `db` is used again.
absl::Status SqliteStatus(sqlite3* db, int rc, absl::string_view what);

// True for the codes SqliteStatus() makes UNAVAILABLE.
bool IsSqliteBusy(int rc);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_STATUS_H_
