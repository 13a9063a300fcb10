// SPDX-License-Identifier: Apache-2.0
// Contract tests for attempts, stories, a user's votes, coach corrections and re-sealing
// (store/store.h), on every backend (tests/unit/test_store.h): SQLite always, PostgreSQL when the
// test cluster is set. Roles, questions, users and votes are inserted with raw SQL that both
// engines accept, so these tests need no other Store call; TestStore::Dump inspects what is stored
// on a connection of its own, independently of the code under test.

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../test_store.h"
#include "store/store.h"

namespace starprep::store {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

// Sealed bytes as the keyring makes them are binary: include a NUL and high bytes.
Sealed SealedText(int key_id, const std::string& marker) {
  return Sealed{key_id, std::string("\0\xff", 2) + marker};
}

class PracticeStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_.Exec(
        "INSERT INTO roles (slug, title, summary, updated, intro_md) VALUES "
        "('backend', 'Back-end Developer', 's', '2027-01-01', ''), "
        "('frontend', 'Front-end Developer', 's', '2027-01-01', '')");
    // be-retired is no longer live: attempts, stories and corrections may still name it.
    db_.Exec(
        "INSERT INTO questions (id, role_slug, position, slug, question, kind, updated, why_md, situation, task, "
        "action, result, content_hash, live, created_at, updated_at) VALUES "
        "('be-outage', 'backend', 1, 'outage', 'q', 'behavioral', '2027-01-01', '', 's', 't', 'a', 'r', 'h', 1, "
        "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), "
        "('be-review', 'backend', 2, 'review', 'q', 'behavioral', '2027-01-01', '', 's', 't', 'a', 'r', 'h', 1, "
        "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), "
        "('be-deadline', 'backend', 3, 'deadline', 'q', 'behavioral', '2027-01-01', '', 's', 't', 'a', 'r', 'h', 1, "
        "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), "
        "('be-retired', 'backend', 4, 'retired', 'q', 'behavioral', '2027-01-01', '', 's', 't', 'a', 'r', 'h', 0, "
        "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), "
        "('fe-a11y', 'frontend', 1, 'a11y', 'q', 'technical', '2027-01-01', '', 's', 't', 'a', 'r', 'h', 1, "
        "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')");
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  User MustCreateUser(const std::string& email) {
    db_.Exec("INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ('" + email +
             "', 'Name', '$argon2id$fake', 'member', '2027-01-01T00:00:00Z')");
    const auto ids = Column("SELECT id FROM users WHERE email = '" + email + "'");
    EXPECT_EQ(ids.size(), 1u) << email;
    return User{
        ids.empty() ? 0 : std::stoll(ids[0]), email, "Name", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"};
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
    auto id = db_->CreateAttempt(a);
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
    auto id = db_->CreateStory(Story(user, std::move(questions), marker), 100);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  std::int64_t MustCreateCorrection(const User& user, bool shared, const std::string& question = "be-outage",
                                    const std::string& marker = "correction") {
    auto id = db_->CreateCorrection(
        CorrectionRecord{0, user.id, question, shared, SealedText(1, marker), "2027-01-04T00:00:00Z"});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  MockRecord Mock(const User& user, std::vector<std::string> questions, const std::string& marker = "mock") {
    return MockRecord{0,     user.id, "backend", std::move(questions),   SealedText(1, marker),
                      false, 0,       0,         "2027-01-05T00:00:00Z", "2027-01-05T00:00:00Z"};
  }

  std::int64_t MustCreateMock(const User& user, const std::string& marker = "mock") {
    auto id = db_->CreateMock(Mock(user, {"be-outage", "be-review", "be-deadline"}, marker));
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  // The first column of each row of `select` (literal test SQL); NULL as "NULL".
  std::vector<std::string> Column(const std::string& select) {
    std::vector<std::string> out;
    for (const std::string& row : db_.Dump(select)) out.push_back(row.substr(0, row.find('|')));
    return out;
  }
  int Count(const std::string& select) { return std::stoi(Column(select).at(0)); }

  TestStore db_{GetParam()};
  User ann_, bob_;
};

// ---- attempts ----

TEST_P(PracticeStoreTest, AttemptRoundTripsIncludingBinarySealedBytes) {
  const std::int64_t id = MustCreateAttempt(ann_, "be-outage", 73, "the text");
  auto got = db_->GetAttempt(ann_.id, id);
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
  if (GetParam() == Backend::kSqlite)
    EXPECT_EQ(Column("SELECT typeof(sealed) FROM attempts"), std::vector<std::string>{"blob"});
  else
    EXPECT_EQ(Column("SELECT pg_typeof(sealed) FROM attempts"), std::vector<std::string>{"bytea"});
}

TEST_P(PracticeStoreTest, AttemptOnAnUnknownQuestionIsNotFoundAndWritesNothing) {
  AttemptRecord a;
  a.user_id = ann_.id;
  a.question_id = "no-such-question";
  a.sealed = SealedText(1, "x");
  a.created_at = "2027-01-02T03:04:05Z";
  auto id = db_->CreateAttempt(a);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM attempts"), 0);
}

TEST_P(PracticeStoreTest, ListAttemptsPagesNewestFirstWithTotalAndQuestionFilter) {
  std::vector<std::int64_t> ids;
  for (const char* q : {"be-outage", "be-review", "be-outage", "fe-a11y", "be-outage"})
    ids.push_back(MustCreateAttempt(ann_, q));
  MustCreateAttempt(bob_, "be-outage");

  auto page1 = db_->ListAttempts(ann_.id, "", 2, 0);
  ASSERT_TRUE(page1.ok()) << page1.error().message;
  EXPECT_EQ(page1->total, 5);
  ASSERT_EQ(page1->items.size(), 2u);
  EXPECT_EQ(page1->items[0].id, ids[4]);
  EXPECT_EQ(page1->items[1].id, ids[3]);
  auto page3 = db_->ListAttempts(ann_.id, "", 2, 4);
  ASSERT_TRUE(page3.ok());
  EXPECT_EQ(page3->total, 5);
  ASSERT_EQ(page3->items.size(), 1u);
  EXPECT_EQ(page3->items[0].id, ids[0]);
  auto past_end = db_->ListAttempts(ann_.id, "", 2, 10);
  ASSERT_TRUE(past_end.ok());
  EXPECT_EQ(past_end->total, 5);
  EXPECT_TRUE(past_end->items.empty());
  auto negative = db_->ListAttempts(ann_.id, "", 1, -3);
  ASSERT_TRUE(negative.ok());
  ASSERT_EQ(negative->items.size(), 1u);
  EXPECT_EQ(negative->items[0].id, ids[4]);

  auto outage = db_->ListAttempts(ann_.id, "be-outage", 10, 0);
  ASSERT_TRUE(outage.ok());
  EXPECT_EQ(outage->total, 3);
  ASSERT_EQ(outage->items.size(), 3u);
  EXPECT_EQ(outage->items[0].id, ids[4]);
  EXPECT_EQ(outage->items[1].id, ids[2]);
  EXPECT_EQ(outage->items[2].id, ids[0]);
  for (const auto& a : outage->items) EXPECT_EQ(a.question_id, "be-outage");
  EXPECT_EQ(db_->ListAttempts(ann_.id, "be-deadline", 10, 0)->total, 0);
  EXPECT_EQ(db_->ListAttempts(bob_.id, "", 10, 0)->total, 1);
  // A negative page size lists everything (SQLite's LIMIT -1; PostgreSQL does the same).
  auto all = db_->ListAttempts(ann_.id, "", -1, 0);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->items.size(), 5u);
  EXPECT_EQ(all->total, 5);
  auto none = db_->ListAttempts(ann_.id, "", 0, 0);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(none->items.empty());
  EXPECT_EQ(none->total, 5);
}

TEST_P(PracticeStoreTest, AnotherUsersAttemptIsNotFound) {
  const std::int64_t id = MustCreateAttempt(ann_, "be-outage");
  auto seen = db_->GetAttempt(bob_.id, id);
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->has_value());
  auto deleted = db_->DeleteAttempt(bob_.id, id);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(db_->GetAttempt(ann_.id, id)->has_value());
  EXPECT_EQ(db_->ListAttempts(bob_.id, "", 10, 0)->total, 0);

  ASSERT_TRUE(db_->DeleteAttempt(ann_.id, id).ok());
  EXPECT_FALSE(db_->GetAttempt(ann_.id, id)->has_value());
  EXPECT_EQ(db_->DeleteAttempt(ann_.id, id).error().code, ErrorCode::kNotFound);
}

TEST_P(PracticeStoreTest, RetiredQuestionsStillTakeAttemptsStoriesAndCorrections) {
  const std::int64_t attempt = MustCreateAttempt(ann_, "be-retired");
  EXPECT_EQ((*db_->GetAttempt(ann_.id, attempt))->question_id, "be-retired");
  const std::int64_t story = MustCreateStory(ann_, {"be-retired"});
  EXPECT_EQ((*db_->GetStory(ann_.id, story))->question_ids, std::vector<std::string>{"be-retired"});
  MustCreateCorrection(ann_, true, "be-retired");
  EXPECT_EQ(db_->ListCorrections(ann_.id, 10, 0)->items.at(0).question_id, "be-retired");
}

// ---- stories ----

TEST_P(PracticeStoreTest, StoryRoundTripsWithLinkedQuestions) {
  const std::int64_t id = MustCreateStory(ann_, {"be-review", "be-outage"}, "my story");
  auto got = db_->GetStory(ann_.id, id);
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

TEST_P(PracticeStoreTest, StoryLinksAreOrderedByteWiseAndListedOnce) {
  // Byte order, as SQLite's BINARY collation: upper case before lower case, '-' before letters.
  db_.Exec(
      "INSERT INTO questions (id, role_slug, position, slug, question, kind, updated, why_md, situation, task, "
      "action, result, content_hash, live, created_at, updated_at) VALUES "
      "('Be-Upper', 'backend', 9, 'upper', 'q', 'behavioral', '2027-01-01', '', 's', 't', 'a', 'r', 'h', 1, "
      "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')");
  const std::int64_t id = MustCreateStory(ann_, {"fe-a11y", "be-outage", "Be-Upper", "be-outage"});
  EXPECT_EQ((*db_->GetStory(ann_.id, id))->question_ids,
            (std::vector<std::string>{"Be-Upper", "be-outage", "fe-a11y"}));
  EXPECT_EQ(db_->ListStories(ann_.id)->at(0).question_ids,
            (std::vector<std::string>{"Be-Upper", "be-outage", "fe-a11y"}));
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 3);
}

TEST_P(PracticeStoreTest, UpdateStoryReplacesFieldsAndLinks) {
  const std::int64_t id = MustCreateStory(ann_, {"be-review", "be-outage"});
  StoryRecord changed = Story(ann_, {"fe-a11y", "be-outage"}, "rewritten");
  changed.id = id;
  changed.sealed.key_id = 2;
  changed.competencies = {"accessibility"};
  changed.score = 88;
  changed.created_at = "1999-01-01T00:00:00Z";  // ignored: created_at stays
  changed.updated_at = "2027-02-01T00:00:00Z";
  ASSERT_TRUE(db_->UpdateStory(changed).ok());
  const StoryRecord s = **db_->GetStory(ann_.id, id);
  EXPECT_EQ(s.sealed.key_id, 2);
  EXPECT_EQ(s.sealed.bytes, SealedText(2, "rewritten").bytes);
  EXPECT_EQ(s.competencies, std::vector<std::string>{"accessibility"});
  EXPECT_EQ(s.question_ids, (std::vector<std::string>{"be-outage", "fe-a11y"}));
  EXPECT_EQ(s.score, 88);
  EXPECT_EQ(s.created_at, "2027-01-03T00:00:00Z");
  EXPECT_EQ(s.updated_at, "2027-02-01T00:00:00Z");

  changed.question_ids = {};
  ASSERT_TRUE(db_->UpdateStory(changed).ok());
  EXPECT_TRUE((*db_->GetStory(ann_.id, id))->question_ids.empty());
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 0);
}

TEST_P(PracticeStoreTest, StoryBeyondTheCapIsAConflictAndWritesNothing) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(db_->CreateStory(Story(ann_, {"be-outage"}, "s" + std::to_string(i)), 3).ok());
  auto fourth = db_->CreateStory(Story(ann_, {"be-review"}, "one too many"), 3);
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("SELECT count(*) FROM stories"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 3) << "the refused story's links were written";
  EXPECT_TRUE(db_->CreateStory(Story(bob_, {}, "bob's first"), 3).ok()) << "the cap is per user";
}

