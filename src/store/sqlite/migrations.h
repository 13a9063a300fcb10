// SPDX-License-Identifier: Apache-2.0
#pragma once
// Versioned schema migrations for the SQLite store.
// kMigrations is ordered by version; each one's SQL runs with the `schema_migrations` row that
// records it, in one IMMEDIATE transaction, so a migration is applied entirely or not at all
// (concurrent openers serialise on the write lock and skip what is already applied).
// Released migrations are never edited: a schema change is a new entry at the end.

#include <span>

#include "core/result.h"
#include "store/sqlite/db.h"

namespace starprep::store::sqlite {

struct Migration {
  int version;       // 1, 2, 3, ... with no gaps
  const char* name;  // for messages
  const char* sql;   // constant DDL only, never data
};

inline constexpr const char* kMigration1InitialSchema = R"sql(
CREATE TABLE roles (
  slug        TEXT PRIMARY KEY CHECK (length(slug) > 0),
  title       TEXT NOT NULL,
  summary     TEXT NOT NULL,
  updated     TEXT NOT NULL,
  skills_json TEXT NOT NULL DEFAULT '[]',
  intro_md    TEXT NOT NULL,
  live        INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1))
);

CREATE TABLE questions (
  id                TEXT PRIMARY KEY CHECK (length(id) > 0),
  role_slug         TEXT NOT NULL REFERENCES roles (slug),
  position          INTEGER NOT NULL,
  slug              TEXT NOT NULL,
  question          TEXT NOT NULL,
  competencies_json TEXT NOT NULL DEFAULT '[]',
  kind              TEXT NOT NULL,
  updated           TEXT NOT NULL,
  why_md            TEXT NOT NULL,
  dos_json          TEXT NOT NULL DEFAULT '[]',
  donts_json        TEXT NOT NULL DEFAULT '[]',
  situation         TEXT NOT NULL,
  task              TEXT NOT NULL,
  action            TEXT NOT NULL,
  result            TEXT NOT NULL,
  content_hash      TEXT NOT NULL,
  live              INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX questions_live_by_role ON questions (role_slug, position) WHERE live = 1;

CREATE TABLE votes (
  question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  voter_id    TEXT NOT NULL CHECK (length(voter_id) > 0),
  helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  comment     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (question_id, voter_id)
);
-- The primary key already serves "votes by question"; this one serves ListComments.
CREATE INDEX votes_comments_by_question ON votes (question_id, updated_at) WHERE comment <> '';
)sql";

// One row: a version bumped by every import that changes the pack's fingerprint.
inline constexpr const char* kMigration2ContentState = R"sql(
CREATE TABLE content_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  version   INTEGER NOT NULL,
  pack_hash TEXT NOT NULL
);
INSERT INTO content_state (id, version, pack_hash) VALUES (1, 0, '');
)sql";

// Job listings (issue 5). Roles are a join table so "jobs of a role" and counts use an index;
// a job without rows there is listed under "Other". salary_annual_max serves the minimum-salary
// filter. content_hash detects unchanged upserts; jobs_state.version tells other processes.
inline constexpr const char* kMigration3Jobs = R"sql(
CREATE TABLE jobs (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  source                   TEXT NOT NULL CHECK (length(source) > 0),
  source_id                TEXT NOT NULL CHECK (length(source_id) > 0),
  title                    TEXT NOT NULL,
  company_name             TEXT NOT NULL,
  company_url              TEXT NOT NULL DEFAULT '',
  company_logo             TEXT NOT NULL DEFAULT '',
  remote                   TEXT NOT NULL CHECK (remote IN ('remote', 'hybrid')),
  applicant_locations_json TEXT NOT NULL DEFAULT '[]',
  offices_json             TEXT NOT NULL DEFAULT '[]',
  employment_type          TEXT NOT NULL DEFAULT '',
  salary_min               REAL,
  salary_max               REAL,
  salary_currency          TEXT NOT NULL DEFAULT '',
  salary_unit              TEXT NOT NULL DEFAULT '',
  salary_annual_max        REAL,
  description_md           TEXT NOT NULL,
  apply_url                TEXT NOT NULL,
  date_posted              TEXT NOT NULL,
  valid_through            TEXT NOT NULL DEFAULT '',
  skills_json              TEXT NOT NULL DEFAULT '[]',
  roles_json               TEXT NOT NULL DEFAULT '[]',
  content_hash             TEXT NOT NULL,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX jobs_by_date ON jobs (date_posted, id);

CREATE TABLE job_roles (
  job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  role_slug TEXT NOT NULL,
  PRIMARY KEY (role_slug, job_id)
);
CREATE INDEX job_roles_by_job ON job_roles (job_id);

CREATE TABLE jobs_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO jobs_state (id, version) VALUES (1, 0);
)sql";

