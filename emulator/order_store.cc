// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_store.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "emulator/gateway_catalog.h"
#include "emulator/order_rules.h"
#include "emulator/test_cards.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

std::string StringOr(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// A pending order's transaction may still be paid: a new one leaves its
// status alone. The other unpaid statuses mean the last transaction ended
// without payment.
bool IsPending(const std::string& status) {
  return status == "initialized" || status == "uncleared" ||
         status == "reserved";
}

// What a notification reports on: the order's and its refunds' statuses.
std::string StatusKey(const Order& order) {
  std::string key = absl::StrCat(order.status, "/", order.financial_status);
  for (const RelatedTransaction& related : order.related) {
    absl::StrAppend(&key, "/", related.transaction_id, "=", related.status);
  }
  return key;
}

constexpr char kEventsUrl[] = "wss://testapi.multisafepay.com/events/";
constexpr char kEventsStreamUrl[] =
    "https://testapi.multisafepay.com/events/stream/";

const json& Member(const json& object, const char* key) {
  static const json* const kNull = new json(nullptr);
  if (!object.is_object()) return *kNull;
  auto it = object.find(key);
  return it == object.end() ? *kNull : *it;
}

bool IsCardFamily(const std::string& gateway) {
  const GatewayInfo* info = FindGateway(gateway);
  return info != nullptr && info->family == GatewayFamily::kCard;
}

// The methods a token can be issued for (the Token schema's `code` enum).
bool IsTokenisable(const std::string& gateway) {
  return IsCardFamily(gateway) || gateway == "MISTERCASH" ||
         gateway == "IDEAL" || gateway == "DIRDEB" || gateway == "DIRECTBANK";
}

// A card brand's test BIN when the order carried no card number.
std::string DefaultBin(const std::string& gateway) {
  if (gateway == "MASTERCARD") return "555555";
  if (gateway == "AMEX") return "374111";
  if (gateway == "MAESTRO") return "675900";
  if (gateway == "MISTERCASH") return "670300";
  return "411111";
}

}  // namespace

void OrderStore::AuthoriseAtOnce(Order& order, absl::Time now) {
  if (order.type != "direct") return;
  const json& request = order.request.value();
  const json& number = Member(Member(request, "gateway_info"), "card_number");
  const json& recurring_id = Member(request, "recurring_id");
  StatusChange change;
  if (IsCardFamily(order.gateway) && number.is_string()) {
    const TestCard* card = FindTestCard(number.get<std::string>());
    if (card == nullptr) return;
    change.gateway =
        order.gateway == "CREDITCARD" ? card->brand : order.gateway;
    change.status = card->authorised ? "completed" : "declined";
    if (!card->authorised) {
      change.reason = kThreeDSecureFailedReason;
      change.reason_code = kThreeDSecureFailedCode;
    }
  } else if (recurring_id.is_string()) {
    std::optional<RecurringToken> token =
        tokens_.FindToken(recurring_id.get<std::string>());
    if (!token.has_value()) return;
    change.gateway = token->code;
    change.status = "completed";
  } else {
    return;
  }
  if (!change.reason.has_value())
    change.reason = "Successful approval/completion";
  // The gateway comes from the catalogue, so SetStatus() cannot refuse it.
  msp_emulator::SetStatus(order, change, now).IgnoreError();
}

