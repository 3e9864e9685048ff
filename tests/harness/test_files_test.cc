// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/test_files.h"

#include <unistd.h>

#include <string>

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace testing {
namespace {

constexpr char kFile[] = "tests/harness/testdata/two_lines.txt";
constexpr char kContents[] = "first line\nsecond line, no newline at the end";

TEST(ReadTestFileTest, ReadsAWorkspaceRelativeDataFileWhole) {
  EXPECT_EQ(ReadTestFile(kFile), kContents);
}

TEST(ReadTestFileTest, FindsTheFileUnderTestSrcdirAfterAChdir) {
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  ASSERT_EQ(chdir("/"), 0);
  const std::string contents = ReadTestFile(kFile);
  ASSERT_EQ(chdir(cwd), 0);
  EXPECT_EQ(contents, kContents);
}

TEST(ReadTestFileTest, AMissingFileFailsTheTestNamingThePath) {
  std::string contents = "unchanged";
  EXPECT_NONFATAL_FAILURE(
      contents = ReadTestFile("tests/harness/testdata/no-such-file.json"),
      "tests/harness/testdata/no-such-file.json");
  EXPECT_EQ(contents, "");
}

}  // namespace
}  // namespace testing
}  // namespace msp_gateway
