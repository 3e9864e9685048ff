// Copyright 2026 The msp-gateway Authors.

#include "emulator/msp_error.h"

#include <utility>

namespace msp_emulator {

MspError NotFoundError() { return {404, kErrorNotFound, "Not found"}; }

MspError InvalidBodyError() {
  return {400, kErrorNotFound, "Invalid request body"};
}

MspError InvalidTypeError() {
  return {400, kErrorNotFound, "Invalid order type"};
}

MspError InvalidAmountError() {
  return {400, kErrorInvalidAmount, "Invalid amount"};
}

MspError InvalidCurrencyError() {
  return {400, kErrorInvalidCurrency, "Invalid currency"};
}

MspError InvalidOrderIdError() {
  return {400, kErrorInvalidTransactionId, "Invalid order ID"};
}

MspError OrderAlreadyPaidError() {
  return {409, kErrorInvalidTransactionId, "Invalid transaction ID"};
}

MspError OrderNotFoundError() {
  return {404, kErrorInvalidTransactionId, "Invalid transaction ID"};
}

MspError InvalidIpAddressError() {
  return {400, kErrorInvalidIpAddress, "Invalid IP address"};
}

MspError InvalidDescriptionError() {
  return {400, kErrorInvalidDescription, "Invalid description"};
}

MspError InvalidVariableError() {
  return {400, kErrorInvalidVariable, "Invalid variable"};
}

MspError InvalidCountryCodeError() {
  return {400, kErrorInvalidCountryCode, "Invalid country code"};
}

MspError NoGatewayAvailableError() {
  return {404, kErrorNoGatewayAvailable,
          "No gateway (payment method) available"};
}

MspError InvalidApiKeyError() {
  return {401, kErrorInvalidApiKey, "Invalid API key"};
}

MspError MissingDataError(const std::string& what) {
  return {400, kErrorMissingData, "Missing data: " + what};
}

MspError CartMultipleCurrenciesError() {
  return {400, kErrorCartMultipleCurrencies, "Multiple currencies in cart"};
}

MspError CartCurrencyMismatchError() {
  return {400, kErrorCartCurrencyMismatch,
          "Cart currency is not the order currency"};
}

MspError CartAmountMismatchError() {
  return {400, kErrorCartAmountMismatch, "Cart amount is not the order amount"};
}

MspError InvalidCustomTaxRateError() {
  return {400, kErrorInvalidCustomTaxRate, "Incorrect custom tax rate"};
}

MspError InvalidItemTaxRateError() {
  return {400, kErrorInvalidItemTaxRate, "Incorrect item tax rate"};
}

MspError InvalidItemCurrencyError() {
  return {400, kErrorInvalidItemCurrency, "Incorrect item currency"};
}

MspError InvalidItemPriceError() {
  return {400, kErrorInvalidItemPrice, "Incorrect item price"};
}

MspError UpdateOrderNotFoundError() {
  return {404, kErrorNotFound, "Not found"};
}

MspError OrderNotUpdatableError() { return {410, kErrorNotFound, "Not found"}; }

MspError InvalidUpdateError(const std::string& info) {
  return {400, kErrorNotFound, info};
}

MspError CannotCaptureError(const std::string& info) {
  return {400, kErrorCannotCreateTransaction,
          "Cannot create transaction: " + info};
}

MspError CannotRefundError(const std::string& info) {
  return {400, kErrorCannotRefund, "Cannot refund transaction: " + info};
}

MspError TokenNotFoundError() {
  return {404, kErrorNotFound, "Not found: token", true};
}

MspError TokenNotUpdatedError() {
  return {410, kErrorNotFound, "Token not updated", true};
}

MspError PaymentMethodNotFoundError() {
  return {404, kErrorNoGatewayAvailable,
          "No gateway (payment method) available", true};
}

MspError IssuersNotFoundError() {
  return {404, kErrorNotFound, "Not found", true};
}

MspError InvalidQueryError(const std::string& info) {
  return {400, kErrorNotFound, info};
}

nlohmann::json ErrorEnvelope(const MspError& error) {
  return {{"success", false},
          {"data", error.data_is_array ? nlohmann::json::array()
                                       : nlohmann::json::object()},
          {"error_code", error.code},
          {"error_info", error.info}};
}

nlohmann::json SuccessEnvelope(nlohmann::json data) {
  return {{"success", true}, {"data", std::move(data)}};
}

}  // namespace msp_emulator