// Accounts and personal practice. Answer and story texts are sealed (XChaCha20-Poly1305, see
// auth/keyring.h): `sealed` is nonce || ciphertext under key `key_id`; scores and dates stay in
// the clear so progress can be computed without decrypting. Deleting a user cascades to everything
// of theirs; their votes stay (they count for the answer) but lose the link to them.
inline constexpr const char* kMigration4Accounts = R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'editor', 'admin')),
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

CREATE TABLE attempts (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL REFERENCES questions (id),
  key_id      INTEGER NOT NULL,
  sealed      BLOB NOT NULL,
  score       INTEGER NOT NULL,
  parts_json  TEXT NOT NULL,
  seconds     INTEGER NOT NULL,
  words       INTEGER NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX attempts_by_user ON attempts (user_id, question_id, id);
CREATE INDEX attempts_by_key ON attempts (key_id);

CREATE TABLE stories (
  id                INTEGER PRIMARY KEY,
  user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key_id            INTEGER NOT NULL,
  sealed            BLOB NOT NULL,
  competencies_json TEXT NOT NULL,
  score             INTEGER NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX stories_by_user ON stories (user_id, id);
CREATE INDEX stories_by_key ON stories (key_id);

CREATE TABLE story_questions (
  story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL REFERENCES questions (id),
  PRIMARY KEY (story_id, question_id)
);

ALTER TABLE votes ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX votes_by_user ON votes (user_id) WHERE user_id IS NOT NULL;
)sql";

// API token scopes (issue 11): "read" tokens may only read, "write" tokens may also change
// attempts and stories; no token manages the account. Tokens made before scopes existed could
// do everything, so they become "write", the closest scope that keeps their scripts working.
inline constexpr const char* kMigration5TokenScopes = R"sql(
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
)sql";

// Coach corrections (issue 17): a candidate's labels for spans of their answer and the parts the
// coach missed, sealed like attempts (`sealed`, `key_id`); `shared` says whether editors may read
// it and add it, anonymised, to the coach's corpus. Deleting the user deletes them, shared or not.
// question_id is NULL for an answer not written for a question.
inline constexpr const char* kMigration6CoachCorrections = R"sql(
CREATE TABLE coach_corrections (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id TEXT REFERENCES questions (id),
  shared      INTEGER NOT NULL CHECK (shared IN (0, 1)),
  key_id      INTEGER NOT NULL,
  sealed      BLOB NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX coach_corrections_by_user ON coach_corrections (user_id, id);
CREATE INDEX coach_corrections_shared ON coach_corrections (id) WHERE shared = 1;
CREATE INDEX coach_corrections_by_key ON coach_corrections (key_id);
)sql";

// Target roles (issue 16): the roles a candidate prepares for, in the order they chose them; the
// progress page's coverage and "Next up" (and the default mock interview) use them. No foreign key
// to roles: a role dropped from the content pack stays chosen and is skipped on read (it comes
// back if the role does). Deleting the user deletes them.
inline constexpr const char* kMigration7TargetRoles = R"sql(
CREATE TABLE target_roles (
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_slug TEXT NOT NULL CHECK (length(role_slug) > 0),
  position  INTEGER NOT NULL,
  PRIMARY KEY (user_id, role_slug)
);
)sql";

// Abuse limits shared by every process on the database (issue 18): sign-in failure counts and
// lockouts, and token buckets, per opaque key (Store::RecordFailure, Store::TakeToken). The rows
// are ephemeral: forget_at / full_at_ms say when a row stops mattering, PurgeLimits deletes it
// from then on (the indexes serve that), and `starprep db copy` skips both tables.
inline constexpr const char* kMigration8Limits = R"sql(
CREATE TABLE limit_failures (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  forget_at    INTEGER NOT NULL
);
CREATE INDEX limit_failures_by_forget ON limit_failures (forget_at);

