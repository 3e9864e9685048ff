// Copyright 2026 The msp-gateway Authors.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_LOG_CAPTURE_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_LOG_CAPTURE_H_

#include <string>
#include <vector>

#include "service/upstream/upstream_log.h"

// Code inside namespace msp_gateway that includes this header must name
// gtest's namespace as ::testing:: (plain testing:: now finds this one).
namespace msp_gateway {
namespace testing {

// Collects the upstream log's lines (LogUpstream()) for its lifetime instead
// of printing them, so a test can assert on them and expected ERROR lines
// stay out of the test output; restores the previous sink when destroyed.
// LogUpstream() calls the sink under its own lock, so lines may come from any
// thread; read lines() once the code under test has stopped logging.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // The lines logged so far, oldest first.
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  UpstreamLogSink previous_;
  std::vector<std::string> lines_;
};

}  // namespace testing
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_LOG_CAPTURE_H_
