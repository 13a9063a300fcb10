// SPDX-License-Identifier: Apache-2.0
#pragma once
// The review queue in HTML (issue 13; the rules are practice/reviews.h):
//   GET  /review           today's due questions (oldest overdue first), the new questions within
//                          the daily limit, "Practise due questions" (a mock interview of them:
//                          /mock?questions=ID,...), an empty state that says what to do, and
//                          the settings form
//   POST /review/rate      {csrf, question_id, rating 1..4, back, anchor}: the rating form of an
//                          attempt's page and of each question of a mock's report; 303 back to
//                          `back` (a local path) with ?rated=, at #`anchor` (letters, digits
//                          and '-'; "rate" when absent)
//   POST /review/settings  {csrf, desired_retention (percent, 70..97), daily_new_limit 0..100}
// Signed-in members only (others go to the sign-in page); pages are never cached.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "http/router.h"
#include "practice/fsrs.h"
#include "practice/reviews.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

// At most this many questions go into the "Practise due questions" mock (its maximum).
inline constexpr std::size_t kMaxMockQuestions = 10;

// The member's questions due today (practice::LoadQueue's size) for the header's count; -1 when
// the store cannot tell (the header then shows no count).
int ReviewDueCount(store::Store& store, std::int64_t user_id);

// "Practise due questions": the ids of today's queue (due first, then new) whose questions are
// still published, at most kMaxMockQuestions: a mock interview of them (/mock?questions=...).
std::vector<std::string> DueMockQuestionIds(const practice::DueQueue& queue,
                                            const std::map<std::string, practice::QuestionLabel>& labels);

// The rating form's four choices (Again, Hard, Good, Easy: value 1..4, a label, `checked` on
// `chosen`, which practice::fsrs::RatingForScore pre-selects from the coach's score). The attempt
// page and the mock report share it.
mus::data RatingChoices(practice::fsrs::Rating chosen);

class ReviewPages {
 public:
  ReviewPages(store::Store& store, const SessionGate& gate) : store_(store), gate_(gate) {}

  void Register(http::Router& router);

 private:
  http::Response Queue(http::Request& req);
  http::Response Rate(http::Request& req);
  http::Response Settings(http::Request& req);
  // The /review page with `notice` (a status line, "" for none) or `error` (an alert, status 400).
  http::Response QueuePage(const http::Request& req, const auth::Principal& user, const std::string& notice,
                           const std::string& error, int status);

  store::Store& store_;
  const SessionGate& gate_;
};

}  // namespace starprep::web
