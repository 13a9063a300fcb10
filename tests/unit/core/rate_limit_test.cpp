// SPDX-License-Identifier: Apache-2.0
#include "core/rate_limit.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace starprep {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AllowsABurstThenRefillsAtTheRate) {
  RateLimiter limiter(2, 3);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("a", t0), 0);
  EXPECT_EQ(limiter.Acquire("a", t0), 1);  // one token needs half a second: rounded up to 1 s
  EXPECT_EQ(limiter.Acquire("b", t0), 0);  // clients are independent
  EXPECT_EQ(limiter.Acquire("a", t0 + 500ms), 0);
  EXPECT_GT(limiter.Acquire("a", t0 + 500ms), 0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("a", t0 + 10s), 0);  // capped at the burst
  EXPECT_GT(limiter.Acquire("a", t0 + 10s), 0);
}

TEST(RateLimiter, RetryAfterCoversTheWait) {
  RateLimiter limiter(0.25, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  EXPECT_EQ(limiter.Acquire("a", t0), 0);
  EXPECT_EQ(limiter.Acquire("a", t0), 4);
}

TEST(RateLimiter, StaysBoundedUnderManyClients) {
  RateLimiter limiter(1, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 200000; ++i) (void)limiter.Acquire("client-" + std::to_string(i), t0);
  EXPECT_EQ(limiter.Acquire("fresh", t0), 0);
}

TEST(RateLimiter, RefusesARateOrBurstThatCouldNeverAdmitAnyone) {
  EXPECT_THROW(RateLimiter(0, 10), std::invalid_argument);
  EXPECT_THROW(RateLimiter(-1, 10), std::invalid_argument);
  EXPECT_THROW(RateLimiter(1, 0.5), std::invalid_argument);
  EXPECT_NO_THROW(RateLimiter(0.1, 1));
}

}  // namespace
}  // namespace starprep
