// SPDX-License-Identifier: Apache-2.0
#pragma once
// Failure-based lockout for sign-in: after `max_failures` failures of one key (an account or a
// client address) within `window`, the key is refused for `lockout`; a success clears its count.
// Pure bookkeeping with the time passed in, thread-safe, memory bounded (stale entries are dropped
// when the table grows). State is per process: behind a load balancer each instance counts alone.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace starprep::auth {

class Lockout {
 public:
  using Clock = std::chrono::steady_clock;
  Lockout(int max_failures, Clock::duration window, Clock::duration lockout)
      : max_failures_(max_failures), window_(window), lockout_(lockout) {}

  // 0 if `key` may try now, otherwise the whole seconds (at least 1) until it may.
  int RetryAfter(const std::string& key, Clock::time_point now);
  // Records a failure; returns RetryAfter(key, now) after it (non-zero once the key is locked).
  int Fail(const std::string& key, Clock::time_point now);
  void Succeed(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point first;         // start of the current window
    Clock::time_point locked_until;  // epoch: not locked
  };
  static constexpr std::size_t kMaxEntries = 100000;
  void DropStale(Clock::time_point now);  // mu_ held

  int max_failures_;
  Clock::duration window_;
  Clock::duration lockout_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace starprep::auth
