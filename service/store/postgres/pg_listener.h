// Copyright 2026 The msp-gateway Authors.
//
// File: pg_listener.h
//
// LISTEN on one channel over a connection of its own (not from the pool: a
// pooled connection is lent to one call at a time and must be idle between
// calls, a listening one receives at any time), on a thread of its own.
// The thread waits on the connection's socket with poll() in short slices
// (`poll_interval`) so that the destructor stops it promptly, reads what
// arrived (PQconsumeInput, PQnotifies) and calls `on_wake` once per batch
// of notifications.
//
// A connection that drops (a server restart, a terminated backend, a
// network error; TCP keepalives find a silent peer) is replaced, with
// exponential backoff from `min_backoff` to `max_backoff`. Notifications
// sent while no connection listened are lost, so after every successful
// LISTEN `on_wake` runs once as well: a woken reader reads after its
// cursor, and what it missed is in the table.
//
// Thread-safe. `on_wake` runs on the listener's thread; it must be quick
// and must not destroy the listener.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_LISTENER_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_LISTENER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "service/store/postgres/pg_status.h"

struct pg_conn;

namespace msp_gateway {
namespace pg {

struct PgListenerOptions {
  // Opening the connection and the LISTEN statement, each.
  absl::Duration connect_timeout = absl::Seconds(5);
  // The longest the thread waits before it looks at the stop flag.
  absl::Duration poll_interval = absl::Milliseconds(100);
  absl::Duration min_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(5);
};

class PgListener {
 public:
  // Starts listening on `channel` (an SQL identifier: lowercase letters,
  // digits and '_') of the database `dsn` names. Connection failures are
  // not returned: the thread keeps trying (last_error() says why).
  PgListener(std::string dsn, SecretRedactor redactor, std::string channel,
             PgListenerOptions options, std::function<void()> on_wake);
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;
  // Stops the thread (within about poll_interval) and closes the
  // connection.
  ~PgListener();

  // True once a LISTEN is in effect (and its wake has run); false if not
  // within `timeout`.
  bool WaitUntilListening(absl::Duration timeout) ABSL_LOCKS_EXCLUDED(mu_);
  bool listening() const ABSL_LOCKS_EXCLUDED(mu_);
  // The server process of the listening session, 0 when none (tests
  // terminate it to see the listener reconnect).
  int backend_pid() const ABSL_LOCKS_EXCLUDED(mu_);
  // How many LISTENs succeeded (1 + the reconnections).
  int64_t listens() const ABSL_LOCKS_EXCLUDED(mu_);
  // Why the last connection attempt or connection failed (OK: none).
  absl::Status last_error() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Run();
  // Connects and LISTENs; nullptr (last_error_ set) on failure or stop.
  pg_conn* Connect();
  // Reads notifications until the connection fails or stop_.
  void Listen(pg_conn* conn);
  // Waits until `fd` is ready for `events` or poll_interval passed; false
  // on stop_.
  bool WaitSocket(int fd, short events);
  void SetState(bool listening, int pid, absl::Status error)
      ABSL_LOCKS_EXCLUDED(mu_);

  const std::string dsn_;
  const SecretRedactor redactor_;
  const std::string channel_;
  const PgListenerOptions options_;
  const std::function<void()> on_wake_;

  absl::Notification stop_;
  mutable absl::Mutex mu_;
  bool listening_ ABSL_GUARDED_BY(mu_) = false;
  int backend_pid_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t listens_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);

  std::thread thread_;  // Last: started once everything else is set.
};

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_LISTENER_H_
