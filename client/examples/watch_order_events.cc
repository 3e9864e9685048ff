// Copyright 2026 The msp-gateway Authors.
//
// watch_order_events: follows msp-gateway's order events and prints each as
// one line, resuming by itself after disconnects. The smallest complete use
// of OrderEventWatcher (//client:payments_client).
//
//   ./dev run &
//   bazel run //client/examples:watch_order_events
//   cursor=1 order_id=shop-1 status=initialized source=rpc
//   cursor=2 order_id=shop-1 status=completed source=notification
//   ^C
//   stopped; resume with --after_cursor=2
//
// TLS as in checkout.cc (--ca_bundle, --client_cert, --client_key,
// --server_name_override); the files are read again every
// --tls_reload_interval, so a long-running watcher picks up renewed
// certificates on its next connection.
//
// Events go to stdout (one line each, flushed); reconnects and the end go to
// stderr. Exit status: 0 when stopped by SIGINT / SIGTERM or --max_events, 1
// when the watcher stopped with an error (e.g. OUT_OF_RANGE: the cursor is
// older than the gateway keeps events), 2 for bad flags or options.

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/examples/tls_flags.h"
#include "client/order_event_watcher.h"
#include "client/payment_client.h"
#include "payments/v1/order_event.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "msp-gateway address, e.g. "
          "dns:///payments.payments.svc.cluster.local:50051");
ABSL_FLAG(std::string, after_cursor, "",
          "Start after this cursor (the last one printed before); empty: "
          "from the oldest event the gateway keeps");
ABSL_FLAG(std::vector<std::string>, order_ids, {},
          "Comma-separated merchant order IDs to follow; empty: all orders");
ABSL_FLAG(int64_t, max_events, 0,
          "Stop after printing this many events; 0: until interrupted");
ABSL_FLAG(absl::Duration, max_backoff, absl::Seconds(10),
          "Longest wait between reconnects");
