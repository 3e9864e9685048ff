// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_model.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "emulator/cart_rules.h"
#include "emulator/decimal.h"
#include "emulator/gateway_catalog.h"
#include "emulator/iso_codes.h"
#include "emulator/order_rules.h"
#include "emulator/test_cards.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr StatusPair kStatuses[] = {
    {"initialized", "initialized", false},   {"completed", "completed", true},
    {"uncleared", "uncleared", false},       {"declined", "declined", false},
    {"cancelled", "cancelled", false},       {"void", "cancelled", false},
    {"expired", "expired", false},           {"refunded", "completed", true},
    {"partial_refunded", "completed", true}, {"reserved", "reserved", false},
    {"shipped", "uncleared", true},          {"chargeback", "void", true},
    {"chargedback", "void", true},
};

// How a payment method reports its payment data.
enum class DetailKind { kCard, kBanking, kWallet, kBnpl, kGiftCard };

// MultiSafepay's test card numbers' last digits per brand.
struct BrandLast4 {
  const char* gateway;
  const char* last4;
};
constexpr BrandLast4 kTestCards[] = {
    {"VISA", "1111"},      {"MASTERCARD", "4444"}, {"AMEX", "0005"},
    {"MAESTRO", "0013"},   {"MISTERCASH", "0008"}, {"APPLEPAY", "1111"},
    {"GOOGLEPAY", "1111"}, {"CREDITCARD", "1111"},
};
constexpr char kTestExpiry[] = "3012";
constexpr char kTestIbanLast4[] = "0001";
constexpr char kTestBic[] = "ABNANL2A";

DetailKind KindOf(const std::string& gateway) {
  // Bancontact is a debit-card scheme and Apple/Google Pay carry tokenised
  // cards: MultiSafepay reports card data for them.
  if (gateway == "MISTERCASH" || gateway == "APPLEPAY" ||
      gateway == "GOOGLEPAY") {
    return DetailKind::kCard;
  }
  const GatewayInfo* info = FindGateway(gateway);
  if (info == nullptr) return DetailKind::kBanking;
  switch (info->family) {
    case GatewayFamily::kCard:
      return DetailKind::kCard;
    case GatewayFamily::kWallet:
      return DetailKind::kWallet;
    case GatewayFamily::kBnpl:
      return DetailKind::kBnpl;
    case GatewayFamily::kGiftCard:
      return DetailKind::kGiftCard;
    case GatewayFamily::kBanking:
      break;
  }
  return DetailKind::kBanking;
}

// Fee per payment in minor units, by kind (test values in MultiSafepay's
// range, e.g. "0.29 EUR For iDEAL Transactions").
int64_t FeeOf(DetailKind kind) {
  switch (kind) {
    case DetailKind::kCard:
    case DetailKind::kWallet:
      return 35;
    case DetailKind::kBnpl:
      return 95;
    case DetailKind::kGiftCard:
      return 10;
    case DetailKind::kBanking:
      break;
  }
  return 29;
}

std::string DescriptionOf(const std::string& gateway) {
  const GatewayInfo* info = FindGateway(gateway);
  return info != nullptr ? info->description : gateway;
}

json MemberOrNull(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? json(nullptr) : *it;
}

std::string StringOf(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return "";
}

// The `customer` block of an order object: the request's customer echoed
// under MultiSafepay's response names (`phone` comes back as `phone1`).
json CustomerJson(const json& request) {
  const json customer = MemberOrNull(request, "customer");
  json out = json::object();
  for (const char* key :
       {"first_name", "last_name", "company_name", "cocnumber", "address1",
        "address2", "house_number", "zip_code", "city", "state", "country",
        "email", "phone2"}) {
    out[key] = MemberOrNull(customer, key);
  }
  out["locale"] = LocaleOf(request);
  out["country_name"] = nullptr;
  json phone1 = MemberOrNull(customer, "phone1");
  out["phone1"] = phone1.is_null() ? MemberOrNull(customer, "phone") : phone1;
  return out;
}

