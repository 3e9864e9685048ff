// Copyright 2026 The msp-gateway Authors.

#include "service/msp_order/order_mapper.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/order_details.pb.h"
#include "service/common/error_details.h"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/exact_json.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Order;
using json = nlohmann::json;

// MultiSafepay's vendored OpenAPI description (its examples and schemas),
// read where it is vendored.
constexpr char kOpenApi[] = "third_party/multisafepay-openapi/components/";

std::string ReadVendored(const std::string& path) {
  return testing::ReadTestFile(kOpenApi + path);
}

// What MspClient hands over for GET /orders: `data`, parsed keeping decimals.
MspReply ReplyFromEnvelope(const std::string& envelope) {
  std::optional<json> parsed = ParseJsonExactDecimals(envelope);
  EXPECT_TRUE(parsed.has_value());
  return MspReply{200, (*parsed)["data"]};
}

MspReply ReplyFromData(const std::string& data) {
  std::optional<json> parsed = ParseJsonExactDecimals(data);
  EXPECT_TRUE(parsed.has_value()) << data;
  return MspReply{200, parsed.value_or(json())};
}

Order MapOk(const MspReply& reply, const std::string& order_id = "req-id") {
  absl::StatusOr<Order> order = MapMspOrder(reply, order_id);
  EXPECT_TRUE(order.ok()) << order.status();
  return order.value_or(Order());
}

// --- MultiSafepay's own examples -------------------------------------------

TEST(MapMspOrderTest, IdealOrderWithFees) {
  Order order = MapOk(
      ReplyFromEnvelope(ReadVendored("examples/responses/getOrder.json")));
  EXPECT_EQ(order.order_id(), "example_order_123456");
  EXPECT_EQ(order.transaction_id(), 17472052901237122);  // 17 digits, exact.
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(order.status_raw(), "completed");
  EXPECT_EQ(order.financial_status(),
            payments::v1::TRANSACTION_STATUS_COMPLETED);
  EXPECT_EQ(order.financial_status_raw(), "completed");
  EXPECT_EQ(order.currency(), "EUR");
  EXPECT_EQ(order.amount(), 1000);
  EXPECT_EQ(order.amount_refunded(), 0);  // Absent.
  EXPECT_EQ(order.description(), "product description");
  EXPECT_EQ(order.created(), "2025-05-14T08:48:10");
  EXPECT_EQ(order.modified(), "2025-05-14T08:50:32");
  EXPECT_EQ(order.completed(), "2025-05-14T08:50:32");
  EXPECT_EQ(order.var1(), "");  // null
  EXPECT_EQ(order.reason(), "SUCCESS");
  EXPECT_EQ(order.reason_code(), "");
  EXPECT_FALSE(order.fastcheckout());

  const payments::v1::PaymentDetails& details = order.payment_details();
  EXPECT_EQ(details.gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(details.type(), "IDEAL");
  EXPECT_EQ(details.account_holder_name(), "John Doe");
  EXPECT_EQ(details.account_iban(), "ES1255092163919572900001");
  EXPECT_EQ(details.account_bic(), "BSCHESMM");
  EXPECT_EQ(details.external_transaction_id(), "812312381624212");
  EXPECT_EQ(details.issuer_id(), "3151");
  EXPECT_EQ(details.recurring_id(), "998184114125692641912");
  EXPECT_EQ(details.recurring_model(), "");

  ASSERT_EQ(order.payment_methods_size(), 1);
  EXPECT_EQ(order.payment_methods(0).gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(order.payment_methods(0).payment_description(), "iDEAL");
  EXPECT_EQ(order.payment_methods(0).amount(), 1);
  EXPECT_EQ(order.payment_methods(0).status(), "completed");

  ASSERT_EQ(order.costs_size(), 2);
  EXPECT_EQ(order.costs(0).amount(), "0.01");
  EXPECT_EQ(order.costs(0).transaction_id(), 1101231786);
  EXPECT_EQ(order.costs(0).type(), "SYSTEM");
  EXPECT_EQ(order.costs(0).description(), "0.01 EUR For iDEAL Transactions");
  EXPECT_EQ(order.costs(1).amount(), "0");
  EXPECT_EQ(order.costs(1).transaction_id(), 1747219123451369);
  EXPECT_EQ(order.costs(1).status(), "completed");
  EXPECT_EQ(order.costs(1).type(), "withdraw");
  EXPECT_EQ(order.costs(1).description(),
            "Refund order 1158044712 for Site MSP Site MSP Site Msp \\");

  EXPECT_EQ(order.related_transactions_size(), 0);  // null
}

TEST(MapMspOrderTest, RefundedCardOrder) {
  Order order = MapOk(
      ReplyFromEnvelope(ReadVendored("examples/responses/getOrder3DS.json")));
  EXPECT_EQ(order.transaction_id(), 123456789);
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_REFUNDED);
  EXPECT_EQ(order.financial_status(),
            payments::v1::TRANSACTION_STATUS_COMPLETED);
  EXPECT_EQ(order.amount(), 200);
  EXPECT_EQ(order.amount_refunded(), 200);
  EXPECT_EQ(order.reason(), "Successful approval/completion");
  EXPECT_EQ(order.completed(), "");
  EXPECT_EQ(order.var1(), "");

  const payments::v1::PaymentDetails& details = order.payment_details();
  EXPECT_EQ(details.gateway(), payments::v1::GATEWAY_VISA);
  EXPECT_EQ(details.last4(), "1111");
  EXPECT_EQ(details.card_expiry_date(), "3807");
  EXPECT_EQ(details.response_code(), "00");
  EXPECT_EQ(details.authorization_code(), "123566");
  EXPECT_EQ(details.external_transaction_id(), "234830437");

  ASSERT_EQ(order.payment_methods_size(), 1);
  const payments::v1::PaymentMethodUsed& method = order.payment_methods(0);
  EXPECT_EQ(method.gateway(), payments::v1::GATEWAY_VISA);
  EXPECT_EQ(method.amount(), 200);
  EXPECT_EQ(method.last4(), "1234");                            // A number.
  EXPECT_EQ(method.external_transaction_id(), "906015000050");  // A number.

  ASSERT_EQ(order.costs_size(), 2);
  EXPECT_EQ(order.costs(0).amount(), "0.03");
  EXPECT_EQ(order.costs(1).amount(), "0.02");
}

TEST(MapMspOrderTest, DeclinedThreeDSecure) {
  Order order = MapOk(ReplyFromEnvelope(
      ReadVendored("examples/responses/getOrderFailed3DS.json")));
  EXPECT_EQ(order.order_id(), "apitool_9290377");
  EXPECT_EQ(order.transaction_id(), 17123154123113);
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_DECLINED);
  EXPECT_EQ(order.financial_status(),
            payments::v1::TRANSACTION_STATUS_DECLINED);
  EXPECT_EQ(order.reason(),
            "3DS Authentication Failed / Card authentication failed");
  EXPECT_EQ(order.reason_code(), "3001");
  EXPECT_EQ(order.payment_details().response_code(), "08");
  EXPECT_EQ(order.payment_details().card_expiry_date(), "3012");
  ASSERT_EQ(order.costs_size(), 1);
  // MultiSafepay sent 0.6: exactly that, not "0.60" nor 0.59999...
  EXPECT_EQ(order.costs(0).amount(), "0.6");
}

