// SPDX-License-Identifier: Apache-2.0
#pragma once
// ChangeFeed: the listening side of Store::Announce / OnRemoteChange on PostgreSQL. A thread of
// its own holds one connection that LISTENs on kChangeChannel and calls `fn` with the key of
// every notification another instance sent ("<instance>|<key>"; this instance's own are
// skipped). Notifications are not replayed after a connection is lost, so after every
// reconnect (and after a first connection that was late) it calls fn("*"): everything may be
// stale. A lost connection is retried every second. Destruction stops the thread (within about
// half a second).

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace starprep::store::postgres {

inline constexpr const char* kChangeChannel = "starprep_changes";

class ChangeFeed {
 public:
  ChangeFeed(std::string url, std::string instance, std::function<void(const std::string&)> fn);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

 private:
  void Run();
  // Sleeps up to `ms` milliseconds, less when stopping.
  void Pause(int ms) const;

  const std::string url_;
  const std::string prefix_;  // "<instance>|"
  const std::function<void(const std::string&)> fn_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace starprep::store::postgres