// Several instances (threads here, each call on its own pooled connection) creating one user's
// stories at once: the cap still holds, as under SQLite's single writer.
TEST_P(PracticeStoreTest, ConcurrentCreatesRespectTheStoryCap) {
  constexpr int kCap = 3;
  constexpr int kWriters = 8;
  std::atomic<int> created{0}, refused{0}, failed{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i)
    writers.emplace_back([&, i] {
      auto id = db_->CreateStory(Story(ann_, {"be-outage"}, "race " + std::to_string(i)), kCap);
      if (id.ok())
        ++created;
      else if (id.error().code == ErrorCode::kConflict)
        ++refused;
      else
        ++failed;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(created.load(), kCap);
  EXPECT_EQ(refused.load(), kWriters - kCap);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stories"), kCap);
  EXPECT_EQ(db_->ListStories(ann_.id)->size(), static_cast<std::size_t>(kCap));
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), kCap);
}

TEST_P(PracticeStoreTest, StoryWithAnUnknownQuestionIsNotFoundAndChangesNothing) {
  auto created = db_->CreateStory(Story(ann_, {"be-outage", "no-such-question"}), 100);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM stories"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 0);

  const std::int64_t id = MustCreateStory(ann_, {"be-review"}, "original");
  StoryRecord bad = Story(ann_, {"no-such-question"}, "changed");
  bad.id = id;
  bad.score = 1;
  auto updated = db_->UpdateStory(bad);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
  const StoryRecord s = **db_->GetStory(ann_.id, id);  // rolled back
  EXPECT_EQ(s.sealed.bytes, SealedText(1, "original").bytes);
  EXPECT_EQ(s.score, 70);
  EXPECT_EQ(s.question_ids, std::vector<std::string>{"be-review"});
}