// "Jan Peeters" from the customer block; null without a name.
json HolderName(const json& request) {
  const json info = MemberOrNull(request, "gateway_info");
  for (const char* key : {"card_holder_name", "account_holder_name"}) {
    const std::string name = StringOf(MemberOrNull(info, key));
    if (!name.empty()) return name;
  }
  const json customer = MemberOrNull(request, "customer");
  std::string name = StringOf(MemberOrNull(customer, "first_name"));
  const std::string last = StringOf(MemberOrNull(customer, "last_name"));
  if (!name.empty() && !last.empty()) name += " ";
  name += last;
  return name.empty() ? json(nullptr) : json(name);
}

std::string Last4(const std::string& gateway, const json& request) {
  const std::string number = StringOf(
      MemberOrNull(MemberOrNull(request, "gateway_info"), "card_number"));
  if (number.size() >= 4) return number.substr(number.size() - 4);
  for (const BrandLast4& card : kTestCards) {
    if (gateway == card.gateway) return card.last4;
  }
  return "1111";
}

std::string CardExpiry(const json& request) {
  const std::string expiry = StringOf(
      MemberOrNull(MemberOrNull(request, "gateway_info"), "card_expiry_date"));
  return expiry.empty() ? kTestExpiry : expiry;
}

// The customer's IBAN as MultiSafepay reports it: masked to its last four
// characters ("*** 0001").
std::string MaskedIban(const json& request) {
  const json info = MemberOrNull(request, "gateway_info");
  std::string iban = StringOf(MemberOrNull(info, "account_holder_iban"));
  if (iban.empty()) iban = StringOf(MemberOrNull(info, "account_id"));
  const std::string last4 =
      iban.size() >= 4 ? iban.substr(iban.size() - 4) : kTestIbanLast4;
  return absl::StrCat("*** ", last4);
}

// Visa, Mastercard, ...: the methods paid with 3-D Secure (not Bancontact or
// the wallets' tokenised cards).
bool IsCardScheme(const std::string& gateway) {
  const GatewayInfo* info = FindGateway(gateway);
  return info != nullptr && info->family == GatewayFamily::kCard;
}

bool IsSuccessful(const std::string& status) {
  return status == "completed" || status == "uncleared" ||
         status == "shipped" || status == "refunded" ||
         status == "partial_refunded" || status == "chargeback" ||
         status == "chargedback";
}

bool IsCollected(const Order& order) {
  return IsSuccessful(order.status) && order.status != "uncleared";
}

json PaymentDetailsJson(const Order& order) {
  const json& request = order.request.value();
  const std::string method =
      order.paid_with.empty() ? order.gateway : order.paid_with;
  json recurring_id = MemberOrNull(request, "recurring_id");
  // A paid initial recurring order hands out a token for later payments.
  if (recurring_id.is_null() && !order.paid_with.empty() &&
      IsSuccessful(order.status) &&
      !MemberOrNull(request, "recurring_model").is_null()) {
    recurring_id = absl::StrCat(order.transaction_id);
  }
  json details = {
      {"type", method.empty() ? json(nullptr) : json(method)},
      {"account_holder_name", nullptr},
      {"account_id", nullptr},
      {"account_iban", nullptr},
      {"external_transaction_id", nullptr},
      {"recurring_id", recurring_id},
      {"recurring_model", MemberOrNull(request, "recurring_model")},
      {"recurring_flow", nullptr},
  };
  if (order.paid_with.empty()) return details;

  const bool declined = !IsSuccessful(order.status);
  details["external_transaction_id"] = absl::StrCat(order.transaction_id);
  details["account_holder_name"] = HolderName(request);
  switch (KindOf(method)) {
    case DetailKind::kCard:
      details["last4"] = Last4(method, request);
      details["card_expiry_date"] = CardExpiry(request);
      details["response_code"] = declined ? "05" : "00";
      details["authorization_code"] = declined ? json(nullptr) : "123456";
      details["issuer_country_code"] = "NL";
      if (IsCardScheme(method)) {
        // A decline by failed 3-D Secure; a later payment (the control
        // surface) authenticated.
        const bool authenticated =
            !(declined && order.reason_code == kThreeDSecureFailedCode);
        details["card_authentication_result"] =
            ThreeDSecureResult(order.transaction_id, authenticated);
        if (authenticated) {
          details["card_authentication_details"] = {{"flow", "frictionless"}};
        } else {
          details["response_code"] = "08";
        }
      }
      break;
    case DetailKind::kBanking:
      details["account_iban"] = MaskedIban(request);
      details["account_id"] = MaskedIban(request);
      details["account_bic"] = kTestBic;
      break;
    case DetailKind::kWallet:
    case DetailKind::kBnpl:
    case DetailKind::kGiftCard:
      break;
  }
  return details;
}

