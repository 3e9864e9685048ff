// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_connection_pool.h"

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/store/postgres/pg_connection.h"
#include "service/store/postgres/pg_test_server.h"
#include "tests/harness/postgres_server.h"

namespace msp_gateway {
namespace pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PgConnectionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer();
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->Start().ok());  // A test may have stopped it.
    absl::StatusOr<std::string> dsn = FreshDatabase();
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    dsn_ = *dsn;
  }

  std::unique_ptr<PgConnectionPool> Pool(
      int size, absl::Duration wait_timeout,
      absl::Duration statement_timeout = absl::Seconds(10)) {
    PgPoolOptions options;
    options.size = size;
    options.wait_timeout = wait_timeout;
    options.connect.connect_timeout = absl::Seconds(5);
    options.connect.statement_timeout = statement_timeout;
    return std::make_unique<PgConnectionPool>(dsn_, options,
                                              SecretRedactor::ForDsn(dsn_));
  }

  // SELECT 1 through `pool`.
  static absl::Status Select1(PgConnectionPool& pool) {
    absl::StatusOr<PgConnectionPool::Lease> lease = pool.Acquire();
    if (!lease.ok()) return lease.status();
    return (*lease)->ExecuteOnce("select", "SELECT 1", PgParams()).status();
  }

  harness::PostgresServer* server_ = nullptr;
  std::string dsn_;
};

TEST_F(PgConnectionPoolTest, ConnectionsOpenOnDemandAndAreReused) {
  std::unique_ptr<PgConnectionPool> pool = Pool(3, absl::Seconds(5));
  EXPECT_EQ(pool->open_connections(), 0);
  int first_pid = 0;
  {
    absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    first_pid = (*lease)->backend_pid();
    EXPECT_EQ(pool->open_connections(), 1);
  }
  absl::StatusOr<PgConnectionPool::Lease> again = pool->Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->backend_pid(), first_pid);
  EXPECT_EQ(pool->open_connections(), 1);
  absl::StatusOr<PgConnectionPool::Lease> second = pool->Acquire();
  ASSERT_TRUE(second.ok());
  EXPECT_NE((*second)->backend_pid(), first_pid);
  EXPECT_EQ(pool->open_connections(), 2);
}

TEST_F(PgConnectionPoolTest, StatementTimeoutIsSetOnEachConnection) {
  std::unique_ptr<PgConnectionPool> pool =
      Pool(1, absl::Seconds(5), absl::Milliseconds(1500));
  absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  absl::StatusOr<PgResult> shown =
      (*lease)->ExecuteScript("show", "SHOW statement_timeout");
  ASSERT_TRUE(shown.ok()) << shown.status();
  EXPECT_EQ(shown->Bytes(0, 0), "1500ms");
}

TEST_F(PgConnectionPoolTest, AnExhaustedPoolFailsAfterTheWaitTimeout) {
  std::unique_ptr<PgConnectionPool> pool = Pool(2, absl::Milliseconds(100));
  absl::StatusOr<PgConnectionPool::Lease> a = pool->Acquire();
  absl::StatusOr<PgConnectionPool::Lease> b = pool->Acquire();
  ASSERT_TRUE(a.ok() && b.ok());

  absl::StatusOr<PgConnectionPool::Lease> c = pool->Acquire();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(c.status().message(), HasSubstr("no free connection"));
  EXPECT_EQ(pool->open_connections(), 2);
}

TEST_F(PgConnectionPoolTest, AWaitingCallerGetsTheConnectionGivenBack) {
  std::unique_ptr<PgConnectionPool> pool = Pool(1, absl::Seconds(30));
  std::optional<absl::StatusOr<PgConnectionPool::Lease>> held;
  held.emplace(pool->Acquire());
  ASSERT_TRUE(held->ok());
  const int pid = (**held)->backend_pid();

  absl::Notification acquired;
  int waiter_pid = 0;
  std::thread waiter([&] {
    absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    waiter_pid = (*lease)->backend_pid();
    acquired.Notify();
  });
  EXPECT_FALSE(acquired.HasBeenNotified());
  held.reset();  // Gives it back.
  waiter.join();
  EXPECT_TRUE(acquired.HasBeenNotified());
  EXPECT_EQ(waiter_pid, pid);
}

TEST_F(PgConnectionPoolTest, AConnectionTheServerClosedIsReplacedBeforeUse) {
  std::unique_ptr<PgConnectionPool> pool = Pool(1, absl::Seconds(5));
  int pid = 0;
  {
    absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    pid = (*lease)->backend_pid();
  }
  ASSERT_TRUE(server_
                  ->ExecuteAsSuperuser(absl::StrCat(
                      "SELECT pg_terminate_backend(", pid, ", 10000)"))
                  .ok());

  // The idle connection heard the server's goodbye: no call fails.
  absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_NE((*lease)->backend_pid(), pid);
  EXPECT_TRUE((*lease)->ExecuteOnce("select", "SELECT 1", PgParams()).ok());
}