TEST_P(PracticeStoreTest, AnotherUsersStoryIsNotFound) {
  const std::int64_t id = MustCreateStory(ann_, {"be-review"}, "ann's");
  EXPECT_FALSE(db_->GetStory(bob_.id, id)->has_value());
  EXPECT_TRUE(db_->ListStories(bob_.id)->empty());
  StoryRecord hijack = Story(bob_, {}, "bob's");
  hijack.id = id;
  auto updated = db_->UpdateStory(hijack);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*db_->GetStory(ann_.id, id))->sealed.bytes, SealedText(1, "ann's").bytes);
  EXPECT_EQ((*db_->GetStory(ann_.id, id))->question_ids, std::vector<std::string>{"be-review"});
  auto deleted = db_->DeleteStory(bob_.id, id);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(db_->GetStory(ann_.id, id)->has_value());

  ASSERT_TRUE(db_->DeleteStory(ann_.id, id).ok());
  EXPECT_FALSE(db_->GetStory(ann_.id, id)->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM story_questions"), 0);  // links go with the story
  EXPECT_EQ(db_->DeleteStory(ann_.id, id).error().code, ErrorCode::kNotFound);
}

TEST_P(PracticeStoreTest, ListStoriesNewestFirst) {
  const std::int64_t first = MustCreateStory(ann_, {"be-outage"}, "one");
  const std::int64_t second = MustCreateStory(ann_, {}, "two");
  MustCreateStory(bob_, {}, "bob's");
  auto list = db_->ListStories(ann_.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, second);
  EXPECT_EQ((*list)[1].id, first);
  EXPECT_EQ((*list)[1].question_ids, std::vector<std::string>{"be-outage"});
  EXPECT_TRUE((*list)[0].question_ids.empty());
}

