// Copyright 2026 The msp-gateway Authors.

#include "service/store/memory_order_store.h"

#include <algorithm>
#include <utility>

namespace msp_gateway {
namespace {

// The stores keep whole milliseconds (order_store.h); so does this one.
absl::Time Millis(absl::Time t) {
  return absl::FromUnixMillis(absl::ToUnixMillis(t));
}

}  // namespace

MemoryOrderStore::MemoryOrderStore(std::shared_ptr<Data> data)
    : data_(data != nullptr ? std::move(data) : std::make_shared<Data>()) {}

void MemoryOrderStore::SetFailure(absl::Status failure) {
  absl::MutexLock lock(&data_->mu);
  data_->failure = std::move(failure);
}

absl::StatusOr<ClaimResult> MemoryOrderStore::Claim(
    const ClaimRequest& request) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  ClaimResult result;
  auto it = data_->records.find(request.key);
  if (it != data_->records.end()) {
    result.record = it->second;
    return result;
  }
  OrderRecord record;
  record.key = request.key;
  record.fingerprint = request.fingerprint;
  record.order_id = request.order_id;
  record.request = request.request;
  record.state = RecordState::kInFlight;
  record.owner = request.owner;
  record.lease_expires = Millis(request.lease_expires);
  record.attempts = 0;
  record.version = 1;
  record.created = Millis(request.now);
  record.updated = Millis(request.now);
  data_->records[request.key] = record;
  result.claimed = true;
  result.record = std::move(record);
  return result;
}

absl::StatusOr<std::optional<OrderRecord>> MemoryOrderStore::Get(
    absl::string_view key) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  auto it = data_->records.find(std::string(key));
  if (it == data_->records.end()) return std::optional<OrderRecord>();
  return std::optional<OrderRecord>(it->second);
}

absl::StatusOr<bool> MemoryOrderStore::Update(const OrderRecord& record) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  auto it = data_->records.find(record.key);
  if (it == data_->records.end() || it->second.version != record.version) {
    return false;
  }
  OrderRecord& stored = it->second;
  stored.state = record.state;
  stored.response = record.response;
  stored.owner = record.owner;
  stored.lease_expires = Millis(record.lease_expires);
  stored.attempts = record.attempts;
  stored.updated = Millis(record.updated);
  stored.version = record.version + 1;
  return true;
}

absl::StatusOr<bool> MemoryOrderStore::Release(absl::string_view key,
                                               int64_t version) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  auto it = data_->records.find(std::string(key));
  if (it == data_->records.end() || it->second.version != version) {
    return false;
  }
  data_->records.erase(it);
  return true;
}

absl::StatusOr<std::vector<OrderRecord>>
MemoryOrderStore::ListNeedingReconciliation(absl::Time now, size_t limit) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  std::vector<OrderRecord> due;
  for (const auto& [key, record] : data_->records) {
    if (record.state == RecordState::kUnknown ||
        (record.state == RecordState::kInFlight &&
         record.lease_expires < now)) {
      due.push_back(record);
    }
  }
  std::stable_sort(due.begin(), due.end(),
                   [](const OrderRecord& a, const OrderRecord& b) {
                     return a.updated < b.updated;
                   });
  if (due.size() > limit) due.resize(limit);
  return due;
}

absl::StatusOr<size_t> MemoryOrderStore::PurgeCreatedBefore(absl::Time cutoff,
                                                            size_t limit) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  std::vector<std::pair<absl::Time, std::string>> old;
  for (const auto& [key, record] : data_->records) {
    if (record.created < cutoff) old.emplace_back(record.created, key);
  }
  std::sort(old.begin(), old.end());
  if (old.size() > limit) old.resize(limit);
  for (const auto& [created, key] : old) data_->records.erase(key);
  return old.size();
}

absl::StatusOr<absl::flat_hash_map<std::string, int64_t>>
MemoryOrderStore::CountByState() {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  absl::flat_hash_map<std::string, int64_t> counts;
  for (const auto& [key, record] : data_->records) {
    ++counts[std::string(RecordStateName(record.state))];
  }
  return counts;
}

absl::Status MemoryOrderStore::Ping() {
  absl::MutexLock lock(&data_->mu);
  return data_->failure;
}

}  // namespace msp_gateway
