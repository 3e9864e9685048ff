// Copyright 2026 The msp-gateway Authors.
//
// File: store_cost.cc
//
// What the order store adds to each CreateOrder: one Claim() and one
// Update() to kCompleted with a ~300-byte response, unique keys, as the
// server does around its MultiSafepay call. For SQLite (a file in a fresh
// temporary directory) and PostgreSQL (a throwaway local server,
// tests/harness/postgres_server.h, or --postgres_dsn), first one order at a
// time, then from --threads threads at once; prints µs per order (wall
// time / orders), the mean latency of one order, and the ratio PostgreSQL /
// SQLite. Figures only, nothing asserted (docs/benchmarks.md).
//
//   bazel run -c opt //bench:store_cost -- --orders=20000 --threads=8

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/store/order_store.h"
#include "service/store/postgres/postgres_order_store.h"
#include "service/store/sqlite/sqlite_order_store.h"
#include "tests/harness/postgres_server.h"

ABSL_FLAG(int, orders, 10000, "Orders per measurement (each one run).");
ABSL_FLAG(int, warmup, 500, "Orders before the measurements (not counted).");
ABSL_FLAG(int, threads, 8, "Threads of the concurrent measurement.");
ABSL_FLAG(int, response_bytes, 300, "Size of the stored response.");
ABSL_FLAG(int, pool_size, 8, "PostgreSQL connections (--store_pool_size).");
ABSL_FLAG(std::string, postgres_dsn, "",
          "An existing PostgreSQL database to use instead of starting a "
          "throwaway server (its idempotency_records table is written to).");
ABSL_FLAG(std::vector<std::string>, postgres_settings, {},
          "More settings of the throwaway server, e.g. fsync=on (it runs "
          "with fsync=off) or synchronous_commit=off.");
ABSL_FLAG(bool, sqlite, true, "Measure SQLite.");
ABSL_FLAG(bool, postgresql, true, "Measure PostgreSQL.");

namespace msp_gateway {
namespace {

struct Figures {
  double sequential_us = 0;          // Wall time / orders, one at a time.
  double concurrent_us = 0;          // Wall time / orders, --threads at once.
  double concurrent_latency_us = 0;  // Mean time of one order then.
  int failures = 0;
};

// One CreateOrder's store work: claim, then complete with the response.
absl::Status OneOrder(OrderStore& store, const std::string& key,
                      const std::string& response) {
  ClaimRequest request;
  request.key = key;
  request.fingerprint = std::string(32, '\x5a');  // A SHA-256's size.
  request.order_id = key.substr(key.rfind('/') + 1);
  request.owner = "bench-replica";
  request.now = absl::Now();
  request.lease_expires = request.now + absl::Seconds(30);
  absl::StatusOr<ClaimResult> claim = store.Claim(request);
  if (!claim.ok()) return claim.status();
  if (!claim->claimed) return absl::InternalError("key already claimed");
  OrderRecord record = claim->record;
  record.state = RecordState::kCompleted;
  record.response = response;
  record.attempts = 1;
  record.owner.clear();
  record.updated = absl::Now();
  absl::StatusOr<bool> updated = store.Update(record);
  if (!updated.ok()) return updated.status();
  if (!*updated) return absl::InternalError("version changed");
  return absl::OkStatus();
}

// `count` orders from each of `threads` threads; the wall time.
absl::Duration Run(OrderStore& store, const std::string& prefix, int threads,
                   int count, const std::string& response,
                   std::atomic<int>& failures,
                   std::atomic<int64_t>& latency_ns) {
  const absl::Time start = absl::Now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < count; ++i) {
        const absl::Time begin = absl::Now();
        absl::Status status = OneOrder(
            store, absl::StrCat("CreateOrder/", prefix, "-", t, "-", i),
            response);
        latency_ns += absl::ToInt64Nanoseconds(absl::Now() - begin);
        if (!status.ok()) {
          if (failures.fetch_add(1) < 3) {
            std::fprintf(stderr, "%s\n", status.ToString().c_str());
          }
        }
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  return absl::Now() - start;
}

Figures Measure(OrderStore& store, const std::string& run) {
  const int orders = absl::GetFlag(FLAGS_orders);
  const int threads = std::max(1, absl::GetFlag(FLAGS_threads));
  const std::string response(absl::GetFlag(FLAGS_response_bytes), 'r');
  std::atomic<int> failures{0};
  std::atomic<int64_t> latency_ns{0};
  Figures figures;

  Run(store, run + "-warmup", 1, absl::GetFlag(FLAGS_warmup), response,
      failures, latency_ns);
  const absl::Duration sequential =
      Run(store, run + "-seq", 1, orders, response, failures, latency_ns);
  figures.sequential_us = absl::ToDoubleMicroseconds(sequential) / orders;

  latency_ns = 0;
  const int per_thread = std::max(1, orders / threads);
  const absl::Duration concurrent = Run(
      store, run + "-par", threads, per_thread, response, failures, latency_ns);
  const int done = per_thread * threads;
  figures.concurrent_us = absl::ToDoubleMicroseconds(concurrent) / done;
  figures.concurrent_latency_us = latency_ns.load() / 1e3 / done;
  figures.failures = failures.load();
  return figures;
}

void Print(const char* name, const Figures& f) {
  std::printf("%-11s %14.1f %14.1f %14.1f %9d\n", name, f.sequential_us,
              f.concurrent_us, f.concurrent_latency_us, f.failures);
}

int Main() {
  const std::string run = absl::StrCat("run", absl::ToUnixMillis(absl::Now()));
  std::optional<Figures> sqlite;
  std::optional<Figures> postgres;

  if (absl::GetFlag(FLAGS_sqlite)) {
    std::string dir = "/tmp/store_cost_XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    {
      absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
          SqliteOrderStore::Open(dir + "/orders.db");
      if (!store.ok()) {
        std::fprintf(stderr, "sqlite: %s\n", store.status().ToString().c_str());
        return 1;
      }
      sqlite = Measure(**store, run);
    }
    std::filesystem::remove_all(dir);
  }

