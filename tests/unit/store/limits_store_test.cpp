// SPDX-License-Identifier: Apache-2.0
// Contract tests for the abuse limits every instance shares (Store::LockedFor, RecordFailure,
// ClearFailures, TakeToken, PurgeLimits; store/sqlite/limits.cpp, store/postgres/limits.cpp) on
// every backend (tests/unit/test_store.h), with the time passed in. A second store opened on the
// same database stands for a second instance.

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../test_store.h"
#include "store/store.h"

namespace starprep::store {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

constexpr std::int64_t kT0 = 1'800'000'000;  // seconds since the epoch
constexpr limits::LockoutPolicy kFive{5, 15 * 60, 15 * 60};

class LimitsStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  int Locked(Store& s, const std::string& key, std::int64_t now) {
    auto r = s.LockedFor(key, now);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : -1;
  }
  int Fail(Store& s, const std::string& key, std::int64_t now) {
    auto r = s.RecordFailure(key, kFive, now);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : -1;
  }
  TestStore db_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(Backends, LimitsStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

TEST_P(LimitsStoreTest, FiveFailuresLockTheKeyOnEveryInstance) {
  auto other = db_.OpenAnother();
  EXPECT_EQ(Locked(*db_, "account:ann", kT0), 0);
  // Failures alternate between the two stores: they add up.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Fail(i % 2 ? *other : *db_, "account:ann", kT0 + i), 0) << i;
  EXPECT_EQ(Locked(*other, "account:ann", kT0 + 4), 0);
  EXPECT_EQ(Fail(*other, "account:ann", kT0 + 4), 15 * 60);
  EXPECT_EQ(Locked(*db_, "account:ann", kT0 + 4), 15 * 60);
  EXPECT_EQ(Locked(*other, "account:ann", kT0 + 5), 15 * 60 - 1);
  EXPECT_EQ(Locked(*db_, "account:bob", kT0 + 5), 0);            // other keys are not locked
  EXPECT_EQ(Locked(*db_, "account:ann", kT0 + 4 + 15 * 60), 0);  // the lockout ends
}

TEST_P(LimitsStoreTest, ASuccessClearsTheCount) {
  for (int i = 0; i < 4; ++i) Fail(*db_, "account:ann", kT0);
  ASSERT_TRUE(db_->ClearFailures("account:ann").ok());
  ASSERT_TRUE(db_->ClearFailures("account:nobody").ok());  // an unknown key: nothing to clear
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Fail(*db_, "account:ann", kT0 + 1), 0) << i;
  EXPECT_GT(Fail(*db_, "account:ann", kT0 + 2), 0);
}

TEST_P(LimitsStoreTest, FailuresOutsideTheWindowStartANewCount) {
  for (int i = 0; i < 4; ++i) Fail(*db_, "address:192.0.2.1", kT0);
  // The window (15 minutes from the first failure) is over: this failure is the first of a new one.
  EXPECT_EQ(Fail(*db_, "address:192.0.2.1", kT0 + 15 * 60 + 1), 0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Fail(*db_, "address:192.0.2.1", kT0 + 16 * 60), 0);
  EXPECT_EQ(Fail(*db_, "address:192.0.2.1", kT0 + 16 * 60), 15 * 60);
}

// Two instances failing the same key at once: every failure counts, none is lost to a race.
TEST_P(LimitsStoreTest, ConcurrentFailuresOnTwoConnectionsEachCount) {
  auto other = db_.OpenAnother();
  constexpr int kPerThread = 20;
  const limits::LockoutPolicy many{2 * kPerThread + 1, 3600, 60};  // locks at the 41st failure
  std::atomic<int> errors{0};
  auto hammer = [&](Store& s) {
    for (int i = 0; i < kPerThread; ++i)
      if (auto r = s.RecordFailure("account:race", many, kT0); !r.ok() || *r != 0) ++errors;
  };
  std::thread a(hammer, std::ref(*db_)), b(hammer, std::ref(*other));
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(db_.Dump("SELECT failures FROM limit_failures WHERE key = 'account:race'"),
            std::vector<std::string>{std::to_string(2 * kPerThread) + "|"});
  EXPECT_EQ(Locked(*db_, "account:race", kT0), 0);
  auto last = db_->RecordFailure("account:race", many, kT0);
  ASSERT_TRUE(last.ok()) << last.error().message;
  EXPECT_EQ(*last, 60);  // exactly the 41st locks
}

TEST_P(LimitsStoreTest, ABucketIsSharedAndRefillsWithTime) {
  auto other = db_.OpenAnother();
  const limits::BucketPolicy policy{1.0 / 3, 3};  // 20 a minute, 3 at once
  const std::int64_t ms = kT0 * 1000;
  for (int i = 0; i < 3; ++i) {
    auto r = (i % 2 ? *other : *db_).TakeToken("bucket:192.0.2.1", policy, ms);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 0) << i;
  }
  auto empty = other->TakeToken("bucket:192.0.2.1", policy, ms);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, 3);
  auto elsewhere = db_->TakeToken("bucket:192.0.2.2", policy, ms);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(*elsewhere, 0);
  auto refilled = db_->TakeToken("bucket:192.0.2.1", policy, ms + 3000);
  ASSERT_TRUE(refilled.ok());
  EXPECT_EQ(*refilled, 0);
}

TEST_P(LimitsStoreTest, ConcurrentTakesOnTwoConnectionsNeverOverspend) {
  auto other = db_.OpenAnother();
  const limits::BucketPolicy policy{0.001, 25};  // 25 tokens, no refill within the test
  std::atomic<int> taken{0};
  std::atomic<int> errors{0};
  auto take = [&](Store& s) {
    for (int i = 0; i < 20; ++i) {
      auto r = s.TakeToken("bucket:race", policy, kT0 * 1000);
      if (!r.ok())
        ++errors;
      else if (*r == 0)
        ++taken;
    }
  };
  std::thread a(take, std::ref(*db_)), b(take, std::ref(*other));
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(taken.load(), 25);
}

TEST_P(LimitsStoreTest, PurgeDeletesOnlyRowsThatNoLongerMatter) {
  Fail(*db_, "account:old", kT0);                                 // forgotten when its window ends, 15 minutes later
  for (int i = 0; i < 5; ++i) Fail(*db_, "account:locked", kT0);  // locked for 15 minutes
  Fail(*db_, "account:recent", kT0 + 600);
  const limits::BucketPolicy policy{1, 10};
  ASSERT_TRUE(db_->TakeToken("bucket:a", policy, kT0 * 1000).ok());  // full again one second later
  auto purged = db_->PurgeLimits(kT0 + 15 * 60);
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(*purged, 3);  // account:old, account:locked (its lockout ended), bucket:a
  EXPECT_EQ(db_.Dump("SELECT key FROM limit_failures ORDER BY key"), std::vector<std::string>{"account:recent|"});
  EXPECT_EQ(db_.Dump("SELECT count(*) FROM limit_buckets"), std::vector<std::string>{"0|"});
  EXPECT_EQ(Locked(*db_, "account:locked", kT0 + 15 * 60), 0);
  // A purged key starts again from nothing.
  EXPECT_EQ(Fail(*db_, "account:old", kT0 + 15 * 60), 0);
}

}  // namespace
}  // namespace starprep::store
