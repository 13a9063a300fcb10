// SPDX-License-Identifier: Apache-2.0
// The JSON API (/api/v1) against the real server: resources, pagination, 404s, OpenAPI, and the
// validation of POST /api/v1/questions/{id}/feedback (CSRF, content type, JSON shape, comment).

#include <gtest/gtest.h>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

class ApiTest : public SharedServerTest {};

std::vector<std::string> Slugs(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& item : list.at("items").as_array()) out.emplace_back(item.at("slug").as_string());
  return out;
}

TEST_F(ApiTest, ListRoles) {
  HttpResponse r = Get(port(), "/api/v1/roles");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_TRUE(r.Header("content-type").starts_with("application/json"));
  EXPECT_TRUE(HasSecurityHeaders(r));
  json::value v = r.Json();
  ASSERT_TRUE(v.is_object()) << r.body;
  EXPECT_EQ(v.at("total").to_number<int>(), 6);
  EXPECT_EQ(v.at("offset").to_number<int>(), 0);
  EXPECT_GE(v.at("limit").to_number<int>(), 6);
  auto items = v.at("items").as_array();
  ASSERT_EQ(items.size(), 6u);
  bool found = false;
  for (const auto& item : items) {
    EXPECT_FALSE(item.at("title").as_string().empty());
    EXPECT_FALSE(item.at("summary").as_string().empty());
    EXPECT_EQ(item.at("updated").as_string().size(), 10u);
    EXPECT_GE(item.at("question_count").to_number<int>(), 12);
    if (item.at("slug") == "backend-developer") {
      found = true;
      EXPECT_EQ(item.at("question_count").to_number<int>(), 18);
      EXPECT_EQ(item.at("title"), "Back-end Developer");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ApiTest, RolesPagination) {
  std::vector<std::string> all = Slugs(Get(port(), "/api/v1/roles?limit=100").Json());
  ASSERT_EQ(all.size(), 6u);

  json::value page = Get(port(), "/api/v1/roles?limit=2&offset=2").Json();
  EXPECT_EQ(page.at("limit").to_number<int>(), 2);
  EXPECT_EQ(page.at("offset").to_number<int>(), 2);
  EXPECT_EQ(page.at("total").to_number<int>(), 6);
  EXPECT_EQ(Slugs(page), (std::vector<std::string>{all[2], all[3]}));

  EXPECT_EQ(Slugs(Get(port(), "/api/v1/roles?limit=4&offset=4").Json()), (std::vector<std::string>{all[4], all[5]}));
  EXPECT_EQ(Slugs(Get(port(), "/api/v1/roles?limit=1").Json()), (std::vector<std::string>{all[0]}));

  json::value past = Get(port(), "/api/v1/roles?offset=6").Json();
  EXPECT_TRUE(past.at("items").as_array().empty());
  EXPECT_EQ(past.at("total").to_number<int>(), 6);
  EXPECT_EQ(Get(port(), "/api/v1/roles?offset=1000").status, 200);
  EXPECT_EQ(Get(port(), "/api/v1/roles?limit=100&offset=0").status, 200);
}

TEST_F(ApiTest, BadPaginationIs400) {
  for (const std::string q : {"limit=0", "limit=-1", "limit=101", "limit=abc", "limit=", "limit=1.5", "limit=2x",
                              "offset=-1", "offset=x", "limit=99999999999999999999", "offset=%20"}) {
    HttpResponse r = Get(port(), "/api/v1/roles?" + q);
    EXPECT_TRUE(IsJsonError(r, 400, "invalid_argument")) << q;
    HttpResponse rq = Get(port(), "/api/v1/roles/backend-developer/questions?" + q);
    EXPECT_TRUE(IsJsonError(rq, 400, "invalid_argument")) << q;
  }
  HttpResponse r = Get(port(), "/api/v1/roles?limit=0");
  EXPECT_NE(r.Json().at("error").at("message").as_string().find("limit"), json::string::npos)
      << "the message should name the bad parameter";
}

TEST_F(ApiTest, GetRole) {
  HttpResponse r = Get(port(), "/api/v1/roles/backend-developer");
  ASSERT_EQ(r.status, 200);
  json::value v = r.Json();
  EXPECT_EQ(v.at("slug"), "backend-developer");
  EXPECT_EQ(v.at("title"), "Back-end Developer");
  EXPECT_EQ(v.at("question_count").to_number<int>(), 18);
  EXPECT_FALSE(v.at("intro").as_string().empty());
  EXPECT_FALSE(v.at("skills").as_array().empty());
  auto questions = v.at("questions").as_array();
  ASSERT_EQ(questions.size(), 18u);
  EXPECT_EQ(questions[0].at("id"), "be-debugging-complex-issue");
  for (std::size_t i = 0; i < questions.size(); ++i)
    EXPECT_EQ(questions[i].at("position").to_number<int>(), static_cast<int>(i + 1));
}

TEST_F(ApiTest, RoleQuestionsPaginated) {
  json::value all = Get(port(), "/api/v1/roles/backend-developer/questions?limit=100").Json();
  ASSERT_TRUE(all.is_object());
  EXPECT_EQ(all.at("total").to_number<int>(), 18);
  auto items = all.at("items").as_array();
  ASSERT_EQ(items.size(), 18u);
  for (const auto& q : items) {
    const auto& a = q.at("answer");
    for (const char* part : {"situation", "task", "action", "result"})
      EXPECT_FALSE(a.at(part).as_string().empty()) << q.at("id") << " " << part;
    EXPECT_FALSE(q.at("dos").as_array().empty());
    EXPECT_FALSE(q.at("donts").as_array().empty());
    EXPECT_FALSE(q.at("why").as_string().empty());
  }
  json::value def = Get(port(), "/api/v1/roles/backend-developer/questions").Json();
  EXPECT_EQ(def.at("total").to_number<int>(), 18);
  EXPECT_EQ(def.at("items").as_array().size(),
            static_cast<std::size_t>(def.at("limit").to_number<int>() < 18 ? def.at("limit").to_number<int>() : 18));
  json::value tail = Get(port(), "/api/v1/roles/backend-developer/questions?limit=5&offset=15").Json();
  ASSERT_EQ(tail.at("items").as_array().size(), 3u);
  EXPECT_EQ(tail.at("items").at(0).at("id"), items[15].at("id"));
  EXPECT_EQ(tail.at("items").at(2).at("id"), items[17].at("id"));
}

TEST_F(ApiTest, GetQuestion) {
  HttpResponse r = Get(port(), "/api/v1/questions/be-debugging-complex-issue");
  ASSERT_EQ(r.status, 200);
  json::value v = r.Json();
  EXPECT_EQ(v.at("id"), "be-debugging-complex-issue");
  EXPECT_EQ(v.at("role"), "backend-developer");
  EXPECT_EQ(v.at("question"), "Tell me about a time you debugged a complex issue in production.");
  EXPECT_EQ(v.at("kind"), "behavioral");
  EXPECT_NE(v.at("answer").at("result").as_string().find("420 milliseconds"), json::string::npos);
  EXPECT_EQ(v.at("url"), "/questions/be-debugging-complex-issue");
}

TEST_F(ApiTest, UnknownRoleOrQuestionIs404Json) {
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/roles/astronaut"), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/roles/astronaut/questions"), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/roles/astronaut/feedback"), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/questions/nope"), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/questions/nope/feedback"), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/questions/" + UrlEncode("x' OR '1'='1")), 404, "not_found"));
  Browser b(port());
  EXPECT_TRUE(IsJsonError(b.VoteApi("nope", R"({"helpful":true})"), 404, "not_found"));
}

