// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <filesystem>
#include <map>
#include <system_error>
#include <utility>

#include "store/codec.h"
#include "store/sqlite/accounts.h"
#include "store/sqlite/import.h"
#include "store/sqlite/inbox.h"
#include "store/sqlite/jobs.h"
#include "store/sqlite/limits.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/rank.h"
#include "store/sqlite/reviews.h"
#include "store/sqlite/search.h"

namespace starprep::store::sqlite {
namespace {

// Nothing may throw across the Store interface: exceptions (bad_alloc) become kInternal.
template <class F>
auto Guarded(F&& f) noexcept -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Error{ErrorCode::kInternal, std::string("sqlite store: ") + e.what()};
  } catch (...) {
    return Error{ErrorCode::kInternal, "sqlite store: unknown exception"};
  }
}

// Runs f(Connection&) on a pooled read connection.
template <class F>
auto WithReader(ReadPool& pool, F&& f) noexcept -> decltype(f(std::declval<Connection&>())) {
  return Guarded([&]() -> decltype(f(std::declval<Connection&>())) {
    auto lease = pool.Acquire();
    if (!lease) return lease.error();
    return f(**lease);
  });
}

Result<std::vector<std::string>> DecodeList(const std::string& json, const char* column) {
  auto list = DecodeStringList(json);
  if (!list) return Error{ErrorCode::kInternal, std::string("sqlite store: malformed JSON list in ") + column};
  return std::move(*list);
}

// A row of kGetLiveRole / kListLiveRolesFull (without its questions).
Result<content::Role> ReadRole(const Statement& row) {
  content::Role role;
  role.slug = row.ColumnText(0);
  role.title = row.ColumnText(1);
  role.summary = row.ColumnText(2);
  role.updated = row.ColumnText(3);
  auto skills = DecodeList(row.ColumnText(4), "roles.skills_json");
  if (!skills) return skills.error();
  role.skills = std::move(*skills);
  role.intro_md = row.ColumnText(5);
  return role;
}

// A row of kGetLiveQuestion / kListLiveQuestionsOfRole / kListLiveQuestionsOfLiveRoles.
Result<content::Question> ReadQuestion(const Statement& row) {
  content::Question q;
  q.id = row.ColumnText(0);
  q.role_slug = row.ColumnText(1);
  q.position = row.ColumnInt(2);
  q.slug = row.ColumnText(3);
  q.question = row.ColumnText(4);
  auto competencies = DecodeList(row.ColumnText(5), "questions.competencies_json");
  if (!competencies) return competencies.error();
  q.competencies = std::move(*competencies);
  q.kind = row.ColumnText(6);
  q.updated = row.ColumnText(7);
  q.why_md = row.ColumnText(8);
  auto dos = DecodeList(row.ColumnText(9), "questions.dos_json");
  if (!dos) return dos.error();
  q.dos = std::move(*dos);
  auto donts = DecodeList(row.ColumnText(10), "questions.donts_json");
  if (!donts) return donts.error();
  q.donts = std::move(*donts);
  q.answer = {row.ColumnText(11), row.ColumnText(12), row.ColumnText(13), row.ColumnText(14)};
  return q;
}

FeedbackSummary ReadSummary(const Statement& row, int first_col) {
  return FeedbackSummary{row.ColumnInt(first_col), row.ColumnInt(first_col + 1), row.ColumnInt(first_col + 2)};
}

// Creates the parent directory and, if missing, an empty database file readable by us only.
Status PrepareFile(const std::string& path) {
  const std::filesystem::path file(path);
  std::error_code ec;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return Error{ErrorCode::kUnavailable, "cannot create directory for " + path + ": " + ec.message()};
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);  // SQLite treats an empty file as a new database
  } else if (errno != EEXIST) {
    return Error{ErrorCode::kUnavailable,
                 "cannot create " + path + ": " + std::error_code(errno, std::generic_category()).message()};
  }
  return {};
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, Connection writer)
    : writer_(std::move(writer)), readers_(path, kReadConnections, &RegisterRank) {}