void OrderStore::MaybeIssueToken(const std::string& order_id,
                                 const Order& order) {
  const json& request = order.request.value();
  const json& model = Member(request, "recurring_model");
  const json& reference = Member(Member(request, "customer"), "reference");
  if (order.status != "completed" || order.paid_with.empty() ||
      !model.is_string() || !reference.is_string() ||
      reference.get_ref<const std::string&>().empty() ||
      !Member(request, "recurring_id").is_null() ||
      !IsTokenisable(order.paid_with)) {
    return;
  }
  const std::string token_id = absl::StrCat(order.transaction_id);
  if (tokens_.FindToken(token_id).has_value()) return;
  const json details = OrderJson(order_id, order)["payment_details"];
  RecurringToken token;
  token.token = token_id;
  token.customer_reference = reference.get<std::string>();
  token.code = order.paid_with;
  token.model = model.get<std::string>();
  token.order_id = order_id;
  const json& holder = details["account_holder_name"];
  token.name_holder = holder.is_string() ? holder.get<std::string>() : "";
  if (details.contains("last4")) {
    token.last4 = details["last4"].get<std::string>();
    token.expiry_date = details["card_expiry_date"].get<std::string>();
    const json& number = Member(Member(request, "gateway_info"), "card_number");
    const std::string digits =
        number.is_string() ? CardDigits(number.get<std::string>()) : "";
    token.bin =
        digits.size() >= 6 ? digits.substr(0, 6) : DefaultBin(order.paid_with);
  } else {
    const json& iban = details["account_iban"];
    const std::string masked = iban.is_string() ? iban.get<std::string>() : "";
    token.last4 = masked.size() >= 4 ? masked.substr(masked.size() - 4) : "";
  }
  tokens_.Issue(token);
}

void OrderStore::Sequence(Order& order) {
  if (order.sequence == 0) order.sequence = ++next_sequence_;
  for (RelatedTransaction& related : order.related) {
    if (related.sequence == 0) related.sequence = ++next_sequence_;
  }
}

std::string OrderStore::EventsToken(const std::string& session_id,
                                    absl::Time now) {
  // A JWT's shape (header.claims.signature, base64url); nothing verifies it
  // here, and the emulator serves no event stream.
  const std::string claims = json{
      {"exp", absl::ToUnixSeconds(now) + 3600},
      {"grt", {"mbus:session.order"}},
      {"pid", session_id},
      {"sub", "pr"}}.dump();
  std::string signature(32, '\0');
  std::uniform_int_distribution<int> byte(0, 255);
  for (char& c : signature) c = static_cast<char>(byte(random_));
  return absl::StrCat(absl::WebSafeBase64Escape(R"({"alg":"HS256"})"), ".",
                      absl::WebSafeBase64Escape(claims), ".",
                      absl::WebSafeBase64Escape(signature));
}

void OrderStore::ForEachOrder(
    const std::function<void(const std::string&, const Order&)>& visit) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [order_id, order] : orders_) visit(order_id, order);
}

std::optional<OrderChange> OrderStore::ChangeOf(
    const std::string& order_id, const Order& order,
    const std::string& before) const {
  if (!listener_ || StatusKey(order) == before) return std::nullopt;
  OrderChange change;
  change.order_id = order_id;
  change.order = OrderJson(order_id, order);
  const json& options =
      order.request.value().is_object()
          ? order.request.value().value("payment_options", json::object())
          : json::object();
  change.notification_url = StringOr(options, "notification_url");
  change.notification_method = StringOr(options, "notification_method");
  return change;
}

void OrderStore::Report(const std::optional<OrderChange>& change) const {
  if (change.has_value()) listener_(*change);
}

OrderStore::OrderStore(std::string payment_host,
                       std::function<absl::Time()> clock)
    : payment_host_(std::move(payment_host)),
      clock_(std::move(clock)),
      random_(std::random_device{}()) {}

std::variant<json, MspError> OrderStore::Create(const json& body) {
  return Create(ExactJson::FromDom(body));
}

std::variant<json, MspError> OrderStore::Create(const ExactJson& exact) {
  const absl::Time now = clock_();
  std::optional<OrderChange> change;
  std::variant<json, MspError> result;
  {
    absl::MutexLock lock(&mu_);
    result = CreateLocked(exact, now, &change);
  }
  Report(change);
  return result;
}

