// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/json_writer.h"

#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace {

constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes copied as they are: printable ASCII except '"' and '\\'.
bool IsPlain(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

bool InRange(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

// The length of the well-formed UTF-8 sequence that starts `text` with a
// byte >= 0x80 (Unicode Table 3-7), or 0 when there is none. `*bad` is then
// how many bytes form the ill-formed prefix that one U+FFFD replaces:
// nlohmann's decoder drops the bytes up to the one that cannot continue the
// sequence and reads that byte again, unless it is the lead byte itself
// (then it is dropped), and at the end of the text drops what is left.
size_t Utf8Sequence(absl::string_view text, size_t* bad) {
  const unsigned char lead = static_cast<unsigned char>(text[0]);
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // Range of the second byte.
  if (InRange(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (InRange(lead, 0xE0, 0xEF)) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // No overlong forms.
    if (lead == 0xED) high = 0x9F;  // No surrogates.
  } else if (InRange(lead, 0xF0, 0xF4)) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // No overlong forms.
    if (lead == 0xF4) high = 0x8F;  // Nothing above U+10FFFF.
  } else {
    *bad = 1;  // A continuation byte or a lead byte never used.
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    if (i >= text.size()) {
      *bad = i;  // Cut off by the end of the text.
      return 0;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (i == 1 ? !InRange(c, low, high) : !InRange(c, 0x80, 0xBF)) {
      *bad = i;  // `c` is read again.
      return 0;
    }
  }
  return length;
}

}  // namespace

void AppendJsonString(absl::string_view text, std::string& out) {
  out.push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (IsPlain(c)) {
      size_t end = i + 1;
      while (end < text.size() &&
             IsPlain(static_cast<unsigned char>(text[end]))) {
        ++end;
      }
      out.append(text.data() + i, end - i);
      i = end;
      continue;
    }
    if (c >= 0x80) {
      size_t bad = 0;
      const size_t length = Utf8Sequence(text.substr(i), &bad);
      if (length > 0) {
        out.append(text.data() + i, length);
        i += length;
      } else {
        out.append(kReplacement.data(), kReplacement.size());
        i += bad;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default: {
        constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u',          '0',
                               '0',  kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof(escape));
        break;
      }
    }
    ++i;
  }
  out.push_back('"');
}

JsonWriter::JsonWriter(size_t capacity) { out_.reserve(capacity); }

void JsonWriter::Separate() {
  if (need_comma_) out_.push_back(',');
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(absl::string_view key) {
  Separate();
  AppendJsonString(key, out_);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(absl::string_view text) {
  Separate();
  AppendJsonString(text, out_);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  absl::StrAppend(&out_, value);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_.append(value ? "true" : "false");
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Decimal(absl::string_view decimal) {
  return Raw(decimal);
}

JsonWriter& JsonWriter::Raw(absl::string_view json) {
  Separate();
  out_.append(json.data(), json.size());
  need_comma_ = true;
  return *this;
}

}  // namespace msp_gateway
