// SPDX-License-Identifier: Apache-2.0
#pragma once
// The mock interview's pages (practice/mocks.h does the work): /mock, the set-up form (linked from
// the home page and every role page; `?role=` and `?questions=ID,...` preset it, the review queue
// links "practise due questions" there); POST /mock starts one; /mock/{id} is the run page while
// the mock runs (one question at a time, a plain form that works without JavaScript; app.js adds
// the countdown, autosave and the move on at the time-out) and its report once it is finished
// (print CSS: one question per page). Another user's mock is a 404. Times come from the server's
// clock.
//
// Guests run the same mock without an account and without anything stored (practice/mocks.h,
// "guests' mocks"): POST /mock answers with the first question's page itself, which carries the
// mock's sealed state token in its form; each step (POST /mock/guest/{draft,start,next,finish})
// sends the token and the text back and gets the next page (or the report) with a new token, so
// any instance behind the load balancer serves it. Without JavaScript that is the whole story (a
// reload asks to send the form again, which is harmless); with it, app.js keeps the token and the
// draft in the browser's localStorage and puts /mock/guest in the address bar, so a reload is a
// GET of /mock/guest whose script sends them back (POST /mock/guest/resume). The report offers
// "sign up to keep this" (POST /mock/guest/keep, web/account_pages.h). Every guest page is
// no-store and sets no cookie beyond the CSRF visitor cookie every form page sets: the shared
// cache of anonymous pages is untouched.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http/router.h"
#include "practice/mocks.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

class MockPages {
 public:
  MockPages(store::Store& store, const SessionGate& gate, practice::Mocks& mocks, std::function<std::int64_t()> now)
      : store_(store), gate_(gate), mocks_(mocks), now_(std::move(now)) {}

  void Register(http::Router& router);

 private:
  http::Response Setup(http::Request& req);
  http::Response Start(http::Request& req);
  http::Response Show(http::Request& req);
  // POST /mock/{id}/questions/{index}/{draft|start|next} and /mock/{id}/finish: each saves the
  // form's text first (so nothing typed is lost, whichever button was pressed), then acts, then
  // goes back to /mock/{id} (303).
  http::Response Turn(http::Request& req);
  http::Response Finish(http::Request& req);
  // POST /mock for a guest (the form already read).
  http::Response StartGuest(const http::Request& req, const Form& form);
  // POST /mock/guest/{action}: draft, start, next, finish and resume (a reload's draft).
  http::Response GuestTurn(http::Request& req, const std::string& action);
  // GET /mock/guest: where a reload of a guest's page lands (app.js sends the stored state back).
  http::Response GuestResume(http::Request& req);
  // The run page or, once finished, the report of a guest's mock, with its new state token.
  http::Response GuestPage(const http::Request& req, const practice::MockSession& mock, const std::string& notice);

  // The set-up page with `settings` in the form and `error` above it ("" for none).
  http::Response SetupPage(const http::Request& req, const std::optional<auth::Principal>& user,
                           const practice::MockSettings& settings, const std::string& error, int status);
  // `guest_state`: a guest's token (the page's forms carry it and post to /mock/guest/...);
  // nullptr for a member's stored mock.
  http::Response RunPage(const http::Request& req, const practice::MockSession& mock, const std::string& notice,
                         const std::string* guest_state = nullptr);
  http::Response ReportPage(const http::Request& req, const auth::Principal& user, const practice::MockSession& mock);
  // The report of `mock`: a member's (`user`, with a rating form per question, as on an
  // attempt's page: their ratings schedule the questions' review cards) or a guest's (`guest_state`,
  // with "sign up to keep this").
  http::Response ReportView(const http::Request& req, const practice::MockSession& mock,
                            const practice::MockReport& report, const auth::Principal* user,
                            const std::string* guest_state);

  store::Store& store_;
  const SessionGate& gate_;
  practice::Mocks& mocks_;
  std::function<std::int64_t()> now_;
};

}  // namespace starprep::web
