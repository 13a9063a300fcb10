// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every SQL statement of the PostgreSQL store, as a named constant with $n placeholders (the
// SQLite store's twins, store/sqlite/queries.h, in PostgreSQL's dialect). Values are always
// bound, never concatenated. Timestamps are ISO 8601 UTC text, as in SQLite.

namespace starprep::store::postgres::sql {

// ---- content, votes and comments (content.cpp) ----
// Text sorts use COLLATE "C" (byte order), as SQLite's default BINARY collation does, whatever
// the database's own collation.

// Times the database writes itself: ISO 8601 UTC, to the second or (votes) the millisecond.
#define STARPREP_PG_NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define STARPREP_PG_NOW_MS "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

inline constexpr const char* kGetContentVersion = "SELECT version FROM content_state WHERE id = 1";
// Taken first by every import: imports from several instances run one after the other.
inline constexpr const char* kLockContentState = "SELECT version FROM content_state WHERE id = 1 FOR UPDATE";
inline constexpr const char* kBumpContentVersion =
    "UPDATE content_state SET version = version + 1, pack_hash = $1 WHERE id = 1 AND pack_hash <> $1";

inline constexpr const char* kHasLiveRole = "SELECT EXISTS (SELECT 1 FROM roles WHERE live = 1)";

inline constexpr const char* kListLiveRoles = R"sql(
SELECT r.slug, r.title, r.summary, r.updated,
       (SELECT count(*) FROM questions q WHERE q.role_slug = r.slug AND q.live = 1)
FROM roles r WHERE r.live = 1 ORDER BY r.title COLLATE "C", r.slug COLLATE "C")sql";

inline constexpr const char* kGetLiveRole =
    "SELECT slug, title, summary, updated, skills_json, intro_md FROM roles WHERE slug = $1 AND live = 1";

// ListLiveRoles: every live role in ListRoles' order with kGetLiveRole's columns; then every
// live question of a live role, grouped by role, each role's in position order.
inline constexpr const char* kListLiveRolesFull = R"sql(
SELECT slug, title, summary, updated, skills_json, intro_md
FROM roles WHERE live = 1 ORDER BY title COLLATE "C", slug COLLATE "C")sql";

// The three question queries return the columns ReadQuestion() expects, in this order.
inline constexpr const char* kListLiveQuestionsOfRole = R"sql(
SELECT id, role_slug, position, slug, question, competencies_json, kind, updated, why_md,
       dos_json, donts_json, situation, task, action, result
FROM questions WHERE role_slug = $1 AND live = 1 ORDER BY position, id COLLATE "C")sql";

inline constexpr const char* kGetLiveQuestion = R"sql(
SELECT id, role_slug, position, slug, question, competencies_json, kind, updated, why_md,
       dos_json, donts_json, situation, task, action, result
FROM questions WHERE id = $1 AND live = 1)sql";

inline constexpr const char* kListLiveQuestionsOfLiveRoles = R"sql(
SELECT q.id, q.role_slug, q.position, q.slug, q.question, q.competencies_json, q.kind, q.updated,
       q.why_md, q.dos_json, q.donts_json, q.situation, q.task, q.action, q.result
FROM questions q JOIN roles r ON r.slug = q.role_slug
WHERE q.live = 1 AND r.live = 1 ORDER BY q.role_slug COLLATE "C", q.position, q.id COLLATE "C")sql";

// ---- import (ReplaceContent) ----
inline constexpr const char* kUpsertRole = R"sql(
INSERT INTO roles (slug, title, summary, updated, skills_json, intro_md, live)
VALUES ($1, $2, $3, $4, $5, $6, 1)
ON CONFLICT (slug) DO UPDATE SET
  title = EXCLUDED.title, summary = EXCLUDED.summary, updated = EXCLUDED.updated,
  skills_json = EXCLUDED.skills_json, intro_md = EXCLUDED.intro_md, live = 1)sql";

inline constexpr const char* kGetQuestionState = "SELECT content_hash, live FROM questions WHERE id = $1";

// The live roles as jobs::MapRoles needs them, in ListRoles' order (before and after an import:
// when they differ, the jobs' roles are recomputed).
inline constexpr const char* kListLiveRoleInfos =
    "SELECT slug, title, skills_json FROM roles WHERE live = 1 ORDER BY title COLLATE \"C\", slug COLLATE \"C\"";

// $1 id, $2 role_slug, $3 position, $4 slug, $5 question, $6 competencies_json, $7 kind,
// $8 updated, $9 why_md, $10 dos_json, $11 donts_json, $12..$15 STAR, $16 content_hash.
inline constexpr const char* kUpsertQuestion =
    "INSERT INTO questions (id, role_slug, position, slug, question, competencies_json, kind, updated,"
    " why_md, dos_json, donts_json, situation, task, action, result, content_hash, live, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, " STARPREP_PG_NOW
    ", " STARPREP_PG_NOW
    ")"
    " ON CONFLICT (id) DO UPDATE SET"
    " role_slug = EXCLUDED.role_slug, position = EXCLUDED.position, slug = EXCLUDED.slug,"
    " question = EXCLUDED.question, competencies_json = EXCLUDED.competencies_json,"
    " kind = EXCLUDED.kind, updated = EXCLUDED.updated, why_md = EXCLUDED.why_md,"
    " dos_json = EXCLUDED.dos_json, donts_json = EXCLUDED.donts_json,"
    " situation = EXCLUDED.situation, task = EXCLUDED.task, action = EXCLUDED.action,"
    " result = EXCLUDED.result, content_hash = EXCLUDED.content_hash, live = 1,"
    " updated_at = EXCLUDED.updated_at";

