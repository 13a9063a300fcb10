// SPDX-License-Identifier: Apache-2.0
#include "practice/reviews.h"

#include <algorithm>
#include <cmath>

#include "core/dates.h"
#include "core/log.h"

namespace starprep::practice {
namespace json = boost::json;

namespace {

constexpr int kRateAttempts = 3;

std::int64_t ParseTime(const std::string& text) {
  if (text.empty()) return 0;
  return dates::ParseIsoTime(text).value_or(0);
}

}  // namespace

int RetentionSoFar::Percent() const {
  if (reviews <= 0) return -1;
  return static_cast<int>(std::lround(100.0 * recalled / reviews));
}

Status CheckReviewSettings(const store::ReviewSettings& settings) {
  if (auto s = fsrs::CheckRetention(settings.desired_retention); !s) {
    return MakeError(ErrorCode::kInvalidArgument, "\"desired_retention\": " + s.error().message + ".");
  }
  if (settings.daily_new_limit < 0 || settings.daily_new_limit > kMaxDailyNewLimit) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "\"daily_new_limit\" must be from 0 to " + std::to_string(kMaxDailyNewLimit) + ".");
  }
  return {};
}

fsrs::Card ToFsrsCard(const store::ReviewCard& card) {
  fsrs::Card c;
  c.state = static_cast<fsrs::State>(std::clamp(card.state, 0, 3));
  c.stability = card.stability;
  c.difficulty = card.difficulty;
  c.due = ParseTime(card.due);
  c.last_review = ParseTime(card.last_review);
  c.reps = card.reps;
  c.lapses = card.lapses;
  return c;
}

store::ReviewCard WithFsrsState(store::ReviewCard card, const fsrs::Card& state) {
  card.state = static_cast<int>(state.state);
  card.stability = state.stability;
  card.difficulty = state.difficulty;
  card.due = dates::FormatUtc(state.due);
  card.last_review = state.last_review > 0 ? dates::FormatUtc(state.last_review) : "";
  card.reps = state.reps;
  card.lapses = state.lapses;
  return card;
}

std::int64_t StartOfDay(std::int64_t now) {
  std::int64_t day = now / fsrs::kSecondsPerDay;
  if (now < 0 && now % fsrs::kSecondsPerDay != 0) --day;
  return day * fsrs::kSecondsPerDay;
}

DueQueue BuildQueue(const std::vector<store::ReviewCard>& cards, int new_rated_today,
                    const store::ReviewSettings& settings, std::int64_t now) {
  DueQueue q;
  q.daily_new_limit = settings.daily_new_limit;
  q.new_rated_today = new_rated_today;
  const std::string tomorrow = dates::FormatUtc(StartOfDay(now) + fsrs::kSecondsPerDay);
  const int room = std::max(0, settings.daily_new_limit - new_rated_today);
  for (const auto& card : cards) {
    if (!card.live) continue;
    if (card.reps == 0) {
      if (static_cast<int>(q.fresh.size()) < room) {
        q.fresh.push_back(card);
      } else {
        ++q.new_waiting;
      }
    } else if (card.due < tomorrow) {
      q.due.push_back(card);
    }
  }
  return q;
}

std::vector<int> DueForecast(const std::vector<store::ReviewCard>& cards, std::int64_t now, int days) {
  std::vector<int> out(static_cast<std::size_t>(std::max(days, 0)), 0);
  const std::int64_t today = StartOfDay(now);
  for (const auto& card : cards) {
    if (!card.live || card.reps == 0) continue;
    const std::int64_t due = ParseTime(card.due);
    const std::int64_t day = due < today ? 0 : (due - today) / fsrs::kSecondsPerDay;
    if (day < static_cast<std::int64_t>(out.size())) ++out[static_cast<std::size_t>(day)];
  }
  return out;
}

RetentionSoFar Retention(const std::vector<store::ReviewLogEntry>& log) {
  RetentionSoFar r;
  for (const auto& e : log) {
    if (e.state == static_cast<int>(fsrs::State::kNew)) continue;
    ++r.reviews;
    if (e.rating != static_cast<int>(fsrs::Rating::kAgain)) ++r.recalled;
  }
  return r;
}

Status AddCard(store::Store& store, std::int64_t user_id, const std::string& question_id, const std::string& now_utc) {
  auto made = store.EnsureCard(user_id, question_id, now_utc);
  if (!made) return made.error();
  return {};
}

void MakeCards(store::Store& store, std::int64_t user_id, const std::vector<std::string>& question_ids,
               const std::string& now_utc) {
  for (const auto& id : question_ids) {
    if (auto s = AddCard(store, user_id, id, now_utc); !s)
      log::Warn("review_card_not_made", {{"user", user_id}, {"question", id}, {"error", s.error().message}});
  }
}

