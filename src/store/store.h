// SPDX-License-Identifier: Apache-2.0
#pragma once
// Store: the only way the service reads and writes durable state.
// Implementations: store/sqlite (the embedded default) and store/postgres (several instances on
// one database). All methods are thread-safe; each call is atomic on its own.
// "Not found" is a value (std::nullopt / empty list), not an error. Errors are kUnavailable
// (the database failed; retrying may help) or kInternal.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/model.h"
#include "core/limits.h"
#include "core/result.h"
#include "jobs/filter.h"
#include "jobs/model.h"
#include "jobs/roles.h"
#include "search/query.h"

namespace starprep::store {

struct RoleSummary {
  std::string slug;
  std::string title;
  std::string summary;
  std::string updated;
  int question_count = 0;
};

struct ImportStats {
  int roles = 0;              // roles in the pack
  int questions_added = 0;    // ids not seen before (or retired before and now back)
  int questions_updated = 0;  // ids already live whose content changed
  int questions_unchanged = 0;
  int questions_retired = 0;  // live ids absent from the pack: hidden, feedback kept
  int jobs_remapped = 0;      // stored jobs whose roles changed with the roles (jobs::RemapRoles)
};

struct Vote {
  std::string question_id;
  std::string voter_id;  // opaque per-browser id (from a cookie); never shown to others
  bool helpful = false;
  std::string comment;       // may be empty; at most 1000 characters (checked by callers)
  std::int64_t user_id = 0;  // the signed-in voter (0: anonymous); unlinked when they delete their account
};

// ---- accounts (see auth/accounts.h for the rules callers enforce) ----

struct User {
  std::int64_t id = 0;
  std::string email;  // lower case, unique
  std::string display_name;
  std::string password_hash;  // crypto_pwhash_str output (argon2id)
  std::string role;           // "member", "editor" or "admin"
  std::string created_at;
};

struct SessionRecord {
  std::string token_hash;  // hex SHA-256 of the cookie's token; the token itself is never stored
  std::int64_t user_id = 0;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;  // absolute expiry
};

struct ApiTokenInfo {
  std::int64_t id = 0;
  std::string name;
  std::string scope;  // "read" or "write" (auth/accounts.h says what each may do)
  std::string created_at;
  std::string last_used_at;  // "" if never used (callers record it at most once a minute)
};

// Text encrypted by auth::Keyring: `bytes` is nonce || ciphertext under key `key_id`.
struct Sealed {
  int key_id = 0;
  std::string bytes;
};

struct AttemptRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string question_id;
  Sealed sealed;               // the answer and the coach's JSON result
  int score = 0;               // 0..100
  std::array<int, 4> parts{};  // STAR strengths 0..100: situation, task, action, result
  int seconds = 0;             // time spent
  int words = 0;
  std::string created_at;
};

struct AttemptList {
  std::vector<AttemptRecord> items;  // newest first
  int total = 0;
};

struct StoryRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  Sealed sealed;  // title and the four STAR texts
  std::vector<std::string> competencies;
  std::vector<std::string> question_ids;  // linked live or retired questions
  int score = 0;                          // the coach's score of the story
  std::string created_at;
  std::string updated_at;
};

// A candidate's correction of the coach's labels on their answer (practice/corrections.h).
struct CorrectionRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string question_id;  // "" when the answer was not written for a question
  bool shared = false;      // the candidate lets editors read it and add it, anonymised, to the coach's corpus
  Sealed sealed;            // the answer, the corrected spans and the parts marked present
  std::string created_at;
};

struct CorrectionList {
  std::vector<CorrectionRecord> items;  // newest first
  int total = 0;
};

// ---- review queue (issue 13): one spaced-repetition card per (user, question) ----
// The numbers are practice::fsrs's (its State and Rating enums); the store only keeps them.

struct ReviewCard {
  std::int64_t user_id = 0;
  std::string question_id;
  int state = 0;            // 0 new, 1 learning, 2 review, 3 relearning
  double stability = 0;     // days; 0 while new
  double difficulty = 0;    // 1..10; 0 while new
  std::string due;          // "YYYY-MM-DDTHH:MM:SSZ"; a new card is due when it was made
  std::string last_review;  // "" until the first rating
  int reps = 0;             // ratings so far
  int lapses = 0;
  std::string created_at;
  bool live = true;  // read only: the question is live (a retired question's card stays, unlisted)
};

// One rating, as the review log keeps it: the card's state before, its memory state after.
struct ReviewLogEntry {
  std::int64_t id = 0;  // ignored on write
  std::int64_t user_id = 0;
  std::string question_id;
  int rating = 0;        // 1 again, 2 hard, 3 good, 4 easy
  int state = 0;         // the card's state before the rating (0: its first)
  int elapsed_days = 0;  // whole days since the previous rating (0 for the first)
  double stability = 0;  // after
  double difficulty = 0;
  std::string due;  // after
  std::string reviewed_at;
};

