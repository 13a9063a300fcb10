// SPDX-License-Identifier: Apache-2.0
// Tests for the SQLite RAII layer, migrations and codecs under store/sqlite.

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "store/codec.h"
#include "store/sqlite/db.h"
#include "store/sqlite/migrations.h"

namespace starprep::store::sqlite {
namespace {

namespace fs = std::filesystem;

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("starprep-db-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    auto conn = Connection::Open(path_, OpenMode::kReadWrite);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    conn_ = std::make_unique<Connection>(std::move(*conn));
    ASSERT_TRUE(conn_->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)").ok());
  }
  void TearDown() override {
    conn_.reset();
    fs::remove_all(dir_);
  }
  int Count() {
    auto stmt = Statement::Prepare(*conn_, "SELECT count(*) FROM t");
    EXPECT_TRUE(stmt.ok());
    EXPECT_TRUE(*stmt->Step());
    return stmt->ColumnInt(0);
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(SqliteDbTest, BindAndColumnsRoundTrip) {
  const std::string with_nul("a\0b'\"", 5);
  auto insert = Statement::Prepare(*conn_, "INSERT INTO t (k, n) VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->Bind(with_nul, std::int64_t{1} << 40).Run().ok());
  insert->Reset();
  ASSERT_TRUE(insert->Bind("literal", true).Run().ok());
  auto select = Statement::Prepare(*conn_, "SELECT k, n FROM t ORDER BY n DESC");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), with_nul);
  EXPECT_EQ(select->ColumnInt64(1), std::int64_t{1} << 40);
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), "literal");
  EXPECT_TRUE(select->ColumnBool(1));
  EXPECT_FALSE(*select->Step());
}

TEST_F(SqliteDbTest, ErrorsAreValues) {
  auto bad = Statement::Prepare(*conn_, "SELEC nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  auto insert = Statement::Prepare(*conn_, "INSERT INTO t (k, n) VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->Bind("k", 1).Run().ok());
  insert->Reset();
  auto dup = insert->Bind("k", 2).Run();
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  insert->Reset();
  auto range = insert->Bind("a", 1, 2).Run();  // a third placeholder does not exist
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().code, ErrorCode::kInternal);
  auto missing = Connection::Open((dir_ / "no" / "such" / "dir.db").string(), OpenMode::kReadWrite);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
}

TEST_F(SqliteDbTest, BusyIsUnavailable) {
  auto other = Connection::Open(path_, OpenMode::kReadWrite);
  ASSERT_TRUE(other.ok());
  sqlite3_busy_timeout(other->handle(), 0);  // do not wait 5 s in a test
  auto tx = Transaction::Begin(*conn_, Transaction::Kind::kImmediate);
  ASSERT_TRUE(tx.ok());
  auto blocked = Transaction::Begin(*other, Transaction::Kind::kImmediate);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable) << blocked.error().message;
}

TEST_F(SqliteDbTest, AFullDatabaseIsUnavailableWithAClearClientMessage) {
  // max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does.
  ASSERT_TRUE(conn_->Exec("INSERT INTO t (k, n) VALUES ('before', 1)").ok());
  auto pages = Statement::Prepare(*conn_, "PRAGMA page_count");
  ASSERT_TRUE(pages.ok());
  ASSERT_TRUE(*pages->Step());
  const std::string cap = "PRAGMA max_page_count = " + std::to_string(pages->ColumnInt(0));
  ASSERT_TRUE(conn_->Exec(cap.c_str()).ok());
  {
    auto tx = Transaction::Begin(*conn_, Transaction::Kind::kImmediate);
    ASSERT_TRUE(tx.ok());
    auto insert = Statement::Prepare(*conn_, "INSERT INTO t (k, n) VALUES (?, ?)");
    ASSERT_TRUE(insert.ok());
    auto full = insert->Bind(std::string(64 * 1024, 'x'), 2).Run();
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(full.error().message.find("full"), std::string::npos) << full.error().message;
    EXPECT_EQ(full.error().client_message, kDiskFullMessage);
    EXPECT_EQ(full.error().retry_after, kDiskFullRetryAfterSeconds);
  }  // rolled back
  EXPECT_EQ(Count(), 1);
  // Once there is room again, writes work.
  ASSERT_TRUE(conn_->Exec("PRAGMA max_page_count = 1000000").ok());
  auto insert = Statement::Prepare(*conn_, "INSERT INTO t (k, n) VALUES (?, ?)");
  ASSERT_TRUE(insert.ok());
  EXPECT_TRUE(insert->Bind(std::string(64 * 1024, 'x'), 2).Run().ok());
  EXPECT_EQ(Count(), 2);
  // Other failures carry no client message.
  EXPECT_TRUE(SqliteError(SQLITE_BUSY, "x").client_message.empty());
  EXPECT_EQ(SqliteError(SQLITE_IOERR_WRITE, "x").client_message, kDiskErrorMessage);
}

