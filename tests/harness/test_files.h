// Copyright 2026 The msp-gateway Authors.

#ifndef MSP_GATEWAY_TESTS_HARNESS_TEST_FILES_H_
#define MSP_GATEWAY_TESTS_HARNESS_TEST_FILES_H_

#include <string>

#include "absl/strings/string_view.h"

// Code inside namespace msp_gateway that includes this header must name
// gtest's namespace as ::testing:: (plain testing:: now finds this one).
namespace msp_gateway {
namespace testing {

// The contents of `path`, a workspace-relative path of a file in the test's
// runfiles (data = [...]), e.g. "tests/testdata/seed-bancontact.request.json".
// Bazel runs a test from its runfiles root, so `path` is read as given; if
// that fails (say the test changed directory) it is read under
// $TEST_SRCDIR/$TEST_WORKSPACE. An absolute path is read as given only.
// Fails the test (ADD_FAILURE) and returns "" if the file cannot be read, so
// a missing data = [...] entry shows up as a named failure rather than as a
// parse error of "".
std::string ReadTestFile(absl::string_view path);

}  // namespace testing
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_TEST_FILES_H_
