// Copyright 2026 The msp-gateway Authors.

#include "tools/msp_emulator/emulator.h"

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "tools/msp_emulator/exact_json.h"
#include "tools/msp_emulator/fault_injector.h"
#include "tools/msp_emulator/gateway_catalog.h"
#include "tools/msp_emulator/iso_codes.h"
#include "tools/msp_emulator/msp_error.h"
#include "tools/msp_emulator/order_lifecycle.h"
#include "tools/msp_emulator/order_rules.h"
#include "tools/msp_emulator/order_store.h"
#include "tools/msp_emulator/request_log.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr absl::string_view kOrdersPath = "/v1/json/orders";
constexpr absl::string_view kOrderPathPrefix = "/v1/json/orders/";
constexpr absl::string_view kGatewaysPath = "/v1/json/gateways";
constexpr absl::string_view kGatewayPathPrefix = "/v1/json/gateways/";
constexpr absl::string_view kControlPath = "/__emulator";
constexpr absl::string_view kControlOrderPrefix = "/__emulator/orders/";
constexpr absl::string_view kStatusSuffix = "/status";

constexpr char kJsonType[] = "application/json";
constexpr char kHtml503Body[] =
    "<html><body><h1>503 Service Unavailable</h1></body></html>";
// What a client sees when a proxy cuts a success answer short.
constexpr char kTruncatedJson[] = R"({"success":true,"data":{"order_id":")";

// MultiSafepay bodies are a few KB; this only stops runaway uploads.
constexpr size_t kMaxBodyBytes = 4 << 20;

// Serialises without throwing: a path segment or header may carry bytes
// that are not UTF-8, and those must not turn an answer into a 500.
std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void Reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(Dump(body), kJsonType);
}

void ReplyError(httplib::Response& res, const MspError& error) {
  Reply(res, error.http_status, ErrorEnvelope(error));
}

void ReplyControlError(httplib::Response& res, int status,
                       absl::string_view message) {
  Reply(res, status, json{{"error", std::string(message)}});
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes of a path segment. '+' stays '+': it only means a
// space in query strings.
std::string PercentDecode(absl::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() &&
        HexValue(encoded[i + 1]) >= 0 && HexValue(encoded[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(encoded[i + 1]) * 16 +
                                      HexValue(encoded[i + 2])));
      i += 2;
    } else {
      out.push_back(encoded[i]);
    }
  }
  return out;
}

// The request path as sent, still percent-encoded. httplib's `path` is
// already decoded, which would make an order_id containing "%2F" look like
// two path segments.
absl::string_view RawPath(const httplib::Request& req) {
  absl::string_view target = req.target;
  return target.substr(0, target.find('?'));
}

// Matches `raw_path` against prefix + <one segment> + suffix and returns the
// decoded segment.
std::optional<std::string> MatchSegment(absl::string_view raw_path,
                                        absl::string_view prefix,
                                        absl::string_view suffix) {
  if (!absl::ConsumePrefix(&raw_path, prefix) ||
      !absl::ConsumeSuffix(&raw_path, suffix) || raw_path.empty() ||
      absl::StrContains(raw_path, '/')) {
    return std::nullopt;
  }
  return PercentDecode(raw_path);
}

// Splits the part of `raw_path` after `prefix` into decoded segments; nullopt
// when the prefix does not match or a segment is empty.
std::optional<std::vector<std::string>> Segments(absl::string_view raw_path,
                                                 absl::string_view prefix) {
  if (!absl::ConsumePrefix(&raw_path, prefix)) return std::nullopt;
  std::vector<std::string> segments;
  for (absl::string_view segment : absl::StrSplit(raw_path, '/')) {
    if (segment.empty()) return std::nullopt;
    segments.push_back(PercentDecode(segment));
  }
  return segments;
}

// A request body as JSON with exact number lexemes. PATCH, capture and
// refund bodies may be empty, which reads as {} (a capture without body
// captures everything).
std::optional<ExactJson> ParseBody(const std::string& body,
                                   bool empty_is_object) {
  if (empty_is_object && absl::StripAsciiWhitespace(body).empty()) {
    return ExactJson::FromDom(json::object());
  }
  return ExactJson::Parse(body);
}

// The API key the client presented, by MultiSafepay's precedence: the
// `api_key` header, then `Authorization: Bearer`, then the `api_key` query
// parameter.
std::optional<std::string> PresentedApiKey(const httplib::Request& req) {
  if (req.has_header("api_key")) return req.get_header_value("api_key");
  const std::string authorization = req.get_header_value("Authorization");
  absl::string_view credentials = authorization;
  if (absl::ConsumePrefix(&credentials, "Bearer ") ||
      absl::ConsumePrefix(&credentials, "bearer ")) {
    return std::string(absl::StripAsciiWhitespace(credentials));
  }
  if (req.has_param("api_key")) return req.get_param_value("api_key");
  return std::nullopt;
}

