// SPDX-License-Identifier: Apache-2.0
#pragma once
// The mock interview's pages (practice/mocks.h does the work): /mock, the set-up form (linked from
// the home page and every role page; `?role=` and `?questions=ID,...` preset it, the review queue
// links "practise due questions" there); POST /mock starts one; /mock/{id} is the run page while
// the mock runs (one question at a time, a plain form that works without JavaScript; app.js adds
// the countdown, autosave and the move on at the time-out) and its report once it is finished
// (print CSS: one question per page). Members only: a guest is sent to sign in (guests' unstored
// mocks are not built yet). Another user's mock is a 404. Times come from the server's clock.

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

  // The set-up page with `settings` in the form and `error` above it ("" for none).
  http::Response SetupPage(const http::Request& req, const std::optional<auth::Principal>& user,
                           const practice::MockSettings& settings, const std::string& error, int status);
  http::Response RunPage(const http::Request& req, const practice::MockSession& mock, const std::string& notice);
  http::Response ReportPage(const http::Request& req, const auth::Principal& user, const practice::MockSession& mock);

  store::Store& store_;
  const SessionGate& gate_;
  practice::Mocks& mocks_;
  std::function<std::int64_t()> now_;
};

}  // namespace starprep::web
