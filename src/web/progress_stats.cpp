// SPDX-License-Identifier: Apache-2.0
#include "web/progress_stats.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <tuple>

namespace starprep::web {
namespace {

// Days since the epoch of "YYYY-MM-DD..." (the date part of a timestamp); nullopt if malformed.
std::optional<int> DayNumber(const std::string& text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&text](std::size_t at, std::size_t len) -> std::optional<int> {
    int v = 0;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, v);
    if (ec != std::errc() || end != text.data() + at + len) return std::nullopt;
    return v;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*m)),
                                   std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return static_cast<int>(std::chrono::sys_days(date).time_since_epoch().count());
}

}  // namespace

int PracticeStreak(const std::vector<std::string>& created_at, const std::string& today) {
  const auto today_number = DayNumber(today);
  if (!today_number) return 0;
  std::set<int> days;
  for (const auto& t : created_at)
    if (auto d = DayNumber(t)) days.insert(*d);
  int day = days.count(*today_number) ? *today_number : *today_number - 1;
  int streak = 0;
  while (days.count(day)) {
    ++streak;
    --day;
  }
  return streak;
}

std::vector<QuestionBest> BestPerQuestion(const std::vector<store::AttemptRecord>& attempts) {
  std::map<std::string, QuestionBest> by_question;
  for (const auto& a : attempts) {
    auto [it, added] = by_question.try_emplace(a.question_id);
    QuestionBest& b = it->second;
    if (added) b.question_id = a.question_id;
    ++b.attempts;
    const bool better =
        added || a.score > b.best_score ||
        (a.score == b.best_score && std::tie(a.created_at, a.id) < std::tie(b.best_at, b.best_attempt_id));
    if (better) {
      b.best_score = a.score;
      b.best_attempt_id = a.id;
      b.best_at = a.created_at;
    }
    b.last_practised = std::max(b.last_practised, a.created_at);
  }
  std::vector<QuestionBest> out;
  out.reserve(by_question.size());
  for (auto& [id, best] : by_question) out.push_back(std::move(best));
  return out;
}

std::vector<std::string> RoleCompetencies(const content::Role& role) {
  std::set<std::string> all;
  for (const auto& q : role.questions) all.insert(q.competencies.begin(), q.competencies.end());
  return {all.begin(), all.end()};
}

RoleCoverage CoverageOf(const content::Role& role, const std::set<std::string>& attempted_question_ids) {
  RoleCoverage c;
  c.slug = role.slug;
  c.title = role.title;
  c.questions_total = static_cast<int>(role.questions.size());
  std::set<std::string> practised;
  for (const auto& q : role.questions) {
    if (!attempted_question_ids.count(q.id)) continue;
    ++c.questions_attempted;
    practised.insert(q.competencies.begin(), q.competencies.end());
  }
  const auto all = RoleCompetencies(role);
  c.competencies_total = static_cast<int>(all.size());
  c.competencies_practised = static_cast<int>(practised.size());
  for (const auto& name : all)
    if (!practised.count(name)) c.competencies_not_practised.push_back(name);
  return c;
}

std::string DescribeChange(int delta) {
  if (delta == 0) return "no change";
  const int size = std::abs(delta);
  return std::string(delta > 0 ? "up " : "down ") + std::to_string(size) + (size == 1 ? " point" : " points");
}

std::vector<Change> CompareAttempts(const store::AttemptRecord& previous, const store::AttemptRecord& current) {
  std::vector<Change> out;
  auto add = [&out](std::string label, int before, int after) {
    out.push_back(Change{std::move(label), before, after, after - before, DescribeChange(after - before)});
  };
  add("Score", previous.score, current.score);
  for (std::size_t i = 0; i < kStarPartNames.size(); ++i) add(kStarPartNames[i], previous.parts[i], current.parts[i]);
  return out;
}

