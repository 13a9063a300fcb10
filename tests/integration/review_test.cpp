// SPDX-License-Identifier: Apache-2.0
// The review queue (issue 13) against the real server: practice makes a card, a rating schedules
// it and it leaves today's queue (API and no-JS form), settings, the export, isolation between
// members, CSRF and tokens on every write, and bad input answered 400 with a clear message.

#include <gtest/gtest.h>

#include <atomic>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kJson = "application/json";
constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kPassword = "plum orbit ladder 42";
constexpr const char* kAnswer =
    "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. "
    "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";

class ReviewTest : public SharedServerTest {};

std::string UniqueEmail(const std::string& tag) {
  static std::atomic<int> counter{0};
  return "review-" + tag + "-" + std::to_string(++counter) + "@example.org";
}

// A member signed up through the API: their cookies and CSRF token.
struct Member {
  explicit Member(std::uint16_t port, const std::string& tag) : browser(port) {
    HttpResponse r = browser.Post("/api/v1/auth/signup", kJson,
                                  json::serialize(json::object{{"email", UniqueEmail(tag)}, {"password", kPassword}}));
    status = r.status;
    if (r.status == 201) csrf = std::string(r.Json().at("csrf_token").as_string());
  }
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "") {
    return browser.Send(method, target, body.empty() ? "" : kJson, body, {{"X-CSRF-Token", csrf}});
  }
  HttpResponse SaveAttempt(const std::string& question) {
    return Call("POST", "/api/v1/me/attempts",
                json::serialize(json::object{{"question_id", question}, {"answer", kAnswer}, {"seconds", 60}}));
  }
  json::value Due() { return browser.Get("/api/v1/me/reviews/due").Json(); }

  Browser browser;
  std::string csrf;
  int status = 0;
};

// The question ids in a due list's "due" or "new" array.
std::vector<std::string> Ids(const json::value& due, const char* which) {
  std::vector<std::string> out;
  for (const auto& item : due.at(which).as_array()) out.emplace_back(item.at("question_id").as_string());
  return out;
}

// The first CSRF field's value in a page ("" if none).
std::string CsrfOf(const std::string& html) {
  return HiddenField(html, "csrf");
}

