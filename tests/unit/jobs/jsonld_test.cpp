// SPDX-License-Identifier: Apache-2.0
// jobs/jsonld: every accepted document shape, the mapping of nested schema.org types, rejection
// reasons, and the export/import round trip.

#include "jobs/jsonld.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

namespace starprep::jobs {
namespace {

namespace json = boost::json;

const std::vector<RoleInfo> kRoles = {
    {"backend-developer", "Back-end Developer", {"APIs", "databases", "security"}},
    {"devops-engineer", "DevOps / Site Reliability Engineer", {"Kubernetes", "CI/CD", "observability"}},
};

// A realistic remote posting as a JSON object (fields can be changed before serialising).
json::object Posting(const std::string& id = "be-1", const std::string& title = "Senior Backend Engineer") {
  return json::parse(R"({
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": ")" + title +
                     R"(",
    "description": "<p>Build <strong>APIs</strong> &amp; services.</p><ul><li>Go</li><li>PostgreSQL</li></ul>",
    "datePosted": "2026-11-02T09:30:00+02:00",
    "validThrough": "2027-01-31",
    "employmentType": ["FULL_TIME", "CONTRACTOR"],
    "hiringOrganization": {"@type": "Organization", "name": "Acme &amp; Co", "sameAs": "https://acme.example",
                           "logo": {"@type": "ImageObject", "url": "https://acme.example/logo.png"}},
    "jobLocationType": "TELECOMMUTE",
    "applicantLocationRequirements": [{"@type": "Country", "name": "Germany"}, {"@type": "Country", "name": "Poland"}],
    "baseSalary": {"@type": "MonetaryAmount", "currency": "eur",
                   "value": {"@type": "QuantitativeValue", "minValue": 70000, "maxValue": "90,000", "unitText": "year"}},
    "identifier": {"@type": "PropertyValue", "name": "Acme Careers", "value": ")" +
                     id + R"("},
    "url": "https://acme.example/jobs/)" +
                     id + R"(",
    "skills": "Go, PostgreSQL, APIs"
  })")
      .as_object();
}

TEST(JobJsonLdTest, MapsEveryNestedType) {
  auto job = JobFromJsonLd(Posting(), kRoles);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->title, "Senior Backend Engineer");
  EXPECT_EQ(job->company_name, "Acme & Co");
  EXPECT_EQ(job->company_url, "https://acme.example");
  EXPECT_EQ(job->company_logo, "https://acme.example/logo.png");
  EXPECT_EQ(job->remote, RemotePolicy::kRemote);
  EXPECT_EQ(job->applicant_locations, (std::vector<std::string>{"Germany", "Poland"}));
  EXPECT_EQ(job->employment_type, "FULL_TIME");
  ASSERT_TRUE(job->salary.has_value());
  EXPECT_EQ(job->salary->min, 70000);
  EXPECT_EQ(job->salary->max, 90000);
  EXPECT_EQ(job->salary->currency, "EUR");
  EXPECT_EQ(job->salary->unit, "YEAR");
  EXPECT_EQ(job->date_posted, "2026-11-02");              // 07:30 UTC
  EXPECT_EQ(job->valid_through, "2027-01-31T23:59:59Z");  // a date means the end of that day
  EXPECT_EQ(job->source, "Acme Careers");
  EXPECT_EQ(job->source_id, "be-1");
  EXPECT_EQ(job->apply_url, "https://acme.example/jobs/be-1");
  EXPECT_EQ(job->skills, (std::vector<std::string>{"Go", "PostgreSQL", "APIs"}));
  EXPECT_EQ(job->roles, (std::vector<std::string>{"backend-developer"}));
  EXPECT_EQ(job->description_md, "Build **APIs** & services.\n\n- Go\n- PostgreSQL");
}

TEST(JobJsonLdTest, HybridWhenTelecommuteHasAnOffice) {
  json::object p = Posting();
  p["jobLocation"] = json::parse(R"([{"@type": "Place", "address": {"@type": "PostalAddress",
      "addressLocality": "Berlin", "addressRegion": "BE", "addressCountry": {"@type": "Country", "name": "DE"}}}])");
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->remote, RemotePolicy::kHybrid);
  ASSERT_EQ(job->offices.size(), 1u);
  EXPECT_EQ(job->offices[0], (Place{"Berlin", "BE", "DE"}));
  EXPECT_EQ(FormatPlace(job->offices[0]), "Berlin, BE, DE");
}

