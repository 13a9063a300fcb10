// SPDX-License-Identifier: Apache-2.0
// Public HTML pages and static files against the real server: content, content types, 404s,
// security headers, ETag/304, gzip, HEAD and 405.

#include <gtest/gtest.h>

#include <set>

#include "fixture.h"

namespace starprep::it {
namespace {

class PagesTest : public SharedServerTest {};

const std::vector<std::string> kRoleSlugs = {"backend-developer",   "data-engineer",      "devops-engineer",
                                             "engineering-manager", "frontend-developer", "product-manager"};

TEST_F(PagesTest, HomeListsAllSixRolesAndExplainsStar) {
  HttpResponse r = Get(port(), "/");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_TRUE(r.body.starts_with("<!doctype html>"));
  for (const auto& slug : kRoleSlugs) EXPECT_NE(r.body.find("href=\"/roles/" + slug + "\""), std::string::npos) << slug;
  // The roles list links exactly the six roles.
  auto list_start = r.body.find("<ul class=\"roles\">");
  ASSERT_NE(list_start, std::string::npos);
  std::string list = r.body.substr(list_start, r.body.find("</ul>", list_start) - list_start);
  EXPECT_EQ(Count(list, "<a href=\"/roles/"), 6u);
  EXPECT_NE(r.body.find("id=\"star\""), std::string::npos) << "STAR explainer missing";
  EXPECT_NE(r.body.find("Situation"), std::string::npos);
  EXPECT_NE(r.body.find("/static/site.css"), std::string::npos);
  EXPECT_TRUE(HasSecurityHeaders(r));
}

// Whitespace runs collapsed to one space, ends trimmed.
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The role page shows each question as its title (linking to its own page), tags and the start
// of the model answer; its JSON-LD keeps every full answer.
TEST_F(PagesTest, BackendRolePageShowsEighteenQuestionsWithTheStartOfEachAnswer) {
  Browser b(port());
  HttpResponse r = b.Get("/roles/backend-developer");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Back-end Developer"), std::string::npos);
  EXPECT_EQ(Count(r.body, "<section class=\"question\" id=\""), 18u);
  EXPECT_EQ(Count(r.body, "<p class=\"excerpt star-s\">"), 18u);
  EXPECT_EQ(Count(r.body, "<dl class=\"star\">"), 0u) << "whole answers belong on the question pages";
  // The index comes before the first question (folded on phones), the intro and explainer after.
  const auto fold = r.body.find("<nav class=\"toc-fold\"");
  const auto first_section = r.body.find("<section class=\"question\"");
  ASSERT_NE(fold, std::string::npos);
  EXPECT_LT(fold, first_section);
  EXPECT_GT(r.body.find("<section class=\"about\" id=\"about\""), first_section);
  EXPECT_GT(r.body.find("id=\"star\""), first_section);

  const auto ld_start = r.body.find("<script type=\"application/ld+json\">");
  ASSERT_NE(ld_start, std::string::npos) << "schema.org JSON-LD missing";
  const auto ld_body = ld_start + std::string_view("<script type=\"application/ld+json\">").size();
  boost::json::value ld = boost::json::parse(r.body.substr(ld_body, r.body.find("</script>", ld_body) - ld_body));
  const auto& faq = ld.at("mainEntity").as_array();
  ASSERT_EQ(faq.size(), 18u);

  // Every question of the role (as the API lists them) has its section, index link, title link to
  // its own page, tags, and the start of its answer; the JSON-LD has the whole answer.
  HttpResponse api = Get(port(), "/api/v1/roles/backend-developer");
  ASSERT_EQ(api.status, 200);
  auto questions = api.Json().at("questions").as_array();
  ASSERT_EQ(questions.size(), 18u);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i];
    std::string id(q.at("id").as_string());
    std::string section = QuestionSection(r.body, id);
    ASSERT_FALSE(section.empty()) << "no section for " << id;
    EXPECT_EQ(Count(r.body, "<a href=\"#" + id + "\">"), 2u) << "both indexes (wide and folded) link " << id;
    EXPECT_NE(section.find("<a href=\"/questions/" + id + "\">"), std::string::npos) << id << ": no link to its page";
    EXPECT_NE(UnescapeHtml(section).find(std::string(q.at("question").as_string())), std::string::npos) << id;
    EXPECT_NE(section.find("<p class=\"tags\"><span class=\"kind\">"), std::string::npos) << id;
    const auto ex = section.find("<strong>Situation:</strong> ");
    ASSERT_NE(ex, std::string::npos) << id;
    const auto ex_text = ex + std::string_view("<strong>Situation:</strong> ").size();
    std::string excerpt = UnescapeHtml(section.substr(ex_text, section.find("</p>", ex_text) - ex_text));
    const std::string ellipsis = "\xE2\x80\xA6";
    const bool cut = excerpt.size() >= ellipsis.size() && excerpt.ends_with(ellipsis);
    if (cut) excerpt.resize(excerpt.size() - ellipsis.size());
    EXPECT_LE(Count(excerpt, " ") + 1, 40u) << id << ": excerpt longer than 40 words";
    EXPECT_FALSE(excerpt.empty()) << id;
    EXPECT_NE(section.find("value=\"" + id + ":yes\""), std::string::npos) << id << ": no Yes button";
    EXPECT_NE(section.find("value=\"" + id + ":no\""), std::string::npos) << id << ": no No button";
    // The JSON-LD entry of this question: the whole answer, which starts with the excerpt.
    const auto& entry = faq[i].as_object();
    EXPECT_EQ(entry.at("name").as_string(), q.at("question").as_string());
    std::string full = CollapseSpaces(std::string(entry.at("acceptedAnswer").at("text").as_string()));
    EXPECT_TRUE(full.starts_with(excerpt)) << id << ": JSON-LD answer does not start with the excerpt";
    EXPECT_GT(full.size(), excerpt.size() + 200) << id << ": JSON-LD must keep the whole answer";
  }
  // The page is the same for every anonymous visitor: no token in its form, no cookie set.
  EXPECT_TRUE(Browser::FormToken(r.body).empty());
  EXPECT_TRUE(b.visitor_id().empty()) << "a public page must not set sp_vid";
  EXPECT_TRUE(HasSecurityHeaders(r));
}

