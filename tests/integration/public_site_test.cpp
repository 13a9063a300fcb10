// SPDX-License-Identifier: Apache-2.0
// What search engines and link previews see (issue 14, item 2): absolute canonical links and
// og:url with --public-url or an allowed Host, never a foreign Host; /robots.txt and /sitemap.xml
// (with and without a public URL, the sitemap index past its URL limit, invalidated when jobs
// change); Open Graph and Twitter tags; and the JSON-LD of role, question and job pages checked
// against the schema.org properties written down below.

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kOrigin = "https://prep.example.com";

// The href of the page's rel=canonical link ("" if none).
std::string Canonical(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("<link rel=\"canonical\" href=\"([^\"]*)\">"))) return m[1];
  return "";
}

// The content of <meta property|name="name" content="...">.
std::string Meta(const std::string& html, const std::string& name) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex("<meta (?:property|name)=\"" + name + "\" content=\"([^\"]*)\">")))
    return m[1];
  return "";
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// The JSON-LD block of a page (the layout has at most one).
json::object JsonLdOf(const std::string& html) {
  const std::string open = "<script type=\"application/ld+json\">";
  const std::size_t start = html.find(open);
  if (start == std::string::npos) return {};
  const std::size_t end = html.find("</script>", start);
  json::error_code ec;
  json::value v = json::parse(html.substr(start + open.size(), end - start - open.size()), ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

// ---- a small schema.org check: the properties each type needs for search engines' rich
// results (schema.org's expected types; Google's required and recommended properties for FAQPage
// and JobPosting) ----

::testing::AssertionResult IsText(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string() || v->as_string().empty())
    return ::testing::AssertionFailure() << key << " must be non-empty Text in " << json::serialize(o);
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsDate(const json::object& o, const char* key) {
  if (auto text = IsText(o, key); !text) return text;
  const std::string s(o.at(key).as_string());
  if (!std::regex_match(s, std::regex(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)")))
    return ::testing::AssertionFailure() << key << " is not an ISO 8601 Date or DateTime: " << s;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsAbsoluteUrl(const json::object& o, const char* key) {
  if (auto text = IsText(o, key); !text) return text;
  const std::string s(o.at(key).as_string());
  if (!s.starts_with("https://") && !s.starts_with("http://"))
    return ::testing::AssertionFailure() << key << " is not an absolute URL: " << s;
  return ::testing::AssertionSuccess();
}

// A JSON string's text ("" for anything else).
std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

bool HasType(const json::object& o, const char* type) {
  const json::value* t = o.if_contains("@type");
  return t && t->is_string() && t->as_string() == type;
}

// FAQPage: mainEntity is a non-empty list of Question, each with name and an acceptedAnswer Answer
// with text; url absolute (we set it with a public URL).
void CheckFaqPage(const json::object& page, bool with_urls) {
  EXPECT_EQ(Str(page.at("@context")), "https://schema.org");
  EXPECT_TRUE(HasType(page, "FAQPage")) << json::serialize(page);
  EXPECT_TRUE(IsText(page, "name"));
  EXPECT_TRUE(IsDate(page, "dateModified"));
  if (with_urls) {
    EXPECT_TRUE(IsAbsoluteUrl(page, "url"));
  }
  ASSERT_TRUE(page.contains("mainEntity") && page.at("mainEntity").is_array());
  const json::array& questions = page.at("mainEntity").as_array();
  ASSERT_FALSE(questions.empty());
  for (const auto& q : questions) {
    ASSERT_TRUE(q.is_object());
    const json::object& question = q.as_object();
    EXPECT_TRUE(HasType(question, "Question"));
    EXPECT_TRUE(IsText(question, "name"));
    if (with_urls) {
      EXPECT_TRUE(IsAbsoluteUrl(question, "url"));
    }
    ASSERT_TRUE(question.contains("acceptedAnswer") && question.at("acceptedAnswer").is_object());
    const json::object& answer = question.at("acceptedAnswer").as_object();
    EXPECT_TRUE(HasType(answer, "Answer"));
    EXPECT_TRUE(IsText(answer, "text"));
  }
}

// JobPosting: title, description, datePosted, hiringOrganization (Organization with name),
// validThrough when given, and a place: jobLocation (Place with a PostalAddress) or
// jobLocationType TELECOMMUTE; applicantLocationRequirements are Country or AdministrativeArea;
// baseSalary a MonetaryAmount with currency and a QuantitativeValue with unitText.
void CheckJobPosting(const json::object& job) {
  EXPECT_EQ(Str(job.at("@context")), "https://schema.org");
  EXPECT_TRUE(HasType(job, "JobPosting")) << json::serialize(job);
  EXPECT_TRUE(IsText(job, "title"));
  EXPECT_TRUE(IsText(job, "description"));
  EXPECT_TRUE(IsDate(job, "datePosted"));
  if (job.contains("validThrough")) {
    EXPECT_TRUE(IsDate(job, "validThrough"));
  }
  ASSERT_TRUE(job.contains("hiringOrganization") && job.at("hiringOrganization").is_object());
  EXPECT_TRUE(HasType(job.at("hiringOrganization").as_object(), "Organization"));
  EXPECT_TRUE(IsText(job.at("hiringOrganization").as_object(), "name"));
  const bool remote = job.contains("jobLocationType") && Str(job.at("jobLocationType")) == "TELECOMMUTE";
  EXPECT_TRUE(remote || job.contains("jobLocation")) << json::serialize(job);
  if (job.contains("jobLocation"))
    for (const auto& place : job.at("jobLocation").as_array()) {
      EXPECT_TRUE(HasType(place.as_object(), "Place"));
      EXPECT_TRUE(HasType(place.at("address").as_object(), "PostalAddress"));
    }
  if (job.contains("applicantLocationRequirements"))
    for (const auto& area : job.at("applicantLocationRequirements").as_array()) {
      EXPECT_TRUE(HasType(area.as_object(), "Country") || HasType(area.as_object(), "AdministrativeArea"));
      EXPECT_TRUE(IsText(area.as_object(), "name"));
    }
  if (job.contains("baseSalary")) {
    const json::object& salary = job.at("baseSalary").as_object();
    EXPECT_TRUE(HasType(salary, "MonetaryAmount"));
    EXPECT_TRUE(IsText(salary, "currency"));
    EXPECT_TRUE(HasType(salary.at("value").as_object(), "QuantitativeValue"));
    EXPECT_TRUE(IsText(salary.at("value").as_object(), "unitText"));
  }
  EXPECT_TRUE(IsAbsoluteUrl(job, "url"));
}

// A server of its own (bundled content and sample jobs) with `flags`.
class PublicSiteTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> flags) {
    server_ = std::make_unique<ServerProcess>(dir_ / "data");
    server_->set_extra_args(std::move(flags));
    ASSERT_TRUE(server_->Start()) << server_->error();
  }
  void TearDown() override {
    if (server_ && server_->running()) {
      EXPECT_EQ(server_->Stop(), 0) << server_->StderrLog();
    }
  }
  HttpResponse GetAs(const std::string& host, const std::string& target) {
    return Get(server_->port(), target, {{"Host", host}});
  }
  std::string FirstJobId() {
    json::value list = Get(server_->port(), "/api/v1/jobs?limit=1").Json();
    return std::to_string(list.at("items").as_array()[0].at("id").to_number<std::int64_t>());
  }

  TempDir dir_{"public-site"};
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(PublicSiteTest, WithoutAPublicUrlLinksStayRelativeAndThereIsNoSitemap) {
  Start({});
  EXPECT_NE(server_->StderrLog().find("public_url_unset"), std::string::npos);
  HttpResponse role = GetAs("evil.example", "/roles/backend-developer");
  ASSERT_EQ(role.status, 200);
  EXPECT_EQ(Canonical(role.body), "/roles/backend-developer");
  EXPECT_EQ(Meta(role.body, "og:url"), "");  // og:url must be absolute: left out
  EXPECT_NE(Meta(role.body, "og:title"), "");
  EXPECT_EQ(Meta(role.body, "twitter:card"), "summary");
  EXPECT_EQ(role.body.find("evil.example"), std::string::npos);

  HttpResponse robots = Get(server_->port(), "/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_EQ(robots.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_NE(robots.body.find("Disallow: /account\n"), std::string::npos) << robots.body;
  EXPECT_NE(robots.body.find("Disallow: /progress\n"), std::string::npos);
  EXPECT_EQ(robots.body.find("Sitemap:"), std::string::npos);
  EXPECT_EQ(Get(server_->port(), "/sitemap.xml").status, 404);
}

TEST_F(PublicSiteTest, APublicUrlMakesEveryLinkAbsoluteWhateverTheHost) {
  Start({"--public-url", std::string(kOrigin) + "/"});
  for (const std::string host : {"evil.example", "127.0.0.1"}) {
    HttpResponse role = GetAs(host, "/roles/backend-developer");
    ASSERT_EQ(role.status, 200);
    EXPECT_EQ(Canonical(role.body), std::string(kOrigin) + "/roles/backend-developer");
    EXPECT_EQ(Meta(role.body, "og:url"), std::string(kOrigin) + "/roles/backend-developer");
    EXPECT_EQ(role.body.find("evil.example"), std::string::npos);
    EXPECT_NE(role.Header("cache-control").find("public"), std::string::npos);
  }
  HttpResponse robots = Get(server_->port(), "/robots.txt");
  EXPECT_NE(robots.body.find("Sitemap: https://prep.example.com/sitemap.xml\n"), std::string::npos) << robots.body;

  HttpResponse sitemap = GetAs("evil.example", "/sitemap.xml");
  ASSERT_EQ(sitemap.status, 200);
  EXPECT_EQ(sitemap.Header("content-type"), "application/xml; charset=utf-8");
  EXPECT_NE(sitemap.Header("cache-control").find("public"), std::string::npos);
  EXPECT_NE(sitemap.body.find("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), std::string::npos);
  EXPECT_NE(sitemap.body.find("<url><loc>https://prep.example.com/roles/backend-developer</loc><lastmod>"),
            std::string::npos);
  EXPECT_NE(sitemap.body.find("<loc>https://prep.example.com/questions/"), std::string::npos);
  EXPECT_NE(sitemap.body.find("<loc>https://prep.example.com/jobs/" + FirstJobId() + "</loc><lastmod>"),
            std::string::npos);
  EXPECT_EQ(sitemap.body.find("evil.example"), std::string::npos);
  EXPECT_EQ(sitemap.body.find("/account"), std::string::npos);
  // Every <loc> is absolute.
  EXPECT_EQ(Count(sitemap.body, "<loc>"), Count(sitemap.body, "<loc>https://prep.example.com/"));
  // The same bytes again (cached), revalidated by ETag.
  HttpResponse again = Get(server_->port(), "/sitemap.xml", {{"If-None-Match", sitemap.Header("etag")}});
  EXPECT_EQ(again.status, 304);

  // The editors' export links to the questions' public pages by the same origin.
  const std::string token = ReadFile(dir_ / "data" / "editor.token");
  HttpResponse exported =
      Fetch(server_->port(), "GET", "/api/v1/editor/feedback",
            {{"Authorization", "Bearer " + token.substr(0, token.find('\n'))}, {"Host", "evil.example"}});
  ASSERT_EQ(exported.status, 200) << exported.body;
  const json::value questions = json::parse(exported.body).at("questions");
  for (const auto& q : questions.as_array())
    EXPECT_EQ(q.at("url").as_string(),
              std::string(kOrigin) + "/questions/" + std::string(q.at("question_id").as_string()));

  // A job imported by the CLI shows up once the server notices (its cache is cleared).
  json::object posting = json::parse(R"({"@type":"JobPosting","title":"Sitemap Backend Engineer",
    "description":"New.","datePosted":"2026-12-01","hiringOrganization":{"name":"Site Co"},
    "jobLocationType":"TELECOMMUTE","url":"https://site.example/jobs/1"})")
                             .as_object();
  WriteFile(dir_ / "new.json", json::serialize(posting));
  ASSERT_EQ(RunStarprep({"jobs", "import", "--data", (dir_ / "data").string(), (dir_ / "new.json").string()}).exit_code,
            0);
  const int before = Count(sitemap.body, "<url>");
  int after = before;
  for (int i = 0; i < 100 && after == before; ++i) {  // the watcher looks every second
    std::this_thread::sleep_for(50ms);
    after = Count(Get(server_->port(), "/sitemap.xml").body, "<url>");
  }
  EXPECT_EQ(after, before + 1);
}

TEST_F(PublicSiteTest, PastItsLimitTheSitemapIsAnIndex) {
  Start({"--public-url", kOrigin, "--sitemap-urls-per-file", "5"});
  HttpResponse index = Get(server_->port(), "/sitemap.xml");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), std::string::npos);
  const int files = Count(index.body, "<sitemap>");
  ASSERT_GE(files, 2);
  EXPECT_NE(index.body.find("<sitemap><loc>https://prep.example.com/sitemaps/1.xml</loc>"), std::string::npos);
  int urls = 0;
  for (int f = 1; f <= files; ++f) {
    HttpResponse file = Get(server_->port(), "/sitemaps/" + std::to_string(f) + ".xml");
    ASSERT_EQ(file.status, 200) << f;
    const int n = Count(file.body, "<url>");
    EXPECT_LE(n, 5);
    if (f < files) {
      EXPECT_EQ(n, 5);
    }
    EXPECT_GE(n, 1);
    urls += n;
  }
  EXPECT_GT(urls, 5 * (files - 1));
  EXPECT_EQ(Get(server_->port(), "/sitemaps/" + std::to_string(files + 1) + ".xml").status, 404);
  EXPECT_EQ(Get(server_->port(), "/sitemaps/0.xml").status, 404);
  EXPECT_EQ(Get(server_->port(), "/sitemaps/x.xml").status, 404);
}

// Without --public-url, allowed Hosts get absolute links of their own, every other Host relative
// ones, and the page cache keeps them apart (a foreign Host never appears in a page).
TEST_F(PublicSiteTest, AllowedHostsOnlyAndCachedApart) {
  Start({"--allowed-host", "prep.example.com", "--allowed-host", "http://localhost:8080"});
  for (int round = 0; round < 2; ++round) {  // the second round is served from the cache
    for (const std::string path : {"/roles/backend-developer", "/"}) {
      EXPECT_EQ(Canonical(GetAs("prep.example.com", path).body), std::string(kOrigin) + path);
      EXPECT_EQ(Canonical(GetAs("localhost:8080", path).body), "http://localhost:8080" + path);
      HttpResponse foreign = GetAs("evil.example", path);
      EXPECT_EQ(Canonical(foreign.body), path);
      EXPECT_EQ(foreign.body.find("evil.example"), std::string::npos);
    }
  }
  EXPECT_NE(GetAs("prep.example.com", "/robots.txt").body.find("Sitemap: https://prep.example.com/sitemap.xml"),
            std::string::npos);
  EXPECT_EQ(GetAs("evil.example", "/robots.txt").body.find("Sitemap:"), std::string::npos);
  EXPECT_EQ(GetAs("evil.example", "/sitemap.xml").status, 404);
  HttpResponse sitemap = GetAs("localhost:8080", "/sitemap.xml");
  EXPECT_EQ(sitemap.status, 200);
  EXPECT_NE(sitemap.body.find("<loc>http://localhost:8080/roles/"), std::string::npos);
  EXPECT_EQ(GetAs("prep.example.com", "/sitemap.xml").body.find("localhost"), std::string::npos);
}

TEST_F(PublicSiteTest, JsonLdOfRoleQuestionAndJobPagesIsValidSchemaOrg) {
  Start({"--public-url", kOrigin});
  json::object role = JsonLdOf(Get(server_->port(), "/roles/backend-developer").body);
  CheckFaqPage(role, true);
  EXPECT_EQ(Str(role.at("url")), std::string(kOrigin) + "/roles/backend-developer");
  const std::string question_url(role.at("mainEntity").as_array()[0].at("url").as_string());
  ASSERT_TRUE(question_url.starts_with(std::string(kOrigin) + "/questions/"));
  json::object question = JsonLdOf(Get(server_->port(), question_url.substr(std::string(kOrigin).size())).body);
  CheckFaqPage(question, true);
  EXPECT_EQ(Str(question.at("url")), question_url);
  CheckJobPosting(JsonLdOf(Get(server_->port(), "/jobs/" + FirstJobId()).body));
}

TEST(PublicUrlFlagTest, InvalidValuesStopTheServerWithAReason) {
  TempDir dir("public-url-flag");
  CommandResult query = RunStarprep({"serve", "--data", (dir / "data").string(), "--listen", "127.0.0.1:0",
                                     "--public-url", "https://prep.example.com/?x=1"});
  EXPECT_EQ(query.exit_code, 2);
  EXPECT_NE(query.err.find("--public-url: the public URL must not have a query or a fragment"), std::string::npos)
      << query.err;
  CommandResult relative =
      RunStarprep({"serve", "--data", (dir / "data").string(), "--listen", "127.0.0.1:0", "--public-url", "/x"});
  EXPECT_EQ(relative.exit_code, 2);
  EXPECT_NE(relative.err.find("absolute http:// or https:// URL"), std::string::npos) << relative.err;
  CommandResult host =
      RunStarprep({"serve", "--data", (dir / "data").string(), "--listen", "127.0.0.1:0", "--allowed-host", "a b"});
  EXPECT_EQ(host.exit_code, 2);
  EXPECT_NE(host.err.find("--allowed-host must be a host name"), std::string::npos) << host.err;
}

}  // namespace
}  // namespace starprep::it
