// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every SQL statement of the PostgreSQL store, as a named constant with $n placeholders (the
// SQLite store's twins, store/sqlite/queries.h, in PostgreSQL's dialect). Values are always
// bound, never concatenated. Timestamps are ISO 8601 UTC text, as in SQLite.

namespace starprep::store::postgres::sql {

// ---- content, votes and comments (content.cpp) ----

// ---- jobs (jobs.cpp) ----

// ---- users, sessions, API tokens (accounts.cpp) ----

// The user queries return the columns of User, in its order.
inline constexpr const char* kInsertUser = R"sql(
INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)
RETURNING id)sql";
inline constexpr const char* kUserByEmail =
    "SELECT id, email, display_name, password_hash, role, created_at FROM users WHERE email = $1";
inline constexpr const char* kUserById =
    "SELECT id, email, display_name, password_hash, role, created_at FROM users WHERE id = $1";
inline constexpr const char* kUpdatePasswordHash = "UPDATE users SET password_hash = $2 WHERE id = $1";
inline constexpr const char* kSetUserRole = "UPDATE users SET role = $2 WHERE id = $1";
inline constexpr const char* kUnlinkUserVotes = "UPDATE votes SET user_id = NULL WHERE user_id = $1";
inline constexpr const char* kDeleteUser = "DELETE FROM users WHERE id = $1";
// Reclaims the space of deleted rows in every table DeleteUser changes (one statement: VACUUM
// cannot run in a transaction block). Only the tables' owner, the database's owner or a superuser
// may: for any other role PostgreSQL skips each table with a WARNING, hence kMayVacuumUserData.
inline constexpr const char* kVacuumUserData =
    "VACUUM users, sessions, api_tokens, attempts, stories, story_questions, coach_corrections, votes";
// One row: true when the current role may VACUUM every table of kVacuumUserData (pg_has_role is
// true for superusers and honours role membership, as VACUUM's own check does).
inline constexpr const char* kMayVacuumUserData = R"sql(
SELECT pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')
       OR bool_and(pg_has_role(relowner, 'USAGE'))
FROM pg_class
WHERE oid IN ('users'::regclass, 'sessions'::regclass, 'api_tokens'::regclass, 'attempts'::regclass,
              'stories'::regclass, 'story_questions'::regclass, 'coach_corrections'::regclass, 'votes'::regclass))sql";

inline constexpr const char* kInsertSession = R"sql(
INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5))sql";
// The session's columns (SessionRecord's order), then the user's (User's order).
inline constexpr const char* kGetSession = R"sql(
SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at,
       u.id, u.email, u.display_name, u.password_hash, u.role, u.created_at
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1)sql";
inline constexpr const char* kTouchSession = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
inline constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
inline constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = $1";
inline constexpr const char* kCountUserSessions = "SELECT count(*) FROM sessions WHERE user_id = $1";
inline constexpr const char* kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2";

inline constexpr const char* kInsertApiToken = R"sql(
INSERT INTO api_tokens (user_id, name, scope, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)
RETURNING id)sql";
// The token queries return the columns of ApiTokenInfo, in its order (then the owner's, User's order).
inline constexpr const char* kListApiTokens =
    "SELECT id, name, scope, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id";
inline constexpr const char* kDeleteApiToken = "DELETE FROM api_tokens WHERE id = $2 AND user_id = $1";
inline constexpr const char* kGetApiToken = R"sql(
SELECT t.id, t.name, t.scope, t.created_at, t.last_used_at,
       u.id, u.email, u.display_name, u.password_hash, u.role, u.created_at
FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1)sql";
inline constexpr const char* kTouchApiToken = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";

// ---- attempts, stories, corrections, keys (practice.cpp) ----

}  // namespace starprep::store::postgres::sql
