// Copyright 2026 The msp-gateway Authors.

#include "client/request_id.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>

#include "gtest/gtest.h"

namespace payments_client {
namespace {

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

TEST(NewRequestIdTest, IsALowerCaseVersion4Uuid) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 36u) << id;
    for (size_t k = 0; k < id.size(); ++k) {
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        EXPECT_EQ(id[k], '-') << id;
      } else {
        EXPECT_TRUE(IsHex(id[k])) << id;
      }
    }
    EXPECT_EQ(id[14], '4') << id;  // Version.
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
  }
}

TEST(NewRequestIdTest, NeverRepeats) {
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(NewRequestId());
  EXPECT_EQ(ids.size(), 10000u);
}

// A forked child must not repeat its parent's next IDs (what a generator
// state copied by fork would do).
TEST(NewRequestIdTest, AForkedChildMakesOtherIds) {
  NewRequestId();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string id = NewRequestId();
    const ssize_t written = write(pipe_fds[1], id.data(), id.size());
    _exit(written == static_cast<ssize_t>(id.size()) ? 0 : 1);
  }
  close(pipe_fds[1]);
  const std::string parent = NewRequestId();
  char buffer[36];
  size_t got = 0;
  while (got < sizeof(buffer)) {
    const ssize_t n = read(pipe_fds[0], buffer + got, sizeof(buffer) - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(got, sizeof(buffer));
  EXPECT_NE(std::string(buffer, got), parent);
}

}  // namespace
}  // namespace payments_client
