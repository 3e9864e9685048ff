// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_check_kit.h"

#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "service/common/field_formats.h"
#include "service/common/iso_codes.h"

namespace msp_gateway {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::payments::v1::CreateOrderRequest;

// MultiSafepay limits (docs: customer object).
constexpr size_t kMinNameChars = 2;
constexpr size_t kMaxNameChars = 25;
constexpr size_t kMaxEmailChars = 64;

// Whether `field_number` of `message` carries a value: a set message, a set
// scalar, or a set non-empty string ("" counts as not provided).
bool IsProvided(const Message& message, int field_number) {
  const FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByNumber(field_number);
  if (field == nullptr || field->is_repeated()) return false;
  const auto* reflection = message.GetReflection();
  if (!reflection->HasField(message, field)) return false;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    // By reference: a copy of every checked string would allocate.
    std::string scratch;
    return !reflection->GetStringReference(message, field, &scratch).empty();
  }
  return true;
}

bool IsGender(absl::string_view gender) {
  for (absl::string_view allowed :
       {"M", "F", "male", "female", "mr", "mrs", "miss"}) {
    if (gender == allowed) return true;
  }
  return false;
}

}  // namespace

RecurringFields RecurringOf(const CreateOrderRequest& request) {
  const payments::v1::Recurring& nested = request.recurring();
  RecurringFields fields{request.recurring_model(), "recurring_model",
                         request.has_recurring_id(), request.recurring_id(),
                         "recurring_id"};
  if (fields.model == payments::v1::RECURRING_MODEL_UNSPECIFIED &&
      nested.model() != payments::v1::RECURRING_MODEL_UNSPECIFIED) {
    fields.model = nested.model();
    fields.model_field = "recurring.model";
  }
  if (!fields.has_id && nested.has_id()) {
    fields.has_id = true;
    fields.id = nested.id();
    fields.id_field = "recurring.id";
  }
  return fields;
}

OrderContext MakeOrderContext(const CreateOrderRequest& request) {
  payments::v1::Gateway effective = request.gateway();
  if (effective == payments::v1::GATEWAY_UNSPECIFIED &&
      request.has_payment_data()) {
    effective = request.payment_data().gateway();
  }
  return OrderContext{request, GatewayRuleFor(effective),
                      request.type() == payments::v1::ORDER_TYPE_DIRECT,
                      RecurringOf(request).has_id || request.has_payment_data(),
                      !request.delivery().country().empty()
                          ? request.delivery().country()
                          : request.customer().country()};
}

std::string GatewayLabel(const GatewayRule& rule) {
  if (rule.gateway == payments::v1::GATEWAY_UNSPECIFIED) {
    return "no gateway (payment page)";
  }
  return absl::StrCat(payments::v1::Gateway_Name(rule.gateway), " (", rule.name,
                      ")");
}

void RequireFields(const Message& message, uint64_t mask,
                   absl::string_view prefix, const GatewayRule& rule,
                   absl::string_view qualifier, Violations& v) {
  const Descriptor* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->number() >= 64 || (mask & FieldBit(field->number())) == 0) {
      continue;
    }
    if (!IsProvided(message, field->number())) {
      v.Add(absl::StrCat(prefix, ".", field->name()),
            absl::StrCat("is required for ", GatewayLabel(rule), qualifier));
    }
  }
}

void CheckName(absl::string_view field, absl::string_view name, Violations& v) {
  if (name.empty()) return;
  const size_t chars = CharacterCount(name);
  if (chars < kMinNameChars || chars > kMaxNameChars) {
    v.Add(field, absl::StrCat("must be ", kMinNameChars, " to ", kMaxNameChars,
                              " characters, got ", chars));
  }
}

void CheckEmail(absl::string_view field, absl::string_view email,
                Violations& v) {
  if (email.empty()) return;
  v.CheckMaxChars(field, email, kMaxEmailChars);
  if (!IsEmailAddress(email)) {
    v.Add(field, "must be an email address (name@example.com)");
  }
}

void CheckCountry(absl::string_view field, absl::string_view country,
                  Violations& v) {
  if (!country.empty() && !IsIsoCountry(country)) {
    v.Add(field, "must be an ISO 3166-1 alpha-2 code in upper case, e.g. BE");
  }
}

void CheckIp(absl::string_view field, absl::string_view ip, Violations& v) {
  if (!ip.empty() && !IsIpAddress(ip)) {
    v.Add(field, "must be a single IPv4 or IPv6 address");
  }
}

void CheckGender(absl::string_view field, absl::string_view gender,
                 Violations& v) {
  if (!gender.empty() && !IsGender(gender)) {
    v.Add(field, "must be one of M, F, male, female, mr, mrs, miss");
  }
}

}  // namespace msp_gateway
