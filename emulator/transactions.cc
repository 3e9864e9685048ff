// Copyright 2026 The msp-gateway Authors.

#include "emulator/transactions.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "emulator/order_model.h"
#include "emulator/site_info.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr int kMaxLimit = 1000;

const json& Member(const json& object, const char* key) {
  static const json* const kNull = new json(nullptr);
  if (!object.is_object()) return *kNull;
  auto it = object.find(key);
  return it == object.end() ? *kNull : *it;
}

// A listing's strings are "" rather than null (listTransactions.json).
std::string Text(const json& value) {
  return value.is_string() ? value.get<std::string>() : "";
}

bool ParseTime(const std::string& text, absl::Time* out) {
  std::string error;
  if (absl::ParseTime("%Y-%m-%dT%H:%M:%S", text, absl::UTCTimeZone(), out,
                      &error) ||
      absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), out, &error)) {
    return true;
  }
  int64_t seconds = 0;
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), absl::ascii_isdigit) &&
      absl::SimpleAtoi(text, &seconds)) {
    *out = absl::FromUnixSeconds(seconds);
    return true;
  }
  return false;
}

bool ParseCursor(const std::string& text, std::optional<int64_t>* out) {
  int64_t value = 0;
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(text, &value)) {
    return false;
  }
  *out = value;
  return true;
}

json Customer(const json& request) {
  const json& customer = Member(request, "customer");
  return {{"email", Text(Member(customer, "email"))},
          {"first_name", Text(Member(customer, "first_name"))},
          {"iban", ""},
          {"last_name", Text(Member(customer, "last_name"))}};
}

TransactionItem PaymentItem(const std::string& order_id, const Order& order) {
  const json& request = order.request.value();
  const std::string method =
      order.paid_with.empty() ? order.gateway : order.paid_with;
  const int64_t fee = OrderFee(order);
  json costs = json::array();
  if (fee > 0) {
    costs.push_back(
        {{"amount", fee},
         {"description",
          absl::StrCat("For ", PaymentDescription(method), " Transactions")},
         {"dst", 0}});
  }
  TransactionItem item;
  item.sequence = order.sequence;
  item.transaction_id = order.transaction_id;
  item.created = order.created;
  item.completed = order.completed;
  item.json = {
      {"amount", order.amount},
      {"costs", std::move(costs)},
      {"created", Timestamp(order.created)},
      {"currency", order.currency},
      {"customer", Customer(request)},
      {"debit_credit", "C"},
      {"description", Text(Member(request, "description"))},
      {"financial_status", order.financial_status},
      {"net", order.amount - fee},
      {"order_id", order_id},
      {"payment_method", method},
      {"site_id", kSiteId},
      {"status", order.status},
      {"transaction_id", order.transaction_id},
      {"type", "payment"},
      {"var1", Text(Member(request, "var1"))},
      {"var2", Text(Member(request, "var2"))},
      {"var3", Text(Member(request, "var3"))},
  };
  if (order.completed.has_value()) {
    item.json["completed"] = Timestamp(*order.completed);
  }
  return item;
}

TransactionItem RefundItem(const Order& order, const RelatedTransaction& r) {
  const json& request = order.request.value();
  TransactionItem item;
  item.sequence = r.sequence;
  item.transaction_id = r.transaction_id;
  item.created = r.created;
  if (r.status == "completed") item.completed = r.modified;
  item.json = {
      {"amount", r.amount},
      {"costs", json::array()},
      {"created", Timestamp(r.created)},
      {"currency", r.currency},
      {"customer", Customer(request)},
      {"debit_credit", "D"},
      {"description", r.description},
      {"financial_status", r.status},
      {"net", r.amount},
      {"order_id", r.order_id},
      {"payment_method",
       order.paid_with.empty() ? order.gateway : order.paid_with},
      {"site_id", kSiteId},
      {"status", r.status},
      {"transaction_id", r.transaction_id},
      {"type", "refund"},
      {"var1", Text(Member(request, "var1"))},
      {"var2", Text(Member(request, "var2"))},
      {"var3", Text(Member(request, "var3"))},
  };
  if (item.completed.has_value()) {
    item.json["completed"] = Timestamp(*item.completed);
  }
  return item;
}

bool Matches(const TransactionItem& item, const TransactionQuery& query) {
  const json& j = item.json;
  auto equals = [&j](const std::optional<std::string>& want, const char* key) {
    return !want.has_value() || j[key].get<std::string>() == *want;
  };
  if (query.site_id.has_value() && *query.site_id != absl::StrCat(kSiteId)) {
    return false;
  }
  if (!equals(query.financial_status, "financial_status") ||
      !equals(query.status, "status") || !equals(query.type, "type") ||
      !equals(query.currency, "currency")) {
    return false;
  }
  if (!query.payment_methods.empty() &&
      std::find(query.payment_methods.begin(), query.payment_methods.end(),
                j["payment_method"].get<std::string>()) ==
          query.payment_methods.end()) {
    return false;
  }
  if (query.created_from.has_value() && item.created < *query.created_from) {
    return false;
  }
  if (query.created_until.has_value() && item.created >= *query.created_until) {
    return false;
  }
  if (query.completed_from.has_value() &&
      (!item.completed.has_value() ||
       *item.completed < *query.completed_from)) {
    return false;
  }
  if (query.completed_until.has_value() &&
      (!item.completed.has_value() ||
       *item.completed >= *query.completed_until)) {
    return false;
  }
  return true;
}