TEST_F(PagesTest, EveryRolePageAndQuestionPageRenders) {
  HttpResponse list = Get(port(), "/api/v1/roles?limit=100");
  ASSERT_EQ(list.status, 200);
  auto items = list.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 6u);
  std::size_t total_questions = 0;
  for (const auto& role : items) {
    std::string slug(role.at("slug").as_string());
    auto count = static_cast<std::size_t>(role.at("question_count").to_number<std::int64_t>());
    EXPECT_GE(count, 12u) << slug;
    HttpResponse page = Get(port(), "/roles/" + slug);
    ASSERT_EQ(page.status, 200) << slug;
    EXPECT_EQ(Count(page.body, "<section class=\"question\" id=\""), count) << slug;
    EXPECT_EQ(Count(page.body, "<p class=\"excerpt star-s\">"), count) << slug;
    HttpResponse qs = Get(port(), "/api/v1/roles/" + slug + "/questions?limit=100");
    ASSERT_EQ(qs.status, 200) << slug;
    boost::json::value qs_json = qs.Json();
    for (const auto& q : qs_json.at("items").as_array()) {
      std::string id(q.at("id").as_string());
      HttpResponse qp = Get(port(), "/questions/" + id);
      ASSERT_EQ(qp.status, 200) << id;
      EXPECT_EQ(Count(qp.body, "<dl class=\"star\">"), 1u) << id;
      EXPECT_NE(UnescapeHtml(qp.body).find("<h1>" + std::string(q.at("question").as_string()) + "</h1>"),
                std::string::npos)
          << id;
      ++total_questions;
    }
  }
  EXPECT_GE(total_questions, 16u + 5 * 12u);
}