std::variant<json, MspError> OrderStore::CreateLocked(
    const ExactJson& exact, absl::Time now,
    std::optional<OrderChange>* change) {
  const json& body = exact.value();
  const std::string order_id = OrderIdOf(body);

  auto existing = orders_.find(order_id);
  Counters& counters = counters_[order_id];
  ++counters.posts;
  if (existing != orders_.end() && IsPaidStatus(existing->second.status)) {
    ++counters.refused_posts;
    return OrderAlreadyPaidError();
  }
  ++counters.sessions;

  Order fresh;
  fresh.created = now;
  if (existing != orders_.end()) {
    // The same order, a new transaction.
    const Order& old = existing->second;
    fresh.created = old.created;
    fresh.related = old.related;
    if (IsPending(old.status)) {
      fresh.status = old.status;
      fresh.financial_status = old.financial_status;
      fresh.reason = old.reason;
      fresh.reason_code = old.reason_code;
      fresh.paid_with = old.paid_with;
      fresh.completed = old.completed;
    }
  }
  fresh.request = exact;
  fresh.type = OrderTypeOf(body);
  fresh.gateway = GatewayOf(body);
  fresh.session_id = NewSessionId();
  fresh.payment_url = absl::StrCat(payment_host_, "/connect/", fresh.session_id,
                                   "/?lang=", LocaleOf(body));
  fresh.transaction_id = NewTransactionId();
  fresh.cost_transaction_id = NewTransactionId();
  fresh.amount = body.at("amount").get<int64_t>();
  fresh.currency = StringOr(body, "currency");
  fresh.manual_capture =
      absl::AsciiStrToLower(StringOr(body, "capture")) == "manual";
  if (fresh.status.empty()) {
    fresh.status = "initialized";
    fresh.financial_status = "initialized";
  }
  fresh.modified = now;
  const std::string before =
      existing != orders_.end() ? StatusKey(existing->second) : "";
  Order& order = orders_[order_id];
  order = std::move(fresh);
  order.sequence = 0;
  Sequence(order);
  AuthoriseAtOnce(order, now);
  MaybeIssueToken(order_id, order);
  // An order decided at once is notified, as MultiSafepay notifies the
  // completion of any payment.
  if (order.status != "initialized") {
    *change = ChangeOf(order_id, order, before);
  }

  json data;
  if (order.type == "direct") {
    data = OrderJson(order_id, order);
    data["payment_url"] = order.payment_url;
  } else {
    data = {{"order_id", order_id},
            {"payment_url", order.payment_url},
            {"session_id", order.session_id}};
  }
  data["events_token"] = EventsToken(order.session_id, now);
  data["events_url"] = kEventsUrl;
  data["events_stream_url"] = kEventsStreamUrl;
  return data;
}

std::optional<json> OrderStore::Get(const std::string& order_id) const {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) return std::nullopt;
  return OrderJson(order_id, it->second);
}

LifecycleContext OrderStore::Context() {
  LifecycleContext ctx;
  ctx.now = clock_();
  // Called only while Run() holds mu_.
  ctx.new_transaction_id = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return NewTransactionId();
  };
  ctx.order_exists =
      [this](const std::string& id)
          ABSL_NO_THREAD_SAFETY_ANALYSIS { return orders_.count(id) > 0; };
  return ctx;
}

std::variant<json, MspError> OrderStore::Run(
    const std::string& order_id, const ExactJson& body,
    const MspError& not_found,
    std::variant<LifecycleResult, MspError> (*action)(const std::string&,
                                                      Order&, const ExactJson&,
                                                      const LifecycleContext&),
    int Counters::*count) {
  std::optional<OrderChange> change;
  json data;
  {
    absl::MutexLock lock(&mu_);
    auto it = orders_.find(order_id);
    if (it == orders_.end()) return not_found;
    if (count != nullptr) ++(counters_[order_id].*count);
    const std::string before = StatusKey(it->second);
    auto result = action(order_id, it->second, body, Context());
    if (MspError* error = std::get_if<MspError>(&result)) return *error;
    LifecycleResult& done = std::get<LifecycleResult>(result);
    Sequence(it->second);
    for (auto& [id, order] : done.new_orders) {
      Sequence(order);
      orders_.emplace(id, std::move(order));
    }
    MaybeIssueToken(order_id, it->second);
    // emplace() may not move the map's nodes: `it` is still valid.
    change = ChangeOf(order_id, it->second, before);
    data = std::move(done.data);
  }
  Report(change);
  return data;
}

