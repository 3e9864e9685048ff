// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/test_files.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace testing {
namespace {

std::optional<std::string> Read(const std::string& path) {
  // Binary: certificates and fuzz seeds are compared byte for byte.
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

}  // namespace

std::string ReadTestFile(absl::string_view path) {
  std::vector<std::string> tried = {std::string(path)};
  if (!path.empty() && path[0] != '/') {
    if (const char* srcdir = std::getenv("TEST_SRCDIR")) {
      const char* workspace = std::getenv("TEST_WORKSPACE");
      tried.push_back(absl::StrCat(
          srcdir, "/", workspace != nullptr ? workspace : "msp_gateway", "/",
          path));
    }
  }
  for (const std::string& candidate : tried) {
    if (std::optional<std::string> contents = Read(candidate)) {
      return *std::move(contents);
    }
  }
  ADD_FAILURE() << "cannot read test file " << path << " (tried "
                << absl::StrJoin(tried, ", ")
                << "); is it in the test's data = [...]?";
  return "";
}

}  // namespace testing
}  // namespace msp_gateway