// Compares without an early exit, so answer timing does not reveal how
// much of a guessed key was right.
bool KeysEqual(absl::string_view presented, absl::string_view expected) {
  if (presented.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(presented[i] ^ expected[i]);
  }
  return diff == 0;
}

std::optional<std::pair<std::string, int>> Endpoint(
    const sockaddr_storage& addr, socklen_t length) {
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), length, host,
                  sizeof(host), service, sizeof(service),
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return std::nullopt;
  }
  return std::make_pair(std::string(host), std::atoi(service));
}

// Shuts down the server side of `req`'s connection so the client sees the
// connection close without an answer. httplib does not hand the socket to
// handlers, so it is found among the process's descriptors by its two
// endpoints. shutdown() (not close()) leaves the descriptor to httplib, which
// closes it as usual; its attempt to write the answer fails quietly
// (httplib::Server ignores SIGPIPE).
bool DropConnection(const httplib::Request& req) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  bool dropped = false;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_length = sizeof(local);
    socklen_t peer_length = sizeof(peer);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) !=
            0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) !=
            0) {
      continue;
    }
    if (Endpoint(local, local_length) !=
            std::make_pair(req.local_addr, req.local_port) ||
        Endpoint(peer, peer_length) !=
            std::make_pair(req.remote_addr, req.remote_port)) {
      continue;
    }
    dropped = shutdown(fd, SHUT_RDWR) == 0;
    break;
  }
  closedir(dir);
  return dropped;
}

// httplib::Server with a usable listen backlog. Debian's libcpp-httplib
// listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled in), so a
// burst of more than ~6 simultaneous connects (a client pool warming up) has
// SYNs dropped and retried a second later. Calling listen() again on the
// bound socket raises the backlog.
class Server : public httplib::Server {
 public:
  bool WidenListenBacklog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }
};

}  // namespace

class Emulator::Impl {
 public:
  explicit Impl(EmulatorOptions options)
      : options_(std::move(options)),
        orders_(options_.payment_host,
                options_.clock ? options_.clock
                               : std::function<absl::Time()>(&absl::Now)) {}

  absl::StatusOr<int> Start(const std::string& host, int port);
  void Stop();
  int port() const { return port_.load(); }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res);
  void HandleControl(const httplib::Request& req, httplib::Response& res);
  void HandleStatusControl(const std::string& order_id,
                           const httplib::Request& req, httplib::Response& res);
  void HandleRefundStatusControl(const std::string& order_id,
                                 const std::string& refund_id,
                                 const httplib::Request& req,
                                 httplib::Response& res);
  void HandleFaultControl(const httplib::Request& req, httplib::Response& res);
  void ApplyFault(const Fault& fault, const httplib::Request& req,
                  httplib::Response& res);
  void HandleApi(const httplib::Request& req, httplib::Response& res);
  void CreateOrder(const httplib::Request& req, httplib::Response& res);
  void GetOrder(const std::string& order_id, httplib::Response& res);
  // Runs a refund, capture or update on `order_id` with the request body.
  void OrderAction(const std::string& order_id, const httplib::Request& req,
                   httplib::Response& res,
                   std::variant<json, MspError> (OrderStore::*action)(
                       const std::string&, const ExactJson&));
  void ListGatewaysRoute(const httplib::Request& req, httplib::Response& res);
  void GetGatewayRoute(const std::string& gateway_id, httplib::Response& res);
  bool IsAuthorized(const httplib::Request& req) const;
  void SleepUnlessStopping(int milliseconds) const;

  const EmulatorOptions options_;
  RequestLog log_;
  FaultInjector faults_;
  OrderStore orders_;
  // Constructed last: its constructor also makes the process ignore SIGPIPE,
  // which DropConnection() relies on.
  Server server_;
  std::thread thread_;
  std::atomic<int> port_{0};
  std::atomic<bool> stopping_{false};

  absl::Mutex lifecycle_mu_;
  bool started_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
};

