// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/payment_method.h"

#include "absl/strings/str_cat.h"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/msp_fields.h"

namespace msp_gateway {
namespace {

using ::nlohmann::json;
using ::payments::v1::IconUrls;

// A JSON boolean, or 1 / "1" / "yes" the way PHP backends print one.
bool Flag(const MspFields& f, absl::string_view key) {
  const std::string text = f.Text(key);
  return f.YesNo(key) || text == "1";
}

// The strings of array `key` (country and currency codes, field names);
// absent or null: none. Elements that are not strings are a problem.
template <typename Repeated>
void AddStrings(const json& object, const std::string& path,
                absl::string_view key, std::string& problem, Repeated& out) {
  const auto member = object.find(key);
  if (member == object.end() || member->is_null()) return;
  // PHP prints an empty list as {}.
  if (member->is_object() && member->empty()) return;
  if (!member->is_array()) {
    if (problem.empty()) {
      problem = absl::StrCat("\"", path, ".", key, "\" is not an array");
    }
    return;
  }
  for (const json& element : *member) {
    if (!element.is_string()) {
      if (problem.empty()) {
        problem = absl::StrCat("\"", path, ".", key, "\" holds a non-string");
      }
      return;
    }
    out.Add(element.get<std::string>());
  }
}

void MapIconUrls(const MspFields& f, absl::string_view key,
                 std::string& problem, IconUrls& out) {
  const json* icons = f.Object(key);
  if (icons == nullptr) return;
  const MspFields urls(*icons, f.PathOf(key), problem);
  out.set_large(urls.Text("large"));
  out.set_medium(urls.Text("medium"));
  out.set_vector(urls.Text("vector"));
}

}  // namespace

void MapMspPaymentMethod(const json& entry, const std::string& path,
                         std::string& problem,
                         payments::v1::PaymentMethod& out) {
  const MspFields f(entry, path, problem);
  out.set_id(f.Text("id"));
  if (out.id().empty()) {
    f.Problem(absl::StrCat("\"", f.PathOf("id"), "\" is missing"));
  }
  out.set_gateway(
      GatewayFromId(out.id()).value_or(payments::v1::GATEWAY_UNSPECIFIED));
  out.set_name(f.Text("name"));
  out.set_type(f.Text("type"));
  if (const json* allowed = f.Object("allowed_amount")) {
    const MspFields amount(*allowed, f.PathOf("allowed_amount"), problem);
    out.set_min_amount(amount.Int("min"));
    const auto max = allowed->find("max");
    if (max != allowed->end() && !max->is_null()) {
      out.set_max_amount(amount.Int("max"));
    }
  }
  AddStrings(entry, path, "allowed_countries", problem,
             *out.mutable_allowed_countries());
  AddStrings(entry, path, "allowed_currencies", problem,
             *out.mutable_allowed_currencies());
  AddStrings(entry, path, "preferred_countries", problem,
             *out.mutable_preferred_countries());
  AddStrings(entry, path, "required_customer_data", problem,
             *out.mutable_required_customer_data());
  out.set_shopping_cart_required(Flag(f, "shopping_cart_required"));
  if (const json* apps = f.Object("apps")) {
    const MspFields app(*apps, f.PathOf("apps"), problem);
    payments::v1::PaymentMethodApps& o = *out.mutable_apps();
    if (const json* fco = app.Object("fastcheckout")) {
      const MspFields fields(*fco, app.PathOf("fastcheckout"), problem);
      o.set_fastcheckout_enabled(Flag(fields, "is_enabled"));
      if (const json* qr = fields.Object("qr")) {
        o.set_fastcheckout_qr_supported(
            Flag(MspFields(*qr, fields.PathOf("qr"), problem), "supported"));
      }
    }
    if (const json* pc = app.Object("payment_components")) {
      const MspFields fields(*pc, app.PathOf("payment_components"), problem);
      o.set_payment_components_enabled(Flag(fields, "is_enabled"));
      o.set_payment_components_has_fields(Flag(fields, "has_fields"));
      if (const json* qr = fields.Object("qr")) {
        o.set_payment_components_qr_supported(
            Flag(MspFields(*qr, fields.PathOf("qr"), problem), "supported"));
      }
    }
  }
  for (const json* brand : f.Objects("brands")) {
    const MspFields b(
        *brand, absl::StrCat(f.PathOf("brands"), "[", out.brands_size(), "]"),
        problem);
    payments::v1::PaymentMethodBrand& o = *out.add_brands();
    o.set_id(b.Text("id"));
    o.set_name(b.Text("name"));
    MapIconUrls(b, "icon_urls", problem, *o.mutable_icon_urls());
  }
  MapIconUrls(f, "icon_urls", problem, *out.mutable_icon_urls());
  if (const json* tokenization = f.Object("tokenization")) {
    const MspFields t(*tokenization, f.PathOf("tokenization"), problem);
    payments::v1::Tokenization& o = *out.mutable_tokenization();
    o.set_enabled(Flag(t, "is_enabled"));
    if (const json* models = t.Object("models")) {
      const MspFields m(*models, t.PathOf("models"), problem);
      o.set_card_on_file(Flag(m, "cardonfile"));
      o.set_subscription(Flag(m, "subscription"));
      o.set_unscheduled(Flag(m, "unscheduled"));
    }
  }
}

}  // namespace msp_gateway
