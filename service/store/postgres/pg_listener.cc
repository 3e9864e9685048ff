// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_listener.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libpq-fe.h"

namespace msp_gateway {
namespace pg {
namespace {

void IgnoreNotice(void*, const char*) {}

}  // namespace

PgListener::PgListener(std::string dsn, SecretRedactor redactor,
                       std::string channel, PgListenerOptions options,
                       std::function<void()> on_wake)
    : dsn_(std::move(dsn)),
      redactor_(std::move(redactor)),
      channel_(std::move(channel)),
      options_(options),
      on_wake_(std::move(on_wake)),
      thread_([this] { Run(); }) {}

PgListener::~PgListener() {
  stop_.Notify();
  thread_.join();
}

bool PgListener::WaitUntilListening(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(&listening_), timeout);
}

bool PgListener::listening() const {
  absl::MutexLock lock(&mu_);
  return listening_;
}

int PgListener::backend_pid() const {
  absl::MutexLock lock(&mu_);
  return backend_pid_;
}

int64_t PgListener::listens() const {
  absl::MutexLock lock(&mu_);
  return listens_;
}

absl::Status PgListener::last_error() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

void PgListener::SetState(bool listening, int pid, absl::Status error) {
  absl::MutexLock lock(&mu_);
  if (listening && !listening_) ++listens_;
  listening_ = listening;
  backend_pid_ = pid;
  if (!error.ok()) last_error_ = std::move(error);
}

void PgListener::Run() {
  absl::Duration backoff = options_.min_backoff;
  while (!stop_.HasBeenNotified()) {
    if (pg_conn* conn = Connect(); conn != nullptr) {
      // Whatever was notified while nobody listened is in the table: wake
      // the readers once so that they look. Then report "listening", so
      // that WaitUntilListening() returns after this wake.
      if (on_wake_) on_wake_();
      SetState(true, PQbackendPID(conn), absl::OkStatus());
      backoff = options_.min_backoff;
      Listen(conn);
      PQfinish(conn);
    }
    if (stop_.WaitForNotificationWithTimeout(backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

bool PgListener::WaitSocket(int fd, short events) {
  pollfd entry{};
  entry.fd = fd;
  entry.events = events;
  const int timeout_ms = static_cast<int>(std::clamp<int64_t>(
      absl::ToInt64Milliseconds(options_.poll_interval), 1, INT_MAX));
  const int ready = poll(&entry, 1, timeout_ms);
  // An error (but EINTR) counts as ready: libpq reports it.
  return ready > 0 || (ready < 0 && errno != EINTR);
}

pg_conn* PgListener::Connect() {
  // dsn first: the keywords after it override it. Keepalives, so that a
  // peer that vanished without a word is noticed within about a minute.
  const char* const keywords[] = {"dbname",
                                  "fallback_application_name",
                                  "keepalives",
                                  "keepalives_idle",
                                  "keepalives_interval",
                                  "keepalives_count",
                                  nullptr};
  const char* const values[] = {
      dsn_.c_str(), "msp-gateway-listener", "1", "30", "10", "3", nullptr};
  PGconn* conn = PQconnectStartParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    SetState(false, 0,
             absl::InternalError("postgresql: listen: out of memory"));
    return nullptr;
  }
  auto fail = [&](absl::string_view what, absl::string_view message) {
    SetState(false, 0,
             PgError(what, "", message, /*connection_lost=*/true, redactor_));
    PQfinish(conn);
    return nullptr;
  };
  if (PQstatus(conn) == CONNECTION_BAD) {
    return fail("listen: connect", PQerrorMessage(conn));
  }
  // libpq ignores connect_timeout in this asynchronous mode: our deadline.
  absl::Time deadline = absl::Now() + options_.connect_timeout;
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) {
      return fail("listen: connect", PQerrorMessage(conn));
    }
    if (stop_.HasBeenNotified()) {
      PQfinish(conn);
      return nullptr;
    }
    if (absl::Now() >= deadline) {
      return fail("listen: connect", "timed out");
    }
    const int fd = PQsocket(conn);
    if (fd >= 0 &&
        !WaitSocket(fd, polling == PGRES_POLLING_READING ? POLLIN : POLLOUT)) {
      continue;
    }
    polling = PQconnectPoll(conn);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  if (PQsetnonblocking(conn, 1) != 0) {
    return fail("listen: connect", PQerrorMessage(conn));
  }

  // LISTEN, within the same kind of deadline.
  const std::string listen = absl::StrCat("LISTEN ", channel_);
  if (PQsendQuery(conn, listen.c_str()) == 0) {
    return fail("listen", PQerrorMessage(conn));
  }
  deadline = absl::Now() + options_.connect_timeout;
  while (true) {
    const int flushed = PQflush(conn);
    if (flushed == 0) break;
    if (flushed < 0) return fail("listen", PQerrorMessage(conn));
    if (stop_.HasBeenNotified()) {
      PQfinish(conn);
      return nullptr;
    }
    if (absl::Now() >= deadline) return fail("listen", "timed out");
    if (WaitSocket(PQsocket(conn), POLLIN | POLLOUT) &&
        PQconsumeInput(conn) == 0) {
      return fail("listen", PQerrorMessage(conn));
    }
  }
  bool ok = false;
  while (true) {
    while (PQisBusy(conn) != 0) {
      if (stop_.HasBeenNotified()) {
        PQfinish(conn);
        return nullptr;
      }
      if (absl::Now() >= deadline) return fail("listen", "timed out");
      if (WaitSocket(PQsocket(conn), POLLIN) && PQconsumeInput(conn) == 0) {
        return fail("listen", PQerrorMessage(conn));
      }
    }
    PGresult* result = PQgetResult(conn);
    if (result == nullptr) break;
    if (PQresultStatus(result) == PGRES_COMMAND_OK) {
      ok = true;
    } else {
      const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
      const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
      SetState(false, 0,
               PgError("listen", sqlstate != nullptr ? sqlstate : "",
                       primary != nullptr ? primary : "LISTEN failed",
                       /*connection_lost=*/false, redactor_));
      ok = false;
    }
    PQclear(result);
  }
  if (!ok) {
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

void PgListener::Listen(pg_conn* conn) {
  while (!stop_.HasBeenNotified()) {
    const int fd = PQsocket(conn);
    if (fd < 0) break;
    if (!WaitSocket(fd, POLLIN)) continue;
    if (PQconsumeInput(conn) == 0) {
      SetState(false, 0,
               PgError("listen", "", PQerrorMessage(conn),
                       /*connection_lost=*/true, redactor_));
      return;
    }
    bool notified = false;
    while (PGnotify* notify = PQnotifies(conn)) {
      notified = true;
      PQfreemem(notify);
    }
    // Nothing was sent, so any result is the server's parting error.
    while (PQisBusy(conn) == 0) {
      PGresult* result = PQgetResult(conn);
      if (result == nullptr) break;
      PQclear(result);
    }
    if (notified && on_wake_) on_wake_();
    if (PQstatus(conn) != CONNECTION_OK) break;
  }
  SetState(false, 0,
           stop_.HasBeenNotified()
               ? absl::OkStatus()
               : absl::UnavailableError("postgresql: listen: connection lost"));
}

}  // namespace pg
}  // namespace msp_gateway
