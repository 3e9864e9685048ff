// Copyright 2026 The msp-gateway Authors.

#include "service/callers/authz_policy.h"

#include <initializer_list>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

using Json = nlohmann::json;

// A policy is a few levels deep (policy > rules > rule > request > headers
// > header > values); anything deeper is not a policy, and bounding it
// before parsing keeps a hostile file from exhausting the stack.
constexpr int kMaxPolicyDepth = 16;

absl::Status PolicyError(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("authorization policy: ", where, ": ", what));
}

// The deepest nesting of arrays and objects in `json`, outside strings.
int NestingDepth(absl::string_view json) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// Fails on a key of `object` outside `known` (gRPC's translator refuses
// them too: a misspelt "principal" must not silently allow everyone).
absl::Status CheckKeys(const Json& object, absl::string_view where,
                       std::initializer_list<absl::string_view> known) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool ok = false;
    for (absl::string_view key : known) ok = ok || it.key() == key;
    if (!ok) {
      return PolicyError(
          where, absl::StrCat("unknown field \"", it.key(),
                              "\" (known: ", absl::StrJoin(known, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StringPattern>> ParsePatterns(
    const Json& array, const std::string& where) {
  if (!array.is_array()) return PolicyError(where, "must be an array");
  std::vector<StringPattern> patterns;
  for (size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      return PolicyError(absl::StrCat(where, "[", i, "]"), "must be a string");
    }
    patterns.push_back(StringPattern::Of(array[i].get<std::string>()));
  }
  return patterns;
}

bool IsReservedHeader(absl::string_view key) {
  return absl::StartsWith(key, ":") || absl::StartsWith(key, "grpc-") ||
         key == "host";
}

absl::StatusOr<AuthzHeaderRule> ParseHeader(const Json& header,
                                            const std::string& where) {
  if (!header.is_object()) return PolicyError(where, "must be an object");
  if (absl::Status keys = CheckKeys(header, where, {"key", "values"});
      !keys.ok()) {
    return keys;
  }
  AuthzHeaderRule rule;
  auto key = header.find("key");
  if (key == header.end() || !key->is_string() ||
      key->get<std::string>().empty()) {
    return PolicyError(absl::StrCat(where, ".key"),
                       "must be a non-empty string");
  }
  rule.key = absl::AsciiStrToLower(key->get<std::string>());
  if (IsReservedHeader(rule.key)) {
    return PolicyError(absl::StrCat(where, ".key"),
                       absl::StrCat("\"", rule.key,
                                    "\" is reserved by gRPC and cannot be "
                                    "matched"));
  }
  auto values = header.find("values");
  if (values == header.end() || !values->is_array() || values->empty()) {
    return PolicyError(absl::StrCat(where, ".values"),
                       "must be a non-empty array");
  }
  absl::StatusOr<std::vector<StringPattern>> patterns =
      ParsePatterns(*values, absl::StrCat(where, ".values"));
  if (!patterns.ok()) return patterns.status();
  rule.values = *std::move(patterns);
  return rule;
}

absl::StatusOr<AuthzRule> ParseRule(const Json& json,
                                    const std::string& where) {
  if (!json.is_object()) return PolicyError(where, "must be an object");
  if (absl::Status keys = CheckKeys(json, where, {"name", "source", "request"});
      !keys.ok()) {
    return keys;
  }
  AuthzRule rule;
  auto name = json.find("name");
  if (name == json.end() || !name->is_string() ||
      name->get<std::string>().empty()) {
    return PolicyError(absl::StrCat(where, ".name"),
                       "must be a non-empty string");
  }
  rule.name = name->get<std::string>();
  if (auto source = json.find("source"); source != json.end()) {
    const std::string at = absl::StrCat(where, ".source");
    if (!source->is_object()) return PolicyError(at, "must be an object");
    if (absl::Status keys = CheckKeys(*source, at, {"principals"});
        !keys.ok()) {
      return keys;
    }
    if (auto principals = source->find("principals");
        principals != source->end()) {
      absl::StatusOr<std::vector<StringPattern>> patterns =
          ParsePatterns(*principals, absl::StrCat(at, ".principals"));
      if (!patterns.ok()) return patterns.status();
      rule.principals = *std::move(patterns);
      rule.has_principals = !rule.principals.empty();
    }
  }
  if (auto request = json.find("request"); request != json.end()) {
    const std::string at = absl::StrCat(where, ".request");
    if (!request->is_object()) return PolicyError(at, "must be an object");
    if (absl::Status keys = CheckKeys(*request, at, {"paths", "headers"});
        !keys.ok()) {
      return keys;
    }
    if (auto paths = request->find("paths"); paths != request->end()) {
      absl::StatusOr<std::vector<StringPattern>> patterns =
          ParsePatterns(*paths, absl::StrCat(at, ".paths"));
      if (!patterns.ok()) return patterns.status();
      rule.paths = *std::move(patterns);
    }
    if (auto headers = request->find("headers"); headers != request->end()) {
      if (!headers->is_array()) {
        return PolicyError(absl::StrCat(at, ".headers"), "must be an array");
      }
      for (size_t i = 0; i < headers->size(); ++i) {
        absl::StatusOr<AuthzHeaderRule> header =
            ParseHeader((*headers)[i], absl::StrCat(at, ".headers[", i, "]"));
        if (!header.ok()) return header.status();
        rule.headers.push_back(*std::move(header));
      }
    }
  }
  return rule;
}

absl::StatusOr<std::vector<AuthzRule>> ParseRules(const Json& json,
                                                  absl::string_view field) {
  if (!json.is_array()) return PolicyError(field, "must be an array");
  std::vector<AuthzRule> rules;
  for (size_t i = 0; i < json.size(); ++i) {
    absl::StatusOr<AuthzRule> rule =
        ParseRule(json[i], absl::StrCat(field, "[", i, "]"));
    if (!rule.ok()) return rule.status();
    rules.push_back(*std::move(rule));
  }
  return rules;
}

bool AnyMatches(const std::vector<StringPattern>& patterns,
                absl::string_view value) {
  for (const StringPattern& pattern : patterns) {
    if (pattern.Matches(value)) return true;
  }
  return false;
}

// gRPC's authenticated-principal matcher: URI SANs if the certificate has
// any, else DNS SANs, else the subject.
bool PrincipalMatches(const std::vector<StringPattern>& principals,
                      const Caller& caller) {
  if (!caller.authenticated) return false;
  if (!caller.uri_sans.empty()) {
    for (const std::string& uri : caller.uri_sans) {
      if (AnyMatches(principals, uri)) return true;
    }
    return false;
  }
  if (!caller.dns_sans.empty()) {
    for (const std::string& dns : caller.dns_sans) {
      if (AnyMatches(principals, dns)) return true;
    }
    return false;
  }
  return AnyMatches(principals, caller.subject);
}

bool HeaderMatches(const AuthzHeaderRule& rule, const CallMetadata& metadata) {
  // gRPC joins repeated values of a key with ","; so does this.
  std::string joined;
  bool present = false;
  for (const auto& [key, value] : metadata) {
    if (key != rule.key) continue;
    if (present) absl::StrAppend(&joined, ",");
    absl::StrAppend(&joined, value);
    present = true;
  }
  return present && AnyMatches(rule.values, joined);
}

bool RuleMatches(const AuthzRule& rule, const Caller& caller,
                 absl::string_view full_method, const CallMetadata& metadata) {
  if (rule.has_principals && !PrincipalMatches(rule.principals, caller)) {
    return false;
  }
  if (!rule.paths.empty() && !AnyMatches(rule.paths, full_method)) {
    return false;
  }
  for (const AuthzHeaderRule& header : rule.headers) {
    if (!HeaderMatches(header, metadata)) return false;
  }
  return true;
}

}  // namespace

StringPattern StringPattern::Of(absl::string_view text) {
  StringPattern pattern;
  if (text == "*") {
    pattern.kind_ = Kind::kAny;
  } else if (absl::StartsWith(text, "*")) {
    pattern.kind_ = Kind::kSuffix;
    pattern.text_ = std::string(text.substr(1));
  } else if (absl::EndsWith(text, "*")) {
    pattern.kind_ = Kind::kPrefix;
    pattern.text_ = std::string(text.substr(0, text.size() - 1));
  } else {
    pattern.text_ = std::string(text);
  }
  return pattern;
}

bool StringPattern::Matches(absl::string_view value) const {
  switch (kind_) {
    case Kind::kAny:
      return !value.empty();
    case Kind::kPrefix:
      return absl::StartsWith(value, text_);
    case Kind::kSuffix:
      return absl::EndsWith(value, text_);
    case Kind::kExact:
      break;
  }
  return value == text_;
}

absl::StatusOr<AuthzPolicy> AuthzPolicy::Parse(absl::string_view text) {
  if (text.size() > kMaxPolicyBytes) {
    return PolicyError(
        "file", absl::StrCat(text.size(), " bytes, at most ", kMaxPolicyBytes));
  }
  if (NestingDepth(text) > kMaxPolicyDepth) {
    return PolicyError("file", absl::StrCat("nested deeper than ",
                                            kMaxPolicyDepth, " levels"));
  }
  const Json json = Json::parse(text.begin(), text.end(), nullptr,
                                /*allow_exceptions=*/false);
  if (json.is_discarded()) return PolicyError("file", "not valid JSON");
  if (!json.is_object()) return PolicyError("file", "must be a JSON object");
  if (absl::Status keys =
          CheckKeys(json, "policy", {"name", "deny_rules", "allow_rules"});
      !keys.ok()) {
    return keys;
  }
  AuthzPolicy policy;
  auto name = json.find("name");
  if (name == json.end() || !name->is_string() ||
      name->get<std::string>().empty()) {
    return PolicyError("name", "must be a non-empty string");
  }
  policy.name_ = name->get<std::string>();
  if (auto deny = json.find("deny_rules"); deny != json.end()) {
    absl::StatusOr<std::vector<AuthzRule>> rules =
        ParseRules(*deny, "deny_rules");
    if (!rules.ok()) return rules.status();
    policy.deny_ = *std::move(rules);
  }
  auto allow = json.find("allow_rules");
  if (allow == json.end()) return PolicyError("allow_rules", "is required");
  absl::StatusOr<std::vector<AuthzRule>> rules =
      ParseRules(*allow, "allow_rules");
  if (!rules.ok()) return rules.status();
  if (rules->empty()) return PolicyError("allow_rules", "must not be empty");
  policy.allow_ = *std::move(rules);
  return policy;
}

AuthzDecision AuthzPolicy::Evaluate(const Caller& caller,
                                    absl::string_view full_method,
                                    const CallMetadata& metadata) const {
  for (const AuthzRule& rule : deny_) {
    if (RuleMatches(rule, caller, full_method, metadata)) {
      return AuthzDecision{false, rule.name};
    }
  }
  for (const AuthzRule& rule : allow_) {
    if (RuleMatches(rule, caller, full_method, metadata)) {
      return AuthzDecision{true, rule.name};
    }
  }
  return AuthzDecision{false, ""};
}

}  // namespace msp_gateway
