// SPDX-License-Identifier: Apache-2.0
#include "web/review_pages.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "core/dates.h"
#include "http/error_codes.h"
#include "http/page_cache.h"
#include "practice/mock.h"
#include "practice/reviews.h"
#include "web/feedback_form.h"

namespace starprep::web {
namespace {

std::int64_t NowSeconds() {
  return dates::ParseIsoTime(dates::NowUtc()).value_or(0);
}

// A whole number from lo to hi, or nullopt.
std::optional<int> WholeNumber(const std::string& text, int lo, int hi) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

// "due today", "due since yesterday", "due since 5 days ago" / "new".
std::string DueWords(const store::ReviewCard& card, std::int64_t today) {
  if (card.reps == 0) return "new: not rated yet";
  const std::int64_t due = dates::ParseIsoTime(card.due).value_or(today);
  const std::int64_t days =
      due >= today ? 0 : (today - due + practice::fsrs::kSecondsPerDay - 1) / practice::fsrs::kSecondsPerDay;
  if (days == 0) return "due today";
  if (days == 1) return "overdue since yesterday";
  return "overdue by " + std::to_string(days) + " days";
}

}  // namespace

int ReviewDueCount(store::Store& store, std::int64_t user_id) {
  auto queue = practice::LoadQueue(store, user_id, NowSeconds());
  return queue ? queue->size() : -1;
}

std::vector<std::string> DueMockQuestionIds(const practice::DueQueue& queue,
                                            const std::map<std::string, practice::QuestionLabel>& labels) {
  std::vector<std::string> ids;
  for (const auto* cards : {&queue.due, &queue.fresh})
    for (const auto& card : *cards)
      if (ids.size() < kMaxMockQuestions && labels.count(card.question_id)) ids.push_back(card.question_id);
  return ids;
}

mus::data RatingChoices(practice::fsrs::Rating chosen) {
  static constexpr std::array<std::pair<practice::fsrs::Rating, const char*>, 4> kChoices = {{
      {practice::fsrs::Rating::kAgain, "Again: I could not answer it"},
      {practice::fsrs::Rating::kHard, "Hard: I got there with effort"},
      {practice::fsrs::Rating::kGood, "Good: I knew it"},
      {practice::fsrs::Rating::kEasy, "Easy: I knew it at once"},
  }};
  mus::data list{mus::data::type::list};
  for (const auto& [rating, label] : kChoices) {
    mus::data item;
    item.set("value", std::to_string(static_cast<int>(rating)));
    item.set("label", std::string(label));
    item.set("checked", Flag(rating == chosen));
    list.push_back(item);
  }
  return list;
}

void ReviewPages::Register(http::Router& router) {
  router.Get("/review", [this](http::Request& r) { return Queue(r); });
  router.Post("/review/rate", [this](http::Request& r) { return Rate(r); });
  router.Post("/review/settings", [this](http::Request& r) { return Settings(r); });
}

http::Response ReviewPages::Queue(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  std::string notice;
  if (req.Query("saved")) notice = "Your review settings are saved.";
  return QueuePage(req, user, notice, "", 200);
}

http::Response ReviewPages::QueuePage(const http::Request& req, const auth::Principal& user, const std::string& notice,
                                      const std::string& error, int status) {
  const std::int64_t now = NowSeconds();
  auto queue = practice::LoadQueue(store_, user.user.id, now);
  if (!queue) return http::ErrorReply(queue.error());
  auto labels = practice::LiveQuestionLabels(store_);
  if (!labels) return http::ErrorReply(labels.error());
  auto settings = store_.GetReviewSettings(user.user.id);
  if (!settings) return http::ErrorReply(settings.error());
  auto cards = store_.ListCards(user.user.id);
  if (!cards) return http::ErrorReply(cards.error());

  const std::int64_t today = practice::StartOfDay(now);
  mus::data d;
  mus::data items{mus::data::type::list};
  auto add = [&](const store::ReviewCard& card) {
    auto label = labels->find(card.question_id);
    if (label == labels->end()) return;
    mus::data item;
    item.set("question_id", card.question_id);
    item.set("question", label->second.question);
    item.set("role", label->second.role_title);
    item.set("when", DueWords(card, today));
    item.set("is_new", Flag(card.reps == 0));
    items.push_back(item);
  };
  for (const auto& c : queue->due) add(c);
  for (const auto& c : queue->fresh) add(c);
  d.set("items", items);
  std::string mock_ids;
  for (const auto& id : DueMockQuestionIds(*queue, *labels)) mock_ids += (mock_ids.empty() ? "" : ",") + id;
  d.set("has_items", Flag(!mock_ids.empty()));
  d.set("count", std::to_string(queue->size()));
  d.set("one", Flag(queue->size() == 1));
  // "Practise due questions" starts the mock at once (POST /mock, the set-up's default times);
  // the set-up page, prefilled with the same questions, stays a link away for other times.
  d.set("mock_questions", mock_ids);
  d.set("mock_think", HumanDuration(practice::kDefaultThinkSeconds));
  d.set("mock_answer", HumanDuration(practice::kDefaultAnswerSeconds));
  d.set("mock_href", "/mock?questions=" + mock_ids);
  if (queue->new_waiting > 0) d.set("new_waiting", std::to_string(queue->new_waiting));
  d.set("daily_new_limit", std::to_string(queue->daily_new_limit));
  // The empty state says when the next question is due, or how to get one.
  const std::string tomorrow = dates::FormatUtc(today + practice::fsrs::kSecondsPerDay);
  for (const auto& c : *cards) {
    if (c.live && c.reps > 0 && c.due >= tomorrow) {
      d.set("next_due", HumanDate(c.due.substr(0, 10)));
      break;
    }
  }
  d.set("has_cards", Flag(!cards->empty()));
  d.set("retention", std::to_string(static_cast<int>(std::lround(settings->desired_retention * 100))));
  d.set("limit", std::to_string(settings->daily_new_limit));
  d.set("max_limit", std::to_string(practice::kMaxDailyNewLimit));
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  d.set("csrf_slot", std::string(http::kTokenSlot));
  PageMeta page{"Review",
                "The questions to practise again today, scheduled by how well you knew them.",
                Render("review", d),
                "",
                "",
                Nav::kSignedIn};
  page.review_due = queue->size();
  return gate_.Serve(req, Layout(page), status);
}

http::Response ReviewPages::Rate(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/review")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::string question_id = FormText(form, "question_id");
  const std::string back = SafeReturnPath(FormText(form, "back"), "/review");
  auto number = WholeNumber(FormText(form, "rating"), 1, 4);
  auto rating =
      number ? practice::fsrs::RatingFromNumber(*number) : practice::fsrs::RatingFromName(FormText(form, "rating"));
  if (!rating || question_id.empty())
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Choose how well you knew the answer: Again, Hard, Good or Easy.");
  auto card = practice::RateQuestion(store_, user.user.id, question_id, *rating, NowSeconds());
  if (!card) return http::ErrorReply(card.error());
  const std::string path = back.substr(0, back.find_first_of("?#"));
  std::string anchor = FormText(form, "anchor");
  if (anchor.empty() || anchor.size() > 40 ||
      anchor.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    anchor = "rate";
  return http::Redirect(303, path + "?rated=" + std::string(practice::fsrs::RatingName(*rating)) + "#" + anchor);
}

http::Response ReviewPages::Settings(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/review")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto percent = WholeNumber(FormText(form, "desired_retention"), 70, 97);
  auto limit = WholeNumber(FormText(form, "daily_new_limit"), 0, practice::kMaxDailyNewLimit);
  if (!percent) return QueuePage(req, user, "", "Desired retention must be a whole percentage from 70 to 97.", 400);
  if (!limit)
    return QueuePage(
        req, user, "",
        "New questions per day must be a whole number from 0 to " + std::to_string(practice::kMaxDailyNewLimit) + ".",
        400);
  auto saved = practice::SaveReviewSettings(store_, user.user.id, store::ReviewSettings{*percent / 100.0, *limit});
  if (!saved) return http::ErrorReply(saved.error());
  return http::Redirect(303, "/review?saved=1#settings");
}

}  // namespace starprep::web