TEST_F(PagesTest, QuestionPermalinkPage) {
  Browser b(port());
  HttpResponse r = b.Get("/questions/be-debugging-complex-issue");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<h1>Tell me about a time you debugged a complex issue in production.</h1>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<section class=\"question\" id=\"be-debugging-complex-issue\""), std::string::npos);
  for (const char* label : {"Situation</dt>", "Task</dt>", "Action</dt>", "Result</dt>"})
    EXPECT_NE(r.body.find(label), std::string::npos) << label;
  EXPECT_NE(r.body.find("href=\"/roles/backend-developer"), std::string::npos) << "no link back to the role";
  EXPECT_NE(r.body.find("application/ld+json"), std::string::npos);
  EXPECT_TRUE(Browser::FormToken(r.body).empty());
  EXPECT_TRUE(b.visitor_id().empty());
  EXPECT_TRUE(HasSecurityHeaders(r));
}

// Issue 18 item 8: a CDN can serve anonymous public pages. Every anonymous visitor (no cookie, a
// visitor cookie, a malformed one, an ended session's cookie) gets the same bytes and ETag, no
// Set-Cookie, and headers that let a shared cache keep the page; a 304 answers any of them.
TEST_F(PagesTest, AnonymousPublicPagesAreTheSameForEveryoneAndCacheableByACdn) {
  Browser voter(port());
  ASSERT_FALSE(voter.ApiToken().empty());  // now holds an sp_vid cookie
  HttpResponse job_list = Get(port(), "/api/v1/jobs?limit=1");
  ASSERT_EQ(job_list.status, 200);
  const boost::json::value listed = job_list.Json();
  const auto& jobs = listed.at("items").as_array();
  ASSERT_FALSE(jobs.empty());
  const std::string job = "/jobs/" + std::to_string(jobs[0].at("id").to_number<std::int64_t>());
  for (const std::string& page :
       std::vector<std::string>{"/", "/roles/backend-developer", "/questions/be-debugging-complex-issue", "/jobs",
                                "/roles/backend-developer/jobs", job}) {
    HttpResponse bare = Get(port(), page, {{"Accept-Encoding", "identity"}});
    ASSERT_EQ(bare.status, 200) << page;
    EXPECT_TRUE(bare.AllHeaders("set-cookie").empty()) << page;
    EXPECT_EQ(bare.Header("cache-control"), "public, max-age=0, s-maxage=30, stale-while-revalidate=30") << page;
    EXPECT_EQ(bare.Header("vary"), "Accept-Encoding") << page;
    ASSERT_FALSE(bare.Header("etag").empty()) << page;
    for (const std::string& cookie :
         {"sp_vid=" + voter.visitor_id(), std::string("sp_vid=not-valid"), std::string("sp_session=ended-or-forged")}) {
      HttpResponse r = Get(port(), page, {{"Cookie", cookie}});
      EXPECT_EQ(r.body, bare.body) << page << " differs for " << cookie;
      EXPECT_EQ(r.Header("etag"), bare.Header("etag")) << page << " " << cookie;
      EXPECT_TRUE(r.AllHeaders("set-cookie").empty()) << page << " " << cookie;
      HttpResponse again = Get(port(), page, {{"Cookie", cookie}, {"If-None-Match", bare.Header("etag")}});
      EXPECT_EQ(again.status, 304) << page << " " << cookie;
    }
  }
}