inline constexpr const char* kListLiveQuestionIds = "SELECT id FROM questions WHERE live = 1";
inline constexpr const char* kRetireQuestion =
    "UPDATE questions SET live = 0, updated_at = " STARPREP_PG_NOW " WHERE id = $1";
inline constexpr const char* kListLiveRoleSlugs = "SELECT slug FROM roles WHERE live = 1";
inline constexpr const char* kRetireRole = "UPDATE roles SET live = 0 WHERE slug = $1";

// ---- votes ----
// Inserts nothing (0 rows) unless the question is live. $1 question_id, $2 voter_id, $3 helpful,
// $4 comment, $5 the signed-in voter's user id (NULL when anonymous). A new vote takes the next
// id of the identity; every write records the question's current revision; a rewritten comment
// is open again (its note and state time cleared).
inline constexpr const char* kUpsertVote =
    "INSERT INTO votes (question_id, voter_id, helpful, comment, created_at, updated_at, user_id, revision)"
    " SELECT id, $2::text, $3::integer, $4::text, " STARPREP_PG_NOW_MS ", " STARPREP_PG_NOW_MS
    ", $5::bigint, coalesce((SELECT r.revision FROM question_revisions r WHERE r.question_id = $1), 0)"
    " FROM questions WHERE id = $1 AND live = 1"
    " ON CONFLICT (question_id, voter_id) DO UPDATE SET"
    " helpful = EXCLUDED.helpful, comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at,"
    " user_id = EXCLUDED.user_id, revision = EXCLUDED.revision,"
    " state = CASE WHEN votes.comment = EXCLUDED.comment THEN votes.state ELSE 'open' END,"
    " note = CASE WHEN votes.comment = EXCLUDED.comment THEN votes.note ELSE '' END,"
    " state_at = CASE WHEN votes.comment = EXCLUDED.comment THEN votes.state_at ELSE '' END";

// The public counts: a comment an editor hid as spam is not counted (its vote still is).
inline constexpr const char* kFeedbackSummary = R"sql(
SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0), count(*) FILTER (WHERE comment <> '' AND state <> 'hidden')
FROM votes WHERE question_id = $1)sql";

inline constexpr const char* kRoleFeedback = R"sql(
SELECT v.question_id, sum(v.helpful), sum(1 - v.helpful), count(*) FILTER (WHERE v.comment <> '' AND v.state <> 'hidden')
FROM votes v JOIN questions q ON q.id = v.question_id
WHERE q.role_slug = $1 AND q.live = 1
GROUP BY v.question_id)sql";

inline constexpr const char* kVoterVotes = R"sql(
SELECT v.question_id, v.helpful, v.comment
FROM votes v JOIN questions q ON q.id = v.question_id
WHERE q.role_slug = $1 AND q.live = 1 AND v.voter_id = $2)sql";

inline constexpr const char* kListComments = R"sql(
SELECT helpful, comment, updated_at FROM votes
WHERE question_id = $1 AND comment <> ''
ORDER BY updated_at COLLATE "C" DESC, voter_id COLLATE "C"
LIMIT $2 OFFSET $3)sql";

// ---- editor inbox (issue 14; the SQLite twins are in store/sqlite/queries.h) ----
// $1 question id ('' for all). The `*_since` sums count votes on the current revision.
inline constexpr const char* kListQuestionFeedback = R"sql(
SELECT q.id, q.role_slug, q.question, q.position,
       coalesce(sum(v.helpful), 0), coalesce(sum(1 - v.helpful), 0),
       coalesce(sum(v.helpful) FILTER (WHERE v.revision = coalesce(r.revision, 0)), 0),
       coalesce(sum(1 - v.helpful) FILTER (WHERE v.revision = coalesce(r.revision, 0)), 0),
       count(v.question_id) FILTER (WHERE v.comment <> ''),
       count(v.question_id) FILTER (WHERE v.comment <> '' AND v.state = 'open'),
       coalesce(r.revision, 0), coalesce(r.revised_at, ''),
       coalesce(bool_or(v.comment <> '' AND v.state = 'addressed' AND v.revision < coalesce(r.revision, 0)), false)
FROM questions q JOIN roles ro ON ro.slug = q.role_slug AND ro.live = 1
LEFT JOIN question_revisions r ON r.question_id = q.id
LEFT JOIN votes v ON v.question_id = q.id
WHERE q.live = 1 AND ($1::text = '' OR q.id = $1::text)
GROUP BY q.id, ro.title, ro.slug, r.revision, r.revised_at
ORDER BY ro.title COLLATE "C", ro.slug COLLATE "C", q.position, q.id COLLATE "C")sql";

