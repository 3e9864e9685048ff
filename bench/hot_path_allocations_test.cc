// Copyright 2026 The msp-gateway Authors.
//
// The hot path's heap allocations, counted (issue 10: the seed Bancontact
// order validated and translated in at most 10 allocations). Allocation
// counts are deterministic, unlike time, so this is a test; the timings stay
// in //bench:order_bench.

#include <string>

#include "absl/status/statusor.h"
#include "bench/alloc_counter.h"
#include "bench/order_fixtures.h"
#include "gtest/gtest.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"

namespace msp_gateway {
namespace {

using bench::AllocStats;
using bench::CurrentAllocStats;

TEST(HotPathAllocationsTest, SeedOrderValidatesAndTranslatesInTenAtMost) {
  absl::StatusOr<payments::v1::CreateOrderRequest> request =
      bench::LoadRequest("tests/testdata/seed-bancontact.request.json");
  ASSERT_TRUE(request.ok()) << request.status();
  // One warm-up call initialises function statics (tables, descriptors).
  ASSERT_TRUE(ValidateCreateOrder(*request).ok());
  ASSERT_TRUE(TranslateCreateOrder(*request).ok());

  const AllocStats before_validate = CurrentAllocStats();
  const absl::Status valid = ValidateCreateOrder(*request);
  const AllocStats validate = CurrentAllocStats() - before_validate;
  ASSERT_TRUE(valid.ok()) << valid;

  const AllocStats before_translate = CurrentAllocStats();
  absl::StatusOr<std::string> json = TranslateCreateOrder(*request);
  const AllocStats translate = CurrentAllocStats() - before_translate;
  ASSERT_TRUE(json.ok()) << json.status();

  EXPECT_LE(validate.count + translate.count, 10u)
      << "validate: " << validate.count << ", translate: " << translate.count;
  // Today: none to validate, the one string of the body to translate.
  EXPECT_EQ(validate.count, 0u);
  EXPECT_EQ(translate.count, 1u);
  EXPECT_GE(translate.bytes, json->size());
}

}  // namespace
}  // namespace msp_gateway
