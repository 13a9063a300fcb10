// SPDX-License-Identifier: Apache-2.0
#pragma once
// Saved practice attempts: saving from the question page's practice panel, the list of a
// question's attempts, one attempt with the coach's feedback and the change since the previous
// attempt, and deletion. All for the signed-in user only (another user's attempt is a 404).

#include "core/rate_limit.h"
#include "http/router.h"
#include "practice/journal.h"
#include "store/store.h"
#include "web/pages.h"
#include "web/session_gate.h"

namespace starprep::web {

class AttemptPages {
 public:
  AttemptPages(store::Store& store, const SessionGate& gate, practice::Journal& journal, practice::Coaching& coaching,
               Pages& pages, RateLimiter& coach_limiter)
      : store_(store),
        gate_(gate),
        journal_(journal),
        coaching_(coaching),
        pages_(pages),
        coach_limiter_(coach_limiter) {}

  void Register(http::Router& router);

 private:
  // POST /questions/{id}/attempts (the panel's "Save attempt"): saves and redirects to the
  // attempt; anonymous visitors get the question page back with the feedback, their answer and
  // links to sign in; a bad answer comes back with the message and the answer kept.
  http::Response Save(http::Request& req);
  http::Response List(http::Request& req);
  http::Response Show(http::Request& req);
  http::Response ConfirmDelete(http::Request& req);
  http::Response Delete(http::Request& req);

  // The attempt `raw_id` of `user`, or the 404/error reply to send.
  Result<practice::Attempt> Find(const auth::Principal& user, const std::string& raw_id);
  // The text of a question (live or not): its wording, or its id if it is retired.
  std::string QuestionText(const std::string& id);

  store::Store& store_;
  const SessionGate& gate_;
  practice::Journal& journal_;
  practice::Coaching& coaching_;
  Pages& pages_;
  RateLimiter& coach_limiter_;
};

}  // namespace starprep::web
