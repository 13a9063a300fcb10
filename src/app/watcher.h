// SPDX-License-Identifier: Apache-2.0
#pragma once
// The version watcher: a background thread that notices changes made by other processes (a CLI
// content import, a job write, a posting expiring, a key rotation) and runs maintenance tasks.
//
// Every `period` it runs one tick, on its own thread, in this order:
//   1. each periodic task whose turn it is (Every);
//   2. once Arm() has been called, each watched value (OnChange): the reader is called; when it
//      answers a value different from the last one seen, `changed` is called once. A reader that
//      answers nullopt (e.g. the store is briefly unavailable) is skipped for that tick and the
//      last value seen is kept, so a change is reported when reads work again. The first value
//      ever read is a baseline and reports nothing.
//
// Thread safety: Every/OnChange only before Start(); Start/Stop from the owner's thread; Arm()
// from any thread, at any time. Tasks, readers and callbacks run on the watcher thread (or, for the
// readers only, on the thread calling Arm()) and never concurrently with each other; they must
// not call back into the watcher.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace starprep::app {

class VersionWatcher {
 public:
  explicit VersionWatcher(std::chrono::milliseconds period);
  ~VersionWatcher();  // Stop()
  VersionWatcher(const VersionWatcher&) = delete;
  VersionWatcher& operator=(const VersionWatcher&) = delete;

  // Runs `task` on ticks 1, 1 + every_ticks, 1 + 2 * every_ticks, ... (every_ticks >= 1).
  void Every(std::uint64_t every_ticks, std::function<void()> task);

  // Watches the value `read` answers (T: copyable and equality-comparable).
  template <class T>
  void OnChange(std::function<std::optional<T>()> read, std::function<void()> changed) {
    auto seen = std::make_shared<std::optional<T>>();
    // Reads once; true when the value differs from a previous one (the new one is then kept).
    auto poll = [read = std::move(read), seen]() -> bool {
      std::optional<T> now = read();
      if (!now) return false;
      bool differs = seen->has_value() && !(**seen == *now);
      *seen = std::move(now);
      return differs;
    };
    watches_.push_back(Watch{std::move(poll), std::move(changed)});
  }

  // Reads every watched value as the baseline (a change seen here is not reported) and enables
  // the change checks. The start-up import calls it just before it clears the caches itself, so
  // a change that lands between that clear and the next tick is still reported.
  void Arm();

  // Starts the thread (once).
  void Start();
  // Wakes the thread and joins it; a tick under way finishes first. Idempotent.
  void Stop();

  // Ticks run so far (for tests and logs).
  std::uint64_t ticks() const;

 private:
  struct Watch {
    std::function<bool()> poll;
    std::function<void()> changed;
  };
  struct Task {
    std::uint64_t every;
    std::function<void()> run;
  };
  void Run();
  void TickLocked();  // with mu_ held

  const std::chrono::milliseconds period_;
  std::vector<Task> tasks_;
  std::vector<Watch> watches_;
  mutable std::mutex mu_;  // guards everything below and serialises ticks with Arm()
  std::condition_variable wake_;
  bool armed_ = false;
  bool stopping_ = false;
  std::uint64_t ticks_ = 0;
  std::thread thread_;
};

}  // namespace starprep::app
