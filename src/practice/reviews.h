// SPDX-License-Identifier: Apache-2.0
#pragma once
// A member's review queue (issue 13): every question they practise becomes a card (one per user
// and question, Store::EnsureCard), each rating schedules it with the FSRS-6 scheduler
// (practice/fsrs.h) under their desired retention, and /review, the header, the home page and
// the API show what is due today.
//
// "Today" is the UTC day of `now`. A card is due today when its due time is before the next UTC
// midnight; a new card (practised, never rated) counts against the daily new limit: at most
// `daily_new_limit` new cards a day, less the new cards already rated today. Cards of retired
// questions are kept but never listed.
//
// Errors: kInvalidArgument with a message for the member (settings out of range, a bad
// rating), kNotFound for an unknown question or user, and the store's kUnavailable / kInternal.
// Pure helpers do no I/O; the rest only call the store. Thread-safe.

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "practice/fsrs.h"
#include "store/store.h"

namespace starprep::practice {

inline constexpr int kMaxDailyNewLimit = 100;
inline constexpr int kForecastDays = 30;

// Today's queue, as /review and GET /api/v1/me/reviews/due show it.
struct DueQueue {
  std::vector<store::ReviewCard> due;    // rated before, due today: the oldest due first
  std::vector<store::ReviewCard> fresh;  // new cards within today's limit, in the order practised
  int new_waiting = 0;                   // new cards beyond today's limit
  int new_rated_today = 0;               // new cards already rated today (they count against the limit)
  int daily_new_limit = 0;
  int size() const { return static_cast<int>(due.size() + fresh.size()); }
};

// How well the member recalled cards they had seen before: every rating of a card that was not
// new; Hard, Good and Easy count as recalled.
struct RetentionSoFar {
  int reviews = 0;
  int recalled = 0;
  // recalled / reviews as a whole percentage, rounded; -1 before the first review.
  int Percent() const;
};

// ---- pure ----

// kInvalidArgument naming the field and its range unless the retention passes
// fsrs::CheckRetention and 0 <= daily_new_limit <= kMaxDailyNewLimit.
Status CheckReviewSettings(const store::ReviewSettings& settings);

// The scheduler's view of a stored card and back (times as "YYYY-MM-DDTHH:MM:SSZ").
fsrs::Card ToFsrsCard(const store::ReviewCard& card);
store::ReviewCard WithFsrsState(store::ReviewCard card, const fsrs::Card& state);

// Seconds since the epoch of the UTC midnight that starts `now`'s day.
std::int64_t StartOfDay(std::int64_t now);

// Today's queue from the member's cards (Store::ListCards order), the new cards rated today and
// their settings.
DueQueue BuildQueue(const std::vector<store::ReviewCard>& cards, int new_rated_today,
                    const store::ReviewSettings& settings, std::int64_t now);

// The number of live cards that fall due on each of the `days` UTC days starting today (index 0
// is today and includes everything overdue). New cards are left out: they are not scheduled.
std::vector<int> DueForecast(const std::vector<store::ReviewCard>& cards, std::int64_t now, int days = kForecastDays);

// Retention over `log` (any order).
RetentionSoFar Retention(const std::vector<store::ReviewLogEntry>& log);

// ---- with the store ----

// Makes `question_id` a card of the member unless it is one (after an attempt is saved, a story
// linked to it, a mock answer) at `now_utc` ("YYYY-MM-DDTHH:MM:SSZ", the journal's clock).
// kNotFound for an unknown question or user.
Status AddCard(store::Store& store, std::int64_t user_id, const std::string& question_id, const std::string& now_utc);
// AddCard for each question, for a practice that is already saved (an attempt, a story, a finished
// mock): a failure is logged (review_card_not_made), not returned, and the card is made at the
// next practice or rating.
void MakeCards(store::Store& store, std::int64_t user_id, const std::vector<std::string>& question_ids,
               const std::string& now_utc);

// Records the member's rating of a question they just practised (an attempt, a mock answer: the
// mock interview calls this for each rated answer): makes the card if needed, schedules it with
// FSRS-6 under the member's settings at `now` (seconds since the epoch), stores the new state and
// a log entry, repeating the read-schedule-write when another rating of the card committed first
// (at most 3 times, then kConflict). Returns the card as stored. kNotFound for an unknown
// question or user.
Result<store::ReviewCard> RateQuestion(store::Store& store, std::int64_t user_id, const std::string& question_id,
                                       fsrs::Rating rating, std::int64_t now);

// What a queue shows of a question: its wording and its role.
struct QuestionLabel {
  std::string question;
  std::string role_slug;
  std::string role_title;
};
// Every live question's label by id, from one Store::ListLiveRoles snapshot.
Result<std::map<std::string, QuestionLabel>> LiveQuestionLabels(store::Store& store);

// Today's queue of the member at `now`.
Result<DueQueue> LoadQueue(store::Store& store, std::int64_t user_id, std::int64_t now);

// Checks and stores the member's settings; returns them as stored.
Result<store::ReviewSettings> SaveReviewSettings(store::Store& store, std::int64_t user_id,
                                                 const store::ReviewSettings& settings);

// ---- JSON (the API and the data export) ----

// {"question_id", "state", "stability", "difficulty", "due", "last_review" (null before the first
// rating), "reps", "lapses", "created_at"}.
boost::json::object CardJson(const store::ReviewCard& card);
// {"desired_retention", "daily_new_limit"}.
boost::json::object ReviewSettingsJson(const store::ReviewSettings& settings);
// The export's "reviews": {"settings", "cards" (retired questions' too), "log"}.
Result<boost::json::object> ExportReviews(store::Store& store, std::int64_t user_id);

}  // namespace starprep::practice