// $1 question id ('' any), $2 state ('' any); then $3 limit, $4 offset.
#define STARPREP_PG_EDITOR_COMMENTS_WHERE                                                 \
  " FROM votes v JOIN questions q ON q.id = v.question_id"                                \
  " WHERE v.comment <> '' AND q.live = 1 AND ($1::text = '' OR v.question_id = $1::text)" \
  " AND ($2::text = '' OR v.state = $2::text)"
inline constexpr const char* kListEditorComments =
    "SELECT v.id, v.question_id, q.role_slug, v.helpful, v.comment, v.updated_at, v.state, v.note, v.state_at,"
    " v.revision" STARPREP_PG_EDITOR_COMMENTS_WHERE
    " ORDER BY v.updated_at COLLATE \"C\" DESC, v.id DESC LIMIT $3 OFFSET $4";
inline constexpr const char* kCountEditorComments = "SELECT count(*)" STARPREP_PG_EDITOR_COMMENTS_WHERE;
#undef STARPREP_PG_EDITOR_COMMENTS_WHERE

// $1 comment id, $2 state, $3 note, $4 time. Returns the question id; no row when $1 is not a
// comment on a live question.
inline constexpr const char* kSetCommentState = R"sql(
UPDATE votes SET state = $2, note = $3, state_at = $4
WHERE id = $1 AND comment <> '' AND question_id IN (SELECT id FROM questions WHERE live = 1)
RETURNING question_id)sql";

inline constexpr const char* kInsertAudit = R"sql(
INSERT INTO feedback_audit (at, actor_id, actor, action, comment_id, question_id, note)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql";

inline constexpr const char* kListAudit = R"sql(
SELECT id, at, actor_id, actor, action, comment_id, question_id, note FROM feedback_audit
ORDER BY id DESC LIMIT $1 OFFSET $2)sql";

#undef STARPREP_PG_NOW_MS

// ---- changes across instances (feed.cpp) ----
// The channel name is kChangeChannel (feed.h); payload "<instance>|<key>".
inline constexpr const char* kNotifyChange = "SELECT pg_notify('starprep_changes', $1)";
inline constexpr const char* kListenChanges = "LISTEN starprep_changes";

// ---- jobs (jobs.cpp) ----
// Every job write takes kLockJobsState first: writers from several instances run one after the
// other (the find-then-insert of an upsert cannot race) and each bumps the version it locked.

inline constexpr const char* kLockJobsState = "SELECT version FROM jobs_state WHERE id = 1 FOR UPDATE";
inline constexpr const char* kBumpJobsVersion = "UPDATE jobs_state SET version = version + 1 WHERE id = 1";

// Columns ReadJob() expects, in this order.
#define STARPREP_PG_JOB_COLUMNS                                                                       \
  "j.id, j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo, j.remote, "   \
  "j.applicant_locations_json, j.offices_json, j.employment_type, j.salary_min, j.salary_max, "       \
  "j.salary_currency, j.salary_unit, j.description_md, j.apply_url, j.date_posted, j.valid_through, " \
  "j.skills_json, j.roles_json"

// What the job lists filter and sort by (store/job_list_index.h), for every posting open at $1 now
// (valid_through compares in byte order, COLLATE "C", as in SQLite).
inline constexpr const char* kJobListRows = R"sql(
SELECT id, date_posted, title_key, salary_min, salary_max, salary_currency, salary_unit, remote, employment_type,
       roles_json
FROM jobs WHERE valid_through = '' OR valid_through COLLATE "C" >= $1::text)sql";
// The jobs whose ids are in the JSON array $1 (a list's page), in no particular order.
inline constexpr const char* kJobsByIds = "SELECT " STARPREP_PG_JOB_COLUMNS
                                          " FROM jobs j WHERE j.id IN (SELECT value::bigint FROM"
                                          " json_array_elements_text($1::json) AS v(value))";

inline constexpr const char* kGetJob = "SELECT " STARPREP_PG_JOB_COLUMNS " FROM jobs j WHERE j.id = $1";
// Every job, open or expired (re-mapping roles after a content import).
inline constexpr const char* kListAllJobs = "SELECT " STARPREP_PG_JOB_COLUMNS " FROM jobs j ORDER BY j.id";

#undef STARPREP_PG_JOB_COLUMNS

inline constexpr const char* kFindJobBySource =
    "SELECT id, content_hash FROM jobs WHERE source = $1 AND source_id = $2";

// $1 source .. $22 content_hash, $23 title_key (see WriteJobRow in postgres/jobs.cpp).
inline constexpr const char* kInsertJob =
    "INSERT INTO jobs (source, source_id, title, company_name, company_url, company_logo, remote,"
    " applicant_locations_json, offices_json, employment_type, salary_min, salary_max,"
    " salary_currency, salary_unit, salary_annual_max, description_md, apply_url,"
    " date_posted, valid_through, skills_json, roles_json, content_hash, title_key, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, "
    "$22, $23, " STARPREP_PG_NOW ", " STARPREP_PG_NOW ") RETURNING id";