// --- Statuses ----------------------------------------------------------------

// These tests take MultiSafepay's side, not the mapping table's: the enum
// values of its OpenAPI description, the (status, financial_status) pairs its
// documentation gives per event, and the statuses in its response examples.
// The contract names each value after MultiSafepay's ("completed" ->
// ORDER_STATUS_COMPLETED), so the expected value is derived from the name.

// The values of the one-line `enum: [a, "b", ...]` of a vendored schema.
std::vector<std::string> SchemaEnum(const std::string& schema) {
  const std::string yaml = ReadVendored("schemas/" + schema);
  const size_t at = yaml.find("enum: [");
  EXPECT_NE(at, std::string::npos) << schema;
  if (at == std::string::npos) return {};
  const size_t end = yaml.find(']', at);
  std::vector<std::string> values;
  for (absl::string_view v : absl::StrSplit(
           absl::string_view(yaml).substr(at + 7, end - at - 7), ',')) {
    v = absl::StripAsciiWhitespace(v);
    v = absl::StripPrefix(absl::StripSuffix(v, "\""), "\"");
    values.emplace_back(v);
  }
  return values;
}

// "partial_refunded" -> ORDER_STATUS_PARTIAL_REFUNDED (UNSPECIFIED if the
// contract has no such name).
payments::v1::OrderStatus OrderStatusNamed(absl::string_view msp) {
  payments::v1::OrderStatus value = payments::v1::ORDER_STATUS_UNSPECIFIED;
  payments::v1::OrderStatus_Parse(
      absl::StrCat("ORDER_STATUS_", absl::AsciiStrToUpper(msp)), &value);
  return value;
}
payments::v1::TransactionStatus TransactionStatusNamed(absl::string_view msp) {
  payments::v1::TransactionStatus value =
      payments::v1::TRANSACTION_STATUS_UNSPECIFIED;
  payments::v1::TransactionStatus_Parse(
      absl::StrCat("TRANSACTION_STATUS_", absl::AsciiStrToUpper(msp)), &value);
  return value;
}

TEST(StatusTest, EveryOpenApiOrderStatusHasItsContractValue) {
  const std::vector<std::string> values = SchemaEnum("Status.yaml");
  EXPECT_EQ(values.size(), 11u);  // The vendored schema's, as of its snapshot.
  for (const std::string& raw : values) {
    EXPECT_NE(OrderStatusNamed(raw), payments::v1::ORDER_STATUS_UNSPECIFIED)
        << "the contract has no value for MultiSafepay's order status " << raw;
    EXPECT_EQ(OrderStatusFromMsp(raw), OrderStatusNamed(raw)) << raw;
  }
}