TEST_F(ApiTest, ErrorBodiesStayValidJsonWhateverThePath) {
  // Paths are echoed in error messages: bytes that are not UTF-8 must not make the body invalid JSON.
  for (const std::string path : {"/api/v1/roles/%FF", "/api/v1/questions/%C3%28", "/api/v1/nothing/%FE%FF",
                                 "/api/v1/roles/%22%5C%0A", "/api/v1/questions/%00"}) {
    HttpResponse r = Get(port(), path);
    EXPECT_TRUE(IsJsonError(r, 404, "not_found")) << path;
  }
  HttpResponse html = Get(port(), "/roles/%FF");
  EXPECT_EQ(html.status, 404);
}

TEST_F(ApiTest, RoleFeedbackListsEveryQuestionWithYourVote) {
  Browser b(port());
  HttpResponse r = b.Get("/api/v1/roles/backend-developer/feedback");
  ASSERT_EQ(r.status, 200);
  json::value v = r.Json();
  EXPECT_EQ(v.at("role"), "backend-developer");
  auto items = v.at("items").as_array();
  ASSERT_EQ(items.size(), 18u);
  for (const auto& item : items) {
    EXPECT_TRUE(item.at("your_vote").is_null());
    EXPECT_GE(item.at("helpful").to_number<int>(), 0);
    EXPECT_GE(item.at("not_helpful").to_number<int>(), 0);
    EXPECT_GE(item.at("comments").to_number<int>(), 0);
  }
}

