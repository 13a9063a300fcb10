// SPDX-License-Identifier: Apache-2.0
// Accounts and personal practice through the JSON API, against the real server: sign-up to
// deletion, isolation between users, CSRF, brute force, session rotation and expiry, API tokens,
// encryption at rest, key rotation and the user CLI.

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "a long and unusual passphrase";
constexpr const char* kJson = "application/json";

// A signed-in API client: cookies (visitor + session) and the CSRF token from sign-in.
struct Client {
  explicit Client(std::uint16_t port) : browser(port) {}
  Browser browser;
  std::string csrf;

  HttpResponse SignUp(const std::string& email, const std::string& password = kPassword, const std::string& name = "") {
    json::object body{{"email", email}, {"password", password}};
    if (!name.empty()) body["display_name"] = name;
    return Remember(browser.Post("/api/v1/auth/signup", kJson, json::serialize(body)));
  }
  HttpResponse SignIn(const std::string& email, const std::string& password = kPassword) {
    return Remember(browser.Post("/api/v1/auth/signin", kJson,
                                 json::serialize(json::object{{"email", email}, {"password", password}})));
  }
  // A cookie-authenticated call carrying the CSRF header.
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "") {
    return browser.Send(method, target, body.empty() ? "" : kJson, body, {{"X-CSRF-Token", csrf}});
  }
  HttpResponse Get(const std::string& target) { return browser.Get(target); }
  HttpResponse SaveAttempt(const std::string& question, const std::string& answer, int seconds = 60) {
    return Call("POST", "/api/v1/me/attempts",
                json::serialize(json::object{{"question_id", question}, {"answer", answer}, {"seconds", seconds}}));
  }
  HttpResponse CreateStory(const json::object& story) {
    return Call("POST", "/api/v1/me/stories", json::serialize(story));
  }

 private:
  HttpResponse Remember(HttpResponse r) {
    auto v = r.Json();
    if (v.is_object() && v.as_object().contains("csrf_token")) csrf = std::string(v.at("csrf_token").as_string());
    return r;
  }
};

std::string Answer(const std::string& marker) {
  return "Last spring our payment service started timing out during the evening peak. " + marker +
         " I was asked to find the cause before the holiday sale. I traced the slow requests, found a missing "
         "index on the orders table and added it behind a feature flag. Checkout latency fell from 900 ms to "
         "120 ms and timeouts stopped completely.";
}

json::object Story(const std::string& title, const std::string& question) {
  return {{"title", title},
          {"situation", "Our nightly import job kept failing and the sales team saw stale numbers every morning."},
          {"task", "I had to make the import reliable within two weeks."},
          {"action", "I split the job into idempotent batches, added retries and an alert on the failure rate."},
          {"result", "The import has not failed in six months and the morning report is always fresh."},
          {"competencies", json::array{"reliability", "ownership"}},
          {"question_ids", json::array{question}}};
}

std::int64_t IdOf(const HttpResponse& r) {
  auto v = r.Json();
  return v.is_object() && v.as_object().contains("id") ? v.at("id").to_number<std::int64_t>() : -1;
}

// The ids of the first `n` backend questions.
std::vector<std::string> Questions(std::uint16_t port, int n) {
  std::vector<std::string> ids;
  auto v = Get(port, "/api/v1/roles/backend-developer/questions?limit=" + std::to_string(n)).Json();
  if (!v.is_object()) return ids;
  for (const auto& q : v.at("items").as_array()) ids.emplace_back(q.at("id").as_string());
  return ids;
}

// Every regular file under `data_dir` (the database, its WAL and shared memory, keys, anything
// else the server keeps there) that contains `needle`.
std::vector<std::string> FilesContaining(const fs::path& data_dir, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(data_dir))
    if (entry.is_regular_file() && ReadFile(entry.path()).find(needle) != std::string::npos)
      found.push_back(entry.path().filename().string());
  return found;
}

// Makes the signed-in `email` an editor (the operator's CLI) who marks the newest open comment on
// `question` addressed through the inbox form, so that the audit names them; returns their user id.
std::string ActAsEditor(Client& c, const fs::path& data_dir, const std::string& email, const std::string& question) {
  CommandResult set = RunStarprep({"user", "set-role", email, "editor", "--data", data_dir.string()});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  const std::string list = "/editor/comments?state=open&question=" + question;
  HttpResponse inbox = c.Get(list);
  EXPECT_EQ(inbox.status, 200) << inbox.body;
  std::smatch csrf, id;
  EXPECT_TRUE(std::regex_search(inbox.body, csrf, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
  EXPECT_TRUE(std::regex_search(inbox.body, id, std::regex("name=\"c([0-9]+)\"")));
  if (csrf.empty() || id.empty()) return "";
  HttpResponse done = c.browser.Post("/editor/comments", "application/x-www-form-urlencoded",
                                     "csrf=" + UrlEncode(csrf[1].str()) + "&return=" + UrlEncode(list) + "&c" +
                                         id[1].str() + "=1&state=addressed&note=" + UrlEncode("Clarified."),
                                     c.browser.SameOriginHeaders());
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(DataSql(data_dir, "SELECT count(*) FROM feedback_audit WHERE actor = '" + email + "'"), "1");
  return DataSql(data_dir, "SELECT id FROM users WHERE email = '" + email + "'");
}

// A fresh server per test: the sign-in limits and lockouts are per process, and some tests age
// or count rows in the database.
class AccountApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start()) << server_.error(); }
  void TearDown() override {
    if (server_.running()) {
      EXPECT_EQ(server_.Stop(), 0) << server_.StderrLog();
    }
  }
  std::uint16_t port() const { return server_.port(); }
  fs::path data() const { return dir_ / "data"; }

  TempDir dir_{"accounts"};
  ServerProcess server_{dir_ / "data"};
};