TEST_F(PagesTest, StaticFiles) {
  HttpResponse css = Get(port(), "/static/site.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_TRUE(css.Header("content-type").starts_with("text/css")) << css.Header("content-type");
  EXPECT_GT(css.body.size(), 200u);
  EXPECT_NE(css.body.find('{'), std::string::npos);
  EXPECT_FALSE(css.Header("etag").empty());
  EXPECT_TRUE(HasSecurityHeaders(css));

  HttpResponse js = Get(port(), "/static/app.js");
  ASSERT_EQ(js.status, 200);
  std::string type = js.Header("content-type");
  EXPECT_TRUE(type.starts_with("text/javascript") || type.starts_with("application/javascript")) << type;
  EXPECT_GT(js.body.size(), 100u);
  EXPECT_TRUE(HasSecurityHeaders(js));

  // Versioned URLs (as the pages link them) are immutable.
  HttpResponse home = Get(port(), "/");
  auto pos = home.body.find("/static/site.css?v=");
  ASSERT_NE(pos, std::string::npos);
  std::string href = home.body.substr(pos, home.body.find('"', pos) - pos);
  HttpResponse versioned = Get(port(), href);
  ASSERT_EQ(versioned.status, 200);
  EXPECT_EQ(versioned.body, css.body);
  EXPECT_NE(versioned.Header("cache-control").find("immutable"), std::string::npos);

  HttpResponse missing = Get(port(), "/static/nope.css");
  EXPECT_EQ(missing.status, 404);
  HttpResponse traversal = Get(port(), "/static/..%2F..%2Fetc%2Fpasswd");
  EXPECT_EQ(traversal.status, 404);
  EXPECT_EQ(traversal.body.find("root:"), std::string::npos);
}

TEST_F(PagesTest, UnknownPathIsAHelpful404Page) {
  HttpResponse r = Get(port(), "/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Page not found"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/roles/backend-developer\""), std::string::npos) << "404 page should list roles";
  EXPECT_TRUE(HasSecurityHeaders(r));

  HttpResponse role = Get(port(), "/roles/astronaut");
  EXPECT_EQ(role.status, 404);
  EXPECT_EQ(role.Header("content-type"), "text/html; charset=utf-8");
  HttpResponse q = Get(port(), "/questions/no-such-question");
  EXPECT_EQ(q.status, 404);
  EXPECT_EQ(q.Header("content-type"), "text/html; charset=utf-8");
}

TEST_F(PagesTest, UnknownPathAnswersJsonWhenAskedOrUnderApi) {
  EXPECT_TRUE(IsJsonError(Get(port(), "/no/such/page", {{"Accept", "application/json"}}), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/nothing-here"), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/nothing-here", {{"Accept", "text/html"}}), 404, "not_found"));
  HttpResponse html = Get(port(), "/no/such/page", {{"Accept", "text/html,application/json;q=0.9"}});
  EXPECT_EQ(html.Header("content-type"), "text/html; charset=utf-8");
}

TEST_F(PagesTest, ReflectedPathIsEscapedOn404) {
  const std::string payload = "<script>alert(1)</script>";
  std::string target = "/";
  target += UrlEncode(payload);
  HttpResponse r = Get(port(), target);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find(payload), std::string::npos) << "unescaped payload in the 404 page";
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  HttpResponse role = Get(port(), "/roles/" + UrlEncode("\"><img src=x onerror=alert(1)>"));
  EXPECT_EQ(role.status, 404);
  EXPECT_EQ(role.body.find("<img src=x"), std::string::npos);
  EXPECT_EQ(role.body.find("\"><img"), std::string::npos);
}

TEST_F(PagesTest, SecurityHeadersOnEveryKindOfResponse) {
  Browser b(port());
  HttpResponse page = b.Get("/roles/backend-developer");
  std::vector<std::pair<std::string, HttpResponse>> responses = {
      {"home", b.Get("/")},
      {"role", page},
      {"question", b.Get("/questions/be-debugging-complex-issue")},
      {"css", b.Get("/static/site.css")},
      {"js", b.Get("/static/app.js")},
      {"api", b.Get("/api/v1/roles")},
      {"api 404", b.Get("/api/v1/roles/nope")},
      {"html 404", b.Get("/nope")},
      {"healthz", b.Get("/healthz")},
      {"readyz", b.Get("/readyz")},
      {"metrics", Get(server().metrics_port(), "/metrics")},
      {"304", b.Get("/roles/backend-developer", {{"If-None-Match", page.Header("etag")}})},
      {"gzip", b.Get("/roles/backend-developer", {{"Accept-Encoding", "gzip"}})},
      {"405", Fetch(port(), "DELETE", "/")},
      {"form 403", b.Post("/feedback", "application/x-www-form-urlencoded", "vote=x:yes")},
      {"api 403", b.Post("/api/v1/questions/be-debugging-complex-issue/feedback", "application/json", "{}")},
      {"form 303", b.VoteForm("/roles/backend-developer", "be-caching-strategy", true)},
  };
  for (const auto& [name, r] : responses) {
    ASSERT_NE(r.status, 0) << name << ": " << r.error;
    EXPECT_TRUE(HasSecurityHeaders(r)) << name;
  }
  EXPECT_EQ(responses[11].second.status, 304);
  EXPECT_EQ(responses.back().second.status, 303);
}

