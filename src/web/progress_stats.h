// SPDX-License-Identifier: Apache-2.0
#pragma once
// Pure statistics for the progress and attempt pages: the practice streak, best score per
// question, coverage of a role's questions and competencies, and how an attempt compares with the
// one before it. No I/O; times are the store's "YYYY-MM-DDTHH:MM:SSZ" strings (UTC).

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "content/model.h"
#include "store/store.h"

namespace starprep::web {

inline constexpr std::array<const char*, 4> kStarPartNames = {"Situation", "Task", "Action", "Result"};

// Consecutive UTC days, each with at least one attempt, ending today or yesterday (a streak
// survives until the end of the day after the last practice). `created_at` in any order; `today`
// is "YYYY-MM-DD". Malformed timestamps are ignored. 0 when there is no such run.
int PracticeStreak(const std::vector<std::string>& created_at, const std::string& today);

struct QuestionBest {
  std::string question_id;
  int best_score = 0;
  std::int64_t best_attempt_id = 0;  // the earliest attempt with the best score
  std::string best_at;               // its created_at
  int attempts = 0;
  std::string last_practised;  // created_at of the newest attempt
};

// One row per question attempted, ordered by question id.
std::vector<QuestionBest> BestPerQuestion(const std::vector<store::AttemptRecord>& attempts);

struct RoleCoverage {
  std::string slug;
  std::string title;
  int questions_attempted = 0;
  int questions_total = 0;
  int competencies_practised = 0;
  int competencies_total = 0;
  std::vector<std::string> competencies_not_practised;  // sorted
};

// How much of `role` the candidate has practised: questions with at least one attempt, and the
// competencies those questions carry out of all the role's question competencies.
RoleCoverage CoverageOf(const content::Role& role, const std::set<std::string>& attempted_question_ids);

// Every competency of a role's questions, sorted and without duplicates.
std::vector<std::string> RoleCompetencies(const content::Role& role);

struct Change {
  std::string label;  // "Score", "Situation", ...
  int before = 0;
  int after = 0;
  int delta = 0;
  std::string words;  // "up 12 points", "down 3 points", "no change"
};

// Score then the four STAR strengths of `current` against `previous`.
std::vector<Change> CompareAttempts(const store::AttemptRecord& previous, const store::AttemptRecord& current);

// "up 1 point", "down 12 points", "no change".
std::string DescribeChange(int delta);

// The mean of each STAR strength over `attempts` (0s for none), rounded.
std::array<int, 4> AveragePartStrengths(const std::vector<store::AttemptRecord>& attempts);

// What the progress page's "Next up" card suggests.
struct NextUp {
  std::size_t weakest_part = 0;  // index into kStarPartNames
  int weakest_strength = 0;      // its average strength over the recent attempts
  std::string question_id;       // the question to practise again
  int best_score = 0;            // its best score so far
};
// The STAR part with the lowest average strength over `recent` (ties: the earlier part) and, of
// the `candidates` (rows of BestPerQuestion the candidate can still open), the one with the lowest
// best score (ties: the one practised longest ago). nullopt when either list is empty.
std::optional<NextUp> NextUpFor(const std::vector<store::AttemptRecord>& recent,
                                const std::vector<QuestionBest>& candidates);

// The rows of `candidates` whose question is in `preferred` (the target roles' questions), or all
// of `candidates` when none is (or `preferred` is empty): "Next up" prefers the target roles.
std::vector<QuestionBest> PreferQuestions(const std::vector<QuestionBest>& candidates,
                                          const std::set<std::string>& preferred);

// ---- trends, one point per UTC day ----

// A question's attempts on one UTC day.
struct DayScore {
  std::string day;     // "YYYY-MM-DD"
  int best_score = 0;  // the best score saved that day (not the last: a retry that went worse
                       // does not hide what the candidate showed they can do)
  int attempts = 0;
};

struct QuestionTrend {
  std::string question_id;
  int attempts = 0;            // in all, not only on the days kept
  std::string last_practised;  // created_at of the newest attempt
  std::vector<DayScore> days;  // oldest first, at most `max_days` of the newest days
};

// The `max_questions` questions with the most attempts (ties: practised more recently, then by
// id), most practised first, each with its best score per UTC day over its `max_days` newest days
// of practice. `attempts` in any order; malformed created_at values are skipped.
std::vector<QuestionTrend> QuestionTrends(const std::vector<store::AttemptRecord>& attempts, std::size_t max_questions,
                                          std::size_t max_days);

struct DayParts {
  std::string day;             // "YYYY-MM-DD"
  std::array<int, 4> parts{};  // the mean of each STAR strength that day, rounded
  int attempts = 0;
};

// The mean STAR strengths per UTC day over the `max_days` newest days of `attempts` (any order),
// oldest day first; malformed created_at values are skipped.
std::vector<DayParts> DailyPartAverages(const std::vector<store::AttemptRecord>& attempts, std::size_t max_days);

}  // namespace starprep::web
