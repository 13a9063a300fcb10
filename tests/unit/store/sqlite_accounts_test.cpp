// SPDX-License-Identifier: Apache-2.0
// Tests for users, sessions, API tokens, attempts, stories and re-sealing in the SQLite store
// (store/sqlite/accounts.cpp), through the Store interface on a temp database file. A raw sqlite3
// connection inspects the file independently of the code under test.

#include <sqlite3.h>

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

// ---- attempts ----

TEST_F(SqliteAccountsTest, AttemptRoundTripsIncludingBinarySealedBytes) {
  const std::int64_t id = MustCreateAttempt(ann_, "be-outage", 73, "the text");
  auto got = store_->GetAttempt(ann_.id, id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  const AttemptRecord& a = **got;
  EXPECT_EQ(a.id, id);
  EXPECT_EQ(a.user_id, ann_.id);
  EXPECT_EQ(a.question_id, "be-outage");
  EXPECT_EQ(a.sealed.key_id, 1);
  EXPECT_EQ(a.sealed.bytes, SealedText(1, "the text").bytes);
  EXPECT_EQ(a.score, 73);
  EXPECT_EQ(a.parts, (std::array<int, 4>{10, 20, 30, 40}));
  EXPECT_EQ(a.seconds, 95);
  EXPECT_EQ(a.words, 120);
  EXPECT_EQ(a.created_at, "2027-01-02T03:04:05Z");
  EXPECT_EQ(Column("SELECT typeof(sealed) FROM attempts"), std::vector<std::string>{"blob"});
}

TEST_F(SqliteAccountsTest, AttemptOnAnUnknownQuestionIsNotFoundAndWritesNothing) {
  AttemptRecord a;
  a.user_id = ann_.id;
  a.question_id = "no-such-question";
  a.sealed = SealedText(1, "x");
  a.created_at = "2027-01-02T03:04:05Z";
  auto id = store_->CreateAttempt(a);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM attempts"), 0);
}

TEST_F(SqliteAccountsTest, ListAttemptsPagesNewestFirstWithTotalAndQuestionFilter) {
  std::vector<std::int64_t> ids;
  for (const char* q : {"be-outage", "be-review", "be-outage", "fe-a11y", "be-outage"})
    ids.push_back(MustCreateAttempt(ann_, q));
  MustCreateAttempt(bob_, "be-outage");

  auto page1 = store_->ListAttempts(ann_.id, "", 2, 0);
  ASSERT_TRUE(page1.ok()) << page1.error().message;
  EXPECT_EQ(page1->total, 5);
  ASSERT_EQ(page1->items.size(), 2u);
  EXPECT_EQ(page1->items[0].id, ids[4]);
  EXPECT_EQ(page1->items[1].id, ids[3]);
  auto page3 = store_->ListAttempts(ann_.id, "", 2, 4);
  ASSERT_TRUE(page3.ok());
  EXPECT_EQ(page3->total, 5);
  ASSERT_EQ(page3->items.size(), 1u);
  EXPECT_EQ(page3->items[0].id, ids[0]);
  auto past_end = store_->ListAttempts(ann_.id, "", 2, 10);
  ASSERT_TRUE(past_end.ok());
  EXPECT_EQ(past_end->total, 5);
  EXPECT_TRUE(past_end->items.empty());
  auto negative = store_->ListAttempts(ann_.id, "", 1, -3);
  ASSERT_TRUE(negative.ok());
  ASSERT_EQ(negative->items.size(), 1u);
  EXPECT_EQ(negative->items[0].id, ids[4]);

  auto outage = store_->ListAttempts(ann_.id, "be-outage", 10, 0);
  ASSERT_TRUE(outage.ok());
  EXPECT_EQ(outage->total, 3);
  ASSERT_EQ(outage->items.size(), 3u);
  EXPECT_EQ(outage->items[0].id, ids[4]);
  EXPECT_EQ(outage->items[1].id, ids[2]);
  EXPECT_EQ(outage->items[2].id, ids[0]);
  for (const auto& a : outage->items) EXPECT_EQ(a.question_id, "be-outage");
  EXPECT_EQ(store_->ListAttempts(ann_.id, "be-deadline", 10, 0)->total, 0);
  EXPECT_EQ(store_->ListAttempts(bob_.id, "", 10, 0)->total, 1);
}

TEST_F(SqliteAccountsTest, AnotherUsersAttemptIsNotFound) {
  const std::int64_t id = MustCreateAttempt(ann_, "be-outage");
  auto seen = store_->GetAttempt(bob_.id, id);
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->has_value());
  auto deleted = store_->DeleteAttempt(bob_.id, id);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetAttempt(ann_.id, id)->has_value());
  EXPECT_EQ(store_->ListAttempts(bob_.id, "", 10, 0)->total, 0);

  ASSERT_TRUE(store_->DeleteAttempt(ann_.id, id).ok());
  EXPECT_FALSE(store_->GetAttempt(ann_.id, id)->has_value());
  EXPECT_EQ(store_->DeleteAttempt(ann_.id, id).error().code, ErrorCode::kNotFound);
}

