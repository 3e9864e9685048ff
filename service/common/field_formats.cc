// Copyright 2026 The msp-gateway Authors.

#include "service/common/field_formats.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace msp_gateway {
namespace {

// Space, the C0 controls and DEL: never legal in a URL or an email address,
// and a sign of header or log injection when they appear.
bool HasSpaceOrControl(absl::string_view text) {
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return true;
  }
  return false;
}

bool IsAllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

size_t CharacterCount(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool ContainsHtml(absl::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '<') continue;
    const unsigned char next = static_cast<unsigned char>(text[i + 1]);
    if (absl::ascii_isalpha(next) || next == '/' || next == '!' ||
        next == '?') {
      return true;
    }
  }
  return false;
}

bool IsHttpUrl(absl::string_view url) {
  if (HasSpaceOrControl(url)) return false;
  absl::string_view rest = url;
  if (absl::StartsWithIgnoreCase(rest, "https://")) {
    rest.remove_prefix(8);
  } else if (absl::StartsWithIgnoreCase(rest, "http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  // userinfo@ is legal in a URL; the host follows the last '@'.
  const size_t at = authority.rfind('@');
  absl::string_view host_port =
      at == absl::string_view::npos ? authority : authority.substr(at + 1);
  absl::string_view port;
  if (absl::StartsWith(host_port, "[")) {
    const size_t close = host_port.find(']');
    if (close == absl::string_view::npos || close == 1) return false;
    absl::string_view after = host_port.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return false;
      port = after.substr(1);
      if (!IsAllDigits(port)) return false;
    }
    return true;
  }
  const size_t colon = host_port.find(':');
  if (colon != absl::string_view::npos) {
    port = host_port.substr(colon + 1);
    if (!IsAllDigits(port)) return false;
    host_port = host_port.substr(0, colon);
  }
  return !host_port.empty();
}

bool IsEmailAddress(absl::string_view email) {
  if (HasSpaceOrControl(email)) return false;
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0) return false;
  absl::string_view domain = email.substr(at + 1);
  if (domain.find('@') != absl::string_view::npos) return false;
  // At least two labels, none empty: "example.com", not "localhost",
  // ".example.com", "example.com." or "example..com".
  if (domain.find('.') == absl::string_view::npos) return false;
  if (absl::StartsWith(domain, ".") || absl::EndsWith(domain, ".")) {
    return false;
  }
  return !absl::StrContains(domain, "..");
}

bool IsIpAddress(absl::string_view text) {
  // The longest textual IPv6 address ("ffff:...:255.255.255.255") is 45
  // characters; anything longer cannot parse, so it need not be copied.
  char buffer[INET6_ADDRSTRLEN];
  if (text.empty() || text.size() >= sizeof(buffer)) return false;
  // inet_pton reads a C string: an embedded NUL would hide a suffix.
  if (text.find('\0') != absl::string_view::npos) return false;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  in6_addr address;  // Large enough for both families.
  return inet_pton(AF_INET, buffer, &address) == 1 ||
         inet_pton(AF_INET6, buffer, &address) == 1;
}

bool IsLocale(absl::string_view locale) {
  return locale.size() == 5 &&
         absl::ascii_islower(static_cast<unsigned char>(locale[0])) &&
         absl::ascii_islower(static_cast<unsigned char>(locale[1])) &&
         locale[2] == '_' &&
         absl::ascii_isupper(static_cast<unsigned char>(locale[3])) &&
         absl::ascii_isupper(static_cast<unsigned char>(locale[4]));
}

bool IsDigits(absl::string_view text, size_t min, size_t max) {
  return text.size() >= min && text.size() <= max && IsAllDigits(text);
}

bool IsIsoDate(absl::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  if (!IsAllDigits(date.substr(0, 4)) || !IsAllDigits(date.substr(5, 2)) ||
      !IsAllDigits(date.substr(8, 2))) {
    return false;
  }
  auto number = [&](size_t pos, size_t len) {
    int n = 0;
    for (size_t i = pos; i < pos + len; ++i) n = n * 10 + (date[i] - '0');
    return n;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

bool IsOrderIdText(absl::string_view id) {
  for (char c : id) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) continue;
    // The view's size excludes the literal's terminator, so NUL is refused.
    if (kOrderIdPunctuation.find(c) == absl::string_view::npos) return false;
  }
  return true;
}

bool IsCardExpiry(absl::string_view text) {
  if (!IsDigits(text, 4, 4)) return false;
  const int month = (text[2] - '0') * 10 + (text[3] - '0');
  return month >= 1 && month <= 12;
}

}  // namespace msp_gateway
