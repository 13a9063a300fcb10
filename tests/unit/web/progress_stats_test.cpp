// SPDX-License-Identifier: Apache-2.0
// Unit tests for web/progress_stats: streaks, best scores, coverage, attempt comparison.

#include "web/progress_stats.h"

#include <gtest/gtest.h>

namespace starprep::web {
namespace {

store::AttemptRecord Attempt(std::int64_t id, const std::string& question, int score, const std::string& at,
                             std::array<int, 4> parts = {}) {
  store::AttemptRecord a;
  a.id = id;
  a.question_id = question;
  a.score = score;
  a.created_at = at;
  a.parts = parts;
  return a;
}

content::Role Role(const std::string& slug, std::vector<std::pair<std::string, std::vector<std::string>>> questions) {
  content::Role r;
  r.slug = slug;
  r.title = "Role " + slug;
  for (auto& [id, competencies] : questions) {
    content::Question q;
    q.id = id;
    q.question = "Question " + id;
    q.competencies = competencies;
    r.questions.push_back(q);
  }
  return r;
}

TEST(PracticeStreakTest, NoAttemptsNoStreak) {
  EXPECT_EQ(PracticeStreak({}, "2026-03-10"), 0);
}

TEST(PracticeStreakTest, CountsConsecutiveDaysEndingToday) {
  EXPECT_EQ(PracticeStreak({"2026-03-10T08:00:00Z", "2026-03-09T23:59:59Z", "2026-03-08T00:00:00Z"}, "2026-03-10"), 3);
}

TEST(PracticeStreakTest, AStreakEndingYesterdayStillCounts) {
  EXPECT_EQ(PracticeStreak({"2026-03-09T10:00:00Z", "2026-03-08T10:00:00Z"}, "2026-03-10"), 2);
}

TEST(PracticeStreakTest, AGapOfADayBeforeTodayEndsIt) {
  EXPECT_EQ(PracticeStreak({"2026-03-08T10:00:00Z", "2026-03-07T10:00:00Z"}, "2026-03-10"), 0);
}

TEST(PracticeStreakTest, SeveralAttemptsOnOneDayCountOnce) {
  EXPECT_EQ(PracticeStreak({"2026-03-10T01:00:00Z", "2026-03-10T02:00:00Z", "2026-03-10T23:00:00Z"}, "2026-03-10"), 1);
}

TEST(PracticeStreakTest, CrossesMonthAndLeapDayBoundaries) {
  EXPECT_EQ(PracticeStreak({"2028-03-01T09:00:00Z", "2028-02-29T09:00:00Z", "2028-02-28T09:00:00Z"}, "2028-03-01"), 3);
  EXPECT_EQ(PracticeStreak({"2027-01-01T00:00:00Z", "2026-12-31T00:00:00Z"}, "2027-01-01"), 2);
}

TEST(PracticeStreakTest, OrderDoesNotMatterAndMalformedTimesAreIgnored) {
  EXPECT_EQ(PracticeStreak({"2026-03-08T10:00:00Z", "garbage", "2026-03-10T10:00:00Z", "2026-02-30T10:00:00Z",
                            "2026-03-09T10:00:00Z"},
                           "2026-03-10"),
            3);
  EXPECT_EQ(PracticeStreak({"2026-03-10T10:00:00Z"}, "not a date"), 0);
}

TEST(PracticeStreakTest, FutureAttemptsDoNotExtendIt) {
  EXPECT_EQ(PracticeStreak({"2026-03-11T10:00:00Z", "2026-03-10T10:00:00Z"}, "2026-03-10"), 1);
}

TEST(BestPerQuestionTest, KeepsTheBestScoreAndTheEarliestAttemptThatReachedIt) {
  auto best =
      BestPerQuestion({Attempt(5, "q1", 70, "2026-03-05T00:00:00Z"), Attempt(4, "q2", 40, "2026-03-04T00:00:00Z"),
                       Attempt(3, "q1", 70, "2026-03-03T00:00:00Z"), Attempt(2, "q1", 90, "2026-03-02T00:00:00Z"),
                       Attempt(1, "q1", 90, "2026-03-01T00:00:00Z")});
  ASSERT_EQ(best.size(), 2u);
  EXPECT_EQ(best[0].question_id, "q1");
  EXPECT_EQ(best[0].best_score, 90);
  EXPECT_EQ(best[0].best_attempt_id, 1);
  EXPECT_EQ(best[0].attempts, 4);
  EXPECT_EQ(best[0].last_practised, "2026-03-05T00:00:00Z");
  EXPECT_EQ(best[1].question_id, "q2");
  EXPECT_EQ(best[1].best_score, 40);
  EXPECT_EQ(best[1].attempts, 1);
}

TEST(CoverageTest, CountsAttemptedQuestionsAndTheirCompetencies) {
  auto role =
      Role("be", {{"q1", {"debugging", "ownership"}}, {"q2", {"ownership", "communication"}}, {"q3", {"security"}}});
  RoleCoverage none = CoverageOf(role, {});
  EXPECT_EQ(none.questions_attempted, 0);
  EXPECT_EQ(none.questions_total, 3);
  EXPECT_EQ(none.competencies_practised, 0);
  EXPECT_EQ(none.competencies_total, 4);

  RoleCoverage some = CoverageOf(role, {"q1", "elsewhere"});
  EXPECT_EQ(some.questions_attempted, 1);
  EXPECT_EQ(some.competencies_practised, 2);
  EXPECT_EQ(some.competencies_not_practised, (std::vector<std::string>{"communication", "security"}));

  RoleCoverage all = CoverageOf(role, {"q1", "q2", "q3"});
  EXPECT_EQ(all.questions_attempted, 3);
  EXPECT_EQ(all.competencies_practised, 4);
  EXPECT_TRUE(all.competencies_not_practised.empty());
}

TEST(CompareAttemptsTest, SaysEachChangeInWords) {
  auto before = Attempt(1, "q", 60, "", {50, 70, 40, 0});
  auto after = Attempt(2, "q", 72, "", {51, 70, 30, 80});
  auto changes = CompareAttempts(before, after);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].label, "Score");
  EXPECT_EQ(changes[0].delta, 12);
  EXPECT_EQ(changes[0].words, "up 12 points");
  EXPECT_EQ(changes[1].label, "Situation");
  EXPECT_EQ(changes[1].words, "up 1 point");
  EXPECT_EQ(changes[2].words, "no change");
  EXPECT_EQ(changes[3].words, "down 10 points");
  EXPECT_EQ(changes[4].label, "Result");
  EXPECT_EQ(changes[4].before, 0);
  EXPECT_EQ(changes[4].after, 80);
}

