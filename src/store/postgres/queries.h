// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every SQL statement of the PostgreSQL store, as a named constant with $n placeholders (the
// SQLite store's twins, store/sqlite/queries.h, in PostgreSQL's dialect). Values are always
// bound, never concatenated. Timestamps are ISO 8601 UTC text, as in SQLite.

namespace starprep::store::postgres::sql {

// ---- content, votes and comments (content.cpp) ----

// ---- jobs (jobs.cpp) ----

// ---- users, sessions, API tokens (accounts.cpp) ----

// ---- attempts, stories, corrections, keys (practice.cpp) ----

}  // namespace starprep::store::postgres::sql
