// Copyright 2026 The msp-gateway Authors.

#include "service/store/store_config.h"

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

constexpr absl::string_view kSecret = "S3CRET";

StoreEnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](absl::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string WriteFile(const std::string& name, const std::string& contents) {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("store_config");
  EXPECT_TRUE(dir.ok()) << dir.status();
  std::string path = *dir + "/" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

// --- ResolveStoreConfig --------------------------------------------------

TEST(ResolveStoreConfigTest, DefaultsToSqliteInTheDataDir) {
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig("/var/lib/gw", Env({}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kind, StoreKind::kSqlite);
  EXPECT_EQ(config->sqlite_path, "/var/lib/gw/orders.db");
  EXPECT_EQ(config->DebugString(), "sqlite:/var/lib/gw/orders.db");

  absl::StatusOr<StoreConfig> slash = ResolveStoreConfig("/data/", Env({}));
  ASSERT_TRUE(slash.ok()) << slash.status();
  EXPECT_EQ(slash->sqlite_path, "/data/orders.db");
}

TEST(ResolveStoreConfigTest, EmptyValuesCountAsUnset) {
  absl::StatusOr<StoreConfig> config = ResolveStoreConfig(
      "/data", Env({{kStoreEnv, ""}, {kStoreFileEnv, "  "}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->sqlite_path, "/data/orders.db");
}

TEST(ResolveStoreConfigTest, NothingAtAllIsAnError) {
  absl::StatusOr<StoreConfig> config = ResolveStoreConfig("", Env({}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(config.status().message(), kStoreEnv))
      << config.status();
  EXPECT_TRUE(absl::StrContains(config.status().message(), "--data_dir"))
      << config.status();
}

TEST(ResolveStoreConfigTest, SqlitePath) {
  absl::StatusOr<StoreConfig> config = ResolveStoreConfig(
      "/data", Env({{kStoreEnv, "sqlite:/mnt/orders/orders.db"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kind, StoreKind::kSqlite);
  EXPECT_EQ(config->sqlite_path, "/mnt/orders/orders.db");
  EXPECT_TRUE(config->postgres_dsn.empty());
  EXPECT_EQ(StoreKindName(config->kind), "sqlite");
}

TEST(ResolveStoreConfigTest, BadSqliteValues) {
  for (const char* value :
       {"sqlite:", "sqlite://data/orders.db", "sqlite:///data/orders.db",
        "sqlite::memory:", "sqlite:file:orders.db?mode=memory"}) {
    absl::StatusOr<StoreConfig> config =
        ResolveStoreConfig("/data", Env({{kStoreEnv, value}}));
    ASSERT_FALSE(config.ok()) << value;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument)
        << value;
    EXPECT_TRUE(absl::StrContains(config.status().message(), kStoreEnv))
        << config.status();
  }
}

TEST(ResolveStoreConfigTest, PostgresqlUris) {
  for (const char* value :
       {"postgresql://gateway@db:5432/orders?sslmode=verify-full",
        "postgres://gateway@db/orders", "postgresql://"}) {
    absl::StatusOr<StoreConfig> config =
        ResolveStoreConfig("/data", Env({{kStoreEnv, value}}));
    ASSERT_TRUE(config.ok()) << value << ": " << config.status();
    EXPECT_EQ(config->kind, StoreKind::kPostgresql);
    EXPECT_EQ(config->postgres_dsn, value);
    EXPECT_TRUE(config->sqlite_path.empty());
    EXPECT_EQ(StoreKindName(config->kind), "postgresql");
  }
}

TEST(ResolveStoreConfigTest, SurroundingWhitespaceIsTrimmed) {
  absl::StatusOr<StoreConfig> config = ResolveStoreConfig(
      "/data", Env({{kStoreEnv, "  postgresql://db/orders\n"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->postgres_dsn, "postgresql://db/orders");
}

TEST(ResolveStoreConfigTest, OtherValuesAreRefusedWithoutBeingQuoted) {
  for (std::string value :
       {std::string("mysql://gateway:") + std::string(kSecret) + "@db/orders",
        std::string("host=db password=") + std::string(kSecret),
        std::string("PostgreSQL://gateway:") + std::string(kSecret) + "@db",
        std::string("/data/orders.db"),
        std::string("postgresql://gateway:") + std::string(kSecret) +
            "@db/orders extra"}) {
    absl::StatusOr<StoreConfig> config =
        ResolveStoreConfig("/data", Env({{kStoreEnv, value}}));
    ASSERT_FALSE(config.ok()) << value;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_FALSE(absl::StrContains(config.status().message(), kSecret))
        << config.status();
  }
}

TEST(ResolveStoreConfigTest, FromAFileWithItsTrailingNewline) {
  const std::string path =
      WriteFile("store", "postgresql://gateway:" + std::string(kSecret) +
                             "@db:5432/orders\n");
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, path}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kind, StoreKind::kPostgresql);
  EXPECT_EQ(config->postgres_dsn,
            "postgresql://gateway:" + std::string(kSecret) + "@db:5432/orders");
  EXPECT_EQ(config->DebugString(), "postgresql://gateway:***@db:5432/orders");

  const std::string sqlite = WriteFile("sqlite", "sqlite:/data/x.db\r\n\t ");
  absl::StatusOr<StoreConfig> from_file =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, sqlite}}));
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->sqlite_path, "/data/x.db");
}

TEST(ResolveStoreConfigTest, BothSetIsAnError) {
  const std::string path = WriteFile("store", "sqlite:/data/x.db\n");
  absl::StatusOr<StoreConfig> config = ResolveStoreConfig(
      "/data", Env({{kStoreEnv, "sqlite:/data/y.db"}, {kStoreFileEnv, path}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(config.status().message(), kStoreEnv));
  EXPECT_TRUE(absl::StrContains(config.status().message(), kStoreFileEnv));
}

TEST(ResolveStoreConfigTest, AnUnreadableFileIsNamed) {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("store_config");
  ASSERT_TRUE(dir.ok()) << dir.status();
  const std::string missing = *dir + "/no-such-secret";
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, missing}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(config.status().message(), missing))
      << config.status();
  EXPECT_TRUE(absl::StrContains(config.status().message(), kStoreFileEnv))
      << config.status();
  EXPECT_TRUE(
      absl::StrContains(config.status().message(), "No such file or directory"))
      << config.status();

  // A directory: opened, not readable as a file.
  absl::StatusOr<StoreConfig> directory =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, *dir}}));
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(directory.status().message(), *dir))
      << directory.status();
}

