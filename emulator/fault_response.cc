// Copyright 2026 The msp-gateway Authors.

#include "emulator/fault_response.h"

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include "emulator/http_reply.h"
#include "emulator/msp_error.h"

namespace msp_emulator {
namespace {

constexpr char kHtml503Body[] =
    "<html><body><h1>503 Service Unavailable</h1></body></html>";
// What a client sees when a proxy cuts a success answer short.
constexpr char kTruncatedJson[] = R"({"success":true,"data":{"order_id":")";

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

}  // namespace

void ApplyFault(const Fault& fault, const httplib::Request& req,
                httplib::Response& res, const std::function<void()>& answer,
                const std::function<void(int)>& sleep_ms) {
  if (fault.kind == FaultKind::kDelay) {
    sleep_ms(fault.delay_ms);
    answer();
    return;
  }
  if (fault.process_request) answer();
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

}  // namespace msp_emulator