TEST(JobJsonLdTest, SingleValueSalaryAndStringOrganization) {
  json::object p = Posting();
  p["hiringOrganization"] = "Solo Ltd";
  p["baseSalary"] = json::parse(R"({"@type": "MonetaryAmount", "currency": "GBP",
      "value": {"@type": "QuantitativeValue", "value": 45.5, "unitText": "HOUR"}})");
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->company_name, "Solo Ltd");
  EXPECT_EQ(job->salary->min, 45.5);
  EXPECT_EQ(job->salary->max, 45.5);
  EXPECT_EQ(FormatSalary(*job->salary), "GBP 45.50 per hour");
  EXPECT_DOUBLE_EQ(Annualise(45.5, "HOUR"), 45.5 * 2080);
}

struct RejectCase {
  const char* name;
  const char* field;
  json::value value;  // null: remove the field
  const char* reason_part;
};

class JobRejectionTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(JobRejectionTest, SaysWhy) {
  const RejectCase& c = GetParam();
  json::object p = Posting();
  if (c.value.is_null())
    p.erase(c.field);
  else
    p[c.field] = c.value;
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_FALSE(job.ok()) << c.name;
  EXPECT_EQ(job.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(job.error().message.find(c.reason_part), std::string::npos) << job.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Reasons, JobRejectionTest,
    ::testing::Values(
        RejectCase{"no title", "title", nullptr, "title is missing"},
        RejectCase{"no company", "hiringOrganization", nullptr, "hiringOrganization is missing"},
        RejectCase{"no description", "description", nullptr, "description is missing"},
        RejectCase{"no date", "datePosted", nullptr, "datePosted is missing"},
        RejectCase{"bad date", "datePosted", "02/11/2026", "not an ISO 8601 date"},
        RejectCase{"bad valid through", "validThrough", "soon", "validThrough"},
        RejectCase{"on-site", "jobLocationType", nullptr, "cannot tell where"},
        RejectCase{"javascript url", "url", "javascript:alert(1)", "http(s) URL"},
        RejectCase{"bad currency", "baseSalary",
                   json::parse(R"({"currency":"euro","value":{"value":1,"unitText":"YEAR"}})"), "ISO 4217"},
        RejectCase{"no unit", "baseSalary", json::parse(R"({"currency":"EUR","value":{"value":1}})"),
                   "unitText is missing"},
        RejectCase{"inverted range", "baseSalary",
                   json::parse(R"({"currency":"EUR","value":{"minValue":9,"maxValue":1,"unitText":"YEAR"}})"),
                   "minValue <= maxValue"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(JobJsonLdTest, OnSiteOnlyIsRejectedWithItsOwnReason) {
  json::object p = Posting();
  p.erase("jobLocationType");
  p["jobLocation"] = json::parse(R"({"@type":"Place","address":{"addressLocality":"Paris","addressCountry":"FR"}})");
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.error().message.find("on-site only"), std::string::npos) << job.error().message;
}

TEST(JobJsonLdTest, ParsesASingleObject) {
  auto feed = ParseJobPostings(json::serialize(Posting()), kRoles);
  ASSERT_EQ(feed.postings.size(), 1u);
  EXPECT_TRUE(feed.rejected.empty());
  EXPECT_EQ(feed.postings[0].item, 1);
}

TEST(JobJsonLdTest, ParsesAnArrayAndReportsBadItemsByPosition) {
  json::object bad = Posting("be-2");
  bad.erase("title");
  json::array all{Posting("be-1"), bad, json::value(42), Posting("be-3")};
  auto feed = ParseJobPostings(json::serialize(all), kRoles);
  ASSERT_EQ(feed.postings.size(), 2u);
  EXPECT_EQ(feed.postings[0].job.source_id, "be-1");
  EXPECT_EQ(feed.postings[1].job.source_id, "be-3");
  EXPECT_EQ(feed.postings[1].item, 4);
  ASSERT_EQ(feed.rejected.size(), 2u);
  EXPECT_EQ(feed.rejected[0].item, 2);
  EXPECT_EQ(feed.rejected[0].reason, "title is missing");
  EXPECT_EQ(feed.rejected[1].item, 3);
  EXPECT_EQ(feed.rejected[1].reason, "not a JSON object");
}

TEST(JobJsonLdTest, ParsesAGraphAndIgnoresOtherTypes) {
  json::object doc{{"@context", "https://schema.org"},
                   {"@graph", json::array{json::object{{"@type", "WebPage"}, {"name", "Careers"}}, Posting("a"),
                                          json::object{{"@type", "Organization"}, {"name", "Acme"}}, Posting("b")}}};
  auto feed = ParseJobPostings(json::serialize(doc), kRoles);
  EXPECT_EQ(feed.postings.size(), 2u);
  EXPECT_EQ(feed.ignored, 2);
  EXPECT_TRUE(feed.rejected.empty());
}

TEST(JobJsonLdTest, ParsesNdjsonWithLineNumbers) {
  std::string text = json::serialize(Posting("a")) + "\n\n{not json}\n" + json::serialize(Posting("b")) + "\n";
  auto feed = ParseJobPostings(text, kRoles);
  ASSERT_EQ(feed.postings.size(), 2u);
  EXPECT_EQ(feed.postings[1].line, 4);
  ASSERT_EQ(feed.rejected.size(), 1u);
  EXPECT_EQ(feed.rejected[0].line, 3);
  EXPECT_NE(feed.rejected[0].reason.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(DescribePosition(feed.rejected[0].item, feed.rejected[0].line), "item 2 (line 3)");
}

TEST(JobJsonLdTest, ParsesTheScriptBlocksOfAnHtmlPage) {
  std::string page =
      "<!doctype html><html><head><title>Jobs</title>"
      "<script type=\"application/ld+json\">" +
      json::serialize(Posting("a")) +
      "</script>"
      "<script src=\"/app.js\"></script>"
      "<SCRIPT type='application/ld+json'>{\"@type\":\"BreadcrumbList\"}</SCRIPT></head><body></body></html>";
  auto feed = ParseJobPostings(page, kRoles);
  ASSERT_EQ(feed.postings.size(), 1u);
  EXPECT_EQ(feed.ignored, 1);
}

TEST(JobJsonLdTest, EmptyAndJunkDocumentsAreRejectedNotCrashed) {
  EXPECT_EQ(ParseJobPostings("", kRoles).rejected.size(), 1u);
  EXPECT_EQ(ParseJobPostings("<html>no data</html>", kRoles).rejected.size(), 1u);
  auto junk = ParseJobPostings("\x01\x02 garbage", kRoles);
  EXPECT_TRUE(junk.postings.empty());
  EXPECT_EQ(junk.rejected.size(), 1u);
}

TEST(JobJsonLdTest, ScriptInADescriptionIsDropped) {
  json::object p = Posting();
  p["description"] = "<p>Hello</p><script>alert('x')</script><img src=x onerror=alert(1)><p>World</p>";
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->description_md.find("alert"), std::string::npos) << job->description_md;
  EXPECT_EQ(job->description_md.find('<'), std::string::npos) << job->description_md;
  EXPECT_NE(job->description_md.find("World"), std::string::npos);
}

TEST(JobJsonLdTest, ExportThenImportGivesTheSameJob) {
  json::object p = Posting();
  p["jobLocation"] = json::parse(R"({"@type":"Place","address":{"addressLocality":"Kraków","addressCountry":"PL"}})");
  p["applicantLocationRequirements"] =
      json::parse(R"([{"@type":"AdministrativeArea","name":"UTC-1 to UTC+3"},"Poland"])");
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_TRUE(job.ok()) << job.error().message;
  json::object exported = ToJsonLd(*job);
  // The shape search engines require.
  for (const char* key : {"@context", "@type", "title", "description", "datePosted", "validThrough",
                          "hiringOrganization", "jobLocationType", "jobLocation", "applicantLocationRequirements",
                          "baseSalary", "employmentType", "identifier"})
    EXPECT_TRUE(exported.contains(key)) << key;
  EXPECT_EQ(exported.at("baseSalary").at("value").at("minValue"), 70000);
  auto again = JobFromJsonLd(json::parse(json::serialize(exported)).as_object(), kRoles);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *job);
}

}  // namespace
}  // namespace starprep::jobs

