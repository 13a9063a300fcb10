// SPDX-License-Identifier: Apache-2.0
#include "web/progress_pages.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/dates.h"
#include "web/progress_stats.h"
#include "web/svg_chart.h"

namespace starprep::web {
namespace {

struct QuestionInfo {
  std::string text;
  std::string role_title;
};

// "20 Nov" from a stored timestamp (for chart labels).
std::string ShortDate(const std::string& at) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (at.size() < 10) return at;
  const int month = (at[5] - '0') * 10 + (at[6] - '0');
  const int day = (at[8] - '0') * 10 + (at[9] - '0');
  if (month < 1 || month > 12) return at.substr(0, 10);
  return std::to_string(day) + " " + kMonths[month - 1];
}

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

mus::data Charts(const std::vector<store::AttemptRecord>& recent,
                 const std::map<std::string, QuestionInfo>& questions) {
  // `recent` is oldest first.
  LineChart score{"score-chart",
                  "Score over your last " + Plural(static_cast<int>(recent.size()), "attempt", "attempts"),
                  "",
                  {},
                  100,
                  {}};
  LineChart parts{"parts-chart", "STAR part strengths over the same attempts", "", {}, 100, {}};
  ChartSeries score_series{"Score", "series-score", Marker::kCircle, {}};
  static constexpr std::array<Marker, 4> kMarkers = {Marker::kCircle, Marker::kSquare, Marker::kDiamond,
                                                     Marker::kHexagon};
  static constexpr std::array<const char*, 4> kClasses = {"series-s", "series-t", "series-a", "series-r"};
  std::array<ChartSeries, 4> part_series;
  for (std::size_t i = 0; i < 4; ++i) part_series[i] = {kStarPartNames[i], kClasses[i], kMarkers[i], {}};
  mus::data rows{mus::data::type::list};
  for (const auto& a : recent) {
    score.x_labels.push_back(ShortDate(a.created_at));
    score_series.values.push_back(a.score);
    for (std::size_t i = 0; i < 4; ++i) part_series[i].values.push_back(a.parts[i]);
    mus::data row;
    row.set("id", std::to_string(a.id));
    row.set("date", HumanDay(a.created_at));
    auto q = questions.find(a.question_id);
    row.set("question", q == questions.end() ? a.question_id : q->second.text);
    row.set("score", std::to_string(a.score));
    for (std::size_t i = 0; i < 4; ++i) row.set(std::string("p") + std::to_string(i), std::to_string(a.parts[i]));
    rows.push_back(row);
  }
  parts.x_labels = score.x_labels;
  const auto& first = recent.front();
  const auto& last = recent.back();
  score.description = "From " + std::to_string(first.score) + " on " + HumanDay(first.created_at) + " to " +
                      std::to_string(last.score) + " on " + HumanDay(last.created_at) +
                      ", out of 100. The table below lists every point.";
  const auto averages = AveragePartStrengths(recent);
  std::string avg_text;
  for (std::size_t i = 0; i < 4; ++i)
    avg_text += std::string(i ? ", " : "") + kStarPartNames[i] + " " + std::to_string(averages[i]);
  parts.description = "Average strengths over these attempts, out of 100: " + avg_text +
                      ". Each part has its own marker: Situation circles, Task squares, Action diamonds, Result "
                      "hexagons. The table below lists every point.";
  score.series.push_back(std::move(score_series));
  parts.series.assign(part_series.begin(), part_series.end());
  mus::data d;
  d.set("score_svg", RenderLineChart(score));
  d.set("parts_svg", RenderLineChart(parts));
  d.set("score_desc", score.description);
  d.set("parts_desc", parts.description);
  d.set("rows", rows);
  return d;
}

}  // namespace

void ProgressPages::Register(http::Router& router) {
  router.Get("/progress", [this](http::Request& r) { return Progress(r); });
}