Result<ImportStats> SqliteStore::ReplaceContent(const content::Pack& pack) {
  return Guarded([&]() -> Result<ImportStats> {
    std::lock_guard lock(write_mu_);
    auto stats = ImportPack(writer_, pack);
    if (stats) CompactSearchIndex(writer_);
    return stats;
  });
}

Result<std::int64_t> SqliteStore::ContentVersion() {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::int64_t> {
    auto stmt = Statement::Prepare(conn, sql::kGetContentVersion);
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Error{ErrorCode::kInternal, "content_state row is missing"};
    return stmt->ColumnInt64(0);
  });
}

Result<bool> SqliteStore::HasContent() {
  return WithReader(readers_, [&](Connection& conn) -> Result<bool> {
    auto stmt = Statement::Prepare(conn, sql::kHasLiveRole);
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    return *row && stmt->ColumnBool(0);
  });
}

Result<std::vector<RoleSummary>> SqliteStore::ListRoles() {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::vector<RoleSummary>> {
    auto stmt = Statement::Prepare(conn, sql::kListLiveRoles);
    if (!stmt) return stmt.error();
    std::vector<RoleSummary> roles;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) return roles;
      roles.push_back(
          {stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnText(2), stmt->ColumnText(3), stmt->ColumnInt(4)});
    }
  });
}

Result<std::optional<content::Role>> SqliteStore::GetRole(const std::string& slug) {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::optional<content::Role>> {
    auto tx = Transaction::Begin(conn, Transaction::Kind::kDeferred);  // one snapshot for both queries
    if (!tx) return tx.error();
    content::Role role;
    {
      auto stmt = Statement::Prepare(conn, sql::kGetLiveRole);
      if (!stmt) return stmt.error();
      auto row = stmt->Bind(slug).Step();
      if (!row) return row.error();
      if (!*row) return std::optional<content::Role>();
      auto read = ReadRole(*stmt);
      if (!read) return read.error();
      role = std::move(*read);
    }
    auto stmt = Statement::Prepare(conn, sql::kListLiveQuestionsOfRole);
    if (!stmt) return stmt.error();
    stmt->Bind(slug);
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      auto question = ReadQuestion(*stmt);
      if (!question) return question.error();
      role.questions.push_back(std::move(*question));
    }
    return std::optional<content::Role>(std::move(role));  // `tx` ends the read (rollback == release)
  });
}

Result<std::vector<content::Role>> SqliteStore::ListLiveRoles() {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::vector<content::Role>> {
    auto tx = Transaction::Begin(conn, Transaction::Kind::kDeferred);  // one snapshot for both queries
    if (!tx) return tx.error();
    std::vector<content::Role> roles;
    std::map<std::string, std::size_t> index;  // slug -> position in `roles`
    {
      auto stmt = Statement::Prepare(conn, sql::kListLiveRolesFull);
      if (!stmt) return stmt.error();
      for (;;) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        auto role = ReadRole(*stmt);
        if (!role) return role.error();
        index.emplace(role->slug, roles.size());
        roles.push_back(std::move(*role));
      }
    }
    auto stmt = Statement::Prepare(conn, sql::kListLiveQuestionsOfLiveRoles);
    if (!stmt) return stmt.error();
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      auto question = ReadQuestion(*stmt);
      if (!question) return question.error();
      auto it = index.find(question->role_slug);
      if (it == index.end())
        return Error{ErrorCode::kInternal, "live question " + question->id + " of a role not read"};
      roles[it->second].questions.push_back(std::move(*question));
    }
    return roles;  // `tx` ends the read (rollback == release)
  });
}

Result<std::optional<content::Question>> SqliteStore::GetQuestion(const std::string& id) {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::optional<content::Question>> {
    auto stmt = Statement::Prepare(conn, sql::kGetLiveQuestion);
    if (!stmt) return stmt.error();
    auto row = stmt->Bind(id).Step();
    if (!row) return row.error();
    if (!*row) return std::optional<content::Question>();
    auto question = ReadQuestion(*stmt);
    if (!question) return question.error();
    return std::optional<content::Question>(std::move(*question));
  });
}

