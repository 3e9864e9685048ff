// Copyright 2026 The msp-gateway Authors.

#include "service/notifications/notification_payload.h"

#include <iterator>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace {

using nlohmann::json;

absl::Status Invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("notification body: ", what));
}

// The member `name` of `object`, or nullptr when absent or null (MultiSafepay
// sends null for unset fields, e.g. "financial_status": null).
const json* Member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

absl::Status ReadString(const json& object, const char* name, bool required,
                        std::string* out) {
  const json* value = Member(object, name);
  if (value == nullptr) {
    return required ? Invalid(absl::StrCat("`", name, "` is missing"))
                    : absl::OkStatus();
  }
  if (!value->is_string()) {
    return Invalid(absl::StrCat("`", name, "` is not a string"));
  }
  *out = value->get<std::string>();
  if (required && out->empty()) {
    return Invalid(absl::StrCat("`", name, "` is empty"));
  }
  return absl::OkStatus();
}

// Cents: a JSON integer in [0, INT64_MAX]. A fraction would have been kept as
// a string by kExactDecimals and is refused here like any other non-integer.
absl::Status ReadCents(const json& object, const char* name, bool required,
                       std::optional<int64_t>* out) {
  const json* value = Member(object, name);
  if (value == nullptr) {
    return required ? Invalid(absl::StrCat("`", name, "` is missing"))
                    : absl::OkStatus();
  }
  if (value->is_number_unsigned()) {
    const uint64_t cents = value->get<uint64_t>();
    if (cents > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Invalid(absl::StrCat("`", name, "` is out of range"));
    }
    *out = static_cast<int64_t>(cents);
    return absl::OkStatus();
  }
  if (value->is_number_integer()) {
    const int64_t cents = value->get<int64_t>();
    if (cents < 0) return Invalid(absl::StrCat("`", name, "` is negative"));
    *out = cents;
    return absl::OkStatus();
  }
  return Invalid(absl::StrCat("`", name, "` is not an integer amount"));
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The PSP id: an integer (as in GET order) or a string of digits.
absl::Status ReadTransactionId(const json& object, std::string* out) {
  const json* value = Member(object, "transaction_id");
  if (value == nullptr) return absl::OkStatus();
  if (value->is_number_unsigned()) {
    *out = absl::StrCat(value->get<uint64_t>());
  } else if (value->is_number_integer() && value->get<int64_t>() >= 0) {
    *out = absl::StrCat(value->get<int64_t>());
  } else if (value->is_string() && AllDigits(value->get<std::string>())) {
    *out = value->get<std::string>();
  } else {
    return Invalid("`transaction_id` is not a decimal id");
  }
  return absl::OkStatus();
}

}  // namespace

NotificationKind KindOfPayloadType(absl::string_view payload_type) {
  return payload_type.empty() ? NotificationKind::kOrderChange
                              : NotificationKind::kIgnorable;
}

absl::StatusOr<NotificationPayload> ParseNotificationBody(
    absl::string_view body, absl::string_view query_payload_type,
    size_t max_bytes) {
  JsonLimits limits;
  limits.max_depth = kMaxNotificationJsonDepth;
  limits.max_bytes = max_bytes;
  absl::StatusOr<json> parsed =
      ParseBoundedJson(body, JsonNumbers::kExactDecimals, limits);
  if (!parsed.ok()) return Invalid(parsed.status().message());
  if (!parsed->is_object()) return Invalid("is not a JSON object");
  const json& order = *parsed;

  NotificationPayload payload;
  payload.payload_type = std::string(query_payload_type);
  if (absl::Status s =
          ReadString(order, "payload_type", false, &payload.payload_type);
      !s.ok()) {
    return s;
  }
  payload.kind = KindOfPayloadType(payload.payload_type);
  // An ignorable notice is read best effort: its fields only help a log.
  const bool required = payload.kind == NotificationKind::kOrderChange;

  std::optional<int64_t> amount;
  absl::Status s = ReadString(order, "order_id", required, &payload.order_id);
  if (s.ok()) s = ReadString(order, "status", required, &payload.status);
  if (s.ok()) s = ReadCents(order, "amount", required, &amount);
  if (s.ok()) s = ReadString(order, "currency", required, &payload.currency);
  if (s.ok()) s = ReadTransactionId(order, &payload.transaction_id);
  if (s.ok()) {
    s = ReadString(order, "financial_status", false, &payload.financial_status);
  }
  if (s.ok())
    s = ReadCents(order, "amount_refunded", false, &payload.amount_refunded);
  if (s.ok()) s = ReadString(order, "modified", false, &payload.modified);
  if (!s.ok()) {
    if (!required) {
      // Still acknowledged and ignored; what could be read is kept.
      return payload;
    }
    return s;
  }
  payload.amount = amount.value_or(0);
  return payload;
}

absl::StatusOr<NotificationQuery> ParseNotificationQuery(
    const NotificationParams& params, bool require_transaction_id) {
  NotificationQuery query;
  const auto read = [&](absl::string_view name,
                        std::string* out) -> absl::Status {
    const auto [first, last] = params.equal_range(std::string(name));
    if (first == last) return absl::OkStatus();
    if (std::next(first) != last) {
      return absl::InvalidArgumentError(
          absl::StrCat("notification query: `", name, "` is repeated"));
    }
    *out = first->second;
    return absl::OkStatus();
  };
  if (absl::Status s = read(kTransactionIdParam, &query.transaction_id);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = read(kTimestampParam, &query.timestamp); !s.ok()) {
    return s;
  }
  if (absl::Status s = read(kPayloadTypeParam, &query.payload_type); !s.ok()) {
    return s;
  }
  if (require_transaction_id && query.transaction_id.empty()) {
    return absl::InvalidArgumentError(
        "notification query: `transactionid` is missing");
  }
  return query;
}

}  // namespace msp_gateway
