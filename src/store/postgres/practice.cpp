// SPDX-License-Identifier: Apache-2.0
// PostgresStore: attempts, stories, a user's votes, coach corrections, mock interviews and re-sealing (store/store.h
// has the contract of each call; store/sqlite/accounts.cpp is the SQLite twin).
//
// Every write runs in Pool::Write (one transaction, repeated only when nothing was committed),
// even a single DELETE: a repeat in Pool::Read after a lost connection could report a committed
// delete as "not found" or insert twice. Lists that carry a total read it in the same statement
// as the page (one snapshot under READ COMMITTED), and a story's linked questions come in the
// story's own row, so no read needs a transaction of its own.
#include <algorithm>
#include <utility>

#include "store/codec.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {

namespace {

Error NotFound(std::string what) {
  return Error{ErrorCode::kNotFound, std::move(what)};
}

Error Malformed(const char* what, std::int64_t id) {
  return Error{ErrorCode::kInternal, std::string("postgres store: malformed ") + what + " " + std::to_string(id)};
}

// Reads the kGetAttempt columns of row `r`, starting at column `first`.
Result<AttemptRecord> ReadAttempt(const Rows& rows, int r, int first) {
  AttemptRecord a;
  a.id = rows.Int(r, first);
  a.user_id = rows.Int(r, first + 1);
  a.question_id = rows.Text(r, first + 2);
  a.sealed = Sealed{static_cast<int>(rows.Int(r, first + 3)), rows.Bytea(r, first + 4)};
  a.score = static_cast<int>(rows.Int(r, first + 5));
  auto parts = DecodeStarParts(rows.Text(r, first + 6));
  if (!parts) return Malformed("parts_json in attempt", a.id);
  a.parts = *parts;
  a.seconds = static_cast<int>(rows.Int(r, first + 7));
  a.words = static_cast<int>(rows.Int(r, first + 8));
  a.created_at = rows.Text(r, first + 9);
  return a;
}

// Reads a row of kGetStory / kListStories (the linked question ids come as its last column).
Result<StoryRecord> ReadStory(const Rows& rows, int r) {
  StoryRecord s;
  s.id = rows.Int(r, 0);
  s.user_id = rows.Int(r, 1);
  s.sealed = Sealed{static_cast<int>(rows.Int(r, 2)), rows.Bytea(r, 3)};
  auto competencies = DecodeStringList(rows.Text(r, 4));
  if (!competencies) return Malformed("competencies in story", s.id);
  s.competencies = std::move(*competencies);
  s.score = static_cast<int>(rows.Int(r, 5));
  s.created_at = rows.Text(r, 6);
  s.updated_at = rows.Text(r, 7);
  auto questions = DecodeStringList(rows.Text(r, 8));
  if (!questions) return Malformed("question links of story", s.id);
  s.question_ids = std::move(*questions);
  return s;
}

// Reads the kListSharedCorrections columns of row `r`, starting at column `first`.
CorrectionRecord ReadCorrection(const Rows& rows, int r, int first) {
  return CorrectionRecord{rows.Int(r, first),
                          rows.Int(r, first + 1),
                          rows.Text(r, first + 2),
                          rows.Bool(r, first + 3),
                          Sealed{static_cast<int>(rows.Int(r, first + 4)), rows.Bytea(r, first + 5)},
                          rows.Text(r, first + 6)};
}

// Reads the kGetMock columns of row `r`, starting at column `first`.
Result<MockRecord> ReadMock(const Rows& rows, int r, int first) {
  MockRecord m;
  m.id = rows.Int(r, first);
  m.user_id = rows.Int(r, first + 1);
  m.role_slug = rows.Text(r, first + 2);
  auto questions = DecodeStringList(rows.Text(r, first + 3));
  if (!questions) return Malformed("questions in mock", m.id);
  m.question_ids = std::move(*questions);
  m.sealed = Sealed{static_cast<int>(rows.Int(r, first + 4)), rows.Bytea(r, first + 5)};
  m.finished = rows.Bool(r, first + 6);
  m.score = static_cast<int>(rows.Int(r, first + 7));
  m.revision = static_cast<int>(rows.Int(r, first + 8));
  m.created_at = rows.Text(r, first + 9);
  m.updated_at = rows.Text(r, first + 10);
  return m;
}

// kNotFound naming the first question id (live or retired) that does not exist.
Status CheckQuestions(Conn& c, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    auto rows = c.Exec(sql::kPracticeQuestionExists, id);
    if (!rows) return rows.error();
    if (!rows->Bool(0, 0)) return NotFound("There is no question with id \"" + id + "\".");
  }
  return {};
}

