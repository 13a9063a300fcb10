// SPDX-License-Identifier: Apache-2.0
// The server process over its life: start-up output and logs, graceful shutdown (in-flight
// requests finish, idle connections close, exit 0), the drain before it (--drain-seconds),
// durability across kill -9, and feedback surviving a re-import of an edited content pack. Each
// test runs its own server(s).

#include <signal.h>

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <thread>

#include "app/open_store.h"
#include "fixture.h"
#include "store/store.h"

namespace starprep::it {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

class LifecycleTest : public ::testing::Test {
 protected:
  TempDir dir_{"life"};
  fs::path data() const { return dir_ / "data"; }
};

TEST_F(LifecycleTest, StartPrintsOneLineThenServesAndStopsCleanly) {
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  EXPECT_TRUE(std::regex_match(s.first_line(), std::regex(R"(listening on http://127\.0\.0\.1:[1-9][0-9]*)")))
      << s.first_line();
  EXPECT_EQ(Get(s.port(), "/readyz").status, 200);
  EXPECT_EQ(Get(s.port(), "/").status, 200);
  EXPECT_EQ(fs::exists(data() / "starprep.db"), !UsesPostgres()) << "SQLite only without --database";
  EXPECT_EQ(s.Stop(), 0);
  EXPECT_EQ(s.stdout_rest(), "") << "stdout must carry exactly one line";
}

TEST_F(LifecycleTest, StderrIsJsonLines) {
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  Get(s.port(), "/roles/backend-developer");
  Get(s.port(), "/nope");
  ASSERT_EQ(s.Stop(), 0);
  std::istringstream log(s.StderrLog());
  std::string line;
  int lines = 0, requests = 0;
  while (std::getline(log, line)) {
    ++lines;
    boost::json::error_code ec;
    json::value v = json::parse(line, ec);
    EXPECT_FALSE(ec) << "stderr line is not JSON: " << line;
    if (ec || !v.is_object()) continue;
    EXPECT_TRUE(v.as_object().contains("ts")) << line;
    EXPECT_TRUE(v.as_object().contains("level")) << line;
    if (line.find("\"event\":\"request\"") != std::string::npos) ++requests;
  }
  EXPECT_GE(lines, 3);
  EXPECT_GE(requests, 2) << "one access log line per request";
}

TEST_F(LifecycleTest, GracefulShutdownFinishesAnInFlightRequest) {
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  Browser b(s.port());
  std::string token = b.ApiToken();
  ASSERT_FALSE(token.empty());
  const std::string q = kDebugQuestion;
  const std::string body = R"({"helpful":true})";

  Connection c(s.port());
  ASSERT_TRUE(c.ok());
  // A first request makes sure the connection is accepted and registered.
  ASSERT_EQ(c.Request("GET", "/healthz").status, 200);
  // Headers and part of the body of a vote: the request is in flight.
  std::string request =
      BuildRequest("POST", "/api/v1/questions/" + q + "/feedback",
                   {{"Content-Type", "application/json"}, {"Cookie", b.CookieHeader()}, {"X-CSRF-Token", token}}, body);
  std::size_t split = request.size() - 6;
  ASSERT_TRUE(c.Send(request.substr(0, split)));
  ASSERT_TRUE(WaitServerConsumed(s.port(), c.local_port(), 5s)) << "server did not read the partial request";

  auto t0 = Clock::now();
  s.Signal(SIGTERM);
  ASSERT_TRUE(WaitConnectRefused(s.port(), 5s)) << "server kept accepting after SIGTERM";
  ASSERT_TRUE(c.Send(request.substr(split)));
  HttpResponse r = c.Read();
  EXPECT_EQ(r.status, 200) << "the in-flight request was not answered: " << r.error;
  if (r.status == 200) {
    json::value v = r.Json();
    EXPECT_TRUE(v.is_object() && v.as_object().contains("your_vote") && v.at("your_vote") == "yes") << r.body;
    EXPECT_EQ(r.Header("connection"), "close") << "a response during shutdown should close the connection";
  }
  auto code = s.WaitExit(5s);
  ASSERT_TRUE(code.has_value()) << "server did not exit within 5 s of SIGTERM";
  EXPECT_EQ(*code, 0);
  EXPECT_LT(Clock::now() - t0, 5s);

  // The vote was recorded.
  ServerProcess again(data());
  ASSERT_TRUE(again.Start()) << again.error();
  EXPECT_EQ(FeedbackCounts(again.port(), q).helpful, 1);
  EXPECT_EQ(again.Stop(), 0);
}

TEST_F(LifecycleTest, GracefulShutdownWaitsForHeadersInFlight) {
  // Same, with only part of the header block sent before SIGTERM.
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  Connection c(s.port());
  ASSERT_EQ(c.Request("GET", "/healthz").status, 200);
  ASSERT_TRUE(c.Send("GET /api/v1/roles HTTP/1.1\r\nHost: x\r\n"));
  ASSERT_TRUE(WaitServerConsumed(s.port(), c.local_port(), 5s));
  s.Signal(SIGTERM);
  ASSERT_TRUE(WaitConnectRefused(s.port(), 5s));
  ASSERT_TRUE(c.Send("\r\n"));
  HttpResponse r = c.Read();
  EXPECT_EQ(r.status, 200) << "the partly received request was dropped: " << r.error;
  auto code = s.WaitExit(5s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST_F(LifecycleTest, IdleKeepAliveConnectionsAreClosedPromptlyOnSigterm) {
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  std::vector<std::unique_ptr<Connection>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<Connection>(s.port()));
    HttpResponse r = idle.back()->Request("GET", i == 0 ? "/" : "/healthz");
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(r.Header("connection"), "keep-alive");
  }
  auto t0 = Clock::now();
  s.Signal(SIGTERM);
  for (auto& c : idle) {
    std::string extra;
    EXPECT_TRUE(c->WaitClosed(3s, &extra)) << "idle connection still open 3 s after SIGTERM";
    EXPECT_EQ(extra, "");
  }
  auto code = s.WaitExit(3s);
  ASSERT_TRUE(code.has_value()) << "server still running 3 s after SIGTERM with only idle connections";
  EXPECT_EQ(*code, 0);
  EXPECT_LT(Clock::now() - t0, 3s);
}

TEST_F(LifecycleTest, SigintAlsoStopsGracefully) {
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  s.Signal(SIGINT);
  auto code = s.WaitExit(5s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST_F(LifecycleTest, WithADrainPeriodSigtermFailsReadinessWhileStillServingThenStops) {
  constexpr auto kDrain = 3s;
  ServerProcess s(data());
  s.set_extra_args({"--drain-seconds", "3"});
  ASSERT_TRUE(s.Start()) << s.error();
  ASSERT_EQ(Get(s.port(), "/readyz").status, 200);
  Connection kept(s.port());  // a keep-alive connection, as a load balancer holds
  ASSERT_EQ(kept.Request("GET", "/healthz").status, 200);

  const auto t0 = Clock::now();
  s.Signal(SIGTERM);
  // Readiness turns 503 "draining" (bounded poll: the signal is handled asynchronously)...
  HttpResponse ready;
  for (auto until = Clock::now() + 1s; Clock::now() < until; std::this_thread::sleep_for(10ms)) {
    ready = Get(s.port(), "/readyz");
    if (ready.status == 503) break;
  }
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("draining"), std::string::npos) << ready.body;
  // ...while pages are still served, on new connections and on the kept one.
  EXPECT_EQ(Get(s.port(), "/roles/backend-developer").status, 200);
  EXPECT_EQ(kept.Request("GET", "/api/v1/roles").status, 200);
  EXPECT_LT(Clock::now() - t0, kDrain) << "the checks above took longer than the drain: the test proves nothing";

  // Then the listener closes and the process exits 0, not before the drain period.
  ASSERT_TRUE(WaitConnectRefused(s.port(), kDrain + 5s)) << "still accepting long after the drain period";
  EXPECT_GE(Clock::now() - t0, kDrain) << "stopped accepting before the drain period was over";
  auto code = s.WaitExit(5s);
  ASSERT_TRUE(code.has_value()) << "server still running 5 s after the drain";
  EXPECT_EQ(*code, 0);
}

TEST_F(LifecycleTest, SigintDuringADrainStopsAtOnce) {
  ServerProcess s(data());
  s.set_extra_args({"--drain-seconds", "60"});
  ASSERT_TRUE(s.Start()) << s.error();
  s.Signal(SIGTERM);
  HttpResponse ready;
  for (auto until = Clock::now() + 1s; Clock::now() < until; std::this_thread::sleep_for(10ms)) {
    ready = Get(s.port(), "/readyz");
    if (ready.status == 503) break;
  }
  ASSERT_EQ(ready.status, 503) << "no drain began";
  s.Signal(SIGINT);
  auto code = s.WaitExit(5s);
  ASSERT_TRUE(code.has_value()) << "SIGINT during a 60 s drain did not stop the server";
  EXPECT_EQ(*code, 0);
}

TEST_F(LifecycleTest, AcknowledgedVotesSurviveKill9) {
  const std::string q_form = "be-project-impact";
  const std::string q_api = "be-scalability-and-performance";
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  Browser form_voter(s.port()), api_voter(s.port());

  // Form vote, then SIGKILL right after the 303.
  ASSERT_EQ(form_voter.VoteForm("/roles/backend-developer", q_form, true, "kept after a crash").status, 303);
  s.Kill();
  {
    // The row is on disk before anything restarts.
    auto store = app::OpenStore(data(), DatabaseUrlFor(data()));
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto votes = (*store)->GetVoterVotes("backend-developer", form_voter.visitor_id());
    ASSERT_TRUE(votes.ok());
    ASSERT_EQ(votes->count(q_form), 1u) << "the acknowledged form vote was lost";
    EXPECT_TRUE(votes->at(q_form).helpful);
    EXPECT_EQ(votes->at(q_form).comment, "kept after a crash");
    auto comments = (*store)->ListComments(q_form, 10, 0);
    ASSERT_TRUE(comments.ok());
    ASSERT_EQ(comments->size(), 1u);
    EXPECT_EQ(comments->at(0).comment, "kept after a crash");
  }

  ASSERT_TRUE(s.Start()) << s.error();
  form_voter.set_port(s.port());
  api_voter.set_port(s.port());
  Counts c = FeedbackCounts(s.port(), q_form);
  EXPECT_EQ(c.helpful, 1);
  EXPECT_EQ(c.comments, 1);

  // API vote, then SIGKILL right after the 200.
  ASSERT_EQ(api_voter.VoteApi(q_api, R"({"helpful":false,"comment":"crash test"})").status, 200);
  s.Kill();
  ASSERT_TRUE(s.Start()) << s.error();
  api_voter.set_port(s.port());
  form_voter.set_port(s.port());
  Counts c2 = FeedbackCounts(s.port(), q_api);
  EXPECT_EQ(c2.not_helpful, 1) << "the acknowledged API vote was lost";
  EXPECT_EQ(c2.comments, 1);
  EXPECT_EQ(FeedbackCounts(s.port(), q_form).helpful, 1);
  // The same browser is still recognised (the secret survived) and can change its vote.
  json::value mine = api_voter.Get("/api/v1/roles/backend-developer/feedback").Json();
  for (const auto& item : mine.at("items").as_array())
    if (item.at("question_id").as_string() == q_api) {
      EXPECT_EQ(item.at("your_vote"), "no");
    }
  ASSERT_EQ(api_voter.VoteApi(q_api, R"({"helpful":true})").status, 200);
  Counts c3 = FeedbackCounts(s.port(), q_api);
  EXPECT_EQ(c3.helpful, 1);
  EXPECT_EQ(c3.not_helpful, 0);
  EXPECT_EQ(s.Stop(), 0);
}

TEST_F(LifecycleTest, FeedbackSurvivesReimportOfAnEditedPack) {
  const std::string q = kDebugQuestion;
  const std::string retired = "be-code-review-disagreement";
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  Browser yes1(s.port()), yes2(s.port()), no1(s.port());
  ASSERT_EQ(yes1.VoteApi(q, R"({"helpful":true,"comment":"clear"})").status, 200);
  ASSERT_EQ(yes2.VoteForm("/roles/backend-developer", q, true).status, 303);
  ASSERT_EQ(no1.VoteApi(q, R"({"helpful":false})").status, 200);
  ASSERT_EQ(no1.VoteApi(retired, R"({"helpful":true})").status, 200);
  Counts before = FeedbackCounts(s.port(), q);
  ASSERT_EQ(before, (Counts{2, 1, 1}));
  ASSERT_EQ(s.Stop(), 0);

  // Edit the question's text and one STAR part; drop another question.
  fs::path pack = CopyBundledContent(dir_.path());
  fs::path qfile = pack / "roles/backend-developer/questions/01-debugging-complex-issue.md";
  std::string text = ReadFile(qfile);
  const std::string old_q = "question: Tell me about a time you debugged a complex issue in production.";
  ASSERT_NE(text.find(old_q), std::string::npos);
  text.replace(text.find(old_q), old_q.size(), "question: Walk me through a hard production bug you tracked down.");
  const std::string old_r = "The 502s dropped to zero the next morning";
  ASSERT_NE(text.find(old_r), std::string::npos);
  text.replace(text.find(old_r), old_r.size(), "The 502s were gone by the next morning");
  WriteFile(qfile, text);
  fs::remove(pack / "roles/backend-developer/questions/18-code-review-disagreement.md");

  CommandResult check = RunStarprep({"content", "check", pack.string()});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  CommandResult imported = RunStarprep({"content", "import", pack.string(), "--data", data().string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("1 updated"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("1 retired"), std::string::npos) << imported.out;
  // Importing the same pack again changes nothing.
  CommandResult again = RunStarprep({"content", "import", pack.string(), "--data", data().string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 added, 0 updated"), std::string::npos) << again.out;

  ServerProcess s2(data(), pack);
  ASSERT_TRUE(s2.Start()) << s2.error();
  json::value question = Get(s2.port(), "/api/v1/questions/" + q).Json();
  EXPECT_EQ(question.at("question"), "Walk me through a hard production bug you tracked down.");
  EXPECT_TRUE(question.at("answer").at("result").as_string().starts_with("The 502s were gone"));
  EXPECT_EQ(FeedbackCounts(s2.port(), q), before) << "feedback lost or changed by the re-import";
  yes1.set_port(s2.port());
  HttpResponse page = yes1.Get("/roles/backend-developer");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Walk me through a hard production bug you tracked down."), std::string::npos);
  EXPECT_EQ(page.body.find("Tell me about a time you debugged a complex issue"), std::string::npos);
  std::string section = QuestionSection(page.body, q);
  EXPECT_EQ(SpanNumber(section, "fb-n-yes"), 2);
  EXPECT_EQ(SpanNumber(section, "fb-n-no"), 1);
  EXPECT_EQ(Count(page.body, "<section class=\"question\" id=\""), 17u);
  // The retired question is gone from the site.
  EXPECT_EQ(Get(s2.port(), "/api/v1/questions/" + retired).status, 404);
  EXPECT_EQ(Get(s2.port(), "/questions/" + retired).status, 404);
  EXPECT_EQ(Get(s2.port(), "/api/v1/roles/backend-developer").Json().at("question_count").to_number<int>(), 17);
  // The voter is still recognised.
  json::value mine = yes1.Get("/api/v1/roles/backend-developer/feedback").Json();
  bool seen = false;
  for (const auto& item : mine.at("items").as_array())
    if (item.at("question_id").as_string() == q) {
      seen = true;
      EXPECT_EQ(item.at("your_vote"), "yes");
    }
  EXPECT_TRUE(seen);
  ASSERT_EQ(s2.Stop(), 0);

  // Restoring the retired question brings its feedback back.
  CommandResult restore = RunStarprep({"content", "import", BundledContent().string(), "--data", data().string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  ServerProcess s3(data());
  ASSERT_TRUE(s3.Start()) << s3.error();
  EXPECT_EQ(FeedbackCounts(s3.port(), retired).helpful, 1);
  EXPECT_EQ(FeedbackCounts(s3.port(), q), before);
  EXPECT_EQ(s3.Stop(), 0);
}

TEST_F(LifecycleTest, ImportWhileServingIsPickedUpByThePages) {
  ServerProcess s(data());
  ASSERT_TRUE(s.Start()) << s.error();
  Browser b(s.port());
  ASSERT_EQ(b.Get("/roles/backend-developer").status, 200);  // now cached
  ASSERT_EQ(b.VoteApi(kDebugQuestion, R"({"helpful":true})").status, 200);
  fs::path pack = CopyBundledContent(dir_.path());
  fs::path qfile = pack / "roles/backend-developer/questions/01-debugging-complex-issue.md";
  std::string text = ReadFile(qfile);
  const std::string old_q = "question: Tell me about a time you debugged a complex issue in production.";
  ASSERT_NE(text.find(old_q), std::string::npos);
  text.replace(text.find(old_q), old_q.size(), "question: Describe the nastiest production bug you have fixed.");
  WriteFile(qfile, text);
  CommandResult r = RunStarprep({"content", "import", pack.string(), "--data", data().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The API reads the database; the cached pages follow within a few seconds.
  EXPECT_EQ(Get(s.port(), "/api/v1/questions/" + std::string(kDebugQuestion)).Json().at("question"),
            "Describe the nastiest production bug you have fixed.");
  bool updated = false;
  for (auto deadline = Clock::now() + 5s; !updated && Clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    updated = b.Get("/roles/backend-developer").body.find("Describe the nastiest production bug") != std::string::npos;
  }
  EXPECT_TRUE(updated) << "the role page still shows the old text 5 s after an import";
  EXPECT_TRUE(b.Get("/questions/" + std::string(kDebugQuestion)).body.find("Describe the nastiest") !=
              std::string::npos);
  EXPECT_EQ(FeedbackCounts(s.port(), kDebugQuestion).helpful, 1);
  EXPECT_EQ(s.Stop(), 0);
}

TEST_F(LifecycleTest, EmptyDatabaseImportsTheGivenPackOnlyOnce) {
  // A server started on a data dir that already has content does not re-import --content.
  fs::path pack = CopyBundledContent(dir_.path());
  fs::path qfile = pack / "roles/backend-developer/questions/01-debugging-complex-issue.md";
  std::string text = ReadFile(qfile);
  text.replace(text.find("question: "), 10, "question: EDITED ");
  WriteFile(qfile, text);
  {
    ServerProcess s(data());
    ASSERT_TRUE(s.Start()) << s.error();
    ASSERT_EQ(s.Stop(), 0);
  }
  ServerProcess s(data(), pack);
  ASSERT_TRUE(s.Start()) << s.error();
  json::value question = Get(s.port(), "/api/v1/questions/" + std::string(kDebugQuestion)).Json();
  EXPECT_EQ(question.at("question"), "Tell me about a time you debugged a complex issue in production.");
  EXPECT_EQ(s.Stop(), 0);
}

}  // namespace
}  // namespace starprep::it