// A member's review settings (defaults until they change them; callers check the ranges).
struct ReviewSettings {
  double desired_retention = 0.9;  // 0.70..0.97
  int daily_new_limit = 5;         // new cards shown per UTC day, 0..100
  bool operator==(const ReviewSettings&) const = default;
};

// A mock interview (practice/mock.h, practice/mocks.h): its questions in the clear, everything
// the candidate wrote and the server's timestamps sealed.
struct MockRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string role_slug;                  // the role its questions came from; "" for a list across roles
  std::vector<std::string> question_ids;  // in the order asked
  Sealed sealed;                          // the run: timestamps, drafts and answers (practice::MockRunJson)
  bool finished = false;
  int score = 0;     // the report's overall score once finished (0 before)
  int revision = 0;  // changed by every UpdateMock: a write based on an older read is refused
  std::string created_at;
  std::string updated_at;
};

struct MockList {
  std::vector<MockRecord> items;  // newest first
  int total = 0;
};

// Which table a sealed record lives in (part of its associated data).
enum class SealedKind { kAttempt, kStory, kCorrection, kMock };

// Re-encrypts one record; returns the new sealed value or an error (which aborts the batch).
using ResealFn = std::function<Result<Sealed>(SealedKind kind, std::int64_t user_id, const Sealed& old)>;

struct FeedbackSummary {  // the public counts of a question's votes
  int helpful = 0;
  int not_helpful = 0;
  int comments = 0;  // non-empty comments, less those an editor hid as spam (their votes still count)
};

struct Comment {
  bool helpful = false;
  std::string comment;
  std::string created_at;  // ISO 8601 UTC
};

// ---- editor inbox (issue 14): votes per answer revision, comment states, the audit trail ----

// What editors see of a live question's votes. An import that changes the question's text (its
// wording, why interviewers ask, dos and don'ts or the model answer; not its position or date)
// starts a new revision: votes cast or changed since then count in the `*_since` fields, and
// the totals keep every vote.
struct QuestionFeedback {
  std::string question_id;
  std::string role_slug;
  std::string question;  // the wording (plain text as imported)
  int position = 0;
  int helpful = 0;  // every vote, whichever revision it was cast on
  int not_helpful = 0;
  int helpful_since = 0;  // votes on the current revision
  int not_helpful_since = 0;
  int comments = 0;        // non-empty comments, any state
  int open_comments = 0;   // of which still open
  int revision = 0;        // 0: the text never changed since it was first imported
  std::string revised_at;  // when an import last changed the text ("" at revision 0)
  // The last text change came after editors addressed a comment written on an earlier revision:
  // the public page says "Updated after reader feedback" with the date `revised_at`.
  bool updated_after_feedback = false;
};

// A comment's state in the editors' inbox; a new comment, and a comment its writer rewrote, is open.
inline constexpr const char* kCommentOpen = "open";
inline constexpr const char* kCommentAddressed = "addressed";
inline constexpr const char* kCommentHidden = "hidden";

struct EditorComment {
  std::int64_t id = 0;  // stable, opaque; the voter's id is never exposed
  std::string question_id;
  std::string role_slug;
  bool helpful = false;    // the vote the comment came with
  std::string comment;     // untrusted reader text
  std::string written_at;  // when the text was written (ISO 8601 UTC with milliseconds)
  std::string state;       // kCommentOpen, kCommentAddressed or kCommentHidden
  std::string note;        // the editor's note with the last state change ("" if none)
  std::string state_at;    // when the state last changed ("" if never)
  int revision = 0;        // the question's revision the vote was cast on
};

struct CommentFilter {
  std::string question_id;  // "" for every live question
  std::string state;        // "" for any state
  int limit = 50;           // <= 0: no items (the total is still counted)
  int offset = 0;           // < 0 counts as 0
};

struct CommentPage {
  std::vector<EditorComment> items;  // newest first (written_at, then id)
  int total = 0;                     // matches across all pages
};

// One editor action on several comments at once.
struct CommentStateChange {
  std::vector<std::int64_t> ids;  // comment ids (a repeated id counts once)
  std::string state;              // kCommentOpen, kCommentAddressed or kCommentHidden
  std::string note;               // stored with each comment and in its audit record ("" for none)
  std::int64_t actor_id = 0;      // the editor's user id (0: the service's editor token)
  std::string actor;              // who, as shown in the audit (an email, or "editor token")
  std::string at;                 // "YYYY-MM-DDTHH:MM:SSZ"
};

