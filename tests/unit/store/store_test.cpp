// SPDX-License-Identifier: Apache-2.0
// Tests for content, votes and comments through the Store interface: a contract suite that runs
// on every backend (tests/unit/test_store.h: SQLite always, PostgreSQL when a test server is
// configured), then what only the SQLite store has (its file, pragmas and migrations).
// Raw connections inspect the database independently of the code under test.

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../test_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"

namespace starprep::store {
namespace {

namespace fs = std::filesystem;
using starprep::testing::Backend;
using starprep::testing::TestStore;

content::Question MakeQuestion(const std::string& id, const std::string& role, int position) {
  content::Question q;
  q.id = id;
  q.role_slug = role;
  q.position = position;
  q.slug = id + "-slug";
  q.question = "Tell me about " + id + "?";
  q.competencies = {"debugging", "communication"};
  q.kind = "behavioral";
  q.updated = "2024-05-01";
  q.why_md = "They want to see *how* you think.";
  q.dos = {"Be specific", "Use \"numbers\""};
  q.donts = {"Blame others"};
  q.answer = {"S of " + id, "T of " + id, "A of " + id, "R of " + id};
  return q;
}

content::Role MakeRole(const std::string& slug, const std::string& title, std::vector<content::Question> qs) {
  content::Role r;
  r.slug = slug;
  r.title = title;
  r.summary = "Summary of " + title;
  r.updated = "2024-05-02";
  r.skills = {"SQL", "HTTP"};
  r.intro_md = "# " + title;
  r.questions = std::move(qs);
  return r;
}

// backend: q1, q2, q3 (title "Back-end Developer"); frontend: q4 (title "A Front-end Developer").
content::Pack SamplePack() {
  content::Pack pack;
  pack.roles.push_back(
      MakeRole("backend", "Back-end Developer",
               {MakeQuestion("q1", "backend", 1), MakeQuestion("q2", "backend", 2), MakeQuestion("q3", "backend", 3)}));
  pack.roles.push_back(MakeRole("frontend", "A Front-end Developer", {MakeQuestion("q4", "frontend", 1)}));
  return pack;
}

// What only the SQLite store has: its file (in a folder that does not exist yet), pragmas and
// migrations.
class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("starprep-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    path_ = (dir_ / "nested" / "starprep.db").string();  // the parent does not exist yet
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore(path_);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
  }

  ImportStats Import(const content::Pack& pack) {
    auto stats = store_->ReplaceContent(pack);
    EXPECT_TRUE(stats.ok()) << (stats.ok() ? "" : stats.error().message);
    return stats.ok() ? *stats : ImportStats{};
  }

