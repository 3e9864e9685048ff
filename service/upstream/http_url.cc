// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/http_url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace {

bool IsHostNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '.' || c == '_';
}

// Bytes that may never appear anywhere in a configured URL: they would either
// be ambiguous or let a value smuggle extra header lines into a request.
bool IsForbiddenUrlByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u <= 0x20 || u >= 0x7f || c == '\\';
}

bool IsIpv6Literal(absl::string_view host) {
  in6_addr addr;
  return inet_pton(AF_INET6, std::string(host).c_str(), &addr) == 1;
}

}  // namespace

absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view url) {
  for (char c : url) {
    if (IsForbiddenUrlByte(c)) {
      return absl::InvalidArgumentError(
          "URL contains whitespace or a non-ASCII/control character");
    }
  }
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "URL must start with http:// or https://");
  }
  HttpUrl out;
  out.scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") {
    return absl::InvalidArgumentError("URL scheme must be http or https");
  }
  absl::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "URL must not contain a query string or fragment");
  }
  const size_t path_start = rest.find('/');
  absl::string_view authority = rest.substr(0, path_start);
  if (path_start != absl::string_view::npos) {
    out.path = std::string(rest.substr(path_start));
  }
  if (absl::StrContains(authority, '@')) {
    // Never accept credentials embedded in a URL: they would end up in logs.
    return absl::InvalidArgumentError("URL must not contain user info");
  }

  absl::string_view port_text;
  if (absl::StartsWith(authority, "[")) {
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError("URL has an unterminated IPv6 host");
    }
    out.host = std::string(authority.substr(1, close - 1));
    if (!IsIpv6Literal(out.host)) {
      return absl::InvalidArgumentError("URL has an invalid IPv6 host");
    }
    absl::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        return absl::InvalidArgumentError("URL has garbage after the host");
      }
      port_text = after.substr(1);
      out.explicit_port = true;
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != absl::string_view::npos) {
      port_text = authority.substr(colon + 1);
      out.explicit_port = true;
    }
    for (char c : out.host) {
      if (!IsHostNameChar(c)) {
        return absl::InvalidArgumentError("URL host has invalid characters");
      }
    }
  }
  if (out.host.empty()) {
    return absl::InvalidArgumentError("URL has no host");
  }
  if (out.explicit_port) {
    int port = 0;
    const bool all_digits =
        !port_text.empty() && port_text.size() <= 5 &&
        port_text.find_first_not_of("0123456789") == absl::string_view::npos;
    if (!all_digits || !absl::SimpleAtoi(port_text, &port) || port < 1 ||
        port > 65535) {
      return absl::InvalidArgumentError("URL port must be in 1..65535");
    }
    out.port = port;
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  return out;
}

std::string FormatHttpUrl(const HttpUrl& url) {
  const bool bracket = absl::StrContains(url.host, ':');
  std::string out = absl::StrCat(url.scheme, "://", bracket ? "[" : "",
                                 url.host, bracket ? "]" : "");
  if (url.explicit_port) absl::StrAppend(&out, ":", url.port);
  absl::StrAppend(&out, url.path);
  return out;
}

bool IsLoopbackHost(absl::string_view host) {
  std::string lower = absl::AsciiStrToLower(host);
  if (lower == "localhost" || lower == "localhost.") return true;
  in_addr v4;
  if (inet_pton(AF_INET, lower.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, lower.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    // ::ffff:127.x.y.z reaches the IPv4 loopback.
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

std::string PercentEncodePathSegment(absl::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  // "." and ".." are dot-segments that a server or proxy may resolve, turning
  // /orders/.. into /; encode them so the ID stays an opaque segment.
  const bool dots_only =
      !segment.empty() && segment.size() <= 2 &&
      segment.find_first_not_of('.') == absl::string_view::npos;
  for (char c : segment) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || c == '-' || (c == '.' && !dots_only) ||
        c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
  return out;
}

}  // namespace msp_gateway
