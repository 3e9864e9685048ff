// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/payment_options_checks.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/common/field_formats.h"
#include "service/create_order/order_check_kit.h"
#include "service/gateways/gateway_ids.h"

namespace msp_gateway {
namespace {

void CheckSettings(const payments::v1::PaymentSettings& settings,
                   Violations& v) {
  constexpr absl::string_view kPrefix = "payment_options.settings";
  for (int i = 0; i < settings.coupons().allow_size(); ++i) {
    const std::optional<payments::v1::Gateway> gateway =
        GatewayFromId(settings.coupons().allow(i));
    if (!gateway || *gateway < 100) {
      v.Add(absl::StrCat(kPrefix, ".coupons.allow[", i, "]"),
            "must be the gateway ID of a gift card, e.g. VVVGIFTCRD");
    }
  }
  const auto& mistercash = settings.gateways().mistercash();
  const std::string& position = mistercash.mobile_pay_button_position();
  if (!position.empty() && position != "top" && position != "bottom" &&
      position != "center") {
    v.Add(absl::StrCat(kPrefix,
                       ".gateways.mistercash.mobile_pay_button_position"),
          "must be top, bottom or center");
  }
  const std::string& qr_size = mistercash.qr_size();
  if (!qr_size.empty() &&
      !(qr_size.size() > 2 && qr_size.substr(qr_size.size() - 2) == "px" &&
        IsDigits(absl::string_view(qr_size).substr(0, qr_size.size() - 2), 1,
                 5))) {
    v.Add(absl::StrCat(kPrefix, ".gateways.mistercash.qr_size"),
          "must be a size in pixels such as \"500px\"");
  }
  const std::string& billink_type = settings.gateways().billink().type();
  if (!billink_type.empty() && billink_type != "P" && billink_type != "B") {
    v.Add(absl::StrCat(kPrefix, ".gateways.billink.type"),
          "must be P (consumer) or B (business)");
  }
  const std::string& redirect_mode = settings.fco().redirect_mode();
  if (!redirect_mode.empty() && redirect_mode != "redirect" &&
      redirect_mode != "modal") {
    v.Add(absl::StrCat(kPrefix, ".fco.redirect_mode"),
          "must be redirect or modal");
  }
  const std::string& issuers = settings.fco().issuers_display_mode();
  if (!issuers.empty() && issuers != "select" && issuers != "list") {
    v.Add(absl::StrCat(kPrefix, ".fco.issuers_display_mode"),
          "must be select or list");
  }
}

// With --notification_base_url the gateway sets both on every order: an
// order the caller pointed elsewhere would never reach the gateway's
// listener, so its changes would be lost to WatchOrderEvents.
void CheckGatewayOwnedNotifications(const payments::v1::PaymentOptions& options,
                                    Violations& v) {
  if (!options.notification_url().empty()) {
    v.Add("payment_options.notification_url",
          "must not be set: this gateway sets every order's notification_url "
          "to its own listener, receives MultiSafepay's notifications and "
          "emits each change as an order event; use WatchOrderEvents");
  }
  if (options.notification_method() !=
      payments::v1::NOTIFICATION_METHOD_UNSPECIFIED) {
    v.Add("payment_options.notification_method",
          "must not be set: this gateway receives every order's "
          "notifications itself (signed POST) and emits each change as an "
          "order event; use WatchOrderEvents");
  }
}

}  // namespace

void CheckPaymentOptions(const payments::v1::PaymentOptions& options,
                         const OrderDefaults& defaults, Violations& v) {
  CheckUrl("payment_options.notification_url", options.notification_url(), v);
  if (!payments::v1::NotificationMethod_IsValid(
          options.notification_method())) {
    v.Add("payment_options.notification_method",
          absl::StrCat("must be a defined NotificationMethod value, got ",
                       static_cast<int>(options.notification_method())));
  }
  if (defaults.owns_notifications()) {
    CheckGatewayOwnedNotifications(options, v);
  }
  CheckUrl("payment_options.redirect_url", options.redirect_url(), v);
  CheckUrl("payment_options.cancel_url", options.cancel_url(), v);
  CheckUrl("payment_options.feed_url", options.feed_url(), v);
  CheckSettings(options.settings(), v);
  std::string path;  // Reused by every country: see PathIn().
  for (int i = 0; i < options.allowed_countries_size(); ++i) {
    CheckCountry(PathIn(path, "payment_options.allowed_countries[", i, "]"),
                 options.allowed_countries(i), v);
  }
}

}  // namespace msp_gateway
