// Copyright 2026 The msp-gateway Authors.
//
// File: pg_binary.h
//
// Statement parameters and result values in PostgreSQL's binary format, so
// that bytes (fingerprints, responses) travel as they are, with no hex or
// escape encoding either way, and no value is ever spliced into SQL text:
// text and bytea are their bytes, int4 / int8 four / eight big-endian bytes,
// bool one byte (0 or 1), and text[] array_send's layout (ndim, flags,
// element type, per dimension size and lower bound, then each element as a
// length and its bytes).

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_BINARY_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_BINARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace msp_gateway {
namespace pg {

// Type OIDs (pg_type.dat), the ones the store binds and reads.
enum : unsigned int {
  kBoolOid = 16,
  kByteaOid = 17,
  kInt8Oid = 20,
  kInt4Oid = 23,
  kTextOid = 25,
  kTextArrayOid = 1009,
};

// Parameters $1, $2, ... of one statement, every one in binary format.
class PgParams {
 public:
  PgParams& Text(absl::string_view value);
  PgParams& Bytes(absl::string_view value);
  PgParams& Int64(int64_t value);
  PgParams& Int32(int32_t value);
  PgParams& Bool(bool value);
  // A one-dimensional text[] without NULLs (for `= ANY($n)`).
  PgParams& TextArray(absl::Span<const std::string> values);

  int size() const { return static_cast<int>(values_.size()); }
  // The arrays libpq takes (PQsendQueryParams, PQsendPrepare,
  // PQsendQueryPrepared); valid until the next parameter is added.
  const unsigned int* types() const { return types_.data(); }
  const char* const* values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  PgParams& Add(unsigned int type, std::string value);

  std::vector<std::string> values_;
  std::vector<unsigned int> types_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  mutable std::vector<const char*> pointers_;
};

// The binary encodings, for PgParams and the tests.
std::string EncodeInt64(int64_t value);
std::string EncodeInt32(int32_t value);
std::string EncodeTextArray(absl::Span<const std::string> values);
// INTERNAL unless `bytes` is exactly 8 (4) bytes long.
absl::StatusOr<int64_t> DecodeInt64(absl::string_view bytes);
absl::StatusOr<int32_t> DecodeInt32(absl::string_view bytes);
// INTERNAL unless `bytes` is exactly one byte.
absl::StatusOr<bool> DecodeBool(absl::string_view bytes);

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_BINARY_H_