TEST_F(ApiTest, CsrfTokenEndpointSetsCookieAndIsStablePerVisitor) {
  HttpResponse r = Get(port(), "/api/v1/csrf-token");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("content-type").starts_with("application/json"));
  auto cookies = r.AllHeaders("set-cookie");
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_TRUE(cookies[0].starts_with("sp_vid="));
  EXPECT_NE(r.Header("cache-control").find("no-store"), std::string::npos);
  Browser b(port());
  std::string t1 = b.ApiToken();
  std::string t2 = b.ApiToken();
  EXPECT_FALSE(t1.empty());
  EXPECT_EQ(t1, t2);
  // The API token works in the page's form (the script fills it in when a public page has none).
  EXPECT_EQ(b.Post("/feedback", "application/x-www-form-urlencoded",
                   "csrf=" + UrlEncode(t1) + "&vote=be-designing-rest-apis%3Ayes&return=%2Froles%2Fbackend-developer")
                .status,
            303);
}

TEST_F(ApiTest, OpenApiDocument) {
  HttpResponse r = Get(port(), "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("content-type").starts_with("application/json"));
  json::value v = r.Json();
  ASSERT_TRUE(v.is_object()) << "not JSON";
  ASSERT_TRUE(v.as_object().contains("openapi")) << "no \"openapi\" field; body starts: " << r.body.substr(0, 200);
  EXPECT_TRUE(v.at("openapi").as_string().starts_with("3.1")) << v.at("openapi");
  ASSERT_TRUE(v.as_object().contains("paths"));
  const auto& paths = v.at("paths").as_object();
  for (const char* p : {"/api/v1/roles", "/api/v1/roles/{slug}", "/api/v1/roles/{slug}/questions",
                        "/api/v1/questions/{id}", "/api/v1/questions/{id}/feedback", "/api/v1/csrf-token"})
    EXPECT_TRUE(paths.contains(p)) << "OpenAPI lacks " << p;
}

// --- POST /api/v1/questions/{id}/feedback: validation --------------------------------------------

class ApiFeedbackValidationTest : public SharedServerTest {
 protected:
  // Posts `body` for `question` with a valid cookie + token and the given content type.
  HttpResponse Post(const std::string& body, const std::string& content_type = "application/json",
                    const std::string& question = "be-testing-strategy") {
    Browser b(port());
    std::string token = b.ApiToken();
    return b.Post("/api/v1/questions/" + question + "/feedback", content_type, body, {{"X-CSRF-Token", token}});
  }
};

TEST_F(ApiFeedbackValidationTest, ValidVoteIs200WithCounts) {
  Counts before = FeedbackCounts(port(), "be-testing-strategy");
  HttpResponse r = Post(R"({"helpful":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = r.Json();
  EXPECT_EQ(v.at("question_id"), "be-testing-strategy");
  EXPECT_EQ(v.at("your_vote"), "yes");
  EXPECT_EQ(v.at("helpful").to_number<int>(), before.helpful + 1);
  EXPECT_EQ(Post(R"({"helpful":false,"comment":null})").status, 200);
  EXPECT_EQ(Post(R"({"helpful":false,"comment":""})").status, 200);
  EXPECT_EQ(Post(R"({"helpful":true})", "application/json; charset=utf-8").status, 200);
  Counts after = FeedbackCounts(port(), "be-testing-strategy");
  EXPECT_EQ(after.helpful, before.helpful + 2);
  EXPECT_EQ(after.not_helpful, before.not_helpful + 2);
  EXPECT_EQ(after.comments, before.comments) << "empty comments are not comments";
}

TEST_F(ApiFeedbackValidationTest, BadJsonIs400) {
  Counts before = FeedbackCounts(port(), "be-testing-strategy");
  for (const std::string body : {"", "{", "{\"helpful\":tru}", "not json", "{\"helpful\":true}}", "[]",
                                 "[{\"helpful\":true}]", "\"helpful\"", "null", "{'helpful':true}"}) {
    EXPECT_TRUE(IsJsonError(Post(body), 400)) << "body: " << body;
  }
  EXPECT_EQ(FeedbackCounts(port(), "be-testing-strategy"), before) << "a rejected request recorded a vote";
}

TEST_F(ApiFeedbackValidationTest, WrongContentTypeIs415) {
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true})", "text/plain"), 415));
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true})", "application/x-www-form-urlencoded"), 415));
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true})", ""), 415));
}

