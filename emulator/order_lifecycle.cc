// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_lifecycle.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "emulator/cart_rules.h"
#include "emulator/gateway_catalog.h"
#include "emulator/iso_codes.h"
#include "emulator/order_rules.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr size_t kMaxOrderIdLength = 50;
constexpr char kDefaultPaymentPageGateway[] = "IDEAL";

const json& Member(const json& object, const char* key) {
  static const json* const kNull = new json(nullptr);
  if (!object.is_object()) return *kNull;
  auto it = object.find(key);
  return it == object.end() ? *kNull : *it;
}

std::string StringOr(const json& object, const char* key) {
  const json& value = Member(object, key);
  return value.is_string() ? value.get<std::string>() : "";
}

// An integer amount member: absent/null -> nullopt in `out` and true;
// a JSON integer or a string of digits -> its value; anything else false.
bool ReadAmount(const json& object, const char* key,
                std::optional<int64_t>* out) {
  const json& value = Member(object, key);
  out->reset();
  if (value.is_null()) return true;
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(value.get<uint64_t>());
    return true;
  }
  if (value.is_number_integer()) {
    *out = value.get<int64_t>();
    return true;
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    int64_t parsed = 0;
    if (text.empty() ||
        !std::all_of(text.begin(), text.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(text, &parsed)) {
      return false;
    }
    *out = parsed;
    return true;
  }
  return false;
}

// A member that must be absent/null or a string of 1..50 characters.
bool ReadOrderId(const json& object, const char* key,
                 std::optional<std::string>* out) {
  const json& value = Member(object, key);
  out->reset();
  if (value.is_null()) return true;
  if (!value.is_string()) return false;
  const std::string& id = value.get_ref<const std::string&>();
  if (id.empty()) return true;  // "" = not given, as the docs' examples send
  if (Utf8Length(id) > kMaxOrderIdLength) return false;
  *out = id;
  return true;
}

bool IsAuthorisedForCapture(const Order& order) {
  return order.manual_capture && order.status == "completed" &&
         order.financial_status == "initialized" &&
         order.captured < order.amount;
}

// The status an order with refunds has: refunded when nothing remains,
// partial_refunded when some is refunded, its pre-refund status otherwise.
void UpdateRefundStatus(Order& order) {
  int64_t refunded = 0;
  for (const RelatedTransaction& r : order.related) {
    if (r.type == "refund" && r.status != "void") refunded += r.amount;
  }
  if (refunded == 0) {
    if (!order.status_before_refund.empty()) {
      order.status = order.status_before_refund;
    }
    return;
  }
  order.status =
      refunded >= RefundableBase(order) ? "refunded" : "partial_refunded";
}

std::string NextChildId(const std::string& order_id, const char* kind,
                        const LifecycleContext& ctx) {
  for (int n = 1;; ++n) {
    std::string id = absl::StrCat(order_id, "-", kind, "-", n);
    if (!ctx.order_exists(id)) return id;
  }
}

// A child order (capture or partial shipment) of `parent`.
Order ChildOrder(const Order& parent, int64_t amount, int64_t transaction_id,
                 const LifecycleContext& ctx) {
  Order child;
  child.request = parent.request;
  child.type = parent.type;
  child.gateway = parent.gateway;
  child.paid_with = parent.paid_with;
  child.transaction_id = transaction_id;
  child.cost_transaction_id = ctx.new_transaction_id();
  child.amount = amount;
  child.currency = parent.currency;
  child.created = ctx.now;
  child.modified = ctx.now;
  return child;
}

