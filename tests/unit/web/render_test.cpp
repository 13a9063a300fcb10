// SPDX-License-Identifier: Apache-2.0
// Unit tests for the pure helpers of web/render: HumanDate, HumanDuration, FirstWords and QueryEscape.

#include "web/render.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using starprep::web::FirstWords;
using starprep::web::HumanDate;
using starprep::web::HumanDuration;
using starprep::web::QueryEscape;

TEST(HumanDateTest, FormatsIsoDates) {
  EXPECT_EQ(HumanDate("2026-11-20"), "20 November 2026");
  EXPECT_EQ(HumanDate("2025-01-01"), "1 January 2025");
  EXPECT_EQ(HumanDate("2024-12-31"), "31 December 2024");
  EXPECT_EQ(HumanDate("2026-05-09"), "9 May 2026");
}

TEST(HumanDurationTest, SecondsMinutesAndBoth) {
  EXPECT_EQ(HumanDuration(0), "0 s");
  EXPECT_EQ(HumanDuration(30), "30 s");
  EXPECT_EQ(HumanDuration(60), "1 min");
  EXPECT_EQ(HumanDuration(120), "2 min");
  EXPECT_EQ(HumanDuration(90), "1 min 30 s");
}

TEST(FirstWordsTest, KeepsTheFirstWordsAndMarksTheCut) {
  EXPECT_EQ(FirstWords("one two three four", 2), "one two\xE2\x80\xA6");
  EXPECT_EQ(FirstWords("one two three", 3), "one two three") << "nothing left out: no ellipsis";
  EXPECT_EQ(FirstWords("  one\n\ntwo \t three  ", 3), "one two three") << "whitespace collapses";
  EXPECT_EQ(FirstWords("one two   ", 2), "one two") << "trailing spaces are not a left-out word";
  EXPECT_EQ(FirstWords("", 5), "");
  EXPECT_EQ(FirstWords("   ", 5), "");
  EXPECT_EQ(FirstWords("word", 0), "\xE2\x80\xA6");
  // Multi-byte characters stay whole: only ASCII whitespace separates words.
  EXPECT_EQ(FirstWords("caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9", 2), "caf\xC3\xA9 na\xC3\xAFve\xE2\x80\xA6");
}

TEST(HumanDateTest, NamesEveryMonth) {
  const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                          "July",    "August",   "September", "October", "November", "December"};
  for (int m = 1; m <= 12; ++m) {
    std::string mm = (m < 10 ? "0" : "") + std::to_string(m);
    EXPECT_EQ(HumanDate("2026-" + mm + "-15"), std::string("15 ") + months[m - 1] + " 2026");
  }
}

TEST(HumanDateTest, NonDatesAreReturnedUnchanged) {
  for (std::string s : {"", "soon", "2026", "2026-11", "2026-11-2", "2026-11-200", "2026/11/20", "20-11-2026",
                        "2026-11-20T10:00:00Z", "2026-00-10", "2026-13-10", "2026-11-00"}) {
    EXPECT_EQ(HumanDate(s), s) << s;
  }
}

TEST(HumanDateTest, OutOfRangeDayIsNotADate) {
  EXPECT_EQ(HumanDate("2026-11-32"), "2026-11-32");
  EXPECT_EQ(HumanDate("2026-11-99"), "2026-11-99");
}

TEST(HumanDateTest, NonDigitFieldsAreNotADate) {
  for (std::string s : {"abcd-11-20", "2026-1x-20", "2026-11-2x", "2026-+1-20", "2026-11- 5", "20 6-11-20"})
    EXPECT_EQ(HumanDate(s), s) << s;
}

}  // namespace

TEST(HumanDayTest, ShowsTheDateOfATimestamp) {
  EXPECT_EQ(starprep::web::HumanDay("2026-11-20T08:05:00Z"), "20 November 2026");
  EXPECT_EQ(starprep::web::HumanDay("soon"), "soon");
}

TEST(QueryEscapeTest, KeepsUnreservedCharactersAndEncodesTheRest) {
  EXPECT_EQ(QueryEscape("/questions/be-x_1.~"), "%2Fquestions%2Fbe-x_1.~");
  EXPECT_EQ(QueryEscape("a b&c=d?e#f"), "a%20b%26c%3Dd%3Fe%23f");
  EXPECT_EQ(QueryEscape("\xC3\xA9"), "%C3%A9");
}

namespace starprep::web {
namespace {

TEST(LayoutTest, PublicPagesGetAbsoluteLinksAndSharingTagsOnlyWithAnOrigin) {
  const std::string absolute = Layout({"Back-end <interview>", "Questions & answers", "<p>x</p>", "", "/roles/b",
                                       Nav::kAnonymous, "https://prep.example.com"});
  EXPECT_NE(absolute.find("<link rel=\"canonical\" href=\"https://prep.example.com/roles/b\">"), std::string::npos);
  EXPECT_NE(absolute.find("<meta property=\"og:url\" content=\"https://prep.example.com/roles/b\">"),
            std::string::npos);
  EXPECT_NE(absolute.find("<meta property=\"og:title\" content=\"Back-end &lt;interview&gt;\">"), std::string::npos);
  EXPECT_NE(absolute.find("<meta property=\"og:description\" content=\"Questions &amp; answers\">"), std::string::npos);
  EXPECT_NE(absolute.find("<meta name=\"twitter:card\" content=\"summary\">"), std::string::npos);

  const std::string relative = Layout({"T", "D", "", "", "/roles/b", Nav::kAnonymous});
  EXPECT_NE(relative.find("<link rel=\"canonical\" href=\"/roles/b\">"), std::string::npos);
  EXPECT_EQ(relative.find("og:url"), std::string::npos);
  EXPECT_NE(relative.find("og:title"), std::string::npos);

  const std::string private_page = Layout({"Your account", "D", "", "", "", Nav::kSignedIn, "https://p.example"});
  EXPECT_EQ(private_page.find("canonical"), std::string::npos);
  EXPECT_EQ(private_page.find("og:"), std::string::npos);
  EXPECT_EQ(private_page.find("twitter:"), std::string::npos);
}

}  // namespace
}  // namespace starprep::web