// ---- a user's votes ----

TEST_P(PracticeStoreTest, ListUserVotesListsOnlyTheUsersVotesByQuestionId) {
  const std::string ann = std::to_string(ann_.id), bob = std::to_string(bob_.id);
  db_.Exec(
      "INSERT INTO votes (question_id, voter_id, helpful, comment, created_at, updated_at, user_id) VALUES "
      "('be-review', 'voter-ann', 0, '', 't', 't', " +
      ann +
      "), "
      "('be-outage', 'voter-ann', 1, 'useful', 't', 't', " +
      ann +
      "), "
      "('be-outage', 'voter-bob', 0, 'meh', 't', 't', " +
      bob +
      "), "
      "('fe-a11y', 'anonymous', 1, '', 't', 't', NULL)");
  auto votes = db_->ListUserVotes(ann_.id);
  ASSERT_TRUE(votes.ok()) << votes.error().message;
  ASSERT_EQ(votes->size(), 2u);
  EXPECT_EQ((*votes)[0].question_id, "be-outage");
  EXPECT_EQ((*votes)[0].voter_id, "voter-ann");
  EXPECT_TRUE((*votes)[0].helpful);
  EXPECT_EQ((*votes)[0].comment, "useful");
  EXPECT_EQ((*votes)[0].user_id, ann_.id);
  EXPECT_EQ((*votes)[1].question_id, "be-review");
  EXPECT_FALSE((*votes)[1].helpful);
  EXPECT_EQ((*votes)[1].comment, "");
  EXPECT_EQ(db_->ListUserVotes(bob_.id)->size(), 1u);
  EXPECT_TRUE(db_->ListUserVotes(999)->empty());
}

