// Copyright 2026 The msp-gateway Authors.

#include "service/common/violations.h"

#include <algorithm>
#include <climits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/common/field_formats.h"
#include "service/common/iso_codes.h"

namespace msp_gateway {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;

constexpr size_t kMaxDescriptionChars = 200;
constexpr int kMaxDecimalIntegerDigits = 15;

// The position of `path` in a `request` message, as the protobuf field
// numbers (and repeated-field indexes) along it.
std::vector<int> FieldOrderKey(const Descriptor* request,
                               absl::string_view path) {
  std::vector<int> key;
  const Descriptor* message = request;
  for (absl::string_view segment : absl::StrSplit(path, '.')) {
    int index = -1;
    const size_t bracket = segment.find('[');
    if (bracket != absl::string_view::npos) {
      absl::string_view digits = segment.substr(bracket + 1);
      digits = digits.substr(0, digits.find(']'));
      if (!absl::SimpleAtoi(digits, &index)) index = INT_MAX;
      segment = segment.substr(0, bracket);
    }
    const FieldDescriptor* field =
        message == nullptr ? nullptr
                           : message->FindFieldByName(std::string(segment));
    if (field == nullptr) {
      key.push_back(INT_MAX);
      break;
    }
    key.push_back(field->number());
    if (index >= 0) key.push_back(index);
    message = field->message_type();
  }
  return key;
}

bool IsThreeUpperCaseLetters(absl::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace

Violations::Violations(absl::string_view rpc) : rpc_(rpc) {}

Violations::Violations(absl::string_view rpc, const Descriptor* request)
    : rpc_(rpc), request_(request) {}

void Violations::Add(absl::string_view field, absl::string_view description) {
  if (entries_.size() >= kMaxReportedViolations) {
    ++dropped_;  // Before FieldOrderKey(): dropping must stay cheap.
    return;
  }
  entries_.push_back({request_ == nullptr ? std::vector<int>()
                                          : FieldOrderKey(request_, field),
                      seq_++,
                      {std::string(field), std::string(description)}});
}

void Violations::CheckMaxChars(absl::string_view field, absl::string_view value,
                               size_t max_chars) {
  const size_t chars = CharacterCount(value);
  if (chars > max_chars) {
    Add(field, absl::StrCat("must be at most ", max_chars, " characters, got ",
                            chars));
  }
}

bool Violations::CheckMaxCount(absl::string_view field, int count, int max,
                               absl::string_view noun) {
  if (count <= max) return true;
  Add(field,
      absl::StrCat("must have at most ", max, " ", noun, ", got ", count));
  return false;
}

absl::Status Violations::ToStatus() && {
  if (entries_.empty()) return absl::OkStatus();
  if (request_ != nullptr) {
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) {
                       if (a.key != b.key) return a.key < b.key;
                       if (a.violation.field != b.violation.field) {
                         return a.violation.field < b.violation.field;
                       }
                       return a.seq < b.seq;
                     });
  }
  std::vector<FieldViolation> merged;
  for (Entry& e : entries_) {
    if (!merged.empty() && merged.back().field == e.violation.field) {
      absl::StrAppend(&merged.back().description, "; ",
                      e.violation.description);
    } else {
      merged.push_back(std::move(e.violation));
    }
  }
  const size_t n = merged.size();
  std::string message =
      absl::StrCat(rpc_, " request has ", dropped_ > 0 ? "at least " : "", n,
                   n == 1 ? " invalid field" : " invalid fields");
  if (dropped_ > 0) {
    absl::StrAppend(&message, " (", dropped_, " more problems not listed)");
  }
  return InvalidArgumentError(message, merged);
}

void CheckOrderId(absl::string_view order_id, Violations& v) {
  if (order_id.empty()) {
    v.Add("order_id",
          "is required: the merchant's order ID, 1 to 50 characters");
    return;
  }
  CheckOrderIdText("order_id", order_id, v);
}

void CheckOrderIdText(absl::string_view field, absl::string_view id,
                      Violations& v) {
  v.CheckMaxChars(field, id, kMaxOrderIdChars);
  if (!IsOrderIdText(id)) {
    // Never quote `id`: the offending byte may be a control character, and
    // the ID may be whatever the caller put there.
    std::string allowed = "may only contain ASCII letters, digits, spaces and";
    for (char c : kOrderIdPunctuation) {
      if (c != ' ') absl::StrAppend(&allowed, " ", absl::string_view(&c, 1));
    }
    v.Add(field, allowed);
  }
}

bool CheckCurrencyCode(absl::string_view field, absl::string_view currency,
                       Violations& v) {
  if (!IsThreeUpperCaseLetters(currency)) {
    v.Add(field, "must be 3 upper-case letters (an ISO 4217 code such as EUR)");
    return false;
  }
  // Safe to quote from here on: three letters, not personal data.
  if (!IsIsoCurrency(currency)) {
    v.Add(field, absl::StrCat("must be an active ISO 4217 currency code, got ",
                              currency));
    return false;
  }
  return true;
}

void CheckUrl(absl::string_view field, absl::string_view url, Violations& v) {
  if (!url.empty() && !IsHttpUrl(url)) {
    v.Add(field, "must be an absolute http:// or https:// URL with a host");
  }
}

void CheckDescriptionText(absl::string_view field, absl::string_view text,
                          Violations& v) {
  v.CheckMaxChars(field, text, kMaxDescriptionChars);
  if (ContainsHtml(text)) {
    v.Add(field,
          "must be plain text without HTML ('<' followed by a letter, '/', "
          "'!' or '?' starts a tag)");
  }
}

std::optional<Decimal> CheckDecimal(absl::string_view field,
                                    absl::string_view text,
                                    absl::string_view what, int max_decimals,
                                    Violations& v) {
  if (text.empty()) {
    v.Add(field, absl::StrCat("is required: ", what,
                              " as an exact decimal string, e.g. \"12.50\""));
    return std::nullopt;
  }
  std::optional<Decimal> d = ParseDecimal(text);
  if (!d) {
    v.Add(field,
          "must be a decimal number such as \"12.50\" or \"-5\" (digits, an "
          "optional '-' and '.'; no exponent, leading zeros, spaces or ',')");
    return std::nullopt;
  }
  bool ok = true;
  if (d->scale > max_decimals) {
    v.Add(field, absl::StrCat("must have at most ", max_decimals,
                              " decimals, got ", d->scale));
    ok = false;
  }
  if (IntegerDigits(*d) > kMaxDecimalIntegerDigits) {
    v.Add(field, absl::StrCat("must have at most ", kMaxDecimalIntegerDigits,
                              " digits before the decimal point"));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return d;
}

void CheckPositiveAmount(absl::string_view field, int64_t amount,
                         absl::string_view unset_means, Violations& v) {
  if (amount <= 0) {
    v.Add(field, absl::StrCat("must be greater than 0 (minor units) when "
                              "set; leave it unset ",
                              unset_means, ", got ", amount));
  }
}

}  // namespace msp_gateway
