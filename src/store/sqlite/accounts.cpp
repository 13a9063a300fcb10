// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/accounts.h"

#include <algorithm>

#include "store/codec.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

Error NotFound(std::string what) {
  return Error{ErrorCode::kNotFound, std::move(what)};
}

User ReadUser(const Statement& row, int first) {
  return User{row.ColumnInt64(first),    row.ColumnText(first + 1), row.ColumnText(first + 2),
              row.ColumnText(first + 3), row.ColumnText(first + 4), row.ColumnText(first + 5)};
}

// Reads the token columns of kListApiTokens / kGetApiToken.
ApiTokenInfo ReadApiToken(const Statement& row) {
  return ApiTokenInfo{row.ColumnInt64(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3), row.ColumnText(4)};
}

// Runs a query expected to return at most one user row.
Result<std::optional<User>> OneUser(Connection& conn, const char* sql, const auto& key) {
  auto stmt = Statement::Prepare(conn, sql);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(key).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<User>();
  return std::optional<User>(ReadUser(*stmt, 0));
}

// Runs a single-statement write; kNotFound(`missing`) when it changed no row.
Status WriteOne(Connection& conn, const char* sql, const std::string& missing, const auto&... args) {
  auto stmt = Statement::Prepare(conn, sql);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(args...).Run(); !s) return s;
  if (conn.Changes() == 0) return NotFound(missing);
  return {};
}

Result<int> CountQuery(Connection& conn, const char* sql, const auto&... args) {
  auto stmt = Statement::Prepare(conn, sql);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(args...).Step();
  if (!row) return row.error();
  return *row ? stmt->ColumnInt(0) : 0;
}

// One page of a list and the list's total, read in one snapshot: `count_sql` takes `keys`,
// `list_sql` takes `keys`, the limit (negative: no limit) and the offset (negative reads as 0);
// `read` turns a row into an item (an item or a Result of one).
template <typename List>
Result<List> PageWithTotal(Connection& reader, const char* count_sql, const char* list_sql, int limit, int offset,
                           const auto& read, const auto&... keys) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);
  if (!tx) return tx.error();
  List list;
  auto total = CountQuery(reader, count_sql, keys...);
  if (!total) return total.error();
  list.total = *total;
  auto stmt = Statement::Prepare(reader, list_sql);
  if (!stmt) return stmt.error();
  stmt->Bind(keys..., limit, std::max(offset, 0));
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return list;
    auto item = read(*stmt);
    if constexpr (requires { item.error(); }) {
      if (!item) return item.error();
      list.items.push_back(std::move(*item));
    } else {
      list.items.push_back(std::move(item));
    }
  }
}

// Reads a row of kListAttempts / kGetAttempt.
Result<AttemptRecord> ReadAttempt(const Statement& row) {
  AttemptRecord a;
  a.id = row.ColumnInt64(0);
  a.user_id = row.ColumnInt64(1);
  a.question_id = row.ColumnText(2);
  a.sealed = Sealed{row.ColumnInt(3), row.ColumnBlob(4)};
  a.score = row.ColumnInt(5);
  auto parts = DecodeStarParts(row.ColumnText(6));
  if (!parts)
    return Error{ErrorCode::kInternal, "sqlite store: malformed parts_json in attempt " + std::to_string(a.id)};
  a.parts = *parts;
  a.seconds = row.ColumnInt(7);
  a.words = row.ColumnInt(8);
  a.created_at = row.ColumnText(9);
  return a;
}

// Reads a row of kGetStory / kListStories and its linked questions.
Result<StoryRecord> ReadStory(Connection& conn, const Statement& row) {
  StoryRecord s;
  s.id = row.ColumnInt64(0);
  s.user_id = row.ColumnInt64(1);
  s.sealed = Sealed{row.ColumnInt(2), row.ColumnBlob(3)};
  auto competencies = DecodeStringList(row.ColumnText(4));
  if (!competencies)
    return Error{ErrorCode::kInternal, "sqlite store: malformed competencies in story " + std::to_string(s.id)};
  s.competencies = std::move(*competencies);
  s.score = row.ColumnInt(5);
  s.created_at = row.ColumnText(6);
  s.updated_at = row.ColumnText(7);
  auto links = Statement::Prepare(conn, sql::kStoryQuestions);
  if (!links) return links.error();
  links->Bind(s.id);
  for (;;) {
    auto next = links->Step();
    if (!next) return next.error();
    if (!*next) break;
    s.question_ids.push_back(links->ColumnText(0));
  }
  return s;
}

