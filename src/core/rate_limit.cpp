// SPDX-License-Identifier: Apache-2.0
#include "core/rate_limit.h"

#include <functional>
#include <optional>
#include <stdexcept>

namespace starprep {

RateLimiter::RateLimiter(double per_second, double burst) : policy_{per_second, burst} {
  if (!(per_second > 0) || !(burst >= 1))
    throw std::invalid_argument("rate limiter: the rate must be positive and the burst at least 1");
}

int RateLimiter::Acquire(std::string_view client, Clock::time_point now) {
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  Shard& shard = shards_[std::hash<std::string_view>{}(client) % kShards];
  std::lock_guard lock(shard.mu);
  std::optional<limits::Bucket> before;
  if (auto it = shard.buckets.find(std::string(client)); it != shard.buckets.end()) {
    before = it->second;
  } else if (shard.buckets.size() >= kMaxClientsPerShard) {
    std::erase_if(shard.buckets, [&](const auto& entry) { return limits::FullAtMs(entry.second, policy_) <= now_ms; });
    if (shard.buckets.size() >= kMaxClientsPerShard) shard.buckets.clear();  // a flood of addresses: start over
  }
  const limits::Take take = limits::TakeToken(before, policy_, now_ms);
  shard.buckets.insert_or_assign(std::string(client), take.after);
  return take.retry_after;
}

}  // namespace starprep