// Same parameters as kInsertJob, plus $24 id.
inline constexpr const char* kUpdateJob =
    "UPDATE jobs SET source = $1, source_id = $2, title = $3, company_name = $4, company_url = $5,"
    " company_logo = $6, remote = $7, applicant_locations_json = $8, offices_json = $9,"
    " employment_type = $10, salary_min = $11, salary_max = $12, salary_currency = $13, salary_unit = $14,"
    " salary_annual_max = $15, description_md = $16, apply_url = $17, date_posted = $18,"
    " valid_through = $19, skills_json = $20, roles_json = $21, content_hash = $22, title_key = $23,"
    " updated_at = " STARPREP_PG_NOW " WHERE id = $24";

// ---- bulk job writes (UpsertJobs): one statement per batch of postings, not per posting ----
// $1: a JSON array of [source, source_id] pairs. The stored jobs among them: id, content_hash,
// source, source_id.
inline constexpr const char* kFindJobsBySource = R"sql(
SELECT j.id, j.content_hash, j.source, j.source_id
FROM json_array_elements($1::json) AS k(v) JOIN jobs j ON j.source = k.v->>0 AND j.source_id = k.v->>1)sql";
// $1: a JSON array of objects with kInsertJob's columns by name (postgres/jobs.cpp, JobRecord),
// inserted in the array's order (ids ascending as in the feed). Returns id, source, source_id.
inline constexpr const char* kInsertJobs =
    "INSERT INTO jobs (source, source_id, title, company_name, company_url, company_logo, remote,"
    " applicant_locations_json, offices_json, employment_type, salary_min, salary_max,"
    " salary_currency, salary_unit, salary_annual_max, description_md, apply_url,"
    " date_posted, valid_through, skills_json, roles_json, content_hash, title_key, created_at, updated_at)"
    " SELECT r.source, r.source_id, r.title, r.company_name, r.company_url, r.company_logo, r.remote,"
    " r.applicant_locations_json, r.offices_json, r.employment_type, r.salary_min, r.salary_max,"
    " r.salary_currency, r.salary_unit, r.salary_annual_max, r.description_md, r.apply_url,"
    " r.date_posted, r.valid_through, r.skills_json, r.roles_json, r.content_hash, r.title_key, " STARPREP_PG_NOW
    ", " STARPREP_PG_NOW
    " FROM json_array_elements($1::json) WITH ORDINALITY AS e(v, ord) CROSS JOIN LATERAL json_to_record(e.v) AS"
    " r(source text, source_id text, title text, company_name text, company_url text, company_logo text,"
    " remote text, applicant_locations_json text, offices_json text, employment_type text,"
    " salary_min double precision, salary_max double precision, salary_currency text, salary_unit text,"
    " salary_annual_max double precision, description_md text, apply_url text, date_posted text,"
    " valid_through text, skills_json text, roles_json text, content_hash text, title_key text)"
    " ORDER BY e.ord RETURNING id, source, source_id";
// $1: a JSON array of [job id, role slug] pairs (duplicates are stored once).
inline constexpr const char* kInsertJobRolePairs =
    "INSERT INTO job_roles (job_id, role_slug) SELECT (p.v->>0)::bigint, p.v->>1 FROM json_array_elements($1::json)"
    " AS p(v) ON CONFLICT DO NOTHING";

inline constexpr const char* kDeleteJob = "DELETE FROM jobs WHERE id = $1";
inline constexpr const char* kDeleteJobRoles = "DELETE FROM job_roles WHERE job_id = $1";
// $1 job id, $2 its role slugs as a JSON array of strings (duplicates are stored once).
inline constexpr const char* kInsertJobRoles =
    "INSERT INTO job_roles (job_id, role_slug) SELECT $1::bigint, value FROM json_array_elements_text($2::json)"
    " ON CONFLICT DO NOTHING";
inline constexpr const char* kHasJobs = "SELECT EXISTS (SELECT 1 FROM jobs)";

// ---- bulk job indexing (migration 7) ----
// For this transaction only: the job triggers and the word counts of job documents stand aside
// while UpsertJobs writes, then kReindexJobs rewrites what it wrote.
inline constexpr const char* kDeferJobIndex = "SELECT set_config('starprep.defer_job_index', 'on', true)";
inline constexpr const char* kResumeJobIndex = "SELECT set_config('starprep.defer_job_index', '', true)";

// What the job triggers (and the word-count trigger on their documents) do for one row, for
// every job id in the JSON array $1 (distinct ids, read as text: a document's ref; deleted jobs
// lose their document, others get their current one), in this order: uncount the old
// documents' words, drop the words no document holds any more, drop the old documents, write the
// new ones, count their words (in word order, as the trigger does, so writers lock alike).
// The documents are joined to the ids (not "ref IN (SELECT ...)": with no statistics for rows
// written in the same transaction, PostgreSQL may check that IN list row by row, which made an
// import of 20,000 postings take minutes and one of 100,000 hours).
#define STARPREP_PG_JOB_REFS " json_array_elements_text($1::json) AS r(ref)"
#define STARPREP_PG_JOB_WORDS                                                                                    \
  "SELECT w.lexeme, count(*) AS n FROM" STARPREP_PG_JOB_REFS                                                     \
  " JOIN search_docs d ON d.doc_type = 'job' AND d.ref = r.ref"                                                  \
  " CROSS JOIN LATERAL unnest(to_tsvector('simple'::regconfig, d.title || ' ' || d.body || ' ' || d.tags)) AS w" \
  " GROUP BY w.lexeme"