absl::StatusOr<int> Emulator::Impl::Start(const std::string& host, int port) {
  absl::MutexLock lock(&lifecycle_mu_);
  if (started_)
    return absl::FailedPreconditionError("emulator already started");
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("invalid port ", port));
  }
  started_ = true;

  const int workers = options_.worker_threads > 0 ? options_.worker_threads : 1;
  server_.new_task_queue = [workers] {
    return new httplib::ThreadPool(workers);
  };
  // Clients keep connections open; httplib's default of 5 requests per
  // connection would make them reconnect all the time.
  server_.set_keep_alive_max_count(1000);
  // httplib writes headers and body separately; with Nagle's algorithm a
  // keep-alive client then waits for a delayed ACK (~40 ms) per answer.
  server_.set_tcp_nodelay(true);
  // httplib's default options add SO_REUSEPORT, which lets a second emulator
  // bind the same port and silently take half of the traffic. A busy port
  // must be an error instead.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_.set_payload_max_length(kMaxBodyBytes);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    Handle(req, res);
  };
  // One catch-all per method: routing is done in Handle() so unknown routes
  // get MultiSafepay's 404 envelope and are still recorded.
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Patch(".*", handler);
  server_.Delete(".*", handler);
  server_.Options(".*", handler);

  int bound = -1;
  if (port == 0) {
    bound = server_.bind_to_any_port(host);
  } else if (server_.bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("msp_emulator cannot listen on ", host, ":", port));
  }
  if (!server_.WidenListenBacklog()) {
    return absl::InternalError("msp_emulator cannot widen the listen backlog");
  }
  port_ = bound;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // The socket already accepts connections (they wait in the backlog), but
  // Server::stop() only works once the accept loop runs.
  while (!server_.is_running()) absl::SleepFor(absl::Milliseconds(1));
  return bound;
}

void Emulator::Impl::Stop() {
  absl::MutexLock lock(&lifecycle_mu_);
  stopping_ = true;
  if (server_.is_running()) server_.stop();
  if (thread_.joinable()) thread_.join();
}

void Emulator::Impl::SleepUnlessStopping(int milliseconds) const {
  const absl::Time deadline = absl::Now() + absl::Milliseconds(milliseconds);
  while (!stopping_ && absl::Now() < deadline) {
    absl::SleepFor(std::min(absl::Milliseconds(10), deadline - absl::Now()));
  }
}

void Emulator::Impl::Handle(const httplib::Request& req,
                            httplib::Response& res) {
  if (req.path == kControlPath ||
      absl::StartsWith(req.path, absl::StrCat(kControlPath, "/"))) {
    HandleControl(req, res);
    return;
  }
  log_.Record(req);
  if (std::optional<Fault> fault = faults_.Take(req.method, req.path)) {
    ApplyFault(*fault, req, res);
    return;
  }
  HandleApi(req, res);
}

void Emulator::Impl::ApplyFault(const Fault& fault, const httplib::Request& req,
                                httplib::Response& res) {
  if (fault.kind == FaultKind::kDelay) {
    SleepUnlessStopping(fault.delay_ms);
    HandleApi(req, res);
    return;
  }
  if (fault.process_request) HandleApi(req, res);
  const std::string processed_body = std::move(res.body);
  res.body.clear();
  res.headers.clear();
  switch (fault.kind) {
    case FaultKind::kHtml503:
      res.status = 503;
      res.set_content(kHtml503Body, "text/html");
      return;
    case FaultKind::kError:
      ReplyError(res, {fault.http_status, fault.error_code, fault.error_info});
      return;
    case FaultKind::kMalformedJson:
      // Half of the real answer when there is one, so the prefix parses as
      // the start of a valid envelope.
      res.status = 200;
      res.set_content(processed_body.empty()
                          ? std::string(kTruncatedJson)
                          : processed_body.substr(0, processed_body.size() / 2),
                      kJsonType);
      return;
    case FaultKind::kDrop:
      if (!DropConnection(req)) {
        std::cerr << "msp_emulator: could not find the connection to drop; "
                     "answering 503 instead\n";
        res.status = 503;
        res.set_content(kHtml503Body, "text/html");
      }
      return;
    case FaultKind::kDelay:
      return;  // handled above
  }
}

bool Emulator::Impl::IsAuthorized(const httplib::Request& req) const {
  if (options_.api_key.empty()) return true;
  std::optional<std::string> key = PresentedApiKey(req);
  return key.has_value() && KeysEqual(*key, options_.api_key);
}

