// Copyright 2026 The msp-gateway Authors.

#include "emulator/notifier.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "emulator/notification_signature.h"

namespace msp_emulator {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::asio::ip::tcp;
using nlohmann::json;

constexpr absl::Duration kStaleAge = absl::Hours(1);

struct ParsedUrl {
  std::string scheme;
  std::string host;  // without brackets
  std::string port;
  std::string target;  // path and query, at least "/"
};

std::optional<ParsedUrl> ParseUrl(const std::string& url) {
  ParsedUrl parsed;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  parsed.scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  const size_t host_start = scheme_end + 3;
  size_t path_start = url.find_first_of("/?", host_start);
  if (path_start == std::string::npos) path_start = url.size();
  std::string authority = url.substr(host_start, path_start - host_start);
  if (authority.find('@') != std::string::npos) return std::nullopt;
  if (absl::StartsWith(authority, "[")) {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    parsed.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      parsed.port = authority.substr(close + 2);
    }
  } else {
    const size_t colon = authority.find(':');
    parsed.host = authority.substr(0, colon);
    if (colon != std::string::npos) parsed.port = authority.substr(colon + 1);
  }
  if (parsed.host.empty()) return std::nullopt;
  if (parsed.port.empty())
    parsed.port = parsed.scheme == "https" ? "443" : "80";
  parsed.target = url.substr(path_start);
  if (parsed.target.empty() || parsed.target[0] != '/') {
    parsed.target = "/" + parsed.target;
  }
  return parsed;
}

std::string WithQuery(const std::string& url, const std::string& order_id,
                      int64_t timestamp) {
  const char* separator = url.find('?') == std::string::npos ? "?" : "&";
  std::string encoded;
  for (unsigned char c : order_id) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&encoded, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return absl::StrCat(url, separator, "transactionid=", encoded,
                      "&timestamp=", timestamp);
}

// MultiSafepay's acknowledgement: 200 with "OK" in the first 100 characters.
bool IsAcknowledged(int status, const std::string& body) {
  return status == 200 && absl::StrContains(body.substr(0, 100), "OK");
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  std::string h = absl::AsciiStrToLower(host);
  if (absl::StartsWith(h, "[") && absl::EndsWith(h, "]")) {
    h = h.substr(1, h.size() - 2);
  }
  return h == "127.0.0.1" || h == "::1" || h == "localhost";
}

absl::StatusOr<NotificationFault> ParseNotificationFault(const json& spec) {
  if (!spec.is_object()) {
    return absl::InvalidArgumentError("a notification fault is an object");
  }
  NotificationFault fault;
  bool has_kind = false;
  for (const auto& [key, value] : spec.items()) {
    if (key == "kind") {
      if (!value.is_string()) {
        return absl::InvalidArgumentError("kind must be a string");
      }
      const std::string kind = value.get<std::string>();
      has_kind = true;
      if (kind == "drop") {
        fault.kind = NotificationFaultKind::kDrop;
      } else if (kind == "duplicate") {
        fault.kind = NotificationFaultKind::kDuplicate;
      } else if (kind == "reorder") {
        fault.kind = NotificationFaultKind::kReorder;
      } else if (kind == "bad_signature") {
        fault.kind = NotificationFaultKind::kBadSignature;
      } else if (kind == "stale_timestamp") {
        fault.kind = NotificationFaultKind::kStaleTimestamp;
      } else if (kind == "delay") {
        fault.kind = NotificationFaultKind::kDelay;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown notification fault kind '", kind, "'"));
      }
    } else if (key == "order_id") {
      if (!value.is_string()) {
        return absl::InvalidArgumentError("order_id must be a string");
      }
      fault.order_id = value.get<std::string>();
    } else if (key == "probability") {
      if (!value.is_number() || value.get<double>() < 0 ||
          value.get<double>() > 1) {
        return absl::InvalidArgumentError("probability must be 0..1");
      }
      fault.probability = value.get<double>();
    } else if (key == "times") {
      if (!value.is_number_integer() ||
          (value.get<int>() < 1 && value.get<int>() != -1)) {
        return absl::InvalidArgumentError("times must be >= 1 or -1");
      }
      fault.times = value.get<int>();
    } else if (key == "delay_ms") {
      if (!value.is_number_integer() || value.get<int>() < 0) {
        return absl::InvalidArgumentError("delay_ms must be >= 0");
      }
      fault.delay_ms = value.get<int>();
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown notification fault member '", key, "'"));
    }
  }
  if (!has_kind) return absl::InvalidArgumentError("kind is required");
  return fault;
}

