// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_connection.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libpq-fe.h"

namespace msp_gateway {
namespace pg {
namespace {

// libpq prints notices (e.g. "relation already exists, skipping") to
// stderr by default; the store has nothing to learn from them.
void IgnoreNotice(void*, const char*) {}

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
         status == PGRES_EMPTY_QUERY;
}

}  // namespace

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

PgResult::~PgResult() { PQclear(result_); }

int PgResult::rows() const { return PQntuples(result_); }

int64_t PgResult::affected_rows() const {
  const char* text = PQcmdTuples(result_);
  int64_t n = 0;
  for (const char* c = text; *c >= '0' && *c <= '9'; ++c) {
    n = n * 10 + (*c - '0');
  }
  return n;
}

bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

absl::string_view PgResult::Bytes(int row, int column) const {
  return absl::string_view(
      PQgetvalue(result_, row, column),
      static_cast<size_t>(PQgetlength(result_, row, column)));
}

absl::StatusOr<int64_t> PgResult::Int64(int row, int column) const {
  return DecodeInt64(Bytes(row, column));
}

absl::StatusOr<int32_t> PgResult::Int32(int row, int column) const {
  return DecodeInt32(Bytes(row, column));
}

absl::StatusOr<bool> PgResult::Bool(int row, int column) const {
  return DecodeBool(Bytes(row, column));
}

PgConnection::PgConnection(PGconn* conn, absl::Duration statement_timeout,
                           const SecretRedactor& redactor)
    : conn_(conn), statement_timeout_(statement_timeout), redactor_(redactor) {}

PgConnection::~PgConnection() { PQfinish(conn_); }

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& dsn, const PgConnectOptions& options,
    const SecretRedactor& redactor) {
  std::string connect_timeout = "0";
  if (options.connect_timeout > absl::ZeroDuration()) {
    connect_timeout = absl::StrCat(std::max<int64_t>(
        2, static_cast<int64_t>(
               std::ceil(absl::ToDoubleSeconds(options.connect_timeout)))));
  }
  // dsn first: the keywords after it override what it says.
  const char* const keywords[] = {"dbname", "connect_timeout",
                                  "fallback_application_name", nullptr};
  const char* const values[] = {dsn.c_str(), connect_timeout.c_str(),
                                "msp-gateway", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    return absl::InternalError("postgresql: connect: out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return PgError("connect", "", message, /*connection_lost=*/true, redactor);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  // Non-blocking sends, so that every wait goes through WaitSocket() and
  // its deadline.
  if (PQsetnonblocking(conn, 1) != 0) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return PgError("connect", "", message, /*connection_lost=*/true, redactor);
  }
  std::unique_ptr<PgConnection> connection(
      new PgConnection(conn, options.statement_timeout, redactor));
  PgParams params;
  params.Text(
      absl::StrCat(absl::ToInt64Milliseconds(options.statement_timeout)));
  absl::StatusOr<PgResult> set = connection->ExecuteOnce(
      "set statement_timeout",
      "SELECT set_config('statement_timeout', $1, false)", params);
  if (!set.ok()) return set.status();
  return connection;
}

absl::StatusOr<PgResult> PgConnection::Execute(absl::string_view what,
                                               const PgStatement& statement,
                                               const PgParams& params) {
  if (broken_) {
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", what, ": the connection is broken"));
  }
  if (!prepared_.contains(statement.name)) {
    if (PQsendPrepare(conn_, statement.name, statement.sql, params.size(),
                      params.types()) == 0) {
      return SendFailed(what);
    }
    absl::StatusOr<PgResult> prepared = Finish(what);
    if (!prepared.ok()) return prepared.status();
    prepared_.insert(statement.name);
  }
  if (PQsendQueryPrepared(conn_, statement.name, params.size(), params.values(),
                          params.lengths(), params.formats(),
                          /*resultFormat=*/1) == 0) {
    return SendFailed(what);
  }
  return Finish(what);
}

absl::StatusOr<PgResult> PgConnection::ExecuteOnce(absl::string_view what,
                                                   absl::string_view sql,
                                                   const PgParams& params) {
  if (broken_) {
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", what, ": the connection is broken"));
  }
  if (PQsendQueryParams(conn_, std::string(sql).c_str(), params.size(),
                        params.types(), params.values(), params.lengths(),
                        params.formats(), /*resultFormat=*/1) == 0) {
    return SendFailed(what);
  }
  return Finish(what);
}

absl::StatusOr<PgResult> PgConnection::ExecuteScript(absl::string_view what,
                                                     absl::string_view sql) {
  if (broken_) {
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", what, ": the connection is broken"));
  }
  if (PQsendQuery(conn_, std::string(sql).c_str()) == 0) {
    return SendFailed(what);
  }
  return Finish(what);
}

absl::Status PgConnection::SendFailed(absl::string_view what) {
  const bool lost = PQstatus(conn_) != CONNECTION_OK;
  if (lost) broken_ = true;
  return PgError(what, "", PQerrorMessage(conn_), lost, redactor_);
}

bool PgConnection::WaitSocket(short events, absl::Time deadline) {
  const int fd = PQsocket(conn_);
  if (fd < 0) return true;  // libpq reports the closed connection.
  pollfd entry{};
  entry.fd = fd;
  entry.events = events;
  while (true) {
    int timeout_ms = -1;
    if (deadline != absl::InfiniteFuture()) {
      const absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) return false;
      timeout_ms = static_cast<int>(std::min<int64_t>(
          INT_MAX,
          absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1)))));
    }
    const int ready = poll(&entry, 1, timeout_ms);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return true;  // libpq reports it.
  }
}

