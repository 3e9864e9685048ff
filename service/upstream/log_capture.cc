// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/log_capture.h"

#include <utility>

#include "absl/strings/string_view.h"

namespace msp_gateway {
namespace testing {

LogCapture::LogCapture() {
  previous_ = SetUpstreamLogSink(
      [this](absl::string_view line) { lines_.emplace_back(line); });
}

LogCapture::~LogCapture() { SetUpstreamLogSink(std::move(previous_)); }

}  // namespace testing
}  // namespace msp_gateway
