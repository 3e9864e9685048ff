// Copyright 2026 The msp-gateway Authors.
//
// File: tls_flags.h
//
// The examples' TLS flags, shared: --ca_bundle, --client_cert, --client_key,
// --server_name_override and --tls_reload_interval. Any of the first four
// turns TLS on; --client_cert with --client_key makes it mTLS.

#ifndef MSP_GATEWAY_CLIENT_EXAMPLES_TLS_FLAGS_H_
#define MSP_GATEWAY_CLIENT_EXAMPLES_TLS_FLAGS_H_

#include <optional>

#include "client/client_options.h"

namespace payments_client_examples {

// The TLS options the flags ask for; nullopt: plaintext.
std::optional<payments_client::TlsOptions> TlsFromFlags();

}  // namespace payments_client_examples

#endif  // MSP_GATEWAY_CLIENT_EXAMPLES_TLS_FLAGS_H_
