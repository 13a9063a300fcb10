// SPDX-License-Identifier: Apache-2.0
// Out-of-range and malformed numbers in every field of every JSON endpoint answer 400 and leave
// the server serving; afterwards SIGTERM still exits at once (no connection was leaked).
// Regression: `"seconds": 9223372036854775808` on POST /api/v1/me/attempts used to throw inside
// the handler, leaving the connection unanswered and open, until the server ran out of
// descriptors.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kJsonType = "application/json";
constexpr const char* kPassword = "Vq7!rLp2#xWm9zTk-hostile";

// Number literals no field accepts as a valid value of its kind (written as JSON text, since
// several cannot be held by a JSON library's number types).
const std::vector<std::string> kHostile = {
    "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e400", "-1e400", "-1", "1e-400",
    "4294967296"};

// `base` with the field at `path` (one key, or "outer.inner") replaced by the literal `number`.
std::string WithNumber(json::object base, const std::string& path, const std::string& number) {
  const std::string marker = "__hostile_number__";
  auto dot = path.find('.');
  if (dot == std::string::npos) {
    base[path] = marker;
  } else {
    base[path.substr(0, dot)].as_object()[path.substr(dot + 1)] = marker;
  }
  std::string text = json::serialize(base);
  text.replace(text.find("\"" + marker + "\""), marker.size() + 2, number);
  return text;
}

// Every field path of `o`, one level into nested objects.
std::vector<std::string> FieldPaths(const json::object& o) {
  std::vector<std::string> out;
  for (const auto& [k, v] : o) {
    out.emplace_back(k);
    if (v.is_object())
      for (const auto& [inner, ignored] : v.as_object()) out.push_back(std::string(k) + "." + std::string(inner));
  }
  return out;
}

class HostileNumbersTest : public SharedServerTest {};

TEST_F(HostileNumbersTest, EveryJsonFieldOfEveryEndpointAnswers400) {
  Browser user(port());
  HttpResponse signup =
      user.Post("/api/v1/auth/signup", kJsonType,
                json::serialize(json::object{{"email", "numbers@example.org"}, {"password", kPassword}}));
  ASSERT_EQ(signup.status, 201) << signup.body;
  const std::string csrf(signup.Json().at("csrf_token").as_string());
  const Headers with_csrf{{"X-CSRF-Token", csrf}};

  const json::object story{{"title", "Import"},
                           {"situation", "Our nightly import failed often."},
                           {"task", "I had to make it reliable."},
                           {"action", "I split it into idempotent batches with retries."},
                           {"result", "It has not failed since."},
                           {"competencies", json::array{"reliability"}},
                           {"question_ids", json::array{kDebugQuestion}}};
  HttpResponse created = user.Send("POST", "/api/v1/me/stories", kJsonType, json::serialize(story), with_csrf);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string story_path =
      "/api/v1/me/stories/" + std::to_string(created.Json().at("id").to_number<std::int64_t>());

  std::string editor = ReadFile(dir_->path() / "data" / "editor.token");
  while (!editor.empty() && (editor.back() == '\n' || editor.back() == ' ')) editor.pop_back();
  const json::object job{
      {"title", "Backend Engineer"},
      {"company", json::object{{"name", "Numbers Ltd"}, {"url", "https://numbers.example"}}},
      {"remote", "remote"},
      {"description", "Builds services."},
      {"apply_url", "https://numbers.example/apply"},
      {"date_posted", "2026-01-05"},
      {"valid_through", "2099-01-01"},
      {"employment_type", "FULL_TIME"},
      {"salary", json::object{{"min", 50000}, {"max", 70000}, {"currency", "EUR"}, {"unit", "YEAR"}}},
      {"skills", json::array{"Go"}}};

  Browser visitor(port());
  const std::string vote_token = visitor.ApiToken();
  ASSERT_FALSE(vote_token.empty());

  struct Endpoint {
    std::string method, target;
    json::object body;
    Browser* browser;  // whose cookies go with the request
    Headers headers;
  };
  const std::vector<Endpoint> endpoints = {
      {"POST",
       "/api/v1/coach",
       {{"answer", "I fixed it."}, {"question_id", kDebugQuestion}, {"role", kBackend}},
       &visitor,
       {}},
      {"POST",
       std::string("/api/v1/questions/") + kDebugQuestion + "/feedback",
       {{"helpful", true}, {"comment", "ok"}},
       &visitor,
       {{"X-CSRF-Token", vote_token}}},
      {"POST",
       "/api/v1/auth/signup",
       {{"email", "n2@example.org"}, {"password", kPassword}, {"display_name", "N"}},
       &visitor,
       {}},
      {"POST", "/api/v1/auth/signin", {{"email", "numbers@example.org"}, {"password", kPassword}}, &visitor, {}},
      {"POST",
       "/api/v1/auth/password",
       {{"current_password", kPassword}, {"new_password", kPassword}},
       &user,
       with_csrf},
      {"POST", "/api/v1/me/tokens", {{"name", "script"}}, &user, with_csrf},
      {"POST",
       "/api/v1/me/attempts",
       {{"question_id", kDebugQuestion}, {"answer", "I fixed it."}, {"seconds", 60}},
       &user,
       with_csrf},
      {"POST", "/api/v1/me/stories", story, &user, with_csrf},
      {"PUT", story_path, story, &user, with_csrf},
      {"POST", "/api/v1/jobs", job, &visitor, {{"Authorization", "Bearer " + editor}}},
      {"DELETE", "/api/v1/me", {{"password", kPassword}}, &user, with_csrf},
  };
  int checked = 0;
  for (const auto& e : endpoints) {
    for (const auto& field : FieldPaths(e.body)) {
      for (const auto& number : kHostile) {
        SCOPED_TRACE(e.method + " " + e.target + " " + field + " = " + number);
        HttpResponse r = e.browser->Send(e.method, e.target, kJsonType, WithNumber(e.body, field, number), e.headers);
        EXPECT_TRUE(IsJsonError(r, 400));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 300);

  // The account survived every hostile DELETE, and its story every hostile PUT.
  HttpResponse still = user.Get(story_path);
  ASSERT_EQ(still.status, 200) << still.body;
  EXPECT_EQ(still.Json().at("title"), "Import");
}

TEST_F(HostileNumbersTest, AHugeSecondsValueNeitherHangsNorLeaksAndShutdownIsImmediate) {
  Browser user(port());
  HttpResponse signup =
      user.Post("/api/v1/auth/signup", kJsonType,
                json::serialize(json::object{{"email", "seconds@example.org"}, {"password", kPassword}}));
  ASSERT_EQ(signup.status, 201) << signup.body;
  const Headers with_csrf{{"X-CSRF-Token", std::string(signup.Json().at("csrf_token").as_string())}};
  const std::string body = std::string(R"({"question_id":")") + kDebugQuestion +
                           R"(","answer":"I fixed it.","seconds":9223372036854775808})";
  for (int i = 0; i < 200; ++i) {  // each on a new connection, as the attack did
    HttpResponse r = user.Send("POST", "/api/v1/me/attempts", kJsonType, body, with_csrf);
    ASSERT_TRUE(IsJsonError(r, 400, "invalid_argument")) << "request " << i;
  }
  EXPECT_EQ(Get(port(), "/healthz").status, 200);
  // SIGTERM: nothing is left open, so the server exits well before its 10 s drain deadline.
  server().Signal(SIGTERM);
  auto code = server().WaitExit(5s);
  ASSERT_TRUE(code.has_value()) << "the server still waited after SIGTERM";
  EXPECT_EQ(*code, 0) << server().StderrLog();
}

}  // namespace
}  // namespace starprep::it