Status SqliteStore::PutVote(const Vote& vote) {
  if (vote.voter_id.empty()) return Error{ErrorCode::kInvalidArgument, "empty voter id"};
  return Guarded([&]() -> Status {
    std::lock_guard lock(write_mu_);
    auto stmt = Statement::Prepare(writer_, sql::kUpsertVote);
    if (!stmt) return stmt.error();
    if (vote.user_id > 0)
      stmt->Bind(vote.question_id, vote.voter_id, vote.helpful, vote.comment, vote.user_id);
    else
      stmt->Bind(vote.question_id, vote.voter_id, vote.helpful, vote.comment);  // ?5 stays NULL
    if (auto s = stmt->Run(); !s) return s;
    if (writer_.Changes() == 0) return Error{ErrorCode::kNotFound, "no live question with id " + vote.question_id};
    return {};
  });
}

Result<FeedbackSummary> SqliteStore::GetFeedbackSummary(const std::string& question_id) {
  return WithReader(readers_, [&](Connection& conn) -> Result<FeedbackSummary> {
    auto stmt = Statement::Prepare(conn, sql::kFeedbackSummary);
    if (!stmt) return stmt.error();
    auto row = stmt->Bind(question_id).Step();
    if (!row) return row.error();
    return *row ? ReadSummary(*stmt, 0) : FeedbackSummary{};
  });
}

Result<std::map<std::string, FeedbackSummary>> SqliteStore::GetRoleFeedback(const std::string& role_slug) {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::map<std::string, FeedbackSummary>> {
    auto stmt = Statement::Prepare(conn, sql::kRoleFeedback);
    if (!stmt) return stmt.error();
    stmt->Bind(role_slug);
    std::map<std::string, FeedbackSummary> counts;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) return counts;
      counts[stmt->ColumnText(0)] = ReadSummary(*stmt, 1);
    }
  });
}

Result<std::map<std::string, Vote>> SqliteStore::GetVoterVotes(const std::string& role_slug,
                                                               const std::string& voter_id) {
  return WithReader(readers_, [&](Connection& conn) -> Result<std::map<std::string, Vote>> {
    auto stmt = Statement::Prepare(conn, sql::kVoterVotes);
    if (!stmt) return stmt.error();
    stmt->Bind(role_slug, voter_id);
    std::map<std::string, Vote> votes;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) return votes;
      std::string id = stmt->ColumnText(0);
      votes[id] = Vote{id, voter_id, stmt->ColumnBool(1), stmt->ColumnText(2)};
    }
  });
}

Result<std::vector<Comment>> SqliteStore::ListComments(const std::string& question_id, int limit, int offset) {
  if (limit <= 0) return std::vector<Comment>{};
  return WithReader(readers_, [&](Connection& conn) -> Result<std::vector<Comment>> {
    auto stmt = Statement::Prepare(conn, sql::kListComments);
    if (!stmt) return stmt.error();
    stmt->Bind(question_id, limit, offset < 0 ? 0 : offset);
    std::vector<Comment> comments;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) return comments;
      comments.push_back({stmt->ColumnBool(0), stmt->ColumnText(1), stmt->ColumnText(2)});
    }
  });
}

template <class F>
auto SqliteStore::Writing(F&& f) -> decltype(f(std::declval<Connection&>())) {
  return Guarded([&]() -> decltype(f(std::declval<Connection&>())) {
    std::lock_guard lock(write_mu_);
    return f(writer_);
  });
}

Result<std::vector<QuestionFeedback>> SqliteStore::ListQuestionFeedback(const std::string& question_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListQuestionFeedback(c, question_id); });
}

Result<CommentPage> SqliteStore::ListEditorComments(const CommentFilter& filter) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListEditorComments(c, filter); });
}

Result<std::vector<std::string>> SqliteStore::SetCommentState(const CommentStateChange& change) {
  return Writing([&](Connection& c) { return sqlite::SetCommentState(c, change); });
}

Result<std::vector<AuditRecord>> SqliteStore::ListAudit(int limit, int offset) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListAudit(c, limit, offset); });
}

Result<JobWriteStats> SqliteStore::UpsertJobs(const std::vector<jobs::Job>& list, const JobProgress& progress) {
  return Writing([&](Connection& c) -> Result<JobWriteStats> {
    auto stats = sqlite::UpsertJobs(c, list, progress);
    if (stats) CompactSearchIndex(c);
    return stats;
  });
}