std::array<int, 4> AveragePartStrengths(const std::vector<store::AttemptRecord>& attempts) {
  std::array<int, 4> out{};
  if (attempts.empty()) return out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    double sum = 0;
    for (const auto& a : attempts) sum += a.parts[i];
    out[i] = static_cast<int>(std::lround(sum / static_cast<double>(attempts.size())));
  }
  return out;
}

std::optional<NextUp> NextUpFor(const std::vector<store::AttemptRecord>& recent,
                                const std::vector<QuestionBest>& candidates) {
  if (recent.empty() || candidates.empty()) return std::nullopt;
  const auto averages = AveragePartStrengths(recent);
  NextUp next;
  next.weakest_part = static_cast<std::size_t>(std::min_element(averages.begin(), averages.end()) - averages.begin());
  next.weakest_strength = averages[next.weakest_part];
  const auto lowest = std::min_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.best_score != b.best_score ? a.best_score < b.best_score : a.last_practised < b.last_practised;
  });
  next.question_id = lowest->question_id;
  next.best_score = lowest->best_score;
  return next;
}

std::vector<QuestionBest> PreferQuestions(const std::vector<QuestionBest>& candidates,
                                          const std::set<std::string>& preferred) {
  std::vector<QuestionBest> out;
  for (const auto& c : candidates)
    if (preferred.count(c.question_id)) out.push_back(c);
  return out.empty() ? candidates : out;
}

std::vector<QuestionTrend> QuestionTrends(const std::vector<store::AttemptRecord>& attempts, std::size_t max_questions,
                                          std::size_t max_days) {
  std::map<std::string, QuestionTrend> by_question;
  std::map<std::string, std::map<std::string, DayScore>> days;  // question -> day -> score
  for (const auto& a : attempts) {
    if (!DayNumber(a.created_at)) continue;
    auto [it, added] = by_question.try_emplace(a.question_id);
    QuestionTrend& t = it->second;
    if (added) t.question_id = a.question_id;
    ++t.attempts;
    t.last_practised = std::max(t.last_practised, a.created_at);
    const std::string day = a.created_at.substr(0, 10);
    auto [d, first] = days[a.question_id].try_emplace(day);
    if (first) d->second.day = day;
    d->second.best_score = first ? a.score : std::max(d->second.best_score, a.score);
    ++d->second.attempts;
  }
  std::vector<QuestionTrend> out;
  out.reserve(by_question.size());
  for (auto& [id, trend] : by_question) out.push_back(std::move(trend));
  std::sort(out.begin(), out.end(), [](const QuestionTrend& a, const QuestionTrend& b) {
    if (a.attempts != b.attempts) return a.attempts > b.attempts;
    if (a.last_practised != b.last_practised) return a.last_practised > b.last_practised;
    return a.question_id < b.question_id;
  });
  if (out.size() > max_questions) out.resize(max_questions);
  for (auto& t : out) {
    const auto& per_day = days[t.question_id];  // ordered by day
    const std::size_t skip = per_day.size() > max_days ? per_day.size() - max_days : 0;
    std::size_t i = 0;
    for (const auto& [day, score] : per_day)
      if (i++ >= skip) t.days.push_back(score);
  }
  return out;
}

std::vector<DayParts> DailyPartAverages(const std::vector<store::AttemptRecord>& attempts, std::size_t max_days) {
  std::map<std::string, std::vector<store::AttemptRecord>> by_day;
  for (const auto& a : attempts)
    if (DayNumber(a.created_at)) by_day[a.created_at.substr(0, 10)].push_back(a);
  std::vector<DayParts> out;
  const std::size_t skip = by_day.size() > max_days ? by_day.size() - max_days : 0;
  std::size_t i = 0;
  for (const auto& [day, list] : by_day) {
    if (i++ < skip) continue;
    out.push_back(DayParts{day, AveragePartStrengths(list), static_cast<int>(list.size())});
  }
  return out;
}

}  // namespace starprep::web
