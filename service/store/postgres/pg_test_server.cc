// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_test_server.h"

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace pg {
namespace {

class ServerEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    harness::PostgresServerOptions options;
    // Each test's stores open up to their pool size; a few tests keep
    // several stores open at once.
    options.settings = {"max_connections=200"};
    absl::StatusOr<std::unique_ptr<harness::PostgresServer>> server =
        harness::PostgresServer::Create(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  void TearDown() override { server_.reset(); }

  harness::PostgresServer* server() { return server_.get(); }

 private:
  std::unique_ptr<harness::PostgresServer> server_;
};

ServerEnvironment* const environment = static_cast<ServerEnvironment*>(
    ::testing::AddGlobalTestEnvironment(new ServerEnvironment));

}  // namespace

harness::PostgresServer* TestServer() {
  harness::PostgresServer* server = environment->server();
  EXPECT_NE(server, nullptr) << "the PostgreSQL test server did not start";
  return server;
}

absl::StatusOr<std::string> FreshDatabase() {
  static int next = 0;
  harness::PostgresServer* server = TestServer();
  if (server == nullptr) {
    return absl::FailedPreconditionError("no PostgreSQL test server");
  }
  return server->CreateDatabase(absl::StrCat("db_", ++next));
}

}  // namespace pg
}  // namespace msp_gateway
