// SPDX-License-Identifier: Apache-2.0
// Contract tests for the review queue's cards, log and settings (store/store.h, "review queue")
// on every backend (tests/unit/test_store.h): SQLite always, PostgreSQL when the test cluster is
// set. Roles, questions and users are inserted with raw SQL both engines accept; TestStore::Dump
// checks what is stored on a connection of its own.

#include <atomic>
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

class ReviewStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_.Exec(
        "INSERT INTO roles (slug, title, summary, updated, intro_md) VALUES "
        "('backend', 'Back-end Developer', 's', '2027-01-01', '')");
    std::string values;
    int position = 0;
    for (const char* id : {"be-a", "be-b", "be-c", "be-retired"}) {
      values += std::string(values.empty() ? "" : ", ") + "('" + id + "', 'backend', " + std::to_string(++position) +
                ", '" + id + "', 'q', 'behavioral', '2027-01-01', '', 's', 't', " + "'a', 'r', 'h', " +
                (std::string(id) == "be-retired" ? "0" : "1") + ", '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')";
    }
    db_.Exec(
        "INSERT INTO questions (id, role_slug, position, slug, question, kind, updated, why_md, situation, task, "
        "action, result, content_hash, live, created_at, updated_at) VALUES " +
        values);
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  std::int64_t MustCreateUser(const std::string& email) {
    db_.Exec("INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES ('" + email +
             "', 'Name', '$argon2id$fake', 'member', '2027-01-01T00:00:00Z')");
    const auto rows = db_.Dump("SELECT id FROM users WHERE email = '" + email + "'");
    EXPECT_EQ(rows.size(), 1u) << email;
    return rows.empty() ? 0 : std::stoll(rows[0]);
  }

  int Count(const std::string& select) { return std::stoi(db_.Dump(select).at(0)); }

  // The card of `question` after one rating (what practice::Reviews computes).
  static ReviewCard Rated(std::int64_t user, const std::string& question, const std::string& due, int reps) {
    ReviewCard c;
    c.user_id = user;
    c.question_id = question;
    c.state = 2;
    c.stability = 2.3065;
    c.difficulty = 2.11810397;
    c.due = due;
    c.last_review = "2027-02-01T10:00:00Z";
    c.reps = reps;
    c.lapses = 0;
    return c;
  }
  static ReviewLogEntry Log(const ReviewCard& c, int rating, int state_before) {
    return ReviewLogEntry{0, c.user_id,   c.question_id, rating, state_before,
                          0, c.stability, c.difficulty,  c.due,  c.last_review};
  }

  TestStore db_{GetParam()};
  std::int64_t ann_ = 0, bob_ = 0;
};

TEST_P(ReviewStoreTest, EnsureCardMakesANewCardOnceAndBelongsToItsUser) {
  auto made = db_->EnsureCard(ann_, "be-a", "2027-02-01T09:00:00Z");
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_TRUE(*made);
  auto again = db_->EnsureCard(ann_, "be-a", "2027-02-05T09:00:00Z");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);  // left as it was
  auto card = db_->GetCard(ann_, "be-a");
  ASSERT_TRUE(card.ok() && card->has_value());
  const ReviewCard& c = **card;
  EXPECT_EQ(c.user_id, ann_);
  EXPECT_EQ(c.question_id, "be-a");
  EXPECT_EQ(c.state, 0);
  EXPECT_EQ(c.stability, 0);
  EXPECT_EQ(c.difficulty, 0);
  EXPECT_EQ(c.due, "2027-02-01T09:00:00Z");
  EXPECT_EQ(c.created_at, "2027-02-01T09:00:00Z");
  EXPECT_EQ(c.last_review, "");
  EXPECT_EQ(c.reps, 0);
  EXPECT_EQ(c.lapses, 0);
  EXPECT_TRUE(c.live);
  EXPECT_EQ(Count("SELECT count(*) FROM review_cards"), 1);
  // Another user's card is not found.
  EXPECT_FALSE(db_->GetCard(bob_, "be-a")->has_value());
  EXPECT_TRUE(db_->ListCards(bob_)->empty());
}

