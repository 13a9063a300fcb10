// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every SQL statement of the SQLite store, as a named constant with placeholders.
// Values are always bound, never concatenated. Timestamps are ISO 8601 UTC; vote times carry
// milliseconds so that "newest first" is meaningful between votes of the same second.

namespace starprep::store::sqlite::sql {

// ---- reads ----
inline constexpr const char* kGetContentVersion = "SELECT version FROM content_state WHERE id = 1";
inline constexpr const char* kBumpContentVersion =
    "UPDATE content_state SET version = version + 1, pack_hash = ?1 WHERE id = 1 AND pack_hash <> ?1";

inline constexpr const char* kHasLiveRole = "SELECT EXISTS (SELECT 1 FROM roles WHERE live = 1)";

inline constexpr const char* kListLiveRoles = R"sql(
SELECT r.slug, r.title, r.summary, r.updated,
       (SELECT count(*) FROM questions q WHERE q.role_slug = r.slug AND q.live = 1)
FROM roles r WHERE r.live = 1 ORDER BY r.title, r.slug)sql";

inline constexpr const char* kGetLiveRole =
    "SELECT slug, title, summary, updated, skills_json, intro_md FROM roles WHERE slug = ? AND live = 1";

// ListLiveRoles: every live role in ListRoles' order, with the columns kGetLiveRole returns; then
// every live question of a live role, grouped by role, each role's in position order.
inline constexpr const char* kListLiveRolesFull = R"sql(
SELECT slug, title, summary, updated, skills_json, intro_md
FROM roles WHERE live = 1 ORDER BY title, slug)sql";

// The three question queries return the columns ReadQuestion() expects, in this order.
inline constexpr const char* kListLiveQuestionsOfRole = R"sql(
SELECT id, role_slug, position, slug, question, competencies_json, kind, updated, why_md,
       dos_json, donts_json, situation, task, action, result
FROM questions WHERE role_slug = ? AND live = 1 ORDER BY position, id)sql";

inline constexpr const char* kGetLiveQuestion = R"sql(
SELECT id, role_slug, position, slug, question, competencies_json, kind, updated, why_md,
       dos_json, donts_json, situation, task, action, result
FROM questions WHERE id = ? AND live = 1)sql";

inline constexpr const char* kListLiveQuestionsOfLiveRoles = R"sql(
SELECT q.id, q.role_slug, q.position, q.slug, q.question, q.competencies_json, q.kind, q.updated,
       q.why_md, q.dos_json, q.donts_json, q.situation, q.task, q.action, q.result
FROM questions q JOIN roles r ON r.slug = q.role_slug
WHERE q.live = 1 AND r.live = 1 ORDER BY q.role_slug, q.position, q.id)sql";

// ---- import (ReplaceContent) ----
inline constexpr const char* kUpsertRole = R"sql(
INSERT INTO roles (slug, title, summary, updated, skills_json, intro_md, live)
VALUES (?, ?, ?, ?, ?, ?, 1)
ON CONFLICT (slug) DO UPDATE SET
  title = excluded.title, summary = excluded.summary, updated = excluded.updated,
  skills_json = excluded.skills_json, intro_md = excluded.intro_md, live = 1)sql";

inline constexpr const char* kGetQuestionState = "SELECT content_hash, live FROM questions WHERE id = ?";

// The live roles as jobs::MapRoles needs them, in ListRoles' order (before and after an import:
// when they differ, the jobs' roles are recomputed).
inline constexpr const char* kListLiveRoleInfos =
    "SELECT slug, title, skills_json FROM roles WHERE live = 1 ORDER BY title, slug";

// ?1 id, ?2 role_slug, ?3 position, ?4 slug, ?5 question, ?6 competencies_json, ?7 kind,
// ?8 updated, ?9 why_md, ?10 dos_json, ?11 donts_json, ?12..?15 STAR, ?16 content_hash.
inline constexpr const char* kUpsertQuestion = R"sql(
INSERT INTO questions (id, role_slug, position, slug, question, competencies_json, kind, updated,
                       why_md, dos_json, donts_json, situation, task, action, result,
                       content_hash, live, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1,
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (id) DO UPDATE SET
  role_slug = excluded.role_slug, position = excluded.position, slug = excluded.slug,
  question = excluded.question, competencies_json = excluded.competencies_json,
  kind = excluded.kind, updated = excluded.updated, why_md = excluded.why_md,
  dos_json = excluded.dos_json, donts_json = excluded.donts_json,
  situation = excluded.situation, task = excluded.task, action = excluded.action,
  result = excluded.result, content_hash = excluded.content_hash, live = 1,
  updated_at = excluded.updated_at)sql";