TEST(StatusTest, EveryOpenApiTransactionStatusHasItsContractValue) {
  const std::vector<std::string> values = SchemaEnum("FinancialStatus.yaml");
  EXPECT_EQ(values.size(), 7u);
  for (const std::string& raw : values) {
    EXPECT_NE(TransactionStatusNamed(raw),
              payments::v1::TRANSACTION_STATUS_UNSPECIFIED)
        << raw;
    EXPECT_EQ(TransactionStatusFromMsp(raw), TransactionStatusNamed(raw))
        << raw;
  }
}

TEST(StatusTest, DocumentedValuesOutsideTheOpenApiEnums) {
  // multisafepay-api.md 5.2: order statuses the docs list beyond the
  // OpenAPI enum, and the /transactions filter's financial_status values.
  for (const char* raw : {"partial_refunded", "chargedback"}) {
    EXPECT_NE(OrderStatusFromMsp(raw), payments::v1::ORDER_STATUS_UNSPECIFIED)
        << raw;
  }
  // PHP/Go/WooCommerce spell a chargeback "chargedback": the same status.
  EXPECT_EQ(OrderStatusFromMsp("chargedback"), OrderStatusNamed("chargeback"));
  EXPECT_EQ(TransactionStatusFromMsp("chargedback"),
            TransactionStatusNamed("chargeback"));
  for (const char* raw :
       {"completed", "created", "declined", "error", "expired", "initialized",
        "manual", "new", "refunded", "reserved", "uncleared", "void"}) {
    EXPECT_NE(TransactionStatusNamed(raw),
              payments::v1::TRANSACTION_STATUS_UNSPECIFIED)
        << raw;
    EXPECT_EQ(TransactionStatusFromMsp(raw), TransactionStatusNamed(raw))
        << raw;
  }
}

TEST(StatusTest, EveryContractValueStandsForADocumentedStatus) {
  // No contract value is unreachable: each is what some status MultiSafepay
  // documents (OpenAPI enums plus multisafepay-api.md 5.2) maps to.
  std::vector<std::string> order = SchemaEnum("Status.yaml");
  order.push_back("partial_refunded");
  std::vector<std::string> transaction = SchemaEnum("FinancialStatus.yaml");
  for (const char* raw :
       {"created", "error", "manual", "new", "refunded", "reserved",
        "chargeback", "partial_refunded", "shipped"}) {
    transaction.push_back(raw);
  }
  for (int v = 1; v <= payments::v1::OrderStatus_MAX; ++v) {
    bool reached = false;
    for (const std::string& raw : order)
      reached |= OrderStatusFromMsp(raw) == v;
    EXPECT_TRUE(reached) << payments::v1::OrderStatus_Name(v);
  }
  for (int v = 1; v <= payments::v1::TransactionStatus_MAX; ++v) {
    bool reached = false;
    for (const std::string& raw : transaction) {
      reached |= TransactionStatusFromMsp(raw) == v;
    }
    EXPECT_TRUE(reached) << payments::v1::TransactionStatus_Name(v);
  }
}

TEST(StatusTest, DocumentedEventPairs) {
  // multisafepay-api.md 5.2, "Typical (order status / transaction status)
  // pairs from the docs", row by row: what GetOrder reports for each event.
  struct Pair {
    const char* event;
    const char* status;
    const char* financial_status;
  };
  const Pair pairs[] = {
      {"customer started", "initialized", "initialized"},
      {"paid", "completed", "completed"},
      {"cancelled", "void", "cancelled"},
      {"chargeback requested", "void", "void"},
      {"expired unpaid", "expired", "expired"},
      {"declined by issuer/acquirer", "declined", "declined"},
      {"needs manual review", "uncleared", "uncleared"},
      {"shipped, funds pending (BNPL)", "shipped", "uncleared"},
      {"refund initiated", "initialized", "initialized"},
      {"refund initiated", "reserved", "reserved"},
      {"refund done", "completed", "completed"},
      {"refund done", "refunded", "refunded"},
      {"refund done", "partial_refunded", "partial_refunded"},
      {"card authorised (manual capture)", "completed", "initialized"},
      {"PayPal paid", "completed", "initialized"},
      {"BNPL accepted", "completed", "uncleared"},
  };
  for (const Pair& p : pairs) {
    Order order = MapOk(ReplyFromData(json{
        {"order_id", "o"},
        {"status", p.status},
        {"financial_status",
         p.financial_status}}.dump()));
    EXPECT_EQ(order.status(), OrderStatusNamed(p.status)) << p.event;
    EXPECT_NE(order.status(), payments::v1::ORDER_STATUS_UNSPECIFIED)
        << p.event;
    EXPECT_EQ(order.financial_status(),
              TransactionStatusNamed(p.financial_status))
        << p.event;
    EXPECT_NE(order.financial_status(),
              payments::v1::TRANSACTION_STATUS_UNSPECIFIED)
        << p.event;
    EXPECT_EQ(order.status_raw(), p.status);
    EXPECT_EQ(order.financial_status_raw(), p.financial_status);
  }
}

