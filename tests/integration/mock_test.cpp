// SPDX-License-Identifier: Apache-2.0
// Mock interviews against the real server: the /api/v1/me/mocks lifecycle, isolation between
// users, credentials and CSRF, bad input, a draft kept at a time-out (the server's clock moved on
// with STARPREP_TEST_CLOCK_FILE, app/app.cpp MockNow), resuming after a restart, the export and
// the OpenAPI document.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "auth/keyring.h"
#include "fault_helpers.h"
#include "fixture.h"
#include "practice/mocks.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kMocks = "/api/v1/me/mocks";
constexpr const char* kJsonType = "application/json";

class MockApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>("mock");
    clock_file_ = (dir_->path() / "clock").string();
    SetClock(0);
    ::setenv("STARPREP_TEST_CLOCK_FILE", clock_file_.c_str(), 1);  // the server inherits it
    server_ = std::make_unique<ServerProcess>(dir_->path() / "data");
    start_error_ = server_->Start() ? "" : server_->error();
  }
  static void TearDownTestSuite() {
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Stop(), 0);
    }
    server_.reset();
    ::unsetenv("STARPREP_TEST_CLOCK_FILE");
    dir_.reset();
  }
  void SetUp() override { ASSERT_TRUE(start_error_.empty()) << "server did not start: " << start_error_; }

  // Moves the server's mock clock to `offset` seconds past the real time.
  static void SetClock(long offset) { std::ofstream(clock_file_, std::ios::trunc) << offset << "\n"; }
  static std::uint16_t port() { return server_->port(); }

  Member NewMember(const std::string& tag) {
    Member m(port());
    HttpResponse r = m.SignUp(tag + "-" + std::to_string(++members_) + "@example.org");
    EXPECT_EQ(r.status, 201) << r.body;
    return m;
  }
  std::vector<std::string> Questions() {
    if (questions_.empty()) questions_ = BackendQuestions(port(), 3);
    return questions_;
  }
  // A mock of the first three back-end questions with the given timing.
  HttpResponse Create(Member& m, int think = 30, int answer = 120) {
    json::array ids;
    for (const auto& q : Questions()) ids.emplace_back(q);
    return m.Call("POST", kMocks,
                  json::serialize(json::object{
                      {"question_ids", std::move(ids)}, {"think_seconds", think}, {"answer_seconds", answer}}));
  }
  static std::string Turn(std::int64_t id, int index, const char* what) {
    return std::string(kMocks) + "/" + std::to_string(id) + "/questions/" + std::to_string(index) + "/" + what;
  }
  static std::string Text(const std::string& text) { return json::serialize(json::object{{"text", text}}); }
  static std::string MessageOf(const HttpResponse& r) {
    auto v = r.Json();
    return v.is_object() && v.as_object().contains("error") ? std::string(v.at("error").at("message").as_string()) : "";
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::string start_error_, clock_file_;
  static inline int members_ = 0;
  static inline std::vector<std::string> questions_;
};