inline constexpr const char* kListLiveQuestionIds = "SELECT id FROM questions WHERE live = 1";
inline constexpr const char* kRetireQuestion =
    "UPDATE questions SET live = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?";
inline constexpr const char* kListLiveRoleSlugs = "SELECT slug FROM roles WHERE live = 1";
inline constexpr const char* kRetireRole = "UPDATE roles SET live = 0 WHERE slug = ?";

// ---- votes ----
// Inserts nothing (0 changes) unless the question is live. The WHERE clause also keeps the
// parser from reading ON CONFLICT as a join constraint. A new vote takes the next id (writes are
// serialised, so max + 1 cannot collide); every write records the question's current revision;
// a rewritten comment is open again (its note and state time cleared).
// ?1 question_id, ?2 voter_id, ?3 helpful, ?4 comment.
// ?5 is the signed-in voter's user id, NULL when anonymous.
inline constexpr const char* kUpsertVote = R"sql(
INSERT INTO votes (question_id, voter_id, helpful, comment, created_at, updated_at, user_id, id, revision)
SELECT id, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5,
       (SELECT coalesce(max(v.id), 0) + 1 FROM votes v),
       coalesce((SELECT r.revision FROM question_revisions r WHERE r.question_id = ?1), 0)
FROM questions WHERE id = ?1 AND live = 1
ON CONFLICT (question_id, voter_id) DO UPDATE SET
  helpful = excluded.helpful, comment = excluded.comment, updated_at = excluded.updated_at,
  user_id = excluded.user_id, revision = excluded.revision,
  state = CASE WHEN votes.comment = excluded.comment THEN votes.state ELSE 'open' END,
  note = CASE WHEN votes.comment = excluded.comment THEN votes.note ELSE '' END,
  state_at = CASE WHEN votes.comment = excluded.comment THEN votes.state_at ELSE '' END)sql";

// The public counts: a comment an editor hid as spam is not counted (its vote still is).
inline constexpr const char* kFeedbackSummary = R"sql(
SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0), coalesce(sum(comment <> '' AND state <> 'hidden'), 0)
FROM votes WHERE question_id = ?)sql";

inline constexpr const char* kRoleFeedback = R"sql(
SELECT v.question_id, sum(v.helpful), sum(1 - v.helpful), sum(v.comment <> '' AND v.state <> 'hidden')
FROM votes v JOIN questions q ON q.id = v.question_id
WHERE q.role_slug = ? AND q.live = 1
GROUP BY v.question_id)sql";

inline constexpr const char* kVoterVotes = R"sql(
SELECT v.question_id, v.helpful, v.comment
FROM votes v JOIN questions q ON q.id = v.question_id
WHERE q.role_slug = ? AND q.live = 1 AND v.voter_id = ?)sql";

inline constexpr const char* kListComments = R"sql(
SELECT helpful, comment, updated_at FROM votes
WHERE question_id = ? AND comment <> ''
ORDER BY updated_at DESC, voter_id
LIMIT ? OFFSET ?)sql";

// ---- editor inbox (issue 14) ----
// ?1 question id ('' for all). The `*_since` sums count votes on the current revision.
inline constexpr const char* kListQuestionFeedback = R"sql(
SELECT q.id, q.role_slug, q.question, q.position,
       coalesce(sum(v.helpful), 0), coalesce(sum(1 - v.helpful), 0),
       coalesce(sum(CASE WHEN v.revision = coalesce(r.revision, 0) THEN v.helpful ELSE 0 END), 0),
       coalesce(sum(CASE WHEN v.revision = coalesce(r.revision, 0) THEN 1 - v.helpful ELSE 0 END), 0),
       coalesce(sum(v.comment <> ''), 0), coalesce(sum(v.comment <> '' AND v.state = 'open'), 0),
       coalesce(r.revision, 0), coalesce(r.revised_at, ''),
       coalesce(max(v.comment <> '' AND v.state = 'addressed' AND v.revision < coalesce(r.revision, 0)), 0)
FROM questions q JOIN roles ro ON ro.slug = q.role_slug AND ro.live = 1
LEFT JOIN question_revisions r ON r.question_id = q.id
LEFT JOIN votes v ON v.question_id = q.id
WHERE q.live = 1 AND (?1 = '' OR q.id = ?1)
GROUP BY q.id
ORDER BY ro.title, ro.slug, q.position, q.id)sql";

// ?1 question id ('' any), ?2 state ('' any); then ?3 limit, ?4 offset.
#define STARPREP_EDITOR_COMMENTS_WHERE                     \
  " FROM votes v JOIN questions q ON q.id = v.question_id" \
  " WHERE v.comment <> '' AND q.live = 1 AND (?1 = '' OR v.question_id = ?1) AND (?2 = '' OR v.state = ?2)"
