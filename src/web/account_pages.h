// SPDX-License-Identifier: Apache-2.0
#pragma once
// Account pages: sign-up, sign-in, sign-out, the account page (target roles, password, sessions, API tokens),
// the data export and account deletion. Forms post with the CSRF field, then redirect (303). A
// new API token goes from its POST to the account page in a flash cookie (http/csrf.h: sealed,
// bound to the session, cleared by the page that shows it), never in a URL or a log, so the page
// shows it once and a reload does not. Every page here is rendered per request and sent with
// no-store. A guest's mock interview report offers "sign up to keep this" (POST /mock/guest/keep
// with its state token, practice/mocks.h): the sign-up or sign-in form then carries the token, and
// the new session's account keeps the mock (Mocks::KeepGuest) before going to its report.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/router.h"
#include "practice/corrections.h"
#include "practice/journal.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

class AccountPages {
 public:
  AccountPages(store::Store& store, const SessionGate& gate, practice::Journal& journal,
               practice::Corrections& corrections, practice::Mocks& mocks, std::function<std::int64_t()> now)
      : store_(store),
        gate_(gate),
        accounts_(gate.accounts()),
        journal_(journal),
        corrections_(corrections),
        mocks_(mocks),
        now_(std::move(now)) {}

  void Register(http::Router& router);

 private:
  http::Response SignUpForm(http::Request& req);
  http::Response SignUp(http::Request& req);
  http::Response SignInForm(http::Request& req);
  http::Response SignIn(http::Request& req);
  http::Response SignOut(http::Request& req);
  http::Response Account(http::Request& req);
  http::Response ChangePassword(http::Request& req);
  http::Response SignOutEverywhere(http::Request& req);
  http::Response CreateToken(http::Request& req);
  http::Response ConfirmRevokeToken(http::Request& req);
  http::Response RevokeToken(http::Request& req);
  http::Response SaveTargetRoles(http::Request& req);
  http::Response Export(http::Request& req);
  http::Response DeleteForm(http::Request& req);
  http::Response Delete(http::Request& req);
  http::Response Deleted(http::Request& req);
  // POST /mock/guest/keep (`state`, `as`=signin for the sign-in form): a signed-in browser keeps
  // the guest's mock at once (303 to its report); otherwise the sign-up (or sign-in) form that
  // carries the state as `keep_mock`.
  http::Response KeepGuestMock(http::Request& req);
  // After signing up or in: keeps the guest's mock named by the form's `keep_mock`, if any, and
  // returns where to go (its report), else `next`. A token that no longer opens is dropped with
  // a log line: the account is made either way.
  std::string KeepAfterSignIn(const Form& form, std::int64_t user_id, const std::string& next);

  // The sign-in or sign-up form with `email`/`name` kept, an error or notice, and `next`.
  http::Response CredentialsForm(const http::Request& req, bool signup, const std::string& email,
                                 const std::string& name, const std::string& next, const FormFailure* failure,
                                 const std::string& notice, const std::string& keep_mock = "");
  // Signs the browser in with `session` and redirects (303) to `next`.
  http::Response StartSession(const auth::NewSession& session, const std::string& next);

  // What the account page shows besides the account itself.
  struct AccountView {
    std::string notice;          // after a redirect: what just happened
    std::string password_error;  // the change-password form's error
    std::string token_error;     // the create-token form's error
    std::string new_token;       // a token just created: shown this once
    std::string new_token_name;
    std::string new_token_scope;                            // "read" or "write"
    std::string target_notice;                              // after saving them
    std::string target_error;                               // the target-roles form's error
    std::optional<std::vector<std::string>> target_chosen;  // the ticks to show back with that error
  };
  http::Response AccountPage(const http::Request& req, const auth::Principal& user, const AccountView& view,
                             int status = 200);

  store::Store& store_;
  const SessionGate& gate_;
  auth::Accounts& accounts_;
  practice::Journal& journal_;
  practice::Corrections& corrections_;
  practice::Mocks& mocks_;
  std::function<std::int64_t()> now_;
};

}  // namespace starprep::web
