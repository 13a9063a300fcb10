// SPDX-License-Identifier: Apache-2.0
// Tests for the PostgreSQL layer under store/postgres (pg.h, migrations.h) on the test cluster
// (tests/unit/test_store.h). Not registered without one (SQLite-only machines).

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "../test_store.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pg.h"

namespace starprep::store::postgres {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (starprep::testing::PostgresServer().empty()) GTEST_SKIP() << "no test PostgreSQL (STARPREP_TEST_POSTGRES)";
    db_ = std::make_unique<TestStore>(Backend::kPostgres);
    auto conn = Conn::Open(db_->url());
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    conn_ = std::move(*conn);
  }
  std::unique_ptr<TestStore> db_;
  std::unique_ptr<Conn> conn_;
};

inline constexpr const char* kEcho = "SELECT $1::text, $2::bigint, $3::double precision, $4::bytea, $5::integer";

TEST_F(PostgresTest, ParametersRoundTripAsBound) {
  const std::string text = "it's \"quoted\"; DROP TABLE users; -- ünïcödé";
  const std::string bytes("\0\xff\x01zz", 5);
  auto rows = conn_->Exec(kEcho, text, std::int64_t{-9007199254740993}, std::optional<double>{}, Bytes{bytes}, true);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1);
  EXPECT_EQ(rows->Text(0, 0), text);
  EXPECT_EQ(rows->Int(0, 1), -9007199254740993);
  EXPECT_TRUE(rows->Null(0, 2));
  EXPECT_EQ(rows->Bytea(0, 3), bytes);
  EXPECT_TRUE(rows->Bool(0, 4));
  auto again = conn_->Exec(kEcho, "", 0, 0.1, Bytes{""}, false);  // the prepared statement again
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->Double(0, 2), 0.1);
  EXPECT_EQ(again->Bytea(0, 3), "");
  EXPECT_FALSE(again->Bool(0, 4));
}

TEST_F(PostgresTest, ErrorsMapToCodes) {
  static constexpr const char* kInsertUser =
      "INSERT INTO users (email, password_hash, created_at) VALUES ($1, 'x', '2027-01-01T00:00:00Z')";
  ASSERT_TRUE(conn_->Exec(kInsertUser, "a@example.org").ok());
  auto duplicate = conn_->Exec(kInsertUser, "a@example.org");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  EXPECT_NE(duplicate.error().message.find("23505"), std::string::npos) << duplicate.error().message;
  auto bad = conn_->Run("SELECT * FROM no_such_table");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  auto unreachable = Conn::Open("postgresql://nobody@/postgres?host=/nonexistent-dir&connect_timeout=1");
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(unreachable.error().client_message, kUnreachableMessage);
}

