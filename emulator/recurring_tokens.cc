// Copyright 2026 The msp-gateway Authors.

#include "emulator/recurring_tokens.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

// The example writes `bin` and `expiry_date` as numbers; a value that is not
// all digits (never issued here) stays a string rather than becoming 0.
json NumberOrString(const std::string& digits) {
  int64_t value = 0;
  if (!digits.empty() && absl::SimpleAtoi(digits, &value)) return value;
  return digits.empty() ? json(nullptr) : json(digits);
}

}  // namespace

json TokenJson(const RecurringToken& token) {
  const bool card = !token.bin.empty();
  return {
      {"token", token.token},
      {"code", token.code},
      {"display", card ? absl::StrCat("Card xxxx xxxx xxxx ", token.last4)
                       : absl::StrCat("*** ", token.last4)},
      {"bin", NumberOrString(token.bin)},
      {"name_holder", token.name_holder},
      {"expiry_date", NumberOrString(token.expiry_date)},
      {"expired", 0},
      {"last4", token.last4},
      {"recurring_model", token.model},
      {"model", token.model},
  };
}

void RecurringTokens::Issue(const RecurringToken& token) {
  absl::MutexLock lock(&mu_);
  tokens_[token.token] = {++sequence_, token};
}

json RecurringTokens::List(const std::string& reference, int offset,
                           int limit) const {
  std::vector<std::pair<int64_t, const RecurringToken*>> mine;
  absl::MutexLock lock(&mu_);
  for (const auto& [key, entry] : tokens_) {
    if (entry.second.customer_reference == reference) {
      mine.emplace_back(entry.first, &entry.second);
    }
  }
  std::sort(mine.begin(), mine.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  json tokens = json::array();
  for (size_t i = static_cast<size_t>(std::max(offset, 0));
       i < mine.size() && static_cast<int>(tokens.size()) < limit; ++i) {
    tokens.push_back(TokenJson(*mine[i].second));
  }
  return {{"tokens", std::move(tokens)}};
}

std::optional<RecurringToken> RecurringTokens::Find(
    const std::string& reference, const std::string& token) const {
  std::optional<RecurringToken> found = FindToken(token);
  if (!found.has_value() || found->customer_reference != reference) {
    return std::nullopt;
  }
  return found;
}

std::optional<RecurringToken> RecurringTokens::FindToken(
    const std::string& token) const {
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second.second;
}

bool RecurringTokens::Remove(const std::string& reference,
                             const std::string& token) {
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.second.customer_reference != reference)
    return false;
  tokens_.erase(it);
  return true;
}

bool RecurringTokens::UpdateExpiry(const std::string& reference,
                                   const std::string& token,
                                   const std::string& expiry_date) {
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.second.customer_reference != reference)
    return false;
  it->second.second.expiry_date = expiry_date;
  return true;
}

void RecurringTokens::Clear() {
  absl::MutexLock lock(&mu_);
  tokens_.clear();
}

}  // namespace msp_emulator