CREATE TABLE limit_buckets (
  key        TEXT PRIMARY KEY,
  tokens     REAL NOT NULL,
  updated_ms INTEGER NOT NULL,
  full_at_ms INTEGER NOT NULL
);
CREATE INDEX limit_buckets_by_full ON limit_buckets (full_at_ms);
)sql";

// Search (issue 12). search_index is the FTS5 index (porter stemming over unicode61, diacritics
// folded) of every searchable document: live roles and questions, and jobs (expired ones stay
// until deleted and are filtered at query time). Its UNINDEXED columns carry what filters and
// facets need; roles and competencies are "|a|b|" texts. search_words indexes the same text
// without stemming and without storing it (contentless, no positions): its vocabulary
// (search_vocabulary, fts5vocab) gives whole words with document counts for typo candidates and
// completions. A document is defined once, by its view (search_*_docs); triggers on the source
// tables keep both indexes in the writing transaction itself, so they can never be stale. Rowids:
// questions and roles get a stable key from search_keys (their own rowids may change on VACUUM),
// a job is -id. A contentless table forgets a document only when given its exact old text,
// which search_index still holds: every removal feeds it to search_words before deleting it.
inline constexpr const char* kMigration9Search = R"sql(
CREATE VIRTUAL TABLE search_index USING fts5 (
  title, body, tags,
  doc_type UNINDEXED, ref UNINDEXED, slug UNINDEXED, roles UNINDEXED, kind UNINDEXED,
  competencies UNINDEXED, remote UNINDEXED, valid_through UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_words USING fts5 (
  title, body, tags, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab (search_words, 'row');

CREATE TABLE search_keys (
  docid    INTEGER PRIMARY KEY,
  doc_type TEXT NOT NULL,
  ref      TEXT NOT NULL,
  UNIQUE (doc_type, ref)
);

CREATE VIEW search_question_docs AS
SELECT id AS ref, question AS title,
       why_md || char(10) ||
       coalesce((SELECT group_concat(value, char(10)) FROM json_each(dos_json)), '') || char(10) ||
       coalesce((SELECT group_concat(value, char(10)) FROM json_each(donts_json)), '') || char(10) ||
       situation || char(10) || task || char(10) || action || char(10) || result AS body,
       coalesce((SELECT group_concat(value, ' ') FROM json_each(competencies_json)), '') || ' ' || kind AS tags,
       'question' AS doc_type, slug, '|' || role_slug || '|' AS roles, kind,
       '|' || coalesce((SELECT group_concat(value, '|') FROM json_each(competencies_json)), '') || '|' AS competencies,
       '' AS remote, '' AS valid_through
FROM questions WHERE live = 1;

CREATE VIEW search_role_docs AS
SELECT slug AS ref, title, summary AS body,
       coalesce((SELECT group_concat(value, ' ') FROM json_each(skills_json)), '') AS tags,
       'role' AS doc_type, slug, '|' || slug || '|' AS roles, '' AS kind, '||' AS competencies,
       '' AS remote, '' AS valid_through
FROM roles WHERE live = 1;

CREATE VIEW search_job_docs AS
SELECT id AS job_id, -id AS docid, title, company_name || char(10) || description_md AS body,
       coalesce((SELECT group_concat(value, ' ') FROM json_each(skills_json)), '') || ' ' || remote || ' ' ||
       coalesce((SELECT group_concat(value, ' ') FROM json_each(applicant_locations_json)), '') AS tags,
       'job' AS doc_type, CAST(id AS TEXT) AS ref, CAST(id AS TEXT) AS slug,
       '|' || coalesce((SELECT group_concat(value, '|') FROM json_each(roles_json)), 'other') || '|' AS roles,
       '' AS kind, '||' AS competencies, remote, valid_through
FROM jobs;

CREATE TRIGGER search_question_added AFTER INSERT ON questions WHEN NEW.live = 1 BEGIN
  INSERT INTO search_keys (doc_type, ref) VALUES ('question', NEW.id) ON CONFLICT DO NOTHING;
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT k.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote, d.valid_through
  FROM search_question_docs d JOIN search_keys k ON k.doc_type = 'question' AND k.ref = d.ref WHERE d.ref = NEW.id;
  INSERT INTO search_words (rowid, title, body, tags)
  SELECT rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'question' AND ref = NEW.id);
END;
CREATE TRIGGER search_question_removed AFTER DELETE ON questions BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'question' AND ref = OLD.id);
  DELETE FROM search_index WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'question' AND ref = OLD.id);
