// Copyright 2026 The msp-gateway Authors.
//
// File: watched_authz_policy.h
//
// The authorization policy file (--authz_policy_file), re-read when it
// changes so that a ConfigMap update takes effect without a restart. A file
// that is missing or malformed at start is an error (the server refuses to
// start); a malformed update is reported and the last good policy stays in
// force, so a bad edit can never open the service up (or shut it down).

#ifndef MSP_GATEWAY_SERVICE_CALLERS_WATCHED_AUTHZ_POLICY_H_
#define MSP_GATEWAY_SERVICE_CALLERS_WATCHED_AUTHZ_POLICY_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/callers/authz_policy.h"

namespace msp_gateway {

struct WatchedAuthzPolicyOptions {
  // How often the file is read again (--tls_reload_interval).
  absl::Duration interval = absl::Seconds(60);
  // Told of every change of the file's contents after the first load: OK
  // when the new policy is in force, else why it was refused (the old one
  // stays). On the watcher's thread. Optional.
  std::function<void(const absl::Status& reloaded, const AuthzPolicy* policy)>
      on_reload;
};

class WatchedAuthzPolicy {
 public:
  // Loads `path` (which must parse) and starts watching it.
  static absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> Start(
      std::string path, WatchedAuthzPolicyOptions options);
  ~WatchedAuthzPolicy();

  WatchedAuthzPolicy(const WatchedAuthzPolicy&) = delete;
  WatchedAuthzPolicy& operator=(const WatchedAuthzPolicy&) = delete;

  // The policy in force. Thread-safe.
  std::shared_ptr<const AuthzPolicy> current() const;

  // Reads the file now (as the watcher does every interval). For tests and
  // the watcher's thread.
  void ReloadNow();

 private:
  WatchedAuthzPolicy(std::string path, WatchedAuthzPolicyOptions options,
                     std::string text, AuthzPolicy policy);
  void Watch();

  const std::string path_;
  const WatchedAuthzPolicyOptions options_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const AuthzPolicy> policy_ ABSL_GUARDED_BY(mu_);
  // The file's contents last read (good or bad), so an unchanged file is
  // neither parsed nor reported again, and whether they are in force.
  std::string last_text_ ABSL_GUARDED_BY(mu_);
  bool last_text_good_ ABSL_GUARDED_BY(mu_) = true;
  // Why the last read failed (OK: it did not), so a lasting failure is
  // reported once.
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// Reads at most AuthzPolicy::kMaxPolicyBytes + 1 bytes of `path`.
absl::StatusOr<std::string> ReadPolicyFile(const std::string& path);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CALLERS_WATCHED_AUTHZ_POLICY_H_
