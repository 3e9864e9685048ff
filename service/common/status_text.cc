// Copyright 2026 The msp-gateway Authors.

#include "service/common/status_text.h"

#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"

namespace msp_gateway {

std::string StatusText(const absl::Status& status) {
  std::string text = absl::StrCat(absl::StatusCodeToString(status.code()), ": ",
                                  status.message(), "\n");
  for (const FieldViolation& v : GetFieldViolations(status)) {
    absl::StrAppend(&text, "  ", v.field, ": ", v.description, "\n");
  }
  return text;
}

}  // namespace msp_gateway