std::variant<json, MspError> OrderStore::Refund(const std::string& order_id,
                                                const ExactJson& body) {
  return Run(order_id, body, OrderNotFoundError(), &msp_emulator::Refund,
             &Counters::refund_posts);
}

std::variant<json, MspError> OrderStore::Capture(const std::string& order_id,
                                                 const ExactJson& body) {
  return Run(order_id, body, OrderNotFoundError(), &msp_emulator::Capture,
             &Counters::capture_posts);
}

std::variant<json, MspError> OrderStore::Update(const std::string& order_id,
                                                const ExactJson& body) {
  return Run(order_id, body, UpdateOrderNotFoundError(), &msp_emulator::Update,
             nullptr);
}

absl::Status OrderStore::SetStatus(const std::string& order_id,
                                   const StatusChange& change) {
  const absl::Time now = clock_();
  absl::Status status;
  std::optional<OrderChange> changed;
  // A scoped MutexLock, not ReleasableMutexLock: the latter's Release() is
  // compiled into Debian's Abseil, where ThreadSanitizer's annotations
  // (tools/sanitizers) do not see the unlock.
  {
    absl::MutexLock lock(&mu_);
    auto it = orders_.find(order_id);
    if (it == orders_.end()) {
      // An unknown status is reported first, as before orders are looked up.
      if (FindStatus(change.status) == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown order status '", change.status, "'"));
      }
      return absl::NotFoundError(absl::StrCat("no order '", order_id, "'"));
    }
    const std::string before = StatusKey(it->second);
    status = msp_emulator::SetStatus(it->second, change, now);
    MaybeIssueToken(order_id, it->second);
    changed = ChangeOf(order_id, it->second, before);
  }
  Report(changed);
  return status;
}

absl::Status OrderStore::SetStatus(
    const std::string& order_id, const std::string& status,
    std::optional<std::string> financial_status) {
  StatusChange change;
  change.status = status;
  change.financial_status = std::move(financial_status);
  return SetStatus(order_id, change);
}

absl::Status OrderStore::SetRefundStatus(const std::string& order_id,
                                         int64_t refund_id,
                                         const std::string& status) {
  const absl::Time now = clock_();
  absl::Status result;
  std::optional<OrderChange> changed;
  {
    absl::MutexLock lock(&mu_);  // Scoped: see SetStatus().
    auto it = orders_.find(order_id);
    if (it == orders_.end()) {
      return absl::NotFoundError(absl::StrCat("no order '", order_id, "'"));
    }
    const std::string before = StatusKey(it->second);
    result = msp_emulator::SetRefundStatus(it->second, refund_id, status, now);
    changed = ChangeOf(order_id, it->second, before);
  }
  Report(changed);
  return result;
}

json OrderStore::StatsJson(const std::string& order_id,
                           const Order& order) const {
  Counters counters;
  if (auto it = counters_.find(order_id); it != counters_.end()) {
    counters = it->second;
  }
  int refunds = 0;
  int captures = 0;
  json descriptions = json::array();
  for (const RelatedTransaction& related : order.related) {
    if (related.type == "refund") {
      ++refunds;
      descriptions.push_back(related.description);
    } else if (related.type == "capture") {
      ++captures;
    }
  }
  return {{"order_id", order_id},
          {"status", order.status},
          {"financial_status", order.financial_status},
          {"posts", counters.posts},
          {"sessions", counters.sessions},
          {"refused_posts", counters.refused_posts},
          {"refund_posts", counters.refund_posts},
          {"refunds", refunds},
          {"refund_descriptions", std::move(descriptions)},
          {"capture_posts", counters.capture_posts},
          {"captures", captures}};
}

std::optional<json> OrderStore::Stats(const std::string& order_id) const {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) return std::nullopt;
  return StatsJson(order_id, it->second);
}

json OrderStore::AllStats() const {
  absl::MutexLock lock(&mu_);
  json all = json::array();
  for (const auto& [order_id, order] : orders_) {
    all.push_back(StatsJson(order_id, order));
  }
  return all;
}

void OrderStore::Clear() {
  absl::MutexLock lock(&mu_);
  orders_.clear();
  counters_.clear();
  tokens_.Clear();
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
