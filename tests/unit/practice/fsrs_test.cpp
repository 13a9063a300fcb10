// SPDX-License-Identifier: Apache-2.0
// Tests for the FSRS-6 scheduler (practice/fsrs.h): every reference figure of issue 13 (from
// fsrs-rs, py-fsrs and ts-fsrs with the default parameters) to 1e-4, and the edge cases: a review
// long overdue, same-day reviews, the retention bounds, invalid ratings, the interval cap, fuzz.

#include "practice/fsrs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace starprep::practice::fsrs {
namespace {

constexpr double kTolerance = 1e-4;
constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15, any time works

// Rates a new card with `ratings`, the i-th `days[i]` whole days after the previous one.
Card RateSequence(const std::vector<Rating>& ratings, const std::vector<int>& days, const Parameters& p) {
  Card card;
  std::int64_t now = kStart;
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    now += static_cast<std::int64_t>(days[i]) * kSecondsPerDay;
    card = Review(card, ratings[i], now, p);
  }
  return card;
}

const std::vector<Rating> kAgainThenGoods = {Rating::kAgain, Rating::kGood, Rating::kGood,
                                             Rating::kGood,  Rating::kGood, Rating::kGood};
const std::vector<int> kReferenceDays = {0, 0, 1, 3, 8, 21};

TEST(Fsrs, DefaultWeightsAreFsrs6s21) {
  EXPECT_EQ(kDefaultWeights.size(), 21U);
  EXPECT_DOUBLE_EQ(kDefaultWeights[0], 0.212);
  EXPECT_DOUBLE_EQ(kDefaultWeights[20], 0.1542);
}

TEST(Fsrs, ReferenceSequenceStabilityAndDifficulty) {
  Card card = RateSequence(kAgainThenGoods, kReferenceDays, Parameters{});
  EXPECT_NEAR(card.stability, 53.62691, kTolerance);
  EXPECT_NEAR(card.difficulty, 6.3574867, kTolerance);
  EXPECT_EQ(card.reps, 6);
  EXPECT_EQ(card.lapses, 0);  // Again on a new card is not a lapse
  EXPECT_EQ(card.state, State::kReview);
}

TEST(Fsrs, ReferenceSequenceWithoutShortTermWeights) {
  Parameters p;
  p.w[17] = p.w[18] = p.w[19] = 0;
  Card card = RateSequence(kAgainThenGoods, kReferenceDays, p);
  EXPECT_NEAR(card.stability, 53.335106, kTolerance);
}

TEST(Fsrs, FirstRatingOfANewCard) {
  const std::array<double, 4> stability = {0.212, 1.2931, 2.3065, 8.2956};
  const std::array<double, 4> difficulty = {6.4133, 5.11217071, 2.11810397, 1};
  for (int g = 1; g <= 4; ++g) {
    Card card = Review(Card{}, static_cast<Rating>(g), kStart, Parameters{});
    EXPECT_NEAR(card.stability, stability[g - 1], kTolerance) << "rating " << g;
    EXPECT_NEAR(card.difficulty, difficulty[g - 1], kTolerance) << "rating " << g;
    EXPECT_EQ(card.reps, 1);
    EXPECT_EQ(card.last_review, kStart);
    EXPECT_EQ(card.state, g == 1 ? State::kLearning : State::kReview);
  }
}

TEST(Fsrs, RetrievabilityWithStabilityOneAndDecayPointTwo) {
  const std::array<double, 4> expected = {1.0, 0.9, 0.84028935, 0.7985001};
  for (int t = 0; t <= 3; ++t) EXPECT_NEAR(Retrievability(t, 1.0, 0.2), expected[t], kTolerance) << "t=" << t;
  // With any decay, recall is 90 % after S days.
  EXPECT_NEAR(Retrievability(17, 17, kDefaultWeights[20]), 0.9, 1e-12);
}

TEST(Fsrs, IntervalAtNinetyPercentIsTheStability) {
  EXPECT_EQ(IntervalDays(10.0, Parameters{}), 10);
  EXPECT_EQ(IntervalDays(53.62691, Parameters{}), 54);
  // Tiny stabilities still wait one day.
  EXPECT_EQ(IntervalDays(0.212, Parameters{}), 1);
}