Status LinkQuestions(Conn& c, std::int64_t story_id, const std::vector<std::string>& ids) {
  if (auto s = CheckQuestions(c, ids); !s) return s;
  if (auto r = c.Exec(sql::kClearStoryQuestions, story_id); !r) return r.error();
  for (const auto& id : ids)
    if (auto r = c.Exec(sql::kLinkStoryQuestion, story_id, id); !r) return r.error();
  return {};
}

// Runs a one-statement write; kNotFound(`missing`) when it changed no row.
Status WriteOne(Conn& c, const char* sql, const std::string& missing, const auto&... args) {
  auto rows = c.Exec(sql, args...);
  if (!rows) return rows.error();
  if (rows->affected() == 0) return NotFound(missing);
  return {};
}

}  // namespace

Result<std::int64_t> PostgresStore::CreateAttempt(const AttemptRecord& a) {
  const std::string parts = EncodeStarParts(a.parts);
  return pool_.Write([&](Conn& c) -> Result<std::int64_t> {
    if (auto s = CheckQuestions(c, {a.question_id}); !s) return s.error();
    auto rows = c.Exec(sql::kInsertAttempt, a.user_id, a.question_id, a.sealed.key_id, Bytes{a.sealed.bytes}, a.score,
                       parts, a.seconds, a.words, a.created_at);
    if (!rows) return rows.error();
    return rows->Int(0, 0);
  });
}

Result<AttemptList> PostgresStore::ListAttempts(std::int64_t user_id, const std::string& question_id, int limit,
                                                int offset) {
  return pool_.Read([&](Conn& c) -> Result<AttemptList> {
    auto rows = c.Exec(sql::kListAttempts, user_id, question_id, limit, std::max(offset, 0));
    if (!rows) return rows.error();
    AttemptList list;
    for (int r = 0; r < rows->size(); ++r) {
      list.total = static_cast<int>(rows->Int(r, 0));
      if (rows->Null(r, 1)) continue;  // the page is empty
      auto a = ReadAttempt(*rows, r, 1);
      if (!a) return a.error();
      list.items.push_back(std::move(*a));
    }
    return list;
  });
}

Result<std::optional<AttemptRecord>> PostgresStore::GetAttempt(std::int64_t user_id, std::int64_t id) {
  return pool_.Read([&](Conn& c) -> Result<std::optional<AttemptRecord>> {
    auto rows = c.Exec(sql::kGetAttempt, user_id, id);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<AttemptRecord>();
    auto a = ReadAttempt(*rows, 0, 0);
    if (!a) return a.error();
    return std::optional<AttemptRecord>(std::move(*a));
  });
}

Status PostgresStore::DeleteAttempt(std::int64_t user_id, std::int64_t id) {
  return pool_.Write([&](Conn& c) -> Status {
    return WriteOne(c, sql::kDeleteAttempt, "There is no attempt " + std::to_string(id) + ".", user_id, id);
  });
}

// The user's row lock makes count-then-insert atomic against concurrent creates of the same
// user (READ COMMITTED: the count runs after the lock is granted, so it sees what the previous
// holder committed). An unknown user takes no lock and fails on the insert's foreign key.
Result<std::int64_t> PostgresStore::CreateStory(const StoryRecord& story, int max_stories) {
  const std::string competencies = EncodeStringList(story.competencies);
  return pool_.Write([&](Conn& c) -> Result<std::int64_t> {
    if (auto r = c.Exec(sql::kLockStoryOwner, story.user_id); !r) return r.error();
    auto count = c.Exec(sql::kCountUserStories, story.user_id);
    if (!count) return count.error();
    const std::int64_t n = count->Int(0, 0);
    if (n >= max_stories)
      return Error{ErrorCode::kConflict, "user " + std::to_string(story.user_id) + " has " + std::to_string(n) +
                                             " stories, the most allowed"};
    auto rows = c.Exec(sql::kInsertStory, story.user_id, story.sealed.key_id, Bytes{story.sealed.bytes}, competencies,
                       story.score, story.created_at, story.updated_at);
    if (!rows) return rows.error();
    const std::int64_t id = rows->Int(0, 0);
    if (auto s = LinkQuestions(c, id, story.question_ids); !s) return s.error();
    return id;
  });
}