Notifier::Notifier(NotifierOptions options)
    : options_(std::move(options)),
      random_(options_.fault_seed != 0 ? options_.fault_seed
                                       : std::random_device{}()) {
  thread_ = std::thread([this] { Run(); });
}

Notifier::~Notifier() { Stop(); }

void Notifier::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void Notifier::Notify(const std::string& order_id, const json& order,
                      const std::string& url, const std::string& method) {
  if (url.empty()) return;
  Delivery delivery;
  delivery.order_id = order_id;
  delivery.url = url;
  delivery.method = absl::AsciiStrToUpper(method) == "GET" ? "GET" : "POST";
  // Compact, `/` unescaped, UTF-8 raw: nlohmann's dump() is all three.
  delivery.body = order.dump();
  if (auto it = order.find("status"); it != order.end() && it->is_string()) {
    delivery.status = it->get<std::string>();
  }
  delivery.due = absl::Now();

  absl::MutexLock lock(&mu_);
  if (stopping_) return;
  // A held-back (reorder) notification of this order goes after this one.
  std::vector<Delivery> released;
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->order_id == order_id) {
      released.push_back(std::move(*it));
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
  std::optional<NotificationFault> fault = TakeFault(order_id);
  if (fault.has_value()) {
    switch (fault->kind) {
      case NotificationFaultKind::kDrop:
        delivery.fault = "drop";
        Log(delivery, WithQuery(url, order_id, 0), 0, false, "dropped");
        break;
      case NotificationFaultKind::kDuplicate:
        delivery.fault = "duplicate";
        Enqueue(delivery);
        Enqueue(delivery);
        break;
      case NotificationFaultKind::kReorder:
        delivery.fault = "reorder";
        held_.push_back(delivery);
        break;
      case NotificationFaultKind::kBadSignature:
        delivery.fault = "bad_signature";
        delivery.bad_signature = true;
        Enqueue(delivery);
        break;
      case NotificationFaultKind::kStaleTimestamp:
        delivery.fault = "stale_timestamp";
        delivery.stale = true;
        Enqueue(delivery);
        break;
      case NotificationFaultKind::kDelay:
        delivery.fault = "delay";
        delivery.due += absl::Milliseconds(fault->delay_ms);
        Enqueue(delivery);
        break;
    }
  } else {
    Enqueue(delivery);
  }
  for (Delivery& older : released) {
    older.due = absl::Now();
    Enqueue(std::move(older));
  }
}

std::optional<NotificationFault> Notifier::TakeFault(
    const std::string& order_id) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->order_id.empty() && it->order_id != order_id) continue;
    if (it->probability < 1.0 && std::uniform_real_distribution<double>(
                                     0, 1)(random_) >= it->probability) {
      continue;
    }
    NotificationFault fault = *it;
    if (it->times > 0 && --it->times == 0) faults_.erase(it);
    return fault;
  }
  return std::nullopt;
}

void Notifier::Enqueue(Delivery delivery) {
  if (queue_.size() >= options_.max_queue) {
    Log(delivery, delivery.url, 0, false, "queue full");
    return;
  }
  queue_.push_back(std::move(delivery));
}

void Notifier::Log(const Delivery& delivery, const std::string& url,
                   int http_status, bool acknowledged,
                   const std::string& error) {
  json entry = {{"order_id", delivery.order_id},
                {"method", delivery.method},
                {"url", url},
                {"status_sent", delivery.status},
                {"attempt", delivery.attempt},
                {"http_status", http_status},
                {"acknowledged", acknowledged}};
  if (!delivery.fault.empty()) entry["fault"] = delivery.fault;
  if (!error.empty()) entry["error"] = error;
  log_.push_back(std::move(entry));
}

