// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_connection_pool.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace msp_gateway {
namespace pg {

PgConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->GiveBack(std::move(connection_));
}

PgConnectionPool::PgConnectionPool(std::string dsn, PgPoolOptions options,
                                   SecretRedactor redactor)
    : dsn_(std::move(dsn)),
      options_(std::move(options)),
      redactor_(std::move(redactor)) {}

absl::StatusOr<PgConnectionPool::Lease> PgConnectionPool::Acquire() {
  std::unique_ptr<PgConnection> connection;
  {
    absl::MutexLock lock(&mu_);
    auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() ||
             lent_ + static_cast<int>(idle_.size()) < options_.size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&free), options_.wait_timeout)) {
      return absl::UnavailableError(
          absl::StrCat("postgresql: no free connection within ",
                       absl::FormatDuration(options_.wait_timeout), " (all ",
                       options_.size, " in use)"));
    }
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
    ++lent_;
  }
  // Outside the lock: closing and opening connections take round trips.
  if (connection != nullptr && !connection->Healthy()) connection.reset();
  if (connection == nullptr) {
    absl::StatusOr<std::unique_ptr<PgConnection>> opened =
        PgConnection::Connect(dsn_, options_.connect, redactor_);
    if (!opened.ok()) {
      absl::MutexLock lock(&mu_);
      --lent_;
      return opened.status();
    }
    connection = *std::move(opened);
  }
  return Lease(this, std::move(connection));
}

void PgConnectionPool::GiveBack(std::unique_ptr<PgConnection> connection) {
  // A broken connection, or one left inside a transaction, is closed here
  // (outside the lock) and its place freed for a new one.
  if (connection != nullptr &&
      (connection->broken() || !connection->Healthy())) {
    connection.reset();
  }
  absl::MutexLock lock(&mu_);
  --lent_;
  if (connection != nullptr) idle_.push_back(std::move(connection));
}

int PgConnectionPool::open_connections() const {
  absl::MutexLock lock(&mu_);
  return lent_ + static_cast<int>(idle_.size());
}

}  // namespace pg
}  // namespace msp_gateway