inline constexpr const char* kReindexJobs[] = {
    "UPDATE search_words s SET docs = s.docs - gone.n FROM (" STARPREP_PG_JOB_WORDS
    " ORDER BY w.lexeme) AS gone WHERE s.word = gone.lexeme",
    "DELETE FROM search_words s USING (" STARPREP_PG_JOB_WORDS ") AS gone WHERE s.word = gone.lexeme AND s.docs <= 0",
    "DELETE FROM search_docs d USING" STARPREP_PG_JOB_REFS " WHERE d.doc_type = 'job' AND d.ref = r.ref",
    "INSERT INTO search_docs (doc_type, ref, slug, title, body, tags, roles, kind, competencies, remote,"
    " valid_through) SELECT v.* FROM" STARPREP_PG_JOB_REFS " JOIN search_job_docs v ON v.ref = r.ref",
    "INSERT INTO search_words (word, docs) " STARPREP_PG_JOB_WORDS
    " ORDER BY w.lexeme ON CONFLICT (word) DO UPDATE SET docs = search_words.docs + excluded.docs",
};
#undef STARPREP_PG_JOB_WORDS
#undef STARPREP_PG_JOB_REFS

// The job list index's stamp (store/job_list_index.h) at $1 now: the jobs version and the next expiry ('' if none).
inline constexpr const char* kJobCountStamp = R"sql(
SELECT version, coalesce((SELECT min(valid_through COLLATE "C") FROM jobs WHERE valid_through COLLATE "C" >= $1::text), '')
FROM jobs_state WHERE id = 1)sql";

// $1 now.
inline constexpr const char* kJobsState = R"sql(
SELECT (SELECT version FROM jobs_state WHERE id = 1),
       (SELECT count(*) FROM jobs WHERE valid_through = '' OR valid_through COLLATE "C" >= $1::text))sql";

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
// Run after deleting a user row, in the same transaction: the audit records of every editor
// account that no longer exists keep who acted as "deleted editor #ID", without the email (this
// user's, and any left by a deletion before this statement existed). actor_id 0 is the service's
// editor token, never a user.
inline constexpr const char* kAnonymiseDeletedEditorsAudit = R"sql(
UPDATE feedback_audit SET actor = ('deleted editor #' || actor_id)
WHERE actor_id <> 0 AND actor <> ('deleted editor #' || actor_id) AND actor_id NOT IN (SELECT id FROM users))sql";
inline constexpr const char* kDeleteUser = "DELETE FROM users WHERE id = $1";
// Reclaims the space of deleted rows in every table DeleteUser changes (one statement: VACUUM
// cannot run in a transaction block). Only the tables' owner, the database's owner or a superuser
// may: for any other role PostgreSQL skips each table with a WARNING, hence kMayVacuumUserData.
inline constexpr const char* kVacuumUserData =
    "VACUUM users, sessions, api_tokens, attempts, stories, story_questions, coach_corrections, target_roles, mocks, "
    "votes,"
    " review_cards, review_log, review_settings, feedback_audit";
// One row: true when the current role may VACUUM every table of kVacuumUserData (pg_has_role is
// true for superusers and honours role membership, as VACUUM's own check does).
inline constexpr const char* kMayVacuumUserData = R"sql(
SELECT pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')
       OR bool_and(pg_has_role(relowner, 'USAGE'))
FROM pg_class
WHERE oid IN ('users'::regclass, 'sessions'::regclass, 'api_tokens'::regclass, 'attempts'::regclass,
              'stories'::regclass, 'story_questions'::regclass, 'coach_corrections'::regclass,
              'target_roles'::regclass, 'mocks'::regclass, 'votes'::regclass, 'review_cards'::regclass, 'review_log'::regclass,
              'review_settings'::regclass, 'feedback_audit'::regclass))sql";

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

inline constexpr const char* kUserExists = "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)";
// The user's target roles that are live now, in the order chosen.
inline constexpr const char* kListTargetRoles = R"sql(
SELECT t.role_slug FROM target_roles t JOIN roles r ON r.slug = t.role_slug AND r.live = 1
WHERE t.user_id = $1 ORDER BY t.position)sql";
inline constexpr const char* kClearTargetRoles = "DELETE FROM target_roles WHERE user_id = $1";
inline constexpr const char* kInsertTargetRole =
    "INSERT INTO target_roles (user_id, role_slug, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

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

// ---- mock interviews (practice.cpp) ----
// $1 user_id, $2 role_slug, $3 questions_json, $4 key_id, $5 sealed, $6 finished, $7 score,
// $8 created_at, $9 updated_at; a new mock is at revision 1.
inline constexpr const char* kInsertMock = R"sql(
INSERT INTO mocks (user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, created_at,
                   updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id)sql";
