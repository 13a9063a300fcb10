// SPDX-License-Identifier: Apache-2.0
#include "http/router.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <random>

#include "core/html.h"
#include "core/log.h"
#include "core/strings.h"

namespace starprep::http {
namespace {

constexpr std::string_view kErrorCodeHeader = "X-Starprep-Error-Code";
constexpr std::string_view kErrorMessageHeader = "X-Starprep-Error-Message";

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace

Response NoSuchPage(const Request& req) {
  return ErrorReply(404, codes::kNotFound, "There is no page at " + req.path + ".");
}

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kRateLimited:
      return 429;
  }
  return 500;
}

Response ErrorReply(int status, std::string code, std::string message) {
  Response r;
  r.status = status;
  // Carried to Dispatch() in private headers, which it removes after rendering.
  r.SetHeader(std::string(kErrorCodeHeader), std::move(code));
  r.SetHeader(std::string(kErrorMessageHeader), std::move(message));
  return r;
}

Response ErrorReply(const Error& error) {
  int status = StatusFor(error.code);
  if (status == 503 && !error.client_message.empty()) {  // e.g. the disk is full: logged and explained
    log::Error("unavailable", {{"message", error.message}});
    Response r = ErrorReply(503, codes::kUnavailable, error.client_message);
    r.SetHeader("Retry-After", std::to_string(std::max(1, error.retry_after)));
    return r;
  }
  if (error.code == ErrorCode::kRateLimited || (status == 503 && error.retry_after > 0)) {
    Response r = status == 503 ? ErrorReply(503, codes::kUnavailable, "The service is busy; please retry shortly.")
                               : ErrorReply(429, codes::kRateLimited, error.message);
    r.SetHeader("Retry-After", std::to_string(std::max(1, error.retry_after)));
    return r;
  }
  if (status >= 500) {
    log::Error("internal_error", {{"message", error.message}});
    return ErrorReply(status, status == 503 ? codes::kUnavailable : codes::kInternal,
                      status == 503 ? "The service is briefly unavailable; please retry."
                                    : "Something went wrong on our side; it has been logged.");
  }
  std::string code = error.code == ErrorCode::kNotFound           ? codes::kNotFound
                     : error.code == ErrorCode::kConflict         ? codes::kConflict
                     : error.code == ErrorCode::kTooLarge         ? codes::kTooLarge
                     : error.code == ErrorCode::kUnauthenticated  ? codes::kUnauthenticated
                     : error.code == ErrorCode::kPermissionDenied ? codes::kForbidden
                                                                  : codes::kInvalidArgument;
  return ErrorReply(status, std::move(code), error.message);
}

