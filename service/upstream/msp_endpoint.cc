// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_endpoint.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "service/upstream/http_url.h"

namespace msp_gateway {

absl::StatusOr<std::string> ResolveMspBaseUrl(
    absl::string_view msp_env, absl::string_view base_url_override) {
  absl::string_view override_url =
      absl::StripAsciiWhitespace(base_url_override);
  if (!override_url.empty()) {
    absl::StatusOr<HttpUrl> url = ParseHttpUrl(override_url);
    if (!url.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("MSP_BASE_URL is invalid: ", url.status().message()));
    }
    while (!url->path.empty() && url->path.back() == '/') url->path.pop_back();
    if (url->path.empty()) url->path = std::string(kMspApiRootPath);
    return FormatHttpUrl(*url);
  }
  const std::string env =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(msp_env));
  if (env.empty() || env == "test") return std::string(kMspTestBaseUrl);
  if (env == "live") return std::string(kMspLiveBaseUrl);
  return absl::InvalidArgumentError(
      absl::StrCat("MSP_ENV must be \"test\" or \"live\", got \"",
                   absl::CEscape(env.substr(0, 16)), "\""));
}

bool IsLoopbackUrl(absl::string_view url) {
  absl::StatusOr<HttpUrl> parsed =
      ParseHttpUrl(absl::StripAsciiWhitespace(url));
  return parsed.ok() && IsLoopbackHost(parsed->host);
}

}  // namespace msp_gateway