// The columns ReadMock() expects, in this order.
inline constexpr const char* kGetMock = R"sql(
SELECT id, user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, created_at, updated_at
FROM mocks WHERE user_id = $1 AND id = $2)sql";
// Like kListAttempts: column 0 the user's total, then the columns of kGetMock for one page, newest
// first (a row of NULLs after the total when the page is empty). $2 limit, $3 offset (>= 0).
inline constexpr const char* kListMocks = R"sql(
SELECT (SELECT count(*) FROM mocks WHERE user_id = $1),
       p.id, p.user_id, p.role_slug, p.questions_json, p.key_id, p.sealed, p.finished, p.score, p.revision,
       p.created_at, p.updated_at
FROM (VALUES (1)) AS one
LEFT JOIN (SELECT id, user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, created_at,
                  updated_at
           FROM mocks WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3) AS p ON true
ORDER BY p.id DESC)sql";
// Compare-and-set on the revision: $1 user_id, $2 id, $3 the revision read, $4 key_id, $5 sealed,
// $6 finished, $7 score, $8 updated_at.
inline constexpr const char* kUpdateMock = R"sql(
UPDATE mocks SET key_id = $4, sealed = $5, finished = $6, score = $7, updated_at = $8, revision = revision + 1
WHERE user_id = $1 AND id = $2 AND revision = $3)sql";
inline constexpr const char* kMockExists = "SELECT EXISTS (SELECT 1 FROM mocks WHERE user_id = $1 AND id = $2)";
inline constexpr const char* kDeleteMock = "DELETE FROM mocks WHERE user_id = $1 AND id = $2";

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
inline constexpr const char* kMocksToReseal = R"sql(
SELECT id, user_id, key_id, sealed FROM mocks WHERE key_id <> $1 ORDER BY id
LIMIT CASE WHEN $2::bigint < 0 THEN NULL ELSE $2::bigint END FOR UPDATE)sql";
inline constexpr const char* kResealCorrection = "UPDATE coach_corrections SET key_id = $1, sealed = $2 WHERE id = $3";
inline constexpr const char* kResealMock = "UPDATE mocks SET key_id = $1, sealed = $2 WHERE id = $3";
inline constexpr const char* kCountSealedByKey = R"sql(
SELECT key_id, count(*) FROM (SELECT key_id FROM attempts UNION ALL SELECT key_id FROM stories
                              UNION ALL SELECT key_id FROM coach_corrections UNION ALL SELECT key_id FROM mocks) AS sealed
GROUP BY key_id ORDER BY key_id)sql";

// ---- abuse limits (limits.cpp) ----
// Each change reads the key's row under a row lock, taken by an upsert that creates the row when
// it is missing (with the values of a new key) and otherwise changes nothing: a concurrent change
// of the same key waits for this transaction and then reads its result.
inline constexpr const char* kGetLockedUntil = "SELECT locked_until FROM limit_failures WHERE key = $1";
inline constexpr const char* kLockFailures = R"sql(
INSERT INTO limit_failures AS f (key, failures, window_start, locked_until, forget_at) VALUES ($1, 0, 0, 0, 0)
ON CONFLICT (key) DO UPDATE SET failures = f.failures
RETURNING failures, window_start, locked_until)sql";
// $1 key, $2 failures, $3 window_start, $4 locked_until, $5 forget_at.
inline constexpr const char* kSetFailures =
    "UPDATE limit_failures SET failures = $2, window_start = $3, locked_until = $4, forget_at = $5 WHERE key = $1";
inline constexpr const char* kDeleteFailures = "DELETE FROM limit_failures WHERE key = $1";
// $1 key, $2 a new bucket's tokens (the burst), $3 now (ms).
inline constexpr const char* kLockBucket = R"sql(
INSERT INTO limit_buckets AS b (key, tokens, updated_ms, full_at_ms) VALUES ($1, $2, $3, $3)
ON CONFLICT (key) DO UPDATE SET tokens = b.tokens
RETURNING tokens, updated_ms)sql";
// $1 key, $2 tokens, $3 updated_ms, $4 full_at_ms.
inline constexpr const char* kSetBucket =
    "UPDATE limit_buckets SET tokens = $2, updated_ms = $3, full_at_ms = $4 WHERE key = $1";
inline constexpr const char* kPurgeFailures = "DELETE FROM limit_failures WHERE forget_at <= $1";
inline constexpr const char* kPurgeBuckets = "DELETE FROM limit_buckets WHERE full_at_ms <= $1";

// ---- search (migration 2: search_docs, search_words) ----
// Parameters of every search statement: $1 the to_tsquery text (search::TsQueryExpression), $2
// now (expired jobs never match), $3..$7 the filter's type, role, kind, competency and remote (''
// for any), $8 the text without typos ('' when the query has none: every hit is exact); the page
// statements also take $9 limit and $10 offset.
//
// Each tsquery is parsed once per statement: to_tsquery in FROM is a function scan run once,
// whereas to_tsquery($1) in an expression is re-evaluated for every row under the generic plan
// that a prepared statement gets after its first five runs (PostgreSQL folds it only into custom
// plans): at 60,000 matches that re-parsing cost more than the matching.
#define STARPREP_PG_SEARCH_QUERIES \
  " FROM to_tsquery('english', $1) AS q(query) CROSS JOIN to_tsquery('english', $8) AS x(query)"
