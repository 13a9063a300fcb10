// SPDX-License-Identifier: Apache-2.0
// The review queue's JSON API (issue 13), part of AccountApi (account_api.h lists the routes):
//   GET  /api/v1/me/reviews/due                 today's queue
//   GET  /api/v1/me/reviews/due-count           {"count"}: its size, for the site header's count
//   POST /api/v1/me/reviews {"question_id", "rating"}   rate a practised question → the card
//   GET  /api/v1/me/reviews/cards/{question_id} the caller's card (404 if they have none)
//   GET|PUT /api/v1/me/reviews/settings {"desired_retention", "daily_new_limit"}
// Reads need kRead, writes kWrite (a session with X-CSRF-Token, or a "write" token).
#include <optional>

#include "api/account_api.h"
#include "api/json_io.h"
#include "core/dates.h"
#include "practice/reviews.h"

namespace starprep::api {
namespace json = boost::json;
namespace {

std::int64_t NowSeconds() {
  return dates::ParseIsoTime(dates::NowUtc()).value_or(0);
}

http::Response InvalidField(const std::string& message) {
  return http::ErrorReply(400, http::codes::kInvalidField, message);
}

// A card with its question's wording and role (empty for a retired question).
json::object QueueItem(const store::ReviewCard& card, const std::map<std::string, practice::QuestionLabel>& labels) {
  json::object o = practice::CardJson(card);
  auto it = labels.find(card.question_id);
  o["question"] = it == labels.end() ? "" : it->second.question;
  o["role"] = it == labels.end() ? "" : it->second.role_slug;
  return o;
}

// The "rating" field: "again" / "hard" / "good" / "easy" or 1..4.
Result<practice::fsrs::Rating> RatingField(const json::object& o) {
  const json::value* v = o.if_contains("rating");
  std::optional<practice::fsrs::Rating> rating;
  if (v != nullptr && v->is_string()) {
    if (auto r = practice::fsrs::RatingFromName(v->as_string())) rating = *r;
  } else if (v != nullptr && v->is_int64() && v->as_int64() >= 1 && v->as_int64() <= 4) {
    rating = static_cast<practice::fsrs::Rating>(v->as_int64());
  }
  if (rating) return *rating;
  return MakeError(ErrorCode::kInvalidArgument,
                   "Field \"rating\" must be \"again\", \"hard\", \"good\" or \"easy\" (or 1 to 4).");
}

}  // namespace

void AccountApi::RegisterReviews(http::Router& router) {
  auto bind = [this](http::Response (AccountApi::*fn)(http::Request&)) { return http::Bind(this, fn); };
  router.Get("/api/v1/me/reviews/due", bind(&AccountApi::ListDueReviews));
  router.Get("/api/v1/me/reviews/due-count", bind(&AccountApi::DueReviewCount));
  router.Post("/api/v1/me/reviews", bind(&AccountApi::RateReview));
  router.Get("/api/v1/me/reviews/cards/{question_id}", bind(&AccountApi::GetReviewCard));
  router.Get("/api/v1/me/reviews/settings", bind(&AccountApi::GetReviewSettings));
  router.Add(http::Method::kPut, "/api/v1/me/reviews/settings", bind(&AccountApi::PutReviewSettings));
}

http::Response AccountApi::ListDueReviews(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto queue = practice::LoadQueue(store_, who->user.id, NowSeconds());
  if (!queue) return http::ErrorReply(queue.error());
  auto labels = practice::LiveQuestionLabels(store_);
  if (!labels) return http::ErrorReply(labels.error());
  json::array due, fresh;
  for (const auto& c : queue->due) due.push_back(QueueItem(c, *labels));
  for (const auto& c : queue->fresh) fresh.push_back(QueueItem(c, *labels));
  return Json(200, json::object{{"count", queue->size()},
                                {"due", std::move(due)},
                                {"new", std::move(fresh)},
                                {"new_waiting", queue->new_waiting},
                                {"new_rated_today", queue->new_rated_today},
                                {"daily_new_limit", queue->daily_new_limit}});
}

http::Response AccountApi::DueReviewCount(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto queue = practice::LoadQueue(store_, who->user.id, NowSeconds());
  if (!queue) return http::ErrorReply(queue.error());
  return Json(200, json::object{{"count", queue->size()}});
}

http::Response AccountApi::RateReview(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the rating ({\"question_id\": \"...\", \"rating\": \"good\"})", body))
    return *bad;
  const auto& o = body.as_object();
  const json::value* question = o.if_contains("question_id");
  if (question == nullptr || !question->is_string() || question->as_string().empty())
    return InvalidField("Field \"question_id\" is required: the id of the question you practised.");
  auto rating = RatingField(o);
  if (!rating) return InvalidField(rating.error().message);
  auto card = practice::RateQuestion(store_, who->user.id, std::string(question->as_string()), *rating, NowSeconds());
  if (!card) return http::ErrorReply(card.error());
  return Json(200, practice::CardJson(*card));
}

http::Response AccountApi::GetReviewCard(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  const std::string& id = req.params["question_id"];
  auto card = store_.GetCard(who->user.id, id);
  if (!card) return http::ErrorReply(card.error());
  if (!*card) return NotFound("You have no review card for question \"" + id + "\".");
  return Json(200, practice::CardJson(**card));
}

http::Response AccountApi::GetReviewSettings(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto settings = store_.GetReviewSettings(who->user.id);
  if (!settings) return http::ErrorReply(settings.error());
  return Json(200, practice::ReviewSettingsJson(*settings));
}

http::Response AccountApi::PutReviewSettings(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "your review settings", body)) return *bad;
  const auto& o = body.as_object();
  auto current = store_.GetReviewSettings(who->user.id);
  if (!current) return http::ErrorReply(current.error());
  store::ReviewSettings wanted = *current;
  if (const json::value* r = o.if_contains("desired_retention"); r != nullptr && !r->is_null()) {
    if (!r->is_number()) return InvalidField("Field \"desired_retention\" must be a number from 0.70 to 0.97.");
    wanted.desired_retention = r->to_number<double>();
  }
  auto limit = IntField(o, "daily_new_limit", 0, practice::kMaxDailyNewLimit, wanted.daily_new_limit);
  if (!limit) return InvalidField(limit.error().message);
  wanted.daily_new_limit = static_cast<int>(*limit);
  auto saved = practice::SaveReviewSettings(store_, who->user.id, wanted);
  if (!saved) {
    if (saved.error().code == ErrorCode::kInvalidArgument) return InvalidField(saved.error().message);
    return http::ErrorReply(saved.error());
  }
  return Json(200, practice::ReviewSettingsJson(*saved));
}

}  // namespace starprep::api
