// Copyright 2026 The msp-gateway Authors.

#include "service/callers/caller.h"

#include "absl/strings/match.h"

namespace msp_gateway {

std::string IdentityOf(const Caller& caller) {
  if (!caller.authenticated) return "";
  for (const std::string& uri : caller.uri_sans) {
    if (absl::StartsWith(uri, "spiffe://")) return uri;
  }
  if (!caller.uri_sans.empty()) return caller.uri_sans.front();
  if (!caller.dns_sans.empty()) return caller.dns_sans.front();
  return "";
}

}  // namespace msp_gateway
