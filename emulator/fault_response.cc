// Copyright 2026 The msp-gateway Authors.

#include "emulator/fault_response.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "emulator/http_reply.h"
#include "emulator/msp_error.h"

namespace msp_emulator {
namespace {

// What a client sees when a proxy cuts a success answer short.
constexpr char kTruncatedJson[] = R"({"success":true,"data":{"order_id":")";

const char* ReasonPhrase(int status) {
  switch (status) {
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

// The error page a proxy or load balancer in front of MultiSafepay shows.
void HtmlPage(HttpResponse& res, int status) {
  res.status = status;
  res.SetContent(absl::StrCat("<html><body><h1>", status, " ",
                              ReasonPhrase(status), "</h1></body></html>"),
                 "text/html");
}

}  // namespace

Answer FaultAnswer(const Fault& fault, const HttpRequest& req,
                   const ApiHandler& api) {
  const bool after = fault.when == FaultWhen::kAfter;
  Answer answer;
  if (fault.kind == FaultKind::kDelay) {
    answer.delay_ms = fault.delay_ms;
    if (after) {
      answer.response = api(req);
    } else {
      answer.then = [api](const HttpRequest& delayed) {
        Answer late;
        late.response = api(delayed);
        return late;
      };
    }
    return answer;
  }

  const std::string processed_body = after ? api(req).body : "";
  HttpResponse& res = answer.response;
  switch (fault.kind) {
    case FaultKind::kHtml503:
      HtmlPage(res, 503);
      break;
    case FaultKind::kHtml:
      HtmlPage(res, fault.http_status);
      break;
    case FaultKind::kEmpty:
      res.status = fault.http_status;
      break;
    case FaultKind::kError:
      ReplyError(res, {fault.http_status, fault.error_code, fault.error_info});
      break;
    case FaultKind::kMalformedJson:
      // Half of the real answer when there is one, so the prefix parses as
      // the start of a valid envelope.
      res.status = 200;
      res.SetContent(processed_body.empty()
                         ? std::string(kTruncatedJson)
                         : processed_body.substr(0, processed_body.size() / 2),
                     kJsonType);
      break;
    case FaultKind::kDrop:
      answer.reset = true;
      break;
    case FaultKind::kDelay:
      break;  // handled above
  }
  return answer;
}

}  // namespace msp_emulator