// ---- stories ----

TEST_F(SqliteAccountsTest, StoryRoundTripsWithLinkedQuestions) {
  const std::int64_t id = MustCreateStory(ann_, {"be-review", "be-outage"}, "my story");
  auto got = store_->GetStory(ann_.id, id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  const StoryRecord& s = **got;
  EXPECT_EQ(s.id, id);
  EXPECT_EQ(s.user_id, ann_.id);
  EXPECT_EQ(s.sealed.bytes, SealedText(1, "my story").bytes);
  EXPECT_EQ(s.competencies, (std::vector<std::string>{"ownership", "conflict"}));
  EXPECT_EQ(s.question_ids, (std::vector<std::string>{"be-outage", "be-review"}));  // ordered by id
  EXPECT_EQ(s.score, 70);
  EXPECT_EQ(s.created_at, "2027-01-03T00:00:00Z");
}

TEST_F(SqliteAccountsTest, UpdateStoryReplacesFieldsAndLinks) {
  const std::int64_t id = MustCreateStory(ann_, {"be-review", "be-outage"});
  StoryRecord changed = Story(ann_, {"fe-a11y", "be-outage"}, "rewritten");
  changed.id = id;
  changed.sealed.key_id = 2;
  changed.competencies = {"accessibility"};
  changed.score = 88;
  changed.created_at = "1999-01-01T00:00:00Z";  // ignored: created_at stays
  changed.updated_at = "2027-02-01T00:00:00Z";
  ASSERT_TRUE(store_->UpdateStory(changed).ok());
  const StoryRecord s = **store_->GetStory(ann_.id, id);
  EXPECT_EQ(s.sealed.key_id, 2);
  EXPECT_EQ(s.sealed.bytes, SealedText(2, "rewritten").bytes);
  EXPECT_EQ(s.competencies, std::vector<std::string>{"accessibility"});
  EXPECT_EQ(s.question_ids, (std::vector<std::string>{"be-outage", "fe-a11y"}));
  EXPECT_EQ(s.score, 88);
  EXPECT_EQ(s.created_at, "2027-01-03T00:00:00Z");
  EXPECT_EQ(s.updated_at, "2027-02-01T00:00:00Z");

  changed.question_ids = {};
  ASSERT_TRUE(store_->UpdateStory(changed).ok());
  EXPECT_TRUE((*store_->GetStory(ann_.id, id))->question_ids.empty());
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 0);
}

TEST_F(SqliteAccountsTest, StoryBeyondTheCapIsAConflictAndWritesNothing) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(store_->CreateStory(Story(ann_, {"be-outage"}, "s" + std::to_string(i)), 3).ok());
  auto fourth = store_->CreateStory(Story(ann_, {"be-review"}, "one too many"), 3);
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("SELECT count(*) FROM stories"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 3) << "the refused story's links were written";
  EXPECT_TRUE(store_->CreateStory(Story(bob_, {}, "bob's first"), 3).ok()) << "the cap is per user";
}

TEST_F(SqliteAccountsTest, StoryWithAnUnknownQuestionIsNotFoundAndChangesNothing) {
  auto created = store_->CreateStory(Story(ann_, {"be-outage", "no-such-question"}), 100);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM stories"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 0);

  const std::int64_t id = MustCreateStory(ann_, {"be-review"}, "original");
  StoryRecord bad = Story(ann_, {"no-such-question"}, "changed");
  bad.id = id;
  bad.score = 1;
  auto updated = store_->UpdateStory(bad);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
  const StoryRecord s = **store_->GetStory(ann_.id, id);  // rolled back
  EXPECT_EQ(s.sealed.bytes, SealedText(1, "original").bytes);
  EXPECT_EQ(s.score, 70);
  EXPECT_EQ(s.question_ids, std::vector<std::string>{"be-review"});
}

