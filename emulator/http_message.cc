// Copyright 2026 The msp-gateway Authors.

#include "emulator/http_message.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "emulator/http_path.h"

namespace msp_emulator {
namespace {

const std::string* Find(const NameValues& entries, absl::string_view name,
                        bool ignore_case) {
  for (const auto& [key, value] : entries) {
    if (ignore_case ? absl::EqualsIgnoreCase(key, name) : key == name) {
      return &value;
    }
  }
  return nullptr;
}

// Query text decodes '+' to a space as well (form encoding).
std::string DecodeQueryPart(absl::string_view part) {
  std::string spaced(part);
  for (char& c : spaced) {
    if (c == '+') c = ' ';
  }
  return PercentDecode(spaced);
}

}  // namespace

bool HttpRequest::HasHeader(absl::string_view name) const {
  return Find(headers, name, true) != nullptr;
}

std::string HttpRequest::Header(absl::string_view name) const {
  const std::string* value = Find(headers, name, true);
  return value != nullptr ? *value : "";
}

bool HttpRequest::HasParam(absl::string_view name) const {
  return Find(params, name, false) != nullptr;
}

std::string HttpRequest::Param(absl::string_view name) const {
  const std::string* value = Find(params, name, false);
  return value != nullptr ? *value : "";
}

void SetTarget(HttpRequest& request, absl::string_view target) {
  request.target = std::string(target);
  const size_t question = target.find('?');
  request.path = PercentDecode(target.substr(0, question));
  request.params.clear();
  if (question == absl::string_view::npos) return;
  for (absl::string_view pair :
       absl::StrSplit(target.substr(question + 1), '&', absl::SkipEmpty())) {
    const size_t equals = pair.find('=');
    if (equals == absl::string_view::npos) {
      request.params.emplace_back(DecodeQueryPart(pair), "");
    } else {
      request.params.emplace_back(DecodeQueryPart(pair.substr(0, equals)),
                                  DecodeQueryPart(pair.substr(equals + 1)));
    }
  }
}

}  // namespace msp_emulator
