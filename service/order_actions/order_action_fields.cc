// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/order_action_fields.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"
#include "service/common/field_formats.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {

void CheckOptionalOrderId(absl::string_view field, bool has,
                          absl::string_view value, Violations& v) {
  if (!has) return;
  if (value.empty()) {
    v.Add(field, absl::StrCat("must not be empty when set: leave it unset "
                              "or give 1 to ",
                              kMaxOrderIdChars, " characters"));
    return;
  }
  CheckOrderIdText(field, value, v);
}

namespace {

// A UUID to show in messages: how a request_id looks.
constexpr absl::string_view kExampleUuid =
    "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f";

constexpr size_t kUuidChars = 36;

// MultiSafepay's limit of a description, which CheckDescriptionText()
// applies.
constexpr size_t kMspDescriptionChars = 200;

bool IsUuidDash(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

bool IsUuid(absl::string_view text) {
  if (text.size() != kUuidChars) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool ok =
        IsUuidDash(i)
            ? text[i] == '-'
            : absl::ascii_isxdigit(static_cast<unsigned char>(text[i]));
    if (!ok) return false;
  }
  return true;
}

void CheckRequestId(bool required, absl::string_view request_id,
                    Violations& v) {
  if (request_id.empty()) {
    if (required) {
      v.Add(kRequestIdField,
            absl::StrCat("is required: the idempotency key, a UUID such as ",
                         kExampleUuid,
                         ", made once per logical operation and sent again "
                         "unchanged only to retry it"));
    }
    return;
  }
  if (!IsUuid(request_id)) {
    v.Add(kRequestIdField,
          absl::StrCat("must be a UUID: 32 hexadecimal digits grouped "
                       "8-4-4-4-12 by '-', such as ",
                       kExampleUuid));
    return;
  }
  if (request_id.find_first_not_of("0-") == absl::string_view::npos) {
    v.Add(kRequestIdField,
          "must not be the nil UUID (all zeros): make a new random UUID for "
          "each logical operation");
  }
}

std::string RequestIdKey(absl::string_view request_id) {
  return absl::AsciiStrToLower(request_id);
}

void CheckMarkedDescription(absl::string_view field, absl::string_view text,
                            Violations& v) {
  const size_t chars = CharacterCount(text);
  if (chars > kMaxMarkedDescriptionChars) {
    v.Add(field, absl::StrCat("must be at most ", kMaxMarkedDescriptionChars,
                              " characters (MultiSafepay's 200 less the "
                              "\" [request_id:<uuid>]\" the gateway "
                              "appends), got ",
                              chars));
  }
  // The HTML rule in CheckDescriptionText()'s words. It would also repeat
  // the length problem in its own terms (MultiSafepay's 200) for a longer
  // text, which is reported above already: such a text is checked for HTML
  // once it is short enough.
  if (chars <= kMspDescriptionChars) CheckDescriptionText(field, text, v);
}

absl::Status UntranslatableError(absl::string_view rpc, absl::string_view field,
                                 absl::string_view problem) {
  return InvalidArgumentError(
      absl::StrCat(rpc,
                   " request has a value with no MultiSafepay "
                   "equivalent"),
      {{std::string(field), std::string(problem)}});
}

absl::Status ReadActionReply(MspOperation op, const MspReply& reply,
                             absl::FunctionRef<void(const MspFields&)> read) {
  if (!reply.data.is_object()) {
    return MspInvalidResponseError(op, reply.http_status, "",
                                   "\"data\" is not an object");
  }
  std::string problem;
  read(MspFields(reply.data, "", problem));
  if (!problem.empty()) {
    return MspInvalidResponseError(op, reply.http_status, "", problem);
  }
  return absl::OkStatus();
}

std::string FirstNonEmpty(const std::string& a, const std::string& b,
                          const std::string& c) {
  if (!a.empty()) return a;
  if (!b.empty()) return b;
  return c;
}

}  // namespace msp_gateway
