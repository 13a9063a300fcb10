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

// Both question queries return the columns ReadQuestion() expects, in this order.
inline constexpr const char* kListLiveQuestionsOfRole = R"sql(
SELECT id, role_slug, position, slug, question, competencies_json, kind, updated, why_md,
       dos_json, donts_json, situation, task, action, result
FROM questions WHERE role_slug = ? AND live = 1 ORDER BY position, id)sql";

inline constexpr const char* kGetLiveQuestion = R"sql(
SELECT id, role_slug, position, slug, question, competencies_json, kind, updated, why_md,
       dos_json, donts_json, situation, task, action, result
FROM questions WHERE id = ? AND live = 1)sql";

// ---- import (ReplaceContent) ----
inline constexpr const char* kUpsertRole = R"sql(
INSERT INTO roles (slug, title, summary, updated, skills_json, intro_md, live)
VALUES (?, ?, ?, ?, ?, ?, 1)
ON CONFLICT (slug) DO UPDATE SET
  title = excluded.title, summary = excluded.summary, updated = excluded.updated,
  skills_json = excluded.skills_json, intro_md = excluded.intro_md, live = 1)sql";

inline constexpr const char* kGetQuestionState = "SELECT content_hash, live FROM questions WHERE id = ?";

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
// parser from reading ON CONFLICT as a join constraint.
// ?1 question_id, ?2 voter_id, ?3 helpful, ?4 comment.
inline constexpr const char* kUpsertVote = R"sql(
INSERT INTO votes (question_id, voter_id, helpful, comment, created_at, updated_at)
SELECT id, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM questions WHERE id = ?1 AND live = 1
ON CONFLICT (question_id, voter_id) DO UPDATE SET
  helpful = excluded.helpful, comment = excluded.comment, updated_at = excluded.updated_at)sql";

inline constexpr const char* kFeedbackSummary = R"sql(
SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0), coalesce(sum(comment <> ''), 0)
FROM votes WHERE question_id = ?)sql";

inline constexpr const char* kRoleFeedback = R"sql(
SELECT v.question_id, sum(v.helpful), sum(1 - v.helpful), sum(v.comment <> '')
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

}  // namespace starprep::store::sqlite::sql