  // Every row of a table as text, via an independent raw connection.
  std::vector<std::string> Dump(const std::string& select) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> rows;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, select.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* text = sqlite3_column_text(stmt, i);
        row += (text ? reinterpret_cast<const char*>(text) : "NULL") + std::string("|");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  }
  // Test-only raw SQL on an independent connection (literal test data, no untrusted input).
  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  fs::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

// ---- opening, files, pragmas, migrations ----

// Every version of sqlite::kMigrations as Dump() prints it: "1|", "2|", ...
std::vector<std::string> AllMigrationVersions() {
  std::vector<std::string> versions;
  for (const auto& m : sqlite::kMigrations) versions.push_back(std::to_string(m.version) + "|");
  return versions;
}

TEST_F(SqliteStoreTest, MigrationsAppliedOnceAndReopenKeepsData) {
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(Dump("SELECT version FROM schema_migrations"), AllMigrationVersions());
  Import(SamplePack());
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(Dump("SELECT version FROM schema_migrations"), AllMigrationVersions());
  auto roles = store_->ListRoles();
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(roles->size(), 2u);
}

TEST_F(SqliteStoreTest, CreatesParentDirectoryAndPrivateFiles) {
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Import(SamplePack());  // the writer keeps the WAL open
  ASSERT_EQ(::stat((path_ + "-wal").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SqliteStoreTest, PragmasInEffect) {
  // journal_mode=WAL is stored in the file: any new connection sees it.
  EXPECT_EQ(Dump("PRAGMA journal_mode"), std::vector<std::string>{"wal|"});
  // Votes go with their question; a deleted account's votes stay but lose the link (migration 4).
  EXPECT_EQ(Dump("SELECT \"table\", on_delete FROM pragma_foreign_key_list('votes') ORDER BY 1"),
            (std::vector<std::string>{"questions|CASCADE|", "users|SET NULL|"}));
  // foreign_keys, synchronous and busy_timeout are per connection: check the store's own opener.
  auto conn = sqlite::Connection::Open(path_, sqlite::OpenMode::kReadWrite);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto pragma = [&](const char* q) {
    auto stmt = sqlite::Statement::Prepare(*conn, q);
    EXPECT_TRUE(stmt.ok());
    auto row = stmt->Step();
    EXPECT_TRUE(row.ok() && *row);
    return stmt->ColumnText(0);
  };
  EXPECT_EQ(pragma("PRAGMA foreign_keys"), "1");
  EXPECT_EQ(pragma("PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(pragma("PRAGMA busy_timeout"), "5000");
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma("PRAGMA secure_delete"), "1");
}

TEST_F(SqliteStoreTest, RefusesDatabaseFromNewerBinary) {
  store_.reset();
  Exec("INSERT INTO schema_migrations VALUES (99, 'x')");
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kInternal);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST_F(SqliteStoreTest, RejectsNonFilePaths) {
  for (const char* path : {"", ":memory:", "file:x.db?mode=memory"}) {
    auto store = OpenSqliteStore(path);
    ASSERT_FALSE(store.ok()) << path;
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  }
}

// The contract suite's fixture: a fresh database per test on the backend of the parameter.
class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    store_ = &**db_;
  }

  ImportStats Import(const content::Pack& pack) {
    auto stats = store_->ReplaceContent(pack);
    EXPECT_TRUE(stats.ok()) << (stats.ok() ? "" : stats.error().message);
    return stats.ok() ? *stats : ImportStats{};
  }

  void Vote(const std::string& q, const std::string& voter, bool helpful, const std::string& comment = "") {
    auto s = store_->PutVote({q, voter, helpful, comment});
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  std::vector<std::string> Dump(const std::string& select) { return db_->Dump(select); }
  void Exec(const std::string& sql) { db_->Exec(sql); }
  std::vector<std::string> DumpAll() {
    auto rows = Dump("SELECT * FROM roles ORDER BY slug");
    for (auto& r : Dump("SELECT * FROM questions ORDER BY id")) rows.push_back(r);
    for (auto& r : Dump("SELECT * FROM votes ORDER BY question_id, voter_id")) rows.push_back(r);
    return rows;
  }

  std::unique_ptr<TestStore> db_;
  Store* store_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

// ---- content ----

TEST_P(StoreTest, ReadsBackContent) {
  auto empty = store_->HasContent();
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(*empty);
  content::Pack pack = SamplePack();
  pack.roles[0].questions[1].dos = {"It's \"quoted\"", "ünïcödé ✓", "back\\slash", ""};
  pack.roles[0].questions[1].competencies = {};
  Import(pack);

  EXPECT_TRUE(*store_->HasContent());
  auto roles = store_->ListRoles();
  ASSERT_TRUE(roles.ok());
  ASSERT_EQ(roles->size(), 2u);
  EXPECT_EQ((*roles)[0].slug, "frontend");  // ordered by title
  EXPECT_EQ((*roles)[0].question_count, 1);
  EXPECT_EQ((*roles)[1].slug, "backend");
  EXPECT_EQ((*roles)[1].title, "Back-end Developer");
  EXPECT_EQ((*roles)[1].summary, "Summary of Back-end Developer");
  EXPECT_EQ((*roles)[1].updated, "2024-05-02");
  EXPECT_EQ((*roles)[1].question_count, 3);

  auto role = store_->GetRole("backend");
  ASSERT_TRUE(role.ok());
  ASSERT_TRUE(role->has_value());
  const content::Role& r = **role;
  EXPECT_EQ(r.skills, pack.roles[0].skills);
  EXPECT_EQ(r.intro_md, pack.roles[0].intro_md);
  ASSERT_EQ(r.questions.size(), 3u);
  EXPECT_EQ(r.questions[0].id, "q1");
  EXPECT_EQ(r.questions[2].id, "q3");
  const content::Question& want = pack.roles[0].questions[1];
  const content::Question& got = r.questions[1];
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.role_slug, "backend");
  EXPECT_EQ(got.position, want.position);
  EXPECT_EQ(got.slug, want.slug);
  EXPECT_EQ(got.question, want.question);
  EXPECT_EQ(got.competencies, want.competencies);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.updated, want.updated);
  EXPECT_EQ(got.why_md, want.why_md);
  EXPECT_EQ(got.dos, want.dos);
  EXPECT_EQ(got.donts, want.donts);
  EXPECT_EQ(got.answer.situation, want.answer.situation);
  EXPECT_EQ(got.answer.result, want.answer.result);

  auto q = store_->GetQuestion("q4");
  ASSERT_TRUE(q.ok() && q->has_value());
  EXPECT_EQ((*q)->role_slug, "frontend");
  EXPECT_FALSE(store_->GetQuestion("nope")->has_value());
  EXPECT_FALSE(store_->GetRole("nope")->has_value());
}

// Keys come from URL paths, so they may be any bytes: one that is not valid UTF-8 or holds a NUL
// matches nothing on either backend (PostgreSQL refuses such a parameter, and would read a text
// parameter only up to a NUL), rather than failing or finding the key's prefix.
TEST_P(StoreTest, KeysThatAreNotUtf8OrHoldANulMatchNothing) {
  Import(SamplePack());
  Vote("q1", "voter", true, "a comment");
  using namespace std::string_literals;
  for (const std::string& key : {"\xff"s, "\xc3\x28"s, "q1\0junk"s, "backend\0"s, "\0"s}) {
    SCOPED_TRACE(::testing::PrintToString(key));
    auto role = store_->GetRole(key);
    ASSERT_TRUE(role.ok()) << role.error().message;
    EXPECT_FALSE(role->has_value());
    auto question = store_->GetQuestion(key);
    ASSERT_TRUE(question.ok()) << question.error().message;
    EXPECT_FALSE(question->has_value());
    auto summary = store_->GetFeedbackSummary(key);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->helpful + summary->not_helpful + summary->comments, 0);
    auto role_feedback = store_->GetRoleFeedback(key);
    ASSERT_TRUE(role_feedback.ok()) << role_feedback.error().message;
    EXPECT_TRUE(role_feedback->empty());
    auto votes = store_->GetVoterVotes(key, "voter");
    ASSERT_TRUE(votes.ok()) << votes.error().message;
    EXPECT_TRUE(votes->empty());
    auto comments = store_->ListComments(key, 10, 0);
    ASSERT_TRUE(comments.ok()) << comments.error().message;
    EXPECT_TRUE(comments->empty());
    auto put = store_->PutVote({key, "voter", true, ""});
    ASSERT_FALSE(put.ok());
    EXPECT_EQ(put.error().code, ErrorCode::kNotFound) << put.error().message;
  }
  EXPECT_EQ(store_->GetVoterVotes("backend", "voter")->size(), 1u) << "the real vote is untouched";
}

TEST_P(StoreTest, ImportCountsAddUpdateUnchangedRetireRestore) {
  ImportStats first = Import(SamplePack());
  EXPECT_EQ(first.roles, 2);
  EXPECT_EQ(first.questions_added, 4);
  EXPECT_EQ(first.questions_updated + first.questions_unchanged + first.questions_retired, 0);

  content::Pack pack = SamplePack();
  pack.roles[0].questions[0].question = "Edited?";                       // q1 updated
  pack.roles[0].questions.erase(pack.roles[0].questions.begin() + 2);    // q3 retired
  pack.roles[1].questions.push_back(MakeQuestion("q5", "frontend", 2));  // q5 added
  ImportStats second = Import(pack);
  EXPECT_EQ(second.questions_added, 1);
  EXPECT_EQ(second.questions_updated, 1);
  EXPECT_EQ(second.questions_unchanged, 2);  // q2, q4
  EXPECT_EQ(second.questions_retired, 1);
  EXPECT_FALSE(store_->GetQuestion("q3")->has_value());
  EXPECT_EQ((*store_->GetQuestion("q1"))->question, "Edited?");

  ImportStats third = Import(SamplePack());  // q3 back (added), q1 reverted (updated), q5 retired
  EXPECT_EQ(third.questions_added, 1);
  EXPECT_EQ(third.questions_updated, 1);
  EXPECT_EQ(third.questions_unchanged, 2);
  EXPECT_EQ(third.questions_retired, 1);
  EXPECT_TRUE(store_->GetQuestion("q3")->has_value());
  EXPECT_FALSE(store_->GetQuestion("q5")->has_value());
}

TEST_P(StoreTest, ReimportIsIdempotent) {
  Import(SamplePack());
  Vote("q1", "v1", true, "nice");
  auto before = DumpAll();
  ImportStats again = Import(SamplePack());
  EXPECT_EQ(again.roles, 2);
  EXPECT_EQ(again.questions_unchanged, 4);
  EXPECT_EQ(again.questions_added + again.questions_updated + again.questions_retired, 0);
  EXPECT_EQ(DumpAll(), before);  // not even a timestamp moved
}

TEST_P(StoreTest, RetiredRoleIsHidden) {
  Import(SamplePack());
  content::Pack pack = SamplePack();
  pack.roles.pop_back();  // frontend gone, and with it q4
  ImportStats stats = Import(pack);
  EXPECT_EQ(stats.roles, 1);
  EXPECT_EQ(stats.questions_retired, 1);
  EXPECT_FALSE(store_->GetRole("frontend")->has_value());
  EXPECT_FALSE(store_->GetQuestion("q4")->has_value());
  EXPECT_EQ(store_->ListRoles()->size(), 1u);
  Import(SamplePack());
  EXPECT_TRUE(store_->GetRole("frontend")->has_value());
}

TEST_P(StoreTest, ListLiveRolesIsEveryRoleAsGetRoleReturnsItInListRolesOrder) {
  auto empty = store_->ListLiveRoles();
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_TRUE(empty->empty());

  content::Pack pack = SamplePack();
  std::swap(pack.roles[0].questions[0].position, pack.roles[0].questions[2].position);  // q3 first, q1 last
  pack.roles[1].skills = {"CSS"};
  Import(pack);
  auto roles = store_->ListLiveRoles();
  ASSERT_TRUE(roles.ok()) << roles.error().message;
  ASSERT_EQ(roles->size(), 2u);
  auto summaries = store_->ListRoles();
  ASSERT_TRUE(summaries.ok());
  for (std::size_t i = 0; i < roles->size(); ++i) {
    const content::Role& got = (*roles)[i];
    EXPECT_EQ(got.slug, (*summaries)[i].slug);  // ListRoles' order: by title
    auto one = store_->GetRole(got.slug);
    ASSERT_TRUE(one.ok() && one->has_value());
    const content::Role& want = **one;
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.summary, want.summary);
    EXPECT_EQ(got.updated, want.updated);
    EXPECT_EQ(got.skills, want.skills);
    EXPECT_EQ(got.intro_md, want.intro_md);
    ASSERT_EQ(got.questions.size(), want.questions.size()) << got.slug;
    for (std::size_t j = 0; j < got.questions.size(); ++j) {
      EXPECT_EQ(got.questions[j].id, want.questions[j].id);
      EXPECT_EQ(got.questions[j].question, want.questions[j].question);
      EXPECT_EQ(got.questions[j].dos, want.questions[j].dos);
      EXPECT_EQ(got.questions[j].answer.result, want.questions[j].answer.result);
    }
  }
  EXPECT_EQ((*roles)[0].slug, "frontend");
  EXPECT_EQ((*roles)[0].skills, std::vector<std::string>{"CSS"});
  ASSERT_EQ((*roles)[1].questions.size(), 3u);
  EXPECT_EQ((*roles)[1].questions[0].id, "q3");  // by position, not id
  EXPECT_EQ((*roles)[1].questions[2].id, "q1");

