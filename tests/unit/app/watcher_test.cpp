// SPDX-License-Identifier: Apache-2.0
// Tests for app/watcher.h: change detection (baseline, failed reads, Arm), periodic tasks, and
// Stop(), on the real thread with a short period. Values are changed from the test thread while
// the watcher reads them, which is what the ThreadSanitizer build (tsan_tests) checks.

#include "app/watcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

namespace {

using namespace std::chrono_literals;
using starprep::app::VersionWatcher;
using Clock = std::chrono::steady_clock;

constexpr auto kPeriod = 2ms;

// Waits (bounded) until the watcher has run `n` more ticks than now.
bool WaitTicks(const VersionWatcher& w, std::uint64_t n) {
  const std::uint64_t target = w.ticks() + n;
  for (auto deadline = Clock::now() + 5s; Clock::now() < deadline; std::this_thread::sleep_for(1ms))
    if (w.ticks() >= target) return true;
  return false;
}

// A value another "process" changes; nullopt while reads fail.
struct Source {
  std::atomic<std::int64_t> value{1};
  std::atomic<bool> failing{false};
  std::atomic<int> reads{0};
  std::optional<std::int64_t> Read() {
    ++reads;
    if (failing) return std::nullopt;
    return value.load();
  }
};

class VersionWatcherTest : public ::testing::Test {
 protected:
  void Watch(VersionWatcher& w) {
    w.OnChange<std::int64_t>([this] { return source_.Read(); }, [this] { ++changes_; });
  }
  Source source_;
  std::atomic<int> changes_{0};
};

TEST_F(VersionWatcherTest, ReportsEachChangeOnceAfterArm) {
  VersionWatcher w(kPeriod);
  Watch(w);
  w.Start();
  w.Arm();
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 0) << "an unchanged value must not be reported";
  source_.value = 2;
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 1);
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 1) << "the same change must be reported once";
  source_.value = 3;
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 2);
  w.Stop();
}

TEST_F(VersionWatcherTest, ChecksNothingBeforeArmAndTakesArmAsTheBaseline) {
  VersionWatcher w(kPeriod);
  Watch(w);
  w.Start();
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(source_.reads, 0) << "values are read only once armed (the start-up import is still running)";
  source_.value = 7;  // e.g. the start-up import itself
  w.Arm();
  EXPECT_EQ(source_.reads, 1);
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 0) << "a change before Arm() is the baseline";
  // A change right after Arm(), before the next tick, is still reported.
  source_.value = 8;
  ASSERT_TRUE(WaitTicks(w, 2));
  EXPECT_EQ(changes_, 1);
}

TEST_F(VersionWatcherTest, AFailedReadKeepsTheLastValueSeen) {
  VersionWatcher w(kPeriod);
  Watch(w);
  w.Start();
  w.Arm();
  source_.failing = true;
  source_.value = 2;
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 0) << "nothing is known while reads fail";
  source_.failing = false;
  ASSERT_TRUE(WaitTicks(w, 2));
  EXPECT_EQ(changes_, 1) << "the change made while reads failed is reported once they work";
  // Failing, then back to the same value: nothing to report.
  source_.failing = true;
  ASSERT_TRUE(WaitTicks(w, 2));
  source_.failing = false;
  ASSERT_TRUE(WaitTicks(w, 2));
  EXPECT_EQ(changes_, 1);
}

TEST_F(VersionWatcherTest, AFirstReadThatFailsIsNotABaseline) {
  VersionWatcher w(kPeriod);
  Watch(w);
  source_.failing = true;
  w.Start();
  w.Arm();
  ASSERT_TRUE(WaitTicks(w, 2));
  source_.failing = false;
  ASSERT_TRUE(WaitTicks(w, 2));
  EXPECT_EQ(changes_, 0) << "the first value ever read is the baseline";
  source_.value = 5;
  ASSERT_TRUE(WaitTicks(w, 2));
  EXPECT_EQ(changes_, 1);
}

TEST_F(VersionWatcherTest, WatchesSeveralValuesIndependently) {
  Source other;
  std::atomic<int> other_changes{0};
  VersionWatcher w(kPeriod);
  Watch(w);
  w.OnChange<std::int64_t>([&] { return other.Read(); }, [&] { ++other_changes; });
  w.Start();
  w.Arm();
  other.value = 10;
  ASSERT_TRUE(WaitTicks(w, 3));
  EXPECT_EQ(changes_, 0);
  EXPECT_EQ(other_changes, 1);
}

TEST_F(VersionWatcherTest, PeriodicTasksRunOnTheFirstTickAndThenEveryNth) {
  std::atomic<int> every_tick{0}, every_third{0};
  VersionWatcher w(kPeriod);
  w.Every(1, [&] { ++every_tick; });
  w.Every(3, [&] { ++every_third; });
  w.Start();  // tasks run whether or not the watcher is armed
  ASSERT_TRUE(WaitTicks(w, 7));
  w.Stop();
  const auto ticks = static_cast<int>(w.ticks());
  ASSERT_GE(ticks, 7);
  EXPECT_EQ(every_tick, ticks);
  EXPECT_EQ(every_third, (ticks - 1) / 3 + 1) << "ticks 1, 4, 7, ...";
}

TEST_F(VersionWatcherTest, StopWakesASleepingWatcher) {
  VersionWatcher w(std::chrono::hours(1));
  Watch(w);
  w.Start();
  auto stopped = std::async(std::launch::async, [&] { w.Stop(); });
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready) << "Stop() waited for the period to end";
  EXPECT_EQ(w.ticks(), 0u);
  w.Stop();  // idempotent
}

TEST_F(VersionWatcherTest, ArmFromAnotherThreadWhileTicking) {
  std::atomic<int> task_runs{0};
  VersionWatcher w(1ms);
  Watch(w);
  w.Every(1, [&] { ++task_runs; });
  w.Start();
  std::thread armer([&] {
    for (int i = 0; i < 50; ++i) {
      w.Arm();
      source_.value = i + 100;
      std::this_thread::sleep_for(100us);
    }
  });
  armer.join();
  ASSERT_TRUE(WaitTicks(w, 2));
  w.Stop();
  EXPECT_GT(task_runs, 0);
  // Every change is either the baseline of an Arm() or reported: never more than the changes.
  EXPECT_LE(changes_, 50);
}

}  // namespace