std::variant<int64_t, MspError> BnplRefundAmount(const Order& order,
                                                 const ExactJson& body) {
  const json& request = order.request.value();
  std::string country = StringOr(Member(request, "delivery"), "country");
  if (country.empty()) {
    country = StringOr(Member(request, "customer"), "country");
  }
  auto tables =
      ReadTaxTables(order.request, "/checkout_options/tax_tables", country);
  if (const MspError* error = std::get_if<MspError>(&tables)) return *error;
  auto cart =
      ReadCart(body, "/checkout_data/items", std::get<TaxTables>(tables),
               order.currency, order.gateway == "BILLINK");
  if (const MspError* error = std::get_if<MspError>(&cart)) return *error;
  std::optional<int64_t> total =
      RefundTotal(std::get<Cart>(cart).lines, CurrencyExponent(order.currency));
  if (!total.has_value()) return InvalidItemPriceError();
  if (*total == 0) return CannotRefundError("no refund lines in checkout_data");
  return *total;
}

}  // namespace

std::variant<LifecycleResult, MspError> Refund(const std::string& order_id,
                                               Order& order,
                                               const ExactJson& exact,
                                               const LifecycleContext& ctx) {
  const json& body = exact.value();
  if (!body.is_object()) return InvalidBodyError();
  const bool bnpl = !Member(body, "checkout_data").is_null();

  const json& currency = Member(body, "currency");
  if (!(bnpl && currency.is_null()) &&
      (!currency.is_string() ||
       currency.get<std::string>() != order.currency)) {
    return InvalidCurrencyError();
  }
  std::optional<int64_t> amount;
  if (bnpl) {
    if (!Member(body, "checkout_data").is_object()) return InvalidBodyError();
    auto computed = BnplRefundAmount(order, exact);
    if (const MspError* error = std::get_if<MspError>(&computed)) {
      return *error;
    }
    amount = std::get<int64_t>(computed);
  } else {
    const json& raw = Member(body, "amount");
    if (!(raw.is_string() && raw.get_ref<const std::string&>().empty()) &&
        !ReadAmount(body, "amount", &amount)) {
      return InvalidAmountError();
    }
    if (amount.has_value() && *amount < 0) return InvalidAmountError();
    if (amount == 0) amount.reset();
  }
  std::optional<std::string> refund_order_id;
  if (!ReadOrderId(body, "refund_order_id", &refund_order_id)) {
    return InvalidOrderIdError();
  }

  const bool paid = order.status == "completed" || order.status == "shipped" ||
                    order.status == "partial_refunded";
  if (!paid || RefundableBase(order) == 0) {
    return CannotRefundError("the order is not paid");
  }
  const int64_t remaining = RefundableBase(order) - AmountRefunded(order);
  if (remaining <= 0) return CannotRefundError("nothing left to refund");
  const int64_t refund_amount = amount.value_or(remaining);
  if (refund_amount > remaining) {
    return CannotRefundError("the amount exceeds what remains to refund");
  }
  for (const RelatedTransaction& r : order.related) {
    if (r.type == "refund" && r.status != "void" && r.amount == refund_amount &&
        ctx.now - r.created < kDuplicateRefundWindow) {
      return CannotRefundError(
          "the same amount was refunded less than 5 minutes ago");
    }
  }

  RelatedTransaction refund;
  refund.transaction_id = ctx.new_transaction_id();
  refund.refund_id = ctx.new_transaction_id();
  refund.order_id = refund_order_id.value_or(order_id);
  refund.type = "refund";
  refund.amount = refund_amount;
  refund.currency = order.currency;
  refund.status = "reserved";
  refund.description = StringOr(body, "description");
  if (refund.description.empty()) {
    refund.description = absl::StrCat("Refund for order ", order_id);
  }
  refund.created = ctx.now;
  refund.modified = ctx.now;
  if (order.status_before_refund.empty() ||
      order.status != "partial_refunded") {
    order.status_before_refund = order.status;
  }
  order.related.push_back(refund);
  order.modified = ctx.now;
  UpdateRefundStatus(order);

  LifecycleResult result;
  result.data = {{"transaction_id", refund.transaction_id},
                 {"refund_id", refund.refund_id},
                 {"order_id", refund.order_id}};
  return result;
}

