// SPDX-License-Identifier: Apache-2.0
// Feedback on suggested answers end to end: the plain form (POST /feedback, 303) and the JSON API,
// one vote per browser that can be changed, counts on the pages and in the API, CSRF, validation,
// and hostile comments (HTML, script) that must never come back unescaped.

#include <gtest/gtest.h>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

class FeedbackTest : public SharedServerTest {};

// Counts shown in the question's widget on `page` for `id`: {yes, no}; {-1,-1} if absent.
std::pair<int, int> PageCounts(Browser& b, const std::string& page, const std::string& id) {
  HttpResponse r = b.Get(page);
  std::string section = QuestionSection(r.body, id);
  return {SpanNumber(section, "fb-n-yes"), SpanNumber(section, "fb-n-no")};
}

std::string YourVote(Browser& b, const std::string& role, const std::string& id) {
  json::value v = b.Get("/api/v1/roles/" + role + "/feedback").Json();
  if (!v.is_object()) return "error";
  for (const auto& item : v.at("items").as_array())
    if (item.at("question_id").as_string() == id)
      return item.at("your_vote").is_null() ? "null" : std::string(item.at("your_vote").as_string());
  return "missing";
}

std::string FormBody(const std::string& token, const std::string& vote, const std::string& extra = "") {
  return "csrf=" + UrlEncode(token) + "&vote=" + UrlEncode(vote) + "&return=" + UrlEncode("/roles/backend-developer") +
         extra;
}

TEST_F(FeedbackTest, FormVoteRoundTrip) {
  const std::string q = "be-designing-rest-apis";
  const std::string page = "/roles/backend-developer";
  Browser b(port());
  HttpResponse first = b.Get(page);
  ASSERT_EQ(first.status, 200);
  ASSERT_TRUE(b.visitor_id().empty()) << "a public page sets no cookie";
  // Without JavaScript the form posts without a token; the browser's same-origin headers vouch for it.
  const std::string token;
  const Headers same_origin = b.SameOriginHeaders();
  auto [yes0, no0] = PageCounts(b, page, q);
  ASSERT_GE(yes0, 0);
  ASSERT_GE(no0, 0);
  Counts api0 = FeedbackCounts(port(), q);
  ASSERT_EQ(api0.helpful, yes0);
  EXPECT_EQ(YourVote(b, "backend-developer", q), "null");

  // Vote yes with a comment: 303 back to the question's anchor on the page we came from.
  HttpResponse voted =
      b.Post("/feedback", "application/x-www-form-urlencoded",
             FormBody(token, q + ":yes", "&comment-" + q + "=" + UrlEncode("Great structure, thanks!")), same_origin);
  ASSERT_EQ(voted.status, 303) << voted.body;
  ASSERT_FALSE(b.visitor_id().empty()) << "the first vote sets the visitor cookie";
  EXPECT_EQ(voted.Header("location"), page + "#" + q);
  EXPECT_TRUE(voted.body.empty() || voted.Header("content-length") == std::to_string(voted.body.size()));
  EXPECT_EQ(PageCounts(b, page, q), std::make_pair(yes0 + 1, no0));
  EXPECT_EQ(PageCounts(b, "/questions/" + q, q), std::make_pair(yes0 + 1, no0)) << "question page shows old counts";
  Counts api1 = FeedbackCounts(port(), q);
  EXPECT_EQ(api1.helpful, api0.helpful + 1);
  EXPECT_EQ(api1.not_helpful, api0.not_helpful);
  EXPECT_EQ(api1.comments, api0.comments + 1) << "the comment was not stored";
  EXPECT_EQ(YourVote(b, "backend-developer", q), "yes");

  // Change to no: still one vote for this browser.
  HttpResponse changed =
      b.Post("/feedback", "application/x-www-form-urlencoded", FormBody(token, q + ":no"), same_origin);
  ASSERT_EQ(changed.status, 303);
  EXPECT_EQ(PageCounts(b, page, q), std::make_pair(yes0, no0 + 1));
  Counts api2 = FeedbackCounts(port(), q);
  EXPECT_EQ(api2.helpful, api0.helpful);
  EXPECT_EQ(api2.not_helpful, api0.not_helpful + 1);
  EXPECT_EQ(YourVote(b, "backend-developer", q), "no");

  // Voting no again changes nothing.
  ASSERT_EQ(b.Post("/feedback", "application/x-www-form-urlencoded", FormBody(token, q + ":no"), same_origin).status,
            303);
  Counts api3 = FeedbackCounts(port(), q);
  EXPECT_EQ(api3.helpful, api2.helpful);
  EXPECT_EQ(api3.not_helpful, api2.not_helpful);

  // Another browser's vote adds to the counts and does not see ours.
  Browser other(port());
  EXPECT_EQ(YourVote(other, "backend-developer", q), "null");
  ASSERT_EQ(other.VoteForm(page, q, true).status, 303);
  EXPECT_EQ(FeedbackCounts(port(), q).helpful, api0.helpful + 1);
  EXPECT_EQ(YourVote(b, "backend-developer", q), "no");
}