#define STARPREP_PG_SEARCH_MATCHES                                                              \
  STARPREP_PG_SEARCH_QUERIES                                                                    \
  " JOIN search_docs d ON d.document @@ q.query"                                                \
  " WHERE (d.doc_type <> 'job' OR d.valid_through = '' OR d.valid_through >= $2)"               \
  " AND ($3 = '' OR d.doc_type = $3) AND ($4 = '' OR strpos(d.roles, '|' || $4 || '|') > 0)"    \
  " AND ($5 = '' OR d.kind = $5) AND ($6 = '' OR strpos(d.competencies, '|' || $6 || '|') > 0)" \
  " AND ($7 = '' OR d.remote = $7)"
// Every match, read once: its row (ctid), facet values, whether it matched without typos, and a
// cheap first rank (ts_rank: weights only, no cover density). Kept once (a tuplestore) when both
// the facets and the page read it, inlined when only the page does.
#define STARPREP_PG_SEARCH_M                                                                 \
  " m AS (SELECT d.ctid AS t, d.doc_type, d.ref, d.roles, d.kind, d.competencies, d.remote," \
  " ($8 = '' OR d.document @@ x.query) AS exact, ts_rank(d.document, q.query) AS pre" STARPREP_PG_SEARCH_MATCHES ")"
// The facet values of every match, one row per distinct combination with its count (n).
#define STARPREP_PG_SEARCH_FACET_COLUMNS                                                            \
  "SELECT 'f' AS part, doc_type, NULL AS ref, NULL AS slug, roles, NULL AS title, NULL AS snippet," \
  " NULL::real AS score, NULL::boolean AS exact, kind, competencies, remote, count(*) AS n, NULL::bigint AS pos"
// The page's order: exact matches first; among the first 200 matches by (exact, ts_rank) — the
// window — by ts_rank_cd (title A over skills and tags B over text D, by cover density); after the
// window, by ts_rank. The window does not depend on the page, so pages never overlap or skip a
// match; a query matching at most 200 documents is ranked wholly by ts_rank_cd, as one ORDER BY
// over every match would. (Exact matches still come first overall: the window takes them first.)
// A score after the window is at most the window's lowest, so scores never rise down the list.
// ts_rank_cd runs for the window's rows only, and the snippet (from the body, matches between
// U+0001 and U+0002: search::SplitSnippet) for the page's only.
#define STARPREP_PG_SEARCH_PAGE                                                                                      \
  " top AS (SELECT s.*, row_number() OVER (ORDER BY exact DESC, pre DESC, doc_type, ref) <= 200 AS windowed"         \
  " FROM (SELECT t, exact, pre, doc_type, ref FROM m ORDER BY exact DESC, pre DESC, doc_type, ref"                   \
  " LIMIT greatest(200, $9::int + $10::int)) AS s),"                                                                 \
  " page AS (SELECT r.t, r.exact, CASE WHEN r.windowed THEN r.cd ELSE least(r.pre, min(r.cd) OVER ()) END AS score," \
  " row_number() OVER (ORDER BY r.windowed DESC, r.exact DESC, CASE WHEN r.windowed THEN r.cd ELSE r.pre END DESC,"  \
  " r.doc_type, r.ref) AS pos"                                                                                       \
  " FROM (SELECT top.*, CASE WHEN top.windowed THEN ts_rank_cd(d.document, q.query) END AS cd"                       \
  " FROM to_tsquery('english', $1) AS q(query) CROSS JOIN top JOIN search_docs d ON d.ctid = top.t) AS r"            \
  " ORDER BY pos LIMIT $9::int OFFSET $10::int)"
#define STARPREP_PG_SEARCH_PAGE_ROWS                                                           \
  "SELECT 'p' AS part, d.doc_type, d.ref, d.slug, d.roles, d.title,"                           \
  " ts_headline('english', d.body, q.query, 'StartSel=' || chr(1) || ',StopSel=' || chr(2) ||" \
  " ',MaxFragments=1,MaxWords=24,MinWords=10,FragmentDelimiter=…') AS snippet,"              \
  " page.score, page.exact, NULL, NULL, NULL, NULL::bigint, page.pos"                          \
  " FROM to_tsquery('english', $1) AS q(query) CROSS JOIN page JOIN search_docs d ON d.ctid = page.t"

// Columns of the three: part ('f' a facet row, 'p' a page row), doc_type, ref, slug, roles,
// title, snippet, score, exact, kind, competencies, remote, n, pos; a facet row has doc_type,
// roles, kind, competencies, remote and n (the matches with these values), a page row the
// others. Page rows come in the page's order (pos).
// The facets (their counts sum to the total) and the page, from one scan of the matches.
inline constexpr const char* kSearchFacetsAndPage =
    "WITH" STARPREP_PG_SEARCH_M "," STARPREP_PG_SEARCH_PAGE " " STARPREP_PG_SEARCH_FACET_COLUMNS
    " FROM m GROUP BY doc_type, roles, kind, competencies, remote UNION ALL " STARPREP_PG_SEARCH_PAGE_ROWS
    " ORDER BY part, pos";