// Reads a row of kListCorrections / kListSharedCorrections.
CorrectionRecord ReadCorrection(const Statement& row) {
  return CorrectionRecord{row.ColumnInt64(0),
                          row.ColumnInt64(1),
                          row.ColumnText(2),
                          row.ColumnBool(3),
                          Sealed{row.ColumnInt(4), row.ColumnBlob(5)},
                          row.ColumnText(6)};
}

// Reads a row of kGetMock / kListMocks.
Result<MockRecord> ReadMock(const Statement& row) {
  MockRecord m;
  m.id = row.ColumnInt64(0);
  m.user_id = row.ColumnInt64(1);
  m.role_slug = row.ColumnText(2);
  auto questions = DecodeStringList(row.ColumnText(3));
  if (!questions)
    return Error{ErrorCode::kInternal, "sqlite store: malformed questions in mock " + std::to_string(m.id)};
  m.question_ids = std::move(*questions);
  m.sealed = Sealed{row.ColumnInt(4), row.ColumnBlob(5)};
  m.finished = row.ColumnBool(6);
  m.score = row.ColumnInt(7);
  m.revision = row.ColumnInt(8);
  m.created_at = row.ColumnText(9);
  m.updated_at = row.ColumnText(10);
  return m;
}

// kNotFound naming the first question id that does not exist.
Status CheckQuestions(Connection& conn, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    auto n = CountQuery(conn, sql::kQuestionExists, id);
    if (!n) return n.error();
    if (*n == 0) return NotFound("There is no question with id \"" + id + "\".");
  }
  return {};
}

Status LinkQuestions(Connection& conn, std::int64_t story_id, const std::vector<std::string>& ids) {
  if (auto s = CheckQuestions(conn, ids); !s) return s;
  auto clear = Statement::Prepare(conn, sql::kClearStoryQuestions);
  if (!clear) return clear.error();
  if (auto s = clear->Bind(story_id).Run(); !s) return s;
  auto link = Statement::Prepare(conn, sql::kLinkStoryQuestion);
  if (!link) return link.error();
  for (const auto& id : ids) {
    link->Reset();
    if (auto s = link->Bind(story_id, id).Run(); !s) return s;
  }
  return {};
}

}  // namespace

Result<User> CreateUser(Connection& writer, const User& user) {
  auto stmt = Statement::Prepare(writer, sql::kInsertUser);
  if (!stmt) return stmt.error();
  auto s = stmt->Bind(user.email, user.display_name, user.password_hash, user.role, user.created_at).Run();
  if (!s) {
    if (s.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict, "An account with this email already exists."};
    return s.error();
  }
  User created = user;
  created.id = sqlite3_last_insert_rowid(writer.handle());
  return created;
}

Result<std::optional<User>> FindUserByEmail(Connection& reader, const std::string& email) {
  return OneUser(reader, sql::kUserByEmail, email);
}

Result<std::optional<User>> GetUser(Connection& reader, std::int64_t user_id) {
  return OneUser(reader, sql::kUserById, user_id);
}

Status UpdatePasswordHash(Connection& writer, std::int64_t user_id, const std::string& hash) {
  return WriteOne(writer, sql::kUpdatePasswordHash, "no such user", hash, user_id);
}

Status SetUserRole(Connection& writer, std::int64_t user_id, const std::string& role) {
  return WriteOne(writer, sql::kSetUserRole, "no such user", role, user_id);
}

