// Copyright 2026 The msp-gateway Authors.
//
// File: pg_test_server.h
//
// The PostgreSQL server of one test binary: linking this library registers
// a gtest environment that starts a PostgresServer before the first test
// (on the main thread, see postgres_server.h) and stops it after the last.
// Tests take a fresh database each, much cheaper than a fresh server.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_TEST_SERVER_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_TEST_SERVER_H_

#include <string>

#include "absl/status/statusor.h"
#include "tests/harness/postgres_server.h"

namespace msp_gateway {
namespace pg {

// The binary's server; nullptr (and a test failure) if it did not start.
harness::PostgresServer* TestServer();

// The DSN of a new empty database on TestServer() ("db_1", "db_2", ...).
absl::StatusOr<std::string> FreshDatabase();

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_TEST_SERVER_H_
