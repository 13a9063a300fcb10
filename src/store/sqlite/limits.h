// SPDX-License-Identifier: Apache-2.0
#pragma once
// The abuse limits shared by every process on one SQLite file (store/store.h has the contracts).
// Writers are called with the store's write mutex held; each runs in one IMMEDIATE transaction,
// so another process's writer (a second `serve`, the CLI) waits for it and sees its result.

#include <cstdint>
#include <string>

#include "core/limits.h"
#include "store/sqlite/db.h"

namespace starprep::store::sqlite {

Result<int> LockedFor(Connection& reader, const std::string& key, std::int64_t now);
Result<int> RecordFailure(Connection& writer, const std::string& key, const limits::LockoutPolicy& policy,
                          std::int64_t now);
Status ClearFailures(Connection& writer, const std::string& key);
Result<int> TakeToken(Connection& writer, const std::string& key, const limits::BucketPolicy& policy,
                      std::int64_t now_ms);
Result<int> PurgeLimits(Connection& writer, std::int64_t now);

}  // namespace starprep::store::sqlite