TEST_F(MockApiTest, AMockRunsFromCreateToReportAndIsDeleted) {
  Member m = NewMember("life");
  HttpResponse created = Create(m);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t id = IdOf(created);
  EXPECT_EQ(created.Header("location"), std::string(kMocks) + "/" + std::to_string(id));
  json::value v = created.Json();
  EXPECT_EQ(v.at("clock").at("phase"), "think");
  EXPECT_EQ(v.at("clock").at("current").to_number<int>(), 0);
  EXPECT_EQ(v.at("think_seconds").to_number<int>(), 30);
  ASSERT_EQ(v.at("questions").as_array().size(), 3u);
  EXPECT_FALSE(v.at("questions").at(0).at("question").as_string().empty());
  EXPECT_TRUE(v.at("score").is_null());

  HttpResponse draft = m.Call("PUT", Turn(id, 0, "draft"), Text("Half an answer"));
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.Json().at("questions").at(0).at("text"), "Half an answer");
  HttpResponse start = m.Call("POST", Turn(id, 0, "start"));
  ASSERT_EQ(start.status, 200) << start.body;
  EXPECT_EQ(start.Json().at("clock").at("phase"), "answer");
  ASSERT_EQ(m.Call("POST", Turn(id, 0, "next"), Text(MarkedAnswer("mock-1"))).status, 200);
  // Question 2 is in its think time: the first "Next" starts the answer, the second ends it.
  HttpResponse early = m.Call("POST", Turn(id, 1, "next"), Text(MarkedAnswer("mock-2")));
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_EQ(early.Json().at("clock").at("phase"), "answer");
  EXPECT_EQ(early.Json().at("clock").at("current").to_number<int>(), 1);
  ASSERT_EQ(m.Call("POST", Turn(id, 1, "next"), Text(MarkedAnswer("mock-2"))).status, 200);
  ASSERT_EQ(m.Call("POST", Turn(id, 2, "start")).status, 200);
  HttpResponse last = m.Call("POST", Turn(id, 2, "next"), Text(""));
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(last.Json().at("finished"), true);
  EXPECT_EQ(last.Json().at("clock").at("phase"), "finished");
  const int score = last.Json().at("score").to_number<int>();
  EXPECT_GT(score, 0);

  HttpResponse report = m.Get(std::string(kMocks) + "/" + std::to_string(id) + "/report");
  ASSERT_EQ(report.status, 200) << report.body;
  json::value r = report.Json();
  EXPECT_EQ(r.at("overall").to_number<int>(), score);
  EXPECT_EQ(r.at("answered").to_number<int>(), 2);
  EXPECT_EQ(r.at("questions").at(2).at("answered"), false);
  EXPECT_FALSE(r.at("questions").at(0).at("highlights").as_array().empty());
  EXPECT_EQ(r.at("redo").at(0).as_string(), Questions()[2]) << "the unanswered question comes first";

  HttpResponse list = m.Get(kMocks);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("total").to_number<int>(), 1);
  EXPECT_EQ(list.Json().at("items").at(0).at("score").to_number<int>(), score);
  EXPECT_EQ(list.Json().at("items").at(0).as_object().count("questions"), 0u) << "a list carries no texts";

  HttpResponse exported = m.Get("/api/v1/me/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.Json().at("mocks").at(0).at("questions").at(0).at("text").as_string(), MarkedAnswer("mock-1"));

  EXPECT_EQ(m.Call("DELETE", std::string(kMocks) + "/" + std::to_string(id)).status, 204);
  EXPECT_TRUE(IsJsonError(m.Get(std::string(kMocks) + "/" + std::to_string(id)), 404, "not_found"));
}

TEST_F(MockApiTest, AnotherUsersMockIsNotFoundWhateverTheCall) {
  Member ann = NewMember("ann"), bob = NewMember("bob");
  HttpResponse created = Create(ann);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = std::string(kMocks) + "/" + std::to_string(IdOf(created));
  EXPECT_TRUE(IsJsonError(bob.Get(path), 404));
  EXPECT_TRUE(IsJsonError(bob.Get(path + "/report"), 404));
  EXPECT_TRUE(IsJsonError(bob.Call("PUT", path + "/questions/0/draft", Text("mine now")), 404));
  EXPECT_TRUE(IsJsonError(bob.Call("POST", path + "/finish"), 404));
  EXPECT_TRUE(IsJsonError(bob.Call("DELETE", path), 404));
  EXPECT_EQ(bob.Get(kMocks).Json().at("total").to_number<int>(), 0);
  EXPECT_EQ(ann.Get(path).Json().at("questions").at(0).at("text"), "");
}

