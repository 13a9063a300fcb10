// SPDX-License-Identifier: Apache-2.0
// Tests for the review queue service (practice/reviews.h): the pure queue, forecast, retention
// and settings checks, and rating questions through a real store on every backend.

#include "practice/reviews.h"

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../test_store.h"
#include "core/dates.h"

namespace starprep::practice {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

constexpr std::int64_t kDay = fsrs::kSecondsPerDay;
// 2027-03-10T15:00:00Z
const std::int64_t kNow = *dates::ParseIsoTime("2027-03-10T15:00:00Z");

store::ReviewCard Card(const std::string& id, int reps, const std::string& due, bool live = true) {
  store::ReviewCard c;
  c.question_id = id;
  c.reps = reps;
  c.state = reps == 0 ? 0 : 2;
  c.due = due;
  c.live = live;
  return c;
}

std::vector<std::string> Ids(const std::vector<store::ReviewCard>& cards) {
  std::vector<std::string> out;
  for (const auto& c : cards) out.push_back(c.question_id);
  return out;
}

TEST(ReviewQueue, DueTodayOldestFirstAndNewCardsWithinTheDailyLimit) {
  // Store::ListCards order: by due time.
  std::vector<store::ReviewCard> cards = {Card("overdue", 3, "2027-03-01T08:00:00Z"),
                                          Card("n1", 0, "2027-03-02T00:00:00Z"),
                                          Card("retired", 2, "2027-03-03T00:00:00Z", false),
                                          Card("n2", 0, "2027-03-04T00:00:00Z"),
                                          Card("n3", 0, "2027-03-05T00:00:00Z"),
                                          Card("today", 1, "2027-03-10T23:59:59Z"),
                                          Card("tomorrow", 1, "2027-03-11T00:00:00Z")};
  DueQueue q = BuildQueue(cards, 0, store::ReviewSettings{0.9, 2}, kNow);
  EXPECT_EQ(Ids(q.due), (std::vector<std::string>{"overdue", "today"}));
  EXPECT_EQ(Ids(q.fresh), (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(q.new_waiting, 1);
  EXPECT_EQ(q.size(), 4);
  // New cards rated today use up the limit.
  DueQueue used = BuildQueue(cards, 2, store::ReviewSettings{0.9, 2}, kNow);
  EXPECT_TRUE(used.fresh.empty());
  EXPECT_EQ(used.new_waiting, 3);
  DueQueue over = BuildQueue(cards, 5, store::ReviewSettings{0.9, 2}, kNow);
  EXPECT_TRUE(over.fresh.empty());
  // Limit 0: no new cards at all.
  EXPECT_TRUE(BuildQueue(cards, 0, store::ReviewSettings{0.9, 0}, kNow).fresh.empty());
}

TEST(ReviewQueue, ForecastCountsLiveScheduledCardsPerUtcDay) {
  std::vector<store::ReviewCard> cards = {
      Card("overdue", 3, "2027-02-01T08:00:00Z"), Card("today", 1, "2027-03-10T16:00:00Z"),
      Card("new", 0, "2027-03-10T00:00:00Z"),     Card("tomorrow", 1, "2027-03-11T00:00:00Z"),
      Card("later", 1, "2027-03-11T23:59:59Z"),   Card("day29", 1, "2027-04-08T12:00:00Z"),
      Card("day30", 1, "2027-04-09T00:00:00Z"),   Card("retired", 1, "2027-03-12T00:00:00Z", false)};
  auto f = DueForecast(cards, kNow);
  ASSERT_EQ(f.size(), 30u);
  EXPECT_EQ(f[0], 2);
  EXPECT_EQ(f[1], 2);
  EXPECT_EQ(f[2], 0);
  EXPECT_EQ(f[29], 1);
  int total = 0;
  for (int n : f) total += n;
  EXPECT_EQ(total, 5);
  EXPECT_TRUE(DueForecast(cards, kNow, 0).empty());
}

TEST(ReviewQueue, RetentionCountsRecallsOfCardsSeenBefore) {
  EXPECT_EQ(Retention({}).Percent(), -1);
  std::vector<store::ReviewLogEntry> log(5);
  log[0].state = 0;  // a first rating does not count
  log[0].rating = 1;
  log[1].state = 2;
  log[1].rating = 3;
  log[2].state = 2;
  log[2].rating = 1;
  log[3].state = 3;
  log[3].rating = 2;
  log[4].state = 2;
  log[4].rating = 4;
  RetentionSoFar r = Retention(log);
  EXPECT_EQ(r.reviews, 4);
  EXPECT_EQ(r.recalled, 3);
  EXPECT_EQ(r.Percent(), 75);
}

TEST(ReviewQueue, SettingsRanges) {
  EXPECT_TRUE(CheckReviewSettings({0.9, 5}).ok());
  EXPECT_TRUE(CheckReviewSettings({0.70, 0}).ok());
  EXPECT_TRUE(CheckReviewSettings({0.97, kMaxDailyNewLimit}).ok());
  auto retention = CheckReviewSettings({0.5, 5});
  ASSERT_FALSE(retention.ok());
  EXPECT_EQ(retention.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(retention.error().message.find("desired_retention"), std::string::npos);
  auto limit = CheckReviewSettings({0.9, -1});
  ASSERT_FALSE(limit.ok());
  EXPECT_NE(limit.error().message.find("daily_new_limit"), std::string::npos);
  EXPECT_FALSE(CheckReviewSettings({0.9, kMaxDailyNewLimit + 1}).ok());
}

TEST(ReviewQueue, StartOfDayIsUtcMidnight) {
  EXPECT_EQ(dates::FormatUtc(StartOfDay(kNow)), "2027-03-10T00:00:00Z");
  EXPECT_EQ(StartOfDay(StartOfDay(kNow)), StartOfDay(kNow));
  EXPECT_EQ(StartOfDay(-1), -kDay);
}

class ReviewsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_->ReplaceContent(starprep::testing::SamplePack()).ok());
    auto ann = db_->CreateUser({0, "ann@example.org", "Ann", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    ASSERT_TRUE(ann.ok());
    ann_ = ann->id;
  }
  TestStore db_{GetParam()};
  std::int64_t ann_ = 0;
};

TEST_P(ReviewsTest, RatingAPractisedQuestionSchedulesItAndItLeavesTodaysQueue) {
  ASSERT_TRUE(AddCard(*db_, ann_, "be-outage", dates::FormatUtc(kNow)).ok());
  auto before = LoadQueue(*db_, ann_, kNow);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(Ids(before->fresh), std::vector<std::string>{"be-outage"});
  auto rated = RateQuestion(*db_, ann_, "be-outage", fsrs::Rating::kGood, kNow + 60);
  ASSERT_TRUE(rated.ok()) << rated.error().message;
  EXPECT_EQ(rated->reps, 1);
  EXPECT_NEAR(rated->stability, 2.3065, 1e-4);
  EXPECT_EQ(rated->due, dates::FormatUtc(kNow + 60 + 2 * kDay));
  auto after = LoadQueue(*db_, ann_, kNow + 120);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), 0);
  EXPECT_EQ(after->new_rated_today, 1);
  // Two days later it is due again.
  auto later = LoadQueue(*db_, ann_, kNow + 2 * kDay + 120);
  EXPECT_EQ(Ids(later->due), std::vector<std::string>{"be-outage"});
  // The log has the rating; the stored card matches the scheduler's.
  auto log = db_->ListReviewLog(ann_, "");
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].rating, 3);
  EXPECT_EQ((*log)[0].state, 0);
  fsrs::Card expected = fsrs::Review(fsrs::Card{}, fsrs::Rating::kGood, kNow + 60, fsrs::Parameters{});
  EXPECT_NEAR((*db_->GetCard(ann_, "be-outage"))->difficulty, expected.difficulty, 1e-9);
}