Status PostgresStore::UpdateStory(const StoryRecord& story) {
  const std::string competencies = EncodeStringList(story.competencies);
  return pool_.Write([&](Conn& c) -> Status {
    if (auto s = WriteOne(c, sql::kUpdateStory, "There is no story " + std::to_string(story.id) + ".", story.user_id,
                          story.id, story.sealed.key_id, Bytes{story.sealed.bytes}, competencies, story.score,
                          story.updated_at);
        !s)
      return s;
    return LinkQuestions(c, story.id, story.question_ids);
  });
}

Result<std::optional<StoryRecord>> PostgresStore::GetStory(std::int64_t user_id, std::int64_t id) {
  return pool_.Read([&](Conn& c) -> Result<std::optional<StoryRecord>> {
    auto rows = c.Exec(sql::kGetStory, user_id, id);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<StoryRecord>();
    auto s = ReadStory(*rows, 0);
    if (!s) return s.error();
    return std::optional<StoryRecord>(std::move(*s));
  });
}

Result<std::vector<StoryRecord>> PostgresStore::ListStories(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<StoryRecord>> {
    auto rows = c.Exec(sql::kListStories, user_id);
    if (!rows) return rows.error();
    std::vector<StoryRecord> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r) {
      auto s = ReadStory(*rows, r);
      if (!s) return s.error();
      out.push_back(std::move(*s));
    }
    return out;
  });
}

Status PostgresStore::DeleteStory(std::int64_t user_id, std::int64_t id) {
  return pool_.Write([&](Conn& c) -> Status {
    return WriteOne(c, sql::kDeleteStory, "There is no story " + std::to_string(id) + ".", user_id, id);
  });
}

Result<std::vector<Vote>> PostgresStore::ListUserVotes(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<Vote>> {
    auto rows = c.Exec(sql::kListUserVotes, user_id);
    if (!rows) return rows.error();
    std::vector<Vote> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r)
      out.push_back(Vote{rows->Text(r, 0), rows->Text(r, 1), rows->Bool(r, 2), rows->Text(r, 3), user_id});
    return out;
  });
}

Result<std::int64_t> PostgresStore::CreateCorrection(const CorrectionRecord& k) {
  return pool_.Write([&](Conn& c) -> Result<std::int64_t> {
    if (!k.question_id.empty())
      if (auto s = CheckQuestions(c, {k.question_id}); !s) return s.error();
    auto rows = c.Exec(sql::kInsertCorrection, k.user_id, k.question_id, k.shared, k.sealed.key_id,
                       Bytes{k.sealed.bytes}, k.created_at);
    if (!rows) return rows.error();
    return rows->Int(0, 0);
  });
}

Result<CorrectionList> PostgresStore::ListCorrections(std::int64_t user_id, int limit, int offset) {
  return pool_.Read([&](Conn& c) -> Result<CorrectionList> {
    auto rows = c.Exec(sql::kListCorrections, user_id, std::max(limit, 0), std::max(offset, 0));
    if (!rows) return rows.error();
    CorrectionList list;
    for (int r = 0; r < rows->size(); ++r) {
      list.total = static_cast<int>(rows->Int(r, 0));
      if (rows->Null(r, 1)) continue;  // the page is empty
      list.items.push_back(ReadCorrection(*rows, r, 1));
    }
    return list;
  });
}

Result<std::vector<CorrectionRecord>> PostgresStore::ListSharedCorrections(std::int64_t after_id, int limit) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<CorrectionRecord>> {
    auto rows = c.Exec(sql::kListSharedCorrections, after_id, std::max(limit, 0));
    if (!rows) return rows.error();
    std::vector<CorrectionRecord> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r) out.push_back(ReadCorrection(*rows, r, 0));
    return out;
  });
}

// ---- mock interviews ----

Result<std::int64_t> PostgresStore::CreateMock(const MockRecord& m) {
  const std::string questions = EncodeStringList(m.question_ids);
  return pool_.Write([&](Conn& c) -> Result<std::int64_t> {
    if (auto s = CheckQuestions(c, m.question_ids); !s) return s.error();
    auto rows = c.Exec(sql::kInsertMock, m.user_id, m.role_slug, questions, m.sealed.key_id, Bytes{m.sealed.bytes},
                       m.finished, m.score, m.created_at, m.updated_at);
    if (!rows) return rows.error();
    return rows->Int(0, 0);
  });
}

