// Copyright 2026 The msp-gateway Authors.
//
// File: pg_connection_pool.h
//
// At most `size` PgConnections to one database, shared by threads: a call
// borrows one (Acquire), uses it alone and gives it back when its Lease
// goes. Connections open on first need and stay open; one that is broken,
// or that Healthy() finds closed by the server while idle (a restart, a
// terminated backend), is discarded and replaced by a new one on the next
// Acquire, so the pool recovers by itself once the server is back. A
// caller waits up to `wait_timeout` for a free connection, then gets
// UNAVAILABLE: a store that is slow or saturated fails calls instead of
// queueing them without bound.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_CONNECTION_POOL_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_CONNECTION_POOL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/store/postgres/pg_connection.h"
#include "service/store/postgres/pg_status.h"

namespace msp_gateway {
namespace pg {

struct PgPoolOptions {
  int size = 8;
  absl::Duration wait_timeout = absl::Seconds(2);
  PgConnectOptions connect;
};

class PgConnectionPool {
 public:
  // A borrowed connection; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : pool_(other.pool_), connection_(std::move(other.connection_)) {
      other.pool_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    PgConnection& operator*() const { return *connection_; }
    PgConnection* operator->() const { return connection_.get(); }

   private:
    friend class PgConnectionPool;
    Lease(PgConnectionPool* pool, std::unique_ptr<PgConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}

    PgConnectionPool* pool_;
    std::unique_ptr<PgConnection> connection_;
  };

  // `dsn` must be valid (IsValidDsn); `redactor` is ForDsn(dsn).
  PgConnectionPool(std::string dsn, PgPoolOptions options,
                   SecretRedactor redactor);
  PgConnectionPool(const PgConnectionPool&) = delete;
  PgConnectionPool& operator=(const PgConnectionPool&) = delete;
  // Every Lease must be gone.
  ~PgConnectionPool() = default;

  // PgConnectionPool::Acquire()
  //
  // A healthy connection: an idle one, else a new one if fewer than `size`
  // exist, else the first one given back within wait_timeout. UNAVAILABLE
  // if none is free in time or a new connection fails.
  absl::StatusOr<Lease> Acquire();

  // Connections open now, idle or lent (for tests and metrics).
  int open_connections() const ABSL_LOCKS_EXCLUDED(mu_);

  const SecretRedactor& redactor() const { return redactor_; }
  const PgPoolOptions& options() const { return options_; }

 private:
  void GiveBack(std::unique_ptr<PgConnection> connection)
      ABSL_LOCKS_EXCLUDED(mu_);

  const std::string dsn_;
  const PgPoolOptions options_;
  const SecretRedactor redactor_;

  mutable absl::Mutex mu_;
  // Most recently returned last: the warm connections are reused first.
  std::vector<std::unique_ptr<PgConnection>> idle_ ABSL_GUARDED_BY(mu_);
  // Lent, or being opened for a caller.
  int lent_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_CONNECTION_POOL_H_
