// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/transport_under_test.h"

#include <utility>

#include "absl/memory/memory.h"

namespace msp_gateway {

std::string TransportKindName(TransportKind kind) {
  return kind == TransportKind::kHttplib ? "Httplib" : "Asio";
}

void PrintTo(TransportKind kind, std::ostream* os) {
  *os << TransportKindName(kind);
}

absl::StatusOr<std::unique_ptr<TransportUnderTest>> TransportUnderTest::Create(
    TransportKind kind, TransportOptions options) {
  auto result = absl::WrapUnique(new TransportUnderTest());
  if (kind == TransportKind::kHttplib) {
    absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
        HttplibTransport::Create(std::move(options));
    if (!transport.ok()) return transport.status();
    result->httplib_ = *std::move(transport);
    result->transport_ = result->httplib_.get();
  } else {
    absl::StatusOr<std::unique_ptr<AsioTransport>> transport =
        AsioTransport::Create(std::move(options));
    if (!transport.ok()) return transport.status();
    result->asio_ = *std::move(transport);
    result->transport_ = result->asio_.get();
  }
  return result;
}

size_t TransportUnderTest::connections_created() const {
  return httplib_ ? httplib_->connections_created()
                  : asio_->connections_created();
}

size_t TransportUnderTest::tls_sessions_resumed() const {
  return httplib_ ? httplib_->tls_sessions_resumed()
                  : asio_->tls_sessions_resumed();
}

}  // namespace msp_gateway