namespace starprep::jobs {
namespace {

// Untrusted input: every prefix of a realistic document, and documents with random bytes
// changed, parse without crashing; whatever is accepted is a valid job.
TEST(JobJsonLdRobustnessTest, TruncatedAndCorruptedDocumentsAreHandled) {
  json::object second = Posting("be-2", "Data Engineer");
  second["jobLocation"] =
      json::parse(R"({"@type":"Place","address":{"addressLocality":"Oslo","addressCountry":"NO"}})");
  const std::string doc = json::serialize(json::object{{"@graph", json::array{Posting("be-1"), second}}});
  auto check = [](const std::string& text) {
    ParsedFeed feed = ParseJobPostings(text, kRoles);
    for (const auto& p : feed.postings) EXPECT_TRUE(Validate(p.job).ok()) << text;
    for (const auto& r : feed.rejected) EXPECT_FALSE(r.reason.empty());
    return feed;
  };
  ASSERT_EQ(check(doc).postings.size(), 2u);
  for (std::size_t n = 0; n < doc.size(); ++n) {
    ParsedFeed feed = check(doc.substr(0, n));
    EXPECT_LT(feed.postings.size(), 2u);  // a prefix is never the whole feed
  }
  std::uint64_t state = 0x9E3779B97F4A7C15ull;  // fixed seed: the same cases every run
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string mutated = doc;
    for (int k = 0; k < 1 + static_cast<int>(next() % 4); ++k)
      mutated[next() % mutated.size()] = static_cast<char>(next() & 0xFF);
    check(mutated);
  }
}

}  // namespace
}  // namespace starprep::jobs