TEST_P(ReviewStoreTest, EnsureCardRefusesUnknownQuestionsAndUsers) {
  auto unknown = db_->EnsureCard(ann_, "nope", "2027-02-01T09:00:00Z");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find("nope"), std::string::npos);
  auto nobody = db_->EnsureCard(999999, "be-a", "2027-02-01T09:00:00Z");
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM review_cards"), 0);
  // A retired question may still become a card (an attempt on it was saved); it is not live.
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-retired", "2027-02-01T09:00:00Z").ok());
  EXPECT_FALSE((*db_->GetCard(ann_, "be-retired"))->live);
}

TEST_P(ReviewStoreTest, RecordReviewUpdatesTheCardAndLogsTheRating) {
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-a", "2027-02-01T09:00:00Z").ok());
  ReviewCard after = Rated(ann_, "be-a", "2027-02-03T10:00:00Z", 1);
  auto s = db_->RecordReview(after, 0, Log(after, 3, 0));
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto card = **db_->GetCard(ann_, "be-a");
  EXPECT_EQ(card.state, 2);
  EXPECT_DOUBLE_EQ(card.stability, 2.3065);
  EXPECT_DOUBLE_EQ(card.difficulty, 2.11810397);
  EXPECT_EQ(card.due, "2027-02-03T10:00:00Z");
  EXPECT_EQ(card.last_review, "2027-02-01T10:00:00Z");
  EXPECT_EQ(card.reps, 1);
  EXPECT_EQ(card.created_at, "2027-02-01T09:00:00Z");  // kept
  auto log = db_->ListReviewLog(ann_, "");
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  const ReviewLogEntry& e = (*log)[0];
  EXPECT_GT(e.id, 0);
  EXPECT_EQ(e.user_id, ann_);
  EXPECT_EQ(e.question_id, "be-a");
  EXPECT_EQ(e.rating, 3);
  EXPECT_EQ(e.state, 0);
  EXPECT_EQ(e.elapsed_days, 0);
  EXPECT_DOUBLE_EQ(e.stability, 2.3065);
  EXPECT_EQ(e.due, "2027-02-03T10:00:00Z");
  EXPECT_EQ(e.reviewed_at, "2027-02-01T10:00:00Z");
  EXPECT_TRUE(db_->ListReviewLog(bob_, "")->empty());
  // `since` bounds the log.
  EXPECT_EQ(db_->ListReviewLog(ann_, "2027-02-01T10:00:00Z")->size(), 1u);
  EXPECT_TRUE(db_->ListReviewLog(ann_, "2027-02-01T10:00:01Z")->empty());
}

TEST_P(ReviewStoreTest, RecordReviewIsAConflictWhenAnotherRatingCameFirstAndNotFoundWithoutACard) {
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-a", "2027-02-01T09:00:00Z").ok());
  ReviewCard first = Rated(ann_, "be-a", "2027-02-03T10:00:00Z", 1);
  ASSERT_TRUE(db_->RecordReview(first, 0, Log(first, 3, 0)).ok());
  ReviewCard stale = Rated(ann_, "be-a", "2027-03-01T10:00:00Z", 1);
  auto conflict = db_->RecordReview(stale, 0, Log(stale, 4, 0));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ((*db_->GetCard(ann_, "be-a"))->due, "2027-02-03T10:00:00Z");
  EXPECT_EQ(db_->ListReviewLog(ann_, "")->size(), 1u);  // nothing written
  // Bob has no card for the question: not found, even with Ann's card there.
  ReviewCard bobs = Rated(bob_, "be-a", "2027-02-03T10:00:00Z", 1);
  auto missing = db_->RecordReview(bobs, 0, Log(bobs, 3, 0));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM review_log"), 1);
}