TEST_F(PagesTest, ConditionalGetAnswers304AndIdentityAndGzipEtagsDiffer) {
  Browser b(port());
  b.Get("/");  // get a cookie first, so every response below is for the same visitor
  HttpResponse identity = b.Get("/roles/backend-developer");
  ASSERT_EQ(identity.status, 200);
  std::string etag = identity.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"') << "ETag must be a strong, quoted tag: " << etag;
  EXPECT_FALSE(etag.starts_with("W/"));

  HttpResponse again = b.Get("/roles/backend-developer");
  EXPECT_EQ(again.Header("etag"), etag) << "same page, same visitor: same ETag";

  HttpResponse not_modified = b.Get("/roles/backend-developer", {{"If-None-Match", etag}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.Header("etag"), etag);

  HttpResponse gz = b.Get("/roles/backend-developer", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gz.status, 200);
  std::string gz_etag = gz.Header("etag");
  EXPECT_NE(gz_etag, etag) << "identity and gzip variants must have different ETags";
  EXPECT_EQ(b.Get("/roles/backend-developer", {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz_etag}}).status, 304);
  // An identity ETag does not validate the gzip variant, nor the reverse.
  EXPECT_EQ(b.Get("/roles/backend-developer", {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}}).status, 200);
  EXPECT_EQ(b.Get("/roles/backend-developer", {{"If-None-Match", gz_etag}}).status, 200);
  // A list of tags containing ours matches; a stale one does not.
  EXPECT_EQ(b.Get("/roles/backend-developer", {{"If-None-Match", "\"stale\", " + etag}}).status, 304);
  EXPECT_EQ(b.Get("/roles/backend-developer", {{"If-None-Match", "\"0123456789\""}}).status, 200);
  // An anonymous page is the same for everyone: another visitor's tag matches too (a signed-in
  // browser's page carries its token, so its tag never matches an anonymous one).
  Browser other(port());
  other.Get("/");
  EXPECT_EQ(other.Get("/roles/backend-developer", {{"If-None-Match", etag}}).status, 304);

  // Static files and the home page too.
  HttpResponse css = Get(port(), "/static/site.css");
  EXPECT_EQ(Get(port(), "/static/site.css", {{"If-None-Match", css.Header("etag")}}).status, 304);
  HttpResponse home = Get(port(), "/");
  EXPECT_EQ(Get(port(), "/", {{"If-None-Match", home.Header("etag")}}).status, 304);
}

TEST_F(PagesTest, EtagChangesWhenFeedbackChangesThePage) {
  Browser b(port());
  b.Get("/");
  HttpResponse before = b.Get("/roles/backend-developer");
  ASSERT_EQ(before.status, 200);
  Browser voter(port());
  ASSERT_EQ(voter.VoteForm("/roles/backend-developer", "be-code-review-disagreement", true).status, 303);
  HttpResponse after = b.Get("/roles/backend-developer", {{"If-None-Match", before.Header("etag")}});
  EXPECT_EQ(after.status, 200) << "the cached page must be invalidated when a vote changes its counts";
  EXPECT_NE(after.Header("etag"), before.Header("etag"));
}

