// Copyright 2026 The msp-gateway Authors.
//
// File: msp_error.h
//
// A MultiSafepay API error: the `error_code`/`error_info` pair of the failure
// envelope plus the HTTP status it is answered with, and one named constructor
// per error the emulator reports, so every status choice is made here.
//
// MultiSafepay documents 401 for 1032, 404 for an unknown order (1006 on GET)
// and for 1023, 410 with 1000 for a PATCH it cannot apply, and describes other
// errors only generically (an error envelope with a 4xx). The SDKs and the
// gateway decide by `error_code`, never by the status, so for the undocumented
// cases the emulator picks the closest HTTP meaning: 400 for a request that
// fails validation or a business rule (refund, capture), and 409 for an
// order_id that was already paid.

#ifndef MSP_GATEWAY_EMULATOR_MSP_ERROR_H_
#define MSP_GATEWAY_EMULATOR_MSP_ERROR_H_

#include <string>

#include "nlohmann/json.hpp"

namespace msp_emulator {

// Error codes from the MultiSafepay error reference that the emulator uses.
inline constexpr int kErrorNotFound = 1000;  // also "unknown error"
inline constexpr int kErrorInvalidAmount = 1001;
inline constexpr int kErrorInvalidCurrency = 1002;
inline constexpr int kErrorInvalidTransactionId = 1006;
inline constexpr int kErrorInvalidIpAddress = 1007;
inline constexpr int kErrorInvalidDescription = 1008;
inline constexpr int kErrorInvalidVariable = 1010;
inline constexpr int kErrorMissingData = 1016;
inline constexpr int kErrorInvalidCountryCode = 1018;
inline constexpr int kErrorCannotCreateTransaction = 1021;
inline constexpr int kErrorNoGatewayAvailable = 1023;
inline constexpr int kErrorCartMultipleCurrencies = 1025;
inline constexpr int kErrorCartCurrencyMismatch = 1026;
inline constexpr int kErrorCartAmountMismatch = 1027;
inline constexpr int kErrorInvalidCustomTaxRate = 1028;
inline constexpr int kErrorInvalidItemTaxRate = 1029;
inline constexpr int kErrorInvalidItemCurrency = 1030;
inline constexpr int kErrorInvalidItemPrice = 1031;
inline constexpr int kErrorInvalidApiKey = 1032;
inline constexpr int kErrorCannotRefund = 1034;

// MspError
//
// One error as MultiSafepay reports it. MultiSafepay reports a single error
// per request, so validation stops at the first one.
struct MspError {
  int http_status = 400;
  int code = kErrorNotFound;
  std::string info;
  // The envelope's `data` is [] instead of {}: MultiSafepay's errors of the
  // token, payment-method and issuer endpoints (the OpenAPI 404Error and
  // 410 shapes) are written that way, and SDKs must cope with both.
  bool data_is_array = false;
};

inline bool operator==(const MspError& a, const MspError& b) {
  return a.http_status == b.http_status && a.code == b.code &&
         a.info == b.info && a.data_is_array == b.data_is_array;
}

// Route or resource unknown: HTTP 404, 1000 "Not found" (MultiSafepay's
// answer for unknown resources such as tokens and PATCH targets).
MspError NotFoundError();
// The body is not a JSON object: HTTP 400, 1000. MultiSafepay documents no
// code for this; 1000 is its generic one.
MspError InvalidBodyError();
// `type` is not one of redirect, direct, paymentlink, checkout: HTTP 400,
// 1000 (no documented code either).
MspError InvalidTypeError();
// HTTP 400, 1001 "Invalid amount".
MspError InvalidAmountError();
// HTTP 400, 1002 "Invalid currency".
MspError InvalidCurrencyError();
// `order_id` missing, empty, too long or not a string: HTTP 400, 1006
// "Invalid order ID".
MspError InvalidOrderIdError();
// Create with an order_id whose transaction was already paid: HTTP 409, 1006
// "Invalid transaction ID" (the exact MultiSafepay wording).
MspError OrderAlreadyPaidError();
// GET of an unknown order: HTTP 404, 1006 "Invalid transaction ID".
MspError OrderNotFoundError();
// HTTP 400, 1007 "Invalid IP address".
MspError InvalidIpAddressError();
// HTTP 400, 1008 "Invalid description".
MspError InvalidDescriptionError();
// HTTP 400, 1010 "Invalid variable".
MspError InvalidVariableError();
// HTTP 400, 1018 "Invalid country code".
MspError InvalidCountryCodeError();
// HTTP 404, 1023 "No gateway (payment method) available".
MspError NoGatewayAvailableError();
// HTTP 401, 1032 "Invalid API key".
MspError InvalidApiKeyError();

// Create-order data MultiSafepay requires for the gateway family is missing
// (BNPL customer, delivery, cart or tax tables; FastCheckout cart and URLs;
// MB WAY and Amazon Pay phone): HTTP 400, 1016 "Missing data". MultiSafepay
// documents no dedicated code; 1016 is its "missing data" code.
MspError MissingDataError(const std::string& what);
// Cart lines in more than one currency: HTTP 400, 1025.
MspError CartMultipleCurrenciesError();
// The cart's currency is not the order's: HTTP 400, 1026.
MspError CartCurrencyMismatchError();
// The cart total (rounding rule) is not the order amount: HTTP 400, 1027.
MspError CartAmountMismatchError();
// A tax table rate that is not a fraction in [0, 1): HTTP 400, 1028.
MspError InvalidCustomTaxRateError();
// A line's tax table is unknown, or its rate is not allowed for the gateway:
// HTTP 400, 1029.
MspError InvalidItemTaxRateError();
// A line's currency is not an ISO 4217 code: HTTP 400, 1030.
MspError InvalidItemCurrencyError();
// A line's unit_price or quantity is not a decimal number: HTTP 400, 1031.
MspError InvalidItemPriceError();

// PATCH of an unknown order: HTTP 404, 1000 "Not found".
MspError UpdateOrderNotFoundError();
// PATCH that the order's state does not allow (cancelling a paid order,
// shipping an unpaid one, extending a non-Klarna order): HTTP 410, 1000
// "Not found", as MultiSafepay answers for closed orders.
MspError OrderNotUpdatableError();
// A PATCH body with no known update, or an unknown `status`: HTTP 400, 1000.
MspError InvalidUpdateError(const std::string& info);
// Capture of an order that is not an authorised manual-capture order, or
// beyond the authorised amount: HTTP 400, 1021 "Cannot create transaction"
// (no capture transaction can be created).
MspError CannotCaptureError(const std::string& info);
// Refund refused (order not paid, more than remains, the same amount again
// within 5 minutes, no refund lines): HTTP 400, 1034 "Cannot refund
// transaction".
MspError CannotRefundError(const std::string& info);

// An unknown recurring token (GET, DELETE or PATCH of
// /recurring/{reference}/...): HTTP 404, 1000 "Not found: token", data [].
MspError TokenNotFoundError();
// A token update without a valid `expiry_date` (YYMM): HTTP 410, 1000
// "Token not updated", data [] (MultiSafepay's wording for a refused update).
MspError TokenNotUpdatedError();
// GET /payment-methods/{id} of an unknown method: HTTP 404, 1023 "No gateway
// (payment method) available", data [].
MspError PaymentMethodNotFoundError();
// GET /issuers/{gateway} for a gateway without issuers (only MyBank has
// them): HTTP 404, 1000 "Not found", data []. An unknown gateway is
// PaymentMethodNotFoundError().
MspError IssuersNotFoundError();
// A malformed list query (`limit` outside 1..1000, an unknown cursor, a
// timestamp that is not YYYY-MM-DD[THH:MM:SS]): HTTP 400, 1000.
MspError InvalidQueryError(const std::string& info);

// ErrorEnvelope()
//
// The failure envelope:
// {"success":false,"data":{},"error_code":N,"error_info":"..."} (data []
// when the error says so).
nlohmann::json ErrorEnvelope(const MspError& error);

// SuccessEnvelope()
//
// The success envelope: {"success":true,"data":<data>}.
nlohmann::json SuccessEnvelope(nlohmann::json data);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_MSP_ERROR_H_
