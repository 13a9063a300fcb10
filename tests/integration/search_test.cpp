// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/search and /api/v1/search/suggest on the real server (bundled content, sample
// jobs): hits with marked snippets, typos, operator-laden queries, clear 400s, paging with the
// cursor, facets and filters, "did you mean", suggestions, and a job written through the editor
// API being searchable at once and gone once deleted.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/html.h"
#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

class SearchApiTest : public SharedServerTest {
 protected:
  static json::value Search(const std::string& query) {
    HttpResponse r = Get(port(), "/api/v1/search?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.status == 200 ? r.Json() : json::value();
  }
  static std::string EditorToken() {
    std::string t = ReadFile(dir_->path() / "data" / "editor.token");
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    return t;
  }
};

// Only <mark> and </mark> may appear as tags in a snippet.
bool OnlyMarkTags(std::string_view html) {
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    const std::string_view rest = html.substr(at);
    if (!rest.starts_with("<mark>") && !rest.starts_with("</mark>")) return false;
  }
  return true;
}

TEST_F(SearchApiTest, FindsQuestionsWithMarkedSnippets) {
  json::value page = Search("q=cache+data+service");
  ASSERT_TRUE(page.is_object());
  EXPECT_EQ(page.at("query"), "cache data service");
  ASSERT_GE(page.at("total").to_number<int>(), 1);
  const auto& first = page.at("items").as_array().at(0).as_object();
  EXPECT_EQ(first.at("type"), "question");
  EXPECT_EQ(first.at("role"), "backend-developer");
  EXPECT_TRUE(std::string(first.at("url").as_string()).starts_with("/questions/"));
  EXPECT_EQ(first.at("typo"), false);
  EXPECT_EQ(Get(port(), std::string(first.at("url").as_string())).status, 200);
  bool marked = false;
  for (const auto& item : page.at("items").as_array()) {
    const std::string snippet(item.at("snippet_html").as_string());
    EXPECT_TRUE(OnlyMarkTags(snippet)) << snippet;
    EXPECT_TRUE(html::IsValidUtf8(snippet));
    marked = marked || snippet.find("<mark>") != std::string::npos;
  }
  EXPECT_TRUE(marked);
}

TEST_F(SearchApiTest, ForgivesTyposAndCompletesTheLastWord) {
  json::value typo = Search("q=cachng+strategy+");  // "caching": one typo in a 6-letter word
  ASSERT_GE(typo.at("total").to_number<int>(), 1);
  EXPECT_EQ(typo.at("items").as_array().at(0).at("typo"), true);
  json::value prefix = Search("q=kafk");
  EXPECT_GE(prefix.at("total").to_number<int>(), 1);
  json::value nothing = Search("q=kafk+");  // a finished word is whole
  EXPECT_EQ(nothing.at("total"), 0);
}

TEST_F(SearchApiTest, OperatorsNeverFail) {
  for (const char* q : {"%22", "*", "NEAR(", "-", "AND", "OR+NOT", "%22%22", "title%3Akafka*", "%27", "%5C",
                        "kafka%20%26%20!redis", "%E2%80%94", "%FF"}) {
    HttpResponse r = Get(port(), std::string("/api/v1/search?q=") + q);
    if (std::string_view(q) == "%FF") {
      EXPECT_TRUE(IsJsonError(r, 400, "invalid_argument")) << q;  // not UTF-8
      continue;
    }
    ASSERT_EQ(r.status, 200) << q << ": " << r.body;
    EXPECT_TRUE(r.Json().at("items").is_array());
  }
  EXPECT_EQ(Search("q=").at("total"), 0);
}

TEST_F(SearchApiTest, BadParametersAre400) {
  for (const char* query : {"", "q=x&type=page", "q=x&remote=onsite", "q=x&limit=0", "q=x&limit=101", "q=x&limit=a",
                            "q=x&cursor=abc", "q=x&cursor=-1", "q=x&cursor=99999999"}) {
    HttpResponse r = Get(port(), std::string("/api/v1/search?") + query);
    EXPECT_TRUE(IsJsonError(r, 400, "invalid_argument")) << query;
  }
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/search?q=" + std::string(501, 'a')), 400, "invalid_argument"));
  EXPECT_TRUE(IsJsonError(Get(port(), "/api/v1/search/suggest"), 400, "invalid_argument"));
}