Result<jobs::Job> SqliteStore::CreateJob(const jobs::Job& job) {
  return Writing([&](Connection& c) { return sqlite::CreateJob(c, job); });
}

Result<jobs::Job> SqliteStore::UpdateJob(std::int64_t id, const jobs::Job& job) {
  return Writing([&](Connection& c) { return sqlite::UpdateJob(c, id, job); });
}

Status SqliteStore::DeleteJob(std::int64_t id) {
  return Writing([&](Connection& c) { return sqlite::DeleteJob(c, id); });
}

Result<std::optional<jobs::Job>> SqliteStore::GetJob(std::int64_t id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetJob(c, id); });
}

Result<JobList> SqliteStore::ListJobs(const jobs::JobFilter& filter, const std::string& now_utc) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListJobs(c, job_index_, filter, now_utc); });
}

Result<std::map<std::string, int>> SqliteStore::CountOpenJobsByRole(const std::string& now_utc) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::CountOpenJobsByRole(c, job_index_, now_utc); });
}

Result<JobsState> SqliteStore::GetJobsState(const std::string& now_utc) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetJobsState(c, now_utc); });
}

Result<SearchPage> SqliteStore::Search(const SearchQuery& q) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::Search(c, search_docs_, q); });
}

Result<std::vector<search::VocabularyEntry>> SqliteStore::SearchVocabulary(const VocabularyRequest& request) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::SearchVocabulary(c, request); });
}

Result<SearchIndexState> SqliteStore::GetSearchIndexState(const std::string& now_utc) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetSearchIndexState(c, now_utc); });
}

Status SqliteStore::WarmSearch(const std::vector<search::VocabularyEntry>& vocabulary) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::WarmSearch(c, search_docs_, vocabulary); });
}

Result<bool> SqliteStore::HasJobs() {
  return WithReader(readers_, [&](Connection& conn) -> Result<bool> {
    auto stmt = Statement::Prepare(conn, sql::kHasJobs);
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    return *row && stmt->ColumnBool(0);
  });
}

Result<User> SqliteStore::CreateUser(const User& user) {
  return Writing([&](Connection& c) { return sqlite::CreateUser(c, user); });
}

Result<std::optional<User>> SqliteStore::FindUserByEmail(const std::string& email) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::FindUserByEmail(c, email); });
}

Result<std::optional<User>> SqliteStore::GetUser(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetUser(c, user_id); });
}

Status SqliteStore::UpdatePasswordHash(std::int64_t user_id, const std::string& password_hash) {
  return Writing([&](Connection& c) { return sqlite::UpdatePasswordHash(c, user_id, password_hash); });
}

Status SqliteStore::SetUserRole(std::int64_t user_id, const std::string& role) {
  return Writing([&](Connection& c) { return sqlite::SetUserRole(c, user_id, role); });
}

Status SqliteStore::DeleteUser(std::int64_t user_id) {
  return Writing([&](Connection& c) { return sqlite::DeleteUser(c, user_id); });
}

Status SqliteStore::PurgeDeletedData() {
  return Writing([&](Connection& c) { return sqlite::CheckpointTruncate(c); });
}

Status SqliteStore::CreateSession(const SessionRecord& session) {
  return Writing([&](Connection& c) { return sqlite::CreateSession(c, session); });
}

Result<std::optional<std::pair<SessionRecord, User>>> SqliteStore::GetSession(const std::string& token_hash) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetSession(c, token_hash); });
}

Status SqliteStore::TouchSession(const std::string& token_hash, const std::string& last_seen_at) {
  return Writing([&](Connection& c) { return sqlite::TouchSession(c, token_hash, last_seen_at); });
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  return Writing([&](Connection& c) { return sqlite::DeleteSession(c, token_hash); });
}

Result<int> SqliteStore::DeleteUserSessions(std::int64_t user_id) {
  return Writing([&](Connection& c) { return sqlite::DeleteUserSessions(c, user_id); });
}

Result<int> SqliteStore::CountUserSessions(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::CountUserSessions(c, user_id); });
}