absl::StatusOr<PgResult> PgConnection::Finish(absl::string_view what) {
  const absl::Time deadline =
      statement_timeout_ > absl::ZeroDuration()
          ? absl::Now() + statement_timeout_ + kClientGrace
          : absl::InfiniteFuture();
  auto lost = [this, what]() {
    broken_ = true;
    return PgError(what, "", PQerrorMessage(conn_), /*connection_lost=*/true,
                   redactor_);
  };
  auto timed_out = [this, what]() {
    // The protocol state is unknown: the connection cannot be reused.
    broken_ = true;
    return absl::UnavailableError(absl::StrCat(
        "postgresql: ", what, ": no answer from the server within ",
        absl::FormatDuration(statement_timeout_ + kClientGrace)));
  };

  while (true) {
    const int flushed = PQflush(conn_);
    if (flushed == 0) break;
    if (flushed < 0) return lost();
    if (!WaitSocket(POLLIN | POLLOUT, deadline)) return timed_out();
    if (PQconsumeInput(conn_) == 0) return lost();
  }

  PGresult* last = nullptr;
  PGresult* failed = nullptr;
  absl::Status status;
  while (true) {
    while (PQisBusy(conn_) != 0) {
      if (!WaitSocket(POLLIN, deadline)) {
        status = timed_out();
        break;
      }
      if (PQconsumeInput(conn_) == 0) {
        status = lost();
        break;
      }
    }
    if (!status.ok()) break;
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) break;
    if (Succeeded(result)) {
      PQclear(last);
      last = result;
    } else if (failed == nullptr) {
      failed = result;
    } else {
      PQclear(result);
    }
  }
  if (status.ok() && failed != nullptr) {
    const char* sqlstate = PQresultErrorField(failed, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(failed, PG_DIAG_MESSAGE_PRIMARY);
    const absl::string_view code = sqlstate == nullptr ? "" : sqlstate;
    const bool session_lost =
        PQstatus(conn_) != CONNECTION_OK || SessionLostSqlState(code);
    if (session_lost) broken_ = true;
    status = PgError(
        what, code, primary != nullptr ? primary : PQresultErrorMessage(failed),
        session_lost, redactor_);
  }
  PQclear(failed);
  if (status.ok() && last == nullptr) {
    status = absl::InternalError(
        absl::StrCat("postgresql: ", what, ": the server sent no result"));
  }
  if (!status.ok()) {
    PQclear(last);
    return status;
  }
  return PgResult(last);
}

bool PgConnection::Healthy() {
  if (broken_ || PQstatus(conn_) != CONNECTION_OK ||
      PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    return false;
  }
  const int fd = PQsocket(conn_);
  if (fd < 0) return false;
  pollfd entry{};
  entry.fd = fd;
  entry.events = POLLIN;
  int ready;
  do {
    ready = poll(&entry, 1, 0);
  } while (ready < 0 && errno == EINTR);
  return ready == 0;
}

int PgConnection::backend_pid() const { return PQbackendPID(conn_); }

}  // namespace pg
}  // namespace msp_gateway