TEST_F(FeedbackTest, ApiVoteRoundTripAndPagesShowIt) {
  const std::string q = "be-zero-downtime-deployments";
  Browser b(port());
  Counts c0 = FeedbackCounts(port(), q);
  HttpResponse yes = b.VoteApi(q, R"({"helpful":true,"comment":"Would love a rollback example."})");
  ASSERT_EQ(yes.status, 200) << yes.body;
  json::value v = yes.Json();
  EXPECT_EQ(v.at("helpful").to_number<int>(), c0.helpful + 1);
  EXPECT_EQ(v.at("comments").to_number<int>(), c0.comments + 1);
  EXPECT_EQ(v.at("your_vote"), "yes");
  EXPECT_EQ(PageCounts(b, "/roles/backend-developer", q).first, c0.helpful + 1) << "role page not invalidated";
  EXPECT_EQ(PageCounts(b, "/questions/" + q, q).first, c0.helpful + 1) << "question page not invalidated";

  HttpResponse no = b.VoteApi(q, R"({"helpful":false})");
  ASSERT_EQ(no.status, 200);
  EXPECT_EQ(no.Json().at("your_vote"), "no");
  Counts c2 = FeedbackCounts(port(), q);
  EXPECT_EQ(c2.helpful, c0.helpful);
  EXPECT_EQ(c2.not_helpful, c0.not_helpful + 1);
  EXPECT_EQ(YourVote(b, "backend-developer", q), "no");
  auto [yes_n, no_n] = PageCounts(b, "/roles/backend-developer", q);
  EXPECT_EQ(yes_n, c0.helpful);
  EXPECT_EQ(no_n, c0.not_helpful + 1);

  // The form and the API share the one vote of this browser.
  ASSERT_EQ(b.VoteForm("/roles/backend-developer", q, true).status, 303);
  Counts c3 = FeedbackCounts(port(), q);
  EXPECT_EQ(c3.helpful, c0.helpful + 1);
  EXPECT_EQ(c3.not_helpful, c0.not_helpful);
}

TEST_F(FeedbackTest, FormWithoutOrWithWrongCsrfIs403AndRecordsNothing) {
  const std::string q = "be-hardest-backend-problem";
  Browser b(port());
  std::string token = b.ApiToken();
  ASSERT_FALSE(token.empty());
  Counts before = FeedbackCounts(port(), q);
  const std::string form = "application/x-www-form-urlencoded";

  HttpResponse no_token = b.Post("/feedback", form, "vote=" + q + "%3Ayes&return=%2Froles%2Fbackend-developer");
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(no_token.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(no_token.body.find("Reload the page"), std::string::npos);
  EXPECT_FALSE(no_token.HasHeader("location"));

  std::string wrong = token;
  wrong[wrong.size() / 2] = wrong[wrong.size() / 2] == 'x' ? 'y' : 'x';
  EXPECT_EQ(b.Post("/feedback", form, FormBody(wrong, q + ":yes")).status, 403);
  EXPECT_EQ(b.Post("/feedback", form, FormBody("", q + ":yes")).status, 403);
  // Token in a header instead of the form does not count for the form endpoint... but must not crash either.
  EXPECT_EQ(b.Post("/feedback", form, "vote=" + q + "%3Ayes", {{"X-CSRF-Token", token}}).status, 403);
  // Right token without the cookie it belongs to.
  EXPECT_EQ(Fetch(port(), "POST", "/feedback", {{"Content-Type", form}}, FormBody(token, q + ":yes")).status, 403);
  // Another visitor's token with our cookie.
  Browser other(port());
  std::string other_token = other.ApiToken();
  EXPECT_EQ(b.Post("/feedback", form, FormBody(other_token, q + ":yes")).status, 403);
  // Without a token, only a browser that says the form comes from this site is believed: not a
  // cross-site or same-site page, not an opaque ("null") or foreign origin, not a client that says
  // nothing (a CSRF page always runs in a browser, and browsers always send these on a POST).
  const std::string untokened = "vote=" + q + "%3Ayes&return=%2Froles%2Fbackend-developer";
  const std::string self = "http://127.0.0.1:" + std::to_string(port());
  for (const Headers& h : std::vector<Headers>{{{"Sec-Fetch-Site", "cross-site"}},
                                               {{"Sec-Fetch-Site", "same-site"}},
                                               {{"Sec-Fetch-Site", "none"}},
                                               {{"Sec-Fetch-Site", "cross-site"}, {"Origin", self}},
                                               {{"Origin", "null"}},
                                               {{"Origin", "http://evil.example"}},
                                               {{"Origin", self + ".evil.example"}},
                                               {{"Origin", "ftp://127.0.0.1:" + std::to_string(port())}},
                                               {{"Referer", self + "/roles/backend-developer"}}})
    EXPECT_EQ(b.Post("/feedback", form, untokened, h).status, 403) << h.front().first << ": " << h.front().second;
  // JSON clients asking for JSON get the JSON error.
  EXPECT_TRUE(IsJsonError(b.Post("/feedback", form, FormBody(wrong, q + ":yes"), {{"Accept", "application/json"}}), 403,
                          "csrf"));

  EXPECT_EQ(FeedbackCounts(port(), q), before) << "a form rejected for CSRF recorded a vote";
  EXPECT_EQ(YourVote(b, "backend-developer", q), "null");
}

TEST_F(FeedbackTest, FormValidation) {
  const std::string q = "be-high-availability-durability";
  Browser b(port());
  std::string token = b.ApiToken();
  const std::string form = "application/x-www-form-urlencoded";
  Counts before = FeedbackCounts(port(), q);

  EXPECT_EQ(b.Post("/feedback", form, "csrf=" + UrlEncode(token)).status, 400) << "no vote";
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, q + ":maybe")).status, 400);
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, q)).status, 400);
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, ":yes")).status, 400);
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, "no-such-question:yes")).status, 404);
  EXPECT_EQ(b.Post("/feedback", form, "csrf=" + UrlEncode(token) + "&vote=%zz").status, 400) << "bad escape";
  std::string long_comment(1001, 'c');
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, q + ":yes", "&comment-" + q + "=" + long_comment)).status, 400);
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, q + ":yes", "&comment-" + q + "=%C3%28")).status, 400)
      << "invalid UTF-8";
  EXPECT_EQ(FeedbackCounts(port(), q), before) << "an invalid form recorded a vote";

  std::string max_comment(1000, 'c');
  EXPECT_EQ(b.Post("/feedback", form, FormBody(token, q + ":yes", "&comment-" + q + "=" + max_comment)).status, 303);
  Counts after = FeedbackCounts(port(), q);
  EXPECT_EQ(after.helpful, before.helpful + 1);
  EXPECT_EQ(after.comments, before.comments + 1);
}