Result<int> SqliteStore::DeleteExpiredSessions(const std::string& now, const std::string& idle_cutoff) {
  return Writing([&](Connection& c) { return sqlite::DeleteExpiredSessions(c, now, idle_cutoff); });
}

Result<std::int64_t> SqliteStore::CreateApiToken(std::int64_t user_id, const std::string& name,
                                                 const std::string& scope, const std::string& token_hash,
                                                 const std::string& created_at) {
  return Writing(
      [&](Connection& c) { return sqlite::CreateApiToken(c, user_id, name, scope, token_hash, created_at); });
}

Result<std::vector<ApiTokenInfo>> SqliteStore::ListApiTokens(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListApiTokens(c, user_id); });
}

Status SqliteStore::DeleteApiToken(std::int64_t user_id, std::int64_t id) {
  return Writing([&](Connection& c) { return sqlite::DeleteApiToken(c, user_id, id); });
}

Result<std::optional<std::pair<ApiTokenInfo, User>>> SqliteStore::GetApiToken(const std::string& token_hash) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetApiToken(c, token_hash); });
}

Status SqliteStore::TouchApiToken(std::int64_t id, const std::string& last_used_at) {
  return Writing([&](Connection& c) { return sqlite::TouchApiToken(c, id, last_used_at); });
}

Result<std::int64_t> SqliteStore::CreateAttempt(const AttemptRecord& attempt) {
  return Writing([&](Connection& c) { return sqlite::CreateAttempt(c, attempt); });
}

Result<AttemptList> SqliteStore::ListAttempts(std::int64_t user_id, const std::string& question_id, int limit,
                                              int offset) {
  return WithReader(readers_,
                    [&](Connection& c) { return sqlite::ListAttempts(c, user_id, question_id, limit, offset); });
}

Result<std::optional<AttemptRecord>> SqliteStore::GetAttempt(std::int64_t user_id, std::int64_t id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetAttempt(c, user_id, id); });
}

Status SqliteStore::DeleteAttempt(std::int64_t user_id, std::int64_t id) {
  return Writing([&](Connection& c) { return sqlite::DeleteAttempt(c, user_id, id); });
}

Result<std::int64_t> SqliteStore::CreateStory(const StoryRecord& story, int max_stories) {
  return Writing([&](Connection& c) { return sqlite::CreateStory(c, story, max_stories); });
}

Status SqliteStore::UpdateStory(const StoryRecord& story) {
  return Writing([&](Connection& c) { return sqlite::UpdateStory(c, story); });
}

Result<std::optional<StoryRecord>> SqliteStore::GetStory(std::int64_t user_id, std::int64_t id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetStory(c, user_id, id); });
}

Result<std::vector<StoryRecord>> SqliteStore::ListStories(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListStories(c, user_id); });
}

Status SqliteStore::DeleteStory(std::int64_t user_id, std::int64_t id) {
  return Writing([&](Connection& c) { return sqlite::DeleteStory(c, user_id, id); });
}

Result<std::vector<Vote>> SqliteStore::ListUserVotes(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListUserVotes(c, user_id); });
}

Result<std::vector<std::string>> SqliteStore::ListTargetRoles(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListTargetRoles(c, user_id); });
}

Status SqliteStore::SetTargetRoles(std::int64_t user_id, const std::vector<std::string>& slugs) {
  return Writing([&](Connection& c) { return sqlite::SetTargetRoles(c, user_id, slugs); });
}

Result<std::int64_t> SqliteStore::CreateCorrection(const CorrectionRecord& correction) {
  return Writing([&](Connection& c) { return sqlite::CreateCorrection(c, correction); });
}

Result<CorrectionList> SqliteStore::ListCorrections(std::int64_t user_id, int limit, int offset) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListCorrections(c, user_id, limit, offset); });
}

Result<std::vector<CorrectionRecord>> SqliteStore::ListSharedCorrections(std::int64_t after_id, int limit) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListSharedCorrections(c, after_id, limit); });
}

Result<bool> SqliteStore::EnsureCard(std::int64_t user_id, const std::string& question_id, const std::string& now_utc) {
  return Writing([&](Connection& c) { return sqlite::EnsureCard(c, user_id, question_id, now_utc); });
}

