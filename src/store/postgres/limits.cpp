// SPDX-License-Identifier: Apache-2.0
// PostgresStore: the abuse limits shared by every instance (store/store.h has the contracts; the
// SQLite twin is store/sqlite/limits.cpp). A change runs in one transaction (Pool::Write) that
// locks the key's row, applies the rule of core/limits.h and writes the result: concurrent
// changes of one key from any instance run one after the other, each counted. A transaction lost
// before COMMIT is repeated whole (nothing of it was committed).
#include <optional>

#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {

Result<int> PostgresStore::LockedFor(const std::string& key, std::int64_t now) {
  return pool_.Read([&](Conn& c) -> Result<int> {
    auto rows = c.Exec(sql::kGetLockedUntil, key);
    if (!rows) return rows.error();
    if (rows->empty()) return 0;
    return limits::SecondsLocked(limits::FailureState{0, 0, rows->Int(0, 0)}, now);
  });
}

Result<int> PostgresStore::RecordFailure(const std::string& key, const limits::LockoutPolicy& policy,
                                         std::int64_t now) {
  return pool_.Write([&](Conn& c) -> Result<int> {
    auto rows = c.Exec(sql::kLockFailures, key);
    if (!rows) return rows.error();
    const limits::FailureState before{static_cast<int>(rows->Int(0, 0)), rows->Int(0, 1), rows->Int(0, 2)};
    const limits::FailureState after = limits::AfterFailure(before, policy, now);
    if (auto set = c.Exec(sql::kSetFailures, key, after.failures, after.window_start, after.locked_until,
                          limits::ForgetAfter(after, policy));
        !set)
      return set.error();
    return limits::SecondsLocked(after, now);
  });
}

Status PostgresStore::ClearFailures(const std::string& key) {
  return pool_.Read([&](Conn& c) -> Status {  // one statement, safe to repeat
    auto rows = c.Exec(sql::kDeleteFailures, key);
    if (!rows) return rows.error();
    return {};
  });
}

Result<int> PostgresStore::TakeToken(const std::string& key, const limits::BucketPolicy& policy, std::int64_t now_ms) {
  return pool_.Write([&](Conn& c) -> Result<int> {
    auto rows = c.Exec(sql::kLockBucket, key, policy.burst, now_ms);
    if (!rows) return rows.error();
    const limits::Take take = limits::TakeToken(limits::Bucket{rows->Double(0, 0), rows->Int(0, 1)}, policy, now_ms);
    if (auto set = c.Exec(sql::kSetBucket, key, take.after.tokens, take.after.updated_ms,
                          limits::FullAtMs(take.after, policy));
        !set)
      return set.error();
    return take.retry_after;
  });
}

Result<int> PostgresStore::PurgeLimits(std::int64_t now) {
  return pool_.Write([&](Conn& c) -> Result<int> {
    auto failures = c.Exec(sql::kPurgeFailures, now);
    if (!failures) return failures.error();
    auto buckets = c.Exec(sql::kPurgeBuckets, now * 1000);
    if (!buckets) return buckets.error();
    return failures->affected() + buckets->affected();
  });
}

}  // namespace starprep::store::postgres
