// SPDX-License-Identifier: Apache-2.0
#pragma once
// Per-client token buckets: `burst` requests at once, refilled at `per_second`. Thread-safe
// (sharded mutexes). Memory is bounded: idle clients' full buckets are dropped when a shard grows.

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

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
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxClientsPerShard = 4096;

  double rate_;
  double burst_;
  std::array<Shard, kShards> shards_;
};

}  // namespace starprep