void Notifier::Run() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    // The earliest due delivery; queue order breaks ties, so a reordered
    // notification goes after the one that released it.
    auto next = queue_.end();
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (next == queue_.end() || it->due < next->due) next = it;
    }
    const absl::Time now = absl::Now();
    if (next == queue_.end() || next->due > now) {
      const absl::Duration wait =
          next == queue_.end()
              ? absl::Milliseconds(100)
              : std::min(next->due - now, absl::Milliseconds(100));
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), wait);
      continue;
    }
    Delivery delivery = std::move(*next);
    queue_.erase(next);
    mu_.Unlock();
    Send(delivery);
    mu_.Lock();
  }
}

void Notifier::Send(Delivery& delivery) {
  int64_t timestamp = absl::ToUnixSeconds(options_.clock());
  if (delivery.stale) timestamp -= absl::ToInt64Seconds(kStaleAge);
  const std::string url = WithQuery(delivery.url, delivery.order_id, timestamp);
  std::string error;
  int status = 0;
  std::string body;
  std::optional<ParsedUrl> parsed = ParseUrl(url);
  if (!parsed.has_value()) {
    error = "bad url";
  } else if (!IsLoopbackHost(parsed->host) && !options_.notify_any_host) {
    error = "not loopback (--notify_any_host)";
  } else if (parsed->scheme != "http") {
    error = "only http:// is supported";
  } else {
    try {
      boost::asio::io_context io;
      tcp::resolver resolver(io);
      beast::tcp_stream stream(io);
      stream.expires_after(std::chrono::seconds(5));
      stream.connect(resolver.resolve(parsed->host, parsed->port));
      http::request<http::string_body> req(
          delivery.method == "GET" ? http::verb::get : http::verb::post,
          parsed->target, 11);
      const bool v6 = parsed->host.find(':') != std::string::npos;
      req.set(http::field::host,
              absl::StrCat(v6 ? "[" : "", parsed->host, v6 ? "]" : "", ":",
                           parsed->port));
      req.set(http::field::user_agent, "msp-emulator");
      req.set(http::field::connection, "close");
      if (delivery.method == "POST") {
        std::string auth =
            NotificationAuth(options_.api_key, timestamp, delivery.body);
        if (delivery.bad_signature) {
          auth = NotificationAuth(options_.api_key + "-wrong", timestamp,
                                  delivery.body);
        }
        req.set("Auth", auth);
        req.set(http::field::content_type, "application/json");
        req.body() = delivery.body;
      }
      req.prepare_payload();
      http::write(stream, req);
      beast::flat_buffer buffer;
      http::response_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      http::read(stream, buffer, parser);
      status = static_cast<int>(parser.get().result_int());
      body = parser.get().body();
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  const bool acknowledged = error.empty() && IsAcknowledged(status, body);
  absl::MutexLock lock(&mu_);
  Log(delivery, url, status, acknowledged, error);
  // Refused URLs are never retried: they would be refused again.
  const bool contacted =
      parsed.has_value() &&
      (IsLoopbackHost(parsed->host) || options_.notify_any_host) &&
      parsed->scheme == "http";
  if (!acknowledged && contacted && delivery.attempt <= options_.retries &&
      !stopping_) {
    Delivery again = delivery;
    ++again.attempt;
    again.due = absl::Now() + options_.retry_interval;
    Enqueue(std::move(again));
  }
}

json Notifier::LogJson() const {
  absl::MutexLock lock(&mu_);
  return log_;
}

void Notifier::ClearLog() {
  absl::MutexLock lock(&mu_);
  log_ = json::array();
}

void Notifier::AddFault(NotificationFault fault) {
  absl::MutexLock lock(&mu_);
  faults_.push_back(std::move(fault));
}

void Notifier::ClearFaults() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

}  // namespace msp_emulator
