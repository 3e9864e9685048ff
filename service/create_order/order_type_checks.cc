// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_type_checks.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/create_order/gateway_rules.h"

namespace msp_gateway {

using ::payments::v1::CreateOrderRequest;

void CheckType(const OrderContext& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!payments::v1::OrderType_IsValid(request.type())) {
    v.Add("type", absl::StrCat("must be a defined OrderType value, got ",
                               static_cast<int>(request.type())));
    return;
  }
  if (c.rule != nullptr &&
      c.rule->gateway != payments::v1::GATEWAY_UNSPECIFIED && !c.rule->direct &&
      (request.type() == payments::v1::ORDER_TYPE_DIRECT ||
       request.type() == payments::v1::ORDER_TYPE_CHECKOUT)) {
    // A payment component may start a redirect-only method (Bancontact)
    // directly: the component did the customer's part.
    const bool component_direct =
        request.type() == payments::v1::ORDER_TYPE_DIRECT &&
        request.has_payment_data() && c.rule->payment_component;
    if (!component_direct) {
      v.Add("type", absl::StrCat(GatewayLabel(*c.rule),
                                 " supports only ORDER_TYPE_REDIRECT or "
                                 "ORDER_TYPE_PAYMENT_LINK, got ",
                                 payments::v1::OrderType_Name(request.type())));
      // The type is the mistake: what that type would need is noise.
      return;
    }
  }
  if (request.has_payment_data() &&
      request.type() != payments::v1::ORDER_TYPE_DIRECT) {
    v.Add("type",
          absl::StrCat("must be ORDER_TYPE_DIRECT when payment_data is set "
                       "(payment components), got ",
                       payments::v1::OrderType_Name(request.type())));
  }
  if (request.type() == payments::v1::ORDER_TYPE_CHECKOUT) {
    // FastCheckout (§2.1): cart, tax tables and both landing pages.
    constexpr absl::string_view kWhy =
        "is required when type is ORDER_TYPE_CHECKOUT (FastCheckout)";
    if (!request.has_shopping_cart()) v.Add("shopping_cart", kWhy);
    if (!request.checkout_options().has_tax_tables()) {
      v.Add("checkout_options.tax_tables", kWhy);
    }
    if (request.payment_options().redirect_url().empty()) {
      v.Add("payment_options.redirect_url", kWhy);
    }
    if (request.payment_options().cancel_url().empty()) {
      v.Add("payment_options.cancel_url", kWhy);
    }
  }
}

void CheckGateway(const OrderContext& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!payments::v1::Gateway_IsValid(request.gateway())) {
    v.Add("gateway", absl::StrCat("must be a defined Gateway value, got ",
                                  static_cast<int>(request.gateway())));
    return;
  }
  // Documented exceptions: a subsequent recurring payment names its token
  // and a payment component order its payment_data.gateway.
  if (request.type() == payments::v1::ORDER_TYPE_DIRECT &&
      request.gateway() == payments::v1::GATEWAY_UNSPECIFIED &&
      !RecurringOf(request).has_id && !request.has_payment_data()) {
    v.Add("gateway", "is required when type is ORDER_TYPE_DIRECT");
  }
}