// The page's URL: the request's query without its cursors, then the cursor
// and the limit.
std::string PageUrl(const HttpRequest& req, const std::string& base_url,
                    const char* cursor_name, int64_t cursor, int limit) {
  std::vector<std::string> parts;
  const absl::string_view target = req.target;
  const size_t question = target.find('?');
  if (question != absl::string_view::npos) {
    for (absl::string_view part :
         absl::StrSplit(target.substr(question + 1), '&', absl::SkipEmpty())) {
      const absl::string_view name = part.substr(0, part.find('='));
      if (name == "after" || name == "before" || name == "limit" ||
          name == "api_key") {
        continue;
      }
      parts.emplace_back(part);
    }
  }
  parts.push_back(absl::StrCat(cursor_name, "=", cursor));
  parts.push_back(absl::StrCat("limit=", limit));
  return absl::StrCat(base_url, "?", absl::StrJoin(parts, "&"));
}

}  // namespace

std::variant<TransactionQuery, MspError> ParseTransactionQuery(
    const HttpRequest& req) {
  TransactionQuery query;
  auto text = [&req](const char* name) -> std::optional<std::string> {
    if (!req.HasParam(name)) return std::nullopt;
    std::string value = req.Param(name);
    if (value.empty()) return std::nullopt;
    return value;
  };
  query.financial_status = text("financial_status");
  query.status = text("status");
  query.type = text("type");
  query.site_id = text("site_id");
  if (auto currency = text("currency")) {
    query.currency = absl::AsciiStrToUpper(*currency);
  }
  for (const auto& [name, value] : req.params) {
    if (name != "payment_method") continue;
    for (absl::string_view method :
         absl::StrSplit(value, ',', absl::SkipEmpty())) {
      query.payment_methods.push_back(absl::AsciiStrToUpper(method));
    }
  }
  struct TimeParam {
    const char* name;
    std::optional<absl::Time>* out;
  };
  for (const TimeParam& param :
       {TimeParam{"created_from", &query.created_from},
        TimeParam{"created_until", &query.created_until},
        TimeParam{"completed_from", &query.completed_from},
        TimeParam{"completed_until", &query.completed_until}}) {
    if (auto value = text(param.name)) {
      absl::Time time;
      if (!ParseTime(*value, &time)) {
        return InvalidQueryError(absl::StrCat("Invalid ", param.name));
      }
      *param.out = time;
    }
  }
  if (auto limit = text("limit")) {
    int value = 0;
    if (!std::all_of(limit->begin(), limit->end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(*limit, &value) || value < 1 || value > kMaxLimit) {
      return InvalidQueryError("Invalid limit");
    }
    query.limit = value;
  }
  if (auto after = text("after")) {
    if (!ParseCursor(*after, &query.after)) {
      return InvalidQueryError("Invalid cursor");
    }
  } else if (auto before = text("before")) {
    if (!ParseCursor(*before, &query.before)) {
      return InvalidQueryError("Invalid cursor");
    }
  }
  return query;
}

std::vector<TransactionItem> TransactionItems(const OrderStore& orders) {
  std::vector<TransactionItem> items;
  orders.ForEachOrder(
      [&items](const std::string& order_id, const Order& order) {
        items.push_back(PaymentItem(order_id, order));
        for (const RelatedTransaction& r : order.related) {
          if (r.type == "refund") items.push_back(RefundItem(order, r));
        }
      });
  std::sort(items.begin(), items.end(),
            [](const TransactionItem& a, const TransactionItem& b) {
              return a.sequence > b.sequence;
            });
  return items;
}

json ListTransactions(const std::vector<TransactionItem>& items,
                      const TransactionQuery& query, const HttpRequest& req,
                      const std::string& base_url) {
  std::vector<const TransactionItem*> matching;
  for (const TransactionItem& item : items) {
    if (Matches(item, query)) matching.push_back(&item);
  }
  // `matching` is newest first; a page is a run of it.
  size_t begin = 0;
  size_t end = 0;
  if (query.before.has_value()) {
    // The `limit` items just newer than the cursor.
    end = 0;
    while (end < matching.size() && matching[end]->sequence > *query.before) {
      ++end;
    }
    begin = end > static_cast<size_t>(query.limit) ? end - query.limit : 0;
  } else {
    while (query.after.has_value() && begin < matching.size() &&
           matching[begin]->sequence >= *query.after) {
      ++begin;
    }
    end = std::min(matching.size(), begin + query.limit);
  }
  json data = json::array();
  for (size_t i = begin; i < end; ++i) data.push_back(matching[i]->json);
  json pager = {{"limit", query.limit}};
  if (begin < end) {
    const int64_t after = matching[end - 1]->sequence;
    const int64_t before = matching[begin]->sequence;
    pager["after"] = PageUrl(req, base_url, "after", after, query.limit);
    pager["before"] = PageUrl(req, base_url, "before", before, query.limit);
    pager["cursor"] = {{"after", absl::StrCat(after)},
                       {"before", absl::StrCat(before)}};
  }
  return {{"success", true}, {"data", std::move(data)}, {"pager", pager}};
}

std::optional<json> FindTransaction(const std::vector<TransactionItem>& items,
                                    int64_t transaction_id) {
  for (const TransactionItem& item : items) {
    if (item.transaction_id == transaction_id) return item.json;
  }
  return std::nullopt;
}

}  // namespace msp_emulator
