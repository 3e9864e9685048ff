// Copyright 2026 The msp-gateway Authors.

#include "service/callers/watched_authz_policy.h"

#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace msp_gateway {

absl::StatusOr<std::string> ReadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the authorization policy file ", path));
  }
  std::string text(AuthzPolicy::kMaxPolicyBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) {
    return absl::DataLossError(
        absl::StrCat("error reading the authorization policy file ", path));
  }
  return text;
}

absl::StatusOr<std::unique_ptr<WatchedAuthzPolicy>> WatchedAuthzPolicy::Start(
    std::string path, WatchedAuthzPolicyOptions options) {
  absl::StatusOr<std::string> text = ReadPolicyFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<AuthzPolicy> policy = AuthzPolicy::Parse(*text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", policy.status().message()));
  }
  std::unique_ptr<WatchedAuthzPolicy> watched(
      new WatchedAuthzPolicy(std::move(path), std::move(options),
                             *std::move(text), *std::move(policy)));
  watched->thread_ = std::thread([w = watched.get()] { w->Watch(); });
  return watched;
}

WatchedAuthzPolicy::WatchedAuthzPolicy(std::string path,
                                       WatchedAuthzPolicyOptions options,
                                       std::string text, AuthzPolicy policy)
    : path_(std::move(path)),
      options_(std::move(options)),
      policy_(std::make_shared<const AuthzPolicy>(std::move(policy))),
      last_text_(std::move(text)) {}

WatchedAuthzPolicy::~WatchedAuthzPolicy() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const AuthzPolicy> WatchedAuthzPolicy::current() const {
  absl::MutexLock lock(&mu_);
  return policy_;
}

void WatchedAuthzPolicy::Watch() {
  absl::MutexLock lock(&mu_);
  while (true) {
    const bool stop = mu_.AwaitWithTimeout(
        absl::Condition(
            +[](bool* stopping) { return *stopping; }, &stopping_),
        options_.interval);
    if (stop) return;
    mu_.Unlock();
    ReloadNow();
    mu_.Lock();
  }
}

void WatchedAuthzPolicy::ReloadNow() {
  absl::StatusOr<std::string> text = ReadPolicyFile(path_);
  absl::Status result;
  std::shared_ptr<const AuthzPolicy> installed;
  {
    absl::MutexLock lock(&mu_);
    if (!text.ok()) {
      // A missing file (a ConfigMap being swapped) is reported once.
      if (last_error_ == text.status()) return;
      last_error_ = result = text.status();
    } else if (*text == last_text_) {
      // Unchanged; reported only when it ends a read error and is the
      // policy in force.
      if (last_error_.ok() || !last_text_good_) return;
      last_error_ = absl::OkStatus();
      installed = policy_;
    } else {
      last_text_ = *text;
      absl::StatusOr<AuthzPolicy> parsed = AuthzPolicy::Parse(*text);
      last_text_good_ = parsed.ok();
      if (parsed.ok()) {
        policy_ = std::make_shared<const AuthzPolicy>(*std::move(parsed));
        installed = policy_;
        last_error_ = absl::OkStatus();
      } else {
        last_error_ = result = parsed.status();
      }
    }
  }
  if (options_.on_reload) options_.on_reload(result, installed.get());
}

}  // namespace msp_gateway
