// Copyright 2026 The msp-gateway Authors.

#include "service/callers/caller.h"

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

TEST(IdentityOfTest, PrefersTheSpiffeUriSan) {
  Caller caller;
  caller.authenticated = true;
  caller.uri_sans = {"https://example.com/x",
                     "spiffe://cluster.local/ns/shop/sa/checkout"};
  caller.dns_sans = {"checkout.shop.svc"};
  EXPECT_EQ(IdentityOf(caller), "spiffe://cluster.local/ns/shop/sa/checkout");
}

TEST(IdentityOfTest, ThenAnyUriSanThenTheFirstDnsSan) {
  Caller caller;
  caller.authenticated = true;
  caller.uri_sans = {"urn:example:checkout"};
  caller.dns_sans = {"checkout.shop.svc"};
  EXPECT_EQ(IdentityOf(caller), "urn:example:checkout");
  caller.uri_sans.clear();
  caller.dns_sans = {"checkout.shop.svc", "checkout"};
  EXPECT_EQ(IdentityOf(caller), "checkout.shop.svc");
}

TEST(IdentityOfTest, NoneWithoutSansOrWithoutAVerifiedCertificate) {
  Caller caller;
  caller.authenticated = true;
  caller.subject = "CN=checkout";
  EXPECT_EQ(IdentityOf(caller), "");
  caller.authenticated = false;
  caller.dns_sans = {"checkout.shop.svc"};
  EXPECT_EQ(IdentityOf(caller), "");
}

}  // namespace
}  // namespace msp_gateway
