// Copyright 2026 The msp-gateway Authors.

#include "emulator/fault_injector.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

// Longer than any client timeout worth testing, short enough that a typo
// (delay_ms in seconds * 1000 twice) does not hang a test run for hours.
constexpr int kMaxDelayMs = 10 * 60 * 1000;

struct KindName {
  FaultKind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {
    {FaultKind::kHtml503, "html_503"},
    {FaultKind::kDelay, "delay"},
    {FaultKind::kDrop, "drop"},
    {FaultKind::kError, "error"},
    {FaultKind::kMalformedJson, "malformed_json"},
};

const char* KindName(FaultKind kind) {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

absl::Status Invalid(absl::string_view member, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("fault member '", member, "' ", problem));
}

// Reads an integer member into `*out` when present; checks [min, max].
absl::Status ReadInt(const json& spec, const char* key, int min, int max,
                     int* out) {
  auto it = spec.find(key);
  if (it == spec.end()) return absl::OkStatus();
  if (!it->is_number_integer()) return Invalid(key, "must be an integer");
  const auto value = it->get<int64_t>();
  if (value < min || value > max) {
    return Invalid(key, absl::StrCat("must be in [", min, ", ", max, "]"));
  }
  *out = static_cast<int>(value);
  return absl::OkStatus();
}

absl::Status ReadString(const json& spec, const char* key, std::string* out) {
  auto it = spec.find(key);
  if (it == spec.end()) return absl::OkStatus();
  if (!it->is_string()) return Invalid(key, "must be a string");
  *out = it->get<std::string>();
  return absl::OkStatus();
}

bool Matches(const Fault& fault, absl::string_view method,
             absl::string_view path) {
  if (!fault.method.empty() && !absl::EqualsIgnoreCase(fault.method, method)) {
    return false;
  }
  if (fault.path.empty()) return true;
  if (absl::EndsWith(fault.path, "*")) {
    return absl::StartsWith(
        path, absl::string_view(fault.path).substr(0, fault.path.size() - 1));
  }
  return fault.path == path;
}

}  // namespace

absl::StatusOr<Fault> ParseFault(const json& spec) {
  if (!spec.is_object()) {
    return absl::InvalidArgumentError("a fault must be a JSON object");
  }
  static constexpr const char* kMembers[] = {
      "method",     "path",       "kind",  "delay_ms",       "http_status",
      "error_code", "error_info", "times", "process_request"};
  for (const auto& [key, value] : spec.items()) {
    bool known = false;
    for (const char* member : kMembers) known = known || key == member;
    if (!known) return Invalid(key, "is unknown");
  }

  Fault fault;
  std::string kind;
  if (absl::Status s = ReadString(spec, "kind", &kind); !s.ok()) return s;
  bool kind_known = false;
  for (const auto& entry : kKindNames) {
    if (kind == entry.name) {
      fault.kind = entry.kind;
      kind_known = true;
    }
  }
  if (!kind_known) {
    return Invalid("kind",
                   "must be one of html_503, delay, drop, error, "
                   "malformed_json");
  }
  if (absl::Status s = ReadString(spec, "method", &fault.method); !s.ok()) {
    return s;
  }
  fault.method = absl::AsciiStrToUpper(fault.method);
  if (absl::Status s = ReadString(spec, "path", &fault.path); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ReadInt(spec, "delay_ms", 0, kMaxDelayMs, &fault.delay_ms);
      !s.ok()) {
    return s;
  }
  if (fault.kind == FaultKind::kDelay && !spec.contains("delay_ms")) {
    return Invalid("delay_ms", "is required for kind delay");
  }
  if (absl::Status s =
          ReadInt(spec, "http_status", 100, 599, &fault.http_status);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ReadInt(spec, "error_code", 0, 1 << 30, &fault.error_code);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ReadString(spec, "error_info", &fault.error_info);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ReadInt(spec, "times", -1, 1 << 30, &fault.times);
      !s.ok()) {
    return s;
  }
  if (fault.times == 0) return Invalid("times", "must be -1 or at least 1");
  if (auto it = spec.find("process_request"); it != spec.end()) {
    if (!it->is_boolean()) return Invalid("process_request", "must be a bool");
    fault.process_request = it->get<bool>();
  }
  return fault;
}

json FaultToJson(const Fault& fault) {
  return {{"id", fault.id},
          {"method", fault.method},
          {"path", fault.path},
          {"kind", KindName(fault.kind)},
          {"delay_ms", fault.delay_ms},
          {"http_status", fault.http_status},
          {"error_code", fault.error_code},
          {"error_info", fault.error_info},
          {"times", fault.times},
          {"process_request", fault.process_request}};
}

int64_t FaultInjector::Add(Fault fault) {
  absl::MutexLock lock(&mu_);
  fault.id = next_id_++;
  faults_.push_back(std::move(fault));
  return faults_.back().id;
}

std::optional<Fault> FaultInjector::Take(absl::string_view method,
                                         absl::string_view path) {
  absl::MutexLock lock(&mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!Matches(*it, method, path)) continue;
    Fault taken = *it;
    if (it->times > 0 && --it->times == 0) faults_.erase(it);
    return taken;
  }
  return std::nullopt;
}

json FaultInjector::ToJson() const {
  absl::MutexLock lock(&mu_);
  json faults = json::array();
  for (const Fault& fault : faults_) faults.push_back(FaultToJson(fault));
  return faults;
}

void FaultInjector::Clear() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

}  // namespace msp_emulator