Result<store::ReviewCard> RateQuestion(store::Store& store, std::int64_t user_id, const std::string& question_id,
                                       fsrs::Rating rating, std::int64_t now) {
  const std::string now_utc = dates::FormatUtc(now);
  auto made = store.EnsureCard(user_id, question_id, now_utc);
  if (!made) return made.error();
  auto settings = store.GetReviewSettings(user_id);
  if (!settings) return settings.error();
  fsrs::Parameters params;
  params.desired_retention = std::clamp(settings->desired_retention, fsrs::kMinRetention, fsrs::kMaxRetention);
  for (int attempt = 0; attempt < kRateAttempts; ++attempt) {
    auto stored = store.GetCard(user_id, question_id);
    if (!stored) return stored.error();
    if (!*stored) return Error{ErrorCode::kNotFound, "There is no card for question \"" + question_id + "\"."};
    const store::ReviewCard& before = **stored;
    const fsrs::Card old_state = ToFsrsCard(before);
    const fsrs::Card new_state = fsrs::Review(old_state, rating, now, params);
    store::ReviewCard after = WithFsrsState(before, new_state);
    store::ReviewLogEntry entry;
    entry.user_id = user_id;
    entry.question_id = question_id;
    entry.rating = static_cast<int>(rating);
    entry.state = before.reps == 0 ? static_cast<int>(fsrs::State::kNew) : before.state;
    entry.elapsed_days = before.reps == 0 ? 0 : static_cast<int>(fsrs::ElapsedDays(old_state.last_review, now));
    entry.stability = after.stability;
    entry.difficulty = after.difficulty;
    entry.due = after.due;
    entry.reviewed_at = now_utc;
    auto written = store.RecordReview(after, before.reps, entry);
    if (written) return after;
    if (written.error().code != ErrorCode::kConflict) return written.error();
  }
  return Error{ErrorCode::kConflict, "The question was rated several times at once; try again."};
}

Result<std::map<std::string, QuestionLabel>> LiveQuestionLabels(store::Store& store) {
  auto roles = store.ListLiveRoles();
  if (!roles) return roles.error();
  std::map<std::string, QuestionLabel> out;
  for (const auto& role : *roles) {
    for (const auto& q : role.questions) out[q.id] = QuestionLabel{q.question, role.slug, role.title};
  }
  return out;
}

Result<DueQueue> LoadQueue(store::Store& store, std::int64_t user_id, std::int64_t now) {
  auto settings = store.GetReviewSettings(user_id);
  if (!settings) return settings.error();
  auto cards = store.ListCards(user_id);
  if (!cards) return cards.error();
  auto today = store.ListReviewLog(user_id, dates::FormatUtc(StartOfDay(now)));
  if (!today) return today.error();
  const int new_rated = static_cast<int>(std::count_if(
      today->begin(), today->end(), [](const auto& e) { return e.state == static_cast<int>(fsrs::State::kNew); }));
  return BuildQueue(*cards, new_rated, *settings, now);
}

Result<store::ReviewSettings> SaveReviewSettings(store::Store& store, std::int64_t user_id,
                                                 const store::ReviewSettings& settings) {
  if (auto s = CheckReviewSettings(settings); !s) return s.error();
  if (auto s = store.PutReviewSettings(user_id, settings); !s) return s.error();
  return settings;
}

json::object CardJson(const store::ReviewCard& card) {
  return {{"question_id", card.question_id},
          {"state", fsrs::StateName(static_cast<fsrs::State>(std::clamp(card.state, 0, 3)))},
          {"stability", card.stability},
          {"difficulty", card.difficulty},
          {"due", card.due},
          {"last_review", card.last_review.empty() ? json::value(nullptr) : json::value(card.last_review)},
          {"reps", card.reps},
          {"lapses", card.lapses},
          {"created_at", card.created_at}};
}

json::object ReviewSettingsJson(const store::ReviewSettings& settings) {
  return {{"desired_retention", settings.desired_retention}, {"daily_new_limit", settings.daily_new_limit}};
}

Result<json::object> ExportReviews(store::Store& store, std::int64_t user_id) {
  auto settings = store.GetReviewSettings(user_id);
  if (!settings) return settings.error();
  auto cards = store.ListCards(user_id);
  if (!cards) return cards.error();
  auto log = store.ListReviewLog(user_id, "");
  if (!log) return log.error();
  json::array card_list, log_list;
  for (const auto& c : *cards) card_list.push_back(CardJson(c));
  for (const auto& e : *log) {
    log_list.push_back({{"question_id", e.question_id},
                        {"rating", fsrs::RatingName(static_cast<fsrs::Rating>(std::clamp(e.rating, 1, 4)))},
                        {"state_before", fsrs::StateName(static_cast<fsrs::State>(std::clamp(e.state, 0, 3)))},
                        {"elapsed_days", e.elapsed_days},
                        {"stability", e.stability},
                        {"difficulty", e.difficulty},
                        {"due", e.due},
                        {"reviewed_at", e.reviewed_at}});
  }
  return json::object{
      {"settings", ReviewSettingsJson(*settings)}, {"cards", std::move(card_list)}, {"log", std::move(log_list)}};
}

}  // namespace starprep::practice