inline constexpr const char* kListEditorComments =
    "SELECT v.id, v.question_id, q.role_slug, v.helpful, v.comment, v.updated_at, v.state, v.note, v.state_at,"
    " v.revision" STARPREP_EDITOR_COMMENTS_WHERE " ORDER BY v.updated_at DESC, v.id DESC LIMIT ?3 OFFSET ?4";
inline constexpr const char* kCountEditorComments = "SELECT count(*)" STARPREP_EDITOR_COMMENTS_WHERE;
#undef STARPREP_EDITOR_COMMENTS_WHERE

// ?1 comment id, ?2 state, ?3 note, ?4 time. Returns the question id; no row when ?1 is not a
// comment on a live question.
inline constexpr const char* kSetCommentState = R"sql(
UPDATE votes SET state = ?2, note = ?3, state_at = ?4
WHERE id = ?1 AND comment <> '' AND question_id IN (SELECT id FROM questions WHERE live = 1)
RETURNING question_id)sql";

inline constexpr const char* kInsertAudit = R"sql(
INSERT INTO feedback_audit (at, actor_id, actor, action, comment_id, question_id, note)
VALUES (?, ?, ?, ?, ?, ?, ?))sql";

inline constexpr const char* kListAudit = R"sql(
SELECT id, at, actor_id, actor, action, comment_id, question_id, note FROM feedback_audit
ORDER BY id DESC LIMIT ? OFFSET ?)sql";

}  // namespace starprep::store::sqlite::sql

// ---- jobs ----
namespace starprep::store::sqlite::sql {

// Columns ReadJob() expects, in this order.
#define STARPREP_JOB_COLUMNS                                                                          \
  "j.id, j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo, j.remote, "   \
  "j.applicant_locations_json, j.offices_json, j.employment_type, j.salary_min, j.salary_max, "       \
  "j.salary_currency, j.salary_unit, j.description_md, j.apply_url, j.date_posted, j.valid_through, " \
  "j.skills_json, j.roles_json"

// What the job lists filter and sort by (store/job_list_index.h), for every posting open at ?1 now.
inline constexpr const char* kJobListRows = R"sql(
SELECT id, date_posted, title_key, salary_min, salary_max, salary_currency, salary_unit, remote, employment_type,
       roles_json
FROM jobs WHERE valid_through = '' OR valid_through >= ?1)sql";
// The jobs whose ids are in the JSON array ?1 (a list's page), in no particular order.
inline constexpr const char* kJobsByIds =
    "SELECT " STARPREP_JOB_COLUMNS " FROM jobs j WHERE j.id IN (SELECT value FROM json_each(?1))";

inline constexpr const char* kGetJob = "SELECT " STARPREP_JOB_COLUMNS " FROM jobs j WHERE j.id = ?";
// Every job, open or expired (re-mapping roles after a content import).
inline constexpr const char* kListAllJobs = "SELECT " STARPREP_JOB_COLUMNS " FROM jobs j ORDER BY j.id";

#undef STARPREP_JOB_COLUMNS

inline constexpr const char* kFindJobBySource = "SELECT id, content_hash FROM jobs WHERE source = ? AND source_id = ?";

// ?1 source .. ?22 content_hash, ?24 title_key (see BindJob in sqlite/jobs.cpp).
inline constexpr const char* kInsertJob = R"sql(
INSERT INTO jobs (source, source_id, title, company_name, company_url, company_logo, remote,
                  applicant_locations_json, offices_json, employment_type, salary_min, salary_max,
                  salary_currency, salary_unit, salary_annual_max, description_md, apply_url,
                  date_posted, valid_through, skills_json, roles_json, content_hash, title_key, created_at,
                  updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?24,
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))sql";

// Same parameters as kInsertJob, plus ?23 id.
inline constexpr const char* kUpdateJob = R"sql(
UPDATE jobs SET source = ?1, source_id = ?2, title = ?3, company_name = ?4, company_url = ?5,
  company_logo = ?6, remote = ?7, applicant_locations_json = ?8, offices_json = ?9,
  employment_type = ?10, salary_min = ?11, salary_max = ?12, salary_currency = ?13, salary_unit = ?14,
  salary_annual_max = ?15, description_md = ?16, apply_url = ?17, date_posted = ?18,
  valid_through = ?19, skills_json = ?20, roles_json = ?21, content_hash = ?22, title_key = ?24,
  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE id = ?23)sql";