TEST_F(MockApiTest, WritesNeedCredentialsAndTheCsrfHeaderOrAWriteToken) {
  json::array ids;
  for (const auto& q : Questions()) ids.emplace_back(q);
  const std::string body = json::serialize(json::object{{"question_ids", ids}});
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", kMocks, {{"Content-Type", kJsonType}}, body), 401, "unauthenticated"));
  Member m = NewMember("csrf");
  EXPECT_TRUE(IsJsonError(m.browser().Post(kMocks, kJsonType, body), 403, "forbidden")) << "no X-CSRF-Token";
  const std::int64_t id = IdOf(Create(m));
  EXPECT_TRUE(IsJsonError(m.browser().Send("PUT", Turn(id, 0, "draft"), kJsonType, Text("sneaky")), 403, "forbidden"));
  auto token = [&](const char* scope) {
    HttpResponse made =
        m.Call("POST", "/api/v1/me/tokens", json::serialize(json::object{{"name", scope}, {"scope", scope}}));
    EXPECT_EQ(made.status, 201) << made.body;
    return Headers{{"Authorization", "Bearer " + std::string(made.Json().at("token").as_string())},
                   {"Content-Type", kJsonType}};
  };
  const Headers reader = token("read"), writer = token("write");
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", kMocks, reader, body), 403, "forbidden"));
  EXPECT_EQ(Fetch(port(), "GET", std::string(kMocks) + "/" + std::to_string(id), reader).status, 200);
  EXPECT_EQ(Fetch(port(), "POST", kMocks, writer, body).status, 201) << "a write token needs no CSRF header";
  EXPECT_EQ(m.Get(std::string(kMocks) + "/" + std::to_string(id)).Json().at("questions").at(0).at("text"), "");
}

TEST_F(MockApiTest, BadInputIs400WithAClearMessage) {
  Member m = NewMember("bad");
  auto create = [&](json::object o) { return m.Call("POST", kMocks, json::serialize(o)); };
  HttpResponse r = create({{"role", "backend-developer"}, {"count", 2}});
  EXPECT_TRUE(IsJsonError(r, 400, "invalid_argument"));
  EXPECT_NE(MessageOf(r).find("\"count\""), std::string::npos) << r.body;
  r = create({{"role", "backend-developer"}, {"kinds", json::array{"lyrical"}}});
  EXPECT_TRUE(IsJsonError(r, 400));
  EXPECT_NE(MessageOf(r).find("lyrical"), std::string::npos) << r.body;
  r = create({{"role", "astronaut"}});
  EXPECT_NE(MessageOf(r).find("astronaut"), std::string::npos) << r.body;
  r = create({{"question_ids", json::array{"no-such-question"}}});
  EXPECT_TRUE(IsJsonError(r, 400));
  EXPECT_NE(MessageOf(r).find("no-such-question"), std::string::npos) << r.body;
  r = create({{"role", "backend-developer"}, {"think_seconds", "soon"}});
  EXPECT_NE(MessageOf(r).find("think_seconds"), std::string::npos) << r.body;
  r = create({{"preset", "marathon"}});
  EXPECT_NE(MessageOf(r).find("marathon"), std::string::npos) << r.body;
  EXPECT_TRUE(IsJsonError(m.Call("POST", kMocks, "[1]"), 400));
  EXPECT_EQ(m.browser().Send("POST", kMocks, "text/plain", "{}", {}).status, 403) << "CSRF is checked first";

  HttpResponse quick = create({{"preset", "quick"}, {"role", "backend-developer"}});
  ASSERT_EQ(quick.status, 201) << quick.body;
  EXPECT_EQ(quick.Json().at("questions").as_array().size(), 3u);
  const std::int64_t id = IdOf(quick);
  r = m.Call("PUT", Turn(id, 0, "draft"), json::serialize(json::object{{"text", 42}}));
  EXPECT_TRUE(IsJsonError(r, 400));
  EXPECT_NE(MessageOf(r).find("\"text\""), std::string::npos) << r.body;
  r = m.Call("PUT", Turn(id, 2, "draft"), Text("ahead"));
  EXPECT_TRUE(IsJsonError(r, 409, "conflict"));
  EXPECT_NE(MessageOf(r).find("has not started"), std::string::npos) << r.body;
  EXPECT_TRUE(IsJsonError(
      m.Call("PUT", std::string(kMocks) + "/" + std::to_string(id) + "/questions/x/draft", Text("x")), 404));
}

TEST_F(MockApiTest, ATimeOutKeepsTheDraftAndMovesOnByTheServersClock) {
  Member m = NewMember("timeout");
  HttpResponse created = Create(m, 0, 30);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t id = IdOf(created);
  ASSERT_EQ(m.Call("PUT", Turn(id, 0, "draft"), Text("What I had typed")).status, 200);
  SetClock(31);  // the answer time is up on the server
  HttpResponse later = m.Get(std::string(kMocks) + "/" + std::to_string(id));
  SetClock(0);
  ASSERT_EQ(later.status, 200) << later.body;
  json::value v = later.Json();
  EXPECT_EQ(v.at("clock").at("current").to_number<int>(), 1);
  EXPECT_EQ(v.at("questions").at(0).at("timed_out"), true);
  EXPECT_EQ(v.at("questions").at(0).at("text"), "What I had typed");
  EXPECT_FALSE(v.at("questions").at(1).at("started_at").is_null());
}

