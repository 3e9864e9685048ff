// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_binary.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace pg {
namespace {

TEST(PgBinaryTest, IntegersAreBigEndian) {
  EXPECT_EQ(EncodeInt64(0x0102030405060708),
            std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(EncodeInt32(0x01020304), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(EncodeInt64(-1), std::string(8, '\xff'));
  EXPECT_EQ(EncodeInt32(-2), std::string("\xff\xff\xff\xfe", 4));
}

TEST(PgBinaryTest, IntegersRoundTrip) {
  for (int64_t value :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1767225600123},
        std::numeric_limits<int64_t>::min(),
        std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(*DecodeInt64(EncodeInt64(value)), value);
  }
  for (int32_t value : {0, 1, -1, 300, std::numeric_limits<int32_t>::min(),
                        std::numeric_limits<int32_t>::max()}) {
    EXPECT_EQ(*DecodeInt32(EncodeInt32(value)), value);
  }
}

TEST(PgBinaryTest, AWrongLengthIsInternal) {
  EXPECT_EQ(DecodeInt64("1234").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(DecodeInt32("").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(DecodeInt32("12345").status().code(), absl::StatusCode::kInternal);
}

TEST(PgParamsTest, EveryParameterIsBinaryWithItsType) {
  PgParams params;
  const std::string bytes("\0\x01\xff", 3);
  params.Text("key").Bytes(bytes).Int64(7).Int32(-3).Bytes("");
  ASSERT_EQ(params.size(), 5);
  EXPECT_EQ(params.types()[0], kTextOid);
  EXPECT_EQ(params.types()[1], kByteaOid);
  EXPECT_EQ(params.types()[2], kInt8Oid);
  EXPECT_EQ(params.types()[3], kInt4Oid);
  for (int i = 0; i < params.size(); ++i) EXPECT_EQ(params.formats()[i], 1);
  const char* const* values = params.values();
  EXPECT_EQ(std::string(values[0], params.lengths()[0]), "key");
  EXPECT_EQ(std::string(values[1], params.lengths()[1]), bytes);
  EXPECT_EQ(std::string(values[2], params.lengths()[2]), EncodeInt64(7));
  EXPECT_EQ(std::string(values[3], params.lengths()[3]), EncodeInt32(-3));
  // Empty, not NULL: libpq sends NULL for a null pointer.
  EXPECT_NE(values[4], nullptr);
  EXPECT_EQ(params.lengths()[4], 0);
}

TEST(PgBinaryTest, BoolsAreOneByte) {
  PgParams params;
  params.Bool(true).Bool(false);
  EXPECT_EQ(params.types()[0], kBoolOid);
  EXPECT_EQ(std::string(params.values()[0], params.lengths()[0]), "\x01");
  EXPECT_EQ(std::string(params.values()[1], params.lengths()[1]),
            std::string(1, '\0'));
  EXPECT_TRUE(*DecodeBool("\x01"));
  EXPECT_FALSE(*DecodeBool(std::string(1, '\0')));
  EXPECT_EQ(DecodeBool("").status().code(), absl::StatusCode::kInternal);
}

TEST(PgBinaryTest, TextArraysHaveArraySendsLayout) {
  const std::vector<std::string> values = {"ab", "", std::string("\0x", 2)};
  EXPECT_EQ(EncodeTextArray(values),
            EncodeInt32(1) + EncodeInt32(0) + EncodeInt32(kTextOid) +
                EncodeInt32(3) + EncodeInt32(1) + EncodeInt32(2) + "ab" +
                EncodeInt32(0) + EncodeInt32(2) + std::string("\0x", 2));
  // An empty array still names its element type.
  EXPECT_EQ(EncodeTextArray({}), EncodeInt32(1) + EncodeInt32(0) +
                                     EncodeInt32(kTextOid) + EncodeInt32(0) +
                                     EncodeInt32(1));
  PgParams params;
  params.TextArray(values);
  EXPECT_EQ(params.types()[0], kTextArrayOid);
}

}  // namespace
}  // namespace pg
}  // namespace msp_gateway