struct AuditRecord {
  std::int64_t id = 0;  // increasing: newer records have larger ids
  std::string at;
  std::int64_t actor_id = 0;
  std::string actor;   // as CommentStateChange gave it; "deleted editor #ID" once that account is deleted
  std::string action;  // "comment.open", "comment.addressed" or "comment.hidden"
  std::int64_t comment_id = 0;
  std::string question_id;
  std::string note;
};

// Outcome of a job write: postings matched by (source, source_id).
struct JobWriteStats {
  int added = 0;                  // new (source, source_id)
  int updated = 0;                // existing, content changed
  int unchanged = 0;              // existing, identical
  std::vector<std::int64_t> ids;  // the stored id of each posting, in input order
};

struct JobList {
  std::vector<jobs::Job> items;  // one page, in the filter's order
  int total = 0;                 // matches across all pages
  bool more = false;             // jobs follow this page (jobs::CursorAfter(filter, items.back()) starts them)
};

// What a running server watches to notice job changes made elsewhere (a CLI import) and
// postings that expired since it last looked.
struct JobsState {
  std::int64_t version = 0;  // changes with every committed job write, whichever process did it
  int open = 0;              // postings not expired at `now`
  bool operator==(const JobsState&) const = default;
};

// ---- search ----

// Narrows a search; "" means any. Values are compared exactly.
struct SearchFilter {
  std::string type;        // "question", "job" or "role"
  std::string role;        // a role slug; jobs without a role are under jobs::kOtherRole
  std::string kind;        // a question kind (behavioral, technical, situational)
  std::string competency;  // a question competency
  std::string remote;      // a job's "remote" or "hybrid"
};

struct SearchQuery {
  search::Query query;  // parsed (search::Parse), its clauses' completions and typos filled or not
  SearchFilter filter;
  std::string now_utc;  // jobs valid at this time are searchable, expired ones are not
  int limit = 20;       // hits per page (callers keep it within 1..100)
  int offset = 0;       // hits skipped (the page's position)
  bool count = true;    // false: only the page; total and facets stay empty (suggestions need none)
  // A suggestion list (a few hits while typing, with count false): the backend may rank a smaller
  // window of the matches than a search does (SQLite: the newest 200 jobs per group, not 1,000),
  // so its hits may differ from a search's when very many documents match; pages asked with the
  // same value still neither overlap nor skip.
  bool quick = false;
};

struct SearchHit {
  std::string type;                          // "question", "job" or "role"
  std::string id;                            // question id, job id (decimal) or role slug
  std::string slug;                          // question slug, role slug, or the job id again: what a URL needs
  std::string role;                          // the question's role, a role's own slug, a job's first role ("" if none)
  std::string title;                         // plain text
  std::vector<search::SnippetPart> snippet;  // plain text parts of the best passage, matches marked
  double score = 0;                          // higher is better; only comparable within one page
  bool exact = true;                         // matched without typo corrections (these come first)
};

// Counts of the matching documents per facet value (after the filter).
struct SearchFacets {
  std::map<std::string, int> type, role, kind, competency, remote;
  bool operator==(const SearchFacets&) const = default;
};

struct SearchPage {
  std::vector<SearchHit> hits;  // exact matches first, then by relevance (title > skills and
                                // tags > text), then by type and id: a stable order for paging.
                                // When very many documents match, a backend may rank only some
                                // of them fully (SQLite: the newest 1,000 jobs per group, exact and
                                // typo, the group's other jobs after those, newest first; 200
                                // for SearchQuery::quick;
                                // PostgreSQL: the best 200 by a cheaper rank, the rest by that
                                // rank); pages still cover every match exactly once, and total and
                                // facets count them all.
  int total = 0;                // matches across all pages
  SearchFacets facets;
};

// What a search's answer depends on besides its query (Store::GetSearchIndexState): equal states
// mean the same documents are searchable, so a search or vocabulary computed under one state can
// be reused while the state stays equal.
struct SearchIndexState {
  std::int64_t content_version = 0;  // ContentVersion(): bumped by every content change
  std::int64_t jobs_version = 0;     // JobsState::version: bumped by every committed job write
  std::string next_expiry;           // the earliest valid_through >= now ("" if none): no open job
                                     // expires before it, so a later `now` below it sees the same jobs
  bool operator==(const SearchIndexState&) const = default;
};

// Which words of the search vocabulary to return (for typo candidates and completions).
struct VocabularyRequest {
  std::string prefix;  // words starting with these bytes ("" for all)
  int min_length = 0;  // length in characters; 0: no bound
  int max_length = 0;  // 0: no bound
  int limit = 200;     // at most this many, the most frequent first
};

