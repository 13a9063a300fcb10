// SPDX-License-Identifier: Apache-2.0
// Tests for `starprep db copy` (app/db_copy.h): a SQLite database with a row in every kind of
// table goes to PostgreSQL and back, and comes back identical; a target with data is refused
// and a failing copy writes nothing. Needs the test PostgreSQL (tests/unit/test_store.h).

#include "app/db_copy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../sample_pack.h"
#include "../test_store.h"

namespace starprep::app {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

class DbCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (starprep::testing::PostgresServer().empty()) GTEST_SKIP() << "no test PostgreSQL (STARPREP_TEST_POSTGRES)";
    source_ = std::make_unique<TestStore>(Backend::kSqlite);
    target_ = std::make_unique<TestStore>(Backend::kPostgres);
    store::Store& s = **source_;
    ASSERT_TRUE(s.ReplaceContent(starprep::testing::SamplePack()).ok());
    auto ann = s.CreateUser({0, "ann@example.org", "Ann", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    ASSERT_TRUE(ann.ok());
    ASSERT_TRUE(s.PutVote({"be-outage", "visitor-1", true, "it's \"fine\"", ann->id}).ok());
    ASSERT_TRUE(s.PutVote({"be-review", "visitor-2", false, ""}).ok());
    // The editor inbox: a changed answer (question_revisions), a comment addressed (feedback_audit).
    content::Pack edited = starprep::testing::SamplePack();
    edited.roles[0].questions[0].answer.result = "Errors fell by 95%.";
    ASSERT_TRUE(s.ReplaceContent(edited).ok());
    ASSERT_TRUE(s.SetCommentState({{1}, "addressed", "done", ann->id, "ann@example.org", "2027-01-05T00:00:00Z"}).ok());
    ASSERT_TRUE(
        s.CreateSession({"hash1", ann->id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
            .ok());
    ASSERT_TRUE(s.CreateApiToken(ann->id, "script", "read", "hash2", "2027-01-01T00:00:00Z").ok());
    const store::Sealed sealed{1, std::string("\0\xff\x01 sealed", 10)};
    ASSERT_TRUE(
        s.CreateAttempt({0, ann->id, "be-outage", sealed, 71, {10, 20, 30, 40}, 95, 180, "2027-01-02T00:00:00Z"}).ok());
    ASSERT_TRUE(s.CreateStory({0,
                               ann->id,
                               sealed,
                               {"ownership"},
                               {"be-outage", "fe-a11y"},
                               64,
                               "2027-01-03T00:00:00Z",
                               "2027-01-03T00:00:00Z"},
                              50)
                    .ok());
    ASSERT_TRUE(s.CreateCorrection({0, ann->id, "", true, sealed, "2027-01-04T00:00:00Z"}).ok());
    ASSERT_TRUE(s.SetTargetRoles(ann->id, {"frontend", "backend"}).ok());
    ASSERT_TRUE(s.EnsureCard(ann->id, "be-outage", "2027-01-02T00:00:00Z").ok());
    ASSERT_TRUE(s.EnsureCard(ann->id, "be-review", "2027-01-02T00:00:00Z").ok());
    ASSERT_TRUE(
        s.RecordReview(
             {ann->id, "be-outage", 2, 2.3065, 2.11810397, "2027-01-04T00:00:00Z", "2027-01-02T00:00:00Z", 1, 0, "",
              true},
             0, {0, ann->id, "be-outage", 3, 0, 0, 2.3065, 2.11810397, "2027-01-04T00:00:00Z", "2027-01-02T00:00:00Z"})
            .ok());
    ASSERT_TRUE(s.PutReviewSettings(ann->id, {0.85, 7}).ok());
    ASSERT_TRUE(s.CreateMock({0,
                              ann->id,
                              "backend",
                              {"be-review", "be-outage"},
                              sealed,
                              true,
                              58,
                              0,
                              "2027-01-05T00:00:00Z",
                              "2027-01-05T00:10:00Z"})
                    .ok());
    source_->Exec(
        "INSERT INTO jobs (source, source_id, title, company_name, remote, salary_min, salary_max, salary_annual_max,"
        " description_md, apply_url, date_posted, content_hash, created_at, updated_at) VALUES ('feed', 'j1',"
        " 'Engineer', 'Acme', 'remote', 55000.5, 65000, 65000, 'Build things.', 'https://acme.example/j1',"
        " '2027-01-01', 'h', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z');"
        "INSERT INTO job_roles (job_id, role_slug) VALUES (1, 'backend');"
        "UPDATE jobs_state SET version = 7;");
    // Ephemeral rows db copy leaves behind (db_copy.h).
    ASSERT_TRUE(s.RecordFailure("account:ann@example.org", {5, 900, 900}, 1'800'000'000).ok());
    ASSERT_TRUE(s.TakeToken("address:192.0.2.1", {1, 5}, 1'800'000'000'000).ok());
  }

  // Every table of a SQLite database as text, in a fixed order.
  static std::vector<std::string> Tables(TestStore& db) {
    std::vector<std::string> all;
    for (const char* table : kCopiedTables) {
      all.push_back(std::string("-- ") + table);
      for (auto& row : db.Dump(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2")) all.push_back(row);
    }
    return all;
  }

  std::unique_ptr<TestStore> source_, target_;
};

TEST_F(DbCopyTest, SqliteToPostgresAndBackKeepsEveryRow) {
  std::vector<std::string> seen;
  ASSERT_TRUE(CopySqliteToPostgres(source_->sqlite_path(), target_->url(), [&](const std::string& table, long long) {
                seen.push_back(table);
              }).ok());
  EXPECT_EQ(seen.size(), std::size(kCopiedTables));
  EXPECT_EQ(target_->Dump("SELECT count(*) FROM limit_failures"), std::vector<std::string>{"0|"});
  EXPECT_EQ(target_->Dump("SELECT count(*) FROM limit_buckets"), std::vector<std::string>{"0|"});
  EXPECT_EQ(target_->Dump("SELECT count(*) FROM attempts"), std::vector<std::string>{"1|"});
  EXPECT_EQ(target_->Dump("SELECT questions_json, finished, score, revision FROM mocks"),
            std::vector<std::string>{"[\"be-review\",\"be-outage\"]|1|58|1|"});
  EXPECT_EQ(target_->Dump("SELECT encode(sealed, 'hex') FROM attempts"),
            std::vector<std::string>{"00ff01207365616c6564|"});
  // The identity sequences moved past the copied ids: a new user does not collide.
  target_->Exec("INSERT INTO users (email, password_hash, created_at) VALUES ('bob@example.org', 'x', 'now')");
  EXPECT_EQ(target_->Dump("SELECT id FROM users WHERE email = 'bob@example.org'"), std::vector<std::string>{"2|"});
  target_->Exec("DELETE FROM users WHERE email = 'bob@example.org'");

  TestStore back(Backend::kSqlite);  // migrated and empty, as `db copy` makes the data directory
  ASSERT_TRUE(CopyPostgresToSqlite(target_->url(), back.sqlite_path(), nullptr).ok());
  EXPECT_EQ(Tables(back), Tables(*source_));
}

TEST_F(DbCopyTest, ATargetWithDataIsRefusedAndAFailedCopyWritesNothing) {
  ASSERT_TRUE(CopySqliteToPostgres(source_->sqlite_path(), target_->url(), nullptr).ok());
  auto again = CopySqliteToPostgres(source_->sqlite_path(), target_->url(), nullptr);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("already holds roles"), std::string::npos) << again.error().message;

  // A source row the target's constraints refuse (a vote of a user that does not exist; SQLite
  // only checks foreign keys on connections that ask): the whole copy rolls back.
  TestStore empty(Backend::kPostgres);
  source_->Exec("PRAGMA foreign_keys = OFF; UPDATE votes SET user_id = 999 WHERE voter_id = 'visitor-1'");
  auto failed = CopySqliteToPostgres(source_->sqlite_path(), empty.url(), nullptr);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("votes"), std::string::npos) << failed.error().message;
  EXPECT_EQ(empty.Dump("SELECT count(*) FROM roles"), std::vector<std::string>{"0|"});
  EXPECT_EQ(empty.Dump("SELECT count(*) FROM content_state"), std::vector<std::string>{"1|"});
}

TEST_F(DbCopyTest, AMissingSourceIsNotFoundAndNothingIsCreated) {
  auto missing = CopySqliteToPostgres(source_->sqlite_path() + ".nope", target_->url(), nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(source_->sqlite_path() + ".nope"));
}

}  // namespace
}  // namespace starprep::app