END;
CREATE TRIGGER search_question_changed AFTER UPDATE ON questions BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'question' AND ref = OLD.id);
  DELETE FROM search_index WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'question' AND ref = OLD.id);
  INSERT INTO search_keys (doc_type, ref) SELECT 'question', NEW.id WHERE NEW.live = 1 ON CONFLICT DO NOTHING;
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT k.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote, d.valid_through
  FROM search_question_docs d JOIN search_keys k ON k.doc_type = 'question' AND k.ref = d.ref WHERE d.ref = NEW.id;
  INSERT INTO search_words (rowid, title, body, tags)
  SELECT rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'question' AND ref = NEW.id);
END;

CREATE TRIGGER search_role_added AFTER INSERT ON roles WHEN NEW.live = 1 BEGIN
  INSERT INTO search_keys (doc_type, ref) VALUES ('role', NEW.slug) ON CONFLICT DO NOTHING;
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT k.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote, d.valid_through
  FROM search_role_docs d JOIN search_keys k ON k.doc_type = 'role' AND k.ref = d.ref WHERE d.ref = NEW.slug;
  INSERT INTO search_words (rowid, title, body, tags)
  SELECT rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'role' AND ref = NEW.slug);
END;
CREATE TRIGGER search_role_removed AFTER DELETE ON roles BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'role' AND ref = OLD.slug);
  DELETE FROM search_index WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'role' AND ref = OLD.slug);
END;
CREATE TRIGGER search_role_changed AFTER UPDATE ON roles BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'role' AND ref = OLD.slug);
  DELETE FROM search_index WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'role' AND ref = OLD.slug);
  INSERT INTO search_keys (doc_type, ref) SELECT 'role', NEW.slug WHERE NEW.live = 1 ON CONFLICT DO NOTHING;
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT k.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote, d.valid_through
  FROM search_role_docs d JOIN search_keys k ON k.doc_type = 'role' AND k.ref = d.ref WHERE d.ref = NEW.slug;
  INSERT INTO search_words (rowid, title, body, tags)
  SELECT rowid, title, body, tags FROM search_index
  WHERE rowid = (SELECT docid FROM search_keys WHERE doc_type = 'role' AND ref = NEW.slug);
END;

CREATE TRIGGER search_job_added AFTER INSERT ON jobs BEGIN
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT docid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through
  FROM search_job_docs WHERE job_id = NEW.id;
  INSERT INTO search_words (rowid, title, body, tags) SELECT rowid, title, body, tags FROM search_index WHERE rowid = -NEW.id;
END;
CREATE TRIGGER search_job_removed AFTER DELETE ON jobs BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index WHERE rowid = -OLD.id;
  DELETE FROM search_index WHERE rowid = -OLD.id;
END;
CREATE TRIGGER search_job_changed AFTER UPDATE ON jobs BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index WHERE rowid = -OLD.id;
  DELETE FROM search_index WHERE rowid = -OLD.id;
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT docid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through
  FROM search_job_docs WHERE job_id = NEW.id;
  INSERT INTO search_words (rowid, title, body, tags) SELECT rowid, title, body, tags FROM search_index WHERE rowid = -NEW.id;
END;

-- The index of what is already stored.
INSERT INTO search_keys (doc_type, ref) SELECT 'role', ref FROM search_role_docs;
INSERT INTO search_keys (doc_type, ref) SELECT 'question', ref FROM search_question_docs;
INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
SELECT k.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote, d.valid_through
FROM search_role_docs d JOIN search_keys k ON k.doc_type = 'role' AND k.ref = d.ref;
INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
SELECT k.docid, d.title, d.body, d.tags, d.doc_type, d.ref, d.slug, d.roles, d.kind, d.competencies, d.remote, d.valid_through
FROM search_question_docs d JOIN search_keys k ON k.doc_type = 'question' AND k.ref = d.ref;
INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
SELECT docid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through FROM search_job_docs;
INSERT INTO search_words (rowid, title, body, tags) SELECT rowid, title, body, tags FROM search_index;
)sql";