  content::Pack smaller = SamplePack();  // frontend retired, and q2 of backend
  smaller.roles.pop_back();
  smaller.roles[0].questions.erase(smaller.roles[0].questions.begin() + 1);
  Import(smaller);
  roles = store_->ListLiveRoles();
  ASSERT_TRUE(roles.ok());
  ASSERT_EQ(roles->size(), 1u);
  EXPECT_EQ((*roles)[0].slug, "backend");
  ASSERT_EQ((*roles)[0].questions.size(), 2u);
  EXPECT_EQ((*roles)[0].questions[0].id, "q1");
  EXPECT_EQ((*roles)[0].questions[1].id, "q3");
}

TEST_P(StoreTest, QuestionMovesBetweenRoles) {
  Import(SamplePack());
  Vote("q3", "v1", true, "kept");
  content::Pack pack = SamplePack();
  content::Question moved = pack.roles[0].questions[2];
  moved.role_slug = "frontend";
  moved.position = 2;
  pack.roles[0].questions.pop_back();
  pack.roles[1].questions.push_back(moved);
  ImportStats stats = Import(pack);
  EXPECT_EQ(stats.questions_updated, 1);
  EXPECT_EQ(stats.questions_retired, 0);
  EXPECT_EQ((*store_->GetRole("backend"))->questions.size(), 2u);
  ASSERT_EQ((*store_->GetRole("frontend"))->questions.size(), 2u);
  EXPECT_EQ((*store_->GetRole("frontend"))->questions[1].id, "q3");
  EXPECT_EQ(store_->GetFeedbackSummary("q3")->comments, 1);
  EXPECT_EQ(store_->GetRoleFeedback("frontend")->count("q3"), 1u);
}

