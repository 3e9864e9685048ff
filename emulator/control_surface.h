// Copyright 2026 The msp-gateway Authors.
//
// File: control_surface.h
//
// The emulator's control surface for tests, under /__emulator (the list is
// in emulator.h): the request log, the order store's clear, counters and
// status changes (playing the customer or the bank), arming faults, and the
// server's state and delays. No key is needed and nothing here is recorded
// in the request log. Errors are {"error": "<message>"}.

#ifndef MSP_GATEWAY_EMULATOR_CONTROL_SURFACE_H_
#define MSP_GATEWAY_EMULATOR_CONTROL_SURFACE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "emulator/fault_injector.h"
#include "emulator/http_message.h"
#include "emulator/order_store.h"
#include "emulator/request_log.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// IsControlPath()
//
// Whether a (decoded) request path is /__emulator or below it.
bool IsControlPath(absl::string_view path);

// What the control surface asks of the server.
struct ServerControl {
  // GET /__emulator/server.
  std::function<nlohmann::json()> state;
  // Ends every delay; returns how many were waiting.
  std::function<int64_t()> release_delays;
};

// ControlSurface
//
// Thread-safe as far as the objects it drives are. They must outlive it.
class ControlSurface {
 public:
  ControlSurface(RequestLog* log, FaultInjector* faults, OrderStore* orders,
                 ServerControl server);

  ControlSurface(const ControlSurface&) = delete;
  ControlSurface& operator=(const ControlSurface&) = delete;

  // Handle()
  //
  // Answers one request for which IsControlPath() holds; an unknown control
  // route is 404.
  void Handle(const HttpRequest& req, HttpResponse& res);

 private:
  void OrderStatus(const std::string& order_id, const HttpRequest& req,
                   HttpResponse& res);
  void RefundStatus(const std::string& order_id, const std::string& refund_id,
                    const HttpRequest& req, HttpResponse& res);
  void Faults(const HttpRequest& req, HttpResponse& res);
  void FaultSeed(const HttpRequest& req, HttpResponse& res);

  RequestLog* const log_;
  FaultInjector* const faults_;
  OrderStore* const orders_;
  const ServerControl server_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_CONTROL_SURFACE_H_