// Review queue (issue 13): one FSRS card per (user, question) a member practised
// (practice/reviews.h), the log of their ratings, and their settings. Times are UTC text like
// everywhere else, so "due <= now" compares as text. No secret text: nothing is sealed. Deleting
// the user deletes all three; a retired question's card stays (and is skipped by the queue).
inline constexpr const char* kMigration10Reviews = R"sql(
CREATE TABLE review_cards (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL REFERENCES questions (id),
  state       INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  stability   REAL NOT NULL,
  difficulty  REAL NOT NULL,
  due         TEXT NOT NULL,
  last_review TEXT NOT NULL,
  reps        INTEGER NOT NULL,
  lapses      INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, question_id)
);
CREATE INDEX review_cards_by_due ON review_cards (user_id, due);

CREATE TABLE review_log (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id  TEXT NOT NULL REFERENCES questions (id),
  rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  state        INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  elapsed_days INTEGER NOT NULL,
  stability    REAL NOT NULL,
  difficulty   REAL NOT NULL,
  due          TEXT NOT NULL,
  reviewed_at  TEXT NOT NULL
);
CREATE INDEX review_log_by_user ON review_log (user_id, reviewed_at);

CREATE TABLE review_settings (
  user_id           INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  desired_retention REAL NOT NULL,
  daily_new_limit   INTEGER NOT NULL
);
)sql";

// The editor inbox (issue 14). Votes get a stable id (the voter id is never shown), the revision
// of the question they were cast on, and the comment's state with the editor's note. An import
// that changes a question's text bumps its row in question_revisions (a trigger, so both import
// paths and every later one count the same way); no row means revision 0. feedback_audit keeps
// who did what to which comment, and when (the actor's email is copied: the record outlives the
// account). Self-contained: it needs only questions and votes.
inline constexpr const char* kMigration11EditorInbox = R"sql(
ALTER TABLE votes ADD COLUMN id INTEGER;
UPDATE votes SET id = rowid;
CREATE UNIQUE INDEX votes_by_id ON votes (id);
ALTER TABLE votes ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE votes ADD COLUMN state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'addressed', 'hidden'));
ALTER TABLE votes ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN state_at TEXT NOT NULL DEFAULT '';
CREATE INDEX votes_comments_newest ON votes (updated_at) WHERE comment <> '';

CREATE TABLE question_revisions (
  question_id TEXT PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
  revision    INTEGER NOT NULL CHECK (revision > 0),
  revised_at  TEXT NOT NULL
);
CREATE TRIGGER question_text_changed AFTER UPDATE ON questions
WHEN OLD.question IS NOT NEW.question OR OLD.why_md IS NOT NEW.why_md OR OLD.dos_json IS NOT NEW.dos_json
  OR OLD.donts_json IS NOT NEW.donts_json OR OLD.situation IS NOT NEW.situation OR OLD.task IS NOT NEW.task
  OR OLD.action IS NOT NEW.action OR OLD.result IS NOT NEW.result
BEGIN
  INSERT INTO question_revisions (question_id, revision, revised_at)
  VALUES (NEW.id, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
  ON CONFLICT (question_id) DO UPDATE SET revision = revision + 1, revised_at = excluded.revised_at;
END;

CREATE TABLE feedback_audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  actor_id    INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  comment_id  INTEGER NOT NULL,
  question_id TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);
)sql";

// Cheap bulk job writes (issue 12). Each row trigger of migration 9 wrote both full-text tables
// in its own statement, and FTS5 flushes its pending terms to a new segment at every statement
// boundary inside a transaction (xSavepoint/xRelease): an import of N postings made 2N tiny
// segments and merged them over and over. A writer of many postings now sets
// search_job_batch.deferred inside its transaction; the job triggers then stand aside and the
// writer rewrites the documents of the postings it touched with one statement per table
// (sqlite/jobs.cpp, ReindexJobs), then clears the flag before committing. The flag is only ever
// 1 inside that uncommitted transaction: every other writer (CreateJob, UpdateJob, DeleteJob, a
// copy, a hand-written DELETE) still keeps the index exact through the triggers. The job
// triggers fire only on the columns a document is made of.
//
// Job lists at scale (issue 12): every sort has an index in its order, so a page is an index
// seek after the keyset cursor (store.h, ListJobs): jobs_by_date (migration 3) for "newest",
// jobs_by_title on title_key (jobs::TitleSortKey: ASCII letters lower-cased, which is what
// SQLite's lower() does) for "title", jobs_by_salary for "salary" (within one currency).
// jobs_by_expiry finds the next expiry that the job list index's stamp needs (store/job_list_index.h).
inline constexpr const char* kMigration12BulkJobIndex = R"sql(
CREATE TABLE search_job_batch (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  deferred INTEGER NOT NULL CHECK (deferred IN (0, 1))
);
INSERT INTO search_job_batch (id, deferred) VALUES (1, 0);