namespace {

// 16 hex digits, unique enough to find one request's log line.
std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// The one place where an unexpected exception becomes a response: logged with what we know of
// the request, answered with a generic message and an id the user can quote.
Response InternalError(const Request& req, std::string_view route, std::string_view what) {
  std::string id = NewRequestId();
  log::Error("unhandled_exception", {{"request_id", id},
                                     {"method", MethodName(req.method)},
                                     {"target", req.target},
                                     {"route", route},
                                     {"what", what}});
  Response r =
      ErrorReply(500, codes::kInternal, "Something went wrong on our side; it has been logged as request " + id + ".");
  r.SetHeader("X-Request-Id", id);
  return r;
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler, Runs runs) {
  Route r{method, std::move(pattern), {}, std::move(handler), runs};
  for (auto part : SplitPath(r.pattern)) r.segments.emplace_back(part);
  routes_.push_back(std::move(r));
}

bool Router::Match(const Route& r, const std::vector<std::string_view>& parts, Request& req) {
  if (r.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') continue;
    if (seg != parts[i]) return false;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (seg.size() > 2 && seg.front() == '{') req.params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
  }
  return true;
}

Response Router::Dispatch(Request& req, std::string& route) const {
  route = "-";
  auto parts = SplitPath(req.path);
  Method want = req.method == Method::kHead ? Method::kGet : req.method;
  Response resp;
  bool path_matched = false;
  std::string allowed;
  const Route* found = nullptr;
  for (const auto& r : routes_) {
    if (!Match(r, parts, req)) continue;
    path_matched = true;
    if (r.method == want) {
      found = &r;
      break;
    }
    auto add = [&allowed](std::string_view m) {
      if (allowed.find(m) != std::string::npos) return;
      if (!allowed.empty()) allowed += ", ";
      allowed += m;
    };
    add(MethodName(r.method));
    if (r.method == Method::kGet) add("HEAD");
  }
  try {
    std::optional<Response> gated = gate_ ? gate_(req) : std::nullopt;
    if (gated) {
      resp = std::move(*gated);
    } else if (found) {
      route = found->pattern;
      if (found->runs == Runs::kBlocking) return Offloaded(*found, req);
      resp = Run(*found, req);
    } else if (path_matched) {
      resp = ErrorReply(405, codes::kMethodNotAllowed,
                        std::string(MethodName(req.method)) + " is not allowed here; use " + allowed + ".");
      resp.SetHeader("Allow", allowed);
    } else {
      resp = NoSuchPage(req);
    }
  } catch (const std::exception& e) {
    resp = InternalError(req, route, e.what());
  } catch (...) {
    resp = InternalError(req, route, "unknown exception");
  }
  Finish(req, resp);
  return resp;
}

Response Router::Run(const Route& route, Request& req) {
  try {
    return route.handler(req);
  } catch (const std::exception& e) {
    return InternalError(req, route.pattern, e.what());
  } catch (...) {
    return InternalError(req, route.pattern, "unknown exception");
  }
}

void Router::Finish(const Request& req, Response& resp) const {
  try {
    RenderError(req, resp);
  } catch (const std::exception& e) {  // the HTML error renderer failed: fall back to plain text
    log::Error("error_page_failed", {{"what", e.what()}});
    resp = TextResponse(resp.status, "Error " + std::to_string(resp.status) + ".");
  }
  // Every 503 tells clients when to come back.
  if (resp.status == 503 && resp.GetHeader("Retry-After").empty()) resp.SetHeader("Retry-After", "5");
  AddSecurityHeaders(resp);
  if (req.method == Method::kHead) {
    resp.SetHeader("Content-Length", std::to_string(resp.BodySize()));
    resp.body.clear();
    resp.body_files.clear();
  }
}

Response Router::Offloaded(const Route& route, Request& req) const {
  auto work = std::make_shared<Response::Offload>();
  auto owned = std::make_shared<Request>(req);
  work->run = [this, &route, owned] {
    Response r = Run(route, *owned);
    Finish(*owned, r);
    return r;
  };
  work->busy = [this, owned] {
    Response r =
        ErrorReply(503, codes::kBusy, "Too many people are signing in or up right now; please retry in a few seconds.");
    r.SetHeader("Retry-After", "2");
    Finish(*owned, r);
    return r;
  };
  Response resp;
  resp.offload = std::move(work);
  return resp;
}

void Router::RenderError(const Request& req, Response& resp) const {
  bool is_error = false;
  for (const auto& h : resp.headers) is_error |= h.first == kErrorCodeHeader || h.first == kErrorMessageHeader;
  if (!is_error) return;
  std::string code(resp.GetHeader(kErrorCodeHeader));
  // Messages may echo the request (a path); keep the body valid UTF-8 (and so valid JSON).
  std::string message = html::ToValidUtf8(resp.GetHeader(kErrorMessageHeader));
  std::erase_if(resp.headers,
                [](const auto& h) { return h.first == kErrorCodeHeader || h.first == kErrorMessageHeader; });
  if (code.empty()) code = "error";
  resp.SetHeader("Cache-Control", "no-store");
  if (req.WantsJson()) {
    boost::json::object err{{"code", code}, {"message", message}};
    resp.SetBody(boost::json::serialize(boost::json::object{{"error", err}}), "application/json");
  } else if (html_error_) {
    resp.SetBody(html_error_(req, resp.status, message), "text/html; charset=utf-8");
  } else {
    resp.SetBody("<!doctype html><title>" + std::to_string(resp.status) + " " + std::string(ReasonPhrase(resp.status)) +
                     "</title><p>" + html::Escape(message) + "</p>",
                 "text/html; charset=utf-8");
  }
}

void AddSecurityHeaders(Response& resp) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kHeaders{{
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "strict-origin-when-cross-origin"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  }};
  // Ours replace whatever a handler set under these names: one pass, then append.
  std::erase_if(resp.headers, [](const auto& h) {
    return std::any_of(kHeaders.begin(), kHeaders.end(),
                       [&h](const auto& k) { return AsciiIEquals(h.first, k.first); });
  });
  for (const auto& [name, value] : kHeaders) resp.headers.emplace_back(name, value);
}

}  // namespace starprep::http
