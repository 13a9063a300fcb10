// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every page that knows its visitor shares, written once: who is signed in (the session
// cookie only: pages never accept API tokens), the redirect to the sign-in page, the form-CSRF
// check, serving a page rendered for one browser (never cached, `no-store`), and the headers of a
// public page that is the same for every anonymous visitor (cacheable by a CDN).
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
  // `shared_cache_seconds`: how long a shared cache (a CDN) may serve an anonymous public page
  // without asking again (MarkShared); 0: it must revalidate every time.
  SessionGate(auth::Accounts& accounts, const http::Csrf& csrf, int shared_cache_seconds = kSharedCacheSeconds)
      : accounts_(accounts), csrf_(csrf), shared_cache_seconds_(shared_cache_seconds) {}
  static constexpr int kSharedCacheSeconds = 30;

  // The signed-in user of a browser request; nullopt for anonymous visitors and ended sessions.
  Result<std::optional<auth::Principal>> CurrentUser(const http::Request& req) const;
  // kSignedIn or kAnonymous for the request (kAnonymous if the store cannot tell).
  Nav NavFor(const http::Request& req) const;

  // Fills `user` and returns nullopt when the request is signed in. Otherwise the response to send:
  // 303 to /signin?next=<the request's path and query> (for a POST, `next` replaces it), or an
  // error page if the store failed.
  std::optional<http::Response> RequireUser(const http::Request& req, auth::Principal& user,
                                            std::string_view next = {}) const;

  // Whether a form post is genuine: its `token` verifies for the request's visitor and session
  // cookies, or the browser is not signed in and says the post comes from this site
  // (http::Csrf::SameOrigin). Anonymous public pages carry no token (they are the same bytes for
  // everyone), so their no-JS forms rely on the second rule; a signed-in browser always needs its
  // token, as before.
  bool FormGenuine(const http::Request& req, std::string_view token) const;

  // Parses the urlencoded body into `form` and checks it with FormGenuine (its "csrf" field).
  // nullopt when both are fine; otherwise a 400 or 403 reply.
  std::optional<http::Response> ReadForm(const http::Request& req, Form& form) const;

  // Serves `html` (template slots filled with this browser's CSRF token) with Cache-Control:
  // no-store, setting the visitor cookie when the page has a slot and the cookie is missing.
  http::Response Serve(const http::Request& req, const std::string& html, int status = 200) const;

  // Makes `resp` (a page that is the same bytes for every anonymous visitor: no token, no cookie
  // set) cacheable by shared caches: `Cache-Control: public, max-age=0, s-maxage=N,
  // stale-while-revalidate=N` (browsers revalidate with the ETag every time; a CDN may serve it for
  // N seconds and N more while it refetches) and `Vary: Accept-Encoding`. Signed-in pages are
  // `no-store`; a CDN must pass requests that carry the session cookie (docs/operations.md).
  void MarkShared(http::Response& resp) const;

  // "/signin?next=..." for a local `next` path (anything else is dropped).
  static std::string SignInPath(std::string_view next);

  auth::Accounts& accounts() const { return accounts_; }
  const http::Csrf& csrf() const { return csrf_; }

 private:
  auth::Accounts& accounts_;
  const http::Csrf& csrf_;
  int shared_cache_seconds_;
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