TEST(Fsrs, HigherRetentionMeansShorterIntervals) {
  Parameters low, high;
  low.desired_retention = kMinRetention;
  high.desired_retention = kMaxRetention;
  EXPECT_GT(IntervalDays(30, low), IntervalDays(30, Parameters{}));
  EXPECT_LT(IntervalDays(30, high), IntervalDays(30, Parameters{}));
  // Where the interval lands, recall is the retention asked for.
  for (double retention : {kMinRetention, 0.8, kMaxRetention}) {
    Parameters p;
    p.desired_retention = retention;
    int days = IntervalDays(300, p);
    EXPECT_NEAR(Retrievability(days, 300, kDefaultWeights[20]), retention, 2e-3) << retention;
  }
}

TEST(Fsrs, RetentionBounds) {
  EXPECT_TRUE(CheckRetention(0.70).ok());
  EXPECT_TRUE(CheckRetention(0.9).ok());
  EXPECT_TRUE(CheckRetention(0.97).ok());
  for (double bad : {0.69, 0.971, 0.0, 1.0, -0.9, std::nan(""), std::numeric_limits<double>::infinity()}) {
    auto s = CheckRetention(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find("0.70 and 0.97"), std::string::npos);
  }
}

TEST(Fsrs, InvalidRatings) {
  for (int n : {0, 5, -1, 100}) {
    auto r = RatingFromNumber(n);
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  for (int n = 1; n <= 4; ++n) EXPECT_EQ(static_cast<int>(*RatingFromNumber(n)), n);
  EXPECT_EQ(*RatingFromName("Good"), Rating::kGood);
  EXPECT_EQ(*RatingFromName("again"), Rating::kAgain);
  EXPECT_FALSE(RatingFromName("ok").ok());
  EXPECT_FALSE(RatingFromName("").ok());
  EXPECT_EQ(RatingName(Rating::kEasy), "easy");
  EXPECT_EQ(StateName(State::kRelearning), "relearning");
}

TEST(Fsrs, LongOverdueReviewGrowsStabilityMoreThanOnTime) {
  Card card = Review(Card{}, Rating::kGood, kStart, Parameters{});
  int interval = static_cast<int>((card.due - kStart) / kSecondsPerDay);
  Card on_time = Review(card, Rating::kGood, card.due, Parameters{});
  Card overdue = Review(card, Rating::kGood, kStart + 3650 * kSecondsPerDay, Parameters{});
  EXPECT_GT(overdue.stability, on_time.stability);
  EXPECT_TRUE(std::isfinite(overdue.stability));
  EXPECT_LE(overdue.stability, kMaxStability);
  // Forgetting after ten years: stability falls, but stays positive and finite.
  Card forgot = Review(card, Rating::kAgain, kStart + 3650 * kSecondsPerDay, Parameters{});
  EXPECT_LT(forgot.stability, card.stability);
  EXPECT_GE(forgot.stability, kMinStability);
  EXPECT_EQ(forgot.lapses, 1);
  EXPECT_EQ(forgot.state, State::kRelearning);
  EXPECT_GE(interval, 1);
}

TEST(Fsrs, SameDayRule) {
  Card card = Review(Card{}, Rating::kGood, kStart, Parameters{});
  // A few hours later is the same day: short-term stability.
  std::int64_t later = kStart + 5 * 3600;
  EXPECT_EQ(ElapsedDays(kStart, later), 0);
  Card good = Review(card, Rating::kGood, later, Parameters{});
  Card again = Review(card, Rating::kAgain, later, Parameters{});
  Card hard = Review(card, Rating::kHard, later, Parameters{});
  const Weights& w = kDefaultWeights;
  double s = card.stability;
  EXPECT_NEAR(good.stability, s * std::max(1.0, std::exp(w[17] * w[18]) * std::pow(s, -w[19])), 1e-9);
  EXPECT_GE(good.stability, s);  // Good never lowers it the same day
  EXPECT_LT(again.stability, s);
  EXPECT_NEAR(hard.stability, s * std::exp(w[17] * (w[18] - 1)) * std::pow(s, -w[19]), 1e-9);
  // The difficulty moves the same day too.
  EXPECT_GT(again.difficulty, card.difficulty);
  // 23:59 later is still the same day; 24:00 is not.
  EXPECT_EQ(ElapsedDays(kStart, kStart + kSecondsPerDay - 1), 0);
  EXPECT_EQ(ElapsedDays(kStart, kStart + kSecondsPerDay), 1);
  // A clock going backwards counts as the same day.
  EXPECT_EQ(ElapsedDays(kStart, kStart - 100), 0);
  Card back = Review(card, Rating::kGood, kStart - 100, Parameters{});
  EXPECT_NEAR(back.stability, good.stability, 1e-12);
}

TEST(Fsrs, DueIsTheIntervalAfterTheReviewAndAtLeastADay) {
  Card card = Review(Card{}, Rating::kAgain, kStart, Parameters{});
  EXPECT_EQ(card.due, kStart + kSecondsPerDay);
  Card easy = Review(Card{}, Rating::kEasy, kStart, Parameters{});
  EXPECT_EQ(easy.due, kStart + IntervalDays(easy.stability, Parameters{}) * kSecondsPerDay);
  EXPECT_EQ(IntervalDays(easy.stability, Parameters{}), 8);
}

TEST(Fsrs, MaximumIntervalCapsTheDueDate) {
  Parameters p;
  p.maximum_interval = 30;
  Card card{State::kReview, 20000, 1, kStart, kStart, 10, 0};
  Card next = Review(card, Rating::kEasy, kStart + 20000 * kSecondsPerDay, p);
  EXPECT_EQ(next.due - next.last_review, 30 * kSecondsPerDay);
  EXPECT_LE(next.stability, kMaxStability);
  EXPECT_EQ(IntervalDays(kMaxStability, Parameters{}), kMaxIntervalDays);
}

TEST(Fsrs, NoFuzzWithoutASeedAndDeterministicFuzzWithOne) {
  Card card{State::kReview, 40, 5, kStart, kStart, 3, 0};
  std::int64_t when = kStart + 40 * kSecondsPerDay;
  Card plain = Review(card, Rating::kGood, when, Parameters{});
  EXPECT_EQ(plain.due, when + IntervalDays(plain.stability, Parameters{}) * kSecondsPerDay);
  Parameters seeded;
  seeded.fuzz_seed = 42;
  Card a = Review(card, Rating::kGood, when, seeded);
  Card b = Review(card, Rating::kGood, when, seeded);
  EXPECT_EQ(a.due, b.due);
  EXPECT_DOUBLE_EQ(a.stability, plain.stability);  // fuzz moves the date only
  int base = IntervalDays(plain.stability, Parameters{});
  int fuzzed = static_cast<int>((a.due - when) / kSecondsPerDay);
  EXPECT_NEAR(fuzzed, base, 1.0 + 0.15 * 4.5 + 0.1 * 13 + 0.05 * (base - 20) + 1);
  // Short intervals are never fuzzed; fuzz stays within its range and the cap for many seeds.
  EXPECT_EQ(FuzzedInterval(2, 100, 7), 2);
  bool moved = false;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    int f = FuzzedInterval(100, 36500, seed);
    EXPECT_GE(f, 100 - 7);
    EXPECT_LE(f, 100 + 7);
    moved = moved || f != 100;
    EXPECT_LE(FuzzedInterval(100, 101, seed), 101);
  }
  EXPECT_TRUE(moved);
}

TEST(Fsrs, RatingForScore) {
  EXPECT_EQ(RatingForScore(0), Rating::kAgain);
  EXPECT_EQ(RatingForScore(39), Rating::kAgain);
  EXPECT_EQ(RatingForScore(40), Rating::kHard);
  EXPECT_EQ(RatingForScore(59), Rating::kHard);
  EXPECT_EQ(RatingForScore(60), Rating::kGood);
  EXPECT_EQ(RatingForScore(84), Rating::kGood);
  EXPECT_EQ(RatingForScore(85), Rating::kEasy);
  EXPECT_EQ(RatingForScore(100), Rating::kEasy);
}

}  // namespace
}  // namespace starprep::practice::fsrs
