// SPDX-License-Identifier: Apache-2.0
#pragma once
// SqliteStore: the embedded Store (see store/store.h for the contract of every method).
// Callers use starprep::store::OpenSqliteStore(path); this header exists for the design notes.
//
// Concurrency: one read-write connection guarded by a mutex, plus a ReadPool of up to
// kReadConnections read-only connections. Writes (ReplaceContent, PutVote) serialise on the mutex
// and on SQLite's write lock (BEGIN IMMEDIATE, so a transaction never has to upgrade a read lock
// and deadlock); reads never wait for writes, because WAL readers see the last committed state.
// Multi-statement reads (GetRole, ListLiveRoles) run in a DEFERRED transaction so they see one snapshot.
// Other processes (a CLI import while the server runs) wait up to busy_timeout = 5 s.
// Each handle is opened with SQLITE_OPEN_NOMUTEX: the mutex/pool already guarantee one thread per
// handle at a time, so SQLite's own per-handle mutex would be redundant.
//
// Durability: journal_mode=WAL with synchronous=FULL fsyncs the WAL on every commit, so a call
// that returned success survives kill -9 and power loss.
//
// Files: the parent directory of `path` is created if missing; a new database file is created
// with mode 0600 (SQLite gives its -wal and -shm files the same mode).

#include <memory>
#include <mutex>
#include <string>

#include "store/job_list_index.h"
#include "store/sqlite/db.h"
#include "store/sqlite/read_pool.h"
#include "store/sqlite/search_docs.h"
#include "store/store.h"

namespace starprep::store::sqlite {

inline constexpr int kReadConnections = 4;

class SqliteStore final : public Store {
 public:
  // `writer` must be migrated already.
  SqliteStore(const std::string& path, Connection writer);

  Result<ImportStats> ReplaceContent(const content::Pack& pack) override;
  Result<std::int64_t> ContentVersion() override;
  Result<bool> HasContent() override;
  Result<std::vector<RoleSummary>> ListRoles() override;
  Result<std::optional<content::Role>> GetRole(const std::string& slug) override;
  Result<std::vector<content::Role>> ListLiveRoles() override;
  Result<std::optional<content::Question>> GetQuestion(const std::string& id) override;
  Status PutVote(const Vote& vote) override;
  Result<FeedbackSummary> GetFeedbackSummary(const std::string& question_id) override;
  Result<std::map<std::string, FeedbackSummary>> GetRoleFeedback(const std::string& role_slug) override;
  Result<std::map<std::string, Vote>> GetVoterVotes(const std::string& role_slug, const std::string& voter_id) override;
  // Comment::created_at is when that comment text was written (the vote's updated_at), the
  // same time the list is ordered by. limit <= 0 gives an empty list; offset < 0 counts as 0.
  Result<std::vector<Comment>> ListComments(const std::string& question_id, int limit, int offset) override;

  Result<std::vector<QuestionFeedback>> ListQuestionFeedback(const std::string& question_id) override;
  Result<CommentPage> ListEditorComments(const CommentFilter& filter) override;
  Result<std::vector<std::string>> SetCommentState(const CommentStateChange& change) override;
  Result<std::vector<AuditRecord>> ListAudit(int limit, int offset) override;

  Result<JobWriteStats> UpsertJobs(const std::vector<jobs::Job>& jobs, const JobProgress& progress) override;
  Result<jobs::Job> CreateJob(const jobs::Job& job) override;
  Result<jobs::Job> UpdateJob(std::int64_t id, const jobs::Job& job) override;
  Status DeleteJob(std::int64_t id) override;
  Result<std::optional<jobs::Job>> GetJob(std::int64_t id) override;
  Result<JobList> ListJobs(const jobs::JobFilter& filter, const std::string& now_utc) override;
  Result<std::map<std::string, int>> CountOpenJobsByRole(const std::string& now_utc) override;
  Result<JobsState> GetJobsState(const std::string& now_utc) override;
  Result<SearchPage> Search(const SearchQuery& q) override;
  Result<std::vector<search::VocabularyEntry>> SearchVocabulary(const VocabularyRequest& request) override;
  Result<SearchIndexState> GetSearchIndexState(const std::string& now_utc) override;
  Status WarmSearch(const std::vector<search::VocabularyEntry>& vocabulary) override;
  Result<bool> HasJobs() override;

