// SPDX-License-Identifier: Apache-2.0
#include "auth/lockout.h"

namespace starprep::auth {
namespace {

int SecondsUntil(Lockout::Clock::time_point until, Lockout::Clock::time_point now) {
  if (until <= now) return 0;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
  return static_cast<int>((ms + 999) / 1000);
}

}  // namespace

int Lockout::RetryAfter(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : SecondsUntil(it->second.locked_until, now);
}

int Lockout::Fail(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) DropStale(now);
  Entry& e = entries_[key];
  if (e.failures == 0 || now - e.first > window_) {
    e.failures = 0;
    e.first = now;
  }
  if (++e.failures >= max_failures_) {
    e.locked_until = now + lockout_;
    e.failures = 0;  // a new window starts when the lockout ends
    e.first = e.locked_until;
  }
  return SecondsUntil(e.locked_until, now);
}

void Lockout::Succeed(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void Lockout::DropStale(Clock::time_point now) {
  std::erase_if(entries_,
                [&](const auto& kv) { return kv.second.locked_until <= now && now - kv.second.first > window_; });
  if (entries_.size() >= kMaxEntries) entries_.clear();  // under a flood of distinct keys: forget all
}

}  // namespace starprep::auth