TEST_P(ReviewsTest, RateQuestionMakesTheCardAndFollowsTheMembersRetention) {
  ASSERT_TRUE(SaveReviewSettings(*db_, ann_, {0.7, 5}).ok());
  auto first = RateQuestion(*db_, ann_, "fe-a11y", fsrs::Rating::kEasy, kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  // Easy: S = 8.2956; at 70 % retention the interval is longer than S days.
  fsrs::Parameters p;
  p.desired_retention = 0.7;
  EXPECT_EQ(first->due, dates::FormatUtc(kNow + fsrs::IntervalDays(8.2956, p) * kDay));
  EXPECT_GT(fsrs::IntervalDays(8.2956, p), 8);
  // A second rating the same day uses the same-day rule and is logged with 0 elapsed days.
  auto second = RateQuestion(*db_, ann_, "fe-a11y", fsrs::Rating::kAgain, kNow + 3600);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->reps, 2);
  EXPECT_EQ(second->lapses, 1);
  EXPECT_LT(second->stability, first->stability);
  auto log = db_->ListReviewLog(ann_, "");
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].state, 2);
  EXPECT_EQ((*log)[1].elapsed_days, 0);
  EXPECT_EQ(Retention(*log).Percent(), 0);
}

TEST_P(ReviewsTest, UnknownQuestionsAndBadSettingsAreRefused) {
  auto unknown = RateQuestion(*db_, ann_, "nope", fsrs::Rating::kGood, kNow);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto bad = SaveReviewSettings(*db_, ann_, {0.99, 5});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*db_->GetReviewSettings(ann_), store::ReviewSettings{});
}

TEST_P(ReviewsTest, ExportHoldsSettingsCardsAndLog) {
  ASSERT_TRUE(RateQuestion(*db_, ann_, "be-review", fsrs::Rating::kHard, kNow).ok());
  auto out = ExportReviews(*db_, ann_);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->at("settings").at("daily_new_limit").as_int64(), 5);
  ASSERT_EQ(out->at("cards").as_array().size(), 1u);
  EXPECT_EQ(out->at("cards").as_array()[0].at("question_id").as_string(), "be-review");
  EXPECT_EQ(out->at("cards").as_array()[0].at("state").as_string(), "review");
  ASSERT_EQ(out->at("log").as_array().size(), 1u);
  EXPECT_EQ(out->at("log").as_array()[0].at("rating").as_string(), "hard");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewsTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

}  // namespace
}  // namespace starprep::practice