TEST_P(StoreTest, FailingImportLeavesPreviousContentIntact) {
  Import(SamplePack());
  Vote("q1", "v1", false, "meh");
  const auto before = DumpAll();

  content::Pack dup_id = SamplePack();  // second role repeats q1 after the first role was written
  dup_id.roles[0].questions[0].question = "changed before the failure";
  dup_id.roles[1].questions.push_back(MakeQuestion("q1", "frontend", 9));
  content::Pack dup_role = SamplePack();
  dup_role.roles.push_back(MakeRole("backend", "Again", {}));
  content::Pack empty_id = SamplePack();  // violates CHECK (length(id) > 0) mid-transaction
  empty_id.roles[0].questions[0].question = "changed before the failure";
  empty_id.roles[1].questions.push_back(MakeQuestion("", "frontend", 9));
  content::Pack wrong_role = SamplePack();
  wrong_role.roles[1].questions[0].role_slug = "backend";

  for (const content::Pack* pack : {&dup_id, &dup_role, &empty_id, &wrong_role}) {
    auto stats = store_->ReplaceContent(*pack);
    ASSERT_FALSE(stats.ok());
    EXPECT_EQ(stats.error().code, ErrorCode::kInvalidArgument) << stats.error().message;
    EXPECT_EQ(DumpAll(), before) << stats.error().message;
  }
  // The store is still usable afterwards (no transaction left open).
  EXPECT_EQ(Import(SamplePack()).questions_unchanged, 4);
  Vote("q2", "v1", true);
}