// Called during long writes: postings written so far, and the total.
using JobProgress = std::function<void(int done, int total)>;

class Store {
 public:
  virtual ~Store() = default;

  // Replaces the live content with `pack` in one transaction: on any error nothing changes.
  // Questions are matched by id: an unchanged question keeps its row, feedback stays attached.
  // Questions missing from the pack are retired (not listed, not returned), never deleted.
  // Idempotent: importing the same pack twice changes nothing the second time.
  // Job roles follow the content: when the live roles' slugs, titles or skills change, every
  // stored job's roles are recomputed with jobs::RemapRoles in the same transaction (roles an
  // editor chose are kept), and the jobs version changes when any job's did.
  virtual Result<ImportStats> ReplaceContent(const content::Pack& pack) = 0;

  // A number that changes whenever ReplaceContent commits a content change, whichever process
  // did it; lets a running server notice an import done by the CLI. Unchanged by no-op imports.
  virtual Result<std::int64_t> ContentVersion() = 0;

  // True when at least one role is live.
  virtual Result<bool> HasContent() = 0;

  // Live roles ordered by title.
  virtual Result<std::vector<RoleSummary>> ListRoles() = 0;

  // A live role with its live questions ordered by position; nullopt if unknown.
  virtual Result<std::optional<content::Role>> GetRole(const std::string& slug) = 0;

  // Every live role with its live questions, as GetRole returns each, in ListRoles' order (by
  // title), all read in one snapshot: an import committing meanwhile is seen whole or not at all.
  // Empty when nothing is live. Costs a fixed number of queries, not one per role; for pages and
  // imports that need every role at once (coverage, the story form, mapping jobs to roles).
  virtual Result<std::vector<content::Role>> ListLiveRoles() = 0;

  // A live question; nullopt if unknown or retired.
  virtual Result<std::optional<content::Question>> GetQuestion(const std::string& id) = 0;

  // Records or changes `vote.voter_id`'s vote on a live question (one per voter and question).
  // kNotFound if the question is not live.
  virtual Status PutVote(const Vote& vote) = 0;

  // Counts for one question (zeros if it has no votes).
  virtual Result<FeedbackSummary> GetFeedbackSummary(const std::string& question_id) = 0;

  // Counts for every live question of a role, keyed by question id (absent: no votes).
  virtual Result<std::map<std::string, FeedbackSummary>> GetRoleFeedback(const std::string& role_slug) = 0;

  // This voter's votes on the live questions of a role, keyed by question id.
  virtual Result<std::map<std::string, Vote>> GetVoterVotes(const std::string& role_slug,
                                                            const std::string& voter_id) = 0;

  // Non-empty comments on a question, newest first, for editors. Paginated.
  virtual Result<std::vector<Comment>> ListComments(const std::string& question_id, int limit, int offset) = 0;

  // ---- editor inbox (issue 14) ----

  // Vote counts of every live question (of `question_id` alone when it is not ""), in role title
  // and position order, read in one snapshot. Questions without votes are listed with zeros.
  virtual Result<std::vector<QuestionFeedback>> ListQuestionFeedback(const std::string& question_id) = 0;

  // One page of the non-empty comments on live questions matching `filter`, newest first, with
  // the total. An unknown question or state matches nothing.
  virtual Result<CommentPage> ListEditorComments(const CommentFilter& filter) = 0;

  // Sets the state (and note) of every comment in `change.ids` and writes one audit record per
  // comment, all in one transaction. kInvalidArgument for an unknown state or no ids; kNotFound,
  // and nothing written, when an id is not a comment on a live question. Returns the ids of the
  // questions whose comments changed (sorted, once each) so callers can invalidate their pages.
  virtual Result<std::vector<std::string>> SetCommentState(const CommentStateChange& change) = 0;

  // Audit records, newest first, one page (limit <= 0: none; offset < 0 counts as 0).
  virtual Result<std::vector<AuditRecord>> ListAudit(int limit, int offset) = 0;

  // ---- jobs ----
  // Every job passed in must satisfy jobs::Validate (kInvalidArgument otherwise, nothing written).
  // Times are "YYYY-MM-DDTHH:MM:SSZ" strings: callers pass `now_utc` so tests control the clock.

  // Inserts or updates each job by (source, source_id), all in one transaction: on any error
  // nothing changes. A job's id is kept across updates. `progress` (may be empty) is called
  // every 500 postings and at the end.
  virtual Result<JobWriteStats> UpsertJobs(const std::vector<jobs::Job>& jobs, const JobProgress& progress) = 0;

