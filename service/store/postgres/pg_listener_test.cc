// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_listener.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/postgres/pg_status.h"
#include "service/store/postgres/pg_test_server.h"
#include "service/store/store_test_util.h"
#include "tests/harness/postgres_server.h"

namespace msp_gateway {
namespace pg {
namespace {
using ::msp_gateway::store_testing::WakeCounter;

constexpr char kChannel[] = "msp_test_channel";
constexpr absl::Duration kPatience = absl::Seconds(30);

class PgListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer();
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<std::string> dsn = FreshDatabase();
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    dsn_ = *dsn;
    database_ = dsn_.substr(dsn_.rfind('/') + 1);
  }
  void TearDown() override {
    if (server_ != nullptr) {
      EXPECT_TRUE(server_->Start().ok());
    }
  }

  std::unique_ptr<PgListener> Listen(WakeCounter& wakes) {
    PgListenerOptions options;
    options.connect_timeout = absl::Seconds(5);
    options.max_backoff = absl::Milliseconds(500);
    return std::make_unique<PgListener>(dsn_, SecretRedactor::ForDsn(dsn_),
                                        kChannel, options, wakes.Callback());
  }

  void Notify() {
    auto rows = server_->ExecuteAsSuperuser(absl::StrCat("NOTIFY ", kChannel),
                                            database_);
    ASSERT_TRUE(rows.ok()) << rows.status();
  }

  // Until the listener listens on a session other than `old_pid`.
  bool WaitForANewSession(PgListener& listener, int old_pid) {
    const absl::Time deadline = absl::Now() + kPatience;
    while (absl::Now() < deadline) {
      const int pid = listener.backend_pid();
      if (pid != 0 && pid != old_pid) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }

  harness::PostgresServer* server_ = nullptr;
  std::string dsn_;
  std::string database_;
};

TEST_F(PgListenerTest, ANotificationWakes) {
  WakeCounter wakes;
  std::unique_ptr<PgListener> listener = Listen(wakes);
  ASSERT_TRUE(listener->WaitUntilListening(kPatience))
      << listener->last_error();
  EXPECT_TRUE(listener->listening());
  EXPECT_NE(listener->backend_pid(), 0);
  EXPECT_EQ(listener->listens(), 1);
  // Once after LISTEN, before WaitUntilListening() returned.
  EXPECT_EQ(wakes.count(), 1);
  for (int i = 0; i < 3; ++i) {
    const int before = wakes.count();
    Notify();
    EXPECT_TRUE(wakes.WaitForMoreThan(before, kPatience)) << i;
  }
  // Another channel does not wake it.
  const int before = wakes.count();
  ASSERT_TRUE(
      server_->ExecuteAsSuperuser("NOTIFY some_other_channel", database_).ok());
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(wakes.count(), before);
}

TEST_F(PgListenerTest, ATerminatedSessionIsReplacedAndWakes) {
  WakeCounter wakes;
  std::unique_ptr<PgListener> listener = Listen(wakes);
  ASSERT_TRUE(listener->WaitUntilListening(kPatience));
  const int old_pid = listener->backend_pid();
  const int before = wakes.count();
  ASSERT_TRUE(server_
                  ->ExecuteAsSuperuser(absl::StrCat(
                      "SELECT pg_terminate_backend(", old_pid, ")"))
                  .ok());
  ASSERT_TRUE(WaitForANewSession(*listener, old_pid)) << listener->last_error();
  EXPECT_EQ(listener->listens(), 2);
  // The reconnection woke the readers (what was sent meanwhile is lost).
  EXPECT_GT(wakes.count(), before);
  const int after = wakes.count();
  Notify();
  EXPECT_TRUE(wakes.WaitForMoreThan(after, kPatience));
}

TEST_F(PgListenerTest, ARestartedServerIsListenedToAgain) {
  WakeCounter wakes;
  std::unique_ptr<PgListener> listener = Listen(wakes);
  ASSERT_TRUE(listener->WaitUntilListening(kPatience));
  const int old_pid = listener->backend_pid();
  ASSERT_TRUE(server_->Restart().ok());
  ASSERT_TRUE(WaitForANewSession(*listener, old_pid)) << listener->last_error();
  const int after = wakes.count();
  Notify();
  EXPECT_TRUE(wakes.WaitForMoreThan(after, kPatience));
}

TEST_F(PgListenerTest, ItKeepsTryingWhileTheServerIsDownAndStopsPromptly) {
  ASSERT_TRUE(server_->Stop().ok());
  WakeCounter wakes;
  std::unique_ptr<PgListener> listener = Listen(wakes);
  EXPECT_FALSE(listener->WaitUntilListening(absl::Milliseconds(500)));
  const absl::Status error = listener->last_error();
  EXPECT_EQ(error.code(), absl::StatusCode::kUnavailable) << error;
  EXPECT_FALSE(absl::StrContains(error.message(), server_->password()))
      << error;
  EXPECT_EQ(wakes.count(), 0);

  // Once the server is back, it listens (and wakes) by itself.
  ASSERT_TRUE(server_->Start().ok());
  ASSERT_TRUE(listener->WaitUntilListening(kPatience))
      << listener->last_error();
  EXPECT_EQ(wakes.count(), 1);

  // Stopping takes about one poll interval, also while it waits.
  const absl::Time start = absl::Now();
  listener.reset();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));

  ASSERT_TRUE(server_->Stop().ok());
  std::unique_ptr<PgListener> down = Listen(wakes);
  absl::SleepFor(absl::Milliseconds(200));
  const absl::Time stop_start = absl::Now();
  down.reset();
  EXPECT_LT(absl::Now() - stop_start, absl::Seconds(2));
}

}  // namespace
}  // namespace pg
}  // namespace msp_gateway