inline constexpr const char* kDeleteJob = "DELETE FROM jobs WHERE id = ?";
inline constexpr const char* kDeleteJobRoles = "DELETE FROM job_roles WHERE job_id = ?";
inline constexpr const char* kInsertJobRole = "INSERT OR IGNORE INTO job_roles (job_id, role_slug) VALUES (?, ?)";
inline constexpr const char* kBumpJobsVersion = "UPDATE jobs_state SET version = version + 1 WHERE id = 1";
inline constexpr const char* kHasJobs = "SELECT EXISTS (SELECT 1 FROM jobs)";

// The job list index's stamp (store/job_list_index.h) at ?1 now: the jobs version and the next expiry ('' if none).
inline constexpr const char* kJobCountStamp = R"sql(
SELECT version, coalesce((SELECT min(valid_through) FROM jobs WHERE valid_through >= ?1), '')
FROM jobs_state WHERE id = 1)sql";

// ?1 now.
inline constexpr const char* kJobsState = R"sql(
SELECT (SELECT version FROM jobs_state WHERE id = 1),
       (SELECT count(*) FROM jobs WHERE valid_through = '' OR valid_through >= ?1))sql";

// ---- bulk job indexing (migration 12: search_job_batch) ----
// Between kDeferJobIndex and kResumeJobIndex, in one transaction, the job triggers stand aside
// and the writer runs kReindexJobs over the postings it wrote.
inline constexpr const char* kDeferJobIndex = "UPDATE search_job_batch SET deferred = 1 WHERE id = 1";
inline constexpr const char* kResumeJobIndex = "UPDATE search_job_batch SET deferred = 0 WHERE id = 1";

// What the job triggers do for one row, for every job id in the JSON array ?1 (distinct ids;
// ids of deleted jobs are dropped from the index, others get their current document), in this
// order: forget the old words while search_index still holds the old text, drop the old
// documents, write the new ones, count their words. A job is docid -id (migration 9).
inline constexpr const char* kReindexJobs[] = {
    "INSERT INTO search_words (search_words, rowid, title, body, tags)"
    " SELECT 'delete', s.rowid, s.title, s.body, s.tags FROM json_each(?1) AS c CROSS JOIN search_index AS s"
    " ON s.rowid = -c.value",
    "DELETE FROM search_index WHERE rowid IN (SELECT -value FROM json_each(?1))",
    "INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote,"
    " valid_through)"
    " SELECT d.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote,"
    " d.valid_through FROM json_each(?1) AS c CROSS JOIN search_job_docs AS d ON d.job_id = c.value",
    "INSERT INTO search_words (rowid, title, body, tags)"
    " SELECT s.rowid, s.title, s.body, s.tags FROM json_each(?1) AS c CROSS JOIN search_index AS s"
    " ON s.rowid = -c.value",
};

// ---- accounts ----
inline constexpr const char* kInsertUser =
    "INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)";
inline constexpr const char* kUserByEmail =
    "SELECT id, email, display_name, password_hash, role, created_at FROM users WHERE email = ?";
inline constexpr const char* kUserById =
    "SELECT id, email, display_name, password_hash, role, created_at FROM users WHERE id = ?";
inline constexpr const char* kUpdatePasswordHash = "UPDATE users SET password_hash = ? WHERE id = ?";
inline constexpr const char* kSetUserRole = "UPDATE users SET role = ? WHERE id = ?";
inline constexpr const char* kUnlinkUserVotes = "UPDATE votes SET user_id = NULL WHERE user_id = ?";
// Run after deleting a user row, in the same transaction: the audit records of every editor
// account that no longer exists keep who acted as "deleted editor #ID", without the email (this
// user's, and any left by a deletion before this statement existed). actor_id 0 is the service's
// editor token, never a user.
inline constexpr const char* kAnonymiseDeletedEditorsAudit = R"sql(
UPDATE feedback_audit SET actor = ('deleted editor #' || actor_id)
WHERE actor_id <> 0 AND actor <> ('deleted editor #' || actor_id) AND actor_id NOT IN (SELECT id FROM users))sql";
inline constexpr const char* kDeleteUser = "DELETE FROM users WHERE id = ?";

inline constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)";
inline constexpr const char* kGetSession = R"sql(
SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at,
       u.id, u.email, u.display_name, u.password_hash, u.role, u.created_at
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?)sql";
inline constexpr const char* kTouchSession = "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?";
inline constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?";
inline constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = ?";
inline constexpr const char* kCountUserSessions = "SELECT count(*) FROM sessions WHERE user_id = ?";
inline constexpr const char* kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2";

inline constexpr const char* kInsertApiToken =
    "INSERT INTO api_tokens (user_id, name, scope, token_hash, created_at) VALUES (?, ?, ?, ?, ?)";