// ---- votes and feedback ----

TEST_P(StoreTest, FeedbackSurvivesQuestionEdit) {
  Import(SamplePack());
  Vote("q1", "v1", true, "clear");
  content::Pack pack = SamplePack();
  pack.roles[0].questions[0].question = "A reworded question?";
  pack.roles[0].questions[0].answer.action = "A better action.";
  EXPECT_EQ(Import(pack).questions_updated, 1);
  auto summary = store_->GetFeedbackSummary("q1");
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->helpful, 1);
  EXPECT_EQ(summary->comments, 1);
  EXPECT_EQ(store_->ListComments("q1", 10, 0)->size(), 1u);
}

TEST_P(StoreTest, OneVotePerVoterAndChangeable) {
  Import(SamplePack());
  Vote("q1", "v1", true, "first");
  Vote("q1", "v1", false, "changed my mind");
  Vote("q1", "v2", true);
  auto summary = *store_->GetFeedbackSummary("q1");
  EXPECT_EQ(summary.helpful, 1);
  EXPECT_EQ(summary.not_helpful, 1);
  EXPECT_EQ(summary.comments, 1);
  auto comments = *store_->ListComments("q1", 10, 0);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].comment, "changed my mind");
  EXPECT_FALSE(comments[0].helpful);
  EXPECT_EQ(comments[0].created_at.size(), 24u) << comments[0].created_at;  // 2024-05-01T10:00:00.123Z
  EXPECT_EQ(comments[0].created_at.back(), 'Z');
  Vote("q1", "v1", false, "");  // clearing the comment removes it from the list
  EXPECT_TRUE(store_->ListComments("q1", 10, 0)->empty());
}

