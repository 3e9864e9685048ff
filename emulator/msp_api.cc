// Copyright 2026 The msp-gateway Authors.

#include "emulator/msp_api.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "emulator/api_key.h"
#include "emulator/exact_json.h"
#include "emulator/gateway_catalog.h"
#include "emulator/http_path.h"
#include "emulator/http_reply.h"
#include "emulator/iso_codes.h"
#include "emulator/msp_error.h"
#include "emulator/order_rules.h"
#include "emulator/payment_methods.h"
#include "emulator/recurring_tokens.h"
#include "emulator/site_info.h"
#include "emulator/transactions.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr absl::string_view kOrdersPath = "/v1/json/orders";
constexpr absl::string_view kOrderPathPrefix = "/v1/json/orders/";
constexpr absl::string_view kGatewaysPath = "/v1/json/gateways";
constexpr absl::string_view kGatewayPathPrefix = "/v1/json/gateways/";
constexpr absl::string_view kApiPrefix = "/v1/json/";
// Tokens per page of GET /recurring/{reference} when no limit is given.
constexpr int kDefaultTokenLimit = 10;

// A query parameter of digits, or `fallback` when absent; nullopt when it is
// something else.
std::optional<int> NonNegative(const HttpRequest& req, const char* name,
                               int fallback) {
  const std::string text = req.Param(name);
  if (text.empty()) return fallback;
  int value = 0;
  if (!std::all_of(text.begin(), text.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(text, &value)) {
    return std::nullopt;
  }
  return value;
}

// The country, currency and amount filters /gateways and /payment-methods
// share, with their error codes.
std::optional<MspError> ReadMarketFilter(const HttpRequest& req,
                                         std::optional<std::string>* country,
                                         std::optional<std::string>* currency,
                                         std::optional<int64_t>* amount) {
  if (std::string value = req.Param("country"); !value.empty()) {
    value = absl::AsciiStrToUpper(value);
    if (!IsIsoCountry(value)) return InvalidCountryCodeError();
    *country = value;
  }
  if (std::string value = req.Param("currency"); !value.empty()) {
    value = absl::AsciiStrToUpper(value);
    if (!IsIsoCurrency(value)) return InvalidCurrencyError();
    *currency = value;
  }
  if (const std::string value = req.Param("amount"); !value.empty()) {
    int64_t parsed = 0;
    if (!std::all_of(value.begin(), value.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(value, &parsed)) {
      return InvalidAmountError();
    }
    *amount = parsed;
  }
  return std::nullopt;
}

// A request body as JSON with exact number lexemes. PATCH, capture and
// refund bodies may be empty, which reads as {} (a capture without body
// captures everything).
std::optional<ExactJson> ParseBody(const std::string& body,
                                   bool empty_is_object) {
  if (empty_is_object && absl::StripAsciiWhitespace(body).empty()) {
    return ExactJson::FromDom(json::object());
  }
  return ExactJson::Parse(body);
}

}  // namespace

MspApi::MspApi(std::string api_key, OrderStore* orders)
    : api_key_(std::move(api_key)), orders_(orders) {}

void MspApi::Handle(const HttpRequest& req, HttpResponse& res) {
  const absl::string_view raw_path = RawPath(req.target);
  const std::string& method = req.method;
  const bool is_get = method == "GET" || method == "HEAD";
  // The route, decided before the key is checked so unknown routes answer
  // 404 whatever the key; each lambda runs once authorised.
  std::function<void()> route;
  if (raw_path == kOrdersPath && method == "POST") {
    route = [&] { CreateOrder(req, res); };
  } else if (raw_path == kGatewaysPath && is_get) {
    route = [&] { ListGatewaysRoute(req, res); };
  } else if (auto gateway = Segments(raw_path, kGatewayPathPrefix);
             gateway.has_value() && gateway->size() == 1 && is_get) {
    route = [this, &res, id = (*gateway)[0]] { GetGatewayRoute(id, res); };
  } else if (auto parts = Segments(raw_path, kOrderPathPrefix);
             parts.has_value() && !parts->empty()) {
    const std::string& order_id = (*parts)[0];
    if (parts->size() == 1 && is_get) {
      route = [this, &res, order_id] { ReplyOrder(*orders_, order_id, res); };
    } else if (parts->size() == 1 && method == "PATCH") {
      route = [this, &req, &res, order_id] {
        OrderAction(order_id, req, res, &OrderStore::Update);
      };
    } else if (parts->size() == 2 && (*parts)[1] == "refunds" &&
               method == "POST") {
      route = [this, &req, &res, order_id] {
        OrderAction(order_id, req, res, &OrderStore::Refund);
      };
    } else if (parts->size() == 2 && (*parts)[1] == "capture" &&
               method == "POST") {
      route = [this, &req, &res, order_id] {
        OrderAction(order_id, req, res, &OrderStore::Capture);
      };
    }
  }
  if (!route && is_get) {
    if (raw_path == "/v1/json/payment-methods") {
      route = [&] { ListPaymentMethodsRoute(req, res); };
    } else if (raw_path == "/v1/json/categories") {
      route = [&] { Reply(res, 200, SuccessEnvelope(CategoriesJson())); };
    } else if (raw_path == "/v1/json/me") {
      route = [&] { Reply(res, 200, SuccessEnvelope(MeJson())); };
    } else if (raw_path == "/v1/json/auth/api_token") {
      route = [&] { Reply(res, 200, SuccessEnvelope(ApiTokenJson())); };
    } else if (raw_path == "/v1/json/transactions") {
      route = [&] { ListTransactionsRoute(req, res); };
    }
  }
  if (!route) {
    if (auto parts = Segments(raw_path, kApiPrefix);
        parts.has_value() && parts->size() >= 2) {
      const std::string& head = (*parts)[0];
      if (head == "payment-methods" && parts->size() == 2 && is_get) {
        route = [this, &res, id = (*parts)[1]] {
          GetPaymentMethodRoute(id, res);
        };
      } else if (head == "issuers" && parts->size() == 2 && is_get) {
        route = [this, &res, id = (*parts)[1]] { IssuersRoute(id, res); };
      } else if (head == "transactions" && parts->size() == 2 && is_get) {
        route = [this, &res, id = (*parts)[1]] {
          GetTransactionRoute(id, res);
        };
      } else if (head == "recurring") {
        const std::vector<std::string> rest(parts->begin() + 1, parts->end());
        const bool list = rest.size() == 1 && is_get;
        const bool one =
            rest.size() == 3 && ((rest[1] == "token" && is_get) ||
                                 (rest[1] == "remove" && method == "DELETE") ||
                                 (rest[1] == "update" && method == "PATCH"));
        if (list || one) {
          route = [this, &req, &res, rest] { RecurringRoute(rest, req, res); };
        }
      }
    }
  }
  if (!route) {
    ReplyError(res, NotFoundError());
    return;
  }
  if (!IsAuthorized(req, api_key_)) {
    ReplyError(res, InvalidApiKeyError());
    return;
  }
  route();
}

void MspApi::CreateOrder(const HttpRequest& req, HttpResponse& res) {
  std::optional<ExactJson> body = ParseBody(req.body, false);
  if (!body.has_value()) {
    ReplyError(res, InvalidBodyError());
    return;
  }
  if (std::optional<MspError> error = ValidateCreateOrder(*body)) {
    ReplyError(res, *error);
    return;
  }
  auto created = orders_->Create(*body);
  if (const MspError* error = std::get_if<MspError>(&created)) {
    ReplyError(res, *error);
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(std::get<json>(created))));
}

