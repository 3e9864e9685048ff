// Copyright 2026 The msp-gateway Authors.
//
// File: json_writer.h
//
// JsonWriter writes compact JSON text straight into one std::string, for the
// request bodies built on every RPC: no tree of values, no allocation per
// value, so a body costs the growth of its one string (none when the
// capacity asked for is enough). The caller emits keys and values in the
// order they are sent; the writer adds the commas and colons.
//
// Its text is what DumpJson() (decimal_json.h) prints for the same values,
// byte for byte, so a translator can move from an nlohmann tree to the
// writer without changing a body:
//   * strings are escaped like nlohmann's dump() without ensure_ascii and
//     with error_handler_t::replace: \" \\ \b \f \n \r \t, \u00XX (lower
//     case hex) for the other control characters, UTF-8 copied as is, and
//     U+FFFD for every byte sequence that is not well-formed UTF-8;
//   * integers in decimal, every digit; booleans true / false;
//   * decimals as the digits they were given (a DecimalNumber() value).
// Pure: no I/O.
//
// Example:
//   JsonWriter w(64);
//   w.BeginObject();
//   w.Key("unit_price").Decimal("13.761467889");
//   w.Key("quantity").Int(2);
//   w.EndObject();
//   std::move(w).Finish() == R"({"unit_price":13.761467889,"quantity":2})"

#ifndef MSP_GATEWAY_SERVICE_MSP_JSON_JSON_WRITER_H_
#define MSP_GATEWAY_SERVICE_MSP_JSON_JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace msp_gateway {

class JsonWriter {
 public:
  // Reserves `capacity` bytes: a guess of the text's size, which may grow
  // beyond it.
  explicit JsonWriter(size_t capacity = 0);

  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Objects and arrays. Inside an object every value follows a Key().
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();

  // The key of the next member of the current object.
  JsonWriter& Key(absl::string_view key);

  // Values.
  JsonWriter& String(absl::string_view text);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  // The number `decimal`, digit for digit. REQUIRES: `decimal` is a JSON
  // number, as every ParseDecimal() decimal (service/common/decimal.h) is.
  JsonWriter& Decimal(absl::string_view decimal);
  // Text that is already one JSON value (another serializer's output),
  // copied as is. REQUIRES: `json` is exactly one JSON value.
  JsonWriter& Raw(absl::string_view json);

  // The text so far.
  absl::string_view text() const { return out_; }

  // The text; the writer is not used after.
  std::string Finish() && { return std::move(out_); }

 private:
  // Writes the comma that separates this key or value from the previous
  // one, if there is one.
  void Separate();

  std::string out_;
  // A value or member was written in the current object or array, so the
  // next one needs a comma. False right after a '{', '[' or a key.
  bool need_comma_ = false;
};

// AppendJsonString()
//
// Appends `text` to `out` as a JSON string, quotes included, escaped as
// JsonWriter::String() does.
void AppendJsonString(absl::string_view text, std::string& out);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_JSON_WRITER_H_