void Emulator::Impl::HandleApi(const httplib::Request& req,
                               httplib::Response& res) {
  const absl::string_view raw_path = RawPath(req);
  const std::string& method = req.method;
  const bool is_get = method == "GET" || method == "HEAD";
  // The route, decided before the key is checked so unknown routes answer
  // 404 whatever the key (as before); each lambda runs once authorised.
  std::function<void()> route;
  if (raw_path == kOrdersPath && method == "POST") {
    route = [&] { CreateOrder(req, res); };
  } else if (raw_path == kGatewaysPath && is_get) {
    route = [&] { ListGatewaysRoute(req, res); };
  } else if (auto gateway = Segments(raw_path, kGatewayPathPrefix);
             gateway.has_value() && gateway->size() == 1 && is_get) {
    route = [this, &res, id = (*gateway)[0]] { GetGatewayRoute(id, res); };
  } else if (auto parts = Segments(raw_path, kOrderPathPrefix);
             parts.has_value() && !parts->empty()) {
    const std::string& order_id = (*parts)[0];
    if (parts->size() == 1 && is_get) {
      route = [this, &res, order_id] { GetOrder(order_id, res); };
    } else if (parts->size() == 1 && method == "PATCH") {
      route = [this, &req, &res, order_id] {
        OrderAction(order_id, req, res, &OrderStore::Update);
      };
    } else if (parts->size() == 2 && (*parts)[1] == "refunds" &&
               method == "POST") {
      route = [this, &req, &res, order_id] {
        OrderAction(order_id, req, res, &OrderStore::Refund);
      };
    } else if (parts->size() == 2 && (*parts)[1] == "capture" &&
               method == "POST") {
      route = [this, &req, &res, order_id] {
        OrderAction(order_id, req, res, &OrderStore::Capture);
      };
    }
  }
  if (!route) {
    ReplyError(res, NotFoundError());
    return;
  }
  if (!IsAuthorized(req)) {
    ReplyError(res, InvalidApiKeyError());
    return;
  }
  route();
}

void Emulator::Impl::CreateOrder(const httplib::Request& req,
                                 httplib::Response& res) {
  std::optional<ExactJson> body = ParseBody(req.body, false);
  if (!body.has_value()) {
    ReplyError(res, InvalidBodyError());
    return;
  }
  if (std::optional<MspError> error = ValidateCreateOrder(*body)) {
    ReplyError(res, *error);
    return;
  }
  auto created = orders_.Create(*body);
  if (const MspError* error = std::get_if<MspError>(&created)) {
    ReplyError(res, *error);
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(std::get<json>(created))));
}

void Emulator::Impl::OrderAction(
    const std::string& order_id, const httplib::Request& req,
    httplib::Response& res,
    std::variant<json, MspError> (OrderStore::*action)(const std::string&,
                                                       const ExactJson&)) {
  std::optional<ExactJson> body = ParseBody(req.body, true);
  if (!body.has_value()) {
    ReplyError(res, InvalidBodyError());
    return;
  }
  auto result = (orders_.*action)(order_id, *body);
  if (const MspError* error = std::get_if<MspError>(&result)) {
    ReplyError(res, *error);
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(std::get<json>(result))));
}