  // Inserts one job; kConflict if its (source, source_id) exists. Returns it with its new id.
  virtual Result<jobs::Job> CreateJob(const jobs::Job& job) = 0;
  // Replaces job `id` (every field; the id stays). kNotFound if there is no such job; kConflict if
  // the new (source, source_id) belongs to another job.
  virtual Result<jobs::Job> UpdateJob(std::int64_t id, const jobs::Job& job) = 0;
  // kNotFound if there is no such job.
  virtual Status DeleteJob(std::int64_t id) = 0;

  // A job, expired or not; nullopt if unknown.
  virtual Result<std::optional<jobs::Job>> GetJob(std::int64_t id) = 0;
  // Jobs not expired at `now_utc` that match `filter` (see jobs/filter.h), one page of them, in
  // the order of filter.sort with the job id breaking ties (so pages never overlap or skip):
  // newest: date_posted, id descending; title: jobs::TitleSortKey(title), id ascending; salary:
  // the annual top of the range, id descending, in filter.currency only (kInvalidArgument
  // without a currency). The page starts after filter.after when set (keyset pagination: an
  // index seek, however deep the page), then skips filter.offset jobs. Each sort has an index
  // in its order. `total` is counted once per filter per jobs version (and again after the next
  // open posting expires), not per call; the count and the page come from one snapshot.
  virtual Result<JobList> ListJobs(const jobs::JobFilter& filter, const std::string& now_utc) = 0;
  // Open jobs per role slug at `now_utc`; jobs without a role count under jobs::kOtherRole.
  // Roles without open jobs are absent. Cached like ListJobs' totals.
  virtual Result<std::map<std::string, int>> CountOpenJobsByRole(const std::string& now_utc) = 0;
  virtual Result<JobsState> GetJobsState(const std::string& now_utc) = 0;
  // True when at least one job (open or expired) is stored.
  virtual Result<bool> HasJobs() = 0;

  // ---- search ----
  // The full-text index covers live roles (title, summary, skills), live questions (question,
  // why interviewers ask, dos and don'ts, the model answer's four parts, competencies, kind) and
  // jobs (title, company, description, skills, remote policy, applicant locations). It is written
  // in the same transaction as the data (ReplaceContent, every job write), so a search sees
  // exactly what has committed. Words are stemmed (English), case and diacritics are folded.

  // One page of the documents matching every clause of `q.query` (a clause matches by its word,
  // its phrase, one of its completions, or one of its typos; a prefix clause matches no other
  // word starting with it than its completions, which the search service fills, except a
  // hyphenated one, whose last part and joined word are prefixes) and the filter; expired jobs never match. Documents
  // matched without typos rank first. An empty query finds nothing (total 0). No query text can make it fail: errors
  // are only kUnavailable and kInternal, as for every call.
  virtual Result<SearchPage> Search(const SearchQuery& q) = 0;

  // Words of the index (unstemmed, lower case, diacritics folded on SQLite) with the number of
  // documents holding each, most frequent first, then alphabetically; bounded by `request`.
  // Expired jobs' words may still count until the job is deleted.
  virtual Result<std::vector<search::VocabularyEntry>> SearchVocabulary(const VocabularyRequest& request) = 0;

  // ---- search index state (caches of the search service) ----
  // The content version, the jobs version and the next expiry at `now_utc`, read in one
  // snapshot: one cheap indexed read. Two calls returning equal states see the same searchable
  // documents and the same vocabulary (every write to the index bumps one of the versions).
  virtual Result<SearchIndexState> GetSearchIndexState(const std::string& now_utc) = 0;

  // ---- search warm-up (the server's watcher thread, after a content or jobs change) ----
  // Builds now, on the caller's thread, what a backend keeps in memory per search index state
  // and would otherwise build in the first Search after a write (SQLite: every document's filter
  // and facet values, sqlite/search_docs.h, 0.5-0.9 s at 100,000 postings; and which documents
  // hold each word of `vocabulary` (SearchVocabulary's words and counts) in 1 % of them or more,
  // by stem, so that no search walks their matches to count them: 1-2 s more there).
  // Changes no answer:
  // Search always answers from the data as committed when it runs, building whatever is missing
  // or out of date itself, whether or not this was called (a write after the warm-up makes the
  // next Search build again). Cheap when nothing changed since the last build. PostgreSQL keeps
  // nothing per state: a no-op there.
  virtual Status WarmSearch(const std::vector<search::VocabularyEntry>& vocabulary) = 0;

  // ---- accounts ----
  // Times are "YYYY-MM-DDTHH:MM:SSZ" strings passed by callers. Every per-user read and write
  // takes the owner's id: a record of another user is "not found", never an error that leaks it.

