// SPDX-License-Identifier: Apache-2.0
// Tests for the failure-based sign-in lockout (auth/lockout.h), with injected time points.

#include "auth/lockout.h"

#include <gtest/gtest.h>

namespace starprep::auth {
namespace {

using namespace std::chrono_literals;

class LockoutTest : public ::testing::Test {
 protected:
  // 3 failures within 10 minutes lock the key for 15 minutes.
  Lockout lockout_{3, 10min, 15min};
  const Lockout::Clock::time_point t0_ = Lockout::Clock::time_point{} + 1000h;
};

TEST_F(LockoutTest, LocksAfterMaxFailuresWithinTheWindow) {
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 4min), 0);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 4min), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 9min), 15 * 60);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 9min), 15 * 60);
  // Other keys are unaffected.
  EXPECT_EQ(lockout_.RetryAfter("bob", t0_ + 9min), 0);
}

TEST_F(LockoutTest, FailuresSpreadWiderThanTheWindowDoNotLock) {
  EXPECT_EQ(lockout_.Fail("ann", t0_), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 6min), 0);
  // The window that started at t0 is over: this failure starts a new one.
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 11min), 0);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 11min), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 22min), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 33min), 0);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 33min), 0);
}

TEST_F(LockoutTest, SucceedClearsTheCount) {
  lockout_.Fail("ann", t0_);
  lockout_.Fail("ann", t0_ + 1min);
  lockout_.Succeed("ann");
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 2min), 0);
  EXPECT_EQ(lockout_.Fail("ann", t0_ + 3min), 0);
  EXPECT_GT(lockout_.Fail("ann", t0_ + 4min), 0);
}

TEST_F(LockoutTest, RetryAfterCountsDownInWholeSecondsRoundedUp) {
  for (int i = 0; i < 3; ++i) lockout_.Fail("ann", t0_);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_), 900);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 1s), 899);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 10min), 300);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 15min - 1500ms), 2);  // 1.5 s: rounded up
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 15min - 1ms), 1);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 15min), 0);
  EXPECT_EQ(lockout_.RetryAfter("ann", t0_ + 1h), 0);
}

TEST_F(LockoutTest, AfterTheLockoutEndsTheCountStartsAgain) {
  for (int i = 0; i < 3; ++i) lockout_.Fail("ann", t0_);
  const auto later = t0_ + 16min;
  EXPECT_EQ(lockout_.RetryAfter("ann", later), 0);
  EXPECT_EQ(lockout_.Fail("ann", later), 0);  // one failure after a lockout does not relock
  EXPECT_EQ(lockout_.Fail("ann", later + 1s), 0);
  EXPECT_EQ(lockout_.Fail("ann", later + 2s), 900);
}

}  // namespace
}  // namespace starprep::auth
