// SPDX-License-Identifier: Apache-2.0
// Tests for users, sessions, API tokens, attempts, stories and re-sealing in the SQLite store
// (store/sqlite/accounts.cpp), through the Store interface on a temp database file. A raw sqlite3
// connection inspects the file independently of the code under test.

#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../temp_dir.h"
#include "store/store.h"

namespace starprep::store {
namespace {

namespace fs = std::filesystem;
using starprep::testing::TempDir;

// Sealed bytes as the keyring makes them are binary: include a NUL and high bytes.
Sealed SealedText(int key_id, const std::string& marker) {
  return Sealed{key_id, std::string("\0\xff", 2) + marker};
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

class SqliteAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open();
    auto stats = store_->ReplaceContent(starprep::testing::SamplePack());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  void Open() {
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }

  User MustCreateUser(const std::string& email) {
    auto u = store_->CreateUser(User{0, email, "Name of " + email, "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? *u : User{};
  }

  std::int64_t MustCreateAttempt(const User& user, const std::string& question, int score = 50,
                                 const std::string& marker = "answer") {
    AttemptRecord a;
    a.user_id = user.id;
    a.question_id = question;
    a.sealed = SealedText(1, marker);
    a.score = score;
    a.parts = {10, 20, 30, 40};
    a.seconds = 95;
    a.words = 120;
    a.created_at = "2027-01-02T03:04:05Z";
    auto id = store_->CreateAttempt(a);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  StoryRecord Story(const User& user, std::vector<std::string> questions, const std::string& marker = "story") {
    return StoryRecord{0,
                       user.id,
                       SealedText(1, marker),
                       {"ownership", "conflict"},
                       std::move(questions),
                       70,
                       "2027-01-03T00:00:00Z",
                       "2027-01-03T00:00:00Z"};
  }

  std::int64_t MustCreateStory(const User& user, std::vector<std::string> questions,
                               const std::string& marker = "story") {
    auto id = store_->CreateStory(Story(user, std::move(questions), marker), 100);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  std::int64_t MustCreateCorrection(const User& user, bool shared, const std::string& question = "be-outage",
                                    const std::string& marker = "correction") {
    auto id = store_->CreateCorrection(
        CorrectionRecord{0, user.id, question, shared, SealedText(1, marker), "2027-01-04T00:00:00Z"});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  // The single-column results of `select` (literal test SQL) via an independent connection; NULL as "NULL".
  std::vector<std::string> Column(const std::string& select) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, select.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      out.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }
  int Count(const std::string& select) { return std::stoi(Column(select).at(0)); }

  TempDir dir_;
  std::string path_ = (dir_.path() / "starprep.db").string();
  std::unique_ptr<Store> store_;
  User ann_, bob_;
};

// ---- users ----

TEST_F(SqliteAccountsTest, UsersCreateFindUpdate) {
  EXPECT_GT(ann_.id, 0);
  EXPECT_NE(ann_.id, bob_.id);
  auto found = store_->FindUserByEmail("ann@example.org");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, ann_.id);
  EXPECT_EQ((*found)->display_name, "Name of ann@example.org");
  EXPECT_EQ((*found)->password_hash, "$argon2id$fake");
  EXPECT_EQ((*found)->role, "member");
  EXPECT_EQ((*found)->created_at, "2027-01-01T00:00:00Z");
  EXPECT_FALSE(store_->FindUserByEmail("nobody@example.org")->has_value());
  EXPECT_EQ((*store_->GetUser(bob_.id))->email, "bob@example.org");
  EXPECT_FALSE(store_->GetUser(999)->has_value());

  ASSERT_TRUE(store_->UpdatePasswordHash(ann_.id, "$argon2id$new").ok());
  EXPECT_EQ((*store_->GetUser(ann_.id))->password_hash, "$argon2id$new");
  EXPECT_EQ((*store_->GetUser(bob_.id))->password_hash, "$argon2id$fake");
  ASSERT_TRUE(store_->SetUserRole(ann_.id, "editor").ok());
  EXPECT_EQ((*store_->GetUser(ann_.id))->role, "editor");
  EXPECT_FALSE(store_->SetUserRole(ann_.id, "overlord").ok());  // CHECK constraint
  EXPECT_EQ((*store_->GetUser(ann_.id))->role, "editor");

  EXPECT_EQ(store_->UpdatePasswordHash(999, "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->SetUserRole(999, "admin").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->DeleteUser(999).error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteAccountsTest, DuplicateEmailIsAConflict) {
  auto again = store_->CreateUser(User{0, "ann@example.org", "", "h", "member", "2027-01-01T00:00:00Z"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 2);
}

// ---- sessions ----

TEST_F(SqliteAccountsTest, SessionsCreateGetTouchDelete) {
  ASSERT_TRUE(
      store_
          ->CreateSession({"hash-a1", ann_.id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  ASSERT_TRUE(
      store_
          ->CreateSession({"hash-a2", ann_.id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  ASSERT_TRUE(
      store_
          ->CreateSession({"hash-b1", bob_.id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  EXPECT_FALSE(store_->CreateSession({"hash-x", 999, "t", "t", "t"}).ok());       // no such user
  EXPECT_FALSE(store_->CreateSession({"hash-a1", bob_.id, "t", "t", "t"}).ok());  // hash taken

  auto got = store_->GetSession("hash-a1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const auto& [session, user] = **got;
  EXPECT_EQ(session.token_hash, "hash-a1");
  EXPECT_EQ(session.user_id, ann_.id);
  EXPECT_EQ(session.expires_at, "2027-02-01T00:00:00Z");
  EXPECT_EQ(user.email, "ann@example.org");
  EXPECT_FALSE(store_->GetSession("nope")->has_value());

  ASSERT_TRUE(store_->TouchSession("hash-a1", "2027-01-05T00:00:00Z").ok());
  EXPECT_EQ((*store_->GetSession("hash-a1"))->first.last_seen_at, "2027-01-05T00:00:00Z");
  EXPECT_EQ((*store_->GetSession("hash-a2"))->first.last_seen_at, "2027-01-01T00:00:00Z");
  EXPECT_EQ(store_->TouchSession("nope", "2027-01-05T00:00:00Z").error().code, ErrorCode::kNotFound);

  EXPECT_EQ(*store_->CountUserSessions(ann_.id), 2);
  ASSERT_TRUE(store_->DeleteSession("hash-a1").ok());
  EXPECT_TRUE(store_->DeleteSession("hash-a1").ok());  // already gone: fine
  EXPECT_FALSE(store_->GetSession("hash-a1")->has_value());
  EXPECT_EQ(*store_->CountUserSessions(ann_.id), 1);

  ASSERT_TRUE(store_->CreateSession({"hash-a3", ann_.id, "t", "t", "t"}).ok());
  EXPECT_EQ(*store_->DeleteUserSessions(ann_.id), 2);
  EXPECT_EQ(*store_->DeleteUserSessions(ann_.id), 0);
  EXPECT_EQ(*store_->CountUserSessions(ann_.id), 0);
  EXPECT_EQ(*store_->CountUserSessions(bob_.id), 1);
}

// ---- API tokens ----

TEST_F(SqliteAccountsTest, ApiTokensBelongToTheirOwner) {
  auto t1 = store_->CreateApiToken(ann_.id, "laptop", "read", "thash-1", "2027-01-01T00:00:00Z");
  auto t2 = store_->CreateApiToken(ann_.id, "ci", "write", "thash-2", "2027-01-02T00:00:00Z");
  auto t3 = store_->CreateApiToken(bob_.id, "bob's", "read", "thash-3", "2027-01-02T00:00:00Z");
  ASSERT_TRUE(t1.ok() && t2.ok() && t3.ok());
  EXPECT_FALSE(store_->CreateApiToken(bob_.id, "dup", "read", "thash-1", "2027-01-02T00:00:00Z").ok());
  auto bad_scope = store_->CreateApiToken(bob_.id, "admin?", "admin", "thash-4", "2027-01-02T00:00:00Z");
  ASSERT_FALSE(bad_scope.ok());
  EXPECT_EQ(bad_scope.error().code, ErrorCode::kConflict);

  auto listed = store_->ListApiTokens(ann_.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, *t1);
  EXPECT_EQ((*listed)[0].name, "laptop");
  EXPECT_EQ((*listed)[0].scope, "read");
  EXPECT_EQ((*listed)[0].created_at, "2027-01-01T00:00:00Z");
  EXPECT_EQ((*listed)[0].last_used_at, "");
  EXPECT_EQ((*listed)[1].name, "ci");
  EXPECT_EQ((*listed)[1].scope, "write");

  // Getting a token only reads; touching records the use.
  auto found = store_->GetApiToken("thash-2");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->second.id, ann_.id);
  EXPECT_EQ((*found)->first.id, *t2);
  EXPECT_EQ((*found)->first.scope, "write");
  EXPECT_EQ((*found)->first.last_used_at, "");
  ASSERT_TRUE(store_->TouchApiToken(*t2, "2027-01-09T00:00:00Z").ok());
  EXPECT_EQ((*store_->GetApiToken("thash-2"))->first.last_used_at, "2027-01-09T00:00:00Z");
  EXPECT_EQ((*store_->ListApiTokens(ann_.id))[1].last_used_at, "2027-01-09T00:00:00Z");
  EXPECT_EQ((*store_->ListApiTokens(ann_.id))[0].last_used_at, "");
  EXPECT_FALSE(store_->GetApiToken("thash-unknown")->has_value());
  EXPECT_EQ(store_->TouchApiToken(9999, "2027-01-09T00:00:00Z").error().code, ErrorCode::kNotFound);

  // Bob cannot revoke Ann's token.
  auto not_his = store_->DeleteApiToken(bob_.id, *t1);
  ASSERT_FALSE(not_his.ok());
  EXPECT_EQ(not_his.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetApiToken("thash-1")->has_value());
  ASSERT_TRUE(store_->DeleteApiToken(ann_.id, *t1).ok());
  EXPECT_FALSE(store_->GetApiToken("thash-1")->has_value());
  EXPECT_EQ(store_->DeleteApiToken(ann_.id, *t1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->ListApiTokens(ann_.id)->size(), 1u);
  EXPECT_EQ(store_->ListApiTokens(bob_.id)->size(), 1u);
}

// ---- deleting a user ----

TEST_F(SqliteAccountsTest, DeleteUserCascadesAndUnlinksVotes) {
  ASSERT_TRUE(store_->CreateSession({"ann-session", ann_.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(store_->CreateSession({"bob-session", bob_.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(store_->CreateApiToken(ann_.id, "ci", "write", "ann-token", "t").ok());
  ASSERT_TRUE(store_->CreateApiToken(bob_.id, "ci", "read", "bob-token", "t").ok());
  MustCreateAttempt(ann_, "be-outage");
  MustCreateAttempt(bob_, "be-outage");
  MustCreateStory(ann_, {"be-outage", "be-review"});
  const std::int64_t bob_story = MustCreateStory(bob_, {"be-outage"});
  MustCreateCorrection(ann_, true);  // shared or not, a correction goes with its writer
  MustCreateCorrection(ann_, false);
  MustCreateCorrection(bob_, true);
  ASSERT_TRUE(store_->PutVote({"be-outage", "voter-ann", true, "useful", ann_.id}).ok());
  ASSERT_TRUE(store_->PutVote({"be-review", "voter-bob", false, "", bob_.id}).ok());
  ASSERT_TRUE(store_->PutVote({"be-review", "anonymous", true, "", 0}).ok());
  auto ann_votes = store_->ListUserVotes(ann_.id);
  ASSERT_TRUE(ann_votes.ok());
  ASSERT_EQ(ann_votes->size(), 1u);
  EXPECT_EQ((*ann_votes)[0].question_id, "be-outage");
  EXPECT_EQ((*ann_votes)[0].comment, "useful");
  EXPECT_TRUE((*ann_votes)[0].helpful);

  const std::string ann = std::to_string(ann_.id);
  ASSERT_TRUE(store_->DeleteUser(ann_.id).ok());

  EXPECT_FALSE(store_->GetUser(ann_.id)->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sessions WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM api_tokens WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM attempts WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stories WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM coach_corrections WHERE user_id = " + ann), 0);
  EXPECT_EQ(Column("SELECT story_id FROM story_questions"), std::vector<std::string>{std::to_string(bob_story)});
  // Ann's vote still counts, without her.
  EXPECT_EQ(Column("SELECT coalesce(user_id, 'NULL') FROM votes WHERE voter_id = 'voter-ann'"),
            std::vector<std::string>{"NULL"});
  EXPECT_EQ(store_->GetFeedbackSummary("be-outage")->helpful, 1);
  EXPECT_TRUE(store_->ListUserVotes(ann_.id)->empty());
  // Bob keeps everything.
  EXPECT_EQ(Column("SELECT user_id FROM votes WHERE voter_id = 'voter-bob'"),
            std::vector<std::string>{std::to_string(bob_.id)});
  EXPECT_EQ(*store_->CountUserSessions(bob_.id), 1);
  EXPECT_EQ(store_->ListApiTokens(bob_.id)->size(), 1u);
  EXPECT_EQ(store_->ListAttempts(bob_.id, "", 10, 0)->total, 1);
  EXPECT_EQ(store_->ListStories(bob_.id)->size(), 1u);
  EXPECT_EQ(store_->ListCorrections(bob_.id, 10, 0)->total, 1);
  EXPECT_EQ(store_->DeleteUser(ann_.id).error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteAccountsTest, DeletedUsersEmailIsGoneFromTheFiles) {
  const std::string email = "zanzibar.quokka.marker@example.org";
  User gone = MustCreateUser(email);
  ASSERT_TRUE(store_->CreateSession({"s1", gone.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(store_->UpdatePasswordHash(gone.id, "$argon2id$changed").ok());  // moves the row's cell
  MustCreateAttempt(gone, "be-outage");
  store_.reset();  // closing checkpoints the WAL into the database file
  ASSERT_NE(Slurp(path_).find(email), std::string::npos) << "the test cannot see the email at all";

  Open();
  ASSERT_TRUE(store_->DeleteUser(gone.id).ok());
  store_.reset();
  std::string bytes = Slurp(path_);
  if (fs::exists(path_ + "-wal")) bytes += Slurp(path_ + "-wal");
  EXPECT_EQ(bytes.find(email), std::string::npos);
  EXPECT_EQ(bytes.find("zanzibar"), std::string::npos);
  EXPECT_NE(bytes.find("ann@example.org"), std::string::npos);  // the others are still there
}

// While the store stays open (a running server), the WAL still holds the pages that carried the
// account until PurgeDeletedData checkpoints and truncates it.
TEST_F(SqliteAccountsTest, PurgeDeletedDataClearsTheWalWhileOpen) {
  const std::string email = "okapi.lantern.marker@example.org";
  User gone = MustCreateUser(email);
  ASSERT_TRUE(store_->CreateApiToken(gone.id, "okapi token name", "read", "okapi-hash", "t").ok());
  ASSERT_TRUE(store_->DeleteUser(gone.id).ok());
  auto on_disk = [&] {
    std::string bytes = Slurp(path_);
    if (fs::exists(path_ + "-wal")) bytes += Slurp(path_ + "-wal");
    return bytes;
  };
  ASSERT_NE(on_disk().find(email), std::string::npos) << "expected the WAL to still hold the email before the purge";
  ASSERT_TRUE(store_->PurgeDeletedData().ok());
  const std::string bytes = on_disk();
  EXPECT_EQ(bytes.find(email), std::string::npos);
  EXPECT_EQ(bytes.find("okapi token name"), std::string::npos);
  EXPECT_EQ(fs::file_size(path_ + "-wal"), 0u);
  // The store keeps working after the truncation.
  EXPECT_TRUE(store_->FindUserByEmail("ann@example.org")->has_value());
  EXPECT_TRUE(MustCreateUser("after.purge@example.org").id > 0);
}

}  // namespace
}  // namespace starprep::store