TEST_F(SqliteAccountsTest, AnotherUsersStoryIsNotFound) {
  const std::int64_t id = MustCreateStory(ann_, {"be-review"}, "ann's");
  EXPECT_FALSE(store_->GetStory(bob_.id, id)->has_value());
  EXPECT_TRUE(store_->ListStories(bob_.id)->empty());
  StoryRecord hijack = Story(bob_, {}, "bob's");
  hijack.id = id;
  auto updated = store_->UpdateStory(hijack);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*store_->GetStory(ann_.id, id))->sealed.bytes, SealedText(1, "ann's").bytes);
  EXPECT_EQ((*store_->GetStory(ann_.id, id))->question_ids, std::vector<std::string>{"be-review"});
  auto deleted = store_->DeleteStory(bob_.id, id);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetStory(ann_.id, id)->has_value());

  ASSERT_TRUE(store_->DeleteStory(ann_.id, id).ok());
  EXPECT_FALSE(store_->GetStory(ann_.id, id)->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 0);  // links go with the story
}

TEST_F(SqliteAccountsTest, ListStoriesNewestFirst) {
  const std::int64_t first = MustCreateStory(ann_, {"be-outage"}, "one");
  const std::int64_t second = MustCreateStory(ann_, {}, "two");
  MustCreateStory(bob_, {}, "bob's");
  auto list = store_->ListStories(ann_.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, second);
  EXPECT_EQ((*list)[1].id, first);
  EXPECT_EQ((*list)[1].question_ids, std::vector<std::string>{"be-outage"});
}

// ---- coach corrections ----

TEST_F(SqliteAccountsTest, CorrectionRoundTripsWithOrWithoutAQuestion) {
  const std::int64_t with = MustCreateCorrection(ann_, true, "be-outage", "with");
  const std::int64_t without = MustCreateCorrection(ann_, false, "", "without");
  EXPECT_EQ(Column("SELECT question_id FROM coach_corrections ORDER BY id"),
            (std::vector<std::string>{"be-outage", "NULL"}));
  auto list = store_->ListCorrections(ann_.id, 10, 0);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->total, 2);
  ASSERT_EQ(list->items.size(), 2u);
  const CorrectionRecord& newest = list->items[0];
  EXPECT_EQ(newest.id, without);
  EXPECT_EQ(newest.user_id, ann_.id);
  EXPECT_EQ(newest.question_id, "");
  EXPECT_FALSE(newest.shared);
  EXPECT_EQ(newest.sealed.key_id, 1);
  EXPECT_EQ(newest.sealed.bytes, SealedText(1, "without").bytes);
  EXPECT_EQ(newest.created_at, "2027-01-04T00:00:00Z");
  EXPECT_EQ(list->items[1].id, with);
  EXPECT_EQ(list->items[1].question_id, "be-outage");
  EXPECT_TRUE(list->items[1].shared);
}

TEST_F(SqliteAccountsTest, CorrectionOnAnUnknownQuestionIsNotFoundAndWritesNothing) {
  auto id = store_->CreateCorrection(CorrectionRecord{0, ann_.id, "no-such-question", false, SealedText(1, "x"), "t"});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM coach_corrections"), 0);
}

