// Copyright 2026 The msp-gateway Authors.

#include "service/callers/watched_authz_policy.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::testing::HasSubstr;

std::string PolicyNamed(const std::string& name) {
  return absl::StrCat(R"({"name": ")", name,
                      R"(", "allow_rules": [{"name": "all"}]})");
}

class WatchedAuthzPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(
        tmp != nullptr ? tmp : "/tmp", "/policy-",
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        ".json");
  }

  // Replaces the file as a ConfigMap update does (a new file renamed over).
  void Write(const std::string& text) {
    const std::string tmp = path_ + ".tmp";
    std::ofstream(tmp) << text;
    ASSERT_EQ(std::rename(tmp.c_str(), path_.c_str()), 0);
  }

  std::unique_ptr<WatchedAuthzPolicy> Start() {
    WatchedAuthzPolicyOptions options;
    // The watcher's own thread stays out of the way; ReloadNow() drives it.
    options.interval = absl::Hours(1);
    options.on_reload = [this](const absl::Status& status,
                               const AuthzPolicy* policy) {
      absl::MutexLock lock(&mu_);
      reports_.push_back(status.ok() ? absl::StrCat("ok ", policy->name())
                                     : std::string(status.message()));
    };
    absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> watched =
        WatchedAuthzPolicy::Start(path_, std::move(options));
    EXPECT_TRUE(watched.ok()) << watched.status();
    return watched.ok() ? *std::move(watched) : nullptr;
  }

  std::vector<std::string> Reports() {
    absl::MutexLock lock(&mu_);
    return reports_;
  }

  std::string path_;
  absl::Mutex mu_;
  std::vector<std::string> reports_;
};

TEST_F(WatchedAuthzPolicyTest, AMissingOrMalformedFileAtStartIsAnError) {
  absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> missing =
      WatchedAuthzPolicy::Start(path_, {});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  Write("{\"name\": \"p\"}");
  absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> malformed =
      WatchedAuthzPolicy::Start(path_, {});
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(malformed.status().message(), HasSubstr("allow_rules"));
  EXPECT_THAT(malformed.status().message(), HasSubstr(path_));
}

TEST_F(WatchedAuthzPolicyTest, AGoodUpdateTakesEffectABadOneKeepsTheLastGood) {
  Write(PolicyNamed("v1"));
  std::unique_ptr<WatchedAuthzPolicy> watched = Start();
  ASSERT_NE(watched, nullptr);
  EXPECT_EQ(watched->current()->name(), "v1");

  watched->ReloadNow();  // Unchanged: nothing reported.
  EXPECT_TRUE(Reports().empty());

  Write(PolicyNamed("v2"));
  watched->ReloadNow();
  EXPECT_EQ(watched->current()->name(), "v2");

  Write("{\"name\": \"v3\", \"allow_rules\": [{\"nam\": \"x\"}]}");
  watched->ReloadNow();
  watched->ReloadNow();  // The same bad file is reported once.
  EXPECT_EQ(watched->current()->name(), "v2");

  ASSERT_EQ(std::remove(path_.c_str()), 0);
  watched->ReloadNow();
  watched->ReloadNow();
  EXPECT_EQ(watched->current()->name(), "v2");

  Write(PolicyNamed("v4"));
  watched->ReloadNow();
  EXPECT_EQ(watched->current()->name(), "v4");

  const std::vector<std::string> reports = Reports();
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0], "ok v2");
  EXPECT_THAT(reports[1], HasSubstr("unknown field \"nam\""));
  EXPECT_THAT(reports[2], HasSubstr("cannot read"));
  EXPECT_EQ(reports[3], "ok v4");
}

TEST_F(WatchedAuthzPolicyTest, ItsOwnThreadPicksUpAChange) {
  Write(PolicyNamed("v1"));
  WatchedAuthzPolicyOptions options;
  options.interval = absl::Milliseconds(20);
  absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> watched =
      WatchedAuthzPolicy::Start(path_, options);
  ASSERT_TRUE(watched.ok()) << watched.status();
  Write(PolicyNamed("v2"));
  // Polls what the watcher installs; the test's own timeout bounds it.
  while ((*watched)->current()->name() != "v2") {
    absl::SleepFor(absl::Milliseconds(5));
  }
  SUCCEED();
}

}  // namespace
}  // namespace msp_gateway