std::variant<LifecycleResult, MspError> Capture(const std::string& order_id,
                                                Order& order,
                                                const ExactJson& exact,
                                                const LifecycleContext& ctx) {
  const json& body = exact.value();
  if (!body.is_object()) return InvalidBodyError();
  if (!order.manual_capture) {
    return CannotCaptureError("the order is not a manual-capture order");
  }
  if (!IsAuthorisedForCapture(order)) {
    return CannotCaptureError("the order is not authorised for capture");
  }
  std::optional<int64_t> amount;
  if (!ReadAmount(body, "amount", &amount)) return InvalidAmountError();
  const int64_t remaining = order.amount - order.captured;
  const int64_t capture_amount = amount.value_or(remaining);
  if (capture_amount < 1 || capture_amount > remaining) {
    return InvalidAmountError();
  }
  const json& new_status = Member(body, "new_order_status");
  if (!new_status.is_null() &&
      !(new_status.is_string() &&
        new_status.get<std::string>() == "completed")) {
    return InvalidUpdateError("Invalid new_order_status");
  }
  std::optional<std::string> new_order_id;
  if (!ReadOrderId(body, "new_order_id", &new_order_id)) {
    return InvalidOrderIdError();
  }
  if (new_order_id.has_value() && ctx.order_exists(*new_order_id)) {
    return OrderAlreadyPaidError();
  }

  const bool in_place = !new_order_id.has_value() && order.captured == 0 &&
                        capture_amount == order.amount;
  RelatedTransaction capture;
  capture.transaction_id = ctx.new_transaction_id();
  capture.type = "capture";
  capture.amount = capture_amount;
  capture.currency = order.currency;
  capture.status = "completed";
  capture.description = StringOr(body, "description");
  capture.created = ctx.now;
  capture.modified = ctx.now;

  LifecycleResult result;
  if (in_place) {
    capture.order_id = order_id;
  } else {
    capture.order_id = new_order_id.has_value()
                           ? *new_order_id
                           : NextChildId(order_id, "capture", ctx);
    Order child =
        ChildOrder(order, capture_amount, capture.transaction_id, ctx);
    child.status = "completed";
    child.financial_status = "completed";
    child.completed = ctx.now;
    child.auth_order_id = order_id;
    result.new_orders.emplace_back(capture.order_id, std::move(child));
  }
  order.captured += capture_amount;
  if (order.captured == order.amount) order.financial_status = "completed";
  order.modified = ctx.now;
  order.related.push_back(capture);
  result.data = {{"transaction_id", capture.transaction_id},
                 {"order_id", capture.order_id}};
  return result;
}