void MspApi::OrderAction(const std::string& order_id, const HttpRequest& req,
                         HttpResponse& res,
                         std::variant<json, MspError> (OrderStore::*action)(
                             const std::string&, const ExactJson&)) {
  std::optional<ExactJson> body = ParseBody(req.body, true);
  if (!body.has_value()) {
    ReplyError(res, InvalidBodyError());
    return;
  }
  auto result = (orders_->*action)(order_id, *body);
  if (const MspError* error = std::get_if<MspError>(&result)) {
    ReplyError(res, *error);
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(std::get<json>(result))));
}

void MspApi::ListGatewaysRoute(const HttpRequest& req, HttpResponse& res) {
  GatewayFilter filter;
  if (std::optional<MspError> error = ReadMarketFilter(
          req, &filter.country, &filter.currency, &filter.amount)) {
    ReplyError(res, *error);
    return;
  }
  filter.include_coupons = req.Param("include") == "coupons";
  Reply(res, 200, SuccessEnvelope(ListGateways(filter)));
}

void MspApi::GetGatewayRoute(const std::string& gateway_id, HttpResponse& res) {
  const GatewayInfo* gateway = FindGateway(gateway_id);
  if (gateway == nullptr) {
    ReplyError(res, NoGatewayAvailableError());
    return;
  }
  Reply(res, 200, SuccessEnvelope(GatewayJson(*gateway)));
}

void MspApi::ListPaymentMethodsRoute(const HttpRequest& req,
                                     HttpResponse& res) {
  PaymentMethodFilter filter;
  if (std::optional<MspError> error = ReadMarketFilter(
          req, &filter.country, &filter.currency, &filter.amount)) {
    ReplyError(res, *error);
    return;
  }
  filter.include_coupons = QueryFlag(req.Param("include_coupons"));
  filter.group_cards = QueryFlag(req.Param("group_cards"));
  if (const std::string type = req.Param("type"); !type.empty()) {
    filter.type = absl::AsciiStrToLower(type);
  }
  Reply(res, 200, SuccessEnvelope(ListPaymentMethods(filter)));
}