TEST(AveragePartStrengthsTest, RoundsTheMeanOfEachPart) {
  EXPECT_EQ(AveragePartStrengths({}), (std::array<int, 4>{0, 0, 0, 0}));
  EXPECT_EQ(AveragePartStrengths({Attempt(1, "q", 0, "", {10, 20, 30, 41}), Attempt(2, "q", 0, "", {20, 20, 31, 40})}),
            (std::array<int, 4>{15, 20, 31, 41}));
}

TEST(NextUpFor, WeakestPartAndTheQuestionWithTheLowestBestScore) {
  const std::vector<store::AttemptRecord> recent = {
      Attempt(1, "q-a", 70, "2026-12-01T10:00:00Z", {80, 60, 70, 20}),
      Attempt(2, "q-b", 50, "2026-12-02T10:00:00Z", {70, 50, 60, 40}),
  };
  std::vector<QuestionBest> best = {{"q-a", 70, 1, "2026-12-01T10:00:00Z", 1, "2026-12-01T10:00:00Z"},
                                    {"q-b", 50, 2, "2026-12-02T10:00:00Z", 1, "2026-12-02T10:00:00Z"},
                                    {"q-c", 50, 3, "2026-11-20T10:00:00Z", 1, "2026-11-20T10:00:00Z"}};
  auto next = NextUpFor(recent, best);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(kStarPartNames[next->weakest_part], std::string("Result"));  // (20 + 40) / 2
  EXPECT_EQ(next->weakest_strength, 30);
  EXPECT_EQ(next->question_id, "q-c") << "tied at 50: the one practised longest ago";
  EXPECT_EQ(next->best_score, 50);
  EXPECT_FALSE(NextUpFor({}, best).has_value());
  EXPECT_FALSE(NextUpFor(recent, {}).has_value());
}

