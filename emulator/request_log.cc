// Copyright 2026 The msp-gateway Authors.

#include "emulator/request_log.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

// Adds `value` under `key`, joining repeated keys with ", " as HTTP does
// when it folds repeated headers.
void AddJoined(json& object, const std::string& key, const std::string& value) {
  auto it = object.find(key);
  if (it == object.end()) {
    object[key] = value;
  } else {
    *it = it->get<std::string>() + ", " + value;
  }
}

bool IsCredentialHeader(const std::string& name) {
  return absl::EqualsIgnoreCase(name, "api_key") ||
         absl::EqualsIgnoreCase(name, "Authorization");
}

}  // namespace

json LogEntryFor(const HttpRequest& request) {
  json query = json::object();
  for (const auto& [name, value] : request.params) {
    AddJoined(query, name,
              absl::EqualsIgnoreCase(name, "api_key") ? kRedacted : value);
  }
  json headers = json::object();
  for (const auto& [name, value] : request.headers) {
    AddJoined(headers, name, IsCredentialHeader(name) ? kRedacted : value);
  }
  json body = nullptr;
  if (!request.body.empty()) {
    body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) body = request.body;
  }
  return {{"method", request.method},
          {"path", request.path},
          {"query", std::move(query)},
          {"headers", std::move(headers)},
          {"body", std::move(body)}};
}

void RequestLog::Record(const HttpRequest& request) {
  json entry = LogEntryFor(request);
  absl::MutexLock lock(&mu_);
  entries_.push_back(std::move(entry));
}

json RequestLog::ToJson() const {
  absl::MutexLock lock(&mu_);
  return json(entries_);
}

void RequestLog::Clear() {
  absl::MutexLock lock(&mu_);
  entries_.clear();
}

size_t RequestLog::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace msp_emulator
