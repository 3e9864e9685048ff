// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_binary.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace pg {
namespace {

template <typename T>
std::string EncodeBigEndian(T value) {
  using U = std::make_unsigned_t<T>;
  U bits = static_cast<U>(value);
  std::string out(sizeof(T), '\0');
  for (int i = sizeof(T) - 1; i >= 0; --i) {
    out[i] = static_cast<char>(bits & 0xff);
    bits >>= 8;
  }
  return out;
}

template <typename T>
absl::StatusOr<T> DecodeBigEndian(absl::string_view bytes) {
  if (bytes.size() != sizeof(T)) {
    return absl::InternalError(absl::StrCat("postgresql: a ", sizeof(T) * 8,
                                            "-bit integer column has ",
                                            bytes.size(), " bytes"));
  }
  using U = std::make_unsigned_t<T>;
  U bits = 0;
  for (char c : bytes) bits = (bits << 8) | static_cast<unsigned char>(c);
  return static_cast<T>(bits);
}

}  // namespace

std::string EncodeInt64(int64_t value) { return EncodeBigEndian(value); }
std::string EncodeInt32(int32_t value) { return EncodeBigEndian(value); }

std::string EncodeTextArray(absl::Span<const std::string> values) {
  std::string out;
  out += EncodeInt32(1);  // One dimension,
  out += EncodeInt32(0);  // no NULLs,
  out += EncodeBigEndian(static_cast<int32_t>(kTextOid));
  out += EncodeInt32(static_cast<int32_t>(values.size()));
  out += EncodeInt32(1);  // Lower bound.
  for (const std::string& value : values) {
    out += EncodeInt32(static_cast<int32_t>(value.size()));
    out += value;
  }
  return out;
}

absl::StatusOr<bool> DecodeBool(absl::string_view bytes) {
  if (bytes.size() != 1) {
    return absl::InternalError(absl::StrCat("postgresql: a boolean column has ",
                                            bytes.size(), " bytes"));
  }
  return bytes[0] != 0;
}

absl::StatusOr<int64_t> DecodeInt64(absl::string_view bytes) {
  return DecodeBigEndian<int64_t>(bytes);
}
absl::StatusOr<int32_t> DecodeInt32(absl::string_view bytes) {
  return DecodeBigEndian<int32_t>(bytes);
}

PgParams& PgParams::Add(unsigned int type, std::string value) {
  lengths_.push_back(static_cast<int>(value.size()));
  values_.push_back(std::move(value));
  types_.push_back(type);
  formats_.push_back(1);  // Binary.
  return *this;
}

PgParams& PgParams::Text(absl::string_view value) {
  return Add(kTextOid, std::string(value));
}
PgParams& PgParams::Bytes(absl::string_view value) {
  return Add(kByteaOid, std::string(value));
}
PgParams& PgParams::Int64(int64_t value) {
  return Add(kInt8Oid, EncodeInt64(value));
}
PgParams& PgParams::Int32(int32_t value) {
  return Add(kInt4Oid, EncodeInt32(value));
}

PgParams& PgParams::Bool(bool value) {
  return Add(kBoolOid, std::string(1, value ? '\1' : '\0'));
}
PgParams& PgParams::TextArray(absl::Span<const std::string> values) {
  return Add(kTextArrayOid, EncodeTextArray(values));
}

const char* const* PgParams::values() const {
  pointers_.clear();
  for (const std::string& value : values_) pointers_.push_back(value.data());
  return pointers_.data();
}

}  // namespace pg
}  // namespace msp_gateway
