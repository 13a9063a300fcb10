// SPDX-License-Identifier: Apache-2.0
// Tests for the pure rules of the abuse limits (core/limits.h), with the time passed in.

#include "core/limits.h"

#include <gtest/gtest.h>

namespace starprep::limits {
namespace {

constexpr std::int64_t kMin = 60;

class LockoutRuleTest : public ::testing::Test {
 protected:
  // Applies one failure to `state_` at `t` and returns the seconds the key is now locked for.
  int Fail(std::int64_t t) {
    state_ = AfterFailure(state_, policy_, t);
    return SecondsLocked(*state_, t);
  }
  int LockedAt(std::int64_t t) const { return state_ ? SecondsLocked(*state_, t) : 0; }

  // 3 failures within 10 minutes lock the key for 15 minutes.
  LockoutPolicy policy_{3, 10 * kMin, 15 * kMin};
  std::optional<FailureState> state_;
  const std::int64_t t0_ = 1'800'000'000;
};

TEST_F(LockoutRuleTest, LocksAfterMaxFailuresWithinTheWindow) {
  EXPECT_EQ(LockedAt(t0_), 0);
  EXPECT_EQ(Fail(t0_), 0);
  EXPECT_EQ(Fail(t0_ + 4 * kMin), 0);
  EXPECT_EQ(LockedAt(t0_ + 4 * kMin), 0);
  EXPECT_EQ(Fail(t0_ + 9 * kMin), 15 * kMin);
  EXPECT_EQ(LockedAt(t0_ + 9 * kMin), 15 * kMin);
  EXPECT_EQ(LockedAt(t0_ + 9 * kMin + 1), 15 * kMin - 1);
  EXPECT_EQ(LockedAt(t0_ + 24 * kMin - 1), 1);
  EXPECT_EQ(LockedAt(t0_ + 24 * kMin), 0);
}

TEST_F(LockoutRuleTest, FailuresSpreadWiderThanTheWindowDoNotLock) {
  EXPECT_EQ(Fail(t0_), 0);
  EXPECT_EQ(Fail(t0_ + 6 * kMin), 0);
  EXPECT_EQ(Fail(t0_ + 11 * kMin), 0);  // the window that started at t0 is over: a new one starts
  EXPECT_EQ(Fail(t0_ + 22 * kMin), 0);
  EXPECT_EQ(Fail(t0_ + 33 * kMin), 0);
  EXPECT_EQ(LockedAt(t0_ + 33 * kMin), 0);
}

TEST_F(LockoutRuleTest, AfterTheLockoutEndsTheCountStartsAgain) {
  for (int i = 0; i < 3; ++i) Fail(t0_);
  const std::int64_t later = t0_ + 16 * kMin;
  EXPECT_EQ(LockedAt(later), 0);
  EXPECT_EQ(Fail(later), 0);  // one failure after a lockout does not relock
  EXPECT_EQ(Fail(later + 1), 0);
  EXPECT_EQ(Fail(later + 2), 15 * kMin);
}

TEST_F(LockoutRuleTest, TheStateMayBeForgottenOnceItNoLongerMatters) {
  Fail(t0_);
  EXPECT_EQ(ForgetAfter(*state_, policy_), t0_ + 10 * kMin);  // the open window
  Fail(t0_ + 1);
  Fail(t0_ + 2);  // locked until t0 + 2 s + 15 min, with an empty count
  EXPECT_EQ(ForgetAfter(*state_, policy_), t0_ + 2 + 15 * kMin);
  // Forgetting it then changes nothing: a new key behaves the same.
  const std::int64_t t = ForgetAfter(*state_, policy_);
  const FailureState kept = AfterFailure(state_, policy_, t);
  const FailureState fresh = AfterFailure(std::nullopt, policy_, t);
  EXPECT_EQ(kept.failures, fresh.failures);
  EXPECT_EQ(kept.window_start, fresh.window_start);
  EXPECT_EQ(SecondsLocked(kept, t), SecondsLocked(fresh, t));
}

TEST(TokenBucketRuleTest, ANewKeyStartsFullAndRefillsAtTheRate) {
  const BucketPolicy policy{0.5, 2};  // one token every 2 s, two at once
  std::optional<Bucket> b;
  auto take = [&](std::int64_t ms) {
    const Take t = TakeToken(b, policy, ms);
    b = t.after;
    return t.retry_after;
  };
  EXPECT_EQ(take(10'000), 0);
  EXPECT_EQ(take(10'000), 0);
  EXPECT_EQ(take(10'000), 2);  // empty: a token in 2 s
  EXPECT_EQ(take(11'000), 1);  // half a token back
  EXPECT_EQ(take(12'000), 0);
  EXPECT_EQ(FullAtMs(*b, policy), 12'000 + 4'000);  // two tokens missing
  EXPECT_EQ(take(100'000), 0);                      // refilled to the burst, not beyond
  EXPECT_EQ(take(100'000), 0);
  EXPECT_GT(take(100'000), 0);
}

}  // namespace
}  // namespace starprep::limits
