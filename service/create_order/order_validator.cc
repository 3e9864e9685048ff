// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_validator.h"

#include <utility>

#include "service/common/violations.h"
#include "service/create_order/cart_checks.h"
#include "service/create_order/customer_delivery_checks.h"
#include "service/create_order/gateway_info_checks.h"
#include "service/create_order/order_check_kit.h"
#include "service/create_order/order_field_checks.h"
#include "service/create_order/order_type_checks.h"
#include "service/create_order/payment_options_checks.h"
#include "service/create_order/request_limits.h"

namespace msp_gateway {

using ::payments::v1::CreateOrderRequest;

absl::Status ValidateCreateOrder(const CreateOrderRequest& request) {
  // No defaults: an empty string, which allocates nothing.
  return ValidateCreateOrder(request, OrderDefaults());
}

absl::Status ValidateCreateOrder(const CreateOrderRequest& request,
                                 const OrderDefaults& defaults) {
  Violations v("CreateOrder", CreateOrderRequest::descriptor());
  // First, and alone when it fails: every check below walks the elements.
  if (!CheckRequestLimits(request, v)) return std::move(v).ToStatus();
  // Violations come out in field order whatever the order of the checks,
  // but several problems of one field are joined in the order found.
  const OrderContext c = MakeOrderContext(request);
  CheckType(c, v);
  CheckOrderId(request.order_id(), v);
  CheckGateway(c, v);
  CheckCurrency(c, v);
  CheckAmount(c, v);
  CheckDescription(request, v);
  CheckPaymentOptions(request.payment_options(), defaults, v);
  CheckCustomer(c, v);
  CheckVars(request, v);
  CheckInvoice(request, v);
  CheckLifetime(request, v);
  CheckGatewayInfo(c, v);
  CheckDelivery(c, v);
  const CheckedRates rates = CheckCheckoutOptions(c, v);
  CheckCart(c, rates, v);
  CheckAffiliate(request, v);
  CheckRecurring(request, v);
  CheckCapture(c, v);
  CheckPaymentData(c, v);
  CheckCustomerVerification(request, v);
  CheckCustomFields(request, v);
  return std::move(v).ToStatus();
}

}  // namespace msp_gateway