TEST_F(PgConnectionPoolTest, ThePoolRecoversAfterTheServerRestarts) {
  std::unique_ptr<PgConnectionPool> pool = Pool(2, absl::Seconds(5));
  ASSERT_TRUE(Select1(*pool).ok());

  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_TRUE(Select1(*pool).ok());

  ASSERT_TRUE(server_->Stop().ok());
  absl::Status down = Select1(*pool);
  EXPECT_EQ(down.code(), absl::StatusCode::kUnavailable) << down;
  EXPECT_EQ(pool->open_connections(), 0);

  ASSERT_TRUE(server_->Start().ok());
  EXPECT_TRUE(Select1(*pool).ok());
}

TEST_F(PgConnectionPoolTest, ALostSessionFailsTheCallAndIsReplaced) {
  std::unique_ptr<PgConnectionPool> pool = Pool(1, absl::Seconds(5));
  {
    absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    // The session ends during the call (as in a crash mid-statement).
    absl::StatusOr<PgResult> result = (*lease)->ExecuteOnce(
        "suicide", "SELECT pg_terminate_backend(pg_backend_pid())", PgParams());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable)
        << result.status();
    EXPECT_TRUE((*lease)->broken());
  }
  EXPECT_EQ(pool->open_connections(), 0);
  EXPECT_TRUE(Select1(*pool).ok());
}

TEST_F(PgConnectionPoolTest, AServerTimeoutKeepsTheConnection) {
  std::unique_ptr<PgConnectionPool> pool =
      Pool(1, absl::Seconds(5), absl::Milliseconds(200));
  absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
  ASSERT_TRUE(lease.ok());
  absl::StatusOr<PgResult> slow =
      (*lease)->ExecuteOnce("sleep", "SELECT pg_sleep(30)", PgParams());
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(slow.status().message(), HasSubstr("57014"));
  EXPECT_FALSE((*lease)->broken());
  EXPECT_TRUE((*lease)->Healthy());
  EXPECT_TRUE((*lease)->ExecuteOnce("select", "SELECT 1", PgParams()).ok());
}

TEST_F(PgConnectionPoolTest, AServerThatStopsAnsweringHitsTheClientDeadline) {
  std::unique_ptr<PgConnectionPool> pool =
      Pool(1, absl::Seconds(5), absl::Milliseconds(200));
  ASSERT_TRUE(Select1(*pool).ok());
  ASSERT_TRUE(server_->Pause().ok());
  absl::Status hung = Select1(*pool);
  ASSERT_TRUE(server_->Resume().ok());
  EXPECT_EQ(hung.code(), absl::StatusCode::kUnavailable) << hung;
  EXPECT_THAT(hung.message(), HasSubstr("no answer"));
  // The connection's state was unknown: it was dropped and a new one works.
  EXPECT_EQ(pool->open_connections(), 0);
  EXPECT_TRUE(Select1(*pool).ok());
}

TEST_F(PgConnectionPoolTest, ConnectErrorsAreUnavailableWithoutThePassword) {
  const std::string wrong =
      absl::StrReplaceAll(dsn_, {{server_->password(), "Wr0ngPassw0rd"}});
  PgPoolOptions options;
  options.size = 1;
  PgConnectionPool pool(wrong, options, SecretRedactor::ForDsn(wrong));
  absl::StatusOr<PgConnectionPool::Lease> lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(lease.status().message(),
              HasSubstr("password authentication failed"));
  EXPECT_THAT(lease.status().message(), Not(HasSubstr("Wr0ngPassw0rd")));
  EXPECT_THAT(lease.status().message(), Not(HasSubstr(wrong)));
  EXPECT_EQ(pool.open_connections(), 0);
}

TEST_F(PgConnectionPoolTest, ALeaseLeftInATransactionIsNotReused) {
  std::unique_ptr<PgConnectionPool> pool = Pool(1, absl::Seconds(5));
  int pid = 0;
  {
    absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    pid = (*lease)->backend_pid();
    ASSERT_TRUE((*lease)->ExecuteScript("begin", "BEGIN").ok());
  }
  absl::StatusOr<PgConnectionPool::Lease> lease = pool->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_NE((*lease)->backend_pid(), pid);
}

}  // namespace
}  // namespace pg
}  // namespace msp_gateway
