// Copyright 2026 The msp-gateway Authors.
//
// `--help` of both binaries describes the program and lists its own flags
// (Abseil lists the flags of a file named after the program by default, so
// without a usage config it printed "No flags matched").

#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using ::msp_gateway::harness::RunResult;
using ::msp_gateway::harness::RunToCompletion;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Help(const std::string& binary, const std::string& flag) {
  ProcessOptions options;
  options.binary = RunfilePath(binary);
  options.args = {flag};
  absl::StatusOr<RunResult> result =
      RunToCompletion(options, absl::Seconds(30));
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return "";
  return result->stdout_text + result->stderr_text;
}

TEST(BinariesHelpTest, TheGatewayListsItsFlags) {
  for (const char* flag : {"--help", "--helpshort"}) {
    const std::string help = Help("service/server/msp_gateway_server", flag);
    EXPECT_THAT(help, HasSubstr("payments.v1.PaymentService gRPC server"));
    EXPECT_THAT(help, HasSubstr("Flags from service/server/main.cc"));
    for (const char* name :
         {"--grpc_port", "--admin_port", "--plaintext", "--tls_cert_file",
          "--client_auth", "--authz_policy_file", "--notification_port"}) {
      EXPECT_THAT(help, HasSubstr(name)) << flag;
    }
    EXPECT_THAT(help, Not(HasSubstr("No flags matched")));
  }
}

TEST(BinariesHelpTest, TheEmulatorListsItsFlags) {
  const std::string help = Help("emulator/msp_emulator", "--help");
  EXPECT_THAT(help, HasSubstr("MultiSafepay API emulator"));
  EXPECT_THAT(help, HasSubstr("Flags from emulator/main.cc"));
  EXPECT_THAT(help, HasSubstr("--port"));
  EXPECT_THAT(help, Not(HasSubstr("No flags matched")));
}

}  // namespace
}  // namespace msp_gateway