TEST_P(StoreTest, SummaryCountsRoleFeedbackAndVoterVotes) {
  Import(SamplePack());
  EXPECT_EQ(store_->GetFeedbackSummary("q2")->helpful + store_->GetFeedbackSummary("q2")->not_helpful, 0);
  Vote("q1", "a", true, "x");
  Vote("q1", "b", true);
  Vote("q1", "c", false, "y");
  Vote("q2", "a", false);
  Vote("q4", "a", true);  // another role
  auto role = *store_->GetRoleFeedback("backend");
  ASSERT_EQ(role.size(), 2u);  // q3 has no votes: absent
  EXPECT_EQ(role["q1"].helpful, 2);
  EXPECT_EQ(role["q1"].not_helpful, 1);
  EXPECT_EQ(role["q1"].comments, 2);
  EXPECT_EQ(role["q2"].not_helpful, 1);

  auto mine = *store_->GetVoterVotes("backend", "a");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_TRUE(mine["q1"].helpful);
  EXPECT_EQ(mine["q1"].comment, "x");
  EXPECT_EQ(mine["q1"].voter_id, "a");
  EXPECT_EQ(mine["q1"].question_id, "q1");
  EXPECT_FALSE(mine["q2"].helpful);
  EXPECT_TRUE(store_->GetVoterVotes("backend", "nobody")->empty());

  content::Pack pack = SamplePack();  // retire q2: gone from role views, counts kept
  pack.roles[0].questions.erase(pack.roles[0].questions.begin() + 1);
  Import(pack);
  EXPECT_EQ(store_->GetVoterVotes("backend", "a")->count("q2"), 0u);
  EXPECT_EQ(store_->GetRoleFeedback("backend")->count("q2"), 0u);
  Import(SamplePack());
  EXPECT_TRUE(store_->GetVoterVotes("backend", "a")->at("q2").voter_id == "a");
}

TEST_P(StoreTest, ListCommentsNewestFirstPaginated) {
  Import(SamplePack());
  // Voter names sort against time order, so the order cannot come from the tie-breaker.
  for (int i = 0; i < 7; ++i) Vote("q1", "voter" + std::to_string(i), i % 2 == 0, "comment " + std::to_string(i));
  Vote("q1", "silent", true);  // no comment: not listed
  // Pin distinct times (no sleeping in tests): comment i was written at second i.
  for (int i = 0; i < 7; ++i) {
    Exec("UPDATE votes SET updated_at = '2024-01-01T00:00:0" + std::to_string(i) + ".000Z' WHERE voter_id = 'voter" +
         std::to_string(i) + "'");
  }
  std::vector<std::string> seen;
  for (int offset = 0; offset < 10; offset += 3) {
    auto page = store_->ListComments("q1", 3, offset);
    ASSERT_TRUE(page.ok());
    EXPECT_LE(page->size(), 3u);
    for (const auto& c : *page) seen.push_back(c.comment);
  }
  std::vector<std::string> want;
  for (int i = 6; i >= 0; --i) want.push_back("comment " + std::to_string(i));
  EXPECT_EQ(seen, want);
  EXPECT_TRUE(store_->ListComments("q1", 0, 0)->empty());
  EXPECT_TRUE(store_->ListComments("q1", 3, 100)->empty());
  EXPECT_EQ(store_->ListComments("q1", 2, -5)->size(), 2u);
  EXPECT_TRUE(store_->ListComments("nope", 3, 0)->empty());
}

