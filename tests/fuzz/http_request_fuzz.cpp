// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: raw bytes from a client, through what a connection does with them.
//
// The bytes go to the server's own http::RequestParser with the server's default header and body
// limits (ServerOptions), fed the way a socket delivers them: in slices whose size the first input
// byte chooses, with end-of-stream when the bytes run out, and pipelined requests each getting a
// new parser (as Session in src/http/server.cpp does). A parsed request gets the same target
// split and percent-decoding as in Session and is dispatched by a Router whose handlers read
// query parameters, cookies, form fields and JSON bodies and check CSRF tokens.
//
// Invariants: nothing throws; the limits hold; an error response is the JSON or HTML the client
// asked for, with a valid UTF-8 body; every response carries the security headers; HEAD has no body.

#include <boost/json.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "http/client_address.h"
#include "http/csrf.h"
#include "http/message.h"
#include "http/request_parser.h"
#include "http/router.h"
#include "http/server.h"

namespace {

namespace bhttp = boost::beast::http;
using namespace starprep::http;
using starprep::fuzz::Check;

// A fixed secret, so seeds can carry a token that verifies (see seeds/http_request/README).
Csrf::Secret FixedSecret() {
  Csrf::Secret s{};
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(i * 7 + 1);
  return s;
}

const Csrf& TheCsrf() {
  static const Csrf csrf(FixedSecret(), false);
  return csrf;
}

// A number from a query parameter, or a 400 that says what was wrong.
std::optional<Response> BadNumber(const Request& req, std::string_view name, int& out) {
  auto text = req.Query(name);
  if (!text) return std::nullopt;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
  if (ec != std::errc() || end != text->data() + text->size() || out < 1 || out > 100)
    return ErrorReply(400, "invalid_argument",
                      std::string(name) + " must be a number from 1 to 100, not \"" + *text + "\".");
  return std::nullopt;
}

Response RolePage(Request& req) {
  int page = 1;
  if (auto bad = BadNumber(req, "page", page)) return *bad;
  const std::string& slug = req.params.at("slug");
  if (slug != "backend-developer") return ErrorReply(404, "not_found", "There is no role \"" + slug + "\".");
  Response resp;
  std::string visitor = TheCsrf().EnsureVisitor(req, resp);
  std::string body = "role " + slug + " page " + std::to_string(page) + " q=" + req.Query("q").value_or("") +
                     " token=" + TheCsrf().TokenFor(visitor, TheCsrf().SessionOf(req));
  resp.SetBody(std::move(body), req.AcceptsGzip() ? "text/plain; gzip-ok" : "text/plain");
  return resp;
}

Response PostAnswer(Request& req) {
  auto form = ParseForm(req.body);
  if (!form) return ErrorReply(400, "invalid_argument", "The form is not valid x-www-form-urlencoded data.");
  auto csrf = form->find("csrf");
  if (csrf == form->end() || !TheCsrf().VerifyRequest(req, csrf->second))
    return ErrorReply(403, "forbidden", "The form is out of date; reload the page and try again.");
  auto answer = form->find("answer");
  if (answer == form->end() || answer->second.empty())
    return ErrorReply(400, "invalid_argument", "Field \"answer\" is required.");
  return Redirect(303, "/questions/" + req.params.at("id") + "?saved=" + std::to_string(answer->second.size()));
}

Response ListJobs(Request& req) {
  int limit = 20;
  if (auto bad = BadNumber(req, "limit", limit)) return *bad;
  boost::json::object out{{"role", req.Query("role").value_or("")}, {"limit", limit}};
  return JsonResponse(200, boost::json::serialize(out));
}

Response PostJob(Request& req) {
  if (!TheCsrf().VerifyRequest(req, req.Header("x-csrf-token")))
    return ErrorReply(403, "forbidden", "X-CSRF-Token is missing or wrong.");
  boost::json::error_code ec;
  boost::json::value body = boost::json::parse(req.body, ec);
  if (ec) return ErrorReply(400, "invalid_argument", "The body is not JSON: " + ec.message() + ".");
  if (!body.is_object()) return ErrorReply(400, "invalid_argument", "The body must be a JSON object.");
  return JsonResponse(201, boost::json::serialize(body));
}

const Router& TheRouter() {
  static const Router router = [] {
    Router r;
    r.Get("/", [](Request&) { return TextResponse(200, "home"); });
    r.Get("/roles/{slug}", RolePage);
    r.Post("/questions/{id}/answers", PostAnswer);
    r.Get("/api/v1/jobs", ListJobs);
    r.Post("/api/v1/jobs", PostJob);
    r.Add(Method::kPut, "/api/v1/jobs/{id}", PostJob);
    return r;
  }();
  return router;
}

// What Session does with a parsed request (src/http/server.cpp); returns false for a bad target.
bool SplitTarget(Request& req) {
  auto qpos = req.target.find('?');
  auto decoded = PercentDecode(std::string_view(req.target).substr(0, qpos), false);
  if (qpos != std::string::npos) req.query = req.target.substr(qpos + 1);
  if (!decoded || req.target.empty() || req.target[0] != '/') return false;
  req.path = std::move(*decoded);
  return true;
}

void CheckResponse(const Request& req, const Response& resp) {
  Check(resp.status >= 100 && resp.status <= 599, "status out of range");
  Check(!resp.GetHeader("Content-Security-Policy").empty(), "security headers missing");
  Check(resp.GetHeader("X-Starprep-Error-Code").empty(), "private error header leaked");
  if (req.method == Method::kHead) Check(resp.BodySize() == 0, "HEAD response has a body");
  if (resp.status >= 400 && req.method != Method::kHead) {
    const std::string body = resp.BodyString();
    Check(starprep::fuzz::Utf8(body), "error body is not valid UTF-8", body);
    if (req.WantsJson()) {
      boost::json::error_code ec;
      boost::json::value v = boost::json::parse(body, ec);
      Check(!ec && v.is_object() && v.as_object().contains("error"), "JSON error body is not {\"error\":...}", body);
    } else {
      Check(body.starts_with("<!doctype html>"), "HTML error body expected", body);
    }
  }
}

// Parses one request from the front of `input` as Session would with all of `input` arriving
// `slice` bytes at a time. Removes the bytes the parser used. Returns false when the connection
// would be closed (error, end of stream, or not keep-alive).
bool ServeOne(std::string_view& input, std::size_t slice) {
  const ServerOptions options;
  RequestParser parser;
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
  parser.body_limit(options.body_limit);
  parser.eager(true);
  std::size_t offered = std::min(slice, input.size());
  boost::beast::error_code ec;
  for (int rounds = 0; !parser.is_done(); ++rounds) {
    Check(rounds < 1'000'000, "parser makes no progress");
    if (offered == 0 && input.empty()) {  // the client closed the connection
      parser.put_eof(ec);
      break;
    }
    const std::size_t used = parser.put(boost::asio::const_buffer(input.data(), offered), ec);
    Check(used <= offered, "parser used more bytes than offered");
    input.remove_prefix(used);
    offered -= used;
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (offered == input.size()) {
        parser.put_eof(ec);
        if (!ec) ec = bhttp::error::partial_message;
        break;
      }
      offered = std::min(input.size(), offered + slice);
      continue;
    }
    if (ec) break;
    if (offered == 0) offered = std::min(slice, input.size());
  }
  if (ec || !parser.is_done()) return false;