// The token queries return the columns of ApiTokenInfo, in its order.
inline constexpr const char* kListApiTokens =
    "SELECT id, name, scope, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id";
inline constexpr const char* kDeleteApiToken = "DELETE FROM api_tokens WHERE id = ? AND user_id = ?";
inline constexpr const char* kGetApiToken = R"sql(
SELECT t.id, t.name, t.scope, t.created_at, t.last_used_at,
       u.id, u.email, u.display_name, u.password_hash, u.role, u.created_at
FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?)sql";
inline constexpr const char* kTouchApiToken = "UPDATE api_tokens SET last_used_at = ? WHERE id = ?";

// Copies the WAL into the database file and truncates it to zero bytes. One row: (busy, log
// frames, checkpointed frames); busy = 1 when readers kept it from finishing.
inline constexpr const char* kCheckpointTruncate = "PRAGMA wal_checkpoint(TRUNCATE)";

inline constexpr const char* kInsertAttempt = R"sql(
INSERT INTO attempts (user_id, question_id, key_id, sealed, score, parts_json, seconds, words, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql";
// The attempt queries return the columns ReadAttempt() expects, in this order.
inline constexpr const char* kListAttempts = R"sql(
SELECT id, user_id, question_id, key_id, sealed, score, parts_json, seconds, words, created_at
FROM attempts WHERE user_id = ?1 AND (?2 = '' OR question_id = ?2)
ORDER BY id DESC LIMIT ?3 OFFSET ?4)sql";
inline constexpr const char* kCountAttempts =
    "SELECT count(*) FROM attempts WHERE user_id = ?1 AND (?2 = '' OR question_id = ?2)";
inline constexpr const char* kGetAttempt = R"sql(
SELECT id, user_id, question_id, key_id, sealed, score, parts_json, seconds, words, created_at
FROM attempts WHERE user_id = ? AND id = ?)sql";
inline constexpr const char* kDeleteAttempt = "DELETE FROM attempts WHERE user_id = ? AND id = ?";
inline constexpr const char* kQuestionExists = "SELECT EXISTS (SELECT 1 FROM questions WHERE id = ?)";

inline constexpr const char* kCountUserStories = "SELECT count(*) FROM stories WHERE user_id = ?";
inline constexpr const char* kInsertStory = R"sql(
INSERT INTO stories (user_id, key_id, sealed, competencies_json, score, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?))sql";
inline constexpr const char* kUpdateStory = R"sql(
UPDATE stories SET key_id = ?3, sealed = ?4, competencies_json = ?5, score = ?6, updated_at = ?7
WHERE user_id = ?1 AND id = ?2)sql";
// The story queries return the columns ReadStory() expects, in this order.
inline constexpr const char* kGetStory = R"sql(
SELECT id, user_id, key_id, sealed, competencies_json, score, created_at, updated_at
FROM stories WHERE user_id = ? AND id = ?)sql";
inline constexpr const char* kListStories = R"sql(
SELECT id, user_id, key_id, sealed, competencies_json, score, created_at, updated_at
FROM stories WHERE user_id = ? ORDER BY id DESC)sql";
inline constexpr const char* kStoryQuestions =
    "SELECT question_id FROM story_questions WHERE story_id = ? ORDER BY question_id";
inline constexpr const char* kClearStoryQuestions = "DELETE FROM story_questions WHERE story_id = ?";
inline constexpr const char* kLinkStoryQuestion =
    "INSERT OR IGNORE INTO story_questions (story_id, question_id) VALUES (?, ?)";
inline constexpr const char* kDeleteStory = "DELETE FROM stories WHERE user_id = ? AND id = ?";

inline constexpr const char* kListUserVotes =
    "SELECT question_id, voter_id, helpful, comment FROM votes WHERE user_id = ? ORDER BY question_id";

inline constexpr const char* kUserExists = "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)";
// The user's target roles that are live now, in the order chosen.
inline constexpr const char* kListTargetRoles = R"sql(
SELECT t.role_slug FROM target_roles t JOIN roles r ON r.slug = t.role_slug AND r.live = 1
WHERE t.user_id = ? ORDER BY t.position)sql";
inline constexpr const char* kClearTargetRoles = "DELETE FROM target_roles WHERE user_id = ?";
inline constexpr const char* kInsertTargetRole =
    "INSERT OR IGNORE INTO target_roles (user_id, role_slug, position) VALUES (?, ?, ?)";

