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
#include "absl/strings/string_view.h"
#include "emulator/api_key.h"
#include "emulator/exact_json.h"
#include "emulator/gateway_catalog.h"
#include "emulator/http_path.h"
#include "emulator/http_reply.h"
#include "emulator/iso_codes.h"
#include "emulator/msp_error.h"
#include "emulator/order_rules.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr absl::string_view kOrdersPath = "/v1/json/orders";
constexpr absl::string_view kOrderPathPrefix = "/v1/json/orders/";
constexpr absl::string_view kGatewaysPath = "/v1/json/gateways";
constexpr absl::string_view kGatewayPathPrefix = "/v1/json/gateways/";

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
  if (std::string country = req.Param("country"); !country.empty()) {
    country = absl::AsciiStrToUpper(country);
    if (!IsIsoCountry(country)) {
      ReplyError(res, InvalidCountryCodeError());
      return;
    }
    filter.country = country;
  }
  if (std::string currency = req.Param("currency"); !currency.empty()) {
    currency = absl::AsciiStrToUpper(currency);
    if (!IsIsoCurrency(currency)) {
      ReplyError(res, InvalidCurrencyError());
      return;
    }
    filter.currency = currency;
  }
  if (const std::string amount = req.Param("amount"); !amount.empty()) {
    int64_t value = 0;
    if (!std::all_of(amount.begin(), amount.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(amount, &value)) {
      ReplyError(res, InvalidAmountError());
      return;
    }
    filter.amount = value;
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
