// SPDX-License-Identifier: Apache-2.0
// Contract tests for users, sessions and API tokens (store/sqlite/accounts.cpp,
// store/postgres/accounts.cpp) on every backend (tests/unit/test_store.h). TestStore::Dump/Exec
// inspect and seed the database independently of the code under test, with SQL both engines
// accept. Checks about SQLite's files and WAL are SQLite-only tests; what the PostgreSQL store adds
// (VACUUM as the owner or as a runtime role) is PostgreSQL-only.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../test_store.h"
#include "store/postgres/pg.h"
#include "store/store.h"

namespace starprep::store {
namespace {

namespace fs = std::filesystem;
using starprep::testing::Backend;
using starprep::testing::TestStore;

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

// What both fixtures share: a store with two users, and raw inspection.
class AccountsFixture {
 protected:
  explicit AccountsFixture(Backend backend) : db_(backend) {}

  void CreateAnnAndBob() {
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  User MustCreateUser(const std::string& email) {
    auto u = db_->CreateUser(User{0, email, "Name of " + email, "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? *u : User{};
  }

  // The single-column results of `select` (literal test SQL); NULL as "NULL".
  std::vector<std::string> Column(const std::string& select) {
    std::vector<std::string> out;
    for (std::string row : db_.Dump(select)) {
      if (!row.empty() && row.back() == '|') row.pop_back();
      out.push_back(std::move(row));
    }
    return out;
  }
  int Count(const std::string& select) { return std::stoi(Column(select).at(0)); }

  TestStore db_;
  User ann_, bob_;
};

class AccountsStoreTest : public ::testing::TestWithParam<Backend>, protected AccountsFixture {
 protected:
  AccountsStoreTest() : AccountsFixture(GetParam()) {}
  void SetUp() override { CreateAnnAndBob(); }
};

INSTANTIATE_TEST_SUITE_P(Backends, AccountsStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

// ---- users ----

TEST_P(AccountsStoreTest, UsersCreateFindUpdate) {
  EXPECT_GT(ann_.id, 0);
  EXPECT_NE(ann_.id, bob_.id);
  auto found = db_->FindUserByEmail("ann@example.org");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, ann_.id);
  EXPECT_EQ((*found)->display_name, "Name of ann@example.org");
  EXPECT_EQ((*found)->password_hash, "$argon2id$fake");
  EXPECT_EQ((*found)->role, "member");
  EXPECT_EQ((*found)->created_at, "2027-01-01T00:00:00Z");
  EXPECT_FALSE(db_->FindUserByEmail("nobody@example.org")->has_value());
  // An email that PostgreSQL's text cannot hold matches no one on either backend (not a prefix).
  using namespace std::string_literals;
  for (const std::string& email : {"ann@example.org\0x"s, "ann@example.org\xff"s}) {
    auto odd = db_->FindUserByEmail(email);
    ASSERT_TRUE(odd.ok()) << odd.error().message;
    EXPECT_FALSE(odd->has_value());
  }
  EXPECT_EQ((*db_->GetUser(bob_.id))->email, "bob@example.org");
  EXPECT_FALSE(db_->GetUser(999)->has_value());

  ASSERT_TRUE(db_->UpdatePasswordHash(ann_.id, "$argon2id$new").ok());
  EXPECT_EQ((*db_->GetUser(ann_.id))->password_hash, "$argon2id$new");
  EXPECT_EQ((*db_->GetUser(bob_.id))->password_hash, "$argon2id$fake");
  ASSERT_TRUE(db_->SetUserRole(ann_.id, "editor").ok());
  EXPECT_EQ((*db_->GetUser(ann_.id))->role, "editor");
  EXPECT_FALSE(db_->SetUserRole(ann_.id, "overlord").ok());  // CHECK constraint
  EXPECT_EQ((*db_->GetUser(ann_.id))->role, "editor");

  EXPECT_EQ(db_->UpdatePasswordHash(999, "x").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->SetUserRole(999, "admin").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->DeleteUser(999).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountsStoreTest, DuplicateEmailIsAConflict) {
  auto again = db_->CreateUser(User{0, "ann@example.org", "", "h", "member", "2027-01-01T00:00:00Z"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 2);
}

// Several instances (or threads) signing up the same address at once: the unique email decides,
// without a read-then-insert race. Exactly one wins; the others get kConflict.
TEST_P(AccountsStoreTest, ConcurrentSignUpsWithOneEmailCreateOneUser) {
  constexpr int kWriters = 6;
  std::vector<Result<User>> results(kWriters, Result<User>(Error{}));
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i)
    writers.emplace_back([&, i] {
      results[i] = db_->CreateUser(
          User{0, "race@example.org", "writer " + std::to_string(i), "h", "member", "2027-01-01T00:00:00Z"});
    });
  for (auto& t : writers) t.join();
  int created = 0;
  for (const auto& r : results) {
    if (r.ok()) {
      ++created;
      EXPECT_EQ((*db_->FindUserByEmail("race@example.org"))->id, r->id);
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kConflict) << r.error().message;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE email = 'race@example.org'"), 1);
}

// ---- sessions ----

TEST_P(AccountsStoreTest, SessionsCreateGetTouchDelete) {
  ASSERT_TRUE(
      db_->CreateSession({"hash-a1", ann_.id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  ASSERT_TRUE(
      db_->CreateSession({"hash-a2", ann_.id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  ASSERT_TRUE(
      db_->CreateSession({"hash-b1", bob_.id, "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  EXPECT_FALSE(db_->CreateSession({"hash-x", 999, "t", "t", "t"}).ok());       // no such user
  EXPECT_FALSE(db_->CreateSession({"hash-a1", bob_.id, "t", "t", "t"}).ok());  // hash taken

  auto got = db_->GetSession("hash-a1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const auto& [session, user] = **got;
  EXPECT_EQ(session.token_hash, "hash-a1");
  EXPECT_EQ(session.user_id, ann_.id);
  EXPECT_EQ(session.created_at, "2027-01-01T00:00:00Z");
  EXPECT_EQ(session.expires_at, "2027-02-01T00:00:00Z");
  EXPECT_EQ(user.email, "ann@example.org");
  EXPECT_EQ(user.id, ann_.id);
  EXPECT_FALSE(db_->GetSession("nope")->has_value());

  ASSERT_TRUE(db_->TouchSession("hash-a1", "2027-01-05T00:00:00Z").ok());
  EXPECT_EQ((*db_->GetSession("hash-a1"))->first.last_seen_at, "2027-01-05T00:00:00Z");
  EXPECT_EQ((*db_->GetSession("hash-a2"))->first.last_seen_at, "2027-01-01T00:00:00Z");
  EXPECT_EQ(db_->TouchSession("nope", "2027-01-05T00:00:00Z").error().code, ErrorCode::kNotFound);

  EXPECT_EQ(*db_->CountUserSessions(ann_.id), 2);
  ASSERT_TRUE(db_->DeleteSession("hash-a1").ok());
  EXPECT_TRUE(db_->DeleteSession("hash-a1").ok());  // already gone: fine
  EXPECT_FALSE(db_->GetSession("hash-a1")->has_value());
  EXPECT_EQ(*db_->CountUserSessions(ann_.id), 1);

  ASSERT_TRUE(db_->CreateSession({"hash-a3", ann_.id, "t", "t", "t"}).ok());
  EXPECT_EQ(*db_->DeleteUserSessions(ann_.id), 2);
  EXPECT_EQ(*db_->DeleteUserSessions(ann_.id), 0);
  EXPECT_EQ(*db_->CountUserSessions(ann_.id), 0);
  EXPECT_EQ(*db_->CountUserSessions(bob_.id), 1);
}

TEST_P(AccountsStoreTest, DeleteExpiredSessionsEndsExpiredAndIdleOnesOnly) {
  // token, user, created, last seen, expires
  ASSERT_TRUE(
      db_->CreateSession({"expired", ann_.id, "2027-01-01T00:00:00Z", "2027-01-09T00:00:00Z", "2027-01-10T00:00:00Z"})
          .ok());
  ASSERT_TRUE(db_->CreateSession(
                     {"expires-now", ann_.id, "2027-01-01T00:00:00Z", "2027-01-09T00:00:00Z", "2027-01-10T12:00:00Z"})
                  .ok());
  ASSERT_TRUE(
      db_->CreateSession({"idle", bob_.id, "2027-01-01T00:00:00Z", "2027-01-03T00:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());
  ASSERT_TRUE(db_->CreateSession({"idle-at-cutoff", bob_.id, "2027-01-01T00:00:00Z", "2027-01-05T00:00:00Z",
                                  "2027-02-01T00:00:00Z"})
                  .ok());
  ASSERT_TRUE(
      db_->CreateSession({"fresh", bob_.id, "2027-01-01T00:00:00Z", "2027-01-10T11:00:00Z", "2027-02-01T00:00:00Z"})
          .ok());

  auto ended = db_->DeleteExpiredSessions("2027-01-10T12:00:00Z", "2027-01-05T00:00:00Z");
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  EXPECT_EQ(*ended, 4);
  EXPECT_EQ(Column("SELECT token_hash FROM sessions ORDER BY token_hash"), std::vector<std::string>{"fresh"});
  EXPECT_EQ(*db_->DeleteExpiredSessions("2027-01-10T12:00:00Z", "2027-01-05T00:00:00Z"), 0);
  EXPECT_TRUE(db_->GetSession("fresh")->has_value());
}

// ---- API tokens ----

TEST_P(AccountsStoreTest, ApiTokensBelongToTheirOwner) {
  auto t1 = db_->CreateApiToken(ann_.id, "laptop", "read", "thash-1", "2027-01-01T00:00:00Z");
  auto t2 = db_->CreateApiToken(ann_.id, "ci", "write", "thash-2", "2027-01-02T00:00:00Z");
  auto t3 = db_->CreateApiToken(bob_.id, "bob's", "read", "thash-3", "2027-01-02T00:00:00Z");
  ASSERT_TRUE(t1.ok() && t2.ok() && t3.ok());
  EXPECT_FALSE(db_->CreateApiToken(bob_.id, "dup", "read", "thash-1", "2027-01-02T00:00:00Z").ok());
  auto bad_scope = db_->CreateApiToken(bob_.id, "admin?", "admin", "thash-4", "2027-01-02T00:00:00Z");
  ASSERT_FALSE(bad_scope.ok());
  EXPECT_EQ(bad_scope.error().code, ErrorCode::kConflict);

  auto listed = db_->ListApiTokens(ann_.id);
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
  auto found = db_->GetApiToken("thash-2");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->second.id, ann_.id);
  EXPECT_EQ((*found)->second.email, "ann@example.org");
  EXPECT_EQ((*found)->first.id, *t2);
  EXPECT_EQ((*found)->first.scope, "write");
  EXPECT_EQ((*found)->first.last_used_at, "");
  ASSERT_TRUE(db_->TouchApiToken(*t2, "2027-01-09T00:00:00Z").ok());
  EXPECT_EQ((*db_->GetApiToken("thash-2"))->first.last_used_at, "2027-01-09T00:00:00Z");
  EXPECT_EQ((*db_->ListApiTokens(ann_.id))[1].last_used_at, "2027-01-09T00:00:00Z");
  EXPECT_EQ((*db_->ListApiTokens(ann_.id))[0].last_used_at, "");
  EXPECT_FALSE(db_->GetApiToken("thash-unknown")->has_value());
  EXPECT_EQ(db_->TouchApiToken(9999, "2027-01-09T00:00:00Z").error().code, ErrorCode::kNotFound);

  // Bob cannot revoke Ann's token.
  auto not_his = db_->DeleteApiToken(bob_.id, *t1);
  ASSERT_FALSE(not_his.ok());
  EXPECT_EQ(not_his.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(db_->GetApiToken("thash-1")->has_value());
  ASSERT_TRUE(db_->DeleteApiToken(ann_.id, *t1).ok());
  EXPECT_FALSE(db_->GetApiToken("thash-1")->has_value());
  EXPECT_EQ(db_->DeleteApiToken(ann_.id, *t1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->ListApiTokens(ann_.id)->size(), 1u);
  EXPECT_EQ(db_->ListApiTokens(bob_.id)->size(), 1u);
}

// ---- deleting a user ----

// Questions, attempts, stories, corrections and votes are seeded with raw SQL: their operations
// (ReplaceContent, CreateAttempt, ...) are tested elsewhere and not needed to test DeleteUser.
TEST_P(AccountsStoreTest, DeleteUserCascadesAndUnlinksVotes) {
  const std::string ann = std::to_string(ann_.id);
  const std::string bob = std::to_string(bob_.id);
  ASSERT_TRUE(db_->CreateSession({"ann-session", ann_.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(db_->CreateSession({"bob-session", bob_.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(db_->CreateApiToken(ann_.id, "ci", "write", "ann-token", "t").ok());
  ASSERT_TRUE(db_->CreateApiToken(bob_.id, "ci", "read", "bob-token", "t").ok());
  db_.Exec(
      "INSERT INTO roles (slug, title, summary, updated, intro_md) VALUES ('backend', 'Back-end', 's', '2026-01-01', "
      "'')");
  for (const char* q : {"be-outage", "be-review"})
    db_.Exec(std::string("INSERT INTO questions (id, role_slug, position, slug, question, kind, updated, why_md,"
                         " situation, task, action, result, content_hash, created_at, updated_at) VALUES ('") +
             q + "', 'backend', 1, '" + q + "', 'Q?', 'behavioral', '2026-01-01', 'w', 's', 't', 'a', 'r', 'h'," +
             " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  for (const std::string& user : {ann, bob})
    db_.Exec(
        "INSERT INTO attempts (user_id, question_id, key_id, sealed, score, parts_json, seconds, words, "
        "created_at) VALUES (" +
        user + ", 'be-outage', 1, 'answer', 50, '[10,20,30,40]', 95, 120, '2027-01-02T03:04:05Z')");
  for (const std::string& user : {ann, bob})
    db_.Exec(
        "INSERT INTO stories (user_id, key_id, sealed, competencies_json, score, created_at, updated_at) VALUES (" +
        user + ", 1, 'story', '[]', 70, '2027-01-03T00:00:00Z', '2027-01-03T00:00:00Z')");
  const std::string ann_story = Column("SELECT id FROM stories WHERE user_id = " + ann).at(0);
  const std::string bob_story = Column("SELECT id FROM stories WHERE user_id = " + bob).at(0);
  db_.Exec("INSERT INTO story_questions (story_id, question_id) VALUES (" + ann_story + ", 'be-outage'), (" +
           ann_story + ", 'be-review'), (" + bob_story + ", 'be-outage')");
  // Shared or not, a correction goes with its writer.
  db_.Exec(
      "INSERT INTO coach_corrections (user_id, question_id, shared, key_id, sealed, created_at) VALUES "
      "(" +
      ann + ", 'be-outage', 1, 1, 'correction', '2027-01-04T00:00:00Z'), (" + ann +
      ", 'be-outage', 0, 1, 'correction', '2027-01-04T00:00:00Z'), (" + bob +
      ", 'be-outage', 1, 1, 'correction', '2027-01-04T00:00:00Z')");
  for (const std::string& user : {ann, bob})
    db_.Exec(
        "INSERT INTO mocks (user_id, role_slug, questions_json, key_id, sealed, finished, score, revision, "
        "created_at, updated_at) VALUES (" +
        user + ", 'backend', '[\"be-outage\"]', 1, 'mock', 0, 0, 1, '2027-01-05T00:00:00Z', '2027-01-05T00:00:00Z')");
  db_.Exec(
      "INSERT INTO votes (question_id, voter_id, helpful, comment, created_at, updated_at, user_id) VALUES "
      "('be-outage', 'voter-ann', 1, 'useful', 't', 't', " +
      ann + "), ('be-review', 'voter-bob', 0, '', 't', 't', " + bob +
      "), ('be-review', 'anonymous', 1, '', 't', 't', NULL)");
  EXPECT_EQ(Column("SELECT question_id, helpful, comment FROM votes WHERE user_id = " + ann),
            std::vector<std::string>{"be-outage|1|useful"});

  ASSERT_TRUE(db_->DeleteUser(ann_.id).ok());

  EXPECT_FALSE(db_->GetUser(ann_.id)->has_value());
  EXPECT_FALSE(db_->FindUserByEmail("ann@example.org")->has_value());
  EXPECT_FALSE(db_->GetSession("ann-session")->has_value());
  EXPECT_FALSE(db_->GetApiToken("ann-token")->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sessions WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM api_tokens WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM attempts WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stories WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM coach_corrections WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM mocks WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM mocks WHERE user_id = " + bob), 1);
  EXPECT_EQ(Column("SELECT story_id FROM story_questions"), std::vector<std::string>{bob_story});
  // Ann's vote still counts, without her.
  EXPECT_EQ(Column("SELECT user_id FROM votes WHERE voter_id = 'voter-ann'"), std::vector<std::string>{"NULL"});
  EXPECT_EQ(Count("SELECT count(*) FROM votes WHERE question_id = 'be-outage' AND helpful = 1"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM votes WHERE user_id = " + ann), 0);
  // Bob keeps everything.
  EXPECT_EQ(Column("SELECT user_id FROM votes WHERE voter_id = 'voter-bob'"), std::vector<std::string>{bob});
  EXPECT_EQ(*db_->CountUserSessions(bob_.id), 1);
  EXPECT_EQ(db_->ListApiTokens(bob_.id)->size(), 1u);
  EXPECT_TRUE(db_->GetSession("bob-session")->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM attempts WHERE user_id = " + bob), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM stories WHERE user_id = " + bob), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM coach_corrections WHERE user_id = " + bob), 1);
  // The same through the other groups' operations.
  EXPECT_EQ(db_->GetFeedbackSummary("be-outage")->helpful, 1);
  EXPECT_TRUE(db_->ListUserVotes(ann_.id)->empty());
  EXPECT_EQ(db_->ListUserVotes(bob_.id)->size(), 1u);
  EXPECT_EQ(db_->ListAttempts(bob_.id, "", 10, 0)->total, 1);
  EXPECT_EQ(db_->ListStories(bob_.id)->size(), 1u);
  EXPECT_EQ(db_->ListCorrections(bob_.id, 10, 0)->total, 1);
  EXPECT_EQ(db_->DeleteUser(ann_.id).error().code, ErrorCode::kNotFound);
}

// Whatever a backend does to purge, the call succeeds after a deletion, the deleted data stays
// unreadable, and the store keeps working.
TEST_P(AccountsStoreTest, PurgeDeletedDataAfterADeletionKeepsTheStoreWorking) {
  const std::string email = "okapi.lantern.marker@example.org";
  User gone = MustCreateUser(email);
  ASSERT_TRUE(db_->CreateApiToken(gone.id, "okapi token name", "read", "okapi-hash", "t").ok());
  ASSERT_TRUE(db_->CreateSession({"okapi-session", gone.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(db_->DeleteUser(gone.id).ok());
  auto purged = db_->PurgeDeletedData();
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_TRUE(db_->PurgeDeletedData().ok());  // nothing left to purge: fine
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE email = '" + email + "'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM api_tokens WHERE name = 'okapi token name'"), 0);
  EXPECT_FALSE(db_->FindUserByEmail(email)->has_value());
  EXPECT_FALSE(db_->GetApiToken("okapi-hash")->has_value());
  EXPECT_FALSE(db_->GetSession("okapi-session")->has_value());
  EXPECT_TRUE(db_->FindUserByEmail("ann@example.org")->has_value());
  EXPECT_GT(MustCreateUser("after.purge@example.org").id, 0);
  EXPECT_GT(MustCreateUser(email).id, 0);  // the address may sign up again
}

// ---- SQLite only: what is left in the files ----

class SqliteAccountsFilesTest : public ::testing::Test, protected AccountsFixture {
 protected:
  SqliteAccountsFilesTest() : AccountsFixture(Backend::kSqlite) {}
  void SetUp() override {
    auto stats = db_->ReplaceContent(starprep::testing::SamplePack());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    CreateAnnAndBob();
  }

  void MustCreateAttempt(const User& user, const std::string& question) {
    AttemptRecord a;
    a.user_id = user.id;
    a.question_id = question;
    a.sealed = SealedText(1, "answer");
    a.score = 50;
    a.parts = {10, 20, 30, 40};
    a.seconds = 95;
    a.words = 120;
    a.created_at = "2027-01-02T03:04:05Z";
    auto id = db_->CreateAttempt(a);
    EXPECT_TRUE(id.ok()) << id.error().message;
  }

  // The database file and its WAL, as they are on disk now.
  std::string OnDisk() {
    const std::string path = db_.sqlite_path();
    std::string bytes = Slurp(path);
    if (fs::exists(path + "-wal")) bytes += Slurp(path + "-wal");
    return bytes;
  }
};

TEST_F(SqliteAccountsFilesTest, DeletedUsersEmailIsGoneFromTheFiles) {
  const std::string email = "zanzibar.quokka.marker@example.org";
  User gone = MustCreateUser(email);
  ASSERT_TRUE(db_->CreateSession({"s1", gone.id, "t", "t", "t"}).ok());
  ASSERT_TRUE(db_->UpdatePasswordHash(gone.id, "$argon2id$changed").ok());  // moves the row's cell
  MustCreateAttempt(gone, "be-outage");
  db_.Reopen();  // closing checkpoints the WAL into the database file
  ASSERT_NE(Slurp(db_.sqlite_path()).find(email), std::string::npos) << "the test cannot see the email at all";

  ASSERT_TRUE(db_->DeleteUser(gone.id).ok());
  db_.Reopen();
  const std::string bytes = OnDisk();
  EXPECT_EQ(bytes.find(email), std::string::npos);
  EXPECT_EQ(bytes.find("zanzibar"), std::string::npos);
  EXPECT_NE(bytes.find("ann@example.org"), std::string::npos);  // the others are still there
}

// While the store stays open (a running server), the WAL still holds the pages that carried the
// account until PurgeDeletedData checkpoints and truncates it.
TEST_F(SqliteAccountsFilesTest, PurgeDeletedDataClearsTheWalWhileOpen) {
  const std::string email = "okapi.lantern.marker@example.org";
  User gone = MustCreateUser(email);
  ASSERT_TRUE(db_->CreateApiToken(gone.id, "okapi token name", "read", "okapi-hash", "t").ok());
  ASSERT_TRUE(db_->DeleteUser(gone.id).ok());
  ASSERT_NE(OnDisk().find(email), std::string::npos) << "expected the WAL to still hold the email before the purge";
  ASSERT_TRUE(db_->PurgeDeletedData().ok());
  const std::string bytes = OnDisk();
  EXPECT_EQ(bytes.find(email), std::string::npos);
  EXPECT_EQ(bytes.find("okapi token name"), std::string::npos);
  EXPECT_EQ(fs::file_size(db_.sqlite_path() + "-wal"), 0u);
  // The store keeps working after the truncation.
  EXPECT_TRUE(db_->FindUserByEmail("ann@example.org")->has_value());
  EXPECT_TRUE(MustCreateUser("after.purge@example.org").id > 0);
}

// ---- PostgreSQL only: PurgeDeletedData runs VACUUM ----

class PostgresAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (starprep::testing::PostgresServer().empty()) GTEST_SKIP() << "no test PostgreSQL (STARPREP_TEST_POSTGRES)";
    db_ = std::make_unique<TestStore>(Backend::kPostgres);
  }
  // The users table's vacuum count, as the statistics report it.
  int UsersVacuumCount() {
    auto rows = db_->Dump("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'users'");
    return rows.size() == 1 ? std::stoi(rows[0]) : -1;
  }
  std::unique_ptr<TestStore> db_;
};

TEST_F(PostgresAccountsTest, PurgeDeletedDataVacuumsTheUserTablesAsTheirOwner) {
  auto user = (*db_)->CreateUser(User{0, "gone@example.org", "", "h", "member", "2027-01-01T00:00:00Z"});
  ASSERT_TRUE(user.ok()) << user.error().message;
  ASSERT_TRUE((*db_)->DeleteUser(user->id).ok());
  const int before = UsersVacuumCount();
  ASSERT_TRUE((*db_)->PurgeDeletedData().ok());
  EXPECT_GT(UsersVacuumCount(), before) << "the test store connects as the tables' owner, so VACUUM ran";
}

// `url` with its user replaced by `user` (the test server's URLs are postgresql://user@/db?...).
std::string WithUser(const std::string& url, const std::string& user) {
  const std::size_t start = url.find("://") + 3;
  const std::size_t at = url.find('@', start);
  return url.substr(0, start) + user + url.substr(at);
}

// The server connects as a runtime role that may read and write rows but owns no table, so it may
// not VACUUM them: PurgeDeletedData does not try, and succeeds (autovacuum does the work).
TEST_F(PostgresAccountsTest, PurgeDeletedDataSucceedsForARoleThatMayNotVacuum) {
  static std::atomic<int> counter{0};
  const std::string role = "runtime" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  struct DropRole {  // drops the test database, then the role (which owns nothing once it is gone)
    std::string role;
    ~DropRole() {
      db.reset();
      if (auto admin = postgres::Conn::Open(starprep::testing::PostgresServer()))
        (void)(*admin)->Run(("DROP ROLE IF EXISTS " + role).c_str());
    }
    std::unique_ptr<TestStore> db;
  } cleanup{role, std::move(db_)};
  TestStore& db = *cleanup.db;
  db.Exec("CREATE ROLE " + role + " LOGIN");
  db.Exec("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);

  auto opened = OpenPostgresStore(WithUser(db.url(), role), PostgresOptions{.pool_size = 2, .migrate = false});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& runtime = **opened;
  auto user = runtime.CreateUser(User{0, "gone@example.org", "", "h", "member", "2027-01-01T00:00:00Z"});
  ASSERT_TRUE(user.ok()) << user.error().message;
  ASSERT_TRUE(runtime.CreateSession({"gone-session", user->id, "t", "t", "t"}).ok());
  ASSERT_TRUE(runtime.DeleteUser(user->id).ok());
  auto purged = runtime.PurgeDeletedData();
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_FALSE(runtime.FindUserByEmail("gone@example.org")->has_value());
  EXPECT_EQ(db.Dump("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'users'"),
            std::vector<std::string>{"0|"})
      << "VACUUM is the owner's: the runtime role did not run it";
}

}  // namespace
}  // namespace starprep::store