// Only the facets (no $9, $10).
inline constexpr const char* kSearchFacets = "WITH" STARPREP_PG_SEARCH_M " " STARPREP_PG_SEARCH_FACET_COLUMNS
                                             " FROM m GROUP BY doc_type, roles, kind, competencies, remote";
// Only the page (suggestions, near matches: no total).
inline constexpr const char* kSearchPage =
    "WITH" STARPREP_PG_SEARCH_M "," STARPREP_PG_SEARCH_PAGE " " STARPREP_PG_SEARCH_PAGE_ROWS " ORDER BY pos";
#undef STARPREP_PG_SEARCH_PAGE_ROWS
#undef STARPREP_PG_SEARCH_PAGE
#undef STARPREP_PG_SEARCH_FACET_COLUMNS
#undef STARPREP_PG_SEARCH_M
#undef STARPREP_PG_SEARCH_MATCHES
#undef STARPREP_PG_SEARCH_QUERIES

// Words starting with $1 (chr(1114111) is the highest code point; the column's collation is
// "C", so this is a range of the primary key), length within $2..$3 (0: unbounded), the most
// frequent first, at most $4.
// The search index state at $1 now: content version, jobs version, next expiry ('' if none).
inline constexpr const char* kSearchIndexState = R"sql(
SELECT (SELECT version FROM content_state WHERE id = 1), (SELECT version FROM jobs_state WHERE id = 1),
       coalesce((SELECT min(valid_through COLLATE "C") FROM jobs WHERE valid_through COLLATE "C" >= $1::text), ''))sql";

inline constexpr const char* kSearchVocabulary = R"sql(
SELECT word, docs FROM search_words
WHERE word >= $1::text COLLATE "C" AND word < ($1::text || chr(1114111)) COLLATE "C"
  AND ($2::int = 0 OR char_length(word) >= $2::int) AND ($3::int = 0 OR char_length(word) <= $3::int)
ORDER BY docs DESC, word LIMIT $4)sql";

// ---- review queue (issue 13) ----
// $1 user_id, $2 question_id, $3 now: a new card unless there is one.
inline constexpr const char* kInsertCard = R"sql(
INSERT INTO review_cards (user_id, question_id, state, stability, difficulty, due, last_review, reps, lapses, created_at)
VALUES ($1, $2, 0, 0, 0, $3, '', 0, 0, $3) ON CONFLICT (user_id, question_id) DO NOTHING)sql";
#define STARPREP_PG_CARD_COLUMNS                                                                          \
  "c.user_id, c.question_id, c.state, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses," \
  " c.created_at, q.live"
inline constexpr const char* kGetCard = "SELECT " STARPREP_PG_CARD_COLUMNS
                                        " FROM review_cards c JOIN questions q ON q.id = c.question_id"
                                        " WHERE c.user_id = $1 AND c.question_id = $2";
// The oldest due first; ties by question id, compared as bytes like SQLite.
inline constexpr const char* kListCards = "SELECT " STARPREP_PG_CARD_COLUMNS
                                          " FROM review_cards c JOIN questions q ON q.id = c.question_id"
                                          " WHERE c.user_id = $1 ORDER BY c.due, c.question_id COLLATE \"C\"";
#undef STARPREP_PG_CARD_COLUMNS
// $1 user_id, $2 question_id, $3 state, $4 stability, $5 difficulty, $6 due, $7 last_review,
// $8 reps, $9 lapses, $10 the reps expected (no change when another rating came first).
inline constexpr const char* kUpdateCard = R"sql(
UPDATE review_cards SET state = $3, stability = $4, difficulty = $5, due = $6, last_review = $7, reps = $8, lapses = $9
WHERE user_id = $1 AND question_id = $2 AND reps = $10)sql";
inline constexpr const char* kCardExists =
    "SELECT EXISTS (SELECT 1 FROM review_cards WHERE user_id = $1 AND question_id = $2)";
inline constexpr const char* kInsertReviewLog = R"sql(
INSERT INTO review_log (user_id, question_id, rating, state, elapsed_days, stability, difficulty, due, reviewed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))sql";
inline constexpr const char* kListReviewLog = R"sql(
SELECT id, user_id, question_id, rating, state, elapsed_days, stability, difficulty, due, reviewed_at
FROM review_log WHERE user_id = $1 AND reviewed_at >= $2 ORDER BY id)sql";
inline constexpr const char* kGetReviewSettings =
    "SELECT desired_retention, daily_new_limit FROM review_settings WHERE user_id = $1";
inline constexpr const char* kPutReviewSettings = R"sql(
INSERT INTO review_settings (user_id, desired_retention, daily_new_limit) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET desired_retention = $2, daily_new_limit = $3)sql";

}  // namespace starprep::store::postgres::sql