// The bug this pins: "Next" pressed while thinking ended the question with 0 s of answer time.
TEST_F(MockApiTest, NextDuringTheThinkTimeStartsTheAnswerAndASecondNextEndsTheQuestion) {
  Member m = NewMember("early");
  HttpResponse created = Create(m, 30, 120);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t id = IdOf(created);
  SetClock(5);
  HttpResponse first = m.Call("POST", Turn(id, 0, "next"), Text("Situation first"));
  ASSERT_EQ(first.status, 200) << first.body;
  json::value v = first.Json();
  EXPECT_EQ(v.at("clock").at("phase"), "answer");
  EXPECT_EQ(v.at("clock").at("current").to_number<int>(), 0);
  EXPECT_FALSE(v.at("questions").at(0).at("answer_started_at").is_null());
  EXPECT_TRUE(v.at("questions").at(0).at("ended_at").is_null()) << "the question is still open";
  EXPECT_GE(v.at("clock").at("answer_left").to_number<int>(), 118) << "the whole answer time, from now";
  SetClock(65);
  HttpResponse second = m.Call("POST", Turn(id, 0, "next"), Text(MarkedAnswer("early")));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json().at("clock").at("current").to_number<int>(), 1);
  ASSERT_EQ(m.Call("POST", std::string(kMocks) + "/" + std::to_string(id) + "/finish").status, 200);
  HttpResponse report = m.Get(std::string(kMocks) + "/" + std::to_string(id) + "/report");
  SetClock(0);
  ASSERT_EQ(report.status, 200) << report.body;
  const json::value body = report.Json();
  const json::value& q = body.at("questions").at(0);
  EXPECT_NEAR(q.at("answer_seconds").to_number<int>(), 60, 2) << report.body;
  EXPECT_NEAR(q.at("think_seconds").to_number<int>(), 5, 2);
  EXPECT_EQ(q.at("answered"), true);
}

TEST_F(MockApiTest, AMockResumesAfterARestartFromTheStoredDraftAndTimestamps) {
  Member m = NewMember("restart");
  HttpResponse created = Create(m, 30, 600);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t id = IdOf(created);
  const std::string started = std::string(created.Json().at("questions").at(0).at("started_at").as_string());
  ASSERT_EQ(m.Call("PUT", Turn(id, 0, "draft"), Text("Typed before the restart")).status, 200);
  ASSERT_EQ(server_->Stop(), 0);
  ASSERT_TRUE(server_->Start()) << server_->error();
  m.set_port(port());
  HttpResponse again = m.Get(std::string(kMocks) + "/" + std::to_string(id));
  ASSERT_EQ(again.status, 200) << again.body;
  json::value v = again.Json();
  EXPECT_EQ(v.at("questions").at(0).at("text"), "Typed before the restart");
  EXPECT_EQ(v.at("questions").at(0).at("started_at").as_string(), started);
  EXPECT_EQ(v.at("clock").at("current").to_number<int>(), 0);
  EXPECT_GT(v.at("clock").at("answer_left").to_number<int>(), 500);
}

