// Copyright 2026 The msp-gateway Authors.
//
// File: msp_api.h
//
// The MultiSafepay JSON API under /v1/json, as emulator.h lists it: routing
// on the raw path (http_path.h), the API key check (api_key.h) after the
// route is known, and each endpoint's answer from the order store, the
// gateway catalogue and the modules of the endpoints the SDKs call besides
// orders: payment_methods.h, site_info.h (me, categories, api_token,
// issuers), transactions.h and recurring_tokens.h.

#ifndef MSP_GATEWAY_EMULATOR_MSP_API_H_
#define MSP_GATEWAY_EMULATOR_MSP_API_H_

#include <string>
#include <variant>
#include <vector>

#include "emulator/exact_json.h"
#include "emulator/http_message.h"
#include "emulator/msp_error.h"
#include "emulator/order_store.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// MspApi
//
// Thread-safe as far as the order store is: Handle() keeps no state.
class MspApi {
 public:
  // `api_key` empty: any key, or none, is accepted. `orders` must outlive
  // this object.
  MspApi(std::string api_key, OrderStore* orders);

  MspApi(const MspApi&) = delete;
  MspApi& operator=(const MspApi&) = delete;

  // Handle()
  //
  // Answers one API request. An unknown route is 404/1000 whatever the key;
  // a known route with a missing or wrong key is 401/1032, checked before
  // the body is read.
  void Handle(const HttpRequest& req, HttpResponse& res);

 private:
  void CreateOrder(const HttpRequest& req, HttpResponse& res);
  // Runs a refund, capture or update on `order_id` with the request body.
  void OrderAction(const std::string& order_id, const HttpRequest& req,
                   HttpResponse& res,
                   std::variant<nlohmann::json, MspError> (OrderStore::*action)(
                       const std::string&, const ExactJson&));
  void ListGatewaysRoute(const HttpRequest& req, HttpResponse& res);
  void GetGatewayRoute(const std::string& gateway_id, HttpResponse& res);
  void ListPaymentMethodsRoute(const HttpRequest& req, HttpResponse& res);
  void GetPaymentMethodRoute(const std::string& id, HttpResponse& res);
  void IssuersRoute(const std::string& gateway, HttpResponse& res);
  void ListTransactionsRoute(const HttpRequest& req, HttpResponse& res);
  void GetTransactionRoute(const std::string& id, HttpResponse& res);
  // /recurring/{reference}[/token|remove|update/{token}].
  void RecurringRoute(const std::vector<std::string>& parts,
                      const HttpRequest& req, HttpResponse& res);

  const std::string api_key_;
  OrderStore* const orders_;
};

// ReplyOrder()
//
// The success envelope around the order object of `order_id`, or 404/1006
// when there is no such order. GET /orders/{id} answers this, and so do the
// control surface's status changes.
void ReplyOrder(const OrderStore& orders, const std::string& order_id,
                HttpResponse& res);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_MSP_API_H_