json PaymentMethodsJson(const Order& order) {
  json methods = json::array();
  const std::string method =
      order.paid_with.empty() ? order.gateway : order.paid_with;
  if (method.empty() || (order.paid_with.empty() && order.type != "direct")) {
    return methods;
  }
  const json& request = order.request.value();
  const DetailKind kind = KindOf(method);
  json entry = {
      {"type", kind == DetailKind::kGiftCard ? "COUPON" : method},
      {"payment_description", DescriptionOf(method)},
      {"amount", order.amount},
      {"currency", order.currency},
      {"description", MemberOrNull(request, "description")},
      {"status", order.financial_status},
      {"external_transaction_id", absl::StrCat(order.transaction_id)},
  };
  if (kind == DetailKind::kGiftCard) entry["coupon_brand"] = method;
  if (!order.paid_with.empty()) {
    entry["account_holder_name"] = HolderName(request);
    if (kind == DetailKind::kCard) {
      entry["last4"] = Last4(method, request);
      entry["card_expiry_date"] = CardExpiry(request);
    } else if (kind == DetailKind::kBanking) {
      entry["account_iban"] = MaskedIban(request);
    }
  }
  methods.push_back(std::move(entry));
  return methods;
}

json CostsJson(const Order& order) {
  json costs = json::array();
  if (order.paid_with.empty() || !IsCollected(order)) return costs;
  const int exponent = CurrencyExponent(order.currency);
  const int64_t fee = FeeOf(KindOf(order.paid_with));
  costs.push_back({
      {"transaction_id", order.cost_transaction_id},
      {"amount", DecimalNumber(fee, exponent)},
      {"description",
       absl::StrCat(Decimal::FromUnits(fee, exponent).ToString(), " ",
                    order.currency, " For ", DescriptionOf(order.paid_with),
                    " Transactions")},
      {"type", "SYSTEM"},
      {"created", Timestamp(order.completed.value_or(order.modified))},
      {"status", "completed"},
  });
  return costs;
}

json RelatedJson(const Order& order) {
  if (order.related.empty()) return nullptr;
  json related = json::array();
  for (const RelatedTransaction& r : order.related) {
    json entry = {
        {"transaction_id", r.transaction_id},
        {"order_id", r.order_id},
        {"reference_transaction_id", order.transaction_id},
        {"amount", r.amount},
        {"currency", r.currency},
        {"description", r.description},
        {"created", Timestamp(r.created)},
        {"modified", Timestamp(r.modified)},
        {"status", r.status},
        {"costs", json::array()},
        {"dispute", nullptr},
        {"type", r.type},
    };
    if (r.type == "refund") {
      entry["refund_order_id"] = r.order_id;
      entry["refund_id"] = r.refund_id;
    }
    related.push_back(std::move(entry));
  }
  return related;
}

// `order_total` and `order_adjustment` of an order with a cart: the
// rounding-rule total and its VAT part (the total of the same lines at 0 %
// is the items total). The cart passed validation at create; should it not
// read now, the fields are left out rather than invented.
void AddCartTotals(const Order& order, json& data) {
  const json& request = order.request.value();
  if (!request.contains("shopping_cart")) return;
  std::string country =
      StringOf(MemberOrNull(MemberOrNull(request, "delivery"), "country"));
  if (country.empty()) {
    country =
        StringOf(MemberOrNull(MemberOrNull(request, "customer"), "country"));
  }
  auto tables =
      ReadTaxTables(order.request, "/checkout_options/tax_tables", country);
  if (!std::holds_alternative<TaxTables>(tables)) return;
  auto cart = ReadCart(order.request, "/shopping_cart/items",
                       std::get<TaxTables>(tables), order.currency,
                       order.gateway == "BILLINK");
  if (!std::holds_alternative<Cart>(cart)) return;
  std::vector<CartLine> lines = std::get<Cart>(cart).lines;
  const int exponent = CurrencyExponent(order.currency);
  const std::optional<int64_t> total = CartTotal(lines, exponent);
  for (CartLine& line : lines) line.rate = Decimal::FromInt(0);
  const std::optional<int64_t> items = CartTotal(lines, exponent);
  if (!total.has_value() || !items.has_value()) return;
  data["order_total"] = Decimal::FromUnits(*total, exponent).ToString();
  data["order_adjustment"] = {
      {"total_adjustment", 0},
      {"total_tax",
       *total == *items ? json(0) : DecimalNumber(*total - *items, exponent)},
  };
}

}  // namespace

