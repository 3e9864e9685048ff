// Copyright 2026 The msp-gateway Authors.
//
// File: request_limits.h
//
// Limits on the repeated fields of a CreateOrderRequest, checked before
// anything else. MultiSafepay documents none (only string lengths), but a
// request far beyond them can never be paid and costs memory at every step
// (defect 5 of issue 8: a 40,000-line cart reached ~400 MB RSS). When one is
// exceeded, ValidateCreateOrder() (order_validator.h) reports only the counts
// ("must have at most 1000 items, got 40000"), so refusing a huge request
// costs one look at each field's size. Each limit is well above what a real
// MultiSafepay order sends:
//   shopping_cart.items                 kMaxCartItems (1,000; violations.h)
//   checkout_options.tax_tables.alternate   100 tables: one per VAT
//       category (standard, reduced, zero, exempt, ...), a handful in practice.
//   ... .alternate[*].rules (all tables)    1,000 rules in total: a rule per
//       country and category; 4 categories x 249 ISO 3166-1 countries fits.
//   checkout_options.shipping_methods.flat_rate_shipping   50 methods shown
//       in one FastCheckout list.
//   ... .flat_rate_shipping[i].allowed_areas / excluded_areas   300 each:
//       country codes, of which ISO 3166-1 has 249.
//   payment_options.allowed_countries   300: country codes again.
//   payment_options.settings.coupons.allow   100 gift-card gateway IDs
//       (MultiSafepay offers a few dozen gift cards).
//   affiliate.split_payments            100 receiving accounts per order.
//   custom_fields                       100 FastCheckout form fields (there
//       are 10 standard types), 64 KiB of protobuf in all.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_REQUEST_LIMITS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_REQUEST_LIMITS_H_

#include <cstddef>

#include "payments/v1/payment_service.pb.h"
#include "service/common/violations.h"  // kMaxCartItems

namespace msp_gateway {

inline constexpr int kMaxAlternateTaxTables = 100;
inline constexpr int kMaxTaxRules = 1000;
inline constexpr int kMaxFlatRateShippingMethods = 50;
inline constexpr int kMaxShippingAreas = 300;
inline constexpr int kMaxAllowedCountries = 300;
inline constexpr int kMaxCouponIds = 100;
inline constexpr int kMaxSplitPayments = 100;
inline constexpr int kMaxCustomFields = 100;
inline constexpr size_t kMaxCustomFieldsBytes = 64 * 1024;

// CheckRequestLimits()
//
// Adds a violation for every repeated field of `request` beyond its limit
// ("must have at most 100 tables, got 101"; custom_fields also by their
// bytes) and returns whether all are within them. On false the other checks
// must not run: they walk every element. A field whose elements hold the
// next count (tables and their rules, shipping methods and their areas) is
// only looked into when its own count is within the limit.
bool CheckRequestLimits(const payments::v1::CreateOrderRequest& request,
                        Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_REQUEST_LIMITS_H_