// The pages work as plain forms (no script): set-up, each question, a time-out, the report.
TEST_F(MockApiTest, ThePagesRunAMockWithoutJavaScript) {
  Member m = NewMember("pages");
  const std::string form = "application/x-www-form-urlencoded";
  auto post = [&](const std::string& path, const std::string& fields) {
    return m.browser().Post(path, form, "csrf=" + UrlEncode(m.csrf()) + "&" + fields);
  };
  HttpResponse setup = m.Get("/mock?role=backend-developer");
  ASSERT_EQ(setup.status, 200);
  EXPECT_NE(setup.body.find("Quick 3 questions"), std::string::npos);
  EXPECT_NE(setup.body.find("value=\"backend-developer\" selected"), std::string::npos);
  EXPECT_EQ(setup.Header("cache-control"), "no-store");

  HttpResponse bad = post("/mock", "role=backend-developer&count=2");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("from 3 to 10"), std::string::npos);
  EXPECT_EQ(m.browser().Post("/mock", form, "preset=quick").status, 403) << "no token";

  HttpResponse started = post("/mock", "role=backend-developer&count=3&answer=30&think=0");
  ASSERT_EQ(started.status, 303) << started.body;
  const std::string page = started.Header("location");
  ASSERT_TRUE(page.starts_with("/mock/")) << page;
  HttpResponse q1 = m.Get(page);
  ASSERT_EQ(q1.status, 200);
  EXPECT_NE(q1.body.find("Question 1 of 3"), std::string::npos);
  EXPECT_NE(q1.body.find("Answer time left"), std::string::npos);

  EXPECT_EQ(post(page + "/questions/0/next", "text=" + UrlEncode(MarkedAnswer("page-1"))).status, 303);
  EXPECT_EQ(post(page + "/questions/1/draft", "text=Kept+at+the+time-out").status, 303);
  HttpResponse q2 = m.Get(page);
  EXPECT_NE(q2.body.find("Question 2 of 3"), std::string::npos);
  EXPECT_NE(q2.body.find("Kept at the time-out"), std::string::npos);
  SetClock(31);
  HttpResponse q3 = m.Get(page);
  EXPECT_NE(q3.body.find("Question 3 of 3"), std::string::npos);
  // "Next" on the question that timed out still keeps what the form sends (nothing typed is lost).
  HttpResponse late = post(page + "/questions/1/next", "text=Kept+at+the+time-out+and+more");
  EXPECT_EQ(late.status, 303);
  HttpResponse finished = post(page + "/finish", "index=2&text=A+last+thought");
  SetClock(0);
  EXPECT_EQ(finished.status, 303);
  HttpResponse report = m.Get(page);
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("Your mock interview report"), std::string::npos);
  EXPECT_NE(report.body.find("Kept at the time-out and more"), std::string::npos);
  EXPECT_NE(report.body.find("the time ran out"), std::string::npos);
  EXPECT_NE(report.body.find("A last thought"), std::string::npos);

  Member other = NewMember("pages-other");
  EXPECT_EQ(other.Get(page).status, 404);
  EXPECT_EQ(Fetch(port(), "GET", page).status, 303) << "a guest is sent to sign in";
}

