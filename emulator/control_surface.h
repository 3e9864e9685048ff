// Copyright 2026 The msp-gateway Authors.
//
// File: control_surface.h
//
// The emulator's control surface for tests, under /__emulator (the list is
// in emulator.h): the request log, the order store's clear and status
// changes (playing the customer or the bank), and arming faults. No key is
// needed and nothing here is recorded in the request log. Errors are
// {"error": "<message>"}.

#ifndef MSP_GATEWAY_EMULATOR_CONTROL_SURFACE_H_
#define MSP_GATEWAY_EMULATOR_CONTROL_SURFACE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "emulator/fault_injector.h"
#include "emulator/order_store.h"
#include "emulator/request_log.h"
#include "httplib.h"

namespace msp_emulator {

// IsControlPath()
//
// Whether a (decoded) request path is /__emulator or below it.
bool IsControlPath(absl::string_view path);

// ControlSurface
//
// Thread-safe as far as the objects it drives are. They must outlive it.
class ControlSurface {
 public:
  ControlSurface(RequestLog* log, FaultInjector* faults, OrderStore* orders);

  ControlSurface(const ControlSurface&) = delete;
  ControlSurface& operator=(const ControlSurface&) = delete;

  // Handle()
  //
  // Answers one request for which IsControlPath() holds; an unknown control
  // route is 404.
  void Handle(const httplib::Request& req, httplib::Response& res);

 private:
  void OrderStatus(const std::string& order_id, const httplib::Request& req,
                   httplib::Response& res);
  void RefundStatus(const std::string& order_id, const std::string& refund_id,
                    const httplib::Request& req, httplib::Response& res);
  void Faults(const httplib::Request& req, httplib::Response& res);

  RequestLog* const log_;
  FaultInjector* const faults_;
  OrderStore* const orders_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_CONTROL_SURFACE_H_
