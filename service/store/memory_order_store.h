// Copyright 2026 The msp-gateway Authors.
//
// File: memory_order_store.h
//
// An OrderStore in one process's memory, for unit tests of what uses a store
// (the claimed-call flow, the reconciler): deterministic, no files, and
// checked by the same conformance suite as the real stores. Never used by
// the server: a store that forgets on restart is what issue 11 removed.

#ifndef MSP_GATEWAY_SERVICE_STORE_MEMORY_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_MEMORY_ORDER_STORE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "service/store/order_store.h"

namespace msp_gateway {

class MemoryOrderStore : public OrderStore {
 public:
  // The records; shared by every store made from it (open_same in the
  // conformance suite, two "replicas" in a test).
  struct Data {
    absl::Mutex mu;
    std::map<std::string, OrderRecord> records ABSL_GUARDED_BY(mu);
    // When set, every call fails with it (a store that is down).
    absl::Status failure ABSL_GUARDED_BY(mu);
  };

  explicit MemoryOrderStore(std::shared_ptr<Data> data = nullptr);

  // Makes every later call fail with `failure` (OK: works again).
  void SetFailure(absl::Status failure);

  absl::StatusOr<ClaimResult> Claim(const ClaimRequest& request) override;
  absl::StatusOr<std::optional<OrderRecord>> Get(
      absl::string_view key) override;
  absl::StatusOr<bool> Update(const OrderRecord& record) override;
  absl::StatusOr<bool> Release(absl::string_view key,
                               int64_t version) override;
  absl::StatusOr<std::vector<OrderRecord>> ListNeedingReconciliation(
      absl::Time now, size_t limit) override;
  absl::StatusOr<size_t> PurgeCreatedBefore(absl::Time cutoff,
                                            size_t limit) override;
  absl::StatusOr<absl::flat_hash_map<std::string, int64_t>> CountByState()
      override;
  absl::Status Ping() override;
  absl::string_view kind() const override { return "memory"; }

  const std::shared_ptr<Data>& data() const { return data_; }

 private:
  std::shared_ptr<Data> data_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_MEMORY_ORDER_STORE_H_