// No request waits on a dead database beyond bounded times (docs/operations.md, "When the
// database is down"): the defaults Conn::Open sets, and a URL's own value wins.
TEST_F(PostgresTest, ConnectionsHaveBoundedTimeoutsUnlessTheUrlSetsThem) {
  auto option = [](Conn& c, std::string_view name) {
    std::string value;
    PQconninfoOption* options = PQconninfo(c.handle());
    for (PQconninfoOption* o = options; o && o->keyword; ++o)
      if (name == o->keyword && o->val) value = o->val;
    PQconninfoFree(options);
    return value;
  };
  EXPECT_EQ(option(*conn_, "connect_timeout"), "5");
  EXPECT_EQ(option(*conn_, "tcp_user_timeout"), "10000");
  EXPECT_EQ(option(*conn_, "keepalives_idle"), "10");
  const std::string url = starprep::testing::PostgresServer();
  auto own = Conn::Open(url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=2");
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_EQ(option(**own, "connect_timeout"), "2");
}

TEST_F(PostgresTest, MigrationsAreAppliedOnceAndAnUnknownVersionIsRefused) {
  auto version = SchemaVersion(*conn_);
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(*version, kMigrations[std::size(kMigrations) - 1].version);
  ASSERT_TRUE(Migrate(*conn_).ok());  // again: nothing to do
  EXPECT_EQ(db_->Dump("SELECT count(*) FROM schema_migrations"),
            std::vector<std::string>{std::to_string(std::size(kMigrations)) + "|"});
  EXPECT_TRUE(CheckSchema(*conn_).ok());

  db_->Exec("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
  auto checked = CheckSchema(*conn_);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().message.find("version 999"), std::string::npos) << checked.error().message;
  auto migrated = Migrate(*conn_);
  ASSERT_FALSE(migrated.ok());
  EXPECT_NE(migrated.error().message.find("newer than this starprep"), std::string::npos);
  auto store = OpenPostgresStore(db_->url());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST_F(PostgresTest, AnUnmigratedDatabaseIsRefusedWithTheCommandThatFixesIt) {
  db_->Exec("DROP TABLE schema_migrations");
  auto store = OpenPostgresStore(db_->url());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("version 0"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("starprep db migrate"), std::string::npos);
}

// The two roles of docs/operations.md: the owner migrates, the runtime role only reads and
// writes rows.
TEST_F(PostgresTest, TheRuntimeRoleWorksWithoutDdlRights) {
  const std::string suffix = std::to_string(::getpid());
  const std::string owner = "owner_" + suffix, app = "app_" + suffix, database = "roles_" + suffix;
  auto admin = Conn::Open(starprep::testing::PostgresServer());
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  for (const std::string& sql : {"DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", "DROP ROLE IF EXISTS " + app,
                                 "DROP ROLE IF EXISTS " + owner, "CREATE ROLE " + owner + " LOGIN",
                                 "CREATE ROLE " + app + " LOGIN", "CREATE DATABASE " + database + " OWNER " + owner})
    ASSERT_TRUE((*admin)->Run(sql.c_str()).ok()) << sql;
  const std::string base = starprep::testing::PostgresServer();
  auto as = [&](const std::string& role) { return starprep::testing::WithDatabase(base, database) + "&user=" + role; };
  {  // the grants of docs/operations.md, run by the owner
    auto conn = Conn::Open(as(owner));
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    for (const std::string& sql :
         {"REVOKE ALL ON DATABASE " + database + " FROM PUBLIC", "GRANT CONNECT ON DATABASE " + database + " TO " + app,
          "GRANT USAGE ON SCHEMA public TO " + app,
          "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + app,
          "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO " + app})
      ASSERT_TRUE((*conn)->Run(sql.c_str()).ok()) << sql;
  }
  auto refused = OpenPostgresStore(as(app), PostgresOptions{.migrate = true});
  ASSERT_FALSE(refused.ok()) << "the runtime role must not be able to create tables";
  auto migrated = OpenPostgresStore(as(owner), PostgresOptions{.migrate = true});
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  migrated->reset();

  auto store = OpenPostgresStore(as(app));
  ASSERT_TRUE(store.ok()) << store.error().message;
  content::Pack pack;
  content::Role role;
  role.slug = "r";
  role.title = "R";
  content::Question q;
  q.id = "q";
  q.slug = "q";
  role.questions.push_back(q);
  pack.roles.push_back(role);
  auto imported = (*store)->ReplaceContent(pack);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_TRUE((*store)->PutVote({"q", "voter", true, "fine"}).ok());
  EXPECT_EQ((*store)->GetFeedbackSummary("q")->helpful, 1);
  // The shared abuse limits: counted, read, cleared and purged by the runtime role.
  EXPECT_TRUE((*store)->RecordFailure("account:a", {5, 900, 900}, 1'800'000'000).ok());
  EXPECT_TRUE((*store)->LockedFor("account:a", 1'800'000'000).ok());
  EXPECT_TRUE((*store)->TakeToken("address:b", {1, 5}, 1'800'000'000'000).ok());
  EXPECT_TRUE((*store)->ClearFailures("account:a").ok());
  EXPECT_TRUE((*store)->PurgeLimits(1'900'000'000).ok());
  auto app_conn = Conn::Open(as(app));
  ASSERT_TRUE(app_conn.ok());
  EXPECT_FALSE((*app_conn)->Run("CREATE TABLE sneaky (id integer)").ok());
  EXPECT_FALSE((*app_conn)->Run("DROP TABLE votes").ok());
  store->reset();
  app_conn->reset();
  for (const std::string& sql :
       {"DROP DATABASE " + database + " WITH (FORCE)", "DROP ROLE " + app, "DROP ROLE " + owner})
    EXPECT_TRUE((*admin)->Run(sql.c_str()).ok()) << sql;
}

// Keys another instance announced, collected from the change feed's thread.
class Heard {
 public:
  void Add(const std::string& key) {
    std::lock_guard lock(mu_);
    keys_.push_back(key);
    cv_.notify_all();
  }
  // Waits (at most `timeout`) until `key` was heard.
  bool WaitFor(const std::string& key, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return std::find(keys_.begin(), keys_.end(), key) != keys_.end(); });
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(mu_);
    return keys_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> keys_;
};

TEST_F(PostgresTest, AnnouncementsReachTheOtherInstancesNotTheSenderAndAReconnectFlushes) {
  auto a = OpenPostgresStore(db_->url());
  auto b = OpenPostgresStore(db_->url());
  ASSERT_TRUE(a.ok() && b.ok());
  Heard heard_a, heard_b;
  (*a)->OnRemoteChange([&](const std::string& key) { heard_a.Add(key); });
  (*b)->OnRemoteChange([&](const std::string& key) { heard_b.Add(key); });
  // The feeds listen from their own threads: announce until the first one arrives.
  constexpr std::chrono::milliseconds kProbe{100};
  for (int i = 0; i < 100 && !heard_a.WaitFor("/probe", kProbe); ++i) (*b)->Announce({"/probe"});
  (*b)->Announce({"/roles/backend", "/questions/be-outage"});
  EXPECT_TRUE(heard_a.WaitFor("/roles/backend"));
  EXPECT_TRUE(heard_a.WaitFor("/questions/be-outage"));
  (*a)->Announce({"/from-a"});
  EXPECT_TRUE(heard_b.WaitFor("/from-a"));
  for (const auto& key : heard_a.keys()) EXPECT_NE(key, "/from-a") << "an instance hears its own announcement";

  // The listening connection is cut (a database restart, a network blip): after the reconnect,
  // everything may be stale, and announcements flow again.
  db_->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN starprep_changes'");
  EXPECT_TRUE(heard_a.WaitFor("*"));
  for (int i = 0; i < 100 && !heard_a.WaitFor("/after", kProbe); ++i) (*b)->Announce({"/after"});
  EXPECT_TRUE(heard_a.WaitFor("/after"));
  (*a)->OnRemoteChange({});
  (*b)->OnRemoteChange({});
}

}  // namespace
}  // namespace starprep::store::postgres
