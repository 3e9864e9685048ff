// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_status.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CodeForSqlStateTest, ConnectionTimeoutAndShutdownAreUnavailable) {
  for (const char* sqlstate :
       {"08000", "08001", "08003", "08006", "08P01", "57014", "57P01", "57P02",
        "57P03", "53300", "53100", "55P03", "40001", "40P01"}) {
    EXPECT_EQ(CodeForSqlState(sqlstate), absl::StatusCode::kUnavailable)
        << sqlstate;
  }
}

TEST(CodeForSqlStateTest, EverythingElseIsInternal) {
  for (const char* sqlstate : {"", "23505", "42P01", "42601", "22021", "XX000",
                               "57000", "5", "0800"}) {
    EXPECT_EQ(CodeForSqlState(sqlstate), absl::StatusCode::kInternal)
        << sqlstate;
  }
}

TEST(SessionLostSqlStateTest, OnlyConnectionAndShutdownStates) {
  EXPECT_TRUE(SessionLostSqlState("08006"));
  EXPECT_TRUE(SessionLostSqlState("57P01"));
  EXPECT_TRUE(SessionLostSqlState("57P03"));
  // A timed-out statement leaves the session usable.
  EXPECT_FALSE(SessionLostSqlState("57014"));
  EXPECT_FALSE(SessionLostSqlState("23505"));
  EXPECT_FALSE(SessionLostSqlState(""));
}

TEST(SecretRedactorTest, RemovesThePasswordOfAUri) {
  const SecretRedactor redactor =
      SecretRedactor::ForDsn("postgresql://app:s3cr3t-pw@db:5432/orders");
  EXPECT_EQ(redactor.Redact("auth failed for app with s3cr3t-pw here"),
            "auth failed for app with <redacted> here");
  EXPECT_EQ(redactor.Redact("dsn postgresql://app:s3cr3t-pw@db:5432/orders."),
            "dsn <redacted>.");
  EXPECT_EQ(redactor.Redact("nothing secret"), "nothing secret");
}

TEST(SecretRedactorTest, RemovesAPercentEncodedPasswordDecodedToo) {
  const SecretRedactor redactor =
      SecretRedactor::ForDsn("postgresql://app:p%40ss%2Fw0rd@db/orders");
  EXPECT_EQ(redactor.Redact("password p@ss/w0rd"), "password <redacted>");
}

TEST(SecretRedactorTest, RemovesThePasswordOfAKeywordString) {
  const SecretRedactor redactor = SecretRedactor::ForDsn(
      "host=db user=app password='quoted secret' dbname=orders");
  EXPECT_EQ(redactor.Redact("was 'quoted secret'"), "was '<redacted>'");
}

TEST(SecretRedactorTest, AnUnparsableDsnIsItselfTheSecret) {
  const SecretRedactor redactor =
      SecretRedactor::ForDsn("postgresql://app:pw@db/orders?bogus=%zz");
  EXPECT_EQ(redactor.Redact("x postgresql://app:pw@db/orders?bogus=%zz y"),
            "x <redacted> y");
}

TEST(IsValidDsnTest, AcceptsUrisAndKeywordStrings) {
  EXPECT_TRUE(IsValidDsn("postgresql://u:p@127.0.0.1:5432/db"));
  EXPECT_TRUE(IsValidDsn("postgres://u@h/db?connect_timeout=3"));
  EXPECT_TRUE(IsValidDsn("host=h port=5432 dbname=db"));
  EXPECT_FALSE(IsValidDsn("postgresql://u:p@h/db?no_such_option=1"));
  EXPECT_FALSE(IsValidDsn("host=h port"));
}

TEST(PgErrorTest, BuildsTheMessageAndCode) {
  const SecretRedactor redactor =
      SecretRedactor::ForDsn("postgresql://app:hunter22@db/orders");
  absl::Status timeout = PgError(
      "Update", "57014", "canceling statement due to statement timeout\n",
      false, redactor);
  EXPECT_EQ(timeout.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(timeout.message(),
            "postgresql: Update: canceling statement due to statement timeout "
            "[SQLSTATE 57014]");

  absl::Status lost = PgError(
      "connect", "", "connection to server failed: hunter22", true, redactor);
  EXPECT_EQ(lost.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(lost.message(), Not(HasSubstr("hunter22")));
  EXPECT_THAT(lost.message(), Not(HasSubstr("SQLSTATE")));

  absl::Status other =
      PgError("Claim", "42P01", "relation does not exist", false, redactor);
  EXPECT_EQ(other.code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace pg
}  // namespace msp_gateway
