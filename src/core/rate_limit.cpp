// SPDX-License-Identifier: Apache-2.0
#include "core/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

namespace starprep {

RateLimiter::RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {
  if (!(per_second > 0) || !(burst >= 1))
    throw std::invalid_argument("rate limiter: the rate must be positive and the burst at least 1");
}

int RateLimiter::Acquire(std::string_view client, Clock::time_point now) {
  Shard& shard = shards_[std::hash<std::string_view>{}(client) % kShards];
  std::lock_guard lock(shard.mu);
  auto refill = [&](Bucket& b) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed > 0) {
      b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
      b.updated = now;
    }
  };
  auto it = shard.buckets.find(std::string(client));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= kMaxClientsPerShard) {
      std::erase_if(shard.buckets, [&](const auto& entry) {
        const double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
        return entry.second.tokens + elapsed * rate_ >= burst_;
      });
      if (shard.buckets.size() >= kMaxClientsPerShard) shard.buckets.clear();  // a flood of addresses: start over
    }
    it = shard.buckets.emplace(std::string(client), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  refill(b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace starprep