// A guest's mock: no account, nothing stored; each page carries the sealed state, a second
// instance carries it on, a changed token is refused, and signing up keeps it without retyping.
TEST_F(MockApiTest, AGuestRunsAMockAcrossInstancesAndSignsUpToKeepIt) {
  Browser guest(port());
  const std::string form = "application/x-www-form-urlencoded";
  ASSERT_EQ(guest.Get("/mock").status, 200);
  auto post = [&](const std::string& path, const std::string& fields) {
    return guest.Post(path, form, fields, guest.SameOriginHeaders());
  };
  HttpResponse q1 = post("/mock", "role=backend-developer&count=3&think=30&answer=120");
  ASSERT_EQ(q1.status, 200) << q1.body;
  EXPECT_NE(q1.body.find("Question 1 of 3"), std::string::npos);
  EXPECT_NE(q1.body.find("not stored"), std::string::npos);
  EXPECT_EQ(q1.Header("cache-control"), "no-store");
  for (const auto& cookie : q1.AllHeaders("set-cookie"))
    EXPECT_EQ(cookie.find("sp_session"), std::string::npos) << "a guest gets no session: " << cookie;
  std::string state = HiddenField(q1.body, "state");
  ASSERT_FALSE(state.empty());
  EXPECT_EQ(state.find("backend"), std::string::npos) << "sealed, not readable";

  // "Next" in the think time starts the answer; the second moves on.
  HttpResponse early = post("/mock/guest/next", "index=0&text=Thinking+aloud&state=" + state);
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_NE(early.body.find("Question 1 of 3"), std::string::npos);
  EXPECT_NE(early.body.find("Answer time left"), std::string::npos);
  EXPECT_NE(early.body.find("Thinking aloud"), std::string::npos);
  state = HiddenField(early.body, "state");
  const std::string early_state = HiddenField(early.body, "state");
  HttpResponse q2 = post("/mock/guest/next", "index=0&text=" + UrlEncode(MarkedAnswer("guest-1")) + "&state=" + state);
  ASSERT_EQ(q2.status, 200) << q2.body;
  EXPECT_NE(q2.body.find("Question 2 of 3"), std::string::npos);
  state = HiddenField(q2.body, "state");

  // Another instance with the same data keys carries the mock on (no server-side state).
  ServerProcess other(dir_->path() / "data");
  ASSERT_TRUE(other.Start()) << other.error();
  Browser elsewhere(other.port());
  HttpResponse resumed = elsewhere.Post(
      "/mock/guest/resume", form, "index=1&text=Typed+before+the+reload&state=" + state, elsewhere.SameOriginHeaders());
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_NE(resumed.body.find("Question 2 of 3"), std::string::npos);
  EXPECT_NE(resumed.body.find("Typed before the reload"), std::string::npos);
  EXPECT_EQ(other.Stop(), 0);

  // A changed token is refused with a message; the time-out keeps the draft (the server's clock).
  std::string changed = state;
  changed[changed.size() / 2] = changed[changed.size() / 2] == 'A' ? 'B' : 'A';
  HttpResponse refused = post("/mock/guest/next", "index=1&text=x&state=" + changed);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("cannot be read"), std::string::npos);
  // The clock stays 200 s ahead to the end of the test: a token whose times are past the server's
  // clock (and a minute of skew between instances) does not open.
  SetClock(200);
  struct ClockBack {
    ~ClockBack() { SetClock(0); }
  } clock_back;
  HttpResponse q3 = post("/mock/guest/next", "index=1&text=Kept+at+the+time-out&state=" + state);
  ASSERT_EQ(q3.status, 200) << q3.body;
  EXPECT_NE(q3.body.find("Question 3 of 3"), std::string::npos);
  state = HiddenField(q3.body, "state");
  HttpResponse report = post("/mock/guest/finish", "index=2&text=&state=" + state);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("Your mock interview report"), std::string::npos);
  EXPECT_NE(report.body.find("Sign up to keep this"), std::string::npos);
  EXPECT_NE(report.body.find("Kept at the time-out"), std::string::npos);
  EXPECT_NE(report.body.find("the time ran out"), std::string::npos);
  EXPECT_EQ(report.body.find("name=\"rating\""), std::string::npos) << "a guest has no review cards";
  state = HiddenField(report.body, "state");
  ASSERT_FALSE(state.empty());

  // The anonymous pages stay shared-cacheable for this browser.
  HttpResponse role = guest.Get("/roles/backend-developer");
  EXPECT_EQ(role.Header("cache-control"), "public, max-age=0, s-maxage=30, stale-while-revalidate=30");

  // "Sign up to keep this": the form carries the state; the new account gets the mock.
  HttpResponse keep = post("/mock/guest/keep", "state=" + state);
  ASSERT_EQ(keep.status, 200) << keep.body;
  EXPECT_NE(keep.body.find("Create your account"), std::string::npos);
  ASSERT_EQ(HiddenField(keep.body, "keep_mock"), state);
  HttpResponse signed_up =
      post("/signup", "email=keeper%40example.org&password=" + UrlEncode(kMemberPassword) + "&keep_mock=" + state +
                          "&csrf=" + UrlEncode(HiddenField(keep.body, "csrf")));
  ASSERT_EQ(signed_up.status, 303) << signed_up.body;
  const std::string kept = signed_up.Header("location");
  ASSERT_TRUE(kept.starts_with("/mock/") && kept.ends_with("?kept=1")) << kept;
  HttpResponse mine = guest.Get(kept);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("kept in your account"), std::string::npos);
  EXPECT_NE(mine.body.find("Kept at the time-out"), std::string::npos);
  EXPECT_NE(mine.body.find("name=\"rating\""), std::string::npos) << "now the questions can be rated";
  HttpResponse list = guest.Get(kMocks);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("total").to_number<int>(), 1);
  EXPECT_EQ(list.Json().at("items").at(0).at("finished"), true);
  HttpResponse due = guest.Get("/api/v1/me/reviews/due-count");
  ASSERT_EQ(due.status, 200) << due.body;
  EXPECT_EQ(due.Json().at("count").to_number<int>(), 3) << "the kept mock's questions are new review cards";

  // "Keep" again (pressed twice, the form replayed, an earlier page's state of the same run):
  // nothing more is stored and it leads to the same mock.
  const std::string csrf = "&csrf=" + UrlEncode(HiddenField(mine.body, "csrf"));
  for (const std::string& again : {state, state, early_state}) {
    HttpResponse keep_again = post("/mock/guest/keep", "state=" + again + csrf);
    ASSERT_EQ(keep_again.status, 303) << keep_again.body;
    EXPECT_EQ(keep_again.Header("location"), kept);
  }
  EXPECT_EQ(guest.Get(kMocks).Json().at("total").to_number<int>(), 1) << "one copy";
  EXPECT_EQ(guest.Get("/api/v1/me/reviews/due-count").Json().at("count").to_number<int>(), 3);
}