Result<std::optional<MockRecord>> PostgresStore::GetMock(std::int64_t user_id, std::int64_t id) {
  return pool_.Read([&](Conn& c) -> Result<std::optional<MockRecord>> {
    auto rows = c.Exec(sql::kGetMock, user_id, id);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<MockRecord>();
    auto m = ReadMock(*rows, 0, 0);
    if (!m) return m.error();
    return std::optional<MockRecord>(std::move(*m));
  });
}

Result<MockList> PostgresStore::ListMocks(std::int64_t user_id, int limit, int offset) {
  return pool_.Read([&](Conn& c) -> Result<MockList> {
    auto rows = c.Exec(sql::kListMocks, user_id, std::max(limit, 0), std::max(offset, 0));
    if (!rows) return rows.error();
    MockList list;
    for (int r = 0; r < rows->size(); ++r) {
      list.total = static_cast<int>(rows->Int(r, 0));
      if (rows->Null(r, 1)) continue;  // the page is empty
      auto m = ReadMock(*rows, r, 1);
      if (!m) return m.error();
      list.items.push_back(std::move(*m));
    }
    return list;
  });
}

Status PostgresStore::UpdateMock(const MockRecord& m) {
  return pool_.Write([&](Conn& c) -> Status {
    auto rows = c.Exec(sql::kUpdateMock, m.user_id, m.id, m.revision, m.sealed.key_id, Bytes{m.sealed.bytes},
                       m.finished, m.score, m.updated_at);
    if (!rows) return rows.error();
    if (rows->affected() > 0) return {};
    auto exists = c.Exec(sql::kMockExists, m.user_id, m.id);
    if (!exists) return exists.error();
    if (!exists->Bool(0, 0)) return NotFound("There is no mock interview " + std::to_string(m.id) + ".");
    return Error{ErrorCode::kConflict, "mock interview " + std::to_string(m.id) + " changed since it was read"};
  });
}

Status PostgresStore::DeleteMock(std::int64_t user_id, std::int64_t id) {
  return pool_.Write([&](Conn& c) -> Status {
    return WriteOne(c, sql::kDeleteMock, "There is no mock interview " + std::to_string(id) + ".", user_id, id);
  });
}

// The selected records stay locked (FOR UPDATE) until the batch commits: an edit committed
// meanwhile waits, so it is neither lost nor re-sealed from stale bytes. If the pool repeats the
// transaction (a deadlock with such an edit), `reseal` is called again for the records it
// re-reads; it only computes values, so that is harmless.
Result<int> PostgresStore::ResealBatch(int key_id, int limit, const ResealFn& reseal) {
  struct Table {
    SealedKind kind;
    const char* select;
    const char* update;
  };
  static constexpr Table kTables[] = {{SealedKind::kAttempt, sql::kAttemptsToReseal, sql::kResealAttempt},
                                      {SealedKind::kStory, sql::kStoriesToReseal, sql::kResealStory},
                                      {SealedKind::kCorrection, sql::kCorrectionsToReseal, sql::kResealCorrection},
                                      {SealedKind::kMock, sql::kMocksToReseal, sql::kResealMock}};
  return pool_.Write([&](Conn& c) -> Result<int> {
    int changed = 0;
    for (const Table& t : kTables) {
      auto rows = c.Exec(t.select, key_id, limit < 0 ? -1 : limit - changed);
      if (!rows) return rows.error();
      for (int r = 0; r < rows->size(); ++r) {
        const Sealed old{static_cast<int>(rows->Int(r, 2)), rows->Bytea(r, 3)};
        auto sealed = reseal(t.kind, rows->Int(r, 1), old);
        if (!sealed) return sealed.error();
        if (auto u = c.Exec(t.update, sealed->key_id, Bytes{sealed->bytes}, rows->Int(r, 0)); !u) return u.error();
        ++changed;
      }
    }
    return changed;
  });
}

Result<std::map<int, int>> PostgresStore::CountSealedByKey() {
  return pool_.Read([&](Conn& c) -> Result<std::map<int, int>> {
    auto rows = c.Exec(sql::kCountSealedByKey);
    if (!rows) return rows.error();
    std::map<int, int> out;
    for (int r = 0; r < rows->size(); ++r) out[static_cast<int>(rows->Int(r, 0))] = static_cast<int>(rows->Int(r, 1));
    return out;
  });
}

}  // namespace starprep::store::postgres