void Emulator::Impl::ListGatewaysRoute(const httplib::Request& req,
                                       httplib::Response& res) {
  GatewayFilter filter;
  if (std::string country = req.get_param_value("country"); !country.empty()) {
    country = absl::AsciiStrToUpper(country);
    if (!IsIsoCountry(country)) {
      ReplyError(res, InvalidCountryCodeError());
      return;
    }
    filter.country = country;
  }
  if (std::string currency = req.get_param_value("currency");
      !currency.empty()) {
    currency = absl::AsciiStrToUpper(currency);
    if (!IsIsoCurrency(currency)) {
      ReplyError(res, InvalidCurrencyError());
      return;
    }
    filter.currency = currency;
  }
  if (const std::string amount = req.get_param_value("amount");
      !amount.empty()) {
    int64_t value = 0;
    if (!std::all_of(amount.begin(), amount.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(amount, &value)) {
      ReplyError(res, InvalidAmountError());
      return;
    }
    filter.amount = value;
  }
  filter.include_coupons = req.get_param_value("include") == "coupons";
  Reply(res, 200, SuccessEnvelope(ListGateways(filter)));
}

void Emulator::Impl::GetGatewayRoute(const std::string& gateway_id,
                                     httplib::Response& res) {
  const GatewayInfo* gateway = FindGateway(gateway_id);
  if (gateway == nullptr) {
    ReplyError(res, NoGatewayAvailableError());
    return;
  }
  Reply(res, 200, SuccessEnvelope(GatewayJson(*gateway)));
}

void Emulator::Impl::GetOrder(const std::string& order_id,
                              httplib::Response& res) {
  std::optional<json> order = orders_.Get(order_id);
  if (!order.has_value()) {
    ReplyError(res, OrderNotFoundError());
    return;
  }
  Reply(res, 200, SuccessEnvelope(std::move(*order)));
}

void Emulator::Impl::HandleControl(const httplib::Request& req,
                                   httplib::Response& res) {
  const std::string& path = req.path;
  const std::string& method = req.method;
  if (path == "/__emulator/health" && method == "GET") {
    res.status = 200;
    res.set_content("ok\n", "text/plain");
  } else if (path == "/__emulator/requests" && method == "GET") {
    Reply(res, 200, log_.ToJson());
  } else if (path == "/__emulator/requests" && method == "DELETE") {
    log_.Clear();
    res.status = 204;
  } else if (path == "/__emulator/orders" && method == "DELETE") {
    orders_.Clear();
    res.status = 204;
  } else if (path == "/__emulator/faults") {
    HandleFaultControl(req, res);
  } else if (std::optional<std::string> order_id =
                 MatchSegment(RawPath(req), kControlOrderPrefix, kStatusSuffix);
             order_id.has_value() && method == "POST") {
    HandleStatusControl(*order_id, req, res);
  } else if (auto parts = Segments(RawPath(req), kControlOrderPrefix);
             parts.has_value() && parts->size() == 4 &&
             (*parts)[1] == "refunds" && (*parts)[3] == "status" &&
             method == "POST") {
    HandleRefundStatusControl((*parts)[0], (*parts)[2], req, res);
  } else {
    ReplyControlError(res, 404,
                      absl::StrCat("no emulator control ", method, " ", path));
  }
}

void Emulator::Impl::HandleStatusControl(const std::string& order_id,
                                         const httplib::Request& req,
                                         httplib::Response& res) {
  const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("status") ||
      !body["status"].is_string()) {
    ReplyControlError(res, 400, R"(body must be {"status": "<status>"})");
    return;
  }
  StatusChange change;
  change.status = body["status"].get<std::string>();
  // Optional string members; reason_code may also be a number (3001).
  for (auto [key, target] :
       {std::pair<const char*, std::optional<std::string>*>{
            "financial_status", &change.financial_status},
        {"reason", &change.reason},
        {"reason_code", &change.reason_code},
        {"gateway", &change.gateway}}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (it->is_string()) {
      *target = it->get<std::string>();
    } else if (it->is_number_integer() && std::string(key) == "reason_code") {
      *target = it->dump();
    } else {
      ReplyControlError(res, 400, absl::StrCat(key, " must be a string"));
      return;
    }
  }
  absl::Status status = orders_.SetStatus(order_id, change);
  if (absl::IsNotFound(status)) {
    ReplyControlError(res, 404, status.message());
    return;
  }
  if (!status.ok()) {
    ReplyControlError(res, 400, status.message());
    return;
  }
  GetOrder(order_id, res);
}

void Emulator::Impl::HandleRefundStatusControl(const std::string& order_id,
                                               const std::string& refund_id,
                                               const httplib::Request& req,
                                               httplib::Response& res) {
  const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("status") ||
      !body["status"].is_string()) {
    ReplyControlError(res, 400, R"(body must be {"status": "<status>"})");
    return;
  }
  int64_t id = 0;
  if (!absl::SimpleAtoi(refund_id, &id)) {
    ReplyControlError(res, 404, absl::StrCat("no refund ", refund_id));
    return;
  }
  absl::Status status =
      orders_.SetRefundStatus(order_id, id, body["status"].get<std::string>());
  if (absl::IsNotFound(status)) {
    ReplyControlError(res, 404, status.message());
    return;
  }
  if (!status.ok()) {
    ReplyControlError(res, 400, status.message());
    return;
  }
  GetOrder(order_id, res);
}

void Emulator::Impl::HandleFaultControl(const httplib::Request& req,
                                        httplib::Response& res) {
  if (req.method == "GET") {
    Reply(res, 200, faults_.ToJson());
  } else if (req.method == "DELETE") {
    faults_.Clear();
    res.status = 204;
  } else if (req.method == "POST") {
    const json spec =
        json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    absl::StatusOr<Fault> fault = ParseFault(spec);
    if (!fault.ok()) {
      ReplyControlError(res, 400, fault.status().message());
      return;
    }
    Reply(res, 200, json{{"id", faults_.Add(*std::move(fault))}});
  } else {
    ReplyControlError(res, 405, "use GET, POST or DELETE");
  }
}

Emulator::Emulator(EmulatorOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

Emulator::~Emulator() { Stop(); }

absl::StatusOr<int> Emulator::Start(const std::string& host, int port) {
  return impl_->Start(host, port);
}

void Emulator::Stop() { impl_->Stop(); }

int Emulator::port() const { return impl_->port(); }

}  // namespace msp_emulator