Status DeleteUser(Connection& writer, std::int64_t user_id) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  // Explicit, although ON DELETE SET NULL would do it: the contract should not hang on a pragma.
  auto unlink = Statement::Prepare(writer, sql::kUnlinkUserVotes);
  if (!unlink) return unlink.error();
  if (auto s = unlink->Bind(user_id).Run(); !s) return s;
  if (auto s = WriteOne(writer, sql::kDeleteUser, "no such user", user_id); !s) return s;
  auto audit = Statement::Prepare(writer, sql::kAnonymiseDeletedEditorsAudit);
  if (!audit) return audit.error();
  if (auto s = audit->Run(); !s) return s;
  return tx->Commit();
}

Status CreateSession(Connection& writer, const SessionRecord& s) {
  auto stmt = Statement::Prepare(writer, sql::kInsertSession);
  if (!stmt) return stmt.error();
  return stmt->Bind(s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at).Run();
}

Result<std::optional<std::pair<SessionRecord, User>>> GetSession(Connection& reader, const std::string& token_hash) {
  using Found = std::optional<std::pair<SessionRecord, User>>;
  auto stmt = Statement::Prepare(reader, sql::kGetSession);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(token_hash).Step();
  if (!row) return row.error();
  if (!*row) return Found();
  SessionRecord s{stmt->ColumnText(0), stmt->ColumnInt64(1), stmt->ColumnText(2), stmt->ColumnText(3),
                  stmt->ColumnText(4)};
  return Found(std::make_pair(std::move(s), ReadUser(*stmt, 5)));
}

Status TouchSession(Connection& writer, const std::string& token_hash, const std::string& last_seen_at) {
  return WriteOne(writer, sql::kTouchSession, "no such session", last_seen_at, token_hash);
}

Status DeleteSession(Connection& writer, const std::string& token_hash) {
  auto stmt = Statement::Prepare(writer, sql::kDeleteSession);
  if (!stmt) return stmt.error();
  return stmt->Bind(token_hash).Run();
}

Result<int> DeleteUserSessions(Connection& writer, std::int64_t user_id) {
  auto stmt = Statement::Prepare(writer, sql::kDeleteUserSessions);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(user_id).Run(); !s) return s.error();
  return writer.Changes();
}

Result<int> DeleteExpiredSessions(Connection& writer, const std::string& now, const std::string& idle_cutoff) {
  auto stmt = Statement::Prepare(writer, sql::kDeleteExpiredSessions);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(now, idle_cutoff).Run(); !s) return s.error();
  return writer.Changes();
}

Result<int> CountUserSessions(Connection& reader, std::int64_t user_id) {
  return CountQuery(reader, sql::kCountUserSessions, user_id);
}

Result<std::int64_t> CreateApiToken(Connection& writer, std::int64_t user_id, const std::string& name,
                                    const std::string& scope, const std::string& token_hash,
                                    const std::string& created_at) {
  auto stmt = Statement::Prepare(writer, sql::kInsertApiToken);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(user_id, name, scope, token_hash, created_at).Run(); !s) return s.error();
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(writer.handle()));
}

Result<std::vector<ApiTokenInfo>> ListApiTokens(Connection& reader, std::int64_t user_id) {
  auto stmt = Statement::Prepare(reader, sql::kListApiTokens);
  if (!stmt) return stmt.error();
  stmt->Bind(user_id);
  std::vector<ApiTokenInfo> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadApiToken(*stmt));
  }
}

Status DeleteApiToken(Connection& writer, std::int64_t user_id, std::int64_t id) {
  return WriteOne(writer, sql::kDeleteApiToken, "There is no API token " + std::to_string(id) + ".", id, user_id);
}

Result<std::optional<std::pair<ApiTokenInfo, User>>> GetApiToken(Connection& reader, const std::string& token_hash) {
  using Found = std::optional<std::pair<ApiTokenInfo, User>>;
  auto stmt = Statement::Prepare(reader, sql::kGetApiToken);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(token_hash).Step();
  if (!row) return row.error();
  if (!*row) return Found();
  return Found(std::make_pair(ReadApiToken(*stmt), ReadUser(*stmt, 5)));
}

