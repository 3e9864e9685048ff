// Copyright 2026 The msp-gateway Authors.

#include "emulator/fault_injector.h"

#include <random>
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
    {FaultKind::kHtml, "html"},
    {FaultKind::kEmpty, "empty"},
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

uint64_t PickSeed(uint64_t seed) {
  while (seed == 0) {
    std::random_device device;
    seed = (static_cast<uint64_t>(device()) << 32) | device();
  }
  return seed;
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
      "method",   "path",        "kind",        "when",
      "delay_ms", "http_status", "error_code",  "error_info",
      "times",    "skip",        "probability", "process_request"};
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
                   "must be one of html_503, html, empty, delay, drop, "
                   "error, malformed_json");
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
  if (fault.kind == FaultKind::kHtml || fault.kind == FaultKind::kEmpty) {
    fault.http_status = 502;  // a proxy that lost its upstream
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
  if (absl::Status s = ReadInt(spec, "skip", 0, 1 << 30, &fault.skip);
      !s.ok()) {
    return s;
  }
  if (auto it = spec.find("probability"); it != spec.end()) {
    if (!it->is_number()) return Invalid("probability", "must be a number");
    fault.probability = it->get<double>();
    if (!(fault.probability >= 0 && fault.probability <= 1)) {
      return Invalid("probability", "must be in [0, 1]");
    }
  }
  std::optional<FaultWhen> when;
  if (auto it = spec.find("when"); it != spec.end()) {
    if (it->is_string() && *it == "before") {
      when = FaultWhen::kBefore;
    } else if (it->is_string() && *it == "after") {
      when = FaultWhen::kAfter;
    } else {
      return Invalid("when", "must be \"before\" or \"after\"");
    }
  }
  if (auto it = spec.find("process_request"); it != spec.end()) {
    if (!it->is_boolean()) return Invalid("process_request", "must be a bool");
    const FaultWhen said =
        it->get<bool>() ? FaultWhen::kAfter : FaultWhen::kBefore;
    if (when.has_value() && *when != said) {
      return Invalid("process_request", "contradicts \"when\"");
    }
    when = said;
  }
  fault.when = when.value_or(FaultWhen::kBefore);
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
          {"skip", fault.skip},
          {"probability", fault.probability},
          {"when", fault.when == FaultWhen::kAfter ? "after" : "before"},
          {"process_request", fault.when == FaultWhen::kAfter}};
}

FaultInjector::FaultInjector(uint64_t seed) { Reseed(seed); }

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
    if (it->skip > 0) {
      --it->skip;
      continue;
    }
    // A certain fault draws nothing, so adding one does not shift the
    // sequence the others see.
    if (it->probability < 1 &&
        !std::bernoulli_distribution(it->probability)(random_)) {
      continue;
    }
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

void FaultInjector::Reseed(uint64_t seed) {
  absl::MutexLock lock(&mu_);
  seed_ = PickSeed(seed);
  random_.seed(seed_);
}

uint64_t FaultInjector::seed() const {
  absl::MutexLock lock(&mu_);
  return seed_;
}

}  // namespace msp_emulator