namespace starprep::jobs {
namespace {

// The worst documents a feed can be: empty, huge, deeply nested, not UTF-8, numbers and dates out
// of range. Each is answered with postings and reasons, never a crash or a partial job.
TEST(JobJsonLdWorstInputTest, EmptyDocumentsSayWhy) {
  for (const char* text : {"", " \n\t ", "\xEF\xBB\xBF", "\xEF\xBB\xBF  \n"}) {
    auto feed = ParseJobPostings(text, kRoles);
    EXPECT_TRUE(feed.postings.empty());
    ASSERT_EQ(feed.rejected.size(), 1u);
    EXPECT_EQ(feed.rejected[0].reason, "the document is empty");
  }
  for (const char* text : {"{}", "[]", "{\"@graph\":[]}", "null"}) {
    auto feed = ParseJobPostings(text, kRoles);
    EXPECT_TRUE(feed.postings.empty()) << text;
  }
}

TEST(JobJsonLdWorstInputTest, HugeFeedIsReadInFull) {
  json::array all;
  for (int i = 0; i < 2000; ++i) all.push_back(Posting("be-" + std::to_string(i)));
  auto feed = ParseJobPostings(json::serialize(all), kRoles);
  EXPECT_EQ(feed.postings.size(), 2000u);
  EXPECT_EQ(feed.postings.back().item, 2000);
  json::object long_description = Posting();
  long_description["description"] = std::string(200'000, 'x');
  auto too_long = JobFromJsonLd(long_description, kRoles);
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.error().message.find("description is longer than"), std::string::npos) << too_long.error().message;
}

TEST(JobJsonLdWorstInputTest, DeepNestingIsRefusedNotRecursedInto) {
  const std::string deep = std::string(10000, '[') + json::serialize(Posting()) + std::string(10000, ']');
  auto feed = ParseJobPostings(deep, kRoles);
  EXPECT_TRUE(feed.postings.empty());
  EXPECT_FALSE(feed.rejected.empty());
  // Within what the JSON parser accepts, graphs nested deeper than the walker goes are skipped.
  json::value nested = Posting();
  for (int i = 0; i < 12; ++i) nested = json::object{{"@graph", json::array{nested}}};
  EXPECT_TRUE(ParseJobPostings(json::serialize(nested), kRoles).postings.empty());
}

TEST(JobJsonLdWorstInputTest, InvalidUtf8IsRefused) {
  std::string text = json::serialize(Posting());
  text.replace(text.find("Senior"), 6, "Sen\xFF\xFEor");
  auto feed = ParseJobPostings(text, kRoles);
  EXPECT_TRUE(feed.postings.empty());
  ASSERT_FALSE(feed.rejected.empty());
  // A string built in code may carry bad bytes past the JSON parser: Validate still refuses it.
  json::object p = Posting();
  p["title"] = "Backend \xC3\x28 Engineer";
  auto job = JobFromJsonLd(p, kRoles);
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.error().message.find("not valid UTF-8"), std::string::npos) << job.error().message;
}

TEST(JobJsonLdWorstInputTest, OutOfRangeNumbersAndDatesAreRefused) {
  for (const char* value : {R"("1e999")", R"("-5")", "0", "-0", "1e400", "-1e400", R"("NaN")", R"("inf")",
                            "18446744073709551615", R"("99999999999999999999999999")", "1e9999999999999"}) {
    json::object p = Posting();
    p["baseSalary"] = "SALARY";
    std::string text = json::serialize(p);
    text.replace(text.find("\"SALARY\""), 8,
                 std::string(R"({"currency":"EUR","value":{"value":)") + value + R"(,"unitText":"YEAR"}})");
    auto feed = ParseJobPostings(text, kRoles);
    EXPECT_TRUE(feed.postings.empty()) << value;
    EXPECT_EQ(feed.rejected.size(), 1u) << value;
  }
  for (const char* date : {"0000-01-01", "1969-12-31", "10000-01-01", "2026-02-29", "2026-11-20T25:00:00Z",
                           "2026-11-20T10:00:00+24:00", "2026-11-20T10:00:00.Z", "99999-99-99"}) {
    json::object p = Posting();
    p["datePosted"] = date;
    auto job = JobFromJsonLd(p, kRoles);
    ASSERT_FALSE(job.ok()) << date;
    EXPECT_NE(job.error().message.find("datePosted"), std::string::npos) << job.error().message;
  }
}

// ---- apply-link fallbacks: real postings often have no `url` ----

// The posting without `url` and `identifier` (so the source id comes from the apply link).
json::object PostingWithoutUrl() {
  json::object p = Posting();
  p.erase("url");
  p.erase("identifier");
  return p;
}

TEST(ApplyLinkTest, FallsBackInTheDocumentedOrder) {
  json::object p = PostingWithoutUrl();
  p["sameAs"] = "https://board.example/postings/7";
  p["hiringOrganization"].as_object()["url"] = "https://acme.example/careers";
  PageLinks page{"https://acme.example/jobs/canonical", "https://acme.example/jobs/og", "https://saved.example/p"};
  ApplyLinkFrom from = ApplyLinkFrom::kUrl;
  auto job = JobFromJsonLd(p, kRoles, page, &from);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->apply_url, "https://board.example/postings/7");
  EXPECT_EQ(from, ApplyLinkFrom::kSameAs);
  EXPECT_EQ(job->source_id, "https://board.example/postings/7");  // the posting's own link

