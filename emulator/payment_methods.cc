// Copyright 2026 The msp-gateway Authors.

#include "emulator/payment_methods.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr char kCardGroup[] = "CREDITCARD";
constexpr const char* kCardSchemes[] = {"VISA", "MASTERCARD", "AMEX",
                                        "MAESTRO"};

json CodeList(const char* list) {
  json codes = json::array();
  if (*list == '\0') return codes;
  for (absl::string_view code : absl::StrSplit(list, ',')) {
    codes.push_back(std::string(code));
  }
  return codes;
}

json IconUrls(const std::string& id) {
  const std::string name = absl::AsciiStrToLower(id);
  return {
      {"large", absl::StrCat("https://media.multisafepay.com/img/methods/3x/",
                             name, ".png")},
      {"medium", absl::StrCat("https://media.multisafepay.com/img/methods/2x/",
                              name, ".png")},
      {"vector", absl::StrCat("https://media.multisafepay.com/img/methods/svg/",
                              name, ".svg")},
  };
}

bool IsCardScheme(const GatewayInfo& gateway) {
  return gateway.family == GatewayFamily::kCard &&
         absl::string_view(gateway.id) != kCardGroup;
}

bool Tokenisable(const GatewayInfo& gateway) {
  const absl::string_view id = gateway.id;
  return gateway.family == GatewayFamily::kCard || id == "IDEAL" ||
         id == "DIRDEB" || id == "DIRECTBANK" || id == "MISTERCASH";
}

bool Passes(const GatewayInfo& gateway, const PaymentMethodFilter& filter) {
  const bool coupon = gateway.family == GatewayFamily::kGiftCard;
  if (coupon && !filter.include_coupons) return false;
  if (filter.type.has_value() &&
      *filter.type != (coupon ? "coupon" : "payment-method")) {
    return false;
  }
  return (!filter.country.has_value() ||
          AllowsCountry(gateway, *filter.country)) &&
         (!filter.currency.has_value() ||
          AllowsCurrency(gateway, *filter.currency)) &&
         (!filter.amount.has_value() || AllowsAmount(gateway, *filter.amount));
}

}  // namespace

bool QueryFlag(absl::string_view value) {
  return value == "1" || absl::EqualsIgnoreCase(value, "true");
}

json PaymentMethodJson(const GatewayInfo& gateway) {
  const bool coupon = gateway.family == GatewayFamily::kGiftCard;
  const bool bnpl = gateway.family == GatewayFamily::kBnpl;
  json brands = json::array();
  if (absl::string_view(gateway.id) == kCardGroup) {
    for (const char* scheme : kCardSchemes) {
      const GatewayInfo* info = FindGateway(scheme);
      brands.push_back({{"id", info->id},
                        {"name", info->description},
                        {"icon_urls", IconUrls(info->id)}});
    }
  }
  json countries = CodeList(gateway.countries);
  json tokenization = {{"is_enabled", false}, {"models", nullptr}};
  if (Tokenisable(gateway)) {
    tokenization = {{"is_enabled", true},
                    {"models",
                     {{"cardonfile", true},
                      {"subscription", true},
                      {"unscheduled", true}}}};
  }
  json required = json::array();
  if (bnpl) {
    required = {"first_name",   "last_name", "address1",
                "house_number", "zip_code",  "city",
                "country",      "email",     "phone"};
  }
  return {
      {"additional_data", json::object()},
      {"allowed_amount",
       {{"min", gateway.min_amount},
        {"max",
         gateway.max_amount == 0 ? json(nullptr) : json(gateway.max_amount)}}},
      {"allowed_countries", countries},
      {"allowed_currencies", CodeList(gateway.currencies)},
      {"apps",
       {{"fastcheckout",
         {{"is_enabled", !coupon}, {"qr", {{"supported", false}}}}},
        {"payment_components",
         {{"is_enabled", gateway.component},
          {"has_fields", gateway.family == GatewayFamily::kCard},
          {"qr", {{"supported", false}}}}}}},
      {"brands", std::move(brands)},
      {"icon_urls", IconUrls(gateway.id)},
      {"id", gateway.id},
      {"name", gateway.description},
      // A method sold in one market is preferred there.
      {"preferred_countries",
       countries.size() == 1 ? countries : json::array()},
      {"required_customer_data", std::move(required)},
      {"shopping_cart_required", bnpl},
      {"tokenization", std::move(tokenization)},
      {"type", coupon ? "coupon" : "payment-method"},
  };
}

json ListPaymentMethods(const PaymentMethodFilter& filter) {
  json list = json::array();
  bool cards_listed = false;
  for (const GatewayInfo& gateway : AllGateways()) {
    if (!Passes(gateway, filter)) continue;
    const bool group = absl::string_view(gateway.id) == kCardGroup;
    if (filter.group_cards) {
      if (IsCardScheme(gateway)) {
        // One entry for every scheme, where the first one stood.
        if (cards_listed) continue;
        cards_listed = true;
        list.push_back(PaymentMethodJson(*FindGateway(kCardGroup)));
        continue;
      }
      if (group) continue;
    } else if (group) {
      continue;
    }
    list.push_back(PaymentMethodJson(gateway));
  }
  return list;
}

}  // namespace msp_emulator