TEST_F(AccountApiTest, SignUpSetsAHardenedSessionCookieAndReturnsACsrfToken) {
  Client c(port());
  HttpResponse r = c.SignUp("Mixed.Case@Example.org", kPassword, "Ada");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string session_cookie;
  for (const auto& sc : r.AllHeaders("set-cookie"))
    if (sc.starts_with("sp_session=")) session_cookie = sc;
  ASSERT_FALSE(session_cookie.empty()) << "no session cookie";
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(session_cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(c.browser.Cookie("sp_session").size(), 43u) << "256-bit token, base64url";
  EXPECT_EQ(c.csrf.size(), 43u);
  auto v = r.Json();
  EXPECT_EQ(v.at("user").at("email").as_string(), "mixed.case@example.org");
  EXPECT_EQ(v.at("user").at("role").as_string(), "member");
  HttpResponse me = c.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json().at("display_name").as_string(), "Ada");
  // The store holds only a hash of the token.
  EXPECT_FALSE(DatabaseHolds(data(), c.browser.Cookie("sp_session")));
}

TEST_F(AccountApiTest, SignUpRefusesBadInputWithClearMessages) {
  Client c(port());
  EXPECT_TRUE(IsJsonError(c.SignUp("no-at-sign"), 400, "invalid_argument"));
  EXPECT_TRUE(IsJsonError(c.SignUp("a@example.org", "short pass"), 400, "invalid_argument"));
  EXPECT_TRUE(IsJsonError(c.SignUp("a@example.org", std::string(129, 'x')), 400, "invalid_argument"));
  HttpResponse common = c.SignUp("a@example.org", "1qaz2wsx3edc");
  EXPECT_TRUE(IsJsonError(common, 400, "invalid_argument"));
  EXPECT_NE(common.body.find("common"), std::string::npos) << common.body;
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/auth/signup", "text/plain", "x"), 415));
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/auth/signup", kJson, "{\"email\":"), 400));
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/auth/signup", kJson, "{\"email\":\"a@example.org\"}"), 400));
  ASSERT_EQ(c.SignUp("taken@example.org").status, 201);
  Client other(port());
  EXPECT_TRUE(IsJsonError(other.SignUp("TAKEN@example.org"), 409, "conflict"));
}

TEST_F(AccountApiTest, MeNeedsCredentials) {
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/me"), 401, "unauthenticated"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/me/attempts"), 401, "unauthenticated"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/me/export"), 401, "unauthenticated"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/me", {{"Cookie", "sp_session=" + std::string(43, 'A')}}), 401));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/me", {{"Authorization", "Bearer spt_" + std::string(43, 'A')}}), 401));
}

TEST_F(AccountApiTest, StateChangingCallsWithoutAValidCsrfTokenAre403) {
  Client c(port());
  ASSERT_EQ(c.SignUp("csrf@example.org").status, 201);
  const std::string q = Questions(port(), 1).at(0);
  const std::string body = json::serialize(json::object{{"question_id", q}, {"answer", Answer("x")}, {"seconds", 5}});
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/me/attempts", kJson, body), 403, "forbidden"));
  EXPECT_TRUE(
      IsJsonError(c.browser.Post("/api/v1/me/attempts", kJson, body, {{"X-CSRF-Token", std::string(43, 'x')}}), 403));
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/me/stories", kJson, json::serialize(Story("t", q))), 403));
  EXPECT_TRUE(IsJsonError(
      c.browser.Send("DELETE", "/api/v1/me", kJson, "{\"password\":\"" + std::string(kPassword) + "\"}"), 403));
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/me/tokens", kJson, "{\"name\":\"x\"}"), 403));
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/auth/signout", "", ""), 403));
  // Nothing was written, and the account still works.
  HttpResponse list = c.Get("/api/v1/me/attempts");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("total").to_number<int>(), 0);
  EXPECT_EQ(c.SaveAttempt(q, Answer("with token")).status, 201);
}

TEST_F(AccountApiTest, SignInRotatesTheSessionAndTheCsrfToken) {
  Client c(port());
  ASSERT_EQ(c.SignUp("rotate@example.org").status, 201);
  const std::string first_session = c.browser.Cookie("sp_session");
  const std::string first_csrf = c.csrf;
  ASSERT_EQ(c.SignIn("rotate@example.org").status, 200);
  EXPECT_NE(c.browser.Cookie("sp_session"), first_session);
  EXPECT_NE(c.csrf, first_csrf);
  // The session the browser held before signing in again has ended.
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/me", {{"Cookie", "sp_session=" + first_session}}), 401));
  // The old CSRF token does not work with the new session.
  const std::string q = Questions(port(), 1).at(0);
  EXPECT_TRUE(IsJsonError(c.browser.Post("/api/v1/me/attempts", kJson,
                                         json::serialize(json::object{{"question_id", q}, {"answer", Answer("a")}}),
                                         {{"X-CSRF-Token", first_csrf}}),
                          403));
}

TEST_F(AccountApiTest, BruteForceSignInGets429WithRetryAfter) {
  Client c(port());
  ASSERT_EQ(c.SignUp("target@example.org").status, 201);
  Client attacker(port());
  int unauthorized = 0;
  HttpResponse r;
  for (int i = 0; i < 12; ++i) {
    r = attacker.SignIn("target@example.org", "not the right password " + std::to_string(i));
    if (r.status == 401) ++unauthorized;
    if (r.status == 429) break;
  }
  EXPECT_TRUE(IsJsonError(r, 429, "rate_limited"));
  EXPECT_GE(std::stoi(r.Header("retry-after").empty() ? "0" : r.Header("retry-after")), 1);
  EXPECT_EQ(unauthorized, 5) << "the account locks after five wrong passwords";
  // Locked: even the right password is refused for now.
  EXPECT_EQ(attacker.SignIn("target@example.org").status, 429);
  // The owner's existing session keeps working.
  EXPECT_EQ(c.Get("/api/v1/me").status, 200);
}

