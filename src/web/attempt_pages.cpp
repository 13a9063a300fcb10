// SPDX-License-Identifier: Apache-2.0
#include "web/attempt_pages.h"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "core/dates.h"
#include "core/html.h"
#include "http/page_cache.h"
#include "http/too_many_requests.h"
#include "practice/fsrs.h"
#include "practice/reviews.h"
#include "web/progress_stats.h"
#include "web/review_pages.h"

namespace starprep::web {
namespace {

constexpr int kAttemptsPerPage = 20;
constexpr int kScanPage = 200;  // attempts read per query when looking for the previous one

std::string Duration(int seconds) {
  if (seconds <= 0) return "not timed";
  if (seconds < 60) return std::to_string(seconds) + " s";
  return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
}

// The form's "seconds" (empty: 0), or nullopt when it is not a whole number in range.
std::optional<int> ParseSeconds(const std::string& text) {
  if (text.empty()) return 0;
  int v = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > practice::kMaxAttemptSeconds)
    return std::nullopt;
  return v;
}

store::AttemptRecord Scores(const practice::Attempt& a) {
  store::AttemptRecord r;
  r.id = a.id;
  r.score = a.score;
  r.parts = a.parts;
  return r;
}

}  // namespace

void AttemptPages::Register(http::Router& router) {
  router.Post("/questions/{id}/attempts", [this](http::Request& r) { return Save(r); });
  router.Get("/questions/{id}/attempts", [this](http::Request& r) { return List(r); });
  router.Get("/attempts/{id}", [this](http::Request& r) { return Show(r); });
  router.Get("/attempts/{id}/delete", [this](http::Request& r) { return ConfirmDelete(r); });
  router.Post("/attempts/{id}/delete", [this](http::Request& r) { return Delete(r); });
}

std::string AttemptPages::QuestionText(const std::string& id) {
  auto q = store_.GetQuestion(id);
  return q.ok() && q->has_value() ? (*q)->question : "Question " + id + " (no longer published)";
}

http::Response AttemptPages::Save(http::Request& req) {
  const std::string id = req.params["id"];
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::string answer = FormText(form, "answer");
  auto who = gate_.CurrentUser(req);
  if (!who) return http::ErrorReply(who.error());
  if (!*who) {
    // Nothing is lost: the page comes back with the feedback and the answer still in the form.
    if (const int wait = coach_limiter_.Acquire(req.remote_addr))
      return http::TooManyRequests(wait, "Too many answers checked from your address in a short time; wait " +
                                             std::to_string(wait) + " s and try again.");
    int status = 200;
    auto panel = pages_.PanelFeedback(answer, id, /*correctable=*/false, status);
    if (!panel) return http::ErrorReply(panel.error());
    const std::string back = QueryEscape("/questions/" + id);
    const std::string notice =
        "<p class=\"notice\" role=\"status\">To save attempts, <a href=\"/signin?next=" + back +
        "\">sign in</a> or <a href=\"/signup?next=" + back +
        "\">create a free account</a>. Your answer is still in the box below. With JavaScript on, this browser "
        "keeps it (nothing is sent until you save it) and offers to save it once you are signed in; without it, "
        "copy it first or open the link in a new tab, then press \"Save attempt\" again.</p>";
    return pages_.PracticePage(req, id, answer, notice + *panel, status);
  }
  auto seconds = ParseSeconds(FormText(form, "seconds"));
  if (!seconds)
    return pages_.PracticePage(req, id, answer,
                               AlertHtml("The time spent must be a whole number of seconds from 0 to " +
                                         std::to_string(practice::kMaxAttemptSeconds) + "."),
                               400);
  if (const int wait = coach_limiter_.Acquire(req.remote_addr))
    return http::TooManyRequests(wait, "Too many answers checked from your address in a short time; wait " +
                                           std::to_string(wait) + " s and try again.");
  auto attempt = journal_.SaveAttempt((*who)->user.id, id, answer, *seconds, dates::NowUtc());
  if (!attempt) {
    const Error& e = attempt.error();
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge)
      return pages_.PracticePage(req, id, answer, AlertHtml(e.message), http::StatusFor(e.code));
    return http::ErrorReply(e);
  }
  return http::Redirect(303, "/attempts/" + std::to_string(attempt->id));
}

