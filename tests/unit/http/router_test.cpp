// SPDX-License-Identifier: Apache-2.0
// Unit tests for http/router: matching (literals, {params}, first match wins), 404/405 with
// the error body the client accepts, HEAD, the Error → status mapping, the HTML error hook and
// the headers every response must (and must never) carry; the exception boundary and routes whose
// handlers run off the I/O thread (Runs::kBlocking).

#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace json = boost::json;
using starprep::Error;
using starprep::ErrorCode;
using starprep::MakeError;
using starprep::http::AddSecurityHeaders;
using starprep::http::ErrorReply;
using starprep::http::Method;
using starprep::http::Request;
using starprep::http::Response;
using starprep::http::Router;
using starprep::http::StatusFor;
using starprep::http::TextResponse;

Request MakeRequest(Method method, std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = method;
  r.target = path;
  r.path = std::move(path);
  r.headers = std::move(headers);
  return r;
}

Response Dispatch(const Router& router, Request req) {
  std::string route;
  return router.Dispatch(req, route);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool HasPrivateErrorHeader(const Response& resp) {
  return std::any_of(resp.headers.begin(), resp.headers.end(),
                     [](const auto& h) { return Lower(h.first).starts_with("x-starprep-error"); });
}

// Parses a JSON error body and returns {code, message}.
std::pair<std::string, std::string> JsonError(const Response& resp) {
  json::value v = json::parse(resp.BodyString());
  const json::object& err = v.as_object().at("error").as_object();
  return {std::string(err.at("code").as_string()), std::string(err.at("message").as_string())};
}

void ExpectSecurityHeaders(const Response& resp) {
  std::string csp(resp.GetHeader("Content-Security-Policy"));
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
  EXPECT_NE(csp.find("default-src"), std::string::npos) << csp;
  EXPECT_EQ(resp.GetHeader("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(resp.GetHeader("Referrer-Policy").empty());
  EXPECT_FALSE(HasPrivateErrorHeader(resp));
}

// Returns a handler that answers `text` and records that it ran.
starprep::http::Handler Answer(std::string text, int* calls = nullptr) {
  return [text = std::move(text), calls](Request&) {
    if (calls) ++*calls;
    return TextResponse(200, text);
  };
}

// --- Matching ---------------------------------------------------------------------------------

TEST(RouterMatchTest, LiteralPath) {
  Router router;
  router.Get("/healthz", Answer("ok"));
  router.Get("/", Answer("home"));
  Request req = MakeRequest(Method::kGet, "/healthz");
  std::string route;
  Response resp = router.Dispatch(req, route);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.BodyString(), "ok");
  EXPECT_EQ(route, "/healthz");

  Response home = Dispatch(router, MakeRequest(Method::kGet, "/"));
  EXPECT_EQ(home.BodyString(), "home");
}

TEST(RouterMatchTest, ParametersAreFilled) {
  Router router;
  std::map<std::string, std::string> seen;
  router.Get("/roles/{slug}/questions/{id}", [&](Request& r) {
    seen = r.params;
    return TextResponse(200, "q");
  });
  Request req = MakeRequest(Method::kGet, "/roles/backend-developer/questions/be-rest");
  std::string route;
  Response resp = router.Dispatch(req, route);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(route, "/roles/{slug}/questions/{id}");
  EXPECT_EQ(seen.at("slug"), "backend-developer");
  EXPECT_EQ(seen.at("id"), "be-rest");
  EXPECT_EQ(req.params.at("slug"), "backend-developer");
}

TEST(RouterMatchTest, SegmentCountMustMatch) {
  Router router;
  router.Get("/roles/{slug}", Answer("role"));
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/roles")).status, 404);
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/roles/a/b")).status, 404);
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/roles/a")).status, 200);
}

TEST(RouterMatchTest, LiteralSegmentsMustMatchExactly) {
  Router router;
  router.Get("/roles/{slug}", Answer("role"));
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/Roles/a")).status, 404);
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/role/a")).status, 404);
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/rolesx/a")).status, 404);
}

TEST(RouterMatchTest, FirstMatchWins) {
  int literal_calls = 0, param_calls = 0;
  {
    Router router;
    router.Get("/roles/new", Answer("literal", &literal_calls));
    router.Get("/roles/{slug}", Answer("param", &param_calls));
    std::string route;
    Request req = MakeRequest(Method::kGet, "/roles/new");
    EXPECT_EQ(router.Dispatch(req, route).BodyString(), "literal");
    EXPECT_EQ(route, "/roles/new");
    EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/roles/other")).BodyString(), "param");
  }
  {
    Router router;
    router.Get("/roles/{slug}", Answer("param", &param_calls));
    router.Get("/roles/new", Answer("literal", &literal_calls));
    EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/roles/new")).BodyString(), "param");
  }
  EXPECT_EQ(literal_calls, 1);
  EXPECT_EQ(param_calls, 2);
}

TEST(RouterMatchTest, MethodSelectsTheRoute) {
  Router router;
  router.Post("/feedback", Answer("post"));
  router.Get("/feedback", Answer("get"));
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/feedback")).BodyString(), "get");
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kPost, "/feedback")).BodyString(), "post");
}