  p.erase("sameAs");
  job = JobFromJsonLd(p, kRoles, page, &from);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->apply_url, "https://acme.example/jobs/canonical");
  EXPECT_EQ(from, ApplyLinkFrom::kPageCanonical);
  // A page's link may serve several postings: the title keeps them apart.
  EXPECT_EQ(job->source_id, "https://acme.example/jobs/canonical#Senior Backend Engineer");

  page.canonical = "/relative/only";  // not absolute: skipped
  job = JobFromJsonLd(p, kRoles, page, &from);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(from, ApplyLinkFrom::kPageOgUrl);
  EXPECT_EQ(job->apply_url, "https://acme.example/jobs/og");

  page.og_url.clear();
  job = JobFromJsonLd(p, kRoles, page, &from);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(from, ApplyLinkFrom::kSourceUrl);
  EXPECT_EQ(job->apply_url, "https://saved.example/p");

  page.source_url.clear();
  job = JobFromJsonLd(p, kRoles, page, &from);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(from, ApplyLinkFrom::kOrganizationUrl);
  EXPECT_EQ(job->apply_url, "https://acme.example/careers");
  EXPECT_EQ(ApplyLinkFromName(from), "hiringOrganization.url");
}

TEST(ApplyLinkTest, UrlWinsOverEveryFallback) {
  json::object p = Posting();
  p["sameAs"] = "https://board.example/postings/7";
  ApplyLinkFrom from = ApplyLinkFrom::kOrganizationUrl;
  auto job =
      JobFromJsonLd(p, kRoles, PageLinks{"https://c.example/", "https://o.example/", "https://s.example/"}, &from);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(from, ApplyLinkFrom::kUrl);
  EXPECT_EQ(job->apply_url, "https://acme.example/jobs/be-1");
}

