// Copyright 2026 The msp-gateway Authors.
//
// File: loopback_socket.h
//
// Raw TCP on 127.0.0.1 for tests that must send a server bytes no HTTP
// client would (half a request, a request in pieces, a slow body).

#ifndef MSP_GATEWAY_TESTS_HARNESS_LOOPBACK_SOCKET_H_
#define MSP_GATEWAY_TESTS_HARNESS_LOOPBACK_SOCKET_H_

#include "absl/strings/string_view.h"

namespace msp_gateway {
namespace harness {

// A blocking TCP connection to 127.0.0.1:`port`, or -1. The caller closes it.
int ConnectLoopback(int port);

// Writes all of `data` to `fd` (no SIGPIPE); false when the peer is gone.
bool SendAll(int fd, absl::string_view data);

}  // namespace harness
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_LOOPBACK_SOCKET_H_