  // kConflict if the email is taken. Returns the user with its new id.
  virtual Result<User> CreateUser(const User& user) = 0;
  virtual Result<std::optional<User>> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::optional<User>> GetUser(std::int64_t user_id) = 0;
  // kNotFound if there is no such user.
  virtual Status UpdatePasswordHash(std::int64_t user_id, const std::string& password_hash) = 0;
  virtual Status SetUserRole(std::int64_t user_id, const std::string& role) = 0;
  // Hard delete: the user, sessions, API tokens, attempts, stories, coach corrections (shared or not), target
  // roles, review cards, their log and settings, mock interviews; votes stay but lose the user link; audit records
  // keep "deleted editor #ID" as the actor, not the email. kNotFound if there is no such user. Deleted rows are
  // zeroed in the database file, but earlier versions may sit in a write-ahead log until PurgeDeletedData.
  virtual Status DeleteUser(std::int64_t user_id) = 0;
  // Makes data deleted so far unreadable in every file of the store: SQLite checkpoints its WAL
  // into the database file and truncates the log to zero bytes. Slow (it waits up to the busy
  // timeout for readers to move on): call it after a deletion, not on a hot path. kUnavailable if
  // readers kept it from finishing (the deletion itself stands; a later call completes it).
  // PostgreSQL: deleted rows are unreadable through SQL at commit; this runs VACUUM on the tables
  // a deletion touches when the role may (otherwise autovacuum does). The server's WAL, archives,
  // backups and replicas are outside the store (docs/operations.md).
  virtual Status PurgeDeletedData() = 0;