TEST(StatusTest, MultiSafepayResponseExamples) {
  // The statuses in MultiSafepay's own GET /orders and direct POST /orders
  // response examples (vendored originals).
  struct Example {
    const char* file;
    payments::v1::OrderStatus status;
    payments::v1::TransactionStatus financial_status;
  };
  const Example examples[] = {
      {"getOrder.json", payments::v1::ORDER_STATUS_COMPLETED,
       payments::v1::TRANSACTION_STATUS_COMPLETED},
      {"getOrder3DS.json", payments::v1::ORDER_STATUS_REFUNDED,
       payments::v1::TRANSACTION_STATUS_COMPLETED},
      {"getOrderFailed3DS.json", payments::v1::ORDER_STATUS_DECLINED,
       payments::v1::TRANSACTION_STATUS_DECLINED},
      {"postOrdersDirectIdeal.json", payments::v1::ORDER_STATUS_INITIALIZED,
       payments::v1::TRANSACTION_STATUS_INITIALIZED},
  };
  for (const Example& e : examples) {
    Order order = MapOk(ReplyFromEnvelope(
        ReadVendored(absl::StrCat("examples/responses/", e.file))));
    EXPECT_EQ(order.status(), e.status) << e.file;
    EXPECT_EQ(order.financial_status(), e.financial_status) << e.file;
  }
}

TEST(StatusTest, SpellingVariantsAndUnknownValues) {
  // Case and surrounding blanks do not change a status.
  EXPECT_EQ(OrderStatusFromMsp("Completed"), OrderStatusNamed("completed"));
  EXPECT_EQ(OrderStatusFromMsp(" void "), OrderStatusNamed("void"));
  EXPECT_EQ(TransactionStatusFromMsp("UNCLEARED"),
            TransactionStatusNamed("uncleared"));
  // Values MultiSafepay does not document stay UNSPECIFIED (the raw string
  // is kept, see below): "canceled" is not its spelling, "created" is a
  // transaction status only, "duplicate" is dashboard-only, "pending" is
  // WooCommerce's.
  for (const char* raw : {"", "canceled", "created", "duplicate"}) {
    EXPECT_EQ(OrderStatusFromMsp(raw), payments::v1::ORDER_STATUS_UNSPECIFIED)
        << raw;
  }
  for (const char* raw : {"", "pending"}) {
    EXPECT_EQ(TransactionStatusFromMsp(raw),
              payments::v1::TRANSACTION_STATUS_UNSPECIFIED)
        << raw;
  }
}

TEST(MapMspOrderTest, UnknownStatusKeepsTheRawString) {
  Order order = MapOk(ReplyFromData(
      R"({"order_id":"o","status":"on_hold_v2","financial_status":"frozen"})"));
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_UNSPECIFIED);
  EXPECT_EQ(order.status_raw(), "on_hold_v2");
  EXPECT_EQ(order.financial_status(),
            payments::v1::TRANSACTION_STATUS_UNSPECIFIED);
  EXPECT_EQ(order.financial_status_raw(), "frozen");
}

TEST(MapMspOrderTest, ManualCaptureAndChargeback) {
  Order order = MapOk(ReplyFromData(
      R"({"order_id":"o","status":"completed","financial_status":"initialized"})"));
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(order.financial_status(),
            payments::v1::TRANSACTION_STATUS_INITIALIZED);
  order = MapOk(ReplyFromData(
      R"({"order_id":"o","status":"chargedback","financial_status":"chargeback"})"));
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_CHARGEBACK);
  EXPECT_EQ(order.status_raw(), "chargedback");
  EXPECT_EQ(order.financial_status(),
            payments::v1::TRANSACTION_STATUS_CHARGEBACK);
}

// --- Type drift
// ----------------------------------------------------------------