TEST_F(ApiFeedbackValidationTest, UnknownFieldIs400) {
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true,"rating":5})"), 400, "invalid_field"));
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true,"voter_id":"someone-else"})"), 400, "invalid_field"));
}

TEST_F(ApiFeedbackValidationTest, HelpfulMustBeABoolean) {
  for (const std::string body : {R"({})", R"({"helpful":"yes"})", R"({"helpful":1})", R"({"helpful":null})",
                                 R"({"helpful":"true"})", R"({"helpful":[true]})", R"({"comment":"hi"})"}) {
    EXPECT_TRUE(IsJsonError(Post(body), 400, "invalid_field")) << body;
  }
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true,"comment":42})"), 400, "invalid_field"));
}

TEST_F(ApiFeedbackValidationTest, CommentLengthLimitIs1000Characters) {
  std::string ok(1000, 'a');
  EXPECT_EQ(Post(R"({"helpful":true,"comment":")" + ok + "\"}").status, 200);
  std::string too_long(1001, 'a');
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true,"comment":")" + too_long + "\"}"), 400));
  // Characters, not bytes: 1000 two-byte characters are fine, 1001 are not.
  std::string accents;
  for (int i = 0; i < 1000; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(Post(R"({"helpful":true,"comment":")" + accents + "\"}").status, 200);
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true,"comment":")" + accents + "\xC3\xA9\"}"), 400));
}

TEST_F(ApiFeedbackValidationTest, InvalidUtf8CommentIs400) {
  Counts before = FeedbackCounts(port(), "be-testing-strategy");
  EXPECT_TRUE(IsJsonError(Post("{\"helpful\":true,\"comment\":\"bad \xC3\x28 byte\"}"), 400));
  EXPECT_TRUE(IsJsonError(Post("{\"helpful\":true,\"comment\":\"\xFF\xFE\"}"), 400));
  EXPECT_TRUE(IsJsonError(Post("{\"helpful\":true,\"comment\":\"overlong \xC0\xAF\"}"), 400));
  EXPECT_TRUE(IsJsonError(Post(R"({"helpful":true,"comment":"lone surrogate \ud800"})"), 400));
  EXPECT_EQ(FeedbackCounts(port(), "be-testing-strategy"), before);
}