TEST(ApplyLinkTest, RejectedOnlyWhenNoneExistsWithThatReason) {
  auto job = JobFromJsonLd(PostingWithoutUrl(), kRoles);  // the organization has sameAs, no url
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(job.error().message.find("no apply link"), std::string::npos) << job.error().message;
  EXPECT_NE(job.error().message.find("hiringOrganization.url"), std::string::npos) << job.error().message;
}

TEST(ApplyLinkTest, AnHtmlPagesCanonicalLinkAndSourceUrl) {
  json::object p = PostingWithoutUrl();
  const std::string block = "<script type=\"application/ld+json\">" + json::serialize(p) + "</script>";
  const std::string page =
      "<!doctype html><html><head><title>Job</title>\n"
      "<LINK REL='canonical' HREF='https://acme.example/jobs/42?a=1&amp;b=2'>\n" +
      block + "</head><body></body></html>";
  auto feed = ParseJobPostings(page, kRoles, "https://saved.example/copy");
  ASSERT_EQ(feed.postings.size(), 1u) << (feed.rejected.empty() ? "" : feed.rejected[0].reason);
  EXPECT_EQ(feed.postings[0].job.apply_url, "https://acme.example/jobs/42?a=1&b=2");
  EXPECT_EQ(feed.postings[0].apply_from, ApplyLinkFrom::kPageCanonical);

  const std::string og_page =
      "<html><head><meta content=\"https://acme.example/og/42\" property=\"og:url\">" + block + "</head></html>";
  feed = ParseJobPostings(og_page, kRoles);
  ASSERT_EQ(feed.postings.size(), 1u);
  EXPECT_EQ(feed.postings[0].apply_from, ApplyLinkFrom::kPageOgUrl);
  EXPECT_EQ(feed.postings[0].job.apply_url, "https://acme.example/og/42");

  // A JSON file has no page links: --source-url is next.
  feed = ParseJobPostings(json::serialize(p), kRoles, "https://saved.example/copy");
  ASSERT_EQ(feed.postings.size(), 1u);
  EXPECT_EQ(feed.postings[0].apply_from, ApplyLinkFrom::kSourceUrl);
  feed = ParseJobPostings(json::serialize(p), kRoles);
  ASSERT_EQ(feed.rejected.size(), 1u);
  EXPECT_NE(feed.rejected[0].reason.find("no apply link"), std::string::npos);
}

TEST(ApplyLinkTest, LinksOfPageReadsOnlyTheHead) {
  EXPECT_EQ(LinksOfPage("<head><link rel=canonical href=https://a.example/x></head>").canonical, "https://a.example/x");
  EXPECT_EQ(LinksOfPage("<head><link rel=\"stylesheet\" href=\"/s.css\"></head>").canonical, "");
  EXPECT_EQ(LinksOfPage("<body><link rel=\"canonical\" href=\"https://a.example/\"></body>").canonical, "");
  EXPECT_EQ(LinksOfPage("<link data-rel=\"canonical\" rel=\"x\" href=\"https://a.example/\">").canonical, "");
  EXPECT_EQ(LinksOfPage("<meta property=\"og:url\" content=\"https://a.example/o\">").og_url, "https://a.example/o");
  EXPECT_EQ(LinksOfPage("<link rel=\"canonical\" href=\"unterminated").canonical, "");
}

}  // namespace
}  // namespace starprep::jobs