TEST(PreferQuestionsTest, TargetQuestionsWhenThereAreAnyElseAll) {
  std::vector<QuestionBest> all(3);
  all[0].question_id = "a";
  all[1].question_id = "b";
  all[2].question_id = "c";
  auto ids = [](const std::vector<QuestionBest>& v) {
    std::vector<std::string> out;
    for (const auto& b : v) out.push_back(b.question_id);
    return out;
  };
  EXPECT_EQ(ids(PreferQuestions(all, {"c", "a", "zz"})), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(ids(PreferQuestions(all, {"zz"})), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ids(PreferQuestions(all, {})), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(QuestionTrendsTest, OnePointPerDayWithTheBestScoreOfThatDay) {
  const std::vector<store::AttemptRecord> attempts = {
      Attempt(1, "q1", 40, "2026-12-06T09:00:00Z"),
      Attempt(2, "q1", 70, "2026-12-06T10:00:00Z"),
      Attempt(3, "q1", 55, "2026-12-06T11:00:00Z"),  // worse retry the same day: the day keeps 70
      Attempt(4, "q2", 60, "2026-12-06T12:00:00Z"),
      Attempt(5, "q1", 80, "2026-12-07T08:00:00Z"),
      Attempt(6, "q3", 90, "bad date")};
  const auto trends = QuestionTrends(attempts, 5, 10);
  ASSERT_EQ(trends.size(), 2u);  // the malformed one is skipped
  EXPECT_EQ(trends[0].question_id, "q1");
  EXPECT_EQ(trends[0].attempts, 4);
  ASSERT_EQ(trends[0].days.size(), 2u);
  EXPECT_EQ(trends[0].days[0].day, "2026-12-06");
  EXPECT_EQ(trends[0].days[0].best_score, 70);
  EXPECT_EQ(trends[0].days[0].attempts, 3);
  EXPECT_EQ(trends[0].days[1].day, "2026-12-07");
  EXPECT_EQ(trends[0].days[1].best_score, 80);
  EXPECT_EQ(trends[1].question_id, "q2");
  ASSERT_EQ(trends[1].days.size(), 1u);
  EXPECT_EQ(trends[1].days[0].best_score, 60);
}

TEST(QuestionTrendsTest, TheMostPractisedQuestionsAndTheirNewestDays) {
  std::vector<store::AttemptRecord> attempts;
  for (int d = 1; d <= 9; ++d)
    attempts.push_back(Attempt(d, "busy", d * 10, "2026-12-0" + std::to_string(d) + "T08:00:00Z"));
  attempts.push_back(Attempt(20, "older", 50, "2026-11-01T08:00:00Z"));
  attempts.push_back(Attempt(21, "newer", 50, "2026-11-02T08:00:00Z"));
  const auto trends = QuestionTrends(attempts, 2, 3);
  ASSERT_EQ(trends.size(), 2u);
  EXPECT_EQ(trends[0].question_id, "busy");
  EXPECT_EQ(trends[0].attempts, 9);
  ASSERT_EQ(trends[0].days.size(), 3u);
  EXPECT_EQ(trends[0].days.front().day, "2026-12-07");
  EXPECT_EQ(trends[0].days.back().best_score, 90);
  EXPECT_EQ(trends[1].question_id, "newer") << "ties: the one practised more recently";
  EXPECT_TRUE(QuestionTrends({}, 3, 3).empty());
}

TEST(DailyPartAveragesTest, MeansPerDayOldestFirst) {
  const std::vector<store::AttemptRecord> attempts = {Attempt(3, "q", 0, "2026-12-07T08:00:00Z", {90, 90, 90, 90}),
                                                      Attempt(1, "q", 0, "2026-12-06T08:00:00Z", {10, 20, 30, 40}),
                                                      Attempt(2, "x", 0, "2026-12-06T09:00:00Z", {20, 30, 40, 51}),
                                                      Attempt(4, "q", 0, "nope", {1, 1, 1, 1})};
  const auto days = DailyPartAverages(attempts, 10);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, "2026-12-06");
  EXPECT_EQ(days[0].attempts, 2);
  EXPECT_EQ(days[0].parts, (std::array<int, 4>{15, 25, 35, 46}));
  EXPECT_EQ(days[1].parts, (std::array<int, 4>{90, 90, 90, 90}));
  ASSERT_EQ(DailyPartAverages(attempts, 1).size(), 1u);
  EXPECT_EQ(DailyPartAverages(attempts, 1)[0].day, "2026-12-07");
}

}  // namespace
}  // namespace starprep::web
