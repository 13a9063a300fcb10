// SPDX-License-Identifier: Apache-2.0
#pragma once
// `starprep db copy`: moves a deployment between SQLite and PostgreSQL, table by table, keeping
// every id, timestamp and sealed byte (sealed texts stay sealed: the data keys travel with the
// data directory, not with the database).
//
// The target must be migrated to this binary's schema and hold no data yet (content_state and
// jobs_state, which migrations seed, are replaced). Everything is written in ONE transaction of
// the target: an error leaves it as it was. Afterwards every table's row count is compared with
// the source's (a mismatch rolls back), and PostgreSQL's identity sequences are moved past the
// copied ids. The source is read in one snapshot and never changed.

#include <functional>
#include <string>

#include "core/result.h"

namespace starprep::app {

// Called after each table: its name and the rows copied.
using CopyProgress = std::function<void(const std::string& table, long long rows)>;

// The tables, parents before children (foreign keys hold at every insert). Not copied, on
// purpose: the abuse limits' tables (limit_failures, limit_buckets: Store::RecordFailure,
// TakeToken), which hold only counts of the last minutes; the target starts without lockouts, as
// after a restart of a single instance, and the row counts verified are those of the tables here.
inline constexpr const char* kCopiedTables[] = {"roles",
                                                "questions",
                                                "content_state",
                                                "users",
                                                "votes",
                                                "jobs",
                                                "job_roles",
                                                "jobs_state",
                                                "sessions",
                                                "api_tokens",
                                                "attempts",
                                                "stories",
                                                "story_questions",
                                                "coach_corrections",
                                                "target_roles",
                                                "review_cards",
                                                "review_log",
                                                "review_settings",
                                                "question_revisions",
                                                "feedback_audit",
                                                "mocks"};

Status CopySqliteToPostgres(const std::string& sqlite_path, const std::string& url, const CopyProgress& progress);
Status CopyPostgresToSqlite(const std::string& url, const std::string& sqlite_path, const CopyProgress& progress);

// The CLI: `from` and `to` are each a data directory or a postgresql:// URL, one of each kind.
// Prints a line per table and the totals; 0 on success.
int DbCopy(const std::string& from, const std::string& to);

}  // namespace starprep::app
