// Copyright 2026 The msp-gateway Authors.
//
// File: alloc_counter.h
//
// Counts the C++ heap allocations of the whole process. Linking this library
// replaces the global operator new / delete (every form: plain, array,
// nothrow, aligned) with versions that bump two relaxed atomic counters and
// then call malloc / free, so allocations made inside Debian's shared
// libraries (protobuf, absl, nlohmann's templates) are counted too.
// Allocations made with malloc directly (gRPC core, OpenSSL) are not.
//
// For benchmark binaries only: the counters cost an atomic add per
// allocation, which production code should not pay.
//
// Example:
//   const AllocStats before = CurrentAllocStats();
//   std::string s(100, 'x');
//   const AllocStats used = CurrentAllocStats() - before;  // count 1, >=101 B

#ifndef MSP_GATEWAY_BENCH_ALLOC_COUNTER_H_
#define MSP_GATEWAY_BENCH_ALLOC_COUNTER_H_

#include <cstdint>

namespace msp_gateway {
namespace bench {

struct AllocStats {
  uint64_t count = 0;  // operator new calls so far
  uint64_t bytes = 0;  // bytes those calls asked for

  AllocStats operator-(const AllocStats& other) const {
    return AllocStats{count - other.count, bytes - other.bytes};
  }
};

// Totals since the process started, over all threads.
AllocStats CurrentAllocStats();

}  // namespace bench
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_BENCH_ALLOC_COUNTER_H_