TEST(ResolveStoreConfigTest, AnEmptyFileIsAnError) {
  const std::string path = WriteFile("store", " \n");
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, path}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(config.status().message(), path))
      << config.status();
}

TEST(ResolveStoreConfigTest, ABadValueInAFileNamesTheFileNotTheValue) {
  const std::string path =
      WriteFile("store", "mysql://u:" + std::string(kSecret) + "@db\n");
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, path}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(config.status().message(), path))
      << config.status();
  EXPECT_FALSE(absl::StrContains(config.status().message(), kSecret))
      << config.status();
}

TEST(ResolveStoreConfigTest, AHugeFileIsRefused) {
  const std::string path = WriteFile("store", std::string(100000, 'x'));
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig("/data", Env({{kStoreFileEnv, path}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProcessEnvLookupTest, ReadsTheEnvironment) {
  ASSERT_EQ(setenv("MSP_GATEWAY_STORE_CONFIG_TEST_VAR", "v", 1), 0);
  EXPECT_EQ(ProcessEnvLookup("MSP_GATEWAY_STORE_CONFIG_TEST_VAR"), "v");
  ASSERT_EQ(unsetenv("MSP_GATEWAY_STORE_CONFIG_TEST_VAR"), 0);
  EXPECT_EQ(ProcessEnvLookup("MSP_GATEWAY_STORE_CONFIG_TEST_VAR"),
            std::nullopt);
}

// --- RedactedDsn ---------------------------------------------------------

struct RedactionCase {
  const char* dsn;
  const char* redacted;
};

TEST(RedactedDsnTest, HidesPasswords) {
  const RedactionCase cases[] = {
      // URI userinfo.
      {"postgresql://gateway:S3CRET@db:5432/orders",
       "postgresql://gateway:***@db:5432/orders"},
      {"postgres://gateway:S3%40CRET@db/orders",
       "postgres://gateway:***@db/orders"},
      // An '@', '/', '?' or ':' left unencoded in the password.
      {"postgresql://gateway:S3@CRET@db/orders",
       "postgresql://gateway:***@db/orders"},
      {"postgresql://gateway:S3/C?R:ET@db/orders",
       "postgresql://gateway:***@db/orders"},
      // Several hosts.
      {"postgresql://gateway:S3CRET@db1:5432,db2:5433/orders",
       "postgresql://gateway:***@db1:5432,db2:5433/orders"},
      // Query parameters.
      {"postgresql://db/orders?user=gateway&password=S3CRET&sslmode=require",
       "postgresql://db/orders?user=gateway&password=***&sslmode=require"},
      {"postgresql://db/orders?PassWord=S3CRET",
       "postgresql://db/orders?PassWord=***"},
      {"postgresql://db/orders?sslpassword=S3CRET",
       "postgresql://db/orders?sslpassword=***"},
      {"postgresql://db/orders?pass%77ord=S3CRET",
       "postgresql://db/orders?pass%77ord=***"},
      {"postgresql://u:S3CRET@db/orders?password=S3CRET",
       "postgresql://u:***@db/orders?password=***"},
      // Keyword/value strings.
      {"host=db user=gateway password=S3CRET dbname=orders",
       "host=db user=gateway password=*** dbname=orders"},
      {"password = 'S3 CR\\'ET' host=db", "password = *** host=db"},
      {"password=S3\\ CRET host=db", "password=*** host=db"},
      {"host=db sslpassword=S3CRET", "host=db sslpassword=***"},
      {"PASSWORD=S3CRET", "PASSWORD=***"},
  };
  for (const RedactionCase& c : cases) {
    EXPECT_EQ(RedactedDsn(c.dsn), c.redacted) << c.dsn;
  }
}

TEST(RedactedDsnTest, KeepsWhatHoldsNoPassword) {
  for (const char* dsn : {
           "postgresql://gateway@db:5432/orders?sslmode=verify-full",
           "postgresql://db/orders",
           "postgresql://",
           "postgres://[::1]:5432/orders",
           "postgresql://db/orders?passfile=/run/secrets/pgpass",
           "host=db user=gateway dbname=orders",
           "sqlite:/data/orders.db",
           "",
       }) {
    EXPECT_EQ(RedactedDsn(dsn), dsn);
  }
}

TEST(RedactedDsnTest, ErrsOnHidingTooMuch) {
  // A keyword/value string it cannot parse: all of it.
  for (const char* dsn : {"host=db password='S3CRET", "password S3CRET",
                          "host=db password=S3CRET\\"}) {
    EXPECT_EQ(RedactedDsn(dsn), "***") << dsn;
  }
  // An '@' after the host: from the port's ':' on, but no secret survives.
  for (const char* dsn :
       {"postgresql://db:5432/orders?password=S3@CRET",
        "postgresql://db:5432/orders?password=S3CRET&x=a@b"}) {
    const std::string redacted = RedactedDsn(dsn);
    EXPECT_FALSE(absl::StrContains(redacted, "S3")) << redacted;
    EXPECT_FALSE(absl::StrContains(redacted, "CRET")) << redacted;
    EXPECT_TRUE(absl::StartsWith(redacted, "postgresql://db:")) << redacted;
  }
}

TEST(RedactedDsnTest, DebugStringOfAPostgresqlConfigIsRedacted) {
  StoreConfig config;
  config.kind = StoreKind::kPostgresql;
  config.postgres_dsn = "postgresql://gateway:S3CRET@db/orders?password=S3CRET";
  EXPECT_EQ(config.DebugString(),
            "postgresql://gateway:***@db/orders?password=***");
}

}  // namespace
}  // namespace msp_gateway
