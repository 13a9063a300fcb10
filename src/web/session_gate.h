// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every page that knows its visitor shares, written once: who is signed in (the session
// cookie only: pages never accept API tokens), the redirect to the sign-in page, the form-CSRF
// check, and serving a page rendered for one browser (never cached, `no-store`).
// Thread-safe (it holds references only).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "auth/accounts.h"
#include "core/ids.h"
#include "core/result.h"
#include "http/csrf.h"
#include "http/message.h"
#include "web/render.h"

namespace starprep::web {

using Form = std::map<std::string, std::string>;

class SessionGate {
 public:
  SessionGate(auth::Accounts& accounts, const http::Csrf& csrf) : accounts_(accounts), csrf_(csrf) {}

  // The signed-in user of a browser request; nullopt for anonymous visitors and ended sessions.
  Result<std::optional<auth::Principal>> CurrentUser(const http::Request& req) const;
  // kSignedIn or kAnonymous for the request (kAnonymous if the store cannot tell).
  Nav NavFor(const http::Request& req) const;

  // Fills `user` and returns nullopt when the request is signed in. Otherwise the response to send:
  // 303 to /signin?next=<the request's path and query> (for a POST, `next` replaces it), or an
  // error page if the store failed.
  std::optional<http::Response> RequireUser(const http::Request& req, auth::Principal& user,
                                            std::string_view next = {}) const;

  // Parses the urlencoded body into `form` and checks its "csrf" field against the request's
  // visitor and session cookies. nullopt when both are fine; otherwise a 400 or 403 reply.
  std::optional<http::Response> ReadForm(const http::Request& req, Form& form) const;

  // Serves `html` (template slots filled with this browser's CSRF token) with Cache-Control:
  // no-store, setting the visitor cookie when the page has a slot and the cookie is missing.
  http::Response Serve(const http::Request& req, const std::string& html, int status = 200) const;

  // "/signin?next=..." for a local `next` path (anything else is dropped).
  static std::string SignInPath(std::string_view next);

  auth::Accounts& accounts() const { return accounts_; }
  const http::Csrf& csrf() const { return csrf_; }

 private:
  auth::Accounts& accounts_;
  const http::Csrf& csrf_;
};

// A form field's value ("" if absent), with CR removed: browsers send a textarea's line breaks
// as CRLF, and the candidate typed LF.
std::string FormText(const Form& form, const std::string& name);

// How a failed form submission is shown on the re-rendered form: the status, a message for the
// person (internal details never shown) and the seconds to wait (0: none; sent as Retry-After).
struct FormFailure {
  int status = 400;
  std::string message;
  int retry_after = 0;
};
FormFailure DescribeFailure(const Error& error);
// Sets Retry-After on `resp` when `failure` asks to wait.
void AddRetryAfter(http::Response& resp, const FormFailure& failure);

// The `page` query parameter (1 when absent); nullopt when it is not a number from 1 to 10000.
std::optional<int> ParsePageNumber(const http::Request& req);

}  // namespace starprep::web