DROP TRIGGER search_job_added;
DROP TRIGGER search_job_removed;
DROP TRIGGER search_job_changed;

ALTER TABLE jobs ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
UPDATE jobs SET title_key = lower(title);
CREATE INDEX jobs_by_title ON jobs (title_key, id);
CREATE INDEX jobs_by_salary ON jobs (salary_currency, salary_annual_max, id);
CREATE INDEX jobs_by_expiry ON jobs (valid_through);

CREATE TRIGGER search_job_added AFTER INSERT ON jobs
WHEN (SELECT deferred FROM search_job_batch WHERE id = 1) = 0 BEGIN
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT docid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through
  FROM search_job_docs WHERE job_id = NEW.id;
  INSERT INTO search_words (rowid, title, body, tags) SELECT rowid, title, body, tags FROM search_index WHERE rowid = -NEW.id;
END;
CREATE TRIGGER search_job_removed AFTER DELETE ON jobs
WHEN (SELECT deferred FROM search_job_batch WHERE id = 1) = 0 BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index WHERE rowid = -OLD.id;
  DELETE FROM search_index WHERE rowid = -OLD.id;
END;
CREATE TRIGGER search_job_changed
AFTER UPDATE OF title, company_name, description_md, skills_json, remote, applicant_locations_json, roles_json,
                valid_through ON jobs
WHEN (SELECT deferred FROM search_job_batch WHERE id = 1) = 0 BEGIN
  INSERT INTO search_words (search_words, rowid, title, body, tags)
  SELECT 'delete', rowid, title, body, tags FROM search_index WHERE rowid = -OLD.id;
  DELETE FROM search_index WHERE rowid = -OLD.id;
  INSERT INTO search_index (rowid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through)
  SELECT docid, title, body, tags, doc_type, ref, slug, roles, kind, competencies, remote, valid_through
  FROM search_job_docs WHERE job_id = NEW.id;
  INSERT INTO search_words (rowid, title, body, tags) SELECT rowid, title, body, tags FROM search_index WHERE rowid = -NEW.id;
END;
)sql";

// Mock interviews (issue 13): one row per mock, its questions in the clear (in order, a JSON
// array of ids: the review queue and "questions to redo" read them) and the run sealed like
// attempts (`sealed`, `key_id`: timestamps, drafts, answers). `revision` makes updates
// compare-and-set (a draft saved while "Next" is handled is not lost). Deleting the user deletes
// them.
inline constexpr const char* kMigration13Mocks = R"sql(
CREATE TABLE mocks (
  id             INTEGER PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_slug      TEXT NOT NULL,
  questions_json TEXT NOT NULL,
  key_id         INTEGER NOT NULL,
  sealed         BLOB NOT NULL,
  finished       INTEGER NOT NULL CHECK (finished IN (0, 1)),
  score          INTEGER NOT NULL,
  revision       INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX mocks_by_user ON mocks (user_id, id);
CREATE INDEX mocks_by_key ON mocks (key_id);
)sql";

inline constexpr Migration kMigrations[] = {
    {1, "initial schema", kMigration1InitialSchema},
    {2, "content state", kMigration2ContentState},
    {3, "jobs", kMigration3Jobs},
    {4, "accounts", kMigration4Accounts},
    {5, "token scopes", kMigration5TokenScopes},
    {6, "coach corrections", kMigration6CoachCorrections},
    {7, "target roles", kMigration7TargetRoles},
    {8, "shared abuse limits", kMigration8Limits},
    {9, "search", kMigration9Search},
    {10, "review queue", kMigration10Reviews},
    {11, "editor inbox", kMigration11EditorInbox},
    {12, "bulk job index writes, job list indexes", kMigration12BulkJobIndex},
    {13, "mock interviews", kMigration13Mocks},
};

// Creates schema_migrations if needed and applies every migration newer than the database's
// version. Fails with kInternal when the database has a version this binary does not know
// (it was migrated by a newer starprep), without changing anything.
Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations = kMigrations);

// The highest applied version, 0 for a fresh database.
Result<int> SchemaVersion(Connection& conn);

}  // namespace starprep::store::sqlite
