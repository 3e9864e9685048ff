// Copyright 2026 The msp-gateway Authors.
//
// File: field_formats.h
//
// Format predicates for request text fields: character counting, HTML
// detection, URLs, email and IP addresses, locales. Kept apart from the
// validator so each rule is tested on its own and reused by later validators
// (refunds, order updates). Pure: no I/O, no locale, no heap allocation.

#ifndef MSP_GATEWAY_SERVICE_COMMON_FIELD_FORMATS_H_
#define MSP_GATEWAY_SERVICE_COMMON_FIELD_FORMATS_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace msp_gateway {

// CharacterCount()
//
// The number of Unicode code points in UTF-8 `text`: every byte that is not
// a continuation byte (10xxxxxx) starts one. "é" is 1, not 2. Invalid UTF-8
// is not rejected here; stray continuation bytes are simply not counted
// (protobuf already refuses invalid UTF-8 in string fields on the wire).
size_t CharacterCount(absl::string_view text);

// ContainsHtml()
//
// Whether `text` contains something that reads as HTML markup: a '<'
// immediately followed by an ASCII letter (`<b>`), '/' (`</p>`), '!'
// (`<!--`, `<!DOCTYPE`) or '?' (`<?xml`). This is the rule browsers use to
// start a tag, so "a < b", "<3" and "5<10" stay legal while anything that
// could render or be stripped by MultiSafepay is caught.
bool ContainsHtml(absl::string_view text);

// IsHttpUrl()
//
// Whether `url` is an absolute http:// or https:// URL (scheme in any case)
// with a non-empty host, an optional all-digit port, and no whitespace or
// ASCII control characters anywhere. IPv6 hosts must be bracketed.
bool IsHttpUrl(absl::string_view url);

// IsEmailAddress()
//
// Whether `email` is plausibly an address MultiSafepay accepts:
// exactly one '@', a non-empty local part, and a domain of at least two
// non-empty dot-separated labels; no whitespace or control characters. Not
// RFC 5322 (quoted local parts are refused), by design: payment providers
// refuse them too.
bool IsEmailAddress(absl::string_view email);

// IsIpAddress()
//
// Whether `text` is a single IPv4 (dotted quad) or IPv6 address, as
// inet_pton(3) parses it. Lists ("1.2.3.4, 5.6.7.8"), ports, zone IDs and
// surrounding spaces are refused.
bool IsIpAddress(absl::string_view text);

// IsLocale()
//
// Whether `locale` is `ll_CC`: two lower-case ASCII letters, '_', two
// upper-case ASCII letters (nl_BE, fr_BE, en_US). Only the shape is checked:
// MultiSafepay's own examples use combinations such as en_NL and at_AT.
bool IsLocale(absl::string_view locale);

// IsIsoDate()
//
// Whether `date` is `YYYY-MM-DD` naming a real Gregorian calendar day, years
// 1900 to 2999 (birthdays): "1970-07-10" and "2000-02-29" pass; "10071970",
// "31-01-1951", "1970-7-10" and "1999-02-29" do not.
bool IsIsoDate(absl::string_view date);

// IsOrderIdText()
//
// Whether every byte of `id` is in kOrderIdPunctuation or an ASCII letter or
// digit. MultiSafepay documents an order ID only as "string, max 50"; this
// is the conservative set real merchant IDs use ("ORDER-12345",
// "case-20220404-06-0001", "INV 2024/001", "shop:42#1"). Refused: control
// characters (NUL, CR, LF, TAB would reach MultiSafepay's URL path, logs and
// dashboards), '%' (reads as percent-encoding), quotes, '<' '>', '?', '&',
// and anything outside ASCII (IDs are re-typed and compared byte for byte).
// The empty string passes; "required" is the caller's rule.
inline constexpr absl::string_view kOrderIdPunctuation = " -_.:/#+@=~";
bool IsOrderIdText(absl::string_view id);

// IsDigits()
//
// Whether `text` is `min` to `max` ASCII digits and nothing else.
bool IsDigits(absl::string_view text, size_t min, size_t max);

// IsCardExpiry()
//
// Whether `text` is a card expiry `YYMM` with month 01-12 ("2512").
bool IsCardExpiry(absl::string_view text);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_FIELD_FORMATS_H_