TEST_P(ReviewStoreTest, ConcurrentRatingsOfOneCardCountOnce) {
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-a", "2027-02-01T09:00:00Z").ok());
  std::atomic<int> ok{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      ReviewCard c = Rated(ann_, "be-a", "2027-02-0" + std::to_string(3 + i) + "T10:00:00Z", 1);
      auto s = db_->RecordReview(c, 0, Log(c, 3, 0));
      if (s.ok()) {
        ++ok;
      } else if (s.error().code == ErrorCode::kConflict) {
        ++conflicts;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM review_log"), 1);
}

TEST_P(ReviewStoreTest, ListCardsOldestDueFirstThenByQuestionIdWithLiveness) {
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-c", "2027-02-01T09:00:00Z").ok());
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-b", "2027-02-01T09:00:00Z").ok());
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-retired", "2027-01-01T09:00:00Z").ok());
  ASSERT_TRUE(db_->EnsureCard(ann_, "be-a", "2027-02-02T09:00:00Z").ok());
  ASSERT_TRUE(db_->EnsureCard(bob_, "be-a", "2026-01-01T00:00:00Z").ok());
  auto cards = db_->ListCards(ann_);
  ASSERT_TRUE(cards.ok()) << cards.error().message;
  std::vector<std::string> order;
  for (const auto& c : *cards) order.push_back(c.question_id + (c.live ? "" : "(retired)"));
  EXPECT_EQ(order, (std::vector<std::string>{"be-retired(retired)", "be-b", "be-c", "be-a"}));
}

TEST_P(ReviewStoreTest, SettingsDefaultUntilSetAndBelongToTheirUser) {
  EXPECT_EQ(*db_->GetReviewSettings(ann_), ReviewSettings{});
  EXPECT_DOUBLE_EQ(db_->GetReviewSettings(ann_)->desired_retention, 0.9);
  EXPECT_EQ(db_->GetReviewSettings(ann_)->daily_new_limit, 5);
  ASSERT_TRUE(db_->PutReviewSettings(ann_, ReviewSettings{0.85, 12}).ok());
  EXPECT_EQ(*db_->GetReviewSettings(ann_), (ReviewSettings{0.85, 12}));
  ASSERT_TRUE(db_->PutReviewSettings(ann_, ReviewSettings{0.97, 0}).ok());
  EXPECT_EQ(*db_->GetReviewSettings(ann_), (ReviewSettings{0.97, 0}));
  EXPECT_EQ(*db_->GetReviewSettings(bob_), ReviewSettings{});
  auto nobody = db_->PutReviewSettings(999999, ReviewSettings{});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM review_settings"), 1);
}

TEST_P(ReviewStoreTest, DeletingTheUserDeletesCardsLogAndSettings) {
  for (std::int64_t user : {ann_, bob_}) {
    ASSERT_TRUE(db_->EnsureCard(user, "be-a", "2027-02-01T09:00:00Z").ok());
    ReviewCard c = Rated(user, "be-a", "2027-02-03T10:00:00Z", 1);
    ASSERT_TRUE(db_->RecordReview(c, 0, Log(c, 3, 0)).ok());
    ASSERT_TRUE(db_->PutReviewSettings(user, ReviewSettings{0.8, 3}).ok());
  }
  ASSERT_TRUE(db_->DeleteUser(ann_).ok());
  const std::string ann = std::to_string(ann_);
  EXPECT_EQ(Count("SELECT count(*) FROM review_cards WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM review_log WHERE user_id = " + ann), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM review_settings WHERE user_id = " + ann), 0);
  EXPECT_EQ(db_->ListCards(bob_)->size(), 1u);
  EXPECT_EQ(db_->ListReviewLog(bob_, "")->size(), 1u);
  EXPECT_EQ(*db_->GetReviewSettings(bob_), (ReviewSettings{0.8, 3}));
  EXPECT_TRUE(db_->PurgeDeletedData().ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

}  // namespace
}  // namespace starprep::store
