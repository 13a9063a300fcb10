// SPDX-License-Identifier: Apache-2.0
#pragma once
// One router for pages, API and operations. Patterns are literal segments and "{name}"
// parameters ("/roles/{slug}"); the first matching route wins. Dispatch() is the one place
// where errors become responses (JSON or HTML as the client accepts) and where the security
// headers are added; it is also the exception boundary: whatever a handler (or the gate, or the
// error renderer) throws becomes a logged 500 carrying a request id, never a lost connection.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/error_codes.h"
#include "http/message.h"

namespace starprep::http {

using Handler = std::function<Response(Request&)>;

// A handler that calls the member function `fn` on `self` (which must outlive the router).
template <class T>
Handler Bind(T* self, Response (T::*fn)(Request&)) {
  return [self, fn](Request& r) { return (self->*fn)(r); };
}

// A response that Dispatch() turns into the error body the client accepts.
// `code` is one of http/error_codes.h; `message` is shown to the client: say what was wrong and,
// if useful, how to fix it.
Response ErrorReply(int status, std::string code, std::string message);
// Maps an Error to a status; kInternal/kUnavailable messages are logged, not shown (a
// kUnavailable error's client_message is shown, with Retry-After).
Response ErrorReply(const Error& error);
int StatusFor(ErrorCode code);
// The 404 for a path no route serves ("There is no page at <path>."): also what a handler answers
// when a page must not be known to exist for this visitor (the /editor pages for non-editors).
Response NoSuchPage(const Request& req);

// Renders an HTML error page body for the request that failed (the web layer provides one, with
// the header that request's visitor sees; a plain one is the default).
using HtmlErrorRenderer = std::function<std::string(const Request& req, int status, const std::string& message)>;

// How a route's handler runs. kBlocking: it may take long on the CPU (argon2id password
// hashing), so Dispatch() does not run it but returns it as Response::offload for the server's
// worker pool; the I/O thread stays free for everyone else.
enum class Runs { kInline, kBlocking };

class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler, Runs runs = Runs::kInline);
  void Get(std::string pattern, Handler h) { Add(Method::kGet, std::move(pattern), std::move(h)); }
  void Post(std::string pattern, Handler h, Runs runs = Runs::kInline) {
    Add(Method::kPost, std::move(pattern), std::move(h), runs);
  }
  void SetHtmlErrorRenderer(HtmlErrorRenderer r) { html_error_ = std::move(r); }
  // Runs before routing; a response it returns is sent instead of routing (e.g. 503 while starting).
  void SetGate(std::function<std::optional<Response>(const Request&)> gate) { gate_ = std::move(gate); }

  // Routes `req` (HEAD is served by GET routes, without a body), runs the handler, renders
  // errors, adds security headers. Sets `route` to the matched pattern ("-" if none). Never
  // throws. For a kBlocking route the returned response only carries `offload` (which copies
  // `req`); the Router must outlive it.
  Response Dispatch(Request& req, std::string& route) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    Runs runs = Runs::kInline;
  };
  static bool Match(const Route& r, const std::vector<std::string_view>& parts, Request& req);
  // Runs the handler, turning an exception into a logged 500 with a request id.
  static Response Run(const Route& route, Request& req);
  // Renders errors, adds security headers and drops the body of a HEAD response.
  void Finish(const Request& req, Response& resp) const;
  void RenderError(const Request& req, Response& resp) const;
  Response Offloaded(const Route& route, Request& req) const;

  std::vector<Route> routes_;
  HtmlErrorRenderer html_error_;
  std::function<std::optional<Response>(const Request&)> gate_;
};

// Headers every response carries (CSP without 'unsafe-inline', nosniff, referrer policy, ...).
void AddSecurityHeaders(Response& resp);

}  // namespace starprep::http