http::Response AttemptPages::List(http::Request& req) {
  const std::string id = req.params["id"];
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto page = ParsePageNumber(req);
  if (!page)
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Query parameter \"page\" must be a number from 1 to 10000.");
  auto question = store_.GetQuestion(id);
  if (!question) return http::ErrorReply(question.error());
  auto list = journal_.ListAttempts(user.user.id, id, kAttemptsPerPage, (*page - 1) * kAttemptsPerPage);
  if (!list) return http::ErrorReply(list.error());
  if (!question->has_value() && list->total == 0)
    return http::ErrorReply(404, http::codes::kNotFound, "There is no question \"" + id + "\".");
  mus::data d;
  d.set("question_id", id);
  d.set("question", question->has_value() ? (*question)->question : QuestionText(id));
  d.set("live", Flag(question->has_value()));
  mus::data items{mus::data::type::list};
  for (const auto& a : list->items) {
    mus::data item;
    item.set("id", std::to_string(a.id));
    item.set("score", std::to_string(a.score));
    item.set("when", HumanTime(a.created_at));
    item.set("created_at", a.created_at);
    item.set("duration", Duration(a.seconds));
    item.set("words", std::to_string(a.words));
    items.push_back(item);
  }
  d.set("attempts", items);
  d.set("has_attempts", Flag(!list->items.empty()));
  d.set("total", std::to_string(list->total));
  const int pages = std::max(1, (list->total + kAttemptsPerPage - 1) / kAttemptsPerPage);
  if (pages > 1) {
    d.set("paged", true);
    d.set("page", std::to_string(*page));
    d.set("pages", std::to_string(pages));
    if (*page > 1) d.set("prev", "/questions/" + id + "/attempts?page=" + std::to_string(*page - 1));
    if (*page < pages) d.set("next", "/questions/" + id + "/attempts?page=" + std::to_string(*page + 1));
  }
  return gate_.Serve(req,
                     Layout({"Your attempts: " + QuestionText(id), "Your saved answers to one question, newest first.",
                             Render("attempts", d), "", "", Nav::kSignedIn}));
}

Result<practice::Attempt> AttemptPages::Find(const auth::Principal& user, const std::string& raw_id) {
  auto id = ParsePositiveId(raw_id);
  if (!id) return Error{ErrorCode::kNotFound, "There is no attempt \"" + raw_id + "\"."};
  auto attempt = journal_.GetAttempt(user.user.id, *id);
  if (!attempt) return attempt.error();
  if (!*attempt) return Error{ErrorCode::kNotFound, "There is no attempt " + raw_id + " among yours."};
  return std::move(**attempt);
}