Status TouchApiToken(Connection& writer, std::int64_t id, const std::string& last_used_at) {
  return WriteOne(writer, sql::kTouchApiToken, "There is no API token " + std::to_string(id) + ".", last_used_at, id);
}

Status CheckpointTruncate(Connection& writer) {
  auto stmt = Statement::Prepare(writer, sql::kCheckpointTruncate);
  if (!stmt) return stmt.error();
  auto row = stmt->Step();
  if (!row) return row.error();
  if (*row && stmt->ColumnInt(0) != 0)
    return Error{ErrorCode::kUnavailable, "sqlite: readers kept the WAL checkpoint from finishing", 1};
  return {};
}

Result<std::int64_t> CreateAttempt(Connection& writer, const AttemptRecord& a) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  if (auto s = CheckQuestions(writer, {a.question_id}); !s) return s.error();
  auto stmt = Statement::Prepare(writer, sql::kInsertAttempt);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(a.user_id, a.question_id, a.sealed.key_id, Blob{a.sealed.bytes}, a.score,
                          EncodeStarParts(a.parts), a.seconds, a.words, a.created_at)
                   .Run();
      !s)
    return s.error();
  const std::int64_t id = sqlite3_last_insert_rowid(writer.handle());
  if (auto s = tx->Commit(); !s) return s.error();
  return id;
}

Result<AttemptList> ListAttempts(Connection& reader, std::int64_t user_id, const std::string& question_id, int limit,
                                 int offset) {
  return PageWithTotal<AttemptList>(reader, sql::kCountAttempts, sql::kListAttempts, limit, offset, ReadAttempt,
                                    user_id, question_id);
}

Result<std::optional<AttemptRecord>> GetAttempt(Connection& reader, std::int64_t user_id, std::int64_t id) {
  auto stmt = Statement::Prepare(reader, sql::kGetAttempt);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(user_id, id).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<AttemptRecord>();
  auto a = ReadAttempt(*stmt);
  if (!a) return a.error();
  return std::optional<AttemptRecord>(std::move(*a));
}

Status DeleteAttempt(Connection& writer, std::int64_t user_id, std::int64_t id) {
  return WriteOne(writer, sql::kDeleteAttempt, "There is no attempt " + std::to_string(id) + ".", user_id, id);
}

Result<std::int64_t> CreateStory(Connection& writer, const StoryRecord& story, int max_stories) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto count = CountQuery(writer, sql::kCountUserStories, story.user_id);
  if (!count) return count.error();
  if (*count >= max_stories)
    return Error{ErrorCode::kConflict, "user " + std::to_string(story.user_id) + " has " + std::to_string(*count) +
                                           " stories, the most allowed"};
  auto stmt = Statement::Prepare(writer, sql::kInsertStory);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(story.user_id, story.sealed.key_id, Blob{story.sealed.bytes},
                          EncodeStringList(story.competencies), story.score, story.created_at, story.updated_at)
                   .Run();
      !s)
    return s.error();
  const std::int64_t id = sqlite3_last_insert_rowid(writer.handle());
  if (auto s = LinkQuestions(writer, id, story.question_ids); !s) return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  return id;
}

Status UpdateStory(Connection& writer, const StoryRecord& story) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  if (auto s = WriteOne(writer, sql::kUpdateStory, "There is no story " + std::to_string(story.id) + ".", story.user_id,
                        story.id, story.sealed.key_id, Blob{story.sealed.bytes}, EncodeStringList(story.competencies),
                        story.score, story.updated_at);
      !s)
    return s;
  if (auto s = LinkQuestions(writer, story.id, story.question_ids); !s) return s;
  return tx->Commit();
}

Result<std::optional<StoryRecord>> GetStory(Connection& reader, std::int64_t user_id, std::int64_t id) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);
  if (!tx) return tx.error();
  auto stmt = Statement::Prepare(reader, sql::kGetStory);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(user_id, id).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoryRecord>();
  auto s = ReadStory(reader, *stmt);
  if (!s) return s.error();
  return std::optional<StoryRecord>(std::move(*s));
}

