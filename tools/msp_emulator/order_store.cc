// Copyright 2026 The msp-gateway Authors.

#include "tools/msp_emulator/order_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "tools/msp_emulator/order_rules.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

// MultiSafepay timestamps: ISO 8601 without zone. The emulator uses UTC.
std::string Timestamp(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S", time, absl::UTCTimeZone());
}

// `object[key]` when present, else null.
json MemberOrNull(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? json(nullptr) : *it;
}

// Order statuses and the transaction (financial) status MultiSafepay pairs
// with each (payment-statuses docs).
struct StatusPair {
  const char* status;
  const char* financial_status;
  bool paid;  // a new transaction under this order_id is refused (1006)
};

constexpr StatusPair kStatuses[] = {
    {"initialized", "initialized", false},   {"completed", "completed", true},
    {"uncleared", "uncleared", false},       {"declined", "declined", false},
    {"cancelled", "cancelled", false},       {"void", "cancelled", false},
    {"expired", "expired", false},           {"refunded", "completed", true},
    {"partial_refunded", "completed", true}, {"reserved", "reserved", false},
    {"shipped", "uncleared", true},          {"chargeback", "void", true},
    {"chargedback", "void", true},
};

const StatusPair* FindStatus(const std::string& status) {
  for (const auto& pair : kStatuses) {
    if (status == pair.status) return &pair;
  }
  return nullptr;
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

}  // namespace

OrderStore::OrderStore(std::string payment_host,
                       std::function<absl::Time()> clock)
    : payment_host_(std::move(payment_host)),
      clock_(std::move(clock)),
      random_(std::random_device{}()) {}

std::variant<json, MspError> OrderStore::Create(const json& body) {
  const std::string order_id = OrderIdOf(body);
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);

  auto existing = orders_.find(order_id);
  if (existing != orders_.end()) {
    const StatusPair* pair = FindStatus(existing->second.status);
    if (pair != nullptr && pair->paid) return OrderAlreadyPaidError();
  }

  Order& order = orders_[order_id];
  if (existing == orders_.end()) order.created = now;
  order.request = body;
  order.type = OrderTypeOf(body);
  order.gateway = GatewayOf(body);
  order.session_id = NewSessionId();
  order.payment_url = absl::StrCat(payment_host_, "/connect/", order.session_id,
                                   "/?lang=", LocaleOf(body));
  order.transaction_id = NewTransactionId();
  order.status = "initialized";
  order.financial_status = "initialized";
  order.modified = now;
  order.completed.reset();

  if (order.type == "direct") {
    json data = OrderJson(order_id, order);
    data["payment_url"] = order.payment_url;
    return data;
  }
  return json{{"order_id", order_id},
              {"payment_url", order.payment_url},
              {"session_id", order.session_id}};
}

std::optional<json> OrderStore::Get(const std::string& order_id) const {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) return std::nullopt;
  return OrderJson(order_id, it->second);
}

absl::Status OrderStore::SetStatus(
    const std::string& order_id, const std::string& status,
    std::optional<std::string> financial_status) {
  const StatusPair* pair = FindStatus(status);
  if (pair == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown order status '", status, "'"));
  }
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) {
    return absl::NotFoundError(absl::StrCat("no order '", order_id, "'"));
  }
  Order& order = it->second;
  order.status = status;
  order.financial_status =
      financial_status.has_value() ? *financial_status : pair->financial_status;
  order.modified = now;
  if (status == "completed" && !order.completed.has_value()) {
    order.completed = now;
  }
  return absl::OkStatus();
}

void OrderStore::Clear() {
  absl::MutexLock lock(&mu_);
  orders_.clear();
}

json OrderStore::OrderJson(const std::string& order_id, const Order& order) {
  const json& request = order.request;
  const json amount = MemberOrNull(request, "amount");
  const json custom_info = MemberOrNull(request, "custom_info");
  json data = {
      {"transaction_id", order.transaction_id},
      {"order_id", order_id},
      {"created", Timestamp(order.created)},
      {"modified", Timestamp(order.modified)},
      {"completed", order.completed.has_value()
                        ? json(Timestamp(*order.completed))
                        : json(nullptr)},
      {"currency", MemberOrNull(request, "currency")},
      {"amount", amount},
      {"amount_refunded", order.status == "refunded" ? amount : json(0)},
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
      {"reason", ""},
      {"reason_code", ""},
      {"fastcheckout", order.type == "checkout" ? "YES" : "NO"},
      {"customer", CustomerJson(request)},
      {"payment_details",
       {{"type", order.gateway.empty() ? json(nullptr) : json(order.gateway)},
        {"account_holder_name", nullptr},
        {"account_id", nullptr},
        {"account_iban", nullptr},
        {"external_transaction_id", nullptr},
        {"recurring_id", MemberOrNull(request, "recurring_id")},
        {"recurring_model", MemberOrNull(request, "recurring_model")},
        {"recurring_flow", nullptr}}},
      {"payment_methods", json::array()},
      {"costs", json::array()},
      {"related_transactions", nullptr},
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
  return data;
}

std::string OrderStore::NewSessionId() {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string id(kSessionIdLength, '0');
  for (char& c : id) c = kAlphabet[pick(random_)];
  return id;
}

int64_t OrderStore::NewTransactionId() {
  // MultiSafepay is moving PSP IDs to 16 digits; clients must hold int64.
  std::uniform_int_distribution<int64_t> pick(1000000000000000,
                                              9999999999999999);
  return pick(random_);
}

}  // namespace msp_emulator
