// Copyright 2026 The msp-gateway Authors.
//
// File: pg_connection.h
//
// One libpq connection, as the store uses it: opened with a connect
// timeout, `statement_timeout` set for its session, statements prepared on
// first use and then executed by name with binary parameters and results
// (PgParams), every wait bounded. The server's statement_timeout ends a
// slow statement with SQLSTATE 57014; a client-side deadline a little later
// (the statement timeout plus kClientGrace) catches a server or network
// that no longer answers at all, which the server cannot report.
//
// A connection whose session is lost, or whose protocol state is unknown
// after a client-side deadline, is `broken()`: the pool discards it and
// opens another on the next call. Not thread-safe: one caller at a time
// (the pool hands it to one caller).

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/store/postgres/pg_binary.h"
#include "service/store/postgres/pg_status.h"

struct pg_conn;
struct pg_result;

namespace msp_gateway {
namespace pg {

struct PgConnectOptions {
  // libpq's connect_timeout (whole seconds, at least 2: libpq's minimum);
  // zero waits as long as the OS does.
  absl::Duration connect_timeout = absl::Seconds(5);
  // The session's statement_timeout; zero: none (and no client deadline).
  absl::Duration statement_timeout = absl::Seconds(5);
};

// How much longer than statement_timeout the client waits for an answer.
inline constexpr absl::Duration kClientGrace = absl::Seconds(1);

// A statement the connection prepares once under `name` (unique per SQL).
struct PgStatement {
  const char* name;
  const char* sql;
};

// An owned PGresult of a successful command or query.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) {
    other.result_ = nullptr;
  }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  // The number of rows an INSERT / UPDATE / DELETE changed.
  int64_t affected_rows() const;
  bool IsNull(int row, int column) const;
  // The value's bytes (binary format: text and bytea as they are).
  absl::string_view Bytes(int row, int column) const;
  absl::StatusOr<int64_t> Int64(int row, int column) const;
  absl::StatusOr<int32_t> Int32(int row, int column) const;
  absl::StatusOr<bool> Bool(int row, int column) const;

 private:
  pg_result* result_;
};

class PgConnection {
 public:
  // PgConnection::Connect()
  //
  // UNAVAILABLE (with libpq's reason, redacted) if the server cannot be
  // reached, refuses the login or does not answer within connect_timeout.
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(
      const std::string& dsn, const PgConnectOptions& options,
      const SecretRedactor& redactor);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // PgConnection::Execute()
  //
  // Runs `statement` (prepared on this connection the first time) with
  // `params`, results in binary format. `what` names the call in errors.
  absl::StatusOr<PgResult> Execute(absl::string_view what,
                                   const PgStatement& statement,
                                   const PgParams& params);

  // PgConnection::ExecuteOnce()
  //
  // Runs `sql` with `params`, unprepared (statements used once per
  // connection: session set-up, migrations).
  absl::StatusOr<PgResult> ExecuteOnce(absl::string_view what,
                                       absl::string_view sql,
                                       const PgParams& params);

  // PgConnection::ExecuteScript()
  //
  // Runs `sql`, which may hold several statements and no parameters (DDL,
  // BEGIN, COMMIT); the last statement's result.
  absl::StatusOr<PgResult> ExecuteScript(absl::string_view what,
                                         absl::string_view sql);

  // PgConnection::Healthy()
  //
  // True if the connection can take a call: not broken, outside any
  // transaction, and the server has sent nothing since the last call. An
  // idle session never hears from the server unless it is going away (a
  // shutdown or a terminated backend sends its error and closes), so unread
  // input or a closed socket means "reconnect" before the call is made,
  // not a failed call after.
  bool Healthy();

  // The session is lost or in an unknown state: discard the connection.
  bool broken() const { return broken_; }
  // The server's process id for this session (pg_backend_pid()), for tests.
  int backend_pid() const;

 private:
  PgConnection(pg_conn* conn, absl::Duration statement_timeout,
               const SecretRedactor& redactor);

  // Waits for every result of the command just sent; the failed one, or
  // the last. Marks the connection broken if the session is lost or the
  // client deadline passes.
  absl::StatusOr<PgResult> Finish(absl::string_view what);
  // The status of a send that libpq refused.
  absl::Status SendFailed(absl::string_view what);
  // Waits until the socket is ready for `events` (poll(2)); false at the
  // deadline.
  bool WaitSocket(short events, absl::Time deadline);

  pg_conn* const conn_;
  const absl::Duration statement_timeout_;
  const SecretRedactor redactor_;
  absl::flat_hash_set<std::string> prepared_;
  bool broken_ = false;
};

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_
