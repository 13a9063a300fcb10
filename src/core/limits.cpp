// SPDX-License-Identifier: Apache-2.0
#include "core/limits.h"

#include <algorithm>
#include <cmath>

namespace starprep::limits {

FailureState AfterFailure(const std::optional<FailureState>& before, const LockoutPolicy& policy, std::int64_t now) {
  FailureState s = before.value_or(FailureState{});
  if (s.failures <= 0 || now - s.window_start > policy.window_seconds) {
    s.failures = 0;
    s.window_start = now;
  }
  if (++s.failures >= policy.max_failures) {
    s.locked_until = now + policy.lockout_seconds;
    s.failures = 0;  // a new window starts when the lockout ends
    s.window_start = s.locked_until;
  }
  return s;
}

int SecondsLocked(const FailureState& state, std::int64_t now) {
  return state.locked_until > now ? static_cast<int>(state.locked_until - now) : 0;
}

std::int64_t ForgetAfter(const FailureState& state, const LockoutPolicy& policy) {
  if (state.failures <= 0) return state.locked_until;
  return std::max(state.locked_until, state.window_start + policy.window_seconds);
}

Take TakeToken(const std::optional<Bucket>& before, const BucketPolicy& policy, std::int64_t now_ms) {
  Bucket b = before.value_or(Bucket{policy.burst, now_ms});
  if (const std::int64_t elapsed_ms = now_ms - b.updated_ms; elapsed_ms > 0) {
    b.tokens = std::min(policy.burst, b.tokens + static_cast<double>(elapsed_ms) / 1000.0 * policy.per_second);
    b.updated_ms = now_ms;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return {b, 0};
  }
  return {b, std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / policy.per_second)))};
}

std::int64_t FullAtMs(const Bucket& bucket, const BucketPolicy& policy) {
  const double missing = std::max(0.0, policy.burst - bucket.tokens);
  return bucket.updated_ms + static_cast<std::int64_t>(std::ceil(missing / policy.per_second * 1000.0));
}

}  // namespace starprep::limits
