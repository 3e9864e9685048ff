// Copyright 2026 The msp-gateway Authors.
//
// File: http_message.h
//
// One HTTP request as the emulator's handlers see it, the response they
// write, and the Answer the server carries out: send the response, possibly
// after a delay, or reset the connection. Plain values: the server
// (http_server.h) fills a request from the wire and writes the answer back,
// so handlers are functions from request to answer and can be tested
// without sockets.

#ifndef MSP_GATEWAY_EMULATOR_HTTP_MESSAGE_H_
#define MSP_GATEWAY_EMULATOR_HTTP_MESSAGE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace msp_emulator {

// A header or query parameter: name and value, in the order received.
using NameValues = std::vector<std::pair<std::string, std::string>>;

// HttpRequest
struct HttpRequest {
  std::string method;  // as sent ("POST")
  std::string target;  // the raw request target, query included
  std::string path;    // the target's path, percent-decoded
  NameValues params;   // the query, decoded ('+' is a space)
  NameValues headers;  // names keep the case the client sent
  std::string body;

  // Header lookups ignore the case of `name`; the first value wins.
  bool HasHeader(absl::string_view name) const;
  std::string Header(absl::string_view name) const;  // "" when absent
  // Query parameters are case-sensitive; the first value wins.
  bool HasParam(absl::string_view name) const;
  std::string Param(absl::string_view name) const;  // "" when absent
};

// SetTarget()
//
// Sets `target` and the `path` and `params` read from it.
void SetTarget(HttpRequest& request, absl::string_view target);

// HttpResponse
struct HttpResponse {
  int status = 200;
  std::string content_type;  // no Content-Type header when empty
  NameValues headers;        // more headers; the server adds Content-Length
                             // and Connection
  std::string body;

  void SetContent(std::string content, std::string type) {
    body = std::move(content);
    content_type = std::move(type);
  }
};

// Answer
//
// What the server does with a request.
struct Answer {
  HttpResponse response;
  // Wait this long before going on. A timer, so a delayed answer holds no
  // thread; POST /__emulator/delays/release and Stop() cut it short.
  int delay_ms = 0;
  // When set, called with the request once the delay is over; the Answer it
  // returns replaces this one (a fault that processes the request only after
  // its delay).
  std::function<Answer(const HttpRequest&)> then;
  // Reset the connection (TCP RST) instead of sending `response`.
  bool reset = false;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_HTTP_MESSAGE_H_
