// Copyright 2026 The msp-gateway Authors.

#include "service/admin_server.h"

#include "gtest/gtest.h"
#include "httplib.h"

namespace msp_gateway {
namespace {

TEST(AdminServerTest, ServesMetricsHealthAndReadiness) {
  GatewayMetrics metrics("test");
  metrics.RecordRpc("CreateOrder", absl::StatusCode::kOk,
                    absl::Milliseconds(1));
  AdminServer admin(metrics);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  httplib::Client client("127.0.0.1", *port);

  httplib::Result metrics_page = client.Get("/metrics");
  ASSERT_TRUE(metrics_page);
  EXPECT_EQ(metrics_page->status, 200);
  EXPECT_NE(metrics_page->body.find("msp_gateway_rpc_requests_total{method="
                                    "\"CreateOrder\",code=\"OK\"} 1"),
            std::string::npos);
  EXPECT_EQ(
      metrics_page->get_header_value("Content-Type").rfind("text/plain", 0),
      0u);

  EXPECT_EQ(client.Get("/healthz")->status, 200);
  EXPECT_EQ(client.Get("/readyz")->status, 503) << "not ready before SetReady";
  admin.SetReady(true);
  EXPECT_EQ(client.Get("/readyz")->status, 200);
  admin.SetReady(false);
  EXPECT_EQ(client.Get("/readyz")->status, 503);
  EXPECT_EQ(client.Get("/nope")->status, 404);
  admin.Stop();
}

}  // namespace
}  // namespace msp_gateway
