// SPDX-License-Identifier: Apache-2.0
#pragma once
// Per-client token buckets in this process's memory: `burst` requests at once, refilled at
// `per_second` (the rule is limits::TakeToken, core/limits.h, which the Store's shared buckets
// use too). Thread-safe (sharded mutexes). Memory is bounded: idle clients' full buckets are
// dropped when a shard grows. Per instance: for limits that must hold across instances, use
// Store::TakeToken.

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/limits.h"

namespace starprep {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // Throws std::invalid_argument unless per_second > 0 and burst >= 1 (a bucket that never
  // refills or never holds a whole token would refuse everyone, with no finite Retry-After).
  RateLimiter(double per_second, double burst);

  // Takes one token from `client`'s bucket. Returns 0 when allowed, otherwise the whole number
  // of seconds (at least 1) after which a token will be available.
  int Acquire(std::string_view client, Clock::time_point now = Clock::now());

 private:
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, limits::Bucket> buckets;  // updated_ms: on Clock
  };
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxClientsPerShard = 4096;

  limits::BucketPolicy policy_;
  std::array<Shard, kShards> shards_;
};

}  // namespace starprep