void CheckRecurring(const CreateOrderRequest& request, Violations& v) {
  const payments::v1::Recurring& nested = request.recurring();
  // Each form on its own: an undefined number, and one thing set twice.
  bool models_defined = true;
  for (const auto& [field, model] :
       {std::pair<const char*, int>{"recurring_model",
                                    request.recurring_model()},
        std::pair<const char*, int>{"recurring.model", nested.model()}}) {
    if (payments::v1::RecurringModel_IsValid(model)) continue;
    v.Add(field,
          absl::StrCat("must be a defined RecurringModel value, got ", model));
    models_defined = false;
  }
  if (request.recurring_model() != payments::v1::RECURRING_MODEL_UNSPECIFIED &&
      nested.model() != payments::v1::RECURRING_MODEL_UNSPECIFIED) {
    v.Add("recurring.model",
          "set either recurring_model or recurring.model, not both");
  }
  if (request.has_recurring_id() && nested.has_id()) {
    v.Add("recurring.id", "set either recurring_id or recurring.id, not both");
  }
  // The rules of the recurring payment, whichever form carries it.
  const RecurringFields recurring = RecurringOf(request);
  if (models_defined && recurring.has_id &&
      recurring.model == payments::v1::RECURRING_MODEL_UNSPECIFIED) {
    // Reported in the form the token came in.
    v.Add(recurring.id_field == "recurring_id" ? "recurring_model"
                                               : "recurring.model",
          absl::StrCat("is required with ", recurring.id_field,
                       " (MultiSafepay needs the model on initial and "
                       "subsequent payments)"));
  }
  if (!recurring.has_id) return;
  if (recurring.id.empty()) {
    v.Add(recurring.id_field,
          "must not be empty: the token of the recurring "
          "payment");
  }
  if (request.type() != payments::v1::ORDER_TYPE_DIRECT) {
    v.Add(recurring.id_field,
          "is only used when type is ORDER_TYPE_DIRECT (a subsequent "
          "recurring payment)");
  }
}

void CheckCapture(const OrderContext& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!payments::v1::CaptureMode_IsValid(request.capture())) {
    v.Add("capture", absl::StrCat("must be a defined CaptureMode value, got ",
                                  static_cast<int>(request.capture())));
    return;
  }
  if (request.capture() == payments::v1::CAPTURE_MODE_MANUAL &&
      c.rule != nullptr && !c.rule->manual_capture) {
    v.Add("capture", absl::StrCat("CAPTURE_MODE_MANUAL needs a card gateway "
                                  "or GATEWAY_MISTERCASH, not ",
                                  GatewayLabel(*c.rule)));
  }
}

void CheckCustomerVerification(const CreateOrderRequest& request,
                               Violations& v) {
  if (!request.has_customer_verification()) return;
  const payments::v1::CustomerVerification& verification =
      request.customer_verification();
  if (verification.html().size() > kMaxCustomerVerificationHtmlBytes) {
    v.Add("customer_verification.html",
          absl::StrCat("must be at most ", kMaxCustomerVerificationHtmlBytes,
                       " bytes, got ", verification.html().size()));
  }
  v.CheckMaxChars("customer_verification.type", verification.type(),
                  kMaxCustomerVerificationTypeChars);
}

void CheckPaymentData(const OrderContext& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!request.has_payment_data()) return;
  const payments::v1::PaymentData& data = request.payment_data();
  if (data.payload().empty()) {
    v.Add("payment_data.payload",
          "is required: the encrypted payload from the component's "
          "getPaymentData()");
  }
  if (!payments::v1::Gateway_IsValid(data.gateway())) {
    v.Add("payment_data.gateway",
          absl::StrCat("must be a defined Gateway value, got ",
                       static_cast<int>(data.gateway())));
    return;
  }
  if (data.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
    if (request.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
      v.Add("payment_data.gateway",
            "is required when gateway is not set: the gateway chosen in the "
            "payment component");
    }
    return;
  }
  if (request.gateway() != payments::v1::GATEWAY_UNSPECIFIED &&
      data.gateway() != request.gateway()) {
    v.Add("payment_data.gateway",
          absl::StrCat("must equal gateway (",
                       payments::v1::Gateway_Name(request.gateway()), "), got ",
                       payments::v1::Gateway_Name(data.gateway())));
    return;
  }
  const GatewayRule* rule = GatewayRuleFor(data.gateway());
  if (rule != nullptr && !rule->payment_component) {
    v.Add(request.gateway() == payments::v1::GATEWAY_UNSPECIFIED
              ? "payment_data.gateway"
              : "gateway",
          absl::StrCat(GatewayLabel(*rule),
                       " is not available in payment components"));
  }
}

void CheckCustomFields(const CreateOrderRequest& request, Violations& v) {
  if (request.custom_fields_size() > 0 &&
      request.type() != payments::v1::ORDER_TYPE_CHECKOUT) {
    v.Add("custom_fields",
          "is only used when type is ORDER_TYPE_CHECKOUT (FastCheckout)");
  }
}

}  // namespace msp_gateway