// ?1 user_id, ?2 question_id ('' stores NULL), ?3 shared, ?4 key_id, ?5 sealed, ?6 created_at.
inline constexpr const char* kInsertCorrection = R"sql(
INSERT INTO coach_corrections (user_id, question_id, shared, key_id, sealed, created_at)
VALUES (?1, NULLIF(?2, ''), ?3, ?4, ?5, ?6))sql";
// The correction queries return the columns ReadCorrection() expects, in this order.
inline constexpr const char* kListCorrections = R"sql(
SELECT id, user_id, coalesce(question_id, ''), shared, key_id, sealed, created_at
FROM coach_corrections WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?)sql";
inline constexpr const char* kCountCorrections = "SELECT count(*) FROM coach_corrections WHERE user_id = ?";
inline constexpr const char* kListSharedCorrections = R"sql(
SELECT id, user_id, coalesce(question_id, ''), shared, key_id, sealed, created_at
FROM coach_corrections WHERE shared = 1 AND id > ? ORDER BY id LIMIT ?)sql";

// ---- mock interviews (accounts.cpp) ----
// ?1 user_id, ?2 role_slug, ?3 questions_json, ?4 key_id, ?5 sealed, ?6 finished, ?7 score,
// ?8 created_at, ?9 updated_at; a new mock is at revision 1.
inline constexpr const char* kInsertMock = R"sql(
INSERT INTO mocks (user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, created_at,
                   updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9))sql";
// The mock queries return the columns ReadMock() expects, in this order.
inline constexpr const char* kGetMock = R"sql(
SELECT id, user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, created_at, updated_at
FROM mocks WHERE user_id = ? AND id = ?)sql";
inline constexpr const char* kListMocks = R"sql(
SELECT id, user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, created_at, updated_at
FROM mocks WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?)sql";
inline constexpr const char* kCountMocks = "SELECT count(*) FROM mocks WHERE user_id = ?";
// Compare-and-set on the revision: ?1 user_id, ?2 id, ?3 the revision read, ?4 key_id, ?5 sealed,
// ?6 finished, ?7 score, ?8 updated_at.
inline constexpr const char* kUpdateMock = R"sql(
UPDATE mocks SET key_id = ?4, sealed = ?5, finished = ?6, score = ?7, updated_at = ?8, revision = revision + 1
WHERE user_id = ?1 AND id = ?2 AND revision = ?3)sql";
inline constexpr const char* kMockExists = "SELECT EXISTS (SELECT 1 FROM mocks WHERE user_id = ? AND id = ?)";
inline constexpr const char* kDeleteMock = "DELETE FROM mocks WHERE user_id = ? AND id = ?";

inline constexpr const char* kAttemptsToReseal =
    "SELECT id, user_id, key_id, sealed FROM attempts WHERE key_id <> ? ORDER BY id LIMIT ?";
inline constexpr const char* kStoriesToReseal =
    "SELECT id, user_id, key_id, sealed FROM stories WHERE key_id <> ? ORDER BY id LIMIT ?";
inline constexpr const char* kCorrectionsToReseal =
    "SELECT id, user_id, key_id, sealed FROM coach_corrections WHERE key_id <> ? ORDER BY id LIMIT ?";
inline constexpr const char* kResealAttempt = "UPDATE attempts SET key_id = ?, sealed = ? WHERE id = ?";
inline constexpr const char* kResealStory = "UPDATE stories SET key_id = ?, sealed = ? WHERE id = ?";
inline constexpr const char* kResealCorrection = "UPDATE coach_corrections SET key_id = ?, sealed = ? WHERE id = ?";
inline constexpr const char* kMocksToReseal =
    "SELECT id, user_id, key_id, sealed FROM mocks WHERE key_id <> ? ORDER BY id LIMIT ?";
inline constexpr const char* kResealMock = "UPDATE mocks SET key_id = ?, sealed = ? WHERE id = ?";
inline constexpr const char* kCountSealedByKey = R"sql(
SELECT key_id, count(*) FROM (SELECT key_id FROM attempts UNION ALL SELECT key_id FROM stories
                              UNION ALL SELECT key_id FROM coach_corrections UNION ALL SELECT key_id FROM mocks)
GROUP BY key_id ORDER BY key_id)sql";

// ---- abuse limits (store/sqlite/limits.cpp) ----
inline constexpr const char* kGetFailures =
    "SELECT failures, window_start, locked_until FROM limit_failures WHERE key = ?";
// ?1 key, ?2 failures, ?3 window_start, ?4 locked_until, ?5 forget_at.
inline constexpr const char* kPutFailures = R"sql(
INSERT INTO limit_failures (key, failures, window_start, locked_until, forget_at) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                                locked_until = excluded.locked_until, forget_at = excluded.forget_at)sql";
inline constexpr const char* kDeleteFailures = "DELETE FROM limit_failures WHERE key = ?";
inline constexpr const char* kGetBucket = "SELECT tokens, updated_ms FROM limit_buckets WHERE key = ?";
// ?1 key, ?2 tokens, ?3 updated_ms, ?4 full_at_ms.
inline constexpr const char* kPutBucket = R"sql(
INSERT INTO limit_buckets (key, tokens, updated_ms, full_at_ms) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms,
                                full_at_ms = excluded.full_at_ms)sql";