TEST_F(PagesTest, GzipBodyDecodesToTheIdentityBody) {
  Browser b(port());
  b.Get("/");
  for (const std::string path : {"/", "/roles/backend-developer", "/questions/be-debugging-complex-issue",
                                 "/roles/product-manager", "/static/site.css", "/static/app.js"}) {
    HttpResponse identity = b.Get(path);
    HttpResponse gz = b.Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_EQ(identity.status, 200) << path;
    ASSERT_EQ(gz.status, 200) << path;
    EXPECT_FALSE(identity.HasHeader("content-encoding")) << path;
    EXPECT_EQ(gz.Header("content-encoding"), "gzip") << path;
    EXPECT_NE(gz.Header("vary").find("Accept-Encoding"), std::string::npos) << path;
    EXPECT_LT(gz.body.size(), identity.body.size()) << path;
    bool ok = false;
    std::string decoded = Gunzip(gz.body, &ok);
    EXPECT_TRUE(ok) << path << ": not a complete gzip stream";
    EXPECT_EQ(decoded, identity.body) << path;
  }
  // q=0 refuses gzip.
  HttpResponse refused = b.Get("/", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_FALSE(refused.HasHeader("content-encoding"));
}

TEST_F(PagesTest, HeadReturnsHeadersWithoutBody) {
  Browser b(port());
  b.Get("/");
  HttpResponse get = b.Get("/roles/backend-developer");
  ASSERT_EQ(get.status, 200);
  Connection c(port());
  ASSERT_TRUE(c.ok());
  HttpResponse head = c.Request("HEAD", "/roles/backend-developer", {{"Cookie", b.CookieHeader()}});
  ASSERT_EQ(head.status, 200) << head.error;
  EXPECT_EQ(head.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.Header("etag"), get.Header("etag"));
  EXPECT_TRUE(HasSecurityHeaders(head));
  // No body bytes follow: the next response on the connection parses cleanly.
  HttpResponse head404 = c.Request("HEAD", "/no-such-page");
  EXPECT_EQ(head404.status, 404) << head404.error;
  HttpResponse head_api = c.Request("HEAD", "/api/v1/roles");
  EXPECT_EQ(head_api.status, 200) << head_api.error;
  EXPECT_NE(head_api.Header("content-length"), "0");
  HttpResponse next = c.Request("GET", "/healthz");
  ASSERT_EQ(next.status, 200) << next.error;
  EXPECT_EQ(next.body, R"({"status":"ok"})");
}

// The methods listed in an Allow header, e.g. "GET, HEAD" -> {GET, HEAD}.
std::set<std::string> AllowSet(const std::string& allow) {
  std::set<std::string> out;
  std::size_t i = 0;
  while (i < allow.size()) {
    auto j = allow.find(',', i);
    if (j == std::string::npos) j = allow.size();
    std::string m = allow.substr(i, j - i);
    m.erase(0, m.find_first_not_of(' '));
    m.erase(m.find_last_not_of(' ') + 1);
    if (!m.empty()) out.insert(m);
    i = j + 1;
  }
  return out;
}

// GET routes may also list HEAD (they serve it).
bool AllowsExactly(const std::string& allow, std::set<std::string> want) {
  std::set<std::string> got = AllowSet(allow);
  if (want.count("GET")) got.erase("HEAD");
  return got == want;
}

TEST_F(PagesTest, WrongMethodIs405WithAllow) {
  HttpResponse post_home = Fetch(port(), "POST", "/", {}, "");
  EXPECT_EQ(post_home.status, 405);
  EXPECT_TRUE(AllowsExactly(post_home.Header("allow"), {"GET"})) << post_home.Header("allow");
  EXPECT_EQ(post_home.Header("content-type"), "text/html; charset=utf-8");

  HttpResponse get_feedback = Get(port(), "/feedback");
  EXPECT_EQ(get_feedback.status, 405);
  EXPECT_TRUE(AllowsExactly(get_feedback.Header("allow"), {"POST"})) << get_feedback.Header("allow");

  HttpResponse put_api = Fetch(port(), "PUT", "/api/v1/roles/backend-developer", {}, "{}");
  EXPECT_TRUE(IsJsonError(put_api, 405));
  EXPECT_TRUE(AllowsExactly(put_api.Header("allow"), {"GET"})) << put_api.Header("allow");

  HttpResponse del = Fetch(port(), "DELETE", "/api/v1/questions/be-debugging-complex-issue/feedback");
  EXPECT_TRUE(IsJsonError(del, 405));
  EXPECT_TRUE(AllowsExactly(del.Header("allow"), {"GET", "POST"})) << del.Header("allow");

  HttpResponse patch_role = Fetch(port(), "PATCH", "/roles/backend-developer", {}, "x");
  EXPECT_EQ(patch_role.status, 405);
  EXPECT_TRUE(AllowsExactly(patch_role.Header("allow"), {"GET"})) << patch_role.Header("allow");
}

}  // namespace
}  // namespace starprep::it
