// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/idempotency_cache.h"

#include <openssl/evp.h>

#include <utility>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace msp_gateway {
IdempotencyCache::IdempotencyCache(Options options,
                                   std::function<absl::Time()> clock)
    : options_(options), clock_(std::move(clock)) {}

IdempotencyCache::Admission IdempotencyCache::Begin(
    const std::string& key, const std::string& fingerprint, Waiter waiter) {
  Result answer = absl::UnknownError("unset");
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = clock_();
    EvictLocked(now);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      Entry& entry = entries_[key];
      entry.fingerprint = fingerprint;
      return Admission::kProceed;
    }
    Entry& entry = it->second;
    if (entry.fingerprint != fingerprint) return Admission::kConflict;
    if (entry.pending) {
      entry.waiters.push_back(std::move(waiter));
      return Admission::kJoined;
    } else {
      answer = entry.response;
    }
  }
  waiter(answer);
  return Admission::kAnswered;
}

void IdempotencyCache::Complete(const std::string& key, const Result& result) {
  std::vector<Waiter> waiters;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    waiters = std::move(it->second.waiters);
    if (result.ok()) {
      it->second.pending = false;
      it->second.response = *result;
      it->second.expires = clock_() + options_.ttl;
      completed_order_.push_back(key);
      EvictLocked(clock_());
    } else {
      entries_.erase(it);
    }
  }
  for (Waiter& waiter : waiters) waiter(result);
}

size_t IdempotencyCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

void IdempotencyCache::EvictLocked(absl::Time now) {
  while (!completed_order_.empty()) {
    auto it = entries_.find(completed_order_.front());
    const bool stale = it == entries_.end() || it->second.pending;
    const bool evict = !stale && (it->second.expires <= now ||
                                  entries_.size() > options_.max_entries);
    if (!stale && !evict) break;
    if (evict) entries_.erase(it);
    completed_order_.pop_front();
  }
}

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(),
             nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace msp_gateway