TEST_P(StoreTest, PutVoteOnUnknownOrRetiredQuestionIsNotFound) {
  Import(SamplePack());
  auto unknown = store_->PutVote({"nope", "v1", true, ""});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  content::Pack pack = SamplePack();
  pack.roles[0].questions.pop_back();  // retire q3
  Import(pack);
  auto retired = store_->PutVote({"q3", "v1", true, "late"});
  ASSERT_FALSE(retired.ok());
  EXPECT_EQ(retired.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetFeedbackSummary("q3")->helpful, 0);
  auto no_voter = store_->PutVote({"q1", "", true, ""});
  ASSERT_FALSE(no_voter.ok());
  EXPECT_EQ(no_voter.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreTest, SqlMetacharactersStoredLiterally) {
  const std::string evil = "'; DROP TABLE votes; --";
  content::Pack pack = SamplePack();
  pack.roles[0].title = "O'Brien \"the\" ; Developer";
  pack.roles[0].questions[0].question = evil + " %_ \\ ?1 ?";
  pack.roles[0].questions[0].dos = {evil, "\"]"};
  Import(pack);
  Vote("q1", evil, true, evil);
  Vote("q1", "x' OR '1'='1", false, "Robert'); DROP TABLE questions;--");

  EXPECT_EQ((*store_->GetRole("backend"))->title, pack.roles[0].title);
  auto q = *store_->GetQuestion("q1");
  EXPECT_EQ(q->question, pack.roles[0].questions[0].question);
  EXPECT_EQ(q->dos, pack.roles[0].questions[0].dos);
  EXPECT_EQ(store_->GetFeedbackSummary("q1")->comments, 2);
  EXPECT_EQ(store_->GetVoterVotes("backend", evil)->at("q1").comment, evil);
  EXPECT_TRUE(store_->GetVoterVotes("backend", "x' OR '1'='1' --")->empty());
  EXPECT_FALSE(store_->GetRole("backend' OR '1'='1")->has_value());
  EXPECT_FALSE(store_->GetQuestion("q1' --")->has_value());
  EXPECT_EQ(Dump("SELECT count(*) FROM votes"), std::vector<std::string>{"2|"});
}

// ---- concurrency ----

TEST_P(StoreTest, ConcurrentVotesAllRecorded) {
  Import(SamplePack());
  auto second = db_->OpenAnother();  // a second store on the same database: like a second process
  constexpr int kThreads = 8;
  constexpr int kVotesPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *store_ : *second;
      for (int i = 0; i < kVotesPerThread; ++i) {
        const std::string voter = "t" + std::to_string(t) + "-" + std::to_string(i);
        if (!store.PutVote({"q1", voter, i % 2 == 0, i % 4 == 0 ? "c" + voter : ""}).ok()) ++failures;
        if (!store.PutVote({"q1", voter, true, ""}).ok()) ++failures;  // change it again
        if (!store.GetFeedbackSummary("q1").ok() || !store.GetRole("backend").ok()) ++failures;
      }
    });
  }
  threads.emplace_back([&] {  // an import racing the votes
    for (int i = 0; i < 5; ++i) {
      if (!store_->ReplaceContent(SamplePack()).ok()) ++failures;
    }
  });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto summary = *store_->GetFeedbackSummary("q1");
  EXPECT_EQ(summary.helpful, kThreads * kVotesPerThread);
  EXPECT_EQ(summary.not_helpful, 0);
  EXPECT_EQ(summary.comments, 0);
}

}  // namespace
}  // namespace starprep::store