TEST(MapMspOrderTest, NumbersAsStringsAndStringsAsNumbers) {
  Order order = MapOk(ReplyFromData(R"({
      "order_id": 1588947171, "transaction_id": "1721910521100125",
      "amount": "1000", "amount_refunded": 250.0, "reason_code": 3001,
      "completed_date": "2019-03-01T16:14:02", "fastcheckout": "YES",
      "auth_order_id": "auth-1",
      "payment_details": {"type": "mistercash", "last4": 123,
                          "card_expiry_date": 512},
      "payment_methods": [{"type": "COUPON", "coupon_brand": "VVV",
                           "amount": "300", "currency": "EUR"},
                          {"type": "NEWPAY", "amount": 700}],
      "costs": [{"transaction_id": "123456789", "amount": "0.44",
                 "type": "internal"},
                {"transaction_id": 5, "amount": 49}]})"));
  EXPECT_EQ(order.order_id(), "1588947171");
  EXPECT_EQ(order.transaction_id(), 1721910521100125);
  EXPECT_EQ(order.amount(), 1000);
  EXPECT_EQ(order.amount_refunded(), 250);
  EXPECT_EQ(order.reason_code(), "3001");
  EXPECT_EQ(order.completed(), "2019-03-01T16:14:02");
  EXPECT_TRUE(order.fastcheckout());
  EXPECT_EQ(order.auth_order_id(), "auth-1");
  EXPECT_EQ(order.payment_details().gateway(),
            payments::v1::GATEWAY_MISTERCASH);
  EXPECT_EQ(order.payment_details().type(), "mistercash");
  EXPECT_EQ(order.payment_details().last4(), "0123");
  EXPECT_EQ(order.payment_details().card_expiry_date(), "0512");
  ASSERT_EQ(order.payment_methods_size(), 2);
  EXPECT_EQ(order.payment_methods(0).gateway(),
            payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(order.payment_methods(0).type(), "COUPON");
  EXPECT_EQ(order.payment_methods(0).coupon_brand(), "VVV");
  EXPECT_EQ(order.payment_methods(0).amount(), 300);
  EXPECT_EQ(order.payment_methods(1).gateway(),
            payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(order.payment_methods(1).type(), "NEWPAY");
  ASSERT_EQ(order.costs_size(), 2);
  EXPECT_EQ(order.costs(0).transaction_id(), 123456789);
  EXPECT_EQ(order.costs(0).amount(), "0.44");
  EXPECT_EQ(order.costs(1).amount(), "49");  // Cents, as /transactions sends.
}

TEST(MapMspOrderTest, RelatedTransactions) {
  Order order =
      MapOk(ReplyFromData(R"({"order_id":"o","related_transactions":[]})"));
  EXPECT_EQ(order.related_transactions_size(), 0);
  order = MapOk(ReplyFromData(R"({"order_id":"o","related_transactions":{}})"));
  EXPECT_EQ(order.related_transactions_size(), 0);
  order = MapOk(ReplyFromData(R"({"order_id":"o","related_transactions":[
      {"transaction_id":17472052901237123,"order_id":"o-refund-1",
       "refund_order_id":"o-refund-1","type":"refund","amount":"250",
       "currency":"EUR","status":"reserved","description":"Refund",
       "created":"2026-01-02T10:00:00","costs":[],"dispute":null},
      {"transaction_id":"42","type":"chargeback","amount":1000,
       "status":"completed"}]})"));
  ASSERT_EQ(order.related_transactions_size(), 2);
  const payments::v1::RelatedTransaction& refund =
      order.related_transactions(0);
  EXPECT_EQ(refund.transaction_id(), 17472052901237123);
  EXPECT_EQ(refund.order_id(), "o-refund-1");
  EXPECT_EQ(refund.type(), "refund");
  EXPECT_EQ(refund.amount(), 250);
  EXPECT_EQ(refund.currency(), "EUR");
  EXPECT_EQ(refund.status(), "reserved");
  EXPECT_EQ(refund.description(), "Refund");
  EXPECT_EQ(refund.created(), "2026-01-02T10:00:00");
  EXPECT_EQ(order.related_transactions(1).transaction_id(), 42);
  EXPECT_EQ(order.related_transactions(1).type(), "chargeback");
}

TEST(MapMspOrderTest, MissingOrderIdFallsBackToTheRequest) {
  Order order = MapOk(ReplyFromData(R"({"status":"initialized"})"), "mine-1");
  EXPECT_EQ(order.order_id(), "mine-1");
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_INITIALIZED);
}

TEST(MapMspOrderTest, EmptyPaymentDetailsArrayIsNoDetails) {
  Order order =
      MapOk(ReplyFromData(R"({"order_id":"o","payment_details":[]})"));
  EXPECT_FALSE(order.has_payment_details());
}

// --- Unreadable responses
// ------------------------------------------------------

void ExpectInvalid(const std::string& data, const std::string& problem) {
  absl::StatusOr<Order> order = MapMspOrder(ReplyFromData(data), "o");
  ASSERT_FALSE(order.ok()) << data;
  EXPECT_EQ(order.status().code(), absl::StatusCode::kUnavailable);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(order.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_INVALID_RESPONSE");
  EXPECT_EQ(info->metadata().at("endpoint"), "GET /orders/{order_id}");
  EXPECT_NE(std::string(order.status().message()).find(problem),
            std::string::npos)
      << order.status();
  EXPECT_TRUE(GetRetryInfo(order.status()).has_value());
}

TEST(MapMspOrderTest, UnreadableMoneyFailsInsteadOfGuessing) {
  ExpectInvalid(R"({"amount":"ten euro"})", "\"amount\" is not an integer");
  ExpectInvalid(R"({"amount":10.5})", "\"amount\" is not an integer");
  ExpectInvalid(R"({"transaction_id":18446744073709551615})",
                "\"transaction_id\" is not an integer");
  ExpectInvalid(R"({"costs":[{"amount":"free"}]})",
                "\"costs[0].amount\" is not a decimal number");
  ExpectInvalid(R"({"payment_methods":[{"amount":true}]})",
                "\"payment_methods[0].amount\" is not an integer");
  ExpectInvalid(R"({"related_transactions":[{"amount":"1,00"}]})",
                "\"related_transactions[0].amount\" is not an integer");
}

TEST(MapMspOrderTest, WrongContainersFail) {
  ExpectInvalid(R"({"costs":"none"})", "\"costs\" is not an array");
  ExpectInvalid(R"({"related_transactions":[1]})",
                "\"related_transactions[0]\" is not an object");
  ExpectInvalid(R"({"payment_details":"IDEAL"})",
                "\"payment_details\" is not an object");
  ExpectInvalid(R"([])", "\"data\" is not an object");
}

TEST(MapMspOrderTest, ProblemsNeverQuoteValues) {
  absl::StatusOr<Order> order =
      MapMspOrder(ReplyFromData(R"({"amount":"jan@example.com"})"), "o");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().ToString().find("jan@example.com"),
            std::string::npos);
}