inline constexpr const char* kPurgeFailures = "DELETE FROM limit_failures WHERE forget_at <= ?";
inline constexpr const char* kPurgeBuckets = "DELETE FROM limit_buckets WHERE full_at_ms <= ?";

// ---- search (migration 9: search_index, search_vocabulary; the cold path: sqlite/search_docs.h) ----
// What the documents depend on (SearchDocsStamp): the content and jobs versions.
inline constexpr const char* kSearchDocsStamp =
    "SELECT (SELECT version FROM content_state WHERE id = 1), (SELECT version FROM jobs_state WHERE id = 1)";

// Every document's rowid and UNINDEXED columns (SearchDocRow), read from search_index's own
// content table: FTS5 stores column i of search_index as c<i> of search_index_content, keyed by
// id (the rowid). Read directly, a row is one sequential step of the scan (through the virtual
// table, each column is copied out: 5x the CPU). Columns: title 0, body 1, tags 2, doc_type 3,
// ref 4, slug 5, roles 6, kind 7, competencies 8, remote 9, valid_through 10 (migration 9).
inline constexpr const char* kSearchDocs = "SELECT id, c3, c4, c6, c7, c8, c9, c10 FROM search_index_content";

// The rowids matching the FTS5 expression ?1 (a search: one phrase of a search::Fts5Expression,
// sqlite/search.cpp PhraseMatches) within the rowid range ?2..?3 (FTS5 seeks its doclists to the
// range's start), ascending (FTS5 walks its doclists in that order: no sort).
inline constexpr const char* kSearchMatches =
    "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 ORDER BY rowid";

// The walk of a search (sqlite/search.cpp, Scan): the rowids matching ?1 within ?2..?3 (the
// jobs, negative rowids, walked until the page and the ranked window are settled, then the
// questions and roles), ascending (no sort; a job is -id, so jobs come newest first), with
// application functions deciding per row: starprep_search_take(rowid) applies the filter and says
// whether the match is ranked (the score is computed for those only: NULL for the others);
// starprep_search_score records the score and starprep_search_kept() says whether the match may
// be on the page, and only then are its text columns and snippet read (column 2 on: type, ref,
// slug, roles, title, snippet). SQLite evaluates a row's columns in order. The score is bm25 with
// the phrases' document counts ?4 (sqlite/rank.h: starprep_bm25), weights title 10, body 1, tags
// (skills, competencies) 4; higher is better. The snippet comes from the body, matches between
// U+0001 and U+0002 (search::SplitSnippet).
inline constexpr const char* kSearchScan =
    "SELECT rowid, CASE WHEN starprep_search_take(rowid) THEN starprep_search_score(-starprep_bm25(search_index, ?4, "
    "10.0, 1.0, 4.0))"
    " END, CASE WHEN starprep_search_kept() THEN doc_type END, CASE WHEN starprep_search_kept() THEN ref END,"
    " CASE WHEN starprep_search_kept() THEN slug END, CASE WHEN starprep_search_kept() THEN roles END,"
    " CASE WHEN starprep_search_kept() THEN title END,"
    " CASE WHEN starprep_search_kept() THEN snippet(search_index, 1, char(1), char(2), '…', 16) END"
    " FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 ORDER BY rowid";

// The page's rows the scan did not read (a deep page, jobs past the ranked window): the rowids of
// the JSON array ?4, all within ?2..?3 (the range bounds FTS5's walk; `+rowid` keeps the list a
// filter on that walk, not one lookup per rowid, each of which would set the expression up
// again). Columns as kSearchScan's, then the score (?5: the phrases' document counts).
inline constexpr const char* kSearchHits =
    "SELECT rowid, doc_type, ref, slug, roles, title, snippet(search_index, 1, char(1), char(2), '…', 16),"
    " -starprep_bm25(search_index, ?5, 10.0, 1.0, 4.0) FROM search_index"
    " WHERE search_index MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 AND +rowid IN (SELECT value FROM json_each(?4))";

// Words starting with ?1 (char(1114111) is the highest code point), length within ?2..?3
// (0: unbounded), the most frequent first, at most ?4.
inline constexpr const char* kSearchVocabulary = R"sql(
SELECT term, doc FROM search_vocabulary
WHERE term >= ?1 AND term < ?1 || char(1114111)
  AND (?2 = 0 OR length(term) >= ?2) AND (?3 = 0 OR length(term) <= ?3)