  if (absl::GetFlag(FLAGS_postgresql)) {
    std::unique_ptr<harness::PostgresServer> server;
    std::string dsn = absl::GetFlag(FLAGS_postgres_dsn);
    if (dsn.empty()) {
      harness::PostgresServerOptions server_options;
      // Later settings win over the harness's fsync=off.
      server_options.settings = absl::GetFlag(FLAGS_postgres_settings);
      absl::StatusOr<std::unique_ptr<harness::PostgresServer>> started =
          harness::PostgresServer::Create(server_options);
      if (!started.ok()) {
        std::fprintf(stderr, "postgresql server: %s\n",
                     started.status().ToString().c_str());
        return 1;
      }
      server = *std::move(started);
      dsn = server->dsn();
    }
    PostgresOrderStoreOptions options;
    options.pool_size = absl::GetFlag(FLAGS_pool_size);
    absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
        PostgresOrderStore::Open(dsn, options);
    if (!store.ok()) {
      std::fprintf(stderr, "postgresql: %s\n",
                   store.status().ToString().c_str());
      return 1;
    }
    postgres = Measure(**store, run);
  }

  std::printf(
      "Store cost per CreateOrder (Claim + Update to completed, %d-byte "
      "response), %d orders per run\n",
      absl::GetFlag(FLAGS_response_bytes), absl::GetFlag(FLAGS_orders));
  std::printf(
      "%-11s %14s %14s %14s %9s\n", "store", "seq us/order",
      absl::StrCat(absl::GetFlag(FLAGS_threads), "thr us/order").c_str(),
      "thr latency us", "failures");
  if (sqlite) Print("sqlite", *sqlite);
  if (postgres) {
    Print("postgresql", *postgres);
    const std::string where =
        absl::GetFlag(FLAGS_postgres_dsn).empty()
            ? absl::StrCat(
                  "a throwaway local server over 127.0.0.1, fsync=off ",
                  absl::StrJoin(absl::GetFlag(FLAGS_postgres_settings), " "))
            : "the given server";
    std::printf("(PostgreSQL: pool of %d, %s)\n",
                absl::GetFlag(FLAGS_pool_size), where.c_str());
  }
  if (sqlite && postgres) {
    std::printf(
        "ratio postgresql / sqlite: sequential %.2fx, %d threads %.2fx\n",
        postgres->sequential_us / sqlite->sequential_us,
        absl::GetFlag(FLAGS_threads),
        postgres->concurrent_us / sqlite->concurrent_us);
  }
  return 0;
}

}  // namespace
}  // namespace msp_gateway

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return msp_gateway::Main();
}