TEST(RouterMatchTest, SuccessfulHandlerResponseIsKept) {
  Router router;
  router.Get("/x", [](Request&) {
    Response r = TextResponse(201, "made");
    r.SetHeader("Location", "/x/1");
    return r;
  });
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/x"));
  EXPECT_EQ(resp.status, 201);
  EXPECT_EQ(resp.BodyString(), "made");
  EXPECT_EQ(resp.GetHeader("Location"), "/x/1");
  EXPECT_EQ(resp.GetHeader("Content-Type"), "text/plain; charset=utf-8");
}

// --- 404 --------------------------------------------------------------------------------------

TEST(RouterNotFoundTest, ApiPathGetsJsonError) {
  Router router;
  router.Get("/api/v1/roles", Answer("roles"));
  Request req = MakeRequest(Method::kGet, "/api/v1/nothing");
  std::string route;
  Response resp = router.Dispatch(req, route);
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(route, "-");
  EXPECT_EQ(resp.GetHeader("Content-Type"), "application/json");
  auto [code, message] = JsonError(resp);
  EXPECT_EQ(code, "not_found");
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(resp.GetHeader("Cache-Control"), "no-store");
  ExpectSecurityHeaders(resp);
}

TEST(RouterNotFoundTest, PagePathGetsHtmlError) {
  Router router;
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/nothing/here", {{"accept", "text/html"}}));
  EXPECT_EQ(resp.status, 404);
  EXPECT_TRUE(resp.GetHeader("Content-Type").starts_with("text/html")) << resp.GetHeader("Content-Type");
  std::string body = resp.BodyString();
  EXPECT_NE(body.find("404"), std::string::npos) << body;
  EXPECT_NE(body.find("/nothing/here"), std::string::npos) << body;
  EXPECT_EQ(body.find("{\"error\""), std::string::npos);
  ExpectSecurityHeaders(resp);
}

TEST(RouterNotFoundTest, PagePathWithJsonAcceptGetsJson) {
  Router router;
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/nothing", {{"accept", "application/json"}}));
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(JsonError(resp).first, "not_found");
}

TEST(RouterNotFoundTest, DefaultHtmlErrorEscapesThePath) {
  Router router;
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/<script>alert(1)</script>"));
  std::string body = resp.BodyString();
  EXPECT_EQ(body.find("<script>"), std::string::npos) << body;
  EXPECT_NE(body.find("&lt;script&gt;"), std::string::npos) << body;
}

TEST(RouterNotFoundTest, JsonErrorIsValidJsonForHostilePaths) {
  Router router;
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/api/\"quoted\"\\</script>"));
  auto [code, message] = JsonError(resp);  // throws if the body is not valid JSON
  EXPECT_EQ(code, "not_found");
  EXPECT_NE(message.find("\"quoted\"\\"), std::string::npos) << message;
}

// --- 405 --------------------------------------------------------------------------------------

TEST(RouterMethodNotAllowedTest, ListsAllowedMethods) {
  Router router;
  router.Get("/feedback", Answer("get"));
  router.Post("/feedback", Answer("post"));
  std::string route;
  Request req = MakeRequest(Method::kPut, "/feedback");
  Response resp = router.Dispatch(req, route);
  EXPECT_EQ(resp.status, 405);
  std::string allow(resp.GetHeader("Allow"));
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_NE(allow.find("POST"), std::string::npos) << allow;
  EXPECT_EQ(allow.find("PUT"), std::string::npos) << allow;
  EXPECT_EQ(resp.GetHeader("Cache-Control"), "no-store");
  ExpectSecurityHeaders(resp);
}