http::Response AttemptPages::Show(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto attempt = Find(user, req.params["id"]);
  if (!attempt) return http::ErrorReply(attempt.error());
  const practice::Attempt& a = *attempt;

  // The previous attempt at the same question: the one listed after this one (newest first).
  std::optional<store::AttemptRecord> previous;
  bool seen = false;
  for (int offset = 0;; offset += kScanPage) {
    auto list = journal_.ListAttempts(user.user.id, a.question_id, kScanPage, offset);
    if (!list) return http::ErrorReply(list.error());
    for (const auto& item : list->items) {
      if (seen) {
        previous = item;
        break;
      }
      seen = item.id == a.id;
    }
    if (previous || list->items.size() < static_cast<std::size_t>(kScanPage)) break;
  }

  mus::data d;
  d.set("id", std::to_string(a.id));
  d.set("question_id", a.question_id);
  d.set("question", QuestionText(a.question_id));
  d.set("score", std::to_string(a.score));
  d.set("when", HumanTime(a.created_at));
  d.set("created_at", a.created_at);
  d.set("duration", Duration(a.seconds));
  d.set("words", std::to_string(a.words));
  d.set("answer", a.answer);
  mus::data parts{mus::data::type::list};
  static constexpr const char* kLetters[] = {"s", "t", "a", "r"};
  for (std::size_t i = 0; i < 4; ++i) {
    mus::data p;
    p.set("name", std::string(kStarPartNames[i]));
    p.set("letter", std::string(1, static_cast<char>(std::toupper(kLetters[i][0]))));
    p.set("letter_lc", std::string(kLetters[i]));
    p.set("strength", std::to_string(a.parts[i]));
    parts.push_back(p);
  }
  d.set("parts", parts);
  if (previous) {
    mus::data changes{mus::data::type::list};
    for (const auto& c : CompareAttempts(*previous, Scores(a))) {
      mus::data row;
      row.set("label", c.label);
      row.set("before", std::to_string(c.before));
      row.set("after", std::to_string(c.after));
      row.set("words", c.words);
      row.set("trend", c.delta > 0 ? "up" : c.delta < 0 ? "down" : "same");
      row.set("arrow", c.delta > 0 ? "\xE2\x96\xB2" : c.delta < 0 ? "\xE2\x96\xBC" : "=");
      changes.push_back(row);
    }
    d.set("changes", changes);
    d.set("previous_id", std::to_string(previous->id));
    d.set("previous_when", HumanTime(previous->created_at));
    d.set("previous_at", previous->created_at);
  }
  auto report = coaching_.Analyze(a.answer, a.question_id, "");
  if (!report && report.error().code == ErrorCode::kNotFound) report = coaching_.Analyze(a.answer, "", "");
  d.set("coach_html",
        report ? RenderCoachResult(a.answer, *report) : AlertHtml("The coach could not read this answer again."));
  // Rating: how well the member knew it schedules the question's review (practice/reviews.h).
  const practice::fsrs::Rating suggested = practice::fsrs::RatingForScore(a.score);
  d.set("suggested", std::string(practice::fsrs::RatingName(suggested)));
  d.set("ratings", RatingChoices(suggested));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  auto rated = practice::fsrs::RatingFromName(req.Query("rated").value_or(""));
  if (rated.ok()) {
    auto card = store_.GetCard(user.user.id, a.question_id);
    if (card.ok() && card->has_value() && (*card)->reps > 0) {
      d.set("rated", std::string(practice::fsrs::RatingName(*rated)));
      d.set("next_due", HumanDate((*card)->due.substr(0, 10)));
    }
  }
  PageMeta page{"Your attempt: " + QuestionText(a.question_id),
                "One of your saved practice answers.",
                Render("attempt", d),
                "",
                "",
                Nav::kSignedIn};
  page.review_due = ReviewDueCount(store_, user.user.id);
  return gate_.Serve(req, Layout(page));
}

http::Response AttemptPages::ConfirmDelete(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto attempt = Find(user, req.params["id"]);
  if (!attempt) return http::ErrorReply(attempt.error());
  return gate_.Serve(req, ConfirmDeletePage("Delete this attempt?", "Confirm the deletion of a saved attempt.",
                                            "your attempt of " + HumanTime(attempt->created_at) + " at \"" +
                                                QuestionText(attempt->question_id) + "\" (score " +
                                                std::to_string(attempt->score) + ")",
                                            "/attempts/" + std::to_string(attempt->id)));
}

http::Response AttemptPages::Delete(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/attempts/" + req.params["id"])) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto attempt = Find(user, req.params["id"]);
  if (!attempt) return http::ErrorReply(attempt.error());
  if (auto s = journal_.DeleteAttempt(user.user.id, attempt->id); !s) return http::ErrorReply(s.error());
  return http::Redirect(303, "/questions/" + attempt->question_id + "/attempts");
}

}  // namespace starprep::web