TEST_F(SqliteDbTest, TransactionRollsBackUnlessCommitted) {
  {
    auto tx = Transaction::Begin(*conn_, Transaction::Kind::kImmediate);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(conn_->Exec("INSERT INTO t VALUES ('dropped', 1)").ok());
  }
  EXPECT_EQ(Count(), 0);
  {
    auto tx = Transaction::Begin(*conn_, Transaction::Kind::kDeferred);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(conn_->Exec("INSERT INTO t VALUES ('kept', 1)").ok());
    ASSERT_TRUE(tx->Commit().ok());
    EXPECT_FALSE(tx->Commit().ok());  // only once
  }
  EXPECT_EQ(Count(), 1);
  EXPECT_NE(sqlite3_get_autocommit(conn_->handle()), 0);
}

TEST_F(SqliteDbTest, MigrationsApplyInOrderOnceAndAtomically) {
  const Migration v1[] = {{1, "one", "CREATE TABLE a (x)"}};
  const Migration v2[] = {{1, "one", "CREATE TABLE a (x)"}, {2, "two", "CREATE TABLE b (x); INSERT INTO b VALUES (1)"}};
  const Migration broken[] = {{1, "one", "CREATE TABLE a (x)"},
                              {2, "two", "CREATE TABLE b (x); INSERT INTO b VALUES (1)"},
                              {3, "three", "CREATE TABLE c (x); INSERT INTO nowhere VALUES (1)"}};
  ASSERT_TRUE(ApplyMigrations(*conn_, v1).ok());
  ASSERT_TRUE(ApplyMigrations(*conn_, v1).ok());  // again: nothing to do
  EXPECT_EQ(*SchemaVersion(*conn_), 1);
  ASSERT_TRUE(ApplyMigrations(*conn_, v2).ok());
  EXPECT_EQ(*SchemaVersion(*conn_), 2);
  auto failed = ApplyMigrations(*conn_, broken);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("three"), std::string::npos);
  EXPECT_EQ(*SchemaVersion(*conn_), 2);
  EXPECT_FALSE(Statement::Prepare(*conn_, "SELECT * FROM c").ok());  // rolled back with its row
  auto too_new = ApplyMigrations(*conn_, v1);
  ASSERT_FALSE(too_new.ok());
  EXPECT_EQ(too_new.error().code, ErrorCode::kInternal);
}

// Tokens made before scopes existed could do everything: migration 5 makes them "write", and
// the column refuses anything but "read" and "write".
TEST_F(SqliteDbTest, TokenScopeMigrationKeepsOldTokensWorking) {
  ASSERT_TRUE(ApplyMigrations(*conn_, std::span(kMigrations).first(4)).ok());
  ASSERT_TRUE(
      conn_->Exec("INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@b.org', 'h', 't')").ok());
  ASSERT_TRUE(
      conn_->Exec("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (1, 'old', 'x', 't')").ok());
  ASSERT_TRUE(ApplyMigrations(*conn_, std::span(kMigrations).first(5)).ok());
  EXPECT_EQ(*SchemaVersion(*conn_), 5);
  auto stmt = Statement::Prepare(*conn_, "SELECT scope FROM api_tokens WHERE name = 'old'");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->ColumnText(0), "write");
  EXPECT_FALSE(conn_
                   ->Exec("INSERT INTO api_tokens (user_id, name, scope, token_hash, created_at) VALUES (1, 'n', "
                          "'admin', 'y', 't')")
                   .ok());
}

TEST(SqliteCodecTest, StringListsRoundTrip) {
  const std::vector<std::string> items = {"", "plain", "quote \" and \\", "ünï ✓", "new\nline", "[\"]"};
  EXPECT_EQ(*DecodeStringList(EncodeStringList(items)), items);
  EXPECT_EQ(EncodeStringList({}), "[]");
  EXPECT_TRUE(DecodeStringList("[]")->empty());
  EXPECT_FALSE(DecodeStringList("").has_value());
  EXPECT_FALSE(DecodeStringList("{\"a\":1}").has_value());
  EXPECT_FALSE(DecodeStringList("[1]").has_value());
  EXPECT_FALSE(DecodeStringList("[\"a\"").has_value());
}

TEST(SqliteCodecTest, ContentHashSeesEveryField) {
  content::Question q;
  q.id = "q";
  q.dos = {"ab", "c"};
  const std::string base = ContentHash(q, "role");
  EXPECT_EQ(base.size(), 16u);
  EXPECT_EQ(ContentHash(q, "role"), base);
  EXPECT_NE(ContentHash(q, "other"), base);
  content::Question moved = q;
  moved.dos = {"a", "bc"};  // same bytes, different split
  EXPECT_NE(ContentHash(moved, "role"), base);
  content::Question shifted = q;
  shifted.donts = {"ab"};
  shifted.dos = {"c"};
  EXPECT_NE(ContentHash(shifted, "role"), base);
  for (auto edit :
       {+[](content::Question& x) { x.position = 2; }, +[](content::Question& x) { x.answer.result = "r"; },
        +[](content::Question& x) { x.kind = "technical"; }, +[](content::Question& x) { x.why_md = "w"; }}) {
    content::Question e = q;
    edit(e);
    EXPECT_NE(ContentHash(e, "role"), base);
  }
}

}  // namespace
}  // namespace starprep::store::sqlite