// The worst state tokens a guest's form can carry, and a validly sealed token holding what no
// step makes: each a 400 with one message, never a crash, and keeping one stores nothing.
TEST_F(MockApiTest, ABadGuestTokenIsA400AndKeepingItStoresNothing) {
  Browser guest(port());
  const std::string form = "application/x-www-form-urlencoded";
  ASSERT_EQ(guest.Get("/mock").status, 200);
  auto post = [&](Browser& b, const std::string& path, const std::string& fields) {
    return b.Post(path, form, fields, b.SameOriginHeaders());
  };
  // Sealed with the server's own data keys, as a token it wrote would be.
  auto keys = auth::Keyring::Load(dir_->path() / "data");
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  auto sealed = [&](const std::string& text) { return (*keys)->SealToken(text, practice::kGuestMockContext); };
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr)) - 5;
  auto run = [&](const std::function<void(json::object&)>& edit) {
    json::array turns;
    for (std::size_t i = 0; i < Questions().size(); ++i)
      turns.push_back(json::object{{"question_id", Questions()[i]},
                                   {"started_at", i == 0 ? now : 0},
                                   {"answer_started_at", 0},
                                   {"ended_at", 0},
                                   {"text", ""},
                                   {"timed_out", false}});
    json::object o{{"role", "backend-developer"}, {"think_seconds", 30}, {"answer_seconds", 120},
                   {"created_at", now},           {"finished_at", 0},    {"turns", std::move(turns)}};
    edit(o);
    return sealed(json::serialize(o));
  };
  const std::string good = run([](json::object&) {});
  HttpResponse sane = post(guest, "/mock/guest/next", "index=0&text=notes&state=" + good);
  ASSERT_EQ(sane.status, 200) << "the test seals like the server: " << sane.body;
  EXPECT_NE(sane.body.find("Question 1 of 3"), std::string::npos);

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"empty", ""},
      {"past the cap", "1." + std::string(practice::kMaxGuestTokenChars, 'A')},
      {"not a token", "hello"},
      {"sealed, invalid UTF-8", sealed("\xff\xfe\xfd")},
      {"sealed, not JSON", sealed("not json")},
      {"sealed, wrong types", sealed(R"({"role":[],"think_seconds":"30","created_at":1.5,"turns":"none"})")},
      {"sealed, a negative time", run([](json::object& o) { o["created_at"] = -1; })},
      {"sealed, a huge time",
       run([](json::object& o) { o["turns"].as_array()[0].as_object()["started_at"] = INT64_MAX; })},
      {"sealed, a huge think time", run([](json::object& o) { o["think_seconds"] = 4294967326; })},
      {"sealed, no questions", run([](json::object& o) { o["turns"] = json::array{}; })},
      {"sealed, a question past the open one",
       run([&](json::object& o) { o["turns"].as_array()[2].as_object()["started_at"] = now; })},
  };
  for (const auto& [what, token] : bad) {
    for (const char* action : {"next", "finish", "resume"}) {
      HttpResponse r = post(guest, std::string("/mock/guest/") + action, "index=0&text=x&state=" + UrlEncode(token));
      EXPECT_EQ(r.status, 400) << what << " " << action << ": " << r.body;
      EXPECT_NE(r.body.find("cannot be read"), std::string::npos) << what << " " << action;
    }
    EXPECT_EQ(post(guest, "/mock/guest/keep", "state=" + UrlEncode(token)).status, 400) << what;
  }
  // An index past the question list, with a good token: a 400 naming it.
  HttpResponse past = post(guest, "/mock/guest/next", "index=7&text=x&state=" + good);
  EXPECT_EQ(past.status, 400) << past.body;
  EXPECT_NE(past.body.find("no question 8"), std::string::npos) << past.body;

  // A member keeping a bad token: a 400 and no mock, no card.
  Member m = NewMember("badkeep");
  for (const auto& [what, token] : bad) {
    HttpResponse r =
        m.browser().Post("/mock/guest/keep", form, "state=" + UrlEncode(token) + "&csrf=" + UrlEncode(m.csrf()),
                         m.browser().SameOriginHeaders());
    EXPECT_EQ(r.status, 400) << what << ": " << r.body;
  }
  EXPECT_EQ(m.Get(kMocks).Json().at("total").to_number<int>(), 0);
  EXPECT_EQ(m.Get("/api/v1/me/reviews/due-count").Json().at("count").to_number<int>(), 0);
}

