// Copyright 2026 The msp-gateway Authors.
//
// msp_emulator: the MultiSafepay JSON API emulator as a program, for local
// runs and out-of-process tests. See emulator.h for the endpoints.
//
//   MSP_EMULATOR_API_KEY=test-key msp_emulator --port=0 --port_file=/tmp/p
//
// The expected API key comes only from the environment (never a flag, so it
// does not show in `ps`); without it any key is accepted. Runs until SIGTERM
// or SIGINT.
//
// It raises its soft open-files limit to the hard limit: each client
// connection is a descriptor, and the usual soft limit of 1024 would cap a
// load test at about that many concurrent connections.

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "emulator/emulator.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 18080, "Port to listen on; 0 picks a free one.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound port and a newline are written to this file "
          "(atomically) once the emulator accepts connections.");
ABSL_FLAG(std::string, payment_host, "https://testpayv2.multisafepay.com",
          "Prefix of the payment URLs the emulator hands out.");
ABSL_FLAG(int, threads, 2,
          "Event-loop threads. Connections and delayed answers hold no "
          "thread, so the number of cores is plenty.");
ABSL_FLAG(uint64_t, fault_seed, 0,
          "Seed of the generator fault `probability` draws from (0: a random "
          "seed; GET /__emulator/server shows it).");

ABSL_FLAG(bool, notify_any_host, false,
          "Send notifications to any host, not only loopback (127.0.0.1, "
          "::1, localhost). Off, other URLs are logged and never called.");
ABSL_FLAG(absl::Duration, notify_retry_interval, absl::Minutes(15),
          "Wait before a notification that was not acknowledged is sent "
          "again.");
ABSL_FLAG(int, notify_retries, 3,
          "How often a notification that was not acknowledged is sent again.");

namespace {

void RaiseOpenFilesLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 ||
      limit.rlim_cur >= limit.rlim_max) {
    return;
  }
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    std::cerr << "msp_emulator: cannot raise the open-files limit\n";
  }
}

// Writes via a temporary file and rename(), so a script polling for the file
// never reads a partial port number.
absl::Status WritePortFile(const std::string& path, int port) {
  const std::string temp = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream out(temp, std::ios::trunc);
    out << port << "\n";
    out.close();
    if (!out) {
      return absl::InternalError(absl::StrCat("cannot write ", temp));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::InternalError(
        absl::StrCat("cannot rename ", temp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "A MultiSafepay API emulator for local runs and tests (no network, no "
      "key unless MSP_EMULATOR_API_KEY is set).\n"
      "\n"
      "  msp_emulator --host=127.0.0.1 --port=18080\n"
      "\n"
      "Test controls under /__emulator/ (faults, order status, the request "
      "log): emulator/fault_injector.h.");
  // Abseil's --help lists the flags of a file named after the program;
  // ours live in main.cc.
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "emulator/main.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);
  RaiseOpenFilesLimit();

  // Block the stop signals before any thread starts, so every server thread
  // inherits the mask and sigwait() below is their only receiver.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  msp_emulator::EmulatorOptions options;
  if (const char* key = std::getenv("MSP_EMULATOR_API_KEY")) {
    options.api_key = key;
  }
  options.payment_host = absl::GetFlag(FLAGS_payment_host);
  options.worker_threads = absl::GetFlag(FLAGS_threads);
  options.fault_seed = absl::GetFlag(FLAGS_fault_seed);
  // Notifications are signed with the same key (MSP_EMULATOR_API_KEY).
  options.notify_any_host = absl::GetFlag(FLAGS_notify_any_host);
  options.notify_retry_interval = absl::GetFlag(FLAGS_notify_retry_interval);
  options.notify_retries = absl::GetFlag(FLAGS_notify_retries);

  const std::string host = absl::GetFlag(FLAGS_host);
  msp_emulator::Emulator emulator(std::move(options));
  absl::StatusOr<int> port = emulator.Start(host, absl::GetFlag(FLAGS_port));
  if (!port.ok()) {
    std::cerr << "msp_emulator: " << port.status() << std::endl;
    return 1;
  }
  if (const std::string path = absl::GetFlag(FLAGS_port_file); !path.empty()) {
    if (absl::Status written = WritePortFile(path, *port); !written.ok()) {
      std::cerr << "msp_emulator: " << written << std::endl;
      return 1;
    }
  }
  const std::string shown_host =
      absl::StrContains(host, ':') ? absl::StrCat("[", host, "]") : host;
  std::cerr << "msp_emulator listening on http://" << shown_host << ":" << *port
            << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  emulator.Stop();
  return 0;
}