// --- What callers need beyond the status (issue 14) --------------------------

TEST(MapMspOrderTest, EchoesOfTheIdealExample) {
  Order order = MapOk(
      ReplyFromEnvelope(ReadVendored("examples/responses/getOrder.json")));
  // `customer` is all null but `locale`: only what was sent is set.
  ASSERT_TRUE(order.has_customer());
  EXPECT_EQ(order.customer().locale(), "en_US");
  EXPECT_FALSE(order.customer().has_first_name());
  EXPECT_FALSE(order.customer().has_email());
  EXPECT_FALSE(order.has_customer_extras());
  ASSERT_TRUE(order.has_custom_info());
  EXPECT_FALSE(order.custom_info().has_custom_1());
  EXPECT_EQ(order.costs(0).created(), "");
  EXPECT_EQ(order.costs(1).created(), "2025-05-14T12:44:50");
  // No cart was sent.
  EXPECT_FALSE(order.has_shopping_cart());
  EXPECT_FALSE(order.has_checkout_options());
  EXPECT_EQ(order.order_total(), "");
  EXPECT_FALSE(order.has_order_adjustment());
  EXPECT_FALSE(order.payment_details().has_card_authentication_result());
  EXPECT_EQ(order.payment_url(), "");
}

TEST(MapMspOrderTest, ThreeDSecureResultAndTheCustomer) {
  Order order = MapOk(
      ReplyFromEnvelope(ReadVendored("examples/responses/getOrder3DS.json")));
  const payments::v1::PaymentDetails& details = order.payment_details();
  ASSERT_TRUE(details.has_card_authentication_result());
  const payments::v1::CardAuthenticationResult& auth =
      details.card_authentication_result();
  EXPECT_EQ(auth.status(), "Y");
  EXPECT_EQ(auth.version(), "2.1.0");
  EXPECT_EQ(auth.eci(), "05");
  EXPECT_EQ(auth.cavv(), "KpOUYcbPJm91ETNadafFapeBero=");
  EXPECT_EQ(auth.acs_transaction_id(), "d32da898-90a1-11f0-b7f2-bafawf810105");
  EXPECT_EQ(auth.ds_transaction_id(), "d32da898-90a1-11f0-b7f2-bafawf810105");
  EXPECT_EQ(auth.transaction_status_reason(), "");
  ASSERT_TRUE(details.has_card_authentication_details());
  EXPECT_EQ(details.card_authentication_details().flow(), "frictionless");

  const payments::v1::Customer& customer = order.customer();
  EXPECT_EQ(customer.first_name(), "Simon");
  EXPECT_EQ(customer.last_name(), "Smit");
  EXPECT_EQ(customer.house_number(), "39C");
  EXPECT_EQ(customer.country(), "NL");
  EXPECT_EQ(customer.phone(), "0208500500");  // phone1
  EXPECT_EQ(customer.email(), "simonsmit@example.com");
  EXPECT_TRUE(customer.has_address2());  // "" was sent.
  EXPECT_EQ(customer.address2(), "");
  EXPECT_EQ(order.customer_extras().phone2(), "00310000001");
  EXPECT_EQ(order.customer_extras().country_name(), "The Netherlands");
  EXPECT_FALSE(order.has_custom_info());  // Absent in this example.
}

TEST(MapMspOrderTest, FailedThreeDSecure) {
  Order order = MapOk(ReplyFromEnvelope(
      ReadVendored("examples/responses/getOrderFailed3DS.json")));
  const payments::v1::CardAuthenticationResult& auth =
      order.payment_details().card_authentication_result();
  EXPECT_EQ(auth.status(), "N");
  EXPECT_EQ(auth.transaction_status_reason(), "08");
  EXPECT_EQ(auth.version(), "2.1.0");
  EXPECT_EQ(auth.eci(), "");
  EXPECT_EQ(auth.acs_transaction_id(), "0c40e0ee-768a-11f0-bbbc-ab07cb810105");
  EXPECT_FALSE(order.payment_details().has_card_authentication_details());
}

TEST(MapMspOrderTest, DirectOrderPaymentUrl) {
  Order order = MapOk(ReplyFromEnvelope(
      ReadVendored("examples/responses/postOrdersDirectIdeal.json")));
  EXPECT_EQ(order.order_id(), "direct-order-0001");
  EXPECT_TRUE(absl::StartsWith(order.payment_url(),
                               "https://ext.pay.ideal.nl/transactions/"))
      << order.payment_url();
}