TEST(RouterMethodNotAllowedTest, OnlyRoutesMatchingThePathAreListed) {
  Router router;
  router.Post("/feedback", Answer("post"));
  router.Add(Method::kDelete, "/other", Answer("delete"));
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/feedback"));
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.GetHeader("Allow"), "POST");
}

TEST(RouterMethodNotAllowedTest, AllowIncludesHeadWhenGetIsAllowed) {
  // HEAD is served by every GET route, so it is one of the resource's supported methods
  // (RFC 9110 §15.5.6: Allow lists the methods the resource supports).
  Router router;
  router.Get("/feedback", Answer("get"));
  Response resp = Dispatch(router, MakeRequest(Method::kPost, "/feedback"));
  EXPECT_EQ(resp.status, 405);
  std::string allow(resp.GetHeader("Allow"));
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_NE(allow.find("HEAD"), std::string::npos) << allow;
}

TEST(RouterMethodNotAllowedTest, AllowListsEachMethodOnce) {
  Router router;
  router.Get("/roles/new", Answer("literal"));
  router.Get("/roles/{slug}", Answer("param"));
  Response resp = Dispatch(router, MakeRequest(Method::kPost, "/roles/new"));
  EXPECT_EQ(resp.status, 405);
  std::string allow(resp.GetHeader("Allow"));
  EXPECT_EQ(allow.find("GET"), allow.rfind("GET")) << allow;
}

TEST(RouterMethodNotAllowedTest, ApiGetsJsonWithCode) {
  Router router;
  router.Get("/api/v1/roles/{slug}", Answer("role"));
  Response resp = Dispatch(router, MakeRequest(Method::kDelete, "/api/v1/roles/x"));
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.GetHeader("Allow"), "GET, HEAD");
  auto [code, message] = JsonError(resp);
  EXPECT_EQ(code, "method_not_allowed");
  EXPECT_NE(message.find("DELETE"), std::string::npos) << message;
  EXPECT_NE(message.find("GET"), std::string::npos) << message;
}

TEST(RouterMethodNotAllowedTest, PagePathGetsHtml) {
  Router router;
  router.Post("/feedback", Answer("post"));
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/feedback"));
  EXPECT_EQ(resp.status, 405);
  EXPECT_TRUE(resp.GetHeader("Content-Type").starts_with("text/html"));
}

// --- HEAD -------------------------------------------------------------------------------------

TEST(RouterHeadTest, ServedByGetRouteWithoutBodyButWithLength) {
  Router router;
  int calls = 0;
  router.Get("/page", Answer("hello, world", &calls));
  std::string route;
  Request req = MakeRequest(Method::kHead, "/page");
  Response resp = router.Dispatch(req, route);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(route, "/page");
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.BodySize(), 0u);
  EXPECT_TRUE(resp.body.empty());
  EXPECT_EQ(resp.GetHeader("Content-Length"), "12");
  EXPECT_EQ(resp.GetHeader("Content-Type"), "text/plain; charset=utf-8");
  ExpectSecurityHeaders(resp);
}

TEST(RouterHeadTest, LengthMatchesTheGetBody) {
  Router router;
  router.Get("/multi", [](Request&) {
    Response r;
    r.body = {std::make_shared<const std::string>("abc"), std::make_shared<const std::string>(""),
              std::make_shared<const std::string>(std::string(1000, 'x'))};
    return r;
  });
  Response get = Dispatch(router, MakeRequest(Method::kGet, "/multi"));
  Response head = Dispatch(router, MakeRequest(Method::kHead, "/multi"));
  EXPECT_EQ(get.BodySize(), 1003u);
  EXPECT_EQ(head.GetHeader("Content-Length"), std::to_string(get.BodySize()));
  EXPECT_EQ(head.BodySize(), 0u);
}

TEST(RouterHeadTest, ErrorsHaveNoBodyEither) {
  Router router;
  Response resp = Dispatch(router, MakeRequest(Method::kHead, "/api/v1/missing"));
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(resp.BodySize(), 0u);
  EXPECT_NE(resp.GetHeader("Content-Length"), "0");
  EXPECT_FALSE(resp.GetHeader("Content-Length").empty());
  ExpectSecurityHeaders(resp);
}

TEST(RouterHeadTest, HeadDoesNotMatchPostOnlyRoute) {
  Router router;
  router.Post("/feedback", Answer("post"));
  Response resp = Dispatch(router, MakeRequest(Method::kHead, "/feedback"));
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.GetHeader("Allow"), "POST");
}

// --- ErrorReply / StatusFor -------------------------------------------------------------------