Result<std::optional<ReviewCard>> SqliteStore::GetCard(std::int64_t user_id, const std::string& question_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetCard(c, user_id, question_id); });
}

Status SqliteStore::RecordReview(const ReviewCard& card, int expected_reps, const ReviewLogEntry& entry) {
  return Writing([&](Connection& c) { return sqlite::RecordReview(c, card, expected_reps, entry); });
}

Result<std::vector<ReviewCard>> SqliteStore::ListCards(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListCards(c, user_id); });
}

Result<std::vector<ReviewLogEntry>> SqliteStore::ListReviewLog(std::int64_t user_id, const std::string& since_utc) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListReviewLog(c, user_id, since_utc); });
}

Result<ReviewSettings> SqliteStore::GetReviewSettings(std::int64_t user_id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetReviewSettings(c, user_id); });
}

Status SqliteStore::PutReviewSettings(std::int64_t user_id, const ReviewSettings& settings) {
  return Writing([&](Connection& c) { return sqlite::PutReviewSettings(c, user_id, settings); });
}

Result<std::int64_t> SqliteStore::CreateMock(const MockRecord& mock) {
  return Writing([&](Connection& c) { return sqlite::CreateMock(c, mock); });
}

Result<std::optional<MockRecord>> SqliteStore::GetMock(std::int64_t user_id, std::int64_t id) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::GetMock(c, user_id, id); });
}

Result<MockList> SqliteStore::ListMocks(std::int64_t user_id, int limit, int offset) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::ListMocks(c, user_id, limit, offset); });
}

Status SqliteStore::UpdateMock(const MockRecord& mock) {
  return Writing([&](Connection& c) { return sqlite::UpdateMock(c, mock); });
}

Status SqliteStore::DeleteMock(std::int64_t user_id, std::int64_t id) {
  return Writing([&](Connection& c) { return sqlite::DeleteMock(c, user_id, id); });
}

Result<int> SqliteStore::ResealBatch(int key_id, int limit, const ResealFn& reseal) {
  return Writing([&](Connection& c) { return sqlite::ResealBatch(c, key_id, limit, reseal); });
}

Result<std::map<int, int>> SqliteStore::CountSealedByKey() {
  return WithReader(readers_, [&](Connection& c) { return sqlite::CountSealedByKey(c); });
}

Result<int> SqliteStore::LockedFor(const std::string& key, std::int64_t now) {
  return WithReader(readers_, [&](Connection& c) { return sqlite::LockedFor(c, key, now); });
}

Result<int> SqliteStore::RecordFailure(const std::string& key, const limits::LockoutPolicy& policy, std::int64_t now) {
  return Writing([&](Connection& c) { return sqlite::RecordFailure(c, key, policy, now); });
}

Status SqliteStore::ClearFailures(const std::string& key) {
  return Writing([&](Connection& c) { return sqlite::ClearFailures(c, key); });
}

Result<int> SqliteStore::TakeToken(const std::string& key, const limits::BucketPolicy& policy, std::int64_t now_ms) {
  return Writing([&](Connection& c) { return sqlite::TakeToken(c, key, policy, now_ms); });
}

Result<int> SqliteStore::PurgeLimits(std::int64_t now) {
  return Writing([&](Connection& c) { return sqlite::PurgeLimits(c, now); });
}

}  // namespace starprep::store::sqlite

namespace starprep::store {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  using namespace starprep::store::sqlite;
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
    return Error{ErrorCode::kInvalidArgument, "sqlite store needs a plain file path, got '" + path + "'"};
  }
  if (sqlite3_threadsafe() == 0) return Error{ErrorCode::kInternal, "libsqlite3 was built without thread support"};
  return Guarded([&]() -> Result<std::unique_ptr<Store>> {
    if (auto s = PrepareFile(path); !s) return s.error();
    auto writer = Connection::Open(path, OpenMode::kReadWrite);
    if (!writer) return writer.error();
    if (auto s = ApplyMigrations(*writer); !s) return s.error();
    return std::unique_ptr<Store>(std::make_unique<SqliteStore>(path, std::move(*writer)));
  });
}

}  // namespace starprep::store