// A Pay After Delivery order from before BNPL_MF, shaped like the answer in
// MultiSafepay's docs (its PAYAFTER direct example) with the cart, totals and
// the type drift multisafepay-api.md §1.7 lists.
constexpr char kPayAfterOrder[] = R"({
  "order_id": "payafter-1", "transaction_id": 4022655, "amount": 26000,
  "currency": "EUR", "status": "uncleared", "financial_status": "uncleared",
  "payment_url": " https://payv2.multisafepay.com/connect/99wi0OTu/?lang=en_US",
  "custom_info": {},
  "customer": {"first_name": "John", "phone1": "0208500500", "phone2": null,
               "cocnumber": 12345678, "country": "NL"},
  "payment_details": {"type": "PAYAFTER", "account_holder_name": "John Doe",
                      "invoice_url": "https://example.com/invoice/4022655.pdf"},
  "payment_methods": [{"type": "PAYAFTER", "amount": 26000,
                       "currency": "EUR", "status": "uncleared"}],
  "shopping_cart": {"items": [
    {"name": "Geometric candle holders", "description": "",
     "unit_price": "242.9300000000", "quantity": "1",
     "merchant_item_id": "111111", "tax_table_selector": "none",
     "weight": {"unit": "KG", "value": 12}},
    {"name": "Candles", "unit_price": 13.761467889, "quantity": 2,
     "merchant_item_id": "222", "weight": {"unit": "KG", "value": "heavy"}},
    {"name": "Discount", "unit_price": "-5.00", "quantity": 1,
     "merchant_item_id": "discount"}]},
  "checkout_options": {
    "alternate": [{"name": "none", "standalone": "",
                   "rules": [{"country": "", "rate": "0.00"}]},
                  {"name": "BTW9", "standalone": "true",
                   "rules": [{"rate": 0.09, "country": "NL"}, {"rate": ""}]}],
    "default": {"rate": 0.21, "shipping_taxed": true}},
  "order_total": "265.45",
  "order_adjustment": {"total_adjustment": 0, "total_tax": 17.36}
})";

TEST(MapMspOrderTest, LegacyPayAfterKeepsItsCodeAndMapsToBnplMf) {
  Order order = MapOk(ReplyFromData(kPayAfterOrder), "payafter-1");
  EXPECT_EQ(order.payment_details().type(), "PAYAFTER");
  EXPECT_EQ(order.payment_details().gateway(), payments::v1::GATEWAY_BNPL_MF);
  ASSERT_EQ(order.payment_methods_size(), 1);
  EXPECT_EQ(order.payment_methods(0).type(), "PAYAFTER");
  EXPECT_EQ(order.payment_methods(0).gateway(), payments::v1::GATEWAY_BNPL_MF);
  EXPECT_EQ(order.payment_details().invoice_url(),
            "https://example.com/invoice/4022655.pdf");
  EXPECT_EQ(order.payment_url(),
            "https://payv2.multisafepay.com/connect/99wi0OTu/?lang=en_US");
  // Requests never name it: only reported IDs are translated.
  EXPECT_EQ(GatewayFromId("PAYAFTER"), std::nullopt);
  EXPECT_EQ(GatewayFromReportedId("payafter"), payments::v1::GATEWAY_BNPL_MF);
  EXPECT_EQ(GatewayFromReportedId("PAYAFTB2B"), std::nullopt);
}

TEST(MapMspOrderTest, TheCartComesBackExact) {
  Order order = MapOk(ReplyFromData(kPayAfterOrder), "payafter-1");
  ASSERT_EQ(order.shopping_cart().items_size(), 3);
  const payments::v1::CartItem& first = order.shopping_cart().items(0);
  EXPECT_EQ(first.name(), "Geometric candle holders");
  EXPECT_TRUE(first.has_description());
  EXPECT_EQ(first.unit_price(), "242.9300000000");  // Digit for digit.
  EXPECT_EQ(first.quantity(), 1);                   // From "1".
  EXPECT_EQ(first.merchant_item_id(), "111111");
  EXPECT_EQ(first.tax_table_selector(), "none");
  EXPECT_EQ(first.weight().unit(), "KG");
  EXPECT_EQ(first.weight().value(), "12");
  const payments::v1::CartItem& second = order.shopping_cart().items(1);
  EXPECT_EQ(second.unit_price(), "13.761467889");  // Never via double.
  EXPECT_EQ(second.quantity(), 2);
  EXPECT_FALSE(second.has_tax_table_selector());
  EXPECT_EQ(second.weight().value(), "");  // "heavy": cosmetic, left empty.
  EXPECT_EQ(order.shopping_cart().items(2).unit_price(), "-5.00");

  EXPECT_EQ(order.order_total(), "265.45");
  EXPECT_EQ(order.order_adjustment().total_adjustment(), "0");
  EXPECT_EQ(order.order_adjustment().total_tax(), "17.36");
}