  virtual Status CreateSession(const SessionRecord& session) = 0;
  // The session and its user, whatever its times (the caller decides about expiry); nullopt if unknown.
  virtual Result<std::optional<std::pair<SessionRecord, User>>> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, const std::string& last_seen_at) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Signs a user out everywhere. Returns the number of sessions ended.
  virtual Result<int> DeleteUserSessions(std::int64_t user_id) = 0;
  virtual Result<int> CountUserSessions(std::int64_t user_id) = 0;
  // Deletes sessions that expired (expires_at <= now) or were idle since `idle_cutoff`
  // (last_seen_at <= idle_cutoff). Returns how many.
  virtual Result<int> DeleteExpiredSessions(const std::string& now, const std::string& idle_cutoff) = 0;

  // `scope` is "read" or "write" (kConflict otherwise). Returns the new token's id.
  virtual Result<std::int64_t> CreateApiToken(std::int64_t user_id, const std::string& name, const std::string& scope,
                                              const std::string& token_hash, const std::string& created_at) = 0;
  virtual Result<std::vector<ApiTokenInfo>> ListApiTokens(std::int64_t user_id) = 0;
  // kNotFound unless token `id` belongs to `user_id`.
  virtual Status DeleteApiToken(std::int64_t user_id, std::int64_t id) = 0;
  // The token and its owner; nullopt if no such token. Only reads (works on a full disk).
  virtual Result<std::optional<std::pair<ApiTokenInfo, User>>> GetApiToken(const std::string& token_hash) = 0;
  // Records `last_used_at` as token `id`'s last use. kNotFound if there is no such token.
  virtual Status TouchApiToken(std::int64_t id, const std::string& last_used_at) = 0;

  // kNotFound if the question id is unknown. Returns the new id.
  virtual Result<std::int64_t> CreateAttempt(const AttemptRecord& attempt) = 0;
  // `question_id` "" lists all. Newest first, one page.
  virtual Result<AttemptList> ListAttempts(std::int64_t user_id, const std::string& question_id, int limit,
                                           int offset) = 0;
  virtual Result<std::optional<AttemptRecord>> GetAttempt(std::int64_t user_id, std::int64_t id) = 0;
  virtual Status DeleteAttempt(std::int64_t user_id, std::int64_t id) = 0;

  // kNotFound if a linked question id is unknown; kConflict, and nothing written, when the user
  // already has `max_stories` (counted in the same transaction as the insert). Returns the new id.
  virtual Result<std::int64_t> CreateStory(const StoryRecord& story, int max_stories) = 0;
  // Replaces everything but id, user and created_at. kNotFound unless the story is the user's.
  virtual Status UpdateStory(const StoryRecord& story) = 0;
  virtual Result<std::optional<StoryRecord>> GetStory(std::int64_t user_id, std::int64_t id) = 0;
  // All of a user's stories, newest first.
  virtual Result<std::vector<StoryRecord>> ListStories(std::int64_t user_id) = 0;
  virtual Status DeleteStory(std::int64_t user_id, std::int64_t id) = 0;

  // The user's votes (question id, helpful, comment), for their data export.
  virtual Result<std::vector<Vote>> ListUserVotes(std::int64_t user_id) = 0;

  // ---- target roles: the roles a candidate prepares for (practice/target_roles.h) ----
  // The user's target role slugs in the order they were set, keeping only roles that are live now:
  // a role dropped from the content pack is skipped (not an error) and comes back with the role.
  // Empty when none are set or there is no such user.
  virtual Result<std::vector<std::string>> ListTargetRoles(std::int64_t user_id) = 0;
  // Replaces the user's target roles with `slugs` (in that order; a repeated slug counts once;
  // empty clears them) in one transaction. Slugs are stored as given: callers check them against
  // the live roles and limit their number (practice::ValidateTargetRoles). kNotFound if there is
  // no such user; deleting the user deletes them.
  virtual Status SetTargetRoles(std::int64_t user_id, const std::vector<std::string>& slugs) = 0;

  // Saves a coach correction (its id is ignored). kNotFound if `question_id` is not empty and no
  // question (live or retired) has it. Returns the new id.
  virtual Result<std::int64_t> CreateCorrection(const CorrectionRecord& correction) = 0;
  // The user's corrections, newest first, one page (limit <= 0: none; offset < 0 counts as 0),
  // with the user's total, read in one snapshot.
  virtual Result<CorrectionList> ListCorrections(std::int64_t user_id, int limit, int offset) = 0;
  // Shared corrections of every user with an id above `after_id`, oldest first, at most `limit`:
  // pass the last id seen to read them all a page at a time (for the corpus export).
  virtual Result<std::vector<CorrectionRecord>> ListSharedCorrections(std::int64_t after_id, int limit) = 0;

  // ---- review queue (issue 13): cards, their review log, settings (practice/reviews.h) ----
  // Cards hold no secret text (question ids and numbers), so they are not sealed; deleting the
  // user deletes their cards, log and settings; the export and `starprep db copy` include them.

  // Makes `question_id` a new card of the user (state 0, due `now_utc`, created `now_utc`) unless
  // it is one already, which is left as it is. Returns true when it made the card. kNotFound if
  // there is no such user or no question (live or retired) with that id.
  virtual Result<bool> EnsureCard(std::int64_t user_id, const std::string& question_id, const std::string& now_utc) = 0;
  // The user's card for the question (live or retired); nullopt if there is none.
  virtual Result<std::optional<ReviewCard>> GetCard(std::int64_t user_id, const std::string& question_id) = 0;
  // Stores a rating in one transaction: replaces the memory state of the card (`card.user_id`,
  // `card.question_id`: state, stability, difficulty, due, last_review, reps, lapses) only if its
  // stored reps is still `expected_reps`, and appends `entry` to the log. kNotFound if there is
  // no such card; kConflict, and nothing written, if another rating got there first (re-read the
  // card and repeat).
  virtual Status RecordReview(const ReviewCard& card, int expected_reps, const ReviewLogEntry& entry) = 0;
  // Every card of the user (live questions' and retired ones', see ReviewCard::live), by due
  // time, then question id: the oldest overdue first.
  virtual Result<std::vector<ReviewCard>> ListCards(std::int64_t user_id) = 0;
  // The user's ratings with reviewed_at >= `since_utc` ("" for all), oldest first.
  virtual Result<std::vector<ReviewLogEntry>> ListReviewLog(std::int64_t user_id, const std::string& since_utc) = 0;
  // The user's settings; ReviewSettings{} (the defaults) while they have set none or there is no
  // such user.
  virtual Result<ReviewSettings> GetReviewSettings(std::int64_t user_id) = 0;
  // Replaces the user's settings (stored as given: callers check the ranges). kNotFound if there
  // is no such user.
  virtual Status PutReviewSettings(std::int64_t user_id, const ReviewSettings& settings) = 0;

  // ---- mock interviews (practice/mocks.h) ----
  // Saves a new mock (its id and revision are ignored; it starts at revision 1). kNotFound if a
  // question id is unknown (live or retired), and nothing is written. Returns the new id.
  virtual Result<std::int64_t> CreateMock(const MockRecord& mock) = 0;
  // The user's mock; nullopt if there is none with that id (another user's included).
  virtual Result<std::optional<MockRecord>> GetMock(std::int64_t user_id, std::int64_t id) = 0;
  // The user's mocks, newest first, one page (limit <= 0: none; offset < 0 counts as 0), with the
  // user's total, read in one snapshot.
  virtual Result<MockList> ListMocks(std::int64_t user_id, int limit, int offset) = 0;
  // Replaces the sealed run, `finished`, `score` and `updated_at` of the user's mock `mock.id` if
  // its stored revision is still `mock.revision` (compare-and-set), and moves the revision on by
  // one. kNotFound unless the mock is the user's; kConflict, and nothing written, when another
  // write came first (the caller reads it again and re-applies its change).
  virtual Status UpdateMock(const MockRecord& mock) = 0;
  // kNotFound unless the mock is the user's.
  virtual Status DeleteMock(std::int64_t user_id, std::int64_t id) = 0;

  // Re-encrypts up to `limit` sealed records (attempts, stories, coach corrections, mocks) whose key is
  // not `key_id`, in one transaction, with `reseal`. Returns how many it changed (0: every record
  // is under `key_id`).
  virtual Result<int> ResealBatch(int key_id, int limit, const ResealFn& reseal) = 0;
  // Sealed records (of every kind) per key id.
  virtual Result<std::map<int, int>> CountSealedByKey() = 0;

  // ---- abuse limits shared by every instance (sign-in lockouts, rate limits) ----
  // State per opaque key (the caller namespaces them, e.g. "account:<email>", "address:<ip>")
  // that every process on this database sees. Each call reads the key's row, applies the pure
  // rule of core/limits.h and writes the result in one transaction, so concurrent calls on any
  // number of connections or instances count every one exactly once. Rows are ephemeral: they
  // stop mattering at the time the rule gives (limits::ForgetAfter / FullAtMs), PurgeLimits
  // deletes them from then on, and `starprep db copy` does not copy them.

  // 0 when `key` may try at `now` (seconds since the epoch), else the seconds until it may.
  virtual Result<int> LockedFor(const std::string& key, std::int64_t now) = 0;
  // Counts one failure of `key` at `now` under `policy` (limits::AfterFailure). Returns
  // LockedFor(key, now) after it: non-zero once this failure locked the key.
  virtual Result<int> RecordFailure(const std::string& key, const limits::LockoutPolicy& policy, std::int64_t now) = 0;
  // Forgets `key`'s failures (a success). Clearing an unknown key is not an error.
  virtual Status ClearFailures(const std::string& key) = 0;
  // Takes one token from `key`'s bucket at `now_ms` (milliseconds since the epoch) under `policy`
  // (limits::TakeToken; a new key starts full): 0 when taken, else the seconds until one will be.
  virtual Result<int> TakeToken(const std::string& key, const limits::BucketPolicy& policy, std::int64_t now_ms) = 0;
  // Deletes failure rows to forget at `now` (seconds) and buckets full at `now * 1000` ms, so
  // the tables hold only keys active lately (the server runs this every minute). Returns how many.
  virtual Result<int> PurgeLimits(std::int64_t now) = 0;

  // ---- changes across instances (for caches) ----
  // Tells the other processes sharing this database that `keys` (opaque strings the caller
  // chooses: page paths) are stale, after the write that made them so has committed. Best
  // effort: a failure is logged, never returned (the write stands; other caches catch up when
  // their entries expire or the feed reconnects).
  virtual void Announce(const std::vector<std::string>& keys) = 0;
  // Calls `fn` (on a thread of the store's) with each key another process announced, or with
  // "*" when announcements may have been missed (the feed's connection was lost and is back):
  // then everything may be stale. A new call replaces the previous function; an empty function
  // stops the calls (returns once none is running): do that before what `fn` uses goes away.
  // Backends whose writers all live in this process never call it.
  virtual void OnRemoteChange(std::function<void(const std::string& key)> fn) = 0;
};

