// Copyright 2026 The msp-gateway Authors.
//
// File: caller.h
//
// Who is calling, as the TLS handshake proved it: the names of a verified
// client certificate. Pure data; caller_gate.h reads it from a call.

#ifndef MSP_GATEWAY_SERVICE_CALLERS_CALLER_H_
#define MSP_GATEWAY_SERVICE_CALLERS_CALLER_H_

#include <string>
#include <vector>

namespace msp_gateway {

struct Caller {
  // The caller presented a client certificate and it verified against the
  // client CA bundle. False: plaintext, TLS without a client certificate.
  bool authenticated = false;
  std::vector<std::string> uri_sans;
  std::vector<std::string> dns_sans;
  std::string subject;  // e.g. "CN=checkout,O=shop"
  // The caller's name in logs, metrics and events: its SPIFFE URI SAN
  // ("spiffe://cluster.local/ns/shop/sa/checkout"), else its first URI SAN,
  // else its first DNS SAN; empty when it has none of these.
  std::string identity;
};

// `caller.identity` from its SANs (see above).
std::string IdentityOf(const Caller& caller);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CALLERS_CALLER_H_