TEST(MapMspOrderTest, CheckoutOptionsWithAndWithoutTheWrapper) {
  Order order = MapOk(ReplyFromData(kPayAfterOrder), "payafter-1");
  const payments::v1::TaxTables& tables = order.checkout_options().tax_tables();
  EXPECT_EQ(tables.default_().rate(), "0.21");
  EXPECT_TRUE(tables.default_().has_shipping_taxed());
  EXPECT_TRUE(tables.default_().shipping_taxed());
  ASSERT_EQ(tables.alternate_size(), 2);
  EXPECT_EQ(tables.alternate(0).name(), "none");
  EXPECT_FALSE(tables.alternate(0).has_standalone());  // "" is no boolean.
  ASSERT_EQ(tables.alternate(0).rules_size(), 1);
  EXPECT_EQ(tables.alternate(0).rules(0).rate(), "0.00");
  EXPECT_EQ(tables.alternate(0).rules(0).country(), "");
  EXPECT_TRUE(tables.alternate(1).standalone());
  ASSERT_EQ(tables.alternate(1).rules_size(), 2);
  EXPECT_EQ(tables.alternate(1).rules(0).rate(), "0.09");
  EXPECT_EQ(tables.alternate(1).rules(0).country(), "NL");
  EXPECT_EQ(tables.alternate(1).rules(1).rate(), "");

  // The request's shape, as some echoes (and the emulator's input) have it.
  order = MapOk(ReplyFromData(R"({"order_id":"o","checkout_options":{
      "validate_cart": true, "tax_tables": {"default": {"rate": "0.21"},
      "alternate": [{"name": "BTW0", "rules": [{"rate": 0}]}]}}})"));
  EXPECT_TRUE(order.checkout_options().validate_cart());
  EXPECT_EQ(order.checkout_options().tax_tables().default_().rate(), "0.21");
  EXPECT_FALSE(
      order.checkout_options().tax_tables().default_().has_shipping_taxed());
  ASSERT_EQ(order.checkout_options().tax_tables().alternate_size(), 1);
  EXPECT_EQ(order.checkout_options().tax_tables().alternate(0).rules(0).rate(),
            "0");
}

TEST(MapMspOrderTest, TheCustomerEchoAndItsExtras) {
  Order order = MapOk(ReplyFromData(kPayAfterOrder), "payafter-1");
  EXPECT_EQ(order.customer().first_name(), "John");
  EXPECT_EQ(order.customer().phone(), "0208500500");
  EXPECT_FALSE(order.customer().has_last_name());
  EXPECT_EQ(order.customer_extras().coc_number(), "12345678");  // A number.
  EXPECT_EQ(order.customer_extras().phone2(), "");
  EXPECT_TRUE(order.has_custom_info());  // {}: sent, all unset.
  EXPECT_FALSE(order.custom_info().has_custom_1());

  order = MapOk(ReplyFromData(R"({"order_id":"o","custom_info":{
      "custom_1":"abc","custom_2":42,"custom_3":null}})"));
  EXPECT_EQ(order.custom_info().custom_1(), "abc");
  EXPECT_EQ(order.custom_info().custom_2(), "42");
  EXPECT_FALSE(order.custom_info().has_custom_3());
}

TEST(MapMspOrderTest, CosmeticDriftNeverFailsTheRead) {
  Order order = MapOk(ReplyFromData(R"({"order_id":"o","amount":100,
      "customer":"n/a","custom_info":[],"checkout_options":[],
      "order_total":"n/a","order_adjustment":{"total_tax":"x"},
      "payment_url":null,
      "payment_details":{"type":"VISA","card_authentication_result":"Y",
                         "card_authentication_details":null},
      "shopping_cart":{"items":[{"unit_price":"1.50","quantity":"1",
                                 "weight":"heavy","tax_table_selector":{}},
                                "line"]}})"));
  EXPECT_EQ(order.amount(), 100);
  EXPECT_FALSE(order.has_customer());
  EXPECT_FALSE(order.has_custom_info());
  EXPECT_FALSE(order.has_checkout_options());
  EXPECT_EQ(order.order_total(), "");
  EXPECT_EQ(order.order_adjustment().total_tax(), "");
  EXPECT_FALSE(order.payment_details().has_card_authentication_result());
  ASSERT_EQ(order.shopping_cart().items_size(), 1);
  EXPECT_EQ(order.shopping_cart().items(0).unit_price(), "1.50");
  EXPECT_FALSE(order.shopping_cart().items(0).has_weight());
  EXPECT_FALSE(order.shopping_cart().items(0).has_tax_table_selector());
  // eci as a number keeps its leading zero.
  order = MapOk(ReplyFromData(R"({"order_id":"o","payment_details":{
      "card_authentication_result":{"eci":5,"status":"A"}}})"));
  EXPECT_EQ(order.payment_details().card_authentication_result().eci(), "05");
}

TEST(MapMspOrderTest, UnreadableCartPricesFail) {
  // A refund built from a guessed price would be worse than an error.
  ExpectInvalid(
      R"({"shopping_cart":{"items":[{"unit_price":"1.50","quantity":1},
                                    {"unit_price":"ten","quantity":1}]}})",
      "\"shopping_cart.items[1].unit_price\" is not a decimal number");
  ExpectInvalid(
      R"({"shopping_cart":{"items":[{"unit_price":"1","quantity":"one"}]}})",
      "\"shopping_cart.items[0].quantity\" is not an integer");
}

}  // namespace
}  // namespace msp_gateway
