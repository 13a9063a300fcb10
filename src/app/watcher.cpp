// SPDX-License-Identifier: Apache-2.0
#include "app/watcher.h"

#include <utility>

namespace starprep::app {

VersionWatcher::VersionWatcher(std::chrono::milliseconds period) : period_(period) {}

VersionWatcher::~VersionWatcher() {
  Stop();
}

void VersionWatcher::Every(std::uint64_t every_ticks, std::function<void()> task) {
  tasks_.push_back(Task{every_ticks == 0 ? 1 : every_ticks, std::move(task)});
}

void VersionWatcher::Arm() {
  std::lock_guard lock(mu_);
  for (auto& w : watches_) (void)w.poll();  // a baseline: nothing to report
  armed_ = true;
}

void VersionWatcher::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void VersionWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t VersionWatcher::ticks() const {
  std::lock_guard lock(mu_);
  return ticks_;
}

void VersionWatcher::Run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) TickLocked();
}

void VersionWatcher::TickLocked() {
  ++ticks_;
  for (auto& t : tasks_)
    if ((ticks_ - 1) % t.every == 0) t.run();
  if (!armed_) return;
  for (auto& w : watches_)
    if (w.poll()) w.changed();
}

}  // namespace starprep::app