const StatusPair* FindStatus(const std::string& status) {
  for (const auto& pair : kStatuses) {
    if (status == pair.status) return &pair;
  }
  return nullptr;
}

bool IsPaidStatus(const std::string& status) {
  const StatusPair* pair = FindStatus(status);
  return pair != nullptr && pair->paid;
}

bool HasPaymentAttempt(const std::string& status) {
  return status != "initialized" && status != "expired" &&
         status != "cancelled" && status != "void";
}

int64_t AmountRefunded(const Order& order) {
  int64_t refunded = 0;
  for (const RelatedTransaction& r : order.related) {
    if (r.type == "refund" && r.status != "void") refunded += r.amount;
  }
  if (refunded == 0 && order.status == "refunded") return order.amount;
  return refunded;
}

int64_t OrderFee(const Order& order) {
  if (order.paid_with.empty() || !IsCollected(order)) return 0;
  return FeeOf(KindOf(order.paid_with));
}

std::string PaymentDescription(const std::string& gateway) {
  return DescriptionOf(gateway);
}

int64_t RefundableBase(const Order& order) {
  return order.manual_capture ? order.captured : order.amount;
}

std::string Timestamp(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S", time, absl::UTCTimeZone());
}

json DecimalNumber(int64_t units, int exponent) {
  return json::parse(Decimal::FromUnits(units, exponent).ToString());
}

json OrderJson(const std::string& order_id, const Order& order) {
  const json& request = order.request.value();
  const json custom_info = MemberOrNull(request, "custom_info");
  json data = {
      {"transaction_id", order.transaction_id},
      {"order_id", order_id},
      {"created", Timestamp(order.created)},
      {"modified", Timestamp(order.modified)},
      {"completed", order.completed.has_value()
                        ? json(Timestamp(*order.completed))
                        : json(nullptr)},
      {"currency", order.currency},
      {"amount", order.amount},
      {"amount_refunded", AmountRefunded(order)},
      {"description", MemberOrNull(request, "description")},
      {"items", MemberOrNull(request, "items")},
      {"var1", MemberOrNull(request, "var1")},
      {"var2", MemberOrNull(request, "var2")},
      {"var3", MemberOrNull(request, "var3")},
      {"custom_info",
       {{"custom_1", MemberOrNull(custom_info, "custom_1")},
        {"custom_2", MemberOrNull(custom_info, "custom_2")},
        {"custom_3", MemberOrNull(custom_info, "custom_3")}}},
      {"status", order.status},
      {"financial_status", order.financial_status},
      {"reason", order.reason},
      {"reason_code", order.reason_code},
      {"fastcheckout", order.type == "checkout" ? "YES" : "NO"},
      {"auth_order_id",
       order.auth_order_id.empty() ? json(nullptr) : json(order.auth_order_id)},
      {"customer", CustomerJson(request)},
      {"payment_details", PaymentDetailsJson(order)},
      {"payment_methods", PaymentMethodsJson(order)},
      {"costs", CostsJson(order)},
      {"related_transactions", RelatedJson(order)},
  };
  // Orders with a cart echo it; checkout_options comes back without the
  // request's `tax_tables` wrapper, as MultiSafepay sends it.
  if (request.contains("shopping_cart")) {
    data["shopping_cart"] = request.at("shopping_cart");
  }
  const json checkout_options = MemberOrNull(request, "checkout_options");
  if (checkout_options.is_object() && checkout_options.contains("tax_tables")) {
    data["checkout_options"] = checkout_options.at("tax_tables");
  }
  AddCartTotals(order, data);
  return data;
}

}  // namespace msp_emulator