http::Response ProgressPages::Progress(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  std::vector<store::AttemptRecord> attempts;  // newest first
  for (int offset = 0; offset < kMaxProgressAttempts; offset += 200) {
    auto page = journal_.ListAttempts(user.user.id, "", 200, offset);
    if (!page) return http::ErrorReply(page.error());
    attempts.insert(attempts.end(), page->items.begin(), page->items.end());
    if (page->items.size() < 200) break;
  }
  auto live = store_.ListLiveRoles();
  if (!live) return http::ErrorReply(live.error());
  const std::vector<content::Role>& roles = *live;
  std::map<std::string, QuestionInfo> questions;
  for (const auto& r : roles)
    for (const auto& q : r.questions) questions[q.id] = {q.question, r.title};

  mus::data d;
  d.set("has_attempts", Flag(!attempts.empty()));
  mus::data role_links{mus::data::type::list};
  for (const auto& r : roles) {
    mus::data item;
    item.set("slug", r.slug);
    item.set("title", r.title);
    role_links.push_back(item);
  }
  d.set("role_links", role_links);
  if (!attempts.empty()) {
    std::vector<std::string> times;
    std::set<std::string> attempted;
    for (const auto& a : attempts) {
      times.push_back(a.created_at);
      attempted.insert(a.question_id);
    }
    const int streak = PracticeStreak(times, dates::NowUtc().substr(0, 10));
    d.set("streak", Plural(streak, "day", "days"));
    d.set("has_streak", Flag(streak > 0));
    d.set("attempt_count", Plural(static_cast<int>(attempts.size()), "attempt", "attempts"));
    d.set("question_count", Plural(static_cast<int>(attempted.size()), "question", "questions"));

    std::vector<store::AttemptRecord> recent(attempts.begin(),
                                             attempts.begin() + std::min(attempts.size(), kChartAttempts));
    std::reverse(recent.begin(), recent.end());
    d.set("charts", Charts(recent, questions));

    mus::data coverage{mus::data::type::list};
    for (const auto& r : roles) {
      const RoleCoverage c = CoverageOf(r, attempted);
      mus::data row;
      row.set("slug", c.slug);
      row.set("title", c.title);
      row.set("questions", std::to_string(c.questions_attempted) + " of " + std::to_string(c.questions_total));
      row.set("competencies", std::to_string(c.competencies_practised) + " of " + std::to_string(c.competencies_total));
      std::string missing;
      for (const auto& name : c.competencies_not_practised) missing += (missing.empty() ? "" : ", ") + name;
      row.set("not_practised", missing.empty() ? std::string("none: all practised") : missing);
      coverage.push_back(row);
    }
    d.set("coverage", coverage);

    // "Next up": the weakest STAR part lately and the published question with the lowest best score.
    const std::vector<QuestionBest> bests = BestPerQuestion(attempts);
    std::vector<QuestionBest> live_bests;
    for (const auto& b : bests)
      if (questions.contains(b.question_id)) live_bests.push_back(b);
    if (auto next = NextUpFor(recent, live_bests)) {
      static constexpr std::array<const char*, 4> kLetters = {"S", "T", "A", "R"};
      static constexpr std::array<const char*, 4> kLower = {"situation", "task", "action", "result"};
      mus::data card;
      card.set("part", std::string(kStarPartNames[next->weakest_part]));
      card.set("part_lc", std::string(kLower[next->weakest_part]));
      card.set("letter", std::string(kLetters[next->weakest_part]));
      card.set("letter_lc", std::string(1, kLower[next->weakest_part][0]));
      card.set("strength", std::to_string(next->weakest_strength));
      card.set("question_id", next->question_id);
      card.set("question", questions.at(next->question_id).text);
      card.set("best", std::to_string(next->best_score));
      d.set("next_up", card);
    }

    mus::data best{mus::data::type::list};
    for (const auto& b : bests) {
      mus::data row;
      auto q = questions.find(b.question_id);
      row.set("question_id", b.question_id);
      row.set("question", q == questions.end() ? b.question_id + " (no longer published)" : q->second.text);
      row.set("live", Flag(q != questions.end()));
      row.set("role", q == questions.end() ? std::string() : q->second.role_title);
      row.set("best", std::to_string(b.best_score));
      row.set("best_id", std::to_string(b.best_attempt_id));
      row.set("attempts", Plural(b.attempts, "attempt", "attempts"));
      row.set("last", HumanDay(b.last_practised));
      best.push_back(row);
    }
    d.set("best", best);
  }
  return gate_.Serve(req, Layout({"Your progress", "Your practice over time: scores, STAR parts, coverage and streak.",
                                  Render("progress", d), "", "", Nav::kSignedIn}));
}

}  // namespace starprep::web