TEST_F(ApiFeedbackValidationTest, MissingOrWrongCsrfIs403AndRecordsNothing) {
  const std::string q = "be-message-queues";
  const std::string path = "/api/v1/questions/" + q + "/feedback";
  const std::string body = R"({"helpful":true,"comment":"should not be stored"})";
  Counts before = FeedbackCounts(port(), q);

  Browser b(port());
  std::string token = b.ApiToken();
  ASSERT_FALSE(token.empty());
  // No token header.
  EXPECT_TRUE(IsJsonError(b.Post(path, "application/json", body), 403, "csrf"));
  // Wrong token.
  std::string wrong = token;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(IsJsonError(b.Post(path, "application/json", body, {{"X-CSRF-Token", wrong}}), 403, "csrf"));
  EXPECT_TRUE(IsJsonError(b.Post(path, "application/json", body, {{"X-CSRF-Token", ""}}), 403, "csrf"));
  EXPECT_TRUE(IsJsonError(b.Post(path, "application/json", body, {{"X-CSRF-Token", token + "x"}}), 403, "csrf"));
  // Right token but no cookie.
  EXPECT_TRUE(IsJsonError(
      Fetch(port(), "POST", path, {{"Content-Type", "application/json"}, {"X-CSRF-Token", token}}, body), 403, "csrf"));
  // Another visitor's token.
  Browser other(port());
  std::string other_token = other.ApiToken();
  EXPECT_TRUE(IsJsonError(b.Post(path, "application/json", body, {{"X-CSRF-Token", other_token}}), 403, "csrf"));
  // The token in the body or the query string does not count.
  EXPECT_TRUE(IsJsonError(b.Post(path + "?csrf=" + token, "application/json", body), 403, "csrf"));

  EXPECT_EQ(FeedbackCounts(port(), q), before) << "a request rejected for CSRF recorded a vote";
  json::value mine = b.Get("/api/v1/roles/backend-developer/feedback").Json();
  for (const auto& item : mine.at("items").as_array())
    if (item.at("question_id").as_string() == q) {
      EXPECT_TRUE(item.at("your_vote").is_null());
    }
  // And the same request with the right token works.
  EXPECT_EQ(b.Post(path, "application/json", body, {{"X-CSRF-Token", token}}).status, 200);
  EXPECT_EQ(FeedbackCounts(port(), q).helpful, before.helpful + 1);
}

TEST_F(ApiFeedbackValidationTest, SqlMetacharactersInCommentAreJustText) {
  const std::string q = "be-database-query-optimisation";
  Counts before = FeedbackCounts(port(), q);
  for (const std::string comment :
       {"'; DROP TABLE votes; --", "Robert'); DELETE FROM questions; --", "\" OR 1=1 --", "%_\\' UNION SELECT 1"}) {
    Browser b(port());
    json::string js(comment);
    HttpResponse r = b.VoteApi(q, "{\"helpful\":true,\"comment\":" + json::serialize(js) + "}");
    EXPECT_EQ(r.status, 200) << comment << ": " << r.body;
  }
  Counts after = FeedbackCounts(port(), q);
  EXPECT_EQ(after.helpful, before.helpful + 4);
  EXPECT_EQ(after.comments, before.comments + 4);
  // Everything still works.
  EXPECT_EQ(Get(port(), "/api/v1/roles").Json().at("total").to_number<int>(), 6);
  EXPECT_EQ(Get(port(), "/api/v1/roles/backend-developer/questions?limit=100").Json().at("total").to_number<int>(), 18);
  EXPECT_EQ(Get(port(), "/roles/backend-developer").status, 200);
}

TEST_F(ApiFeedbackValidationTest, BodyOfExactly64KiBIsReadNotRejectedAsTooLarge) {
  // 65536 bytes is within the limit: the request is read and then judged on its merits.
  std::string comment(65536 - std::string(R"({"helpful":true,"comment":""})").size(), 'x');
  std::string body = R"({"helpful":true,"comment":")" + comment + "\"}";
  ASSERT_EQ(body.size(), 65536u);
  HttpResponse r = Post(body);
  EXPECT_TRUE(IsJsonError(r, 400)) << "a 64 KiB comment is over 1000 characters";
}

}  // namespace
}  // namespace starprep::it