std::variant<LifecycleResult, MspError> Update(const std::string& order_id,
                                               Order& order,
                                               const ExactJson& exact,
                                               const LifecycleContext& ctx) {
  const json& body = exact.value();
  if (!body.is_object()) return InvalidBodyError();
  LifecycleResult result;
  result.data = json::object();

  const json& status_value = Member(body, "status");
  if (!status_value.is_null()) {
    if (!status_value.is_string()) return InvalidUpdateError("Invalid status");
    const std::string status =
        absl::AsciiStrToLower(status_value.get<std::string>());
    if (status == "cancelled") {
      if (order.status == "cancelled" || order.status == "void") {
        return result;
      }
      const bool open = order.status == "initialized" ||
                        order.status == "uncleared" ||
                        order.status == "reserved" ||
                        (order.manual_capture && order.captured == 0 &&
                         order.status == "completed" &&
                         order.financial_status == "initialized");
      if (!open) return OrderNotUpdatableError();
      order.status = "cancelled";
      order.financial_status = "cancelled";
      order.modified = ctx.now;
      return result;
    }
    if (status != "shipped") return InvalidUpdateError("Invalid status");
    if (order.status != "completed" && order.status != "uncleared" &&
        order.status != "shipped") {
      return OrderNotUpdatableError();
    }
    std::optional<int64_t> amount;
    const char* amount_key = Member(body, "partial_shipment_amount").is_null()
                                 ? "amount"
                                 : "partial_shipment_amount";
    if (!ReadAmount(body, amount_key, &amount)) return InvalidAmountError();
    const int64_t remaining = order.amount - order.shipped;
    if (amount.has_value() && (*amount < 1 || *amount > remaining)) {
      return InvalidAmountError();
    }
    if (amount.has_value() && *amount < remaining) {
      const std::string shipment_id = NextChildId(order_id, "shipment", ctx);
      Order child = ChildOrder(order, *amount, ctx.new_transaction_id(), ctx);
      child.status = "shipped";
      child.financial_status = order.financial_status;
      child.completed = order.completed;
      child.auth_order_id = order_id;
      result.data = {{"order_id", shipment_id},
                     {"transaction_id", child.transaction_id}};
      result.new_orders.emplace_back(shipment_id, std::move(child));
      order.shipped += *amount;
    } else {
      order.shipped = order.amount;
      order.status = "shipped";
    }
    order.modified = ctx.now;
    return result;
  }

  const json& extend = Member(body, "extend_expiration");
  if (extend.is_boolean() && extend.get<bool>()) {
    const bool extendable =
        order.gateway == "KLARNA" &&
        (order.status == "completed" || order.status == "uncleared" ||
         order.status == "shipped");
    if (!extendable) return OrderNotUpdatableError();
    order.modified = ctx.now;
    return result;
  }

  for (const char* key :
       {"invoice_id", "invoice_url", "po_number", "tracktrace_code",
        "tracktrace_url", "carrier", "ship_date"}) {
    if (!Member(body, key).is_null()) {
      order.modified = ctx.now;
      return result;
    }
  }
  return InvalidUpdateError("Nothing to update");
}

absl::Status SetStatus(Order& order, const StatusChange& change,
                       absl::Time now) {
  const StatusPair* pair = FindStatus(change.status);
  if (pair == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown order status '", change.status, "'"));
  }
  std::string paid_with = order.paid_with;
  if (change.gateway.has_value()) {
    const GatewayInfo* info = FindGateway(*change.gateway);
    if (info == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown gateway '", *change.gateway, "'"));
    }
    paid_with = info->id;
  }
  if (HasPaymentAttempt(change.status) && paid_with.empty()) {
    // The generic card gateway is paid with a card brand.
    paid_with = order.gateway == "CREDITCARD" ? "VISA" : order.gateway;
    if (FindGateway(paid_with) == nullptr)
      paid_with = kDefaultPaymentPageGateway;
  }
  order.paid_with = paid_with;

  std::string financial_status = pair->financial_status;
  if (change.status == "completed") {
    if (order.manual_capture && order.captured == 0) {
      financial_status = "initialized";
    } else if (IsBnpl(order.gateway)) {
      financial_status = "uncleared";
    }
  }
  order.status = change.status;
  order.financial_status = change.financial_status.value_or(financial_status);
  if (change.reason.has_value()) order.reason = *change.reason;
  if (change.reason_code.has_value()) order.reason_code = *change.reason_code;
  order.modified = now;
  if (change.status == "completed" && !order.completed.has_value()) {
    order.completed = now;
  }
  return absl::OkStatus();
}

absl::Status SetRefundStatus(Order& order, int64_t refund_id,
                             const std::string& status, absl::Time now) {
  if (status != "reserved" && status != "completed" && status != "void") {
    return absl::InvalidArgumentError(
        absl::StrCat("refund status must be reserved, completed or void, not '",
                     status, "'"));
  }
  for (RelatedTransaction& r : order.related) {
    if (r.type == "refund" &&
        (r.refund_id == refund_id || r.transaction_id == refund_id)) {
      r.status = status;
      r.modified = now;
      order.modified = now;
      UpdateRefundStatus(order);
      return absl::OkStatus();
    }
  }
  return absl::NotFoundError(absl::StrCat("no refund ", refund_id));
}

}  // namespace msp_emulator