TEST(StatusForTest, MapsEveryCode) {
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(StatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusFor(ErrorCode::kInternal), 500);
}

struct ErrorCase {
  ErrorCode code;
  int status;
  const char* wire_code;
  bool message_shown;
};

class ErrorReplyMappingTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorReplyMappingTest, DispatchRendersTheMappedError) {
  const ErrorCase& c = GetParam();
  const std::string secret = "sqlite: disk I/O error at /var/lib/starprep/db.sqlite";
  Router router;
  router.Get("/api/v1/thing", [&](Request&) { return ErrorReply(MakeError(c.code, secret)); });
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/api/v1/thing"));
  EXPECT_EQ(resp.status, c.status);
  auto [code, message] = JsonError(resp);
  EXPECT_EQ(code, c.wire_code);
  EXPECT_FALSE(message.empty());
  if (c.message_shown) {
    EXPECT_EQ(message, secret);
  } else {
    EXPECT_EQ(message.find("sqlite"), std::string::npos) << message;
    EXPECT_EQ(resp.BodyString().find("/var/lib"), std::string::npos);
  }
  for (const auto& [name, value] : resp.headers) EXPECT_EQ(value.find("/var/lib"), std::string::npos) << name;
  ExpectSecurityHeaders(resp);
}

INSTANTIATE_TEST_SUITE_P(AllCodes, ErrorReplyMappingTest,
                         ::testing::Values(ErrorCase{ErrorCode::kInvalidArgument, 400, "invalid_argument", true},
                                           ErrorCase{ErrorCode::kNotFound, 404, "not_found", true},
                                           ErrorCase{ErrorCode::kConflict, 409, "conflict", true},
                                           ErrorCase{ErrorCode::kTooLarge, 413, "too_large", true},
                                           ErrorCase{ErrorCode::kUnavailable, 503, "unavailable", false},
                                           ErrorCase{ErrorCode::kInternal, 500, "internal", false}));

TEST(ErrorReplyTest, InternalMessageHiddenInHtmlToo) {
  Router router;
  router.Get("/page", [](Request&) { return ErrorReply(MakeError(ErrorCode::kInternal, "null deref in Foo::Bar")); });
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/page"));
  EXPECT_EQ(resp.status, 500);
  EXPECT_EQ(resp.BodyString().find("Foo::Bar"), std::string::npos);
  EXPECT_TRUE(resp.GetHeader("Content-Type").starts_with("text/html"));
}

TEST(ErrorReplyTest, ExplicitStatusCodeAndMessage) {
  Router router;
  router.Post("/api/v1/x", [](Request&) { return ErrorReply(403, "csrf", "Reload the page and try again."); });
  Response resp = Dispatch(router, MakeRequest(Method::kPost, "/api/v1/x"));
  EXPECT_EQ(resp.status, 403);
  auto [code, message] = JsonError(resp);
  EXPECT_EQ(code, "csrf");
  EXPECT_EQ(message, "Reload the page and try again.");
  EXPECT_FALSE(HasPrivateErrorHeader(resp));
}

TEST(ErrorReplyTest, KeepsOtherHeadersOfTheErrorResponse) {
  Router router;
  router.Get("/api/v1/slow", [](Request&) {
    Response r = ErrorReply(429, "rate_limited", "Slow down.");
    r.SetHeader("Retry-After", "30");
    return r;
  });
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/api/v1/slow"));
  EXPECT_EQ(resp.status, 429);
  EXPECT_EQ(resp.GetHeader("Retry-After"), "30");
  EXPECT_EQ(JsonError(resp).first, "rate_limited");
}

TEST(ErrorReplyTest, UnavailableWithAClientMessageShowsItWithRetryAfter) {
  Router router;
  router.Post("/api/v1/x", [](Request&) {
    Error full{ErrorCode::kUnavailable, "sqlite: COMMIT: database or disk is full", 60};
    full.client_message = "The server's disk is full, so your change was not saved. Please retry later.";
    return ErrorReply(full);
  });
  Response resp = Dispatch(router, MakeRequest(Method::kPost, "/api/v1/x"));
  EXPECT_EQ(resp.status, 503);
  EXPECT_EQ(resp.GetHeader("Retry-After"), "60");
  auto [code, message] = JsonError(resp);
  EXPECT_EQ(code, "unavailable");
  EXPECT_EQ(message, "The server's disk is full, so your change was not saved. Please retry later.");
  EXPECT_EQ(resp.BodyString().find("sqlite"), std::string::npos);
}

