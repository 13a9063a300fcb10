// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/limits.h"

#include <optional>
#include <utility>

#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

// The key's failure state, nullopt for a key without a row.
Result<std::optional<limits::FailureState>> GetFailures(Connection& conn, const std::string& key) {
  auto stmt = Statement::Prepare(conn, sql::kGetFailures);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(key).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<limits::FailureState>();
  return std::optional<limits::FailureState>(
      limits::FailureState{stmt->ColumnInt(0), stmt->ColumnInt64(1), stmt->ColumnInt64(2)});
}

Status RunOne(Connection& conn, const char* sql, const std::string& key) {
  auto stmt = Statement::Prepare(conn, sql);
  if (!stmt) return stmt.error();
  return stmt->Bind(key).Run();
}

}  // namespace

Result<int> LockedFor(Connection& reader, const std::string& key, std::int64_t now) {
  auto state = GetFailures(reader, key);
  if (!state) return state.error();
  return *state ? limits::SecondsLocked(**state, now) : 0;
}

Result<int> RecordFailure(Connection& writer, const std::string& key, const limits::LockoutPolicy& policy,
                          std::int64_t now) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto before = GetFailures(writer, key);
  if (!before) return before.error();
  const limits::FailureState after = limits::AfterFailure(*before, policy, now);
  auto put = Statement::Prepare(writer, sql::kPutFailures);
  if (!put) return put.error();
  if (auto s =
          put->Bind(key, after.failures, after.window_start, after.locked_until, limits::ForgetAfter(after, policy))
              .Run();
      !s)
    return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  return limits::SecondsLocked(after, now);
}

Status ClearFailures(Connection& writer, const std::string& key) {
  return RunOne(writer, sql::kDeleteFailures, key);
}

Result<int> TakeToken(Connection& writer, const std::string& key, const limits::BucketPolicy& policy,
                      std::int64_t now_ms) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto get = Statement::Prepare(writer, sql::kGetBucket);
  if (!get) return get.error();
  auto row = get->Bind(key).Step();
  if (!row) return row.error();
  std::optional<limits::Bucket> before;
  if (*row) before = limits::Bucket{get->ColumnDouble(0), get->ColumnInt64(1)};
  const limits::Take take = limits::TakeToken(before, policy, now_ms);
  auto put = Statement::Prepare(writer, sql::kPutBucket);
  if (!put) return put.error();
  if (auto s = put->Bind(key, take.after.tokens, take.after.updated_ms, limits::FullAtMs(take.after, policy)).Run(); !s)
    return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  return take.retry_after;
}

Result<int> PurgeLimits(Connection& writer, std::int64_t now) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  int purged = 0;
  for (auto [query, cutoff] : {std::pair{sql::kPurgeFailures, now}, std::pair{sql::kPurgeBuckets, now * 1000}}) {
    auto stmt = Statement::Prepare(writer, query);
    if (!stmt) return stmt.error();
    if (auto s = stmt->Bind(cutoff).Run(); !s) return s.error();
    purged += writer.Changes();
  }
  if (auto s = tx->Commit(); !s) return s.error();
  return purged;
}

}  // namespace starprep::store::sqlite
