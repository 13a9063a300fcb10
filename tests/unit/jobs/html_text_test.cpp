// SPDX-License-Identifier: Apache-2.0
// jobs/html_text on the worst inputs an imported job description can carry: empty, huge, invalid
// UTF-8, character references out of range. (The usual conversions are in model_test.cpp.)

#include "jobs/html_text.h"

#include <gtest/gtest.h>

#include <string>

#include "core/html.h"

namespace starprep::jobs {
namespace {

TEST(HtmlTextWorstInputTest, EmptyInput) {
  EXPECT_EQ(HtmlToMarkdown(""), "");
  EXPECT_EQ(DecodeEntities(""), "");
  EXPECT_FALSE(LooksLikeHtml(""));
  EXPECT_FALSE(LooksLikeHtml("<"));
  EXPECT_FALSE(LooksLikeHtml("<p"));
}

TEST(HtmlTextWorstInputTest, OutOfRangeCharacterReferencesBecomeTheReplacementCharacter) {
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(DecodeEntities("&#x110000;"), replacement);  // above U+10FFFF
  EXPECT_EQ(DecodeEntities("&#1114112;"), replacement);
  EXPECT_EQ(DecodeEntities("&#xD800;"), replacement);  // a surrogate is not a character
  EXPECT_EQ(DecodeEntities("&#0;"), replacement);
  EXPECT_EQ(DecodeEntities("&#x10FFFF;"), "\xF4\x8F\xBF\xBF");  // the last one is fine
  // Far out of range (digits stop being read before 32 bits overflow), too long to be a
  // reference, or not a number: left as written.
  EXPECT_EQ(DecodeEntities("&#xFFFFFFF;"), "&#xFFFFFFF;");
  EXPECT_EQ(DecodeEntities("&#99999999;"), "&#99999999;");
  EXPECT_EQ(DecodeEntities("&#99999999999;"), "&#99999999999;");
  EXPECT_EQ(DecodeEntities("&#x;&#;&#-1;&#1a;"), "&#x;&#;&#-1;&#1a;");
  EXPECT_TRUE(html::IsValidUtf8(DecodeEntities("&#xDFFF;&#55296;&#x1F600;")));
}

TEST(HtmlTextWorstInputTest, InvalidUtf8BytesPassThroughWithoutHarm) {
  const std::string bytes = "<p>\xFF\xFE caf\xC3</p><li>\xE2\x82</li>";
  const std::string md = HtmlToMarkdown(bytes);
  EXPECT_NE(md.find("\xFF\xFE caf\xC3"), std::string::npos) << md;
  EXPECT_NE(md.find("- \xE2\x82"), std::string::npos) << md;
  // Valid UTF-8 stays valid: tags are cut only at ASCII bytes.
  EXPECT_TRUE(html::IsValidUtf8(HtmlToMarkdown("<p>Zürich</p><b>東京</b>&nbsp;é")));
}

TEST(HtmlTextWorstInputTest, HugeInputIsConvertedInFull) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<p>paragraph " + std::to_string(i) + " &amp; more</p>";
  const std::string md = HtmlToMarkdown(html);
  EXPECT_EQ(md.substr(0, 17), "paragraph 0 & mor");
  EXPECT_NE(md.find("paragraph 19999 & more"), std::string::npos);
  EXPECT_EQ(md.find("\n\n\n"), std::string::npos);
  // An unclosed script swallows the rest; an unclosed tag is text.
  EXPECT_EQ(HtmlToMarkdown("before<script>" + std::string(100000, 'x')), "before");
  EXPECT_EQ(HtmlToMarkdown("a <b"), "a <b");
}

// Found by tests/fuzz (html_markdown): n nested lists holding n items made O(n^2) bytes of
// indentation (18 KB of HTML gave 8 MB). Indentation now stops at 8 levels.
TEST(HtmlTextWorstInputTest, DeeplyNestedListsGrowLinearly) {
  std::string html = "<p>top</p>";
  for (int i = 0; i < 20; ++i) html += "<ul>";
  html += "<li>deep</li>";
  EXPECT_EQ(HtmlToMarkdown(html), "top\n\n" + std::string(14, ' ') + "- deep");  // level 8, not 20
  EXPECT_EQ(HtmlToMarkdown("<ul><li>a<ul><li>b</li></ul></li></ul>"), "- a\n\n  - b");
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "<ul>";
  for (int i = 0; i < 5000; ++i) many += "<li>x";
  EXPECT_LE(HtmlToMarkdown(many).size(), 5 * many.size());
}

// Found by tests/fuzz (html_markdown): every <script> lowered a copy of the rest of the page, so
// a description of many small scripts took quadratic time (64 KB: 27 s under ASan). This input
// finishes at once now; before the fix it ran for minutes.
TEST(HtmlTextWorstInputTest, ManyScriptsAreSkippedInLinearTime) {
  std::string html;
  for (int i = 0; i < 60000; ++i) html += "<script>x()</script>";
  html += "<p>after</p><SCRIPT>y()</ScRiPt >and<style>z";
  EXPECT_EQ(HtmlToMarkdown(html), "after\n\nand");
}

}  // namespace
}  // namespace starprep::jobs