// --- HTML error renderer hook -----------------------------------------------------------------

TEST(RouterHtmlErrorRendererTest, HookRendersHtmlErrors) {
  Router router;
  std::vector<std::pair<int, std::string>> calls;
  router.SetHtmlErrorRenderer([&](const Request&, int status, const std::string& message) {
    calls.emplace_back(status, message);
    return "<custom error page " + std::to_string(status) + ">";
  });
  router.Get("/roles/{slug}", [](Request&) { return ErrorReply(MakeError(ErrorCode::kNotFound, "No such role.")); });

  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/roles/x"));
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(resp.BodyString(), "<custom error page 404>");
  EXPECT_TRUE(resp.GetHeader("Content-Type").starts_with("text/html"));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].first, 404);
  EXPECT_EQ(calls[0].second, "No such role.");

  Response missing = Dispatch(router, MakeRequest(Method::kGet, "/elsewhere"));
  EXPECT_EQ(missing.BodyString(), "<custom error page 404>");
  EXPECT_EQ(calls.size(), 2u);
  ExpectSecurityHeaders(missing);
}

TEST(RouterHtmlErrorRendererTest, HookNotUsedForJsonOrSuccess) {
  Router router;
  int calls = 0;
  router.SetHtmlErrorRenderer([&](const Request&, int, const std::string&) {
    ++calls;
    return std::string("<custom>");
  });
  router.Get("/ok", Answer("fine"));
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/ok")).BodyString(), "fine");
  Response api = Dispatch(router, MakeRequest(Method::kGet, "/api/v1/missing"));
  EXPECT_EQ(JsonError(api).first, "not_found");
  EXPECT_EQ(calls, 0);
}

// --- Headers on every response ----------------------------------------------------------------

TEST(RouterSecurityHeadersTest, PresentOnSuccessResponses) {
  Router router;
  router.Get("/", Answer("home"));
  router.Get("/api/v1/roles", [](Request&) { return starprep::http::JsonResponse(200, "[]"); });
  ExpectSecurityHeaders(Dispatch(router, MakeRequest(Method::kGet, "/")));
  ExpectSecurityHeaders(Dispatch(router, MakeRequest(Method::kGet, "/api/v1/roles")));
}

TEST(RouterSecurityHeadersTest, OverrideWeakerHandlerHeaders) {
  Router router;
  router.Get("/", [](Request&) {
    Response r = TextResponse(200, "x");
    r.SetHeader("Content-Security-Policy", "script-src 'unsafe-inline'");
    return r;
  });
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/"));
  ExpectSecurityHeaders(resp);
  int csp_headers = 0;
  for (const auto& h : resp.headers) csp_headers += Lower(h.first) == "content-security-policy";
  EXPECT_EQ(csp_headers, 1);
}

TEST(RouterSecurityHeadersTest, AddSecurityHeadersDirectly) {
  Response resp;
  AddSecurityHeaders(resp);
  ExpectSecurityHeaders(resp);
  std::string csp(resp.GetHeader("Content-Security-Policy"));
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
}

TEST(RouterPrivateHeadersTest, NeverLeakForAnyStatus) {
  Router router;
  for (int status : {400, 403, 404, 409, 413, 415, 429, 431, 500, 503}) {
    router.Get("/api/v1/e" + std::to_string(status),
               [status](Request&) { return ErrorReply(status, "code_" + std::to_string(status), "message"); });
    router.Get("/e" + std::to_string(status),
               [status](Request&) { return ErrorReply(status, "code_" + std::to_string(status), "message"); });
  }
  for (int status : {400, 403, 404, 409, 413, 415, 429, 431, 500, 503}) {
    for (std::string prefix : {"/api/v1/e", "/e"}) {
      for (Method m : {Method::kGet, Method::kHead}) {
        Response resp = Dispatch(router, MakeRequest(m, prefix + std::to_string(status)));
        EXPECT_EQ(resp.status, status);
        EXPECT_FALSE(HasPrivateErrorHeader(resp)) << prefix << status;
      }
    }
  }
}

TEST(RouterPrivateHeadersTest, NeverLeakEvenWithAnEmptyErrorCode) {
  // A handler that passes an empty code still produced an error response; the private
  // headers (and the message in them) must not reach the client.
  Router router;
  router.Get("/api/v1/x", [](Request&) { return ErrorReply(400, "", "internal detail: user 42 row locked"); });
  Response resp = Dispatch(router, MakeRequest(Method::kGet, "/api/v1/x"));
  EXPECT_EQ(resp.status, 400);
  EXPECT_FALSE(HasPrivateErrorHeader(resp));
  for (const auto& [name, value] : resp.headers) EXPECT_EQ(value.find("user 42"), std::string::npos) << name;
}