ORDER BY doc DESC, term LIMIT ?4)sql";

// The index's stems of the vocabulary's words (sqlite/search.cpp, StemsOf): each word a row of a
// TEMP FTS5 table (this connection only; a read-only connection may write TEMP) tokenised exactly
// as search_index is (keep `tokenize` in step with migration 9's), read back through its
// fts5vocab 'instance' table: one (stem, rowid) per word.
inline constexpr const char* kCreateStems =
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stems USING fts5 (word,"
    " tokenize = 'porter unicode61 remove_diacritics 2');"
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem_terms USING fts5vocab (temp, search_stems, instance);"
    "DELETE FROM temp.search_stems";
inline constexpr const char* kInsertStemWord = "INSERT INTO temp.search_stems (rowid, word) VALUES (?1, ?2)";
inline constexpr const char* kStems = "SELECT term, doc FROM temp.search_stem_terms";

// search_index's segments (sqlite/search.h, CompactSearchIndex): its %_idx table has a row per
// leaf page range of each segment (a few thousand at 100,000 postings).
inline constexpr const char* kSearchSegments = "SELECT count(DISTINCT segid) FROM search_index_idx";
// Merges every segment of search_index into one (FTS5's 'optimize' command).
inline constexpr const char* kSearchOptimize = "INSERT INTO search_index(search_index) VALUES('optimize')";

// The search index state at ?1 now: content version, jobs version, next expiry ('' if none).
inline constexpr const char* kSearchIndexState = R"sql(
SELECT (SELECT version FROM content_state WHERE id = 1), (SELECT version FROM jobs_state WHERE id = 1),
       coalesce((SELECT min(valid_through) FROM jobs WHERE valid_through >= ?1), ''))sql";

// ---- review queue (issue 13) ----
// ?1 user_id, ?2 question_id, ?3 now: a new card unless there is one.
inline constexpr const char* kInsertCard = R"sql(
INSERT INTO review_cards (user_id, question_id, state, stability, difficulty, due, last_review, reps, lapses, created_at)
VALUES (?1, ?2, 0, 0, 0, ?3, '', 0, 0, ?3) ON CONFLICT (user_id, question_id) DO NOTHING)sql";
#define STARPREP_CARD_COLUMNS                                                                             \
  "c.user_id, c.question_id, c.state, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses," \
  " c.created_at, q.live"
inline constexpr const char* kGetCard = "SELECT " STARPREP_CARD_COLUMNS
                                        " FROM review_cards c JOIN questions q ON q.id = c.question_id"
                                        " WHERE c.user_id = ? AND c.question_id = ?";
// The oldest due first; ties by question id.
inline constexpr const char* kListCards = "SELECT " STARPREP_CARD_COLUMNS
                                          " FROM review_cards c JOIN questions q ON q.id = c.question_id"
                                          " WHERE c.user_id = ? ORDER BY c.due, c.question_id";
#undef STARPREP_CARD_COLUMNS
// ?1 user_id, ?2 question_id, ?3 state, ?4 stability, ?5 difficulty, ?6 due, ?7 last_review,
// ?8 reps, ?9 lapses, ?10 the reps expected (no change when another rating came first).
inline constexpr const char* kUpdateCard = R"sql(
UPDATE review_cards SET state = ?3, stability = ?4, difficulty = ?5, due = ?6, last_review = ?7, reps = ?8, lapses = ?9
WHERE user_id = ?1 AND question_id = ?2 AND reps = ?10)sql";
inline constexpr const char* kCardExists =
    "SELECT EXISTS (SELECT 1 FROM review_cards WHERE user_id = ? AND question_id = ?)";
inline constexpr const char* kInsertReviewLog = R"sql(
INSERT INTO review_log (user_id, question_id, rating, state, elapsed_days, stability, difficulty, due, reviewed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql";
inline constexpr const char* kListReviewLog = R"sql(
SELECT id, user_id, question_id, rating, state, elapsed_days, stability, difficulty, due, reviewed_at
FROM review_log WHERE user_id = ? AND reviewed_at >= ? ORDER BY id)sql";
inline constexpr const char* kGetReviewSettings =
    "SELECT desired_retention, daily_new_limit FROM review_settings WHERE user_id = ?";
inline constexpr const char* kPutReviewSettings = R"sql(
INSERT INTO review_settings (user_id, desired_retention, daily_new_limit) VALUES (?1, ?2, ?3)
ON CONFLICT (user_id) DO UPDATE SET desired_retention = ?2, daily_new_limit = ?3)sql";

}  // namespace starprep::store::sqlite::sql