namespace {

using ::payments::v1::OrderEvent;
using ::payments_client::CallError;
using ::payments_client::ClientOptions;
using ::payments_client::OrderEventWatcher;
using ::payments_client::PaymentClient;
using ::payments_client::WatchCallbacks;
using ::payments_client::WatchOptions;
using ::payments_client_examples::TlsFromFlags;

// "ORDER_STATUS_COMPLETED" -> "completed".
std::string ShortName(const std::string& name, absl::string_view prefix) {
  absl::string_view rest = name;
  absl::ConsumePrefix(&rest, prefix);
  return rest.empty() ? "unknown" : absl::AsciiStrToLower(rest);
}

void PrintEvent(const OrderEvent& event) {
  std::printf(
      "cursor=%s order_id=%s status=%s source=%s\n", event.cursor().c_str(),
      event.order_id().c_str(),
      ShortName(payments::v1::OrderStatus_Name(event.status()), "ORDER_STATUS_")
          .c_str(),
      ShortName(payments::v1::OrderEventSource_Name(event.source()),
                "ORDER_EVENT_SOURCE_")
          .c_str());
  // One line at a time, also when stdout is a pipe.
  std::fflush(stdout);
}

std::string ResumeHint(const std::string& cursor) {
  return "resume with --after_cursor=" + cursor;
}

void PrintStopped(const absl::Status& status, const std::string& last_cursor) {
  if (status.ok()) {
    std::fprintf(stderr, "stopped; %s\n", ResumeHint(last_cursor).c_str());
    return;
  }
  const CallError error = CallError::FromStatus(status);
  std::fprintf(stderr, "WatchOrderEvents stopped: %s\n",
               error.ToString().c_str());
  const std::string shown = last_cursor.empty() ? "\"\"" : last_cursor;
  auto metadata = [&error](const std::string& key) -> std::string {
    if (!error.error_info) return "";
    auto it = error.error_info->metadata.find(key);
    return it == error.error_info->metadata.end() ? "" : it->second;
  };
  if (const std::string oldest = metadata("oldest_cursor"); !oldest.empty()) {
    std::fprintf(stderr,
                 "  the gateway keeps events from cursor %s on: those after "
                 "%s and before it are gone; reconcile the orders with "
                 "GetOrder, then start again with an empty --after_cursor\n",
                 oldest.c_str(), shown.c_str());
  } else if (const std::string newest = metadata("newest_cursor");
             !newest.empty()) {
    std::fprintf(stderr,
                 "  the gateway's newest event is cursor %s: %s is not a "
                 "cursor of its event log (another environment?)\n",
                 newest.c_str(), shown.c_str());
  } else {
    std::fprintf(stderr, "  last cursor (printed, or --after_cursor): %s\n",
                 shown.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Follows msp-gateway's order events and prints one line per event.");
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    std::fprintf(stderr, "unexpected argument: %s\n", positional[1]);
    return 2;
  }

  // Blocked in every thread (those started later inherit the mask), so
  // this thread takes them with sigwait(): SIGINT and SIGTERM stop the
  // watcher; SIGUSR1 is the watcher saying it stopped by itself.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ClientOptions client_options;
  client_options.user_agent = "watch-order-events-example/1.0";
  client_options.tls = TlsFromFlags();
  absl::StatusOr<std::unique_ptr<PaymentClient>> client =
      PaymentClient::Create(absl::GetFlag(FLAGS_target), client_options);
  if (!client.ok()) {
    std::fprintf(stderr, "cannot create client: %s\n",
                 client.status().ToString().c_str());
    return 2;
  }

  WatchOptions options;
  options.after_cursor = absl::GetFlag(FLAGS_after_cursor);
  options.order_ids = absl::GetFlag(FLAGS_order_ids);
  options.max_backoff = absl::GetFlag(FLAGS_max_backoff);
  if (options.max_backoff < options.initial_backoff) {
    options.initial_backoff = options.max_backoff;
  }
  const int64_t max_events = absl::GetFlag(FLAGS_max_events);

  // on_event needs the watcher (to stop it after --max_events): it waits
  // for `ready`, notified once watcher_ptr is set.
  auto ready = std::make_shared<absl::Notification>();
  OrderEventWatcher* watcher_ptr = nullptr;
  int64_t printed = 0;  // Only the watcher's thread touches it.
  WatchCallbacks callbacks;
  callbacks.on_event = [&, ready](const OrderEvent& event) {
    ready->WaitForNotification();
    PrintEvent(event);
    // Stop() from the callback: no later event is delivered, so
    // last_cursor() is the last one printed.
    if (max_events > 0 && ++printed >= max_events) watcher_ptr->Stop();
  };
  callbacks.on_reconnect = [](const absl::Status& status,
                              absl::Duration backoff) {
    std::fprintf(stderr, "stream ended (%s); reconnecting in %s\n",
                 status.ok() ? "closed by the gateway"
                             : CallError::FromStatus(status).ToString().c_str(),
                 absl::FormatDuration(backoff).c_str());
  };
  callbacks.on_stopped = [](const absl::Status& /*status*/) {
    kill(getpid(), SIGUSR1);  // Wakes sigwait() below.
  };

  absl::StatusOr<std::unique_ptr<OrderEventWatcher>> watcher =
      (*client)->WatchOrderEvents(options, std::move(callbacks));
  if (!watcher.ok()) {
    std::fprintf(stderr, "cannot watch: %s\n",
                 watcher.status().ToString().c_str());
    return 2;
  }
  watcher_ptr = watcher->get();
  ready->Notify();

  int signal = 0;
  sigwait(&signals, &signal);
  (*watcher)->Stop();  // Nothing to do when it stopped by itself.
  const absl::Status status = (*watcher)->Wait();
  PrintStopped(status, (*watcher)->last_cursor());
  return status.ok() ? 0 : 1;
}
