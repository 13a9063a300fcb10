// SPDX-License-Identifier: Apache-2.0
#include "web/session_gate.h"

#include <algorithm>
#include <charconv>

#include "http/page_cache.h"
#include "http/router.h"
#include "web/feedback_form.h"

namespace starprep::web {

Result<std::optional<auth::Principal>> SessionGate::CurrentUser(const http::Request& req) const {
  const std::string session = csrf_.SessionOf(req);
  if (session.empty()) return std::optional<auth::Principal>();
  return accounts_.Identify("", session);
}

Nav SessionGate::NavFor(const http::Request& req) const {
  auto who = CurrentUser(req);
  return who.ok() && who->has_value() ? Nav::kSignedIn : Nav::kAnonymous;
}

std::optional<http::Response> SessionGate::RequireUser(const http::Request& req, auth::Principal& user,
                                                       std::string_view next) const {
  auto who = CurrentUser(req);
  if (!who) return http::ErrorReply(who.error());
  if (!*who) {
    std::string here = next.empty() ? req.path + (req.query.empty() ? "" : "?" + req.query) : std::string(next);
    http::Response r = http::Redirect(303, SignInPath(here));
    r.SetHeader("Cache-Control", "no-store");
    return r;
  }
  user = std::move(**who);
  return std::nullopt;
}

bool SessionGate::FormGenuine(const http::Request& req, std::string_view token) const {
  if (!token.empty() && csrf_.VerifyRequest(req, token)) return true;
  return http::Csrf::SameOrigin(req) && NavFor(req) != Nav::kSignedIn;
}

std::optional<http::Response> SessionGate::ReadForm(const http::Request& req, Form& form) const {
  auto parsed = http::ParseForm(req.body);
  if (!parsed) return http::ErrorReply(400, http::codes::kBadForm, "The form data is malformed.");
  form = std::move(*parsed);
  auto token = form.find("csrf");
  if (!FormGenuine(req, token == form.end() ? std::string_view() : std::string_view(token->second)))
    return http::ErrorReply(403, http::codes::kCsrf,
                            "This form could not be checked: its security token is missing or out of date (for "
                            "example after you signed in or out in another tab). Go back, reload the page and send "
                            "it again.");
  return std::nullopt;
}

http::Response SessionGate::Serve(const http::Request& req, const std::string& html, int status) const {
  auto page = http::BuildPage(html, "text/html; charset=utf-8");
  http::Response cookies;
  // Only a page with a form needs the visitor cookie (its token is bound to it).
  const std::string visitor = page->parts.size() > 1 ? csrf_.EnsureVisitor(req, cookies) : std::string();
  http::Response served =
      http::ServePage(*page, req, visitor.empty() ? "" : csrf_.TokenFor(visitor, csrf_.SessionOf(req)));
  for (auto& h : cookies.headers) served.AddHeader(h.first, h.second);
  served.SetHeader("Cache-Control", "no-store");
  if (served.status == 200) served.status = status;
  return served;
}

void SessionGate::MarkShared(http::Response& resp) const {
  const std::string n = std::to_string(shared_cache_seconds_);
  resp.SetHeader("Cache-Control", "public, max-age=0, s-maxage=" + n + ", stale-while-revalidate=" + n);
  resp.SetHeader("Vary", "Accept-Encoding");
}

std::string SessionGate::SignInPath(std::string_view next) {
  const std::string local = SafeReturnPath(std::string(next), "");
  return local.empty() ? std::string("/signin") : "/signin?next=" + QueryEscape(local);
}

std::string FormText(const Form& form, const std::string& name) {
  auto it = form.find(name);
  if (it == form.end()) return {};
  std::string value = it->second;
  std::erase(value, '\r');
  return value;
}

FormFailure DescribeFailure(const Error& error) {
  FormFailure f{http::StatusFor(error.code), error.message, 0};
  // Wrong credentials on a form are a 400: 401 would promise an HTTP authentication scheme.
  if (error.code == ErrorCode::kUnauthenticated) f.status = 400;
  if (error.code == ErrorCode::kRateLimited) {
    f.retry_after = std::max(1, error.retry_after);
  } else if (f.status == 503) {
    f.retry_after = std::max(1, error.retry_after);
    f.message = "The service is busy right now. Please try again in " + std::to_string(f.retry_after) +
                (f.retry_after == 1 ? " second." : " seconds.");
  } else if (f.status >= 500) {
    (void)http::ErrorReply(error);  // logs the details
    f.message = "Something went wrong on our side; it has been logged. Please try again.";
  }
  return f;
}

void AddRetryAfter(http::Response& resp, const FormFailure& failure) {
  if (failure.retry_after > 0) resp.SetHeader("Retry-After", std::to_string(failure.retry_after));
}

std::optional<int> ParsePageNumber(const http::Request& req) {
  auto p = req.Query("page");
  if (!p || p->empty()) return 1;
  int page = 0;
  auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), page);
  if (ec != std::errc() || end != p->data() + p->size() || page < 1 || page > 10000) return std::nullopt;
  return page;
}

}  // namespace starprep::web