// --- The exception boundary ------------------------------------------------------------------

TEST(RouterExceptionTest, ThrowingHandlerIsA500WithARequestIdAndNoInternals) {
  Router router;
  router.Get("/api/v1/boom", [](Request&) -> Response { throw std::out_of_range("secret detail 42"); });
  router.Get("/boom", [](Request&) -> Response { throw 7; });  // not even a std::exception
  Response api = Dispatch(router, MakeRequest(Method::kGet, "/api/v1/boom"));
  EXPECT_EQ(api.status, 500);
  auto [code, message] = JsonError(api);
  EXPECT_EQ(code, "internal");
  const std::string id(api.GetHeader("X-Request-Id"));
  EXPECT_EQ(id.size(), 16u);
  EXPECT_NE(message.find(id), std::string::npos) << "the message should quote the request id: " << message;
  EXPECT_EQ(api.BodyString().find("secret detail"), std::string::npos);
  ExpectSecurityHeaders(api);

  Response page = Dispatch(router, MakeRequest(Method::kGet, "/boom"));
  EXPECT_EQ(page.status, 500);
  EXPECT_NE(page.GetHeader("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page.GetHeader("X-Request-Id"), id) << "each failure gets its own id";
}

TEST(RouterExceptionTest, ThrowingGateAndErrorRendererStillAnswer) {
  Router router;
  router.Get("/x", Answer("x"));
  router.SetGate([](const Request&) -> std::optional<Response> { throw std::runtime_error("gate"); });
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/x")).status, 500);

  Router rendering;
  rendering.SetHtmlErrorRenderer(
      [](const Request&, int, const std::string&) -> std::string { throw std::runtime_error("template"); });
  Response r = Dispatch(rendering, MakeRequest(Method::kGet, "/missing"));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.BodyString().empty());
  ExpectSecurityHeaders(r);
}

TEST(RouterExceptionTest, Every503CarriesRetryAfter) {
  Router router;
  router.Get("/api/v1/down", [](Request&) { return ErrorReply(503, "unavailable", "down"); });
  router.Get("/api/v1/store", [](Request&) { return ErrorReply(Error{ErrorCode::kUnavailable, "disk"}); });
  router.Get("/api/v1/soon", [](Request&) {
    Response r = ErrorReply(503, "starting", "soon");
    r.SetHeader("Retry-After", "1");
    return r;
  });
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/api/v1/down")).GetHeader("Retry-After"), "5");
  EXPECT_FALSE(Dispatch(router, MakeRequest(Method::kGet, "/api/v1/store")).GetHeader("Retry-After").empty());
  EXPECT_EQ(Dispatch(router, MakeRequest(Method::kGet, "/api/v1/soon")).GetHeader("Retry-After"), "1");
}

// --- Blocking routes ---------------------------------------------------------------------------

TEST(RouterBlockingTest, DispatchDefersTheHandlerToTheOffload) {
  Router router;
  int calls = 0;
  router.Post("/api/v1/slow", Answer("hashed", &calls), starprep::http::Runs::kBlocking);
  router.Post(
      "/api/v1/throws", [](Request&) -> Response { throw std::runtime_error("x"); }, starprep::http::Runs::kBlocking);
  Request req = MakeRequest(Method::kPost, "/api/v1/slow");
  std::string route;
  Response deferred = router.Dispatch(req, route);
  EXPECT_EQ(route, "/api/v1/slow");
  ASSERT_TRUE(deferred.offload);
  EXPECT_EQ(calls, 0) << "the handler must not run on the dispatching thread";
  req.path = "/changed";  // the offload owns its copy of the request
  Response done = deferred.offload->run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(done.BodyString(), "hashed");
  ExpectSecurityHeaders(done);

  Response busy = deferred.offload->busy();
  EXPECT_EQ(busy.status, 503);
  EXPECT_FALSE(busy.GetHeader("Retry-After").empty());
  EXPECT_EQ(JsonError(busy).first, "busy");
  EXPECT_EQ(calls, 1);

  Response thrown = Dispatch(router, MakeRequest(Method::kPost, "/api/v1/throws")).offload->run();
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(JsonError(thrown).first, "internal");
}

}  // namespace