TEST_F(SqliteAccountsTest, ListCorrectionsPagesTheOwnersOnly) {
  for (int i = 0; i < 5; ++i) MustCreateCorrection(ann_, i % 2 == 0);
  MustCreateCorrection(bob_, true);
  auto page = store_->ListCorrections(ann_.id, 2, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_GT(page->items[0].id, page->items[1].id);
  for (const auto& c : page->items) EXPECT_EQ(c.user_id, ann_.id);
  EXPECT_EQ(store_->ListCorrections(ann_.id, 0, 0)->items.size(), 0u);
  EXPECT_EQ(store_->ListCorrections(bob_.id, 10, 0)->total, 1);
}

TEST_F(SqliteAccountsTest, ListSharedCorrectionsReadsEveryUsersSharedOnesInIdOrder) {
  const std::int64_t a1 = MustCreateCorrection(ann_, true);
  MustCreateCorrection(ann_, false);
  const std::int64_t b1 = MustCreateCorrection(bob_, true, "");
  const std::int64_t a2 = MustCreateCorrection(ann_, true);
  std::vector<std::int64_t> seen;
  for (std::int64_t after = 0;;) {
    auto batch = store_->ListSharedCorrections(after, 2);
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    if (batch->empty()) break;
    for (const auto& c : *batch) {
      EXPECT_TRUE(c.shared);
      seen.push_back(c.id);
      after = c.id;
    }
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{a1, b1, a2}));
}

// ---- re-sealing ----

TEST_F(SqliteAccountsTest, ResealBatchMovesRecordsToTheNewKeyInBatches) {
  for (int i = 0; i < 3; ++i) MustCreateAttempt(i == 1 ? bob_ : ann_, "be-outage", 50, "a" + std::to_string(i));
  MustCreateStory(ann_, {}, "s0");
  MustCreateStory(bob_, {}, "s1");
  MustCreateCorrection(bob_, false, "", "c0");
  auto counts = store_->CountSealedByKey();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::map<int, int>{{1, 6}}));

  std::vector<std::pair<SealedKind, std::int64_t>> calls;
  const ResealFn reseal = [&](SealedKind kind, std::int64_t user_id, const Sealed& old) -> Result<Sealed> {
    calls.emplace_back(kind, user_id);
    EXPECT_EQ(old.key_id, 1);
    return Sealed{2, "resealed:" + old.bytes};
  };
  EXPECT_EQ(*store_->ResealBatch(2, 2, reseal), 2);
  EXPECT_EQ(*store_->CountSealedByKey(), (std::map<int, int>{{1, 4}, {2, 2}}));
  EXPECT_EQ(*store_->ResealBatch(2, 2, reseal), 2);
  EXPECT_EQ(*store_->ResealBatch(2, 2, reseal), 2);
  EXPECT_EQ(*store_->ResealBatch(2, 2, reseal), 0);
  EXPECT_EQ(*store_->CountSealedByKey(), (std::map<int, int>{{2, 6}}));

  ASSERT_EQ(calls.size(), 6u);
  std::map<SealedKind, int> kinds;
  for (const auto& [kind, user_id] : calls) {
    ++kinds[kind];
    EXPECT_TRUE(user_id == ann_.id || user_id == bob_.id);
  }
  EXPECT_EQ(kinds, (std::map<SealedKind, int>{
                       {SealedKind::kAttempt, 3}, {SealedKind::kStory, 2}, {SealedKind::kCorrection, 1}}));
  // Each record got the value resealed from its own bytes.
  auto bobs = store_->ListAttempts(bob_.id, "", 10, 0);
  ASSERT_TRUE(bobs.ok());
  ASSERT_EQ(bobs->items.size(), 1u);
  for (const auto& a : bobs->items) {
    EXPECT_EQ(a.sealed.key_id, 2);
    EXPECT_EQ(a.sealed.bytes, "resealed:" + SealedText(1, "a1").bytes);
  }
  EXPECT_EQ(store_->ListStories(bob_.id)->at(0).sealed.bytes, "resealed:" + SealedText(1, "s1").bytes);
  const CorrectionRecord correction = store_->ListCorrections(bob_.id, 1, 0)->items.at(0);
  EXPECT_EQ(correction.sealed.key_id, 2);
  EXPECT_EQ(correction.sealed.bytes, "resealed:" + SealedText(1, "c0").bytes);
}

TEST_F(SqliteAccountsTest, ResealBatchErrorChangesNothing) {
  MustCreateAttempt(ann_, "be-outage");
  MustCreateAttempt(ann_, "be-review");
  int calls = 0;
  auto result = store_->ResealBatch(2, 10, [&](SealedKind, std::int64_t, const Sealed& old) -> Result<Sealed> {
    if (++calls == 2) return Error{ErrorCode::kInternal, "cannot open"};
    return Sealed{2, old.bytes};
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(*store_->CountSealedByKey(), (std::map<int, int>{{1, 2}}));
}

}  // namespace
}  // namespace starprep::store