Result<std::vector<StoryRecord>> ListStories(Connection& reader, std::int64_t user_id) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);
  if (!tx) return tx.error();
  auto stmt = Statement::Prepare(reader, sql::kListStories);
  if (!stmt) return stmt.error();
  stmt->Bind(user_id);
  std::vector<StoryRecord> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    auto s = ReadStory(reader, *stmt);
    if (!s) return s.error();
    out.push_back(std::move(*s));
  }
}

Status DeleteStory(Connection& writer, std::int64_t user_id, std::int64_t id) {
  return WriteOne(writer, sql::kDeleteStory, "There is no story " + std::to_string(id) + ".", user_id, id);
}

Result<std::vector<Vote>> ListUserVotes(Connection& reader, std::int64_t user_id) {
  auto stmt = Statement::Prepare(reader, sql::kListUserVotes);
  if (!stmt) return stmt.error();
  stmt->Bind(user_id);
  std::vector<Vote> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(Vote{stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnBool(2), stmt->ColumnText(3), user_id});
  }
}

Result<std::vector<std::string>> ListTargetRoles(Connection& reader, std::int64_t user_id) {
  auto stmt = Statement::Prepare(reader, sql::kListTargetRoles);
  if (!stmt) return stmt.error();
  stmt->Bind(user_id);
  std::vector<std::string> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(stmt->ColumnText(0));
  }
  return out;
}

Status SetTargetRoles(Connection& writer, std::int64_t user_id, const std::vector<std::string>& slugs) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto exists = CountQuery(writer, sql::kUserExists, user_id);
  if (!exists) return exists.error();
  if (*exists == 0) return NotFound("no such user");
  auto clear = Statement::Prepare(writer, sql::kClearTargetRoles);
  if (!clear) return clear.error();
  if (auto s = clear->Bind(user_id).Run(); !s) return s;
  auto insert = Statement::Prepare(writer, sql::kInsertTargetRole);
  if (!insert) return insert.error();
  for (std::size_t i = 0; i < slugs.size(); ++i) {
    insert->Reset();
    if (auto s = insert->Bind(user_id, slugs[i], static_cast<int>(i)).Run(); !s) return s;
  }
  return tx->Commit();
}

Result<std::int64_t> CreateCorrection(Connection& writer, const CorrectionRecord& c) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  if (!c.question_id.empty())
    if (auto s = CheckQuestions(writer, {c.question_id}); !s) return s.error();
  auto stmt = Statement::Prepare(writer, sql::kInsertCorrection);
  if (!stmt) return stmt.error();
  if (auto s =
          stmt->Bind(c.user_id, c.question_id, c.shared, c.sealed.key_id, Blob{c.sealed.bytes}, c.created_at).Run();
      !s)
    return s.error();
  const std::int64_t id = sqlite3_last_insert_rowid(writer.handle());
  if (auto s = tx->Commit(); !s) return s.error();
  return id;
}

Result<CorrectionList> ListCorrections(Connection& reader, std::int64_t user_id, int limit, int offset) {
  return PageWithTotal<CorrectionList>(reader, sql::kCountCorrections, sql::kListCorrections, std::max(limit, 0),
                                       offset, ReadCorrection, user_id);
}

Result<std::vector<CorrectionRecord>> ListSharedCorrections(Connection& reader, std::int64_t after_id, int limit) {
  auto stmt = Statement::Prepare(reader, sql::kListSharedCorrections);
  if (!stmt) return stmt.error();
  stmt->Bind(after_id, std::max(limit, 0));
  std::vector<CorrectionRecord> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadCorrection(*stmt));
  }
}

// ---- mock interviews ----

