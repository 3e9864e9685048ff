// Copyright 2026 The msp-gateway Authors.
//
// File: http_url_fuzzer.cc
//
// The URL and path builders (service/upstream/http_url.h, msp_endpoint.h).
// The input is a URL; checks:
//   * ParseHttpUrl() success means a sane URL: http/https, a host, a port in
//     1..65535, a path that is empty or starts with '/', no control
//     characters or spaces anywhere; FormatHttpUrl() of it parses back to the
//     same parts;
//   * ResolveMspBaseUrl(<any env>, input) success is an http(s) URL that
//     ParseHttpUrl() accepts, with a path;
//   * PercentEncodePathSegment() of the input is one segment of unreserved
//     characters and %XX that decodes back to the input, never "." or "..".

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "service/upstream/http_url.h"
#include "service/upstream/msp_endpoint.h"

namespace msp_gateway {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

bool Clean(absl::string_view s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

void CheckUrl(const HttpUrl& url) {
  Check(url.scheme == "http" || url.scheme == "https");
  Check(!url.host.empty());
  Check(url.port >= 1 && url.port <= 65535);
  Check(url.path.empty() || url.path[0] == '/');
  Check(Clean(url.host) && Clean(url.path));
  Check(url.path.find_first_of("?#") == std::string::npos);
}

int HexValue(char c) {
  if (absl::ascii_isdigit(static_cast<unsigned char>(c))) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace
}  // namespace msp_gateway

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace msp_gateway;  // NOLINT(build/namespaces): a fuzz entry point.
  const absl::string_view input(reinterpret_cast<const char*>(data), size);

  if (absl::StatusOr<HttpUrl> url = ParseHttpUrl(input); url.ok()) {
    CheckUrl(*url);
    const std::string formatted = FormatHttpUrl(*url);
    absl::StatusOr<HttpUrl> again = ParseHttpUrl(formatted);
    Check(again.ok());
    Check(again->scheme == url->scheme && again->host == url->host &&
          again->port == url->port && again->path == url->path &&
          again->explicit_port == url->explicit_port);
    (void)IsLoopbackHost(url->host);
  } else {
    Check(url.status().code() == absl::StatusCode::kInvalidArgument);
  }

  for (absl::string_view env : {"", "test", "live", "LIVE", "staging"}) {
    absl::StatusOr<std::string> base = ResolveMspBaseUrl(env, input);
    if (!base.ok()) continue;
    absl::StatusOr<HttpUrl> parsed = ParseHttpUrl(*base);
    Check(parsed.ok());
    Check(!parsed->path.empty());
    Check(parsed->path.back() != '/');
  }
  // The input as the environment name, without an override.
  if (absl::StatusOr<std::string> base = ResolveMspBaseUrl(input, "");
      base.ok()) {
    Check(*base == kMspTestBaseUrl || *base == kMspLiveBaseUrl);
  }
  (void)IsLoopbackUrl(input);
  (void)IsLoopbackHost(input);

  const std::string segment = PercentEncodePathSegment(input);
  Check(input.empty() == segment.empty());
  Check(segment != "." && segment != "..");
  std::string decoded;
  for (size_t i = 0; i < segment.size(); ++i) {
    const unsigned char c = segment[i];
    if (c == '%') {
      Check(i + 2 < segment.size());
      const int hi = HexValue(segment[i + 1]), lo = HexValue(segment[i + 2]);
      Check(hi >= 0 && lo >= 0);
      decoded.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      Check(absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
            c == '~');
      decoded.push_back(static_cast<char>(c));
    }
  }
  Check(decoded == input);
  return 0;
}
