// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rules of the abuse limits, as pure functions of a key's state and the time passed in: a
// failure count that locks a key (sign-in lockouts) and a token bucket (rate limits). They do no
// I/O and keep no state: whoever holds the state calls them, so one rule serves the in-memory
// RateLimiter (core/rate_limit.h) and the limits the Store keeps for every instance
// (Store::RecordFailure, Store::TakeToken), which read a key's row, apply the rule and write the
// result back in one transaction.

#include <cstdint>
#include <optional>

namespace starprep::limits {

// ---- failure lockout ----
// After `max_failures` failures of a key within `window_seconds` (counted from the first), the key
// is refused for `lockout_seconds`; a success clears its count (the holder deletes the state).
struct LockoutPolicy {
  int max_failures = 5;
  std::int64_t window_seconds = 15 * 60;
  std::int64_t lockout_seconds = 15 * 60;
};

// One key's failures. Times are seconds since the epoch.
struct FailureState {
  int failures = 0;               // in the window that started at window_start
  std::int64_t window_start = 0;  // meaningless while failures == 0
  std::int64_t locked_until = 0;  // 0 or a past time: not locked
};

// The state after one more failure at `now` (`before`: the key's state, nullopt for a new key).
// Reaching max_failures locks the key and starts a new, empty count when the lockout ends.
FailureState AfterFailure(const std::optional<FailureState>& before, const LockoutPolicy& policy, std::int64_t now);
// 0 when the key may try at `now`, else the whole seconds (at least 1) until it may.
int SecondsLocked(const FailureState& state, std::int64_t now);
// When the state stops mattering (not locked, and no failure in a window still open): the holder
// may forget it from then on, and the key then behaves exactly as a new one.
std::int64_t ForgetAfter(const FailureState& state, const LockoutPolicy& policy);

// ---- token bucket ----
// `burst` requests at once, refilled at `per_second`. Valid when per_second > 0 and burst >= 1.
struct BucketPolicy {
  double per_second = 1;
  double burst = 1;
};

// One key's bucket. `updated_ms`: milliseconds on the holder's clock.
struct Bucket {
  double tokens = 0;
  std::int64_t updated_ms = 0;
};

struct Take {
  Bucket after;         // the bucket to keep (refilled, minus the token when one was taken)
  int retry_after = 0;  // 0: a token was taken; else whole seconds (at least 1) until one will be
};
// Takes one token at `now_ms` (`before`: nullopt for a new key, which starts full).
Take TakeToken(const std::optional<Bucket>& before, const BucketPolicy& policy, std::int64_t now_ms);
// When the bucket is full again: the holder may forget it from then on (a new key starts full).
std::int64_t FullAtMs(const Bucket& bucket, const BucketPolicy& policy);

}  // namespace starprep::limits