TEST_F(FeedbackTest, ReturnPathCannotRedirectElsewhereOrInjectHeaders) {
  const std::string q = "be-recommending-technology";
  Browser b(port());
  std::string token = b.ApiToken();
  const std::string form = "application/x-www-form-urlencoded";
  for (const std::string ret : {"https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                                "/roles/backend-developer\r\nSet-Cookie: injected=1", "evil"}) {
    HttpResponse r = b.Post(
        "/feedback", form, "csrf=" + UrlEncode(token) + "&vote=" + UrlEncode(q + ":yes") + "&return=" + UrlEncode(ret));
    ASSERT_EQ(r.status, 303) << ret;
    std::string loc = r.Header("location");
    EXPECT_TRUE(loc.starts_with("/") && !loc.starts_with("//") && !loc.starts_with("/\\")) << ret << " -> " << loc;
    EXPECT_EQ(loc.find("evil"), std::string::npos) << ret << " -> " << loc;
    EXPECT_EQ(loc.find('\r'), std::string::npos);
    for (const auto& c : r.AllHeaders("set-cookie")) EXPECT_EQ(c.find("injected"), std::string::npos);
    EXPECT_FALSE(r.HasHeader("injected"));
  }
}

TEST_F(FeedbackTest, HtmlAndScriptInCommentsNeverComeBackUnescaped) {
  const std::string q = "be-containers-docker-kubernetes";
  const std::vector<std::string> payloads = {"<script>alert('xss')</script>", "<img src=x onerror=alert(1)>",
                                             "\"><svg onload=alert(1)>", "</textarea><b>bold</b>"};
  Browser b(port());
  for (const auto& p : payloads) {
    json::string js(p);
    ASSERT_EQ(b.VoteApi(q, "{\"helpful\":true,\"comment\":" + json::serialize(js) + "}").status, 200) << p;
    Browser form_voter(port());
    ASSERT_EQ(form_voter.VoteForm("/questions/" + q, q, false, p).status, 303) << p;
  }
  EXPECT_GE(FeedbackCounts(port(), q).comments, static_cast<std::int64_t>(payloads.size() + 1));
  for (const std::string& page : std::vector<std::string>{"/roles/backend-developer", "/questions/" + q, "/"}) {
    for (bool gzip : {false, true}) {
      HttpResponse r = b.Get(page, gzip ? Headers{{"Accept-Encoding", "gzip"}} : Headers{});
      ASSERT_EQ(r.status, 200) << page;
      std::string body = gzip ? Gunzip(r.body) : r.body;
      for (const auto& p : payloads) EXPECT_EQ(body.find(p), std::string::npos) << page << " contains " << p;
      EXPECT_EQ(body.find("alert("), std::string::npos) << page;
    }
  }
  for (const std::string& api :
       std::vector<std::string>{"/api/v1/questions/" + q + "/feedback", "/api/v1/roles/backend-developer/feedback",
                                "/api/v1/questions/" + q}) {
    HttpResponse r = b.Get(api);
    EXPECT_TRUE(r.Header("content-type").starts_with("application/json"));
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << api;
  }
}

}  // namespace
}  // namespace starprep::it