  Result<User> CreateUser(const User& user) override;
  Result<std::optional<User>> FindUserByEmail(const std::string& email) override;
  Result<std::optional<User>> GetUser(std::int64_t user_id) override;
  Status UpdatePasswordHash(std::int64_t user_id, const std::string& password_hash) override;
  Status SetUserRole(std::int64_t user_id, const std::string& role) override;
  Status DeleteUser(std::int64_t user_id) override;
  Status PurgeDeletedData() override;
  Status CreateSession(const SessionRecord& session) override;
  Result<std::optional<std::pair<SessionRecord, User>>> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, const std::string& last_seen_at) override;
  Status DeleteSession(const std::string& token_hash) override;
  Result<int> DeleteUserSessions(std::int64_t user_id) override;
  Result<int> CountUserSessions(std::int64_t user_id) override;
  Result<int> DeleteExpiredSessions(const std::string& now, const std::string& idle_cutoff) override;
  Result<std::int64_t> CreateApiToken(std::int64_t user_id, const std::string& name, const std::string& scope,
                                      const std::string& token_hash, const std::string& created_at) override;
  Result<std::vector<ApiTokenInfo>> ListApiTokens(std::int64_t user_id) override;
  Status DeleteApiToken(std::int64_t user_id, std::int64_t id) override;
  Result<std::optional<std::pair<ApiTokenInfo, User>>> GetApiToken(const std::string& token_hash) override;
  Status TouchApiToken(std::int64_t id, const std::string& last_used_at) override;
  Result<std::int64_t> CreateAttempt(const AttemptRecord& attempt) override;
  Result<AttemptList> ListAttempts(std::int64_t user_id, const std::string& question_id, int limit,
                                   int offset) override;
  Result<std::optional<AttemptRecord>> GetAttempt(std::int64_t user_id, std::int64_t id) override;
  Status DeleteAttempt(std::int64_t user_id, std::int64_t id) override;
  Result<std::int64_t> CreateStory(const StoryRecord& story, int max_stories) override;
  Status UpdateStory(const StoryRecord& story) override;
  Result<std::optional<StoryRecord>> GetStory(std::int64_t user_id, std::int64_t id) override;
  Result<std::vector<StoryRecord>> ListStories(std::int64_t user_id) override;
  Status DeleteStory(std::int64_t user_id, std::int64_t id) override;
  Result<std::vector<Vote>> ListUserVotes(std::int64_t user_id) override;
  Result<std::vector<std::string>> ListTargetRoles(std::int64_t user_id) override;
  Status SetTargetRoles(std::int64_t user_id, const std::vector<std::string>& slugs) override;
  Result<std::int64_t> CreateCorrection(const CorrectionRecord& correction) override;
  Result<CorrectionList> ListCorrections(std::int64_t user_id, int limit, int offset) override;
  Result<std::vector<CorrectionRecord>> ListSharedCorrections(std::int64_t after_id, int limit) override;
  Result<bool> EnsureCard(std::int64_t user_id, const std::string& question_id, const std::string& now_utc) override;
  Result<std::optional<ReviewCard>> GetCard(std::int64_t user_id, const std::string& question_id) override;
  Status RecordReview(const ReviewCard& card, int expected_reps, const ReviewLogEntry& entry) override;
  Result<std::vector<ReviewCard>> ListCards(std::int64_t user_id) override;
  Result<std::vector<ReviewLogEntry>> ListReviewLog(std::int64_t user_id, const std::string& since_utc) override;
  Result<ReviewSettings> GetReviewSettings(std::int64_t user_id) override;
  Status PutReviewSettings(std::int64_t user_id, const ReviewSettings& settings) override;
  Result<std::int64_t> CreateMock(const MockRecord& mock) override;
  Result<std::optional<MockRecord>> GetMock(std::int64_t user_id, std::int64_t id) override;
  Result<MockList> ListMocks(std::int64_t user_id, int limit, int offset) override;
  Status UpdateMock(const MockRecord& mock) override;
  Status DeleteMock(std::int64_t user_id, std::int64_t id) override;
  Result<int> ResealBatch(int key_id, int limit, const ResealFn& reseal) override;
  Result<std::map<int, int>> CountSealedByKey() override;
  Result<int> LockedFor(const std::string& key, std::int64_t now) override;
  Result<int> RecordFailure(const std::string& key, const limits::LockoutPolicy& policy, std::int64_t now) override;
  Status ClearFailures(const std::string& key) override;
  Result<int> TakeToken(const std::string& key, const limits::BucketPolicy& policy, std::int64_t now_ms) override;
  Result<int> PurgeLimits(std::int64_t now) override;
  // One process writes a SQLite file at a time, and other processes (the CLI) change only
  // content and jobs, which the server's version watcher notices: nothing to announce.
  void Announce(const std::vector<std::string>&) override {}
  void OnRemoteChange(std::function<void(const std::string&)>) override {}

 private:
  // Runs f(writer) under the write mutex; exceptions become kInternal.
  template <class F>
  auto Writing(F&& f) -> decltype(f(std::declval<Connection&>()));

  std::mutex write_mu_;
  Connection writer_;  // guarded by write_mu_
  ReadPool readers_;
  JobListIndexCache job_index_;  // ListJobs and CountOpenJobsByRole, per jobs version and next expiry
  SearchDocsCache search_docs_;  // Search: the documents' filter and facet values, per content and jobs version
};

}  // namespace starprep::store::sqlite