// Rating from a member's report: one form per question, the attempt page's POST /review/rate.
TEST_F(MockApiTest, AMembersReportRatesEachQuestionLikeTheAttemptPage) {
  Member m = NewMember("rate");
  const std::int64_t id = IdOf(Create(m, 0, 120));
  ASSERT_EQ(m.Call("POST", Turn(id, 0, "next"), Text(MarkedAnswer("rated"))).status, 200);
  ASSERT_EQ(m.Call("POST", std::string(kMocks) + "/" + std::to_string(id) + "/finish").status, 200);
  const std::string page = "/mock/" + std::to_string(id);
  HttpResponse report = m.Get(page);
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("id=\"rate-q3\""), std::string::npos) << "a form per question";
  EXPECT_NE(report.body.find("value=\"1\" checked"), std::string::npos) << "unanswered: Again pre-selected";
  HttpResponse rated = m.browser().Post("/review/rate", "application/x-www-form-urlencoded",
                                        "csrf=" + UrlEncode(m.csrf()) + "&question_id=" + Questions()[0] +
                                            "&rating=3&back=" + UrlEncode(page) + "&anchor=rate-q1");
  ASSERT_EQ(rated.status, 303) << rated.body;
  EXPECT_EQ(rated.Header("location"), page + "?rated=good#rate-q1");
  HttpResponse after = m.Get(page + "?rated=good");
  EXPECT_NE(after.body.find("Rated “good”"), std::string::npos);
  EXPECT_NE(after.body.find("it comes back on"), std::string::npos);
  HttpResponse card = m.Get("/api/v1/me/reviews/cards/" + Questions()[0]);
  ASSERT_EQ(card.status, 200) << card.body;
  EXPECT_EQ(card.Json().at("reps").to_number<int>(), 1);
  HttpResponse due = m.Get("/api/v1/me/reviews/due-count");
  ASSERT_EQ(due.status, 200);
  EXPECT_EQ(due.Json().at("count").to_number<int>(), 2) << "the two questions not rated yet are still new today";
  EXPECT_TRUE(IsJsonError(Fetch(port(), "GET", "/api/v1/me/reviews/due-count"), 401));
}

TEST_F(MockApiTest, TheOpenApiDocumentDescribesTheMockCalls) {
  json::value doc = Get(port(), "/api/v1/openapi.json").Json();
  const auto& paths = doc.at("paths").as_object();
  for (const char* path :
       {"/api/v1/me/mocks", "/api/v1/me/mocks/{id}", "/api/v1/me/mocks/{id}/report",
        "/api/v1/me/mocks/{id}/questions/{index}/draft", "/api/v1/me/mocks/{id}/questions/{index}/start",
        "/api/v1/me/mocks/{id}/questions/{index}/next", "/api/v1/me/mocks/{id}/finish", "/api/v1/me/reviews/due-count"})
    EXPECT_TRUE(paths.contains(path)) << path;
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Mock"));
}

}  // namespace
}  // namespace starprep::it
