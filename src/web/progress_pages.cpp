// SPDX-License-Identifier: Apache-2.0
#include "web/progress_pages.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/dates.h"
#include "practice/reviews.h"
#include "practice/target_roles.h"
#include "web/progress_stats.h"
#include "web/review_pages.h"
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

// "6 Dec" for a "YYYY-MM-DD" day, "6 Dec 2025" when it is not in `this_year`.
std::string DayLabel(const std::string& day, const std::string& this_year) {
  return day.substr(0, 4) == this_year ? ShortDate(day) : ShortDate(day) + " " + day.substr(0, 4);
}

// Small multiples: one chart per question among the most practised, one point per UTC day (the
// day's best score), and one table with every point as their text alternative.
mus::data TrendCharts(const std::vector<store::AttemptRecord>& attempts,
                      const std::map<std::string, QuestionInfo>& questions, const std::string& this_year) {
  const auto trends = QuestionTrends(attempts, kTrendQuestions, kTrendDays);
  mus::data charts{mus::data::type::list};
  mus::data rows{mus::data::type::list};
  int index = 0;
  for (const auto& t : trends) {
    auto q = questions.find(t.question_id);
    const std::string text = q == questions.end() ? t.question_id + " (no longer published)" : q->second.text;
    LineChart chart{"trend-" + std::to_string(++index), "Best score per day: " + text, "", {}, 100, {}};
    chart.width = kTrendChartWidth;
    chart.plot_height = 120;
    chart.text_size = LegibleTextSize(kTrendChartWidth, kNarrowestChartPx);
    chart.max_x_labels = 4;
    chart.legend = false;
    ChartSeries series{"Best score of the day", "series-score", Marker::kCircle, {}};
    for (const auto& d : t.days) {
      chart.x_labels.push_back(DayLabel(d.day, this_year));
      series.values.push_back(d.best_score);
      mus::data row;
      row.set("question", text);
      row.set("day", HumanDay(d.day + "T00:00:00Z"));
      row.set("best", std::to_string(d.best_score));
      row.set("attempts", std::to_string(d.attempts));
      rows.push_back(row);
    }
    const auto& first = t.days.front();
    const auto& last = t.days.back();
    chart.description = t.days.size() == 1
                            ? "One day so far: best score " + std::to_string(first.best_score) + " on " +
                                  HumanDay(first.day + "T00:00:00Z") + ", out of 100."
                            : "Best score of the day, out of 100, from " + std::to_string(first.best_score) + " on " +
                                  HumanDay(first.day + "T00:00:00Z") + " to " + std::to_string(last.best_score) +
                                  " on " + HumanDay(last.day + "T00:00:00Z") + ", over " +
                                  Plural(static_cast<int>(t.days.size()), "day", "days") + " of practice.";
    chart.series.push_back(std::move(series));
    mus::data item;
    item.set("question", text);
    item.set("question_id", t.question_id);
    item.set("live", Flag(q != questions.end()));
    item.set("attempts", Plural(t.attempts, "attempt", "attempts"));
    item.set("svg", RenderLineChart(chart));
    item.set("desc", chart.description);
    charts.push_back(item);
  }
  mus::data d;
  d.set("trends", charts);
  d.set("trend_rows", rows);
  d.set("trend_count", std::to_string(trends.size()));
  return d;
}

// STAR part strengths per day (each day's mean), the table of the recent attempts beside it.
mus::data PartCharts(const std::vector<store::AttemptRecord>& recent,
                     const std::map<std::string, QuestionInfo>& questions, const std::string& this_year) {
  const auto days = DailyPartAverages(recent, kTrendDays);
  LineChart parts{"parts-chart", "STAR part strengths per day", "", {}, 100, {}};
  parts.width = kPartsChartWidth;
  parts.plot_height = 180;
  parts.text_size = LegibleTextSize(kPartsChartWidth, kNarrowestChartPx);
  parts.max_x_labels = 4;
  static constexpr std::array<Marker, 4> kMarkers = {Marker::kCircle, Marker::kSquare, Marker::kDiamond,
                                                     Marker::kHexagon};
  static constexpr std::array<const char*, 4> kClasses = {"series-s", "series-t", "series-a", "series-r"};
  std::array<ChartSeries, 4> part_series;
  for (std::size_t i = 0; i < 4; ++i) part_series[i] = {kStarPartNames[i], kClasses[i], kMarkers[i], {}};
  mus::data day_rows{mus::data::type::list};
  for (const auto& d : days) {
    parts.x_labels.push_back(DayLabel(d.day, this_year));
    for (std::size_t i = 0; i < 4; ++i) part_series[i].values.push_back(d.parts[i]);
    mus::data row;
    row.set("date", HumanDay(d.day + "T00:00:00Z"));
    row.set("attempts", std::to_string(d.attempts));
    for (std::size_t i = 0; i < 4; ++i) row.set(std::string("p") + std::to_string(i), std::to_string(d.parts[i]));
    day_rows.push_back(row);
  }
  const auto averages = AveragePartStrengths(recent);
  std::string avg_text;
  for (std::size_t i = 0; i < 4; ++i)
    avg_text += std::string(i ? ", " : "") + kStarPartNames[i] + " " + std::to_string(averages[i]);
  parts.description = "One point per day: the mean of that day's attempts. Average strengths over your last " +
                      Plural(static_cast<int>(recent.size()), "attempt", "attempts") + ", out of 100: " + avg_text +
                      ". Each part has its own marker: Situation circles, Task squares, Action diamonds, Result "
                      "hexagons. The table below lists every point.";
  parts.series.assign(part_series.begin(), part_series.end());

  mus::data rows{mus::data::type::list};
  for (const auto& a : recent) {
    mus::data row;
    row.set("id", std::to_string(a.id));
    row.set("date", HumanDay(a.created_at));
    auto q = questions.find(a.question_id);
    row.set("question", q == questions.end() ? a.question_id : q->second.text);
    row.set("score", std::to_string(a.score));
    for (std::size_t i = 0; i < 4; ++i) row.set(std::string("p") + std::to_string(i), std::to_string(a.parts[i]));
    rows.push_back(row);
  }
  mus::data d;
  d.set("parts_svg", RenderLineChart(parts));
  d.set("parts_desc", parts.description);
  d.set("day_rows", day_rows);
  d.set("rows", rows);
  return d;
}