TEST_F(SearchApiTest, PagesFollowTheCursor) {
  json::value first = Search("q=team&limit=3");
  const int total = first.at("total").to_number<int>();
  ASSERT_GT(total, 6);
  std::set<std::string> seen;
  json::value page = first;
  int pages = 0;
  while (true) {
    for (const auto& item : page.at("items").as_array())
      EXPECT_TRUE(
          seen.insert(std::string(item.at("type").as_string()) + ":" + std::string(item.at("id").as_string())).second);
    if (page.at("next_cursor").is_null()) break;
    page = Search("q=team&limit=3&cursor=" + std::string(page.at("next_cursor").as_string()));
    EXPECT_EQ(page.at("total").to_number<int>(), total);
    ASSERT_LT(++pages, 100);
  }
  EXPECT_EQ(static_cast<int>(seen.size()), total);
}

TEST_F(SearchApiTest, FacetsCountAndFiltersNarrow) {
  json::value all = Search("q=kafka");
  const auto& facets = all.at("facets").as_object();
  ASSERT_TRUE(facets.at("type").as_object().contains("job")) << all;
  const int jobs = facets.at("type").at("job").to_number<int>();
  json::value only_jobs = Search("q=kafka&type=job&limit=100");
  EXPECT_EQ(only_jobs.at("total").to_number<int>(), jobs);
  for (const auto& item : only_jobs.at("items").as_array()) EXPECT_EQ(item.at("type"), "job");
  int remote = 0;
  for (const auto& [value, n] : only_jobs.at("facets").at("remote").as_object()) remote += n.to_number<int>();
  EXPECT_EQ(remote, jobs);  // every job has a policy
  json::value hybrid = Search("q=kafka&type=job&remote=hybrid");
  const auto& remote_counts = only_jobs.at("facets").at("remote").as_object();
  EXPECT_EQ(hybrid.at("total").to_number<int>(),
            remote_counts.contains("hybrid") ? remote_counts.at("hybrid").to_number<int>() : 0);
  json::value behavioral = Search("q=team&type=question&kind=behavioral&limit=100");
  for (const auto& item : behavioral.at("items").as_array()) EXPECT_EQ(item.at("type"), "question");
  EXPECT_EQ(behavioral.at("facets").at("kind").as_object().size(), 1U);
}

TEST_F(SearchApiTest, DidYouMeanWhenNothingIsFound) {
  json::value page = Search("q=cahce+");  // four letters and more: "cache", two edits for a short word
  if (page.at("total").to_number<int>() == 0) {
    ASSERT_TRUE(page.at("did_you_mean").is_string()) << page;
    json::value retry = Search("q=" + std::string(page.at("did_you_mean").as_string()));
    EXPECT_GT(retry.at("total").to_number<int>(), 0);
  }
  json::value short_typo = Search("q=redsi+");  // five letters: one transposition is forgiven
  EXPECT_GT(short_typo.at("total").to_number<int>(), 0);
  json::value hopeless = Search("q=qqqqzzzz+");
  EXPECT_EQ(hopeless.at("total"), 0);
  EXPECT_TRUE(hopeless.at("did_you_mean").is_null());
  json::value typo4 = Search("q=cahe+");  // 4 letters: exact only, so nothing, but a suggestion
  EXPECT_EQ(typo4.at("total"), 0);
  ASSERT_TRUE(typo4.at("did_you_mean").is_string()) << typo4;
  EXPECT_GT(Search("q=" + std::string(typo4.at("did_you_mean").as_string())).at("total").to_number<int>(), 0);
}

TEST_F(SearchApiTest, SuggestCompletesAndShowsTheBestHits) {
  HttpResponse r = Get(port(), "/api/v1/search/suggest?q=distributed+cach");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value s = r.Json();
  const auto& completions = s.at("completions").as_array();
  ASSERT_FALSE(completions.empty());
  EXPECT_LE(completions.size(), 5U);
  for (const auto& c : completions) EXPECT_TRUE(std::string(c.as_string()).starts_with("distributed cach")) << c;
  EXPECT_LE(s.at("items").as_array().size(), 5U);
  EXPECT_EQ(Get(port(), "/api/v1/search/suggest?q=").Json().at("items").as_array().size(), 0U);
}

TEST_F(SearchApiTest, AJobIsSearchableOnceWrittenAndGoneOnceDeleted) {
  const std::string body =
      R"({"title":"Zeppelin Reliability Engineer","company":{"name":"Airship Co","url":"https://airship.example"},
    "remote":"remote","description":"Keep our zeppelin fleet's telemetry flowing.","apply_url":"https://airship.example/apply",
    "date_posted":"2026-11-01","valid_through":"2099-01-01","employment_type":"FULL_TIME","skills":["Go"]})";
  const Headers h{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + EditorToken()}};
  HttpResponse created = Fetch(port(), "POST", "/api/v1/jobs", h, body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(created.Json().at("id").to_number<std::int64_t>());
  json::value found = Search("q=zeppelin");
  ASSERT_EQ(found.at("total"), 1);
  EXPECT_EQ(std::string(found.at("items").at(0).at("id").as_string()), id);
  EXPECT_EQ(std::string(found.at("items").at(0).at("url").as_string()), "/jobs/" + id);
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/jobs/" + id, h, "").status, 204);
  EXPECT_EQ(Search("q=zeppelin").at("total"), 0);
}