TEST_F(AccountApiTest, WrongEmailAndWrongPasswordLookTheSame) {
  Client c(port());
  ASSERT_EQ(c.SignUp("real@example.org").status, 201);
  HttpResponse wrong_password = Client(port()).SignIn("real@example.org", "definitely not it at all");
  HttpResponse no_account = Client(port()).SignIn("nobody@example.org", "definitely not it at all");
  ASSERT_TRUE(IsJsonError(wrong_password, 401));
  ASSERT_TRUE(IsJsonError(no_account, 401));
  EXPECT_EQ(wrong_password.Json().at("error").at("message"), no_account.Json().at("error").at("message"));
}

TEST_F(AccountApiTest, ExpiredSessionsAreRefused) {
  const fs::path db = data();
  Client absolute(port());
  ASSERT_EQ(absolute.SignUp("absolute@example.org").status, 201);
  Client idle(port());
  ASSERT_EQ(idle.SignUp("idle@example.org").status, 201);
  ASSERT_EQ(absolute.Get("/api/v1/me").status, 200);
  ASSERT_EQ(idle.Get("/api/v1/me").status, 200);
  // Age the sessions in the database, as time would.
  DataSql(db,
          "UPDATE sessions SET expires_at = '2001-01-01T00:00:00Z' WHERE user_id = "
          "(SELECT id FROM users WHERE email = 'absolute@example.org')");
  DataSql(db,
          "UPDATE sessions SET last_seen_at = '2001-01-01T00:00:00Z' WHERE user_id = "
          "(SELECT id FROM users WHERE email = 'idle@example.org')");
  EXPECT_TRUE(IsJsonError(absolute.Get("/api/v1/me"), 401));
  EXPECT_TRUE(IsJsonError(idle.Get("/api/v1/me"), 401));
  EXPECT_EQ(DataSql(db, "SELECT count(*) FROM sessions"), "0") << "expired sessions are deleted when seen";
}

TEST_F(AccountApiTest, SignOutAndSignOutEverywhere) {
  Client laptop(port()), phone(port());
  ASSERT_EQ(laptop.SignUp("two@example.org").status, 201);
  ASSERT_EQ(phone.SignIn("two@example.org").status, 200);
  HttpResponse out = laptop.Call("POST", "/api/v1/auth/signout");
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(laptop.Get("/api/v1/me").status, 401);
  EXPECT_EQ(phone.Get("/api/v1/me").status, 200);
  ASSERT_EQ(laptop.SignIn("two@example.org").status, 200);
  HttpResponse all = laptop.Call("POST", "/api/v1/auth/signout-everywhere");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json().at("sessions_ended").to_number<int>(), 2);
  EXPECT_EQ(laptop.Get("/api/v1/me").status, 401);
  EXPECT_EQ(phone.Get("/api/v1/me").status, 401);
}