// ---- coach corrections ----

TEST_P(PracticeStoreTest, CorrectionRoundTripsWithOrWithoutAQuestion) {
  const std::int64_t with = MustCreateCorrection(ann_, true, "be-outage", "with");
  const std::int64_t without = MustCreateCorrection(ann_, false, "", "without");
  EXPECT_EQ(Column("SELECT question_id FROM coach_corrections ORDER BY id"),
            (std::vector<std::string>{"be-outage", "NULL"}));
  auto list = db_->ListCorrections(ann_.id, 10, 0);
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

TEST_P(PracticeStoreTest, CorrectionOnAnUnknownQuestionIsNotFoundAndWritesNothing) {
  auto id = db_->CreateCorrection(CorrectionRecord{0, ann_.id, "no-such-question", false, SealedText(1, "x"), "t"});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM coach_corrections"), 0);
}

TEST_P(PracticeStoreTest, ListCorrectionsPagesTheOwnersOnly) {
  for (int i = 0; i < 5; ++i) MustCreateCorrection(ann_, i % 2 == 0);
  MustCreateCorrection(bob_, true);
  auto page = db_->ListCorrections(ann_.id, 2, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_GT(page->items[0].id, page->items[1].id);
  for (const auto& c : page->items) EXPECT_EQ(c.user_id, ann_.id);
  EXPECT_EQ(db_->ListCorrections(ann_.id, 0, 0)->items.size(), 0u);
  EXPECT_EQ(db_->ListCorrections(bob_.id, 10, 0)->total, 1);
  // Past the end, a negative size or offset: the total still comes with an empty or clamped page.
  auto past_end = db_->ListCorrections(ann_.id, 10, 50);
  ASSERT_TRUE(past_end.ok()) << past_end.error().message;
  EXPECT_TRUE(past_end->items.empty());
  EXPECT_EQ(past_end->total, 5);
  EXPECT_TRUE(db_->ListCorrections(ann_.id, -1, 0)->items.empty());
  EXPECT_EQ(db_->ListCorrections(ann_.id, 1, -5)->items.size(), 1u);
  EXPECT_EQ(db_->ListCorrections(999, 10, 0)->total, 0);
}

TEST_P(PracticeStoreTest, ListSharedCorrectionsReadsEveryUsersSharedOnesInIdOrder) {
  const std::int64_t a1 = MustCreateCorrection(ann_, true);
  MustCreateCorrection(ann_, false);
  const std::int64_t b1 = MustCreateCorrection(bob_, true, "");
  const std::int64_t a2 = MustCreateCorrection(ann_, true);
  std::vector<std::int64_t> seen;
  for (std::int64_t after = 0;;) {
    auto batch = db_->ListSharedCorrections(after, 2);
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

TEST_P(PracticeStoreTest, ResealBatchMovesRecordsToTheNewKeyInBatches) {
  for (int i = 0; i < 3; ++i) MustCreateAttempt(i == 1 ? bob_ : ann_, "be-outage", 50, "a" + std::to_string(i));
  MustCreateStory(ann_, {}, "s0");
  MustCreateStory(bob_, {}, "s1");
  MustCreateCorrection(bob_, false, "", "c0");
  const std::int64_t mock = MustCreateMock(bob_, "m0");
  auto counts = db_->CountSealedByKey();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::map<int, int>{{1, 7}}));

  std::vector<std::pair<SealedKind, std::int64_t>> calls;
  const ResealFn reseal = [&](SealedKind kind, std::int64_t user_id, const Sealed& old) -> Result<Sealed> {
    calls.emplace_back(kind, user_id);
    EXPECT_EQ(old.key_id, 1);
    return Sealed{2, "resealed:" + old.bytes};
  };
  EXPECT_EQ(*db_->ResealBatch(2, 2, reseal), 2);
  EXPECT_EQ(*db_->CountSealedByKey(), (std::map<int, int>{{1, 5}, {2, 2}}));
  EXPECT_EQ(*db_->ResealBatch(2, 2, reseal), 2);
  EXPECT_EQ(*db_->ResealBatch(2, 2, reseal), 2);
  EXPECT_EQ(*db_->ResealBatch(2, 2, reseal), 1);
  EXPECT_EQ(*db_->ResealBatch(2, 2, reseal), 0);
  EXPECT_EQ(*db_->CountSealedByKey(), (std::map<int, int>{{2, 7}}));

  ASSERT_EQ(calls.size(), 7u);
  std::map<SealedKind, int> kinds;
  for (const auto& [kind, user_id] : calls) {
    ++kinds[kind];
    EXPECT_TRUE(user_id == ann_.id || user_id == bob_.id);
  }
  EXPECT_EQ(
      kinds,
      (std::map<SealedKind, int>{
          {SealedKind::kAttempt, 3}, {SealedKind::kStory, 2}, {SealedKind::kCorrection, 1}, {SealedKind::kMock, 1}}));
  // Each record got the value resealed from its own bytes.
  auto bobs = db_->ListAttempts(bob_.id, "", 10, 0);
  ASSERT_TRUE(bobs.ok());
  ASSERT_EQ(bobs->items.size(), 1u);
  for (const auto& a : bobs->items) {
    EXPECT_EQ(a.sealed.key_id, 2);
    EXPECT_EQ(a.sealed.bytes, "resealed:" + SealedText(1, "a1").bytes);
  }
  EXPECT_EQ(db_->ListStories(bob_.id)->at(0).sealed.bytes, "resealed:" + SealedText(1, "s1").bytes);
  const CorrectionRecord correction = db_->ListCorrections(bob_.id, 1, 0)->items.at(0);
  EXPECT_EQ(correction.sealed.key_id, 2);
  EXPECT_EQ(correction.sealed.bytes, "resealed:" + SealedText(1, "c0").bytes);
  const MockRecord resealed_mock = db_->GetMock(bob_.id, mock)->value();
  EXPECT_EQ(resealed_mock.sealed.key_id, 2);
  EXPECT_EQ(resealed_mock.sealed.bytes, "resealed:" + SealedText(1, "m0").bytes);
  EXPECT_EQ(resealed_mock.revision, 1) << "re-sealing is not an edit";
}

TEST_P(PracticeStoreTest, ResealBatchErrorChangesNothing) {
  MustCreateAttempt(ann_, "be-outage");
  MustCreateAttempt(ann_, "be-review");
  int calls = 0;
  auto result = db_->ResealBatch(2, 10, [&](SealedKind, std::int64_t, const Sealed& old) -> Result<Sealed> {
    if (++calls == 2) return Error{ErrorCode::kInternal, "cannot open"};
    return Sealed{2, old.bytes};
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(*db_->CountSealedByKey(), (std::map<int, int>{{1, 2}}));
}

// Two key rotations running at once (two instances) re-seal every record exactly once between
// them, and neither reports 0 while records under the old key remain.
TEST_P(PracticeStoreTest, ConcurrentResealBatchesResealEachRecordOnce) {
  for (int i = 0; i < 6; ++i) MustCreateAttempt(i % 2 ? bob_ : ann_, "be-outage", 50, "a" + std::to_string(i));
  for (int i = 0; i < 3; ++i) MustCreateStory(ann_, {}, "s" + std::to_string(i));
  std::atomic<int> resealed{0}, failed{0};
  const ResealFn reseal = [&](SealedKind, std::int64_t, const Sealed& old) -> Result<Sealed> {
    if (old.key_id != 1) ++failed;
    return Sealed{2, "resealed:" + old.bytes};
  };
  auto rotate = [&] {
    for (;;) {
      auto n = db_->ResealBatch(2, 2, reseal);
      if (!n.ok()) {
        ++failed;
        return;
      }
      if (*n == 0) return;
      resealed += *n;
    }
  };
  std::thread a(rotate), b(rotate);
  a.join();
  b.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(resealed.load(), 9);
  EXPECT_EQ(*db_->CountSealedByKey(), (std::map<int, int>{{2, 9}}));
  auto stories = db_->ListStories(ann_.id);
  ASSERT_TRUE(stories.ok()) << stories.error().message;
  for (const auto& s : *stories) EXPECT_EQ(s.sealed.bytes.rfind("resealed:", 0), 0u);
}

// ---- mock interviews ----

TEST_P(PracticeStoreTest, MockRoundTripsAtRevisionOneWithItsQuestionsInOrder) {
  MockRecord m = Mock(ann_, {"be-review", "be-outage", "be-retired"}, "run");
  m.revision = 42;  // ignored
  auto id = db_->CreateMock(m);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto got = db_->GetMock(ann_.id, *id);
  ASSERT_TRUE(got.ok() && got->has_value());
  const MockRecord& r = **got;
  EXPECT_EQ(r.id, *id);
  EXPECT_EQ(r.user_id, ann_.id);
  EXPECT_EQ(r.role_slug, "backend");
  EXPECT_EQ(r.question_ids, (std::vector<std::string>{"be-review", "be-outage", "be-retired"}));
  EXPECT_EQ(r.sealed.key_id, 1);
  EXPECT_EQ(r.sealed.bytes, SealedText(1, "run").bytes);
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.revision, 1);
  EXPECT_EQ(r.created_at, "2027-01-05T00:00:00Z");
  EXPECT_EQ(r.updated_at, "2027-01-05T00:00:00Z");
}

TEST_P(PracticeStoreTest, MockWithAnUnknownQuestionIsNotFoundAndWritesNothing) {
  auto id = db_->CreateMock(Mock(ann_, {"be-outage", "nope"}));
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  EXPECT_NE(id.error().message.find("nope"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM mocks"), 0);
}

TEST_P(PracticeStoreTest, UpdateMockIsACompareAndSetOnTheRevision) {
  const std::int64_t id = MustCreateMock(ann_, "v1");
  MockRecord m = db_->GetMock(ann_.id, id)->value();
  m.sealed = SealedText(1, "v2");
  m.finished = true;
  m.score = 64;
  m.updated_at = "2027-01-05T00:12:00Z";
  ASSERT_TRUE(db_->UpdateMock(m).ok());
  MockRecord now = db_->GetMock(ann_.id, id)->value();
  EXPECT_EQ(now.revision, 2);
  EXPECT_EQ(now.sealed.bytes, SealedText(1, "v2").bytes);
  EXPECT_TRUE(now.finished);
  EXPECT_EQ(now.score, 64);
  EXPECT_EQ(now.updated_at, "2027-01-05T00:12:00Z");
  EXPECT_EQ(now.created_at, "2027-01-05T00:00:00Z");
  // A second write based on the first read (revision 1) lost the race: refused, nothing written.
  m.sealed = SealedText(1, "stale");
  auto stale = db_->UpdateMock(m);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(db_->GetMock(ann_.id, id)->value().sealed.bytes, SealedText(1, "v2").bytes);
}

TEST_P(PracticeStoreTest, ConcurrentMockUpdatesFromOneReadLetExactlyOneWin) {
  const std::int64_t id = MustCreateMock(ann_);
  const MockRecord read = db_->GetMock(ann_.id, id)->value();
  std::atomic<int> won{0}, conflicts{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i)
    writers.emplace_back([&, i] {
      MockRecord m = read;
      m.sealed = SealedText(1, "writer" + std::to_string(i));
      auto s = db_->UpdateMock(m);
      if (s.ok()) ++won;
      if (!s.ok() && s.error().code == ErrorCode::kConflict) ++conflicts;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 3);
  EXPECT_EQ(db_->GetMock(ann_.id, id)->value().revision, 2);
}

TEST_P(PracticeStoreTest, AnotherUsersMockIsNotFound) {
  const std::int64_t id = MustCreateMock(ann_);
  EXPECT_FALSE(db_->GetMock(bob_.id, id)->has_value());
  MockRecord m = db_->GetMock(ann_.id, id)->value();
  m.user_id = bob_.id;
  EXPECT_EQ(db_->UpdateMock(m).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->DeleteMock(bob_.id, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->ListMocks(bob_.id, 10, 0)->total, 0);
  EXPECT_EQ(db_->GetMock(ann_.id, id)->value().revision, 1);
  ASSERT_TRUE(db_->DeleteMock(ann_.id, id).ok());
  EXPECT_FALSE(db_->GetMock(ann_.id, id)->has_value());
  EXPECT_EQ(db_->DeleteMock(ann_.id, id).error().code, ErrorCode::kNotFound);
}

TEST_P(PracticeStoreTest, ListMocksPagesNewestFirstWithTheTotal) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(MustCreateMock(ann_, "m" + std::to_string(i)));
  MustCreateMock(bob_);
  auto page = db_->ListMocks(ann_.id, 2, 0);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, ids[2]);
  EXPECT_EQ(page->items[1].id, ids[1]);
  EXPECT_EQ(page->items[1].sealed.bytes, SealedText(1, "m1").bytes);
  auto rest = db_->ListMocks(ann_.id, 2, 2);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].id, ids[0]);
  auto past = db_->ListMocks(ann_.id, 2, 5);
  EXPECT_EQ(past->total, 3);
  EXPECT_TRUE(past->items.empty());
  EXPECT_TRUE(db_->ListMocks(ann_.id, 0, -1)->items.empty());
}

TEST_P(PracticeStoreTest, DeletingTheUserDeletesTheirMocks) {
  MustCreateMock(ann_);
  MustCreateMock(bob_);
  ASSERT_TRUE(db_->DeleteUser(ann_.id).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM mocks WHERE user_id = " + std::to_string(ann_.id)), 0);
  EXPECT_EQ(db_->ListMocks(bob_.id, 10, 0)->total, 1);
}

// ---- target roles ----

TEST_P(PracticeStoreTest, TargetRolesKeepTheirOrderAndBelongToTheirUser) {
  EXPECT_TRUE(db_->ListTargetRoles(ann_.id)->empty());
  ASSERT_TRUE(db_->SetTargetRoles(ann_.id, {"frontend", "backend", "frontend"}).ok());
  EXPECT_EQ(*db_->ListTargetRoles(ann_.id), (std::vector<std::string>{"frontend", "backend"}));
  EXPECT_TRUE(db_->ListTargetRoles(bob_.id)->empty());
  // Replaced as a whole, then cleared.
  ASSERT_TRUE(db_->SetTargetRoles(ann_.id, {"backend"}).ok());
  EXPECT_EQ(*db_->ListTargetRoles(ann_.id), std::vector<std::string>{"backend"});
  ASSERT_TRUE(db_->SetTargetRoles(ann_.id, {}).ok());
  EXPECT_TRUE(db_->ListTargetRoles(ann_.id)->empty());
  EXPECT_EQ(Count("SELECT count(*) FROM target_roles"), 0);

  auto nobody = db_->SetTargetRoles(999999, {"backend"});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(db_->ListTargetRoles(999999)->empty());
}

TEST_P(PracticeStoreTest, ATargetRoleThatIsNoLongerLiveIsSkippedOnReadAndComesBack) {
  ASSERT_TRUE(db_->SetTargetRoles(ann_.id, {"backend", "frontend", "gone"}).ok());
  EXPECT_EQ(*db_->ListTargetRoles(ann_.id), (std::vector<std::string>{"backend", "frontend"}));
  db_.Exec("UPDATE roles SET live = 0 WHERE slug = 'backend'");
  EXPECT_EQ(*db_->ListTargetRoles(ann_.id), std::vector<std::string>{"frontend"});
  db_.Exec("UPDATE roles SET live = 1 WHERE slug = 'backend'");
  EXPECT_EQ(*db_->ListTargetRoles(ann_.id), (std::vector<std::string>{"backend", "frontend"}));
}

TEST_P(PracticeStoreTest, DeletingTheUserDeletesTheirTargetRoles) {
  ASSERT_TRUE(db_->SetTargetRoles(ann_.id, {"backend"}).ok());
  ASSERT_TRUE(db_->SetTargetRoles(bob_.id, {"frontend"}).ok());
  ASSERT_TRUE(db_->DeleteUser(ann_.id).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM target_roles WHERE user_id = " + std::to_string(ann_.id)), 0);
  EXPECT_EQ(*db_->ListTargetRoles(bob_.id), std::vector<std::string>{"frontend"});
}

INSTANTIATE_TEST_SUITE_P(Backends, PracticeStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

}  // namespace
}  // namespace starprep::store