  Request req = std::move(parser.request);
  Check(req.body.size() <= options.body_limit, "body larger than the limit");
  std::size_t header_bytes = req.target.size();
  for (const auto& [name, value] : req.headers) {
    header_bytes += name.size() + value.size();
    for (char c : name) Check(!(c >= 'A' && c <= 'Z'), "header name not lower-cased", name);
  }
  Check(header_bytes <= options.header_limit, "headers larger than the limit");
  const bool keep_alive = parser.keep_alive();
  // The client address behind a trusted proxy (as Session sets remote_addr): the peer itself or an
  // IP literal that one of the X-Forwarded-For headers holds.
  static const std::vector<std::string> kProxies = {"127.0.0.1"};
  req.remote_addr = ClientAddressOf(req, "127.0.0.1", kProxies);
  if (req.remote_addr != "127.0.0.1") {
    Check(IsIpLiteral(req.remote_addr), "client address is not an IP literal", req.remote_addr);
    bool named = false;
    for (const auto& [name, value] : req.headers)
      named = named || (name == "x-forwarded-for" && value.find(req.remote_addr) != std::string::npos);
    Check(named, "client address not taken from X-Forwarded-For", req.remote_addr);
  }
  (void)Csrf::SameOrigin(req);
  if (!SplitTarget(req)) return keep_alive;
  std::string route;
  Response resp = TheRouter().Dispatch(req, route);
  Check(!route.empty(), "route label empty");
  CheckResponse(req, resp);
  return keep_alive;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // First byte: slice size (1..255 bytes, or everything at once for 0).
  const std::size_t slice = data[0] == 0 ? size : data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (int served = 0; served < 8 && !input.empty(); ++served)
    if (!ServeOne(input, slice)) break;
  return 0;
}