TEST_F(ReviewTest, PractiseRateAndTheQuestionLeavesTodaysQueue) {
  Member m(port(), "life");
  ASSERT_EQ(m.status, 201);
  json::value empty = m.Due();
  EXPECT_EQ(empty.at("count").as_int64(), 0);
  EXPECT_EQ(empty.at("daily_new_limit").as_int64(), 5);

  ASSERT_EQ(m.SaveAttempt(kDebugQuestion).status, 201);
  json::value before = m.Due();
  EXPECT_EQ(before.at("count").as_int64(), 1);
  EXPECT_EQ(Ids(before, "new"), std::vector<std::string>{kDebugQuestion});
  EXPECT_FALSE(before.at("new").as_array()[0].at("question").as_string().empty());
  HttpResponse card = m.browser.Get(std::string("/api/v1/me/reviews/cards/") + kDebugQuestion);
  ASSERT_EQ(card.status, 200) << card.body;
  EXPECT_EQ(card.Json().at("state").as_string(), "new");
  EXPECT_TRUE(card.Json().at("last_review").is_null());

  HttpResponse rated = m.Call("POST", "/api/v1/me/reviews",
                              json::serialize(json::object{{"question_id", kDebugQuestion}, {"rating", "good"}}));
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(rated.Json().at("reps").as_int64(), 1);
  EXPECT_EQ(rated.Json().at("state").as_string(), "review");
  EXPECT_NEAR(rated.Json().at("stability").to_number<double>(), 2.3065, 1e-4);
  json::value after = m.Due();
  EXPECT_EQ(after.at("count").as_int64(), 0);
  EXPECT_EQ(after.at("new_rated_today").as_int64(), 1);

  // A second rating the same day counts too (numbers work as well as names).
  HttpResponse again = m.Call("POST", "/api/v1/me/reviews",
                              json::serialize(json::object{{"question_id", kDebugQuestion}, {"rating", 1}}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("reps").as_int64(), 2);
  EXPECT_EQ(again.Json().at("lapses").as_int64(), 1);

  // The export holds the settings, the card and both ratings.
  json::value exported = m.browser.Get("/api/v1/me/export").Json();
  const auto& reviews = exported.at("reviews");
  EXPECT_EQ(reviews.at("cards").as_array().size(), 1u);
  ASSERT_EQ(reviews.at("log").as_array().size(), 2u);
  EXPECT_EQ(reviews.at("log").as_array()[0].at("rating").as_string(), "good");
  EXPECT_EQ(reviews.at("log").as_array()[1].at("rating").as_string(), "again");
  EXPECT_DOUBLE_EQ(reviews.at("settings").at("desired_retention").to_number<double>(), 0.9);

  // The pages: /review is empty with a note; the progress page has the forecast.
  HttpResponse page = m.browser.Get("/review");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Nothing to review today"), std::string::npos);
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  HttpResponse progress = m.browser.Get("/progress");
  EXPECT_NE(progress.body.find("forecast-chart"), std::string::npos);
  EXPECT_NE(progress.body.find("Retention so far"), std::string::npos);
}

TEST_F(ReviewTest, SettingsAreReadChangedAndCheckedWithClearMessages) {
  Member m(port(), "settings");
  ASSERT_EQ(m.status, 201);
  HttpResponse defaults = m.browser.Get("/api/v1/me/reviews/settings");
  ASSERT_EQ(defaults.status, 200);
  EXPECT_DOUBLE_EQ(defaults.Json().at("desired_retention").to_number<double>(), 0.9);
  EXPECT_EQ(defaults.Json().at("daily_new_limit").as_int64(), 5);

  HttpResponse set = m.Call("PUT", "/api/v1/me/reviews/settings", R"({"desired_retention":0.85,"daily_new_limit":2})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_DOUBLE_EQ(set.Json().at("desired_retention").to_number<double>(), 0.85);
  // A field left out keeps its value.
  ASSERT_EQ(m.Call("PUT", "/api/v1/me/reviews/settings", R"({"daily_new_limit":3})").status, 200);
  HttpResponse now = m.browser.Get("/api/v1/me/reviews/settings");
  EXPECT_DOUBLE_EQ(now.Json().at("desired_retention").to_number<double>(), 0.85);
  EXPECT_EQ(now.Json().at("daily_new_limit").as_int64(), 3);

  const std::pair<std::string, std::string> bad[] = {
      {R"({"desired_retention":0.5})", "desired_retention"},    {R"({"desired_retention":0.98})", "0.70 and 0.97"},
      {R"({"desired_retention":"high"})", "desired_retention"}, {R"({"daily_new_limit":101})", "daily_new_limit"},
      {R"({"daily_new_limit":-1})", "daily_new_limit"},         {R"({"daily_new_limit":"5"})", "daily_new_limit"},
  };
  for (const auto& [body, says] : bad) {
    HttpResponse r = m.Call("PUT", "/api/v1/me/reviews/settings", body);
    EXPECT_TRUE(IsJsonError(r, 400, "invalid_field")) << body;
    EXPECT_NE(r.body.find(says), std::string::npos) << body << ": " << r.body;
  }
  EXPECT_TRUE(IsJsonError(m.Call("PUT", "/api/v1/me/reviews/settings", "[1]"), 400, "invalid_json"));
  EXPECT_EQ(m.browser.Get("/api/v1/me/reviews/settings").Json().at("daily_new_limit").as_int64(), 3);
}

TEST_F(ReviewTest, BadRatingsAre400sAndUnknownQuestions404s) {
  Member m(port(), "bad");
  ASSERT_EQ(m.status, 201);
  const std::pair<std::string, std::string> bad[] = {
      {R"({"question_id":"be-debugging-complex-issue","rating":"great"})", "rating"},
      {R"({"question_id":"be-debugging-complex-issue","rating":5})", "rating"},
      {R"({"question_id":"be-debugging-complex-issue","rating":0})", "rating"},
      {R"({"question_id":"be-debugging-complex-issue"})", "rating"},
      {R"({"rating":"good"})", "question_id"},
      {R"({"question_id":7,"rating":"good"})", "question_id"},
  };
  for (const auto& [body, says] : bad) {
    HttpResponse r = m.Call("POST", "/api/v1/me/reviews", body);
    EXPECT_TRUE(IsJsonError(r, 400, "invalid_field")) << body;
    EXPECT_NE(r.body.find(says), std::string::npos) << body << ": " << r.body;
  }
  EXPECT_TRUE(IsJsonError(m.Call("POST", "/api/v1/me/reviews", R"({"question_id":"no-such-question","rating":"good"})"),
                          404, "not_found"));
  HttpResponse plain = m.browser.Send("POST", "/api/v1/me/reviews", "text/plain", "{}", {{"X-CSRF-Token", m.csrf}});
  EXPECT_TRUE(IsJsonError(plain, 415));
  EXPECT_EQ(m.Due().at("count").as_int64(), 0);
}

TEST_F(ReviewTest, MembersNeverSeeOrChangeEachOthersCards) {
  Member ann(port(), "ann");
  Member bob(port(), "bob");
  ASSERT_EQ(ann.status, 201);
  ASSERT_EQ(bob.status, 201);
  ASSERT_EQ(ann.SaveAttempt(kDebugQuestion).status, 201);
  EXPECT_TRUE(
      IsJsonError(bob.browser.Get(std::string("/api/v1/me/reviews/cards/") + kDebugQuestion), 404, "not_found"));
  EXPECT_EQ(bob.Due().at("count").as_int64(), 0);
  // Bob rating the same question makes his own card; Ann's stays new.
  ASSERT_EQ(bob.Call("POST", "/api/v1/me/reviews",
                     json::serialize(json::object{{"question_id", kDebugQuestion}, {"rating", "easy"}}))
                .status,
            200);
  HttpResponse anns = ann.browser.Get(std::string("/api/v1/me/reviews/cards/") + kDebugQuestion);
  EXPECT_EQ(anns.Json().at("reps").as_int64(), 0);
  EXPECT_EQ(Ids(ann.Due(), "new"), std::vector<std::string>{kDebugQuestion});
  ASSERT_EQ(bob.Call("PUT", "/api/v1/me/reviews/settings", R"({"daily_new_limit":0})").status, 200);
  EXPECT_EQ(ann.Due().at("daily_new_limit").as_int64(), 5);
}

TEST_F(ReviewTest, WritesNeedCsrfOrAWriteToken) {
  Member m(port(), "csrf");
  ASSERT_EQ(m.status, 201);
  const std::string rate = json::serialize(json::object{{"question_id", kDebugQuestion}, {"rating", "good"}});
  EXPECT_TRUE(IsJsonError(m.browser.Send("POST", "/api/v1/me/reviews", kJson, rate, {}), 403, "forbidden"));
  EXPECT_TRUE(IsJsonError(m.browser.Send("PUT", "/api/v1/me/reviews/settings", kJson, R"({"daily_new_limit":1})", {}),
                          403, "forbidden"));
  EXPECT_TRUE(IsJsonError(Fetch(port(), "GET", "/api/v1/me/reviews/due", {}), 401));
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", "/api/v1/me/reviews", {{"Content-Type", kJson}}, rate), 401));
  EXPECT_EQ(m.Due().at("count").as_int64(), 0);

  // A read token reads, a write token rates, neither needs a CSRF header.
  HttpResponse read = m.Call("POST", "/api/v1/me/tokens", R"({"name":"dash"})");
  HttpResponse write = m.Call("POST", "/api/v1/me/tokens", R"({"name":"cli","scope":"write"})");
  ASSERT_EQ(read.status, 201) << read.body;
  ASSERT_EQ(write.status, 201) << write.body;
  const Headers reader{{"Authorization", "Bearer " + std::string(read.Json().at("token").as_string())},
                       {"Content-Type", kJson}};
  const Headers writer{{"Authorization", "Bearer " + std::string(write.Json().at("token").as_string())},
                       {"Content-Type", kJson}};
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me/reviews/due", reader).status, 200);
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", "/api/v1/me/reviews", reader, rate), 403));
  EXPECT_EQ(Fetch(port(), "POST", "/api/v1/me/reviews", writer, rate).status, 200);
}

TEST_F(ReviewTest, TheAttemptPagesFormRatesWithoutJavaScript) {
  Member m(port(), "form");
  ASSERT_EQ(m.status, 201);
  HttpResponse saved = m.SaveAttempt(kDebugQuestion);
  ASSERT_EQ(saved.status, 201);
  const std::string attempt = "/attempts/" + std::to_string(saved.Json().at("id").to_number<std::int64_t>());
  HttpResponse page = m.browser.Get(attempt);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("action=\"/review/rate\""), std::string::npos);
  EXPECT_NE(page.body.find(" checked>"), std::string::npos);  // one rating pre-selected from the score
  // The header counts the new question (the attempt page is rendered for this member).
  EXPECT_NE(page.body.find("class=\"due-count\">1<"), std::string::npos);

  // Without the page's token: refused, nothing rated.
  HttpResponse forged =
      m.browser.Post("/review/rate", kForm,
                     std::string("csrf=x&question_id=") + kDebugQuestion + "&rating=3&back=" + UrlEncode(attempt));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(m.Due().at("count").as_int64(), 1);

  HttpResponse rated = m.browser.Post("/review/rate", kForm,
                                      "csrf=" + UrlEncode(CsrfOf(page.body)) + "&question_id=" + kDebugQuestion +
                                          "&rating=3&back=" + UrlEncode(attempt),
                                      m.browser.SameOriginHeaders());
  ASSERT_EQ(rated.status, 303) << rated.body;
  EXPECT_EQ(rated.Header("location"), attempt + "?rated=good#rate");
  EXPECT_EQ(m.Due().at("count").as_int64(), 0);
  HttpResponse back = m.browser.Get(attempt + "?rated=good");
  EXPECT_NE(back.body.find("Rated “good”"), std::string::npos);
  // A foreign return path is replaced by /review.
  HttpResponse elsewhere = m.browser.Post("/review/rate", kForm,
                                          "csrf=" + UrlEncode(CsrfOf(page.body)) + "&question_id=" + kDebugQuestion +
                                              "&rating=4&back=" + UrlEncode("https://evil.example/x"),
                                          m.browser.SameOriginHeaders());
  EXPECT_EQ(elsewhere.Header("location"), "/review?rated=easy#rate");
  // A bad rating is a 400.
  EXPECT_EQ(m.browser
                .Post("/review/rate", kForm,
                      "csrf=" + UrlEncode(CsrfOf(page.body)) + "&question_id=" + kDebugQuestion + "&rating=9",
                      m.browser.SameOriginHeaders())
                .status,
            400);
}

TEST_F(ReviewTest, HomeShowsTheCountToMembersOnlyAndTheAnonymousPageStaysShared) {
  Browser anon1(port()), anon2(port());
  HttpResponse a1 = anon1.Get("/");
  HttpResponse a2 = anon2.Get("/");
  ASSERT_EQ(a1.status, 200);
  EXPECT_EQ(a1.body, a2.body);
  EXPECT_EQ(a1.body.find("to review today"), std::string::npos);
  EXPECT_NE(a1.Header("cache-control").find("public"), std::string::npos);

  Member m(port(), "home");
  ASSERT_EQ(m.status, 201);
  ASSERT_EQ(m.SaveAttempt(kDebugQuestion).status, 201);
  HttpResponse home = m.browser.Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("1 question to review today"), std::string::npos);
  EXPECT_EQ(home.Header("cache-control"), "no-store");
  // The anonymous page did not change.
  EXPECT_EQ(Browser(port()).Get("/").body, a1.body);

  // The settings form saves and comes back with a notice.
  HttpResponse review = m.browser.Get("/review");
  EXPECT_NE(review.body.find("Practise due questions"), std::string::npos);
  // The set-up page, prefilled, stays a link away for other times.
  EXPECT_NE(review.body.find(std::string("/mock?questions=") + kDebugQuestion), std::string::npos);
  // "Practise due questions" is a form that starts the mock at once, without JavaScript too, with
  // the set-up's default times.
  EXPECT_EQ(HiddenField(review.body, "questions"), kDebugQuestion);
  HttpResponse started =
      m.browser.Post("/mock", kForm, "csrf=" + UrlEncode(CsrfOf(review.body)) + "&questions=" + kDebugQuestion,
                     m.browser.SameOriginHeaders());
  ASSERT_EQ(started.status, 303) << started.body;
  const std::string run_page = started.Header("location");
  ASSERT_TRUE(run_page.starts_with("/mock/")) << run_page;
  HttpResponse run = m.browser.Get(run_page);
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_NE(run.body.find("Question 1 of 1"), std::string::npos);
  EXPECT_NE(run.body.find("data-answer-seconds=\"120\""), std::string::npos) << "the default answer time";
  HttpResponse saved = m.browser.Post(
      "/review/settings", kForm, "csrf=" + UrlEncode(CsrfOf(review.body)) + "&desired_retention=80&daily_new_limit=0",
      m.browser.SameOriginHeaders());
  ASSERT_EQ(saved.status, 303);
  EXPECT_EQ(m.Due().at("daily_new_limit").as_int64(), 0);
  EXPECT_EQ(m.Due().at("count").as_int64(), 0);
  HttpResponse wrong = m.browser.Post(
      "/review/settings", kForm, "csrf=" + UrlEncode(CsrfOf(review.body)) + "&desired_retention=99&daily_new_limit=0",
      m.browser.SameOriginHeaders());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("70 to 97"), std::string::npos);
}

}  // namespace
}  // namespace starprep::it
