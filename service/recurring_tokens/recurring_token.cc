// Copyright 2026 The msp-gateway Authors.

#include "service/recurring_tokens/recurring_token.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "service/common/field_formats.h"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/msp_fields.h"

namespace msp_gateway {

void CheckRecurringId(absl::string_view field, absl::string_view value,
                      Violations& v) {
  if (value.empty()) {
    v.Add(field, "is required");
    return;
  }
  v.CheckMaxChars(field, value, kMaxRecurringIdChars);
  const bool control = std::any_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control) v.Add(field, "must not contain control characters");
}

void MapMspRecurringToken(const nlohmann::json& entry, const std::string& path,
                          std::string& problem,
                          payments::v1::RecurringToken& out) {
  const MspFields f(entry, path, problem);
  out.set_token(f.Text("token"));
  if (out.token().empty()) {
    f.Problem(absl::StrCat("\"", f.PathOf("token"), "\" is missing"));
  }
  out.set_code(f.Text("code"));
  out.set_gateway(
      GatewayFromId(out.code()).value_or(payments::v1::GATEWAY_UNSPECIFIED));
  out.set_display(f.Text("display"));
  out.set_bin(f.Text("bin"));
  out.set_name_holder(f.Text("name_holder"));
  out.set_expiry_date(f.Digits("expiry_date", 4));
  out.set_expired(f.YesNo("expired") || f.Text("expired") == "1");
  out.set_last4(f.Digits("last4", 4));
  // Older answers name it `model`.
  out.set_recurring_model(f.TextOf({"recurring_model", "model"}));
}

}  // namespace msp_gateway