// Opens (creating if needed) the SQLite database at `path`, applies pending migrations.
// Uses WAL, foreign keys, a busy timeout and synchronous=FULL so acknowledged writes
// survive a crash of the process or the machine.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

struct PostgresOptions {
  int pool_size = 8;     // connections at most, opened on demand
  bool migrate = false;  // apply pending migrations first (needs the owner role's rights)
};
// Opens a pool on the PostgreSQL database at `url` (postgresql://... or key=value pairs). With
// `migrate`, applies pending migrations; otherwise refuses (kUnavailable, saying which schema
// version it found and which it needs) a database whose schema is not exactly this binary's.
// kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const PostgresOptions& options = {});

// The live roles as jobs::MapRoles needs them (slug, title, skills), from one ListLiveRoles
// snapshot; the store's errors pass through. For the CLI job import and the editor API alike.
inline Result<std::vector<jobs::RoleInfo>> LiveRoleInfos(Store& store) {
  auto roles = store.ListLiveRoles();
  if (!roles.ok()) return roles.error();
  std::vector<jobs::RoleInfo> out;
  out.reserve(roles->size());
  for (auto& r : *roles) out.push_back({std::move(r.slug), std::move(r.title), std::move(r.skills)});
  return out;
}

}  // namespace starprep::store
