// Copyright 2026 The msp-gateway Authors.

#include "emulator/http_reply.h"

#include <string>

namespace msp_emulator {

using nlohmann::json;

void Reply(HttpResponse& res, int status, const json& body) {
  res.status = status;
  res.SetContent(body.dump(-1, ' ', false, json::error_handler_t::replace),
                 kJsonType);
}

void ReplyError(HttpResponse& res, const MspError& error) {
  Reply(res, error.http_status, ErrorEnvelope(error));
}

void ReplyControlError(HttpResponse& res, int status,
                       absl::string_view message) {
  Reply(res, status, json{{"error", std::string(message)}});
}

}  // namespace msp_emulator
