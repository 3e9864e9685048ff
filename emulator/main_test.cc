// Copyright 2026 The msp-gateway Authors.
//
// The msp_emulator binary as scripts use it: started with --port=0 and
// --port_file, the key from the environment, stopped with SIGTERM.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "httplib.h"

namespace {

constexpr char kBinary[] = "emulator/msp_emulator";

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

// Waits for the port file and returns its content ("" on timeout).
std::string WaitForFile(const std::string& path) {
  for (int i = 0; i < 500; ++i) {
    std::ifstream in(path);
    std::string content((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
    if (!content.empty()) return content;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

TEST(MspEmulatorMainTest, WritesPortFileServesAndStopsOnSigterm) {
  const std::string port_file = TempDir() + "/emulator.port";
  const std::string stderr_file = TempDir() + "/emulator.stderr";
  std::remove(port_file.c_str());

  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setenv("MSP_EMULATOR_API_KEY", "main-test-key", 1);
    freopen(stderr_file.c_str(), "w", stderr);
    const std::string port_flag = "--port_file=" + port_file;
    execl(kBinary, kBinary, "--port=0", port_flag.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }

  const std::string content = WaitForFile(port_file);
  ASSERT_FALSE(content.empty()) << "no port file";
  ASSERT_EQ(content.back(), '\n');
  const int port = std::stoi(content);
  ASSERT_GT(port, 0);

  httplib::Client client("127.0.0.1", port);
  auto wrong = client.Get("/v1/json/orders/x", {{"api_key", "wrong"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);  // the key came from the environment
  auto right = client.Get("/v1/json/orders/x", {{"api_key", "main-test-key"}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 404);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  std::ifstream err(stderr_file);
  std::string first_line;
  std::getline(err, first_line);
  EXPECT_EQ(first_line, "msp_emulator listening on http://127.0.0.1:" +
                            std::to_string(port));
}

}  // namespace