TEST_F(SearchApiTest, TheSearchPageWorksWithoutScript) {
  HttpResponse empty = Get(port(), "/search");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(HasSecurityHeaders(empty));
  EXPECT_NE(empty.body.find("<form class=\"search-form\" method=\"get\" action=\"/search\""), std::string::npos);
  EXPECT_EQ(empty.body.find("search-count"), std::string::npos);  // nothing searched yet

  HttpResponse page = Get(port(), "/search?q=kafka&type=job");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  EXPECT_NE(page.body.find("<li class=\"search-hit\">"), std::string::npos);
  EXPECT_NE(page.body.find("<mark>"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"kafka\""), std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"job\" selected>"), std::string::npos);
  EXPECT_NE(page.body.find("aria-label=\"Filter by Remote\""), std::string::npos);

  // What was typed comes back escaped, never as markup.
  HttpResponse hostile = Get(port(), "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(hostile.status, 200);
  EXPECT_EQ(hostile.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(hostile.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);

  HttpResponse typo = Get(port(), "/search?q=cahe");
  ASSERT_EQ(typo.status, 200);
  EXPECT_NE(typo.body.find("Did you mean <a href=\"/search?q="), std::string::npos) << typo.body;
  EXPECT_EQ(Get(port(), "/search?q=x&type=page").status, 400);
}

TEST_F(SearchApiTest, TheSearchPageNamesFacetsPagesAndHelpsWhenNothingMatches) {
  ASSERT_GT(Search("q=team").at("total").to_number<int>(), 20);
  HttpResponse first = Get(port(), "/search?q=team");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("Results 1\u2013"
                            "20 of "),
            std::string::npos);
  EXPECT_NE(first.body.find(">Back-end Developer</a> <span class=\"facet-count\">"), std::string::npos)
      << "role facets say the role's title";
  EXPECT_NE(first.body.find("<a href=\"/search?q=team&amp;cursor=20\" rel=\"next\">"), std::string::npos);
  HttpResponse second = Get(port(), "/search?q=team&cursor=20");
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Results 21\u2013"), std::string::npos);
  EXPECT_NE(second.body.find("<a href=\"/search?q=team\" rel=\"prev\">"), std::string::npos);
  EXPECT_NE(second.body.find("<ol class=\"search-hits\" start=\"21\""), std::string::npos);

  // Filters in use, each with a link that removes it; the facet of the chosen value removes it too.
  HttpResponse filtered = Get(port(), "/search?q=team&type=question&kind=behavioral");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_NE(filtered.body.find("<a class=\"filter-chip\" href=\"/search?q=team&amp;kind=behavioral\">Type: Questions"),
            std::string::npos);
  EXPECT_NE(filtered.body.find("<a class=\"filter-chip\" href=\"/search?q=team&amp;type=question\">Kind: Behavioral"),
            std::string::npos);
  EXPECT_NE(filtered.body.find("href=\"/search?q=team\">Clear all filters</a>"), std::string::npos);

  // Nothing with a filter: the count without it; nothing at all: what to try, and the roles.
  HttpResponse narrowed = Get(port(), "/search?q=kafka&type=role");
  ASSERT_EQ(narrowed.status, 200);
  EXPECT_NE(narrowed.body.find("Nothing matches with this filter. <a href=\"/search?q=kafka\">Show the "),
            std::string::npos)
      << narrowed.body;
  HttpResponse nothing = Get(port(), "/search?q=zzzzqqq");
  ASSERT_EQ(nothing.status, 200);
  EXPECT_NE(nothing.body.find("Nothing matches \u201czzzzqqq\u201d."), std::string::npos);
  EXPECT_NE(nothing.body.find("<a href=\"/roles/backend-developer\">Back-end Developer</a>"), std::string::npos);
  HttpResponse start = Get(port(), "/search");
  EXPECT_NE(start.body.find("<a href=\"/search?q=code%20review\">code review</a>"), std::string::npos);
  // Every page of the site carries the header's search form (a plain GET form).
  for (const char* path : {"/", "/jobs", "/roles/backend-developer", "/search?q=team", "/no/such/page"}) {
    HttpResponse r = Get(port(), path);
    EXPECT_NE(r.body.find("<form class=\"site-search\" method=\"get\" action=\"/search\" role=\"search\""),
              std::string::npos)
        << path;
  }
}

}  // namespace
}  // namespace starprep::it
