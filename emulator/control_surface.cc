// Copyright 2026 The msp-gateway Authors.

#include "emulator/control_surface.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "emulator/http_path.h"
#include "emulator/http_reply.h"
#include "emulator/msp_api.h"
#include "emulator/order_lifecycle.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr absl::string_view kControlPath = "/__emulator";
constexpr absl::string_view kControlOrderPrefix = "/__emulator/orders/";
constexpr absl::string_view kStatusSuffix = "/status";
constexpr absl::string_view kStatsSuffix = "/stats";

// Answers a status change: the order envelope once done, 404 for an unknown
// order, 400 for a change the store refuses.
void ReplyStatusChange(const absl::Status& status, const OrderStore& orders,
                       const std::string& order_id, HttpResponse& res) {
  if (absl::IsNotFound(status)) {
    ReplyControlError(res, 404, status.message());
    return;
  }
  if (!status.ok()) {
    ReplyControlError(res, 400, status.message());
    return;
  }
  ReplyOrder(orders, order_id, res);
}

// The {"status": "<status>"} body both status changes take; nullopt (and a
// 400 written) otherwise.
std::optional<json> StatusBody(const HttpRequest& req, HttpResponse& res) {
  json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("status") ||
      !body["status"].is_string()) {
    ReplyControlError(res, 400, R"(body must be {"status": "<status>"})");
    return std::nullopt;
  }
  return body;
}

}  // namespace

bool IsControlPath(absl::string_view path) {
  return path == kControlPath ||
         absl::StartsWith(path, absl::StrCat(kControlPath, "/"));
}

ControlSurface::ControlSurface(RequestLog* log, FaultInjector* faults,
                               OrderStore* orders, ServerControl server)
    : log_(log), faults_(faults), orders_(orders), server_(std::move(server)) {}

void ControlSurface::Handle(const HttpRequest& req, HttpResponse& res) {
  const std::string& path = req.path;
  const std::string& method = req.method;
  if (path == "/__emulator/health" && method == "GET") {
    res.status = 200;
    res.SetContent("ok\n", "text/plain");
  } else if (path == "/__emulator/requests" && method == "GET") {
    Reply(res, 200, log_->ToJson());
  } else if (path == "/__emulator/requests" && method == "DELETE") {
    log_->Clear();
    res.status = 204;
  } else if (path == "/__emulator/orders" && method == "DELETE") {
    orders_->Clear();
    res.status = 204;
  } else if (path == "/__emulator/orders" && method == "GET") {
    Reply(res, 200, orders_->AllStats());
  } else if (path == "/__emulator/faults") {
    Faults(req, res);
  } else if (path == "/__emulator/faults/seed") {
    FaultSeed(req, res);
  } else if (path == "/__emulator/delays/release" && method == "POST") {
    const int64_t released =
        server_.release_delays ? server_.release_delays() : 0;
    Reply(res, 200, json{{"released", released}});
  } else if (path == "/__emulator/server" && method == "GET") {
    Reply(res, 200, server_.state ? server_.state() : json::object());
  } else if (std::optional<std::string> order_id = MatchSegment(
                 RawPath(req.target), kControlOrderPrefix, kStatsSuffix);
             order_id.has_value() && method == "GET") {
    if (std::optional<json> stats = orders_->Stats(*order_id)) {
      Reply(res, 200, *stats);
    } else {
      ReplyControlError(res, 404, absl::StrCat("no order '", *order_id, "'"));
    }
  } else if (std::optional<std::string> order_id = MatchSegment(
                 RawPath(req.target), kControlOrderPrefix, kStatusSuffix);
             order_id.has_value() && method == "POST") {
    OrderStatus(*order_id, req, res);
  } else if (auto parts = Segments(RawPath(req.target), kControlOrderPrefix);
             parts.has_value() && parts->size() == 4 &&
             (*parts)[1] == "refunds" && (*parts)[3] == "status" &&
             method == "POST") {
    RefundStatus((*parts)[0], (*parts)[2], req, res);
  } else {
    ReplyControlError(res, 404,
                      absl::StrCat("no emulator control ", method, " ", path));
  }
}

void ControlSurface::OrderStatus(const std::string& order_id,
                                 const HttpRequest& req, HttpResponse& res) {
  const std::optional<json> body = StatusBody(req, res);
  if (!body.has_value()) return;
  StatusChange change;
  change.status = (*body)["status"].get<std::string>();
  // Optional string members; reason_code may also be a number (3001).
  for (auto [key, target] :
       {std::pair<const char*, std::optional<std::string>*>{
            "financial_status", &change.financial_status},
        {"reason", &change.reason},
        {"reason_code", &change.reason_code},
        {"gateway", &change.gateway}}) {
    auto it = body->find(key);
    if (it == body->end() || it->is_null()) continue;
    if (it->is_string()) {
      *target = it->get<std::string>();
    } else if (it->is_number_integer() && std::string(key) == "reason_code") {
      *target = it->dump();
    } else {
      ReplyControlError(res, 400, absl::StrCat(key, " must be a string"));
      return;
    }
  }
  ReplyStatusChange(orders_->SetStatus(order_id, change), *orders_, order_id,
                    res);
}

void ControlSurface::RefundStatus(const std::string& order_id,
                                  const std::string& refund_id,
                                  const HttpRequest& req, HttpResponse& res) {
  const std::optional<json> body = StatusBody(req, res);
  if (!body.has_value()) return;
  int64_t id = 0;
  if (!absl::SimpleAtoi(refund_id, &id)) {
    ReplyControlError(res, 404, absl::StrCat("no refund ", refund_id));
    return;
  }
  ReplyStatusChange(orders_->SetRefundStatus(
                        order_id, id, (*body)["status"].get<std::string>()),
                    *orders_, order_id, res);
}

void ControlSurface::Faults(const HttpRequest& req, HttpResponse& res) {
  if (req.method == "GET") {
    Reply(res, 200, faults_->ToJson());
  } else if (req.method == "DELETE") {
    faults_->Clear();
    res.status = 204;
  } else if (req.method == "POST") {
    const json spec =
        json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    absl::StatusOr<Fault> fault = ParseFault(spec);
    if (!fault.ok()) {
      ReplyControlError(res, 400, fault.status().message());
      return;
    }
    Reply(res, 200, json{{"id", faults_->Add(*std::move(fault))}});
  } else {
    ReplyControlError(res, 405, "use GET, POST or DELETE");
  }
}

void ControlSurface::FaultSeed(const HttpRequest& req, HttpResponse& res) {
  if (req.method == "GET") {
    Reply(res, 200, json{{"seed", faults_->seed()}});
    return;
  }
  if (req.method != "POST") {
    ReplyControlError(res, 405, "use GET or POST");
    return;
  }
  const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("seed") ||
      !body["seed"].is_number_unsigned()) {
    ReplyControlError(res, 400, R"(body must be {"seed": <unsigned integer>})");
    return;
  }
  faults_->Reseed(body["seed"].get<uint64_t>());
  Reply(res, 200, json{{"seed", faults_->seed()}});
}

}  // namespace msp_emulator