// The review queue's next 30 days (one point per UTC day: the questions falling due that day,
// today's including the overdue ones), its data table (the days with something due), and the
// retention so far.
mus::data ReviewForecast(const std::vector<store::ReviewCard>& cards, const std::vector<store::ReviewLogEntry>& log,
                         std::int64_t now, const std::string& this_year) {
  const std::vector<int> due = practice::DueForecast(cards, now, practice::kForecastDays);
  int most = 0, total = 0;
  for (int n : due) {
    most = std::max(most, n);
    total += n;
  }
  // The axis has 4 steps: a multiple of 4 keeps its labels whole numbers.
  const double y_max = std::max(4, (most + 3) / 4 * 4);
  LineChart chart{"forecast-chart", "Review questions due per day, next 30 days", "", {}, y_max, {}};
  chart.width = kPartsChartWidth;
  chart.plot_height = 160;
  chart.text_size = LegibleTextSize(kPartsChartWidth, kNarrowestChartPx);
  chart.max_x_labels = 4;
  chart.legend = false;
  ChartSeries series{"Questions due", "series-score", Marker::kCircle, {}};
  mus::data rows{mus::data::type::list};
  const std::int64_t today = practice::StartOfDay(now);
  for (std::size_t i = 0; i < due.size(); ++i) {
    const std::string day = dates::FormatDate(today + static_cast<std::int64_t>(i) * practice::fsrs::kSecondsPerDay);
    chart.x_labels.push_back(DayLabel(day, this_year));
    series.values.push_back(due[i]);
    if (due[i] == 0) continue;
    mus::data row;
    row.set("day", i == 0 ? std::string("Today (and overdue)") : HumanDay(day + "T00:00:00Z"));
    row.set("due", std::to_string(due[i]));
    rows.push_back(row);
  }
  chart.series.push_back(std::move(series));
  chart.description = total == 0 ? "Nothing is due in the next 30 days."
                                 : Plural(total, "question falls", "questions fall") +
                                       " due in the next 30 days, at most " + std::to_string(most) +
                                       " on one day. The table below lists the days with something due.";
  const practice::RetentionSoFar retention = practice::Retention(log);
  mus::data d;
  d.set("forecast_svg", RenderLineChart(chart));
  d.set("forecast_desc", chart.description);
  d.set("forecast_rows", rows);
  d.set("has_forecast_rows", Flag(total > 0));
  if (retention.reviews > 0) {
    d.set("retention", std::to_string(retention.Percent()) + "%");
    d.set("retention_detail",
          std::to_string(retention.recalled) + " of " + Plural(retention.reviews, "review", "reviews"));
  }
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
  auto targets = store_.ListTargetRoles(user.user.id);
  if (!targets) return http::ErrorReply(targets.error());
  // Coverage and "Next up" follow the target roles; every role when none is chosen.
  const std::vector<content::Role> focus = practice::FocusRoles(roles, *targets);
  std::set<std::string> focus_questions;
  for (const auto& r : focus)
    for (const auto& q : r.questions) focus_questions.insert(q.id);
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
  d.set("has_targets", Flag(!targets->empty()));
  std::string target_titles;
  for (const auto& r : focus)
    if (!targets->empty()) target_titles += (target_titles.empty() ? "" : ", ") + r.title;
  d.set("target_titles", target_titles);
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
    const std::string this_year = dates::NowUtc().substr(0, 4);
    mus::data trends = TrendCharts(attempts, questions, this_year);
    d.set("trend_charts", trends);
    d.set("charts", PartCharts(recent, questions, this_year));

    mus::data coverage{mus::data::type::list};
    for (const auto& r : focus) {
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
    if (auto next = NextUpFor(recent, PreferQuestions(live_bests, focus_questions))) {
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
  auto cards = store_.ListCards(user.user.id);
  if (!cards) return http::ErrorReply(cards.error());
  if (!cards->empty()) {
    auto log = store_.ListReviewLog(user.user.id, "");
    if (!log) return http::ErrorReply(log.error());
    d.set("reviews",
          ReviewForecast(*cards, *log, dates::ParseIsoTime(dates::NowUtc()).value_or(0), dates::NowUtc().substr(0, 4)));
  }
  PageMeta page{"Your progress",
                "Your practice over time: scores, STAR parts, coverage, streak and reviews.",
                Render("progress", d),
                "",
                "",
                Nav::kSignedIn};
  page.review_due = ReviewDueCount(store_, user.user.id);
  return gate_.Serve(req, Layout(page));
}

}  // namespace starprep::web
