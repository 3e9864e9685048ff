// Copyright 2026 The msp-gateway Authors.
//
// File: loopback_socket.h
//
// Raw TCP on 127.0.0.1 for tests that must send a server bytes no HTTP
// client would (half a request, a request in pieces, a slow body), and a
// free port for a listener whose URL must be known before it starts.

#ifndef MSP_GATEWAY_TESTS_HARNESS_LOOPBACK_SOCKET_H_
#define MSP_GATEWAY_TESTS_HARNESS_LOOPBACK_SOCKET_H_

#include "absl/strings/string_view.h"

namespace msp_gateway {
namespace harness {

// A blocking TCP connection to 127.0.0.1:`port`, or -1. The caller closes it.
int ConnectLoopback(int port);

// Writes all of `data` to `fd` (no SIGPIPE); false when the peer is gone.
bool SendAll(int fd, absl::string_view data);

// A port of 127.0.0.1 free right now (bound to port 0, read, closed), or 0:
// for a listener whose address another process must be given before the
// listener starts (a notification base URL).
int FreeLoopbackPort();

}  // namespace harness
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_LOOPBACK_SOCKET_H_
