// SPDX-License-Identifier: Apache-2.0
// jobs/model and jobs/html_text: validation, formatting, shifting dates, HTML -> Markdown.

#include "jobs/model.h"

#include <gtest/gtest.h>

#include "jobs/html_text.h"

namespace starprep::jobs {
namespace {

Job Valid() {
  Job j;
  j.title = "Backend Engineer";
  j.company_name = "Acme";
  j.description_md = "Build things.";
  j.apply_url = "https://acme.example/apply";
  j.date_posted = "2026-11-01";
  j.source = "acme";
  j.source_id = "1";
  return j;
}

TEST(JobModelTest, ValidateAcceptsAMinimalJobAndNamesTheBadField) {
  EXPECT_TRUE(Validate(Valid()).ok());
  Job j = Valid();
  j.apply_url = "javascript:alert(1)";
  EXPECT_NE(Validate(j).error().message.find("url"), std::string::npos);
  j = Valid();
  j.remote = RemotePolicy::kHybrid;
  EXPECT_NE(Validate(j).error().message.find("hybrid"), std::string::npos);
  j = Valid();
  j.valid_through = "2026-10-01T00:00:00Z";
  EXPECT_NE(Validate(j).error().message.find("before datePosted"), std::string::npos);
  j = Valid();
  j.title = "\xff\xfe";
  EXPECT_NE(Validate(j).error().message.find("UTF-8"), std::string::npos);
  j = Valid();
  j.employment_type = "SOMETIMES";
  EXPECT_FALSE(Validate(j).ok());
}

TEST(JobModelTest, ExpiryComparesInstants) {
  Job j = Valid();
  EXPECT_FALSE(IsExpired(j, "2030-01-01T00:00:00Z"));  // open-ended
  j.valid_through = "2026-12-01T23:59:59Z";
  EXPECT_FALSE(IsExpired(j, "2026-12-01T23:59:59Z"));
  EXPECT_TRUE(IsExpired(j, "2026-12-02T00:00:00Z"));
}

TEST(JobModelTest, EmploymentTypesAndSalaries) {
  EXPECT_EQ(NormaliseEmploymentType("full-time"), "FULL_TIME");
  EXPECT_EQ(NormaliseEmploymentType("Part Time"), "PART_TIME");
  EXPECT_EQ(NormaliseEmploymentType("contract"), "CONTRACTOR");
  EXPECT_EQ(NormaliseEmploymentType("gig"), "OTHER");
  EXPECT_EQ(NormaliseEmploymentType(""), "");
  EXPECT_EQ(FormatSalary({60000, 80000, "EUR", "YEAR"}),
            "EUR 60,000\xE2\x80\x93"
            "80,000 per year");
  EXPECT_EQ(FormatSalary({1234567, 1234567, "SEK", "MONTH"}), "SEK 1,234,567 per month");
}

TEST(JobDatesTest, ShiftDatesMovesBothDates) {
  Job j = Valid();
  j.valid_through = "2026-12-31T23:59:59Z";
  Job moved = ShiftDates(j, 3);
  EXPECT_EQ(moved.date_posted, "2026-11-04");
  EXPECT_EQ(moved.valid_through, "2027-01-03T23:59:59Z");
}

TEST(HtmlToMarkdownTest, KeepsStructureDropsTagsAndScripts) {
  EXPECT_EQ(HtmlToMarkdown("<h2>Role</h2><p>We <em>build</em> <b>things</b>.</p><ul><li>One</li><li>Two</li></ul>"),
            "### Role\n\nWe *build* **things**.\n\n- One\n- Two");
  EXPECT_EQ(HtmlToMarkdown("Line<br>next"), "Line\nnext");
  EXPECT_EQ(HtmlToMarkdown("<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>"), "a\n\nb");
  EXPECT_EQ(HtmlToMarkdown("<a href=\"https://x.example/a\">apply</a> <a href=\"javascript:x()\">bad</a>"),
            "[apply](https://x.example/a) bad");
  EXPECT_EQ(HtmlToMarkdown("5 &lt; 6 &amp; &#x263A; &#9731;"), "5 < 6 & \xE2\x98\xBA \xE2\x98\x83");
  EXPECT_TRUE(LooksLikeHtml("<p>x</p>"));
  EXPECT_FALSE(LooksLikeHtml("a < b and c > d"));
}

}  // namespace
}  // namespace starprep::jobs
