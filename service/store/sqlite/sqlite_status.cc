// Copyright 2026 The msp-gateway Authors.

#include "service/store/sqlite/sqlite_status.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace msp_gateway {

bool IsSqliteBusy(int rc) {
  // The primary code is the low byte of an extended one
  // (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, ...).
  const int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

absl::Status SqliteStatus(sqlite3* db, int rc, absl::string_view what) {
  const char* text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message =
      absl::StrCat("sqlite: ", what, ": ", text, " (code ", rc, ")");
  if (IsSqliteBusy(rc)) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

}  // namespace msp_gateway