void MspApi::GetPaymentMethodRoute(const std::string& id, HttpResponse& res) {
  const GatewayInfo* gateway = FindGateway(id);
  if (gateway == nullptr) {
    ReplyError(res, PaymentMethodNotFoundError());
    return;
  }
  Reply(res, 200, SuccessEnvelope(PaymentMethodJson(*gateway)));
}

void MspApi::IssuersRoute(const std::string& gateway, HttpResponse& res) {
  if (FindGateway(gateway) == nullptr) {
    ReplyError(res, PaymentMethodNotFoundError());
    return;
  }
  std::optional<json> issuers = IssuersJson(gateway);
  if (!issuers.has_value()) {
    ReplyError(res, IssuersNotFoundError());
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(*issuers)));
}

void MspApi::ListTransactionsRoute(const HttpRequest& req, HttpResponse& res) {
  auto query = ParseTransactionQuery(req);
  if (const MspError* error = std::get_if<MspError>(&query)) {
    ReplyError(res, *error);
    return;
  }
  std::string host = req.Header("Host");
  if (host.empty()) host = "127.0.0.1";
  Reply(res, 200,
        ListTransactions(
            TransactionItems(*orders_), std::get<TransactionQuery>(query), req,
            absl::StrCat("http://", host, kApiPrefix, "transactions")));
}

void MspApi::GetTransactionRoute(const std::string& id, HttpResponse& res) {
  int64_t transaction_id = 0;
  std::optional<json> item;
  if (std::all_of(id.begin(), id.end(), absl::ascii_isdigit) &&
      absl::SimpleAtoi(id, &transaction_id)) {
    item = FindTransaction(TransactionItems(*orders_), transaction_id);
  }
  if (!item.has_value()) {
    // The OpenAPI file's 404 for this endpoint: {"message": "Not found"}.
    Reply(res, 404, json{{"message", "Not found"}});
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(*item)));
}

void MspApi::RecurringRoute(const std::vector<std::string>& parts,
                            const HttpRequest& req, HttpResponse& res) {
  RecurringTokens& tokens = orders_->tokens();
  const std::string& reference = parts[0];
  if (parts.size() == 1) {
    const std::optional<int> offset = NonNegative(req, "offset", 0);
    const std::optional<int> limit =
        NonNegative(req, "limit", kDefaultTokenLimit);
    if (!offset.has_value() || !limit.has_value()) {
      ReplyError(res, InvalidQueryError("Invalid limit or offset"));
      return;
    }
    Reply(res, 200, SuccessEnvelope(tokens.List(reference, *offset, *limit)));
    return;
  }
  const std::string& action = parts[1];
  const std::string& token = parts[2];
  if (action == "token") {
    std::optional<RecurringToken> found = tokens.Find(reference, token);
    if (!found.has_value()) {
      ReplyError(res, TokenNotFoundError());
      return;
    }
    Reply(res, 200, SuccessEnvelope(TokenJson(*found)));
  } else if (action == "remove") {
    if (!tokens.Remove(reference, token)) {
      ReplyError(res, TokenNotFoundError());
      return;
    }
    Reply(res, 200, SuccessEnvelope(json{{"removed", true}}));
  } else {
    if (!tokens.Find(reference, token).has_value()) {
      ReplyError(res, TokenNotFoundError());
      return;
    }
    // {"expiry_date": "2512"} (the schema's YYMM string) or 2512.
    const json body = json::parse(req.body, nullptr, false);
    std::string expiry;
    if (body.is_object() && body.contains("expiry_date")) {
      const json& value = body["expiry_date"];
      if (value.is_string()) expiry = value.get<std::string>();
      if (value.is_number_unsigned()) expiry = value.dump();
    }
    const bool yymm =
        expiry.size() == 4 &&
        std::all_of(expiry.begin(), expiry.end(), absl::ascii_isdigit) &&
        expiry.substr(2) >= "01" && expiry.substr(2) <= "12";
    if (!yymm || !tokens.UpdateExpiry(reference, token, expiry)) {
      ReplyError(res, TokenNotUpdatedError());
      return;
    }
    Reply(res, 200, SuccessEnvelope(json{{"updated", true}}));
  }
}

void ReplyOrder(const OrderStore& orders, const std::string& order_id,
                HttpResponse& res) {
  std::optional<json> order = orders.Get(order_id);
  if (!order.has_value()) {
    ReplyError(res, OrderNotFoundError());
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(*order)));
}

}  // namespace msp_emulator