TEST_F(AccountApiTest, ChangingThePasswordEndsOtherSessions) {
  Client c(port()), other(port());
  ASSERT_EQ(c.SignUp("change@example.org").status, 201);
  ASSERT_EQ(other.SignIn("change@example.org").status, 200);
  const std::string next = "an entirely new passphrase";
  EXPECT_TRUE(IsJsonError(
      c.Call("POST", "/api/v1/auth/password",
             json::serialize(json::object{{"current_password", "wrong wrong wrong"}, {"new_password", next}})),
      400));
  HttpResponse r = c.Call("POST", "/api/v1/auth/password",
                          json::serialize(json::object{{"current_password", kPassword}, {"new_password", next}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(c.Get("/api/v1/me").status, 200) << "the changing browser gets a new session";
  EXPECT_EQ(other.Get("/api/v1/me").status, 401);
  EXPECT_EQ(Client(port()).SignIn("change@example.org").status, 401);
  EXPECT_EQ(Client(port()).SignIn("change@example.org", next).status, 200);
}

TEST_F(AccountApiTest, UsersCanNeverReachEachOthersRecords) {
  const auto qs = Questions(port(), 2);
  Client a(port()), b(port());
  ASSERT_EQ(a.SignUp("alice@example.org").status, 201);
  ASSERT_EQ(b.SignUp("bob@example.org").status, 201);
  const std::int64_t attempt = IdOf(a.SaveAttempt(qs[0], Answer("alice's secret")));
  const std::int64_t story = IdOf(a.CreateStory(Story("Alice's story", qs[0])));
  HttpResponse token = a.Call("POST", "/api/v1/me/tokens", "{\"name\":\"alice script\"}");
  ASSERT_EQ(token.status, 201) << token.body;
  const std::int64_t token_id = IdOf(token);
  ASSERT_GT(attempt, 0);
  ASSERT_GT(story, 0);
  const std::string a_attempt = "/api/v1/me/attempts/" + std::to_string(attempt);
  const std::string a_story = "/api/v1/me/stories/" + std::to_string(story);
  EXPECT_TRUE(IsJsonError(b.Get(a_attempt), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(b.Call("DELETE", a_attempt), 404));
  EXPECT_TRUE(IsJsonError(b.Get(a_story), 404));
  EXPECT_TRUE(IsJsonError(b.Call("PUT", a_story, json::serialize(Story("Bob was here", qs[1]))), 404));
  EXPECT_TRUE(IsJsonError(b.Call("DELETE", a_story), 404));
  EXPECT_TRUE(IsJsonError(b.Call("DELETE", "/api/v1/me/tokens/" + std::to_string(token_id)), 404));
  EXPECT_EQ(b.Get("/api/v1/me/attempts").Json().at("total").to_number<int>(), 0);
  EXPECT_EQ(b.Get("/api/v1/me/stories").Json().at("total").to_number<int>(), 0);
  // Alice's records are untouched.
  HttpResponse mine = a.Get(a_attempt);
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.Json().at("answer").as_string().find("alice's secret"), std::string::npos);
  EXPECT_EQ(a.Get(a_story).Json().at("title").as_string(), "Alice's story");
  EXPECT_EQ(a.Get("/api/v1/me/tokens").Json().at("items").as_array().size(), 1u);
}

TEST_F(AccountApiTest, ApiTokensWorkWithoutCookiesAndStopWhenRevoked) {
  Client c(port());
  ASSERT_EQ(c.SignUp("script@example.org").status, 201);
  HttpResponse created = c.Call("POST", "/api/v1/me/tokens", "{\"name\":\"nightly export\",\"scope\":\"write\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("scope").as_string(), "write");
  const std::string token(created.Json().at("token").as_string());
  EXPECT_TRUE(token.starts_with("spt_"));
  const Headers bearer{{"Authorization", "Bearer " + token}, {"Content-Type", kJson}};
  const std::string q = Questions(port(), 1).at(0);
  HttpResponse saved = Fetch(port(), "POST", "/api/v1/me/attempts", bearer,
                             json::serialize(json::object{{"question_id", q}, {"answer", Answer("by script")}}));
  EXPECT_EQ(saved.status, 201) << "a bearer token needs no CSRF header: " << saved.body;
  HttpResponse listed = c.Get("/api/v1/me/tokens");
  ASSERT_EQ(listed.status, 200);
  const json::value listed_json = listed.Json();
  const auto& item = listed_json.at("items").at(0).as_object();
  EXPECT_FALSE(item.contains("token")) << "a token is shown once only";
  EXPECT_EQ(item.at("scope").as_string(), "write");
  EXPECT_FALSE(std::string(item.at("last_used_at").as_string()).empty());
  EXPECT_FALSE(DatabaseHolds(data(), token)) << "tokens are stored hashed";
  ASSERT_EQ(c.Call("DELETE", "/api/v1/me/tokens/" + std::to_string(IdOf(created))).status, 204);
  EXPECT_TRUE(IsJsonError(Fetch(port(), "GET", "/api/v1/me", bearer), 401));
}

TEST_F(AccountApiTest, AttemptsCarryTheCoachResultAndCanBeListedFilteredAndDeleted) {
  const auto qs = Questions(port(), 2);
  Client c(port());
  ASSERT_EQ(c.SignUp("attempts@example.org").status, 201);
  HttpResponse first = c.SaveAttempt(qs[0], Answer("first"), 95);
  ASSERT_EQ(first.status, 201) << first.body;
  auto v = first.Json();
  EXPECT_EQ(v.at("seconds").to_number<int>(), 95);
  EXPECT_GT(v.at("score").to_number<int>(), 0);
  EXPECT_TRUE(v.at("coach").is_object());
  EXPECT_TRUE(v.at("coach").as_object().contains("sentences"));
  EXPECT_EQ(v.at("parts").as_object().size(), 4u);
  ASSERT_EQ(c.SaveAttempt(qs[0], Answer("second")).status, 201);
  ASSERT_EQ(c.SaveAttempt(qs[1], Answer("third")).status, 201);
  auto all = c.Get("/api/v1/me/attempts").Json();
  EXPECT_EQ(all.at("total").to_number<int>(), 3);
  auto filtered = c.Get("/api/v1/me/attempts?question_id=" + qs[0]).Json();
  EXPECT_EQ(filtered.at("total").to_number<int>(), 2);
  EXPECT_GT(filtered.at("items").at(0).at("id").to_number<int>(), filtered.at("items").at(1).at("id").to_number<int>())
      << "newest first";
  auto page = c.Get("/api/v1/me/attempts?limit=1&offset=1").Json();
  EXPECT_EQ(page.at("items").as_array().size(), 1u);
  ASSERT_EQ(c.Call("DELETE", "/api/v1/me/attempts/" + std::to_string(IdOf(first))).status, 204);
  EXPECT_EQ(c.Get("/api/v1/me/attempts").Json().at("total").to_number<int>(), 2);
  EXPECT_TRUE(IsJsonError(c.Get("/api/v1/me/attempts/" + std::to_string(IdOf(first))), 404));
  // Bad input: unknown question, empty answer, bad seconds, malformed id.
  EXPECT_TRUE(IsJsonError(c.SaveAttempt("no-such-question", Answer("x")), 404));
  EXPECT_TRUE(IsJsonError(c.SaveAttempt(qs[0], "   "), 400));
  EXPECT_TRUE(IsJsonError(c.SaveAttempt(qs[0], Answer("x"), -1), 400));
  EXPECT_TRUE(IsJsonError(c.SaveAttempt(qs[0], std::string(10001, 'a')), 413));
  EXPECT_TRUE(IsJsonError(c.Get("/api/v1/me/attempts/abc"), 404));
  EXPECT_TRUE(IsJsonError(c.Get("/api/v1/me/attempts?limit=0"), 400));
}

TEST_F(AccountApiTest, StoriesKeepPayloadsLiterallyAndLinkQuestions) {
  const auto qs = Questions(port(), 2);
  Client c(port());
  ASSERT_EQ(c.SignUp("stories@example.org").status, 201);
  const std::string script = "<script>alert('x')</script> & \"quotes\"";
  const std::string sql = "Robert'); DROP TABLE stories;-- %_ \\ ?1";
  HttpResponse made = c.CreateStory(Story(script, qs[0]));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("title").as_string(), script);
  EXPECT_GT(made.Json().at("score").to_number<int>(), 0);
  json::object second = Story(sql, qs[1]);
  second["question_ids"] = json::array{qs[0], qs[1]};
  const std::int64_t id = IdOf(c.CreateStory(second));
  ASSERT_GT(id, 0);
  auto got = c.Get("/api/v1/me/stories/" + std::to_string(id)).Json();
  EXPECT_EQ(got.at("title").as_string(), sql);
  EXPECT_EQ(got.at("question_ids").as_array().size(), 2u);
  EXPECT_EQ(c.Get("/api/v1/me/stories").Json().at("total").to_number<int>(), 2) << "the stories table survived";
  // Update replaces the links; bad input changes nothing.
  json::object edited = Story("Edited", qs[1]);
  HttpResponse put = c.Call("PUT", "/api/v1/me/stories/" + std::to_string(id), json::serialize(edited));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json().at("question_ids").as_array().size(), 1u);
  json::object broken = Story("Broken", "no-such-question");
  EXPECT_TRUE(IsJsonError(c.Call("PUT", "/api/v1/me/stories/" + std::to_string(id), json::serialize(broken)), 404));
  json::object untitled = Story("", qs[0]);
  EXPECT_TRUE(IsJsonError(c.CreateStory(untitled), 400));
  EXPECT_EQ(c.Get("/api/v1/me/stories/" + std::to_string(id)).Json().at("title").as_string(), "Edited");
  ASSERT_EQ(c.Call("DELETE", "/api/v1/me/stories/" + std::to_string(id)).status, 204);
  EXPECT_EQ(c.Get("/api/v1/me/stories").Json().at("total").to_number<int>(), 1);
}

TEST_F(AccountApiTest, SavedAnswersAndStoriesAreNotInTheDatabaseFileInPlainText) {
  const std::string q = Questions(port(), 1).at(0);
  Client c(port());
  ASSERT_EQ(c.SignUp("private@example.org").status, 201);
  const std::string marker = "Zanzibar-quokka-7741 was the codename of the migration.";
  ASSERT_EQ(c.SaveAttempt(q, Answer(marker)).status, 201);
  json::object story = Story("Quetzal-harbour-5512 retrospective", q);
  ASSERT_EQ(c.CreateStory(story).status, 201);
  EXPECT_FALSE(DatabaseHolds(data(), "Zanzibar-quokka-7741"));
  EXPECT_FALSE(DatabaseHolds(data(), "Quetzal-harbour-5512"));
  EXPECT_FALSE(DatabaseHolds(data(), "idempotent batches"));
  // ... while the owner reads them back.
  auto list = c.Get("/api/v1/me/export").Json();
  EXPECT_NE(json::serialize(list).find("Zanzibar-quokka-7741"), std::string::npos);
}

TEST_F(AccountApiTest, EditorAccountsMayWriteJobsWithTheirApiToken) {
  const fs::path data_dir = data();
  CommandResult added =
      RunStarprep({"user", "add", "Editor@Example.org", "--role", "member", "--data", data_dir.string()}, 60s,
                  std::string(kPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("editor@example.org"), std::string::npos);
  CommandResult weak = RunStarprep({"user", "add", "weak@example.org", "--data", data_dir.string()}, 60s, "password\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("12 characters"), std::string::npos) << weak.err;
  Client c(port());
  ASSERT_EQ(c.SignIn("editor@example.org").status, 200);
  HttpResponse token = c.Call("POST", "/api/v1/me/tokens", "{\"name\":\"jobs feed\",\"scope\":\"write\"}");
  ASSERT_EQ(token.status, 201);
  const Headers bearer{{"Authorization", "Bearer " + std::string(token.Json().at("token").as_string())},
                       {"Content-Type", kJson}};
  HttpResponse read_token = c.Call("POST", "/api/v1/me/tokens", "{\"name\":\"jobs reader\"}");
  ASSERT_EQ(read_token.status, 201);
  const Headers read_bearer{{"Authorization", "Bearer " + std::string(read_token.Json().at("token").as_string())},
                            {"Content-Type", kJson}};
  const std::string job =
      R"({"title":"Back-end Engineer","company":{"name":"Acme"},"apply_url":"https://example.org/apply",
    "date_posted":"2026-11-01","remote":"remote","description":"Build APIs."})";
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", "/api/v1/jobs", bearer, job), 403)) << "a member may not write jobs";
  CommandResult promoted =
      RunStarprep({"user", "set-role", "editor@example.org", "editor", "--data", data_dir.string()});
  ASSERT_EQ(promoted.exit_code, 0) << promoted.err;
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", "/api/v1/jobs", read_bearer, job), 403))
      << "an editor's read-scope token may not write jobs";
  HttpResponse created = Fetch(port(), "POST", "/api/v1/jobs", bearer, job);
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(RunStarprep({"user", "set-role", "nobody@example.org", "admin", "--data", data_dir.string()}).exit_code, 2);
  // A forgotten password: the operator sets a new one, which ends the account's sessions.
  const std::string fresh = "a replacement passphrase from the operator";
  CommandResult reset =
      RunStarprep({"user", "set-password", "editor@example.org", "--data", data_dir.string()}, 60s, fresh + "\n");
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(c.Get("/api/v1/me").status, 401);
  EXPECT_EQ(Client(port()).SignIn("editor@example.org").status, 401);
  EXPECT_EQ(Client(port()).SignIn("editor@example.org", fresh).status, 200);
  EXPECT_EQ(RunStarprep({"user", "set-password", "nobody@example.org", "--data", data_dir.string()}, 60s, fresh + "\n")
                .exit_code,
            2);
}

TEST_F(AccountApiTest, KeyRotationReEncryptsWhileServing) {
  const fs::path data_dir = data();
  const std::string q = Questions(port(), 1).at(0);
  Client c(port());
  ASSERT_EQ(c.SignUp("keys@example.org").status, 201);
  const std::int64_t before = IdOf(c.SaveAttempt(q, Answer("sealed under key one")));
  ASSERT_GT(IdOf(c.CreateStory(Story("Key story", q))), 0);
  ASSERT_EQ(DataSql(data_dir, "SELECT CAST(min(key_id) AS TEXT) || '-' || CAST(max(key_id) AS TEXT) FROM attempts"),
            "1-1");
  CommandResult rotated = RunStarprep({"keys", "rotate", "--data", data_dir.string()}, 60s);
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("key 2: 2 records (current)"), std::string::npos) << rotated.out;
  EXPECT_EQ(DataSql(data_dir, "SELECT CAST(min(key_id) AS TEXT) || '-' || CAST(max(key_id) AS TEXT) FROM attempts"),
            "2-2");
  // The running server reads the re-sealed records and seals new ones with the new key.
  HttpResponse old = c.Get("/api/v1/me/attempts/" + std::to_string(before));
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_NE(old.Json().at("answer").as_string().find("sealed under key one"), std::string::npos);
  const std::int64_t after = IdOf(c.SaveAttempt(q, Answer("sealed later")));
  EXPECT_EQ(DataSql(data_dir, "SELECT key_id FROM attempts WHERE id = " + std::to_string(after)), "2");
  CommandResult status = RunStarprep({"keys", "status", "--data", data_dir.string()});
  EXPECT_NE(status.out.find("current key: 2"), std::string::npos) << status.out;
}

// The whole journey, on its own server so that the database can be inspected after it stops.
TEST(AccountLifecycle, SignUpPractiseSaveProgressExportDeleteLeavesNothing) {
  TempDir dir("lifecycle");
  ServerProcess server(dir / "data");
  ASSERT_TRUE(server.Start()) << server.error();
  const auto qs = Questions(server.port(), 3);
  ASSERT_EQ(qs.size(), 3u);
  Client c(server.port());
  const std::string email = "journey-7c1e@example.org";
  ASSERT_EQ(c.SignUp(email, kPassword, "Jo <b>Journey</b>").status, 201);
  // Practise with the coach (no account needed), then save three attempts.
  HttpResponse coached = Fetch(server.port(), "POST", "/api/v1/coach", {{"Content-Type", kJson}},
                               json::serialize(json::object{{"answer", Answer("practice")}, {"question_id", qs[0]}}));
  ASSERT_EQ(coached.status, 200) << coached.body;
  for (const auto& q : qs) ASSERT_EQ(c.SaveAttempt(q, Answer("journey-secret-" + q)).status, 201);
  // Two stories, linked to questions.
  ASSERT_EQ(c.CreateStory(Story("First journey story", qs[0])).status, 201);
  json::object second = Story("Second journey story", qs[1]);
  second["question_ids"] = json::array{qs[1], qs[2]};
  ASSERT_EQ(c.CreateStory(second).status, 201);
  // A vote while signed in, linked to the account.
  HttpResponse voted =
      c.Call("POST", "/api/v1/questions/" + qs[0] + "/feedback", R"({"helpful":true,"comment":"clear"})");
  ASSERT_EQ(voted.status, 200) << voted.body;
  ASSERT_EQ(c.Call("POST", "/api/v1/me/tokens", "{\"name\":\"journey-token-5e2d\"}").status, 201);
  // They are an editor too, and act on that comment: the audit names them.
  const std::string user_id = ActAsEditor(c, dir / "data", email, qs[0]);
  ASSERT_FALSE(user_id.empty());
  // Export everything.
  HttpResponse exported = c.Get("/api/v1/me/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.Header("content-disposition").find("attachment"), std::string::npos);
  auto e = exported.Json();
  EXPECT_EQ(e.at("account").at("email").as_string(), email);
  EXPECT_EQ(e.at("attempts").as_array().size(), 3u);
  EXPECT_EQ(e.at("stories").as_array().size(), 2u);
  EXPECT_EQ(e.at("votes").as_array().size(), 1u);
  EXPECT_EQ(e.at("api_tokens").as_array().size(), 1u);
  EXPECT_NE(json::serialize(e).find("journey-secret-" + qs[2]), std::string::npos);
  ASSERT_TRUE(DatabaseHolds(dir / "data", email)) << "the search must see what is stored, or its misses mean nothing";
  // Delete: the wrong password changes nothing; the right one removes it all.
  EXPECT_TRUE(IsJsonError(c.Call("DELETE", "/api/v1/me", "{\"password\":\"not my password at all\"}"), 400));
  EXPECT_EQ(c.Get("/api/v1/me").status, 200);
  HttpResponse deleted = c.Call("DELETE", "/api/v1/me", json::serialize(json::object{{"password", kPassword}}));
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(c.Get("/api/v1/me").status, 401);
  EXPECT_EQ(Client(server.port()).SignIn(email).status, 401);
  EXPECT_EQ(FeedbackCounts(server.port(), qs[0]).helpful, 1) << "the vote still counts, unlinked";
  ASSERT_EQ(server.Stop(), 0);
  const fs::path db = dir / "data";
  for (const char* table : {"users", "sessions", "api_tokens", "attempts", "stories", "story_questions"})
    EXPECT_EQ(DataSql(db, std::string("SELECT count(*) FROM ") + table), "0") << table;
  EXPECT_EQ(DataSql(db, "SELECT count(*) FROM votes WHERE user_id IS NOT NULL"), "0");
  // The audit keeps who acted, without personal data (docs/operations.md, "Export and deletion").
  EXPECT_EQ(DataSql(db, "SELECT actor FROM feedback_audit"), "deleted editor #" + user_id);
  EXPECT_EQ(DataSql(db, "SELECT note FROM feedback_audit"), "Clarified.");
  EXPECT_FALSE(DatabaseHolds(dir / "data", email));
  EXPECT_FALSE(DatabaseHolds(dir / "data", "Journey"));
}

// Deleted means gone from the disk while the server keeps running: not in the database file,
// not in its write-ahead log, not in any other file of the data directory.
TEST_F(AccountApiTest, DeletedAccountLeavesNoTraceInAnyFileWhileServing) {
  if (UsesPostgres()) GTEST_SKIP() << "SQLite-only: the files of a data directory's database and its WAL";
  const std::string email = "wombat-lighthouse-93@example.org";
  const std::string name = "Ottoline Pemberton-Quill";
  const std::string token_name = "Marzipan-Ferry-Token";
  const std::string q = Questions(port(), 1).at(0);
  Client c(port());
  ASSERT_EQ(c.SignUp(email, kPassword, name).status, 201);
  ASSERT_EQ(c.Call("POST", "/api/v1/me/tokens", json::serialize(json::object{{"name", token_name}})).status, 201);
  ASSERT_EQ(c.SaveAttempt(q, Answer("wombat")).status, 201);
  // An editor too, whose action on a comment is audited under their email until they go.
  ASSERT_EQ(
      c.Call("POST", "/api/v1/questions/" + q + "/feedback", R"({"helpful":false,"comment":"Which metric?"})").status,
      200);
  const std::string user_id = ActAsEditor(c, data(), email, q);
  HttpResponse changed =
      c.Call("POST", "/api/v1/auth/password",
             json::serialize(json::object{{"current_password", kPassword}, {"new_password", kPassword}}));
  ASSERT_EQ(changed.status, 200) << changed.body;                     // one more version of the user's row in the log
  c.csrf = std::string(changed.Json().at("csrf_token").as_string());  // the new session's
  for (const std::string& marker : {email, name, token_name})
    ASSERT_FALSE(FilesContaining(data(), marker).empty()) << marker << " should be on disk before the deletion";
  HttpResponse deleted = c.Call("DELETE", "/api/v1/me", json::serialize(json::object{{"password", kPassword}}));
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  ASSERT_TRUE(server_.running());
  for (const std::string& marker : {email, name, token_name}) {
    const auto files = FilesContaining(data(), marker);
    EXPECT_TRUE(files.empty()) << marker << " is still in " << (files.empty() ? "" : files.front());
  }
  EXPECT_EQ(DataSql(data(), "SELECT actor FROM feedback_audit"), "deleted editor #" + user_id);
  // The server keeps serving and writing after the log was truncated.
  Client next(port());
  EXPECT_EQ(next.SignUp("after-deletion@example.org").status, 201);
  EXPECT_EQ(next.SaveAttempt(q, Answer("after")).status, 201);
}

// What a token may do depends on its scope; managing the account needs the session.
TEST_F(AccountApiTest, TokenScopesLimitWhatATokenMayDo) {
  const std::string q = Questions(port(), 1).at(0);
  Client c(port());
  ASSERT_EQ(c.SignUp("scopes@example.org").status, 201);
  HttpResponse bad = c.Call("POST", "/api/v1/me/tokens", R"({"name":"x","scope":"admin"})");
  EXPECT_TRUE(IsJsonError(bad, 400)) << bad.body;
  EXPECT_NE(bad.body.find("scope"), std::string::npos) << bad.body;
  HttpResponse read = c.Call("POST", "/api/v1/me/tokens", R"({"name":"dashboard"})");
  HttpResponse write = c.Call("POST", "/api/v1/me/tokens", R"({"name":"sync","scope":"write"})");
  ASSERT_EQ(read.status, 201) << read.body;
  ASSERT_EQ(write.status, 201) << write.body;
  EXPECT_EQ(read.Json().at("scope").as_string(), "read") << "read is the default";
  EXPECT_EQ(write.Json().at("scope").as_string(), "write");
  auto bearer = [](const HttpResponse& made) {
    return Headers{{"Authorization", "Bearer " + std::string(made.Json().at("token").as_string())},
                   {"Content-Type", kJson}};
  };
  const Headers reader = bearer(read), writer = bearer(write);
  const std::string attempt = json::serialize(json::object{{"question_id", q}, {"answer", Answer("scoped")}});

  // read: GETs only.
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me", reader).status, 200);
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me/attempts", reader).status, 200);
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me/tokens", reader).status, 200);
  HttpResponse refused = Fetch(port(), "POST", "/api/v1/me/attempts", reader, attempt);
  EXPECT_TRUE(IsJsonError(refused, 403, "forbidden")) << refused.body;
  EXPECT_NE(std::string(refused.Json().at("error").at("message").as_string()).find("\"read\" scope"), std::string::npos)
      << refused.body;
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", "/api/v1/me/stories", reader, json::serialize(Story("No", q))), 403));

  // write: attempts and stories too.
  HttpResponse saved = Fetch(port(), "POST", "/api/v1/me/attempts", writer, attempt);
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_TRUE(IsJsonError(Fetch(port(), "DELETE", "/api/v1/me/attempts/" + std::to_string(IdOf(saved)), reader), 403));
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/me/attempts/" + std::to_string(IdOf(saved)), writer).status, 204);
  HttpResponse story = Fetch(port(), "POST", "/api/v1/me/stories", writer, json::serialize(Story("Scoped story", q)));
  ASSERT_EQ(story.status, 201) << story.body;
  EXPECT_EQ(Fetch(port(), "PUT", "/api/v1/me/stories/" + std::to_string(IdOf(story)), writer,
                  json::serialize(Story("Scoped story, edited", q)))
                .status,
            200);

  // Neither may manage the account, whatever it sends.
  const std::string read_id = std::to_string(IdOf(read));
  for (const Headers* token : {&reader, &writer}) {
    const std::pair<std::string, std::string> account_calls[] = {
        {"POST", "/api/v1/me/tokens"},     {"DELETE", "/api/v1/me/tokens/" + read_id},
        {"POST", "/api/v1/auth/password"}, {"POST", "/api/v1/auth/signout-everywhere"},
        {"POST", "/api/v1/auth/signout"},  {"DELETE", "/api/v1/me"},
    };
    for (const auto& [method, target] : account_calls) {
      const std::string body = json::serialize(json::object{{"name", "minted"},
                                                            {"password", kPassword},
                                                            {"current_password", kPassword},
                                                            {"new_password", "a token should never set this"}});
      HttpResponse r = Fetch(port(), method, target, *token, body);
      EXPECT_TRUE(IsJsonError(r, 403, "forbidden")) << method << " " << target << ": " << r.status << " " << r.body;
      EXPECT_NE(r.body.find("cannot manage the account"), std::string::npos) << r.body;
    }
  }
  // Nothing changed: the account, its password, both tokens and the session are all still there.
  EXPECT_EQ(c.Get("/api/v1/me").status, 200);
  EXPECT_EQ(c.Get("/api/v1/me/tokens").Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(Client(port()).SignIn("scopes@example.org").status, 200);
  // The session (with its CSRF token) still manages the account.
  EXPECT_EQ(c.Call("DELETE", "/api/v1/me/tokens/" + read_id).status, 204);
  EXPECT_TRUE(IsJsonError(Fetch(port(), "GET", "/api/v1/me", reader), 401));
}

TEST_F(AccountApiTest, TargetRolesAreSetReadExportedAndBadInputIsA400) {
  Client c(port());
  ASSERT_EQ(c.SignUp("targets@example.org").status, 201);
  HttpResponse none = c.Get("/api/v1/me/target-roles");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.Json().at("roles").as_array().empty());
  EXPECT_EQ(none.Json().at("max_roles").as_int64(), 3);

  HttpResponse set = c.Call("PUT", "/api/v1/me/target-roles",
                            R"({"roles":["devops-engineer"," backend-developer","devops-engineer"]})");
  ASSERT_EQ(set.status, 200) << set.body;
  const json::array expected{"devops-engineer", "backend-developer"};
  EXPECT_EQ(set.Json().at("roles").as_array(), expected);
  EXPECT_EQ(c.Get("/api/v1/me/target-roles").Json().at("roles").as_array(), expected);
  EXPECT_EQ(c.Get("/api/v1/me/export").Json().at("target_roles").as_array(), expected);

  const std::pair<std::string, std::string> bad[] = {
      {R"({"roles":["astronaut"]})", "There is no role"},
      {R"({"roles":["backend-developer","frontend-developer","data-engineer","devops-engineer"]})", "at most 3"},
      {R"({"roles":"backend-developer"})", "array of strings"},
      {R"({"roles":[1]})", "array of strings"},
      {R"({})", "required"},
      {R"({"roles":null})", "required"},
  };
  for (const auto& [body, says] : bad) {
    HttpResponse r = c.Call("PUT", "/api/v1/me/target-roles", body);
    EXPECT_TRUE(IsJsonError(r, 400, "invalid_field")) << body << ": " << r.status << " " << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << body << ": " << r.body;
  }
  EXPECT_TRUE(IsJsonError(c.Call("PUT", "/api/v1/me/target-roles", "[\"backend-developer\"]"), 400, "invalid_json"));
  // Without the CSRF header, or without credentials: refused.
  HttpResponse no_csrf = c.browser.Send("PUT", "/api/v1/me/target-roles", kJson, R"({"roles":[]})", {});
  EXPECT_TRUE(IsJsonError(no_csrf, 403, "forbidden")) << no_csrf.body;
  EXPECT_TRUE(IsJsonError(Fetch(port(), "GET", "/api/v1/me/target-roles", {}), 401));
  // Nothing above changed them; [] clears them.
  EXPECT_EQ(c.Get("/api/v1/me/target-roles").Json().at("roles").as_array(), expected);
  ASSERT_EQ(c.Call("PUT", "/api/v1/me/target-roles", R"({"roles":[]})").status, 200);
  EXPECT_TRUE(c.Get("/api/v1/me/target-roles").Json().at("roles").as_array().empty());

  // A read token may read them, not change them.
  HttpResponse read = c.Call("POST", "/api/v1/me/tokens", R"({"name":"dashboard"})");
  ASSERT_EQ(read.status, 201) << read.body;
  const Headers reader{{"Authorization", "Bearer " + std::string(read.Json().at("token").as_string())},
                       {"Content-Type", kJson}};
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me/target-roles", reader).status, 200);
  EXPECT_TRUE(IsJsonError(Fetch(port(), "PUT", "/api/v1/me/target-roles", reader, R"({"roles":[]})"), 403));
}

}  // namespace
}  // namespace starprep::it