Result<std::int64_t> CreateMock(Connection& writer, const MockRecord& m) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  if (auto s = CheckQuestions(writer, m.question_ids); !s) return s.error();
  auto stmt = Statement::Prepare(writer, sql::kInsertMock);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(m.user_id, m.role_slug, EncodeStringList(m.question_ids), m.sealed.key_id,
                          Blob{m.sealed.bytes}, m.finished, m.score, m.created_at, m.updated_at)
                   .Run();
      !s)
    return s.error();
  const std::int64_t id = sqlite3_last_insert_rowid(writer.handle());
  if (auto s = tx->Commit(); !s) return s.error();
  return id;
}

Result<std::optional<MockRecord>> GetMock(Connection& reader, std::int64_t user_id, std::int64_t id) {
  auto stmt = Statement::Prepare(reader, sql::kGetMock);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(user_id, id).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<MockRecord>();
  auto m = ReadMock(*stmt);
  if (!m) return m.error();
  return std::optional<MockRecord>(std::move(*m));
}

Result<MockList> ListMocks(Connection& reader, std::int64_t user_id, int limit, int offset) {
  return PageWithTotal<MockList>(reader, sql::kCountMocks, sql::kListMocks, std::max(limit, 0), offset, ReadMock,
                                 user_id);
}

Status UpdateMock(Connection& writer, const MockRecord& m) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto stmt = Statement::Prepare(writer, sql::kUpdateMock);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(m.user_id, m.id, m.revision, m.sealed.key_id, Blob{m.sealed.bytes}, m.finished, m.score,
                          m.updated_at)
                   .Run();
      !s)
    return s;
  if (writer.Changes() == 0) {
    auto exists = CountQuery(writer, sql::kMockExists, m.user_id, m.id);
    if (!exists) return exists.error();
    if (*exists == 0) return NotFound("There is no mock interview " + std::to_string(m.id) + ".");
    return Error{ErrorCode::kConflict, "mock interview " + std::to_string(m.id) + " changed since it was read"};
  }
  return tx->Commit();
}

Status DeleteMock(Connection& writer, std::int64_t user_id, std::int64_t id) {
  return WriteOne(writer, sql::kDeleteMock, "There is no mock interview " + std::to_string(id) + ".", user_id, id);
}

Result<int> ResealBatch(Connection& writer, int key_id, int limit, const ResealFn& reseal) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  int changed = 0;
  struct Table {
    SealedKind kind;
    const char* select;
    const char* update;
  };
  for (const Table& t : {Table{SealedKind::kAttempt, sql::kAttemptsToReseal, sql::kResealAttempt},
                         Table{SealedKind::kStory, sql::kStoriesToReseal, sql::kResealStory},
                         Table{SealedKind::kCorrection, sql::kCorrectionsToReseal, sql::kResealCorrection},
                         Table{SealedKind::kMock, sql::kMocksToReseal, sql::kResealMock}}) {
    struct Row {
      std::int64_t id, user_id;
      Sealed sealed;
    };
    std::vector<Row> rows;
    {
      auto stmt = Statement::Prepare(writer, t.select);
      if (!stmt) return stmt.error();
      stmt->Bind(key_id, limit - changed);
      for (;;) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        rows.push_back({stmt->ColumnInt64(0), stmt->ColumnInt64(1), Sealed{stmt->ColumnInt(2), stmt->ColumnBlob(3)}});
      }
    }
    auto update = Statement::Prepare(writer, t.update);
    if (!update) return update.error();
    for (const auto& r : rows) {
      auto sealed = reseal(t.kind, r.user_id, r.sealed);
      if (!sealed) return sealed.error();
      update->Reset();
      if (auto s = update->Bind(sealed->key_id, Blob{sealed->bytes}, r.id).Run(); !s) return s.error();
      ++changed;
    }
  }
  if (auto s = tx->Commit(); !s) return s.error();
  return changed;
}

Result<std::map<int, int>> CountSealedByKey(Connection& reader) {
  auto stmt = Statement::Prepare(reader, sql::kCountSealedByKey);
  if (!stmt) return stmt.error();
  std::map<int, int> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out[stmt->ColumnInt(0)] = stmt->ColumnInt(1);
  }
}

}  // namespace starprep::store::sqlite
