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
// Lists order question ids by COLLATE "C" (byte order), as SQLite's default BINARY collation does.
// A negative page size means "no limit" where SQLite's LIMIT -1 did (ListAttempts, ResealBatch).

inline constexpr const char* kPracticeQuestionExists = "SELECT EXISTS (SELECT 1 FROM questions WHERE id = $1)";

// $1 user_id, $2 question_id, $3 key_id, $4 sealed, $5 score, $6 parts_json, $7 seconds,
// $8 words, $9 created_at.
inline constexpr const char* kInsertAttempt = R"sql(
INSERT INTO attempts (user_id, question_id, key_id, sealed, score, parts_json, seconds, words, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id)sql";
// One statement, so one snapshot: column 0 is the user's total (of `$2`'s question, '' for all),
// then the columns of kGetAttempt for one page, newest first; a single row of NULLs after the
// total when the page is empty. $3 limit (< 0: all), $4 offset (>= 0).
inline constexpr const char* kListAttempts = R"sql(
SELECT (SELECT count(*) FROM attempts WHERE user_id = $1 AND ($2 = '' OR question_id = $2)),
       p.id, p.user_id, p.question_id, p.key_id, p.sealed, p.score, p.parts_json, p.seconds, p.words, p.created_at
FROM (VALUES (1)) AS one
LEFT JOIN (SELECT id, user_id, question_id, key_id, sealed, score, parts_json, seconds, words, created_at
           FROM attempts WHERE user_id = $1 AND ($2 = '' OR question_id = $2)
           ORDER BY id DESC
           LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END OFFSET $4) AS p ON true
ORDER BY p.id DESC)sql";
inline constexpr const char* kGetAttempt = R"sql(
SELECT id, user_id, question_id, key_id, sealed, score, parts_json, seconds, words, created_at
FROM attempts WHERE user_id = $1 AND id = $2)sql";
inline constexpr const char* kDeleteAttempt = "DELETE FROM attempts WHERE user_id = $1 AND id = $2";

// CreateStory takes this lock before counting, so concurrent creates of one user queue up and
// each counts the stories the others committed (SQLite's single writer did that implicitly).
inline constexpr const char* kLockStoryOwner = "SELECT id FROM users WHERE id = $1 FOR UPDATE";
inline constexpr const char* kCountUserStories = "SELECT count(*) FROM stories WHERE user_id = $1";
// $1 user_id, $2 key_id, $3 sealed, $4 competencies_json, $5 score, $6 created_at, $7 updated_at.
inline constexpr const char* kInsertStory = R"sql(
INSERT INTO stories (user_id, key_id, sealed, competencies_json, score, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)sql";
inline constexpr const char* kUpdateStory = R"sql(
UPDATE stories SET key_id = $3, sealed = $4, competencies_json = $5, score = $6, updated_at = $7
WHERE user_id = $1 AND id = $2)sql";
// The story queries return the columns ReadStory() expects, in this order: the story's own, then
// its linked question ids as a JSON array of strings in byte order (one statement, one snapshot).
inline constexpr const char* kGetStory = R"sql(
SELECT s.id, s.user_id, s.key_id, s.sealed, s.competencies_json, s.score, s.created_at, s.updated_at,
       coalesce((SELECT json_agg(l.question_id ORDER BY l.question_id COLLATE "C")
                 FROM story_questions l WHERE l.story_id = s.id), '[]')
FROM stories s WHERE s.user_id = $1 AND s.id = $2)sql";
inline constexpr const char* kListStories = R"sql(
SELECT s.id, s.user_id, s.key_id, s.sealed, s.competencies_json, s.score, s.created_at, s.updated_at,
       coalesce((SELECT json_agg(l.question_id ORDER BY l.question_id COLLATE "C")
                 FROM story_questions l WHERE l.story_id = s.id), '[]')
FROM stories s WHERE s.user_id = $1 ORDER BY s.id DESC)sql";
inline constexpr const char* kClearStoryQuestions = "DELETE FROM story_questions WHERE story_id = $1";
inline constexpr const char* kLinkStoryQuestion =
    "INSERT INTO story_questions (story_id, question_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
inline constexpr const char* kDeleteStory = "DELETE FROM stories WHERE user_id = $1 AND id = $2";

inline constexpr const char* kListUserVotes = R"sql(
SELECT question_id, voter_id, helpful, comment FROM votes WHERE user_id = $1
ORDER BY question_id COLLATE "C")sql";

// $1 user_id, $2 question_id ('' stores NULL), $3 shared, $4 key_id, $5 sealed, $6 created_at.
inline constexpr const char* kInsertCorrection = R"sql(
INSERT INTO coach_corrections (user_id, question_id, shared, key_id, sealed, created_at)
VALUES ($1, NULLIF($2, ''), $3, $4, $5, $6) RETURNING id)sql";
// Like kListAttempts: column 0 the user's total, then the columns of kListSharedCorrections for one page,
// newest first (a row of NULLs after the total when the page is empty). $2 limit, $3 offset (>= 0).
inline constexpr const char* kListCorrections = R"sql(
SELECT (SELECT count(*) FROM coach_corrections WHERE user_id = $1),
       p.id, p.user_id, p.question_id, p.shared, p.key_id, p.sealed, p.created_at
FROM (VALUES (1)) AS one
LEFT JOIN (SELECT id, user_id, coalesce(question_id, '') AS question_id, shared, key_id, sealed, created_at
           FROM coach_corrections WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3) AS p ON true
ORDER BY p.id DESC)sql";
inline constexpr const char* kListSharedCorrections = R"sql(
SELECT id, user_id, coalesce(question_id, ''), shared, key_id, sealed, created_at
FROM coach_corrections WHERE shared = 1 AND id > $1 ORDER BY id LIMIT $2)sql";

// ResealBatch: the records not under key $1, at most $2 (< 0: all), locked until the batch
// commits so that a concurrent edit (UpdateStory) is neither lost nor overwritten with old text.
inline constexpr const char* kAttemptsToReseal = R"sql(
SELECT id, user_id, key_id, sealed FROM attempts WHERE key_id <> $1 ORDER BY id
LIMIT CASE WHEN $2::bigint < 0 THEN NULL ELSE $2::bigint END FOR UPDATE)sql";
inline constexpr const char* kStoriesToReseal = R"sql(
SELECT id, user_id, key_id, sealed FROM stories WHERE key_id <> $1 ORDER BY id
LIMIT CASE WHEN $2::bigint < 0 THEN NULL ELSE $2::bigint END FOR UPDATE)sql";
inline constexpr const char* kCorrectionsToReseal = R"sql(
SELECT id, user_id, key_id, sealed FROM coach_corrections WHERE key_id <> $1 ORDER BY id
LIMIT CASE WHEN $2::bigint < 0 THEN NULL ELSE $2::bigint END FOR UPDATE)sql";
inline constexpr const char* kResealAttempt = "UPDATE attempts SET key_id = $1, sealed = $2 WHERE id = $3";
inline constexpr const char* kResealStory = "UPDATE stories SET key_id = $1, sealed = $2 WHERE id = $3";
inline constexpr const char* kResealCorrection = "UPDATE coach_corrections SET key_id = $1, sealed = $2 WHERE id = $3";
inline constexpr const char* kCountSealedByKey = R"sql(
SELECT key_id, count(*) FROM (SELECT key_id FROM attempts UNION ALL SELECT key_id FROM stories
                              UNION ALL SELECT key_id FROM coach_corrections) AS sealed
GROUP BY key_id ORDER BY key_id)sql";

}  // namespace starprep::store::postgres::sql
