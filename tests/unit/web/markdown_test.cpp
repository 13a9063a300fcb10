// SPDX-License-Identifier: Apache-2.0
// Unit tests for web/markdown: safe HTML rendering (no raw HTML, no dangerous URLs), the common
// inline and block constructs, inline rendering without <p>, and plain-text conversion.

#include "web/markdown.h"

#include <gtest/gtest.h>

#include <string>

#include "core/html.h"

namespace {

using starprep::web::MarkdownToText;
using starprep::web::RenderInlineMarkdown;
using starprep::web::RenderMarkdown;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// --- Safety -----------------------------------------------------------------------------------

TEST(RenderMarkdownSafetyTest, DropsRawHtmlBlocks) {
  std::string html = RenderMarkdown("Intro.\n\n<script>alert(1)</script>\n\nOutro.");
  EXPECT_FALSE(Contains(Lower(html), "<script")) << html;
  EXPECT_FALSE(Contains(html, "alert(1)</script>")) << html;
  EXPECT_TRUE(Contains(html, "<p>Intro.</p>")) << html;
  EXPECT_TRUE(Contains(html, "<p>Outro.</p>")) << html;
}

TEST(RenderMarkdownSafetyTest, DropsInlineRawHtml) {
  std::string html = RenderMarkdown("Hello <img src=x onerror=alert(1)> and <b onclick=\"x()\">bold</b>.");
  EXPECT_FALSE(Contains(Lower(html), "<img")) << html;
  EXPECT_FALSE(Contains(Lower(html), "<b ")) << html;
  EXPECT_FALSE(Contains(Lower(html), "onerror=")) << html;
  EXPECT_FALSE(Contains(Lower(html), "onclick=")) << html;
  EXPECT_TRUE(Contains(html, "Hello")) << html;
}

TEST(RenderMarkdownSafetyTest, DropsOtherRawHtmlBlocks) {
  for (const char* md : {"<iframe src=\"https://evil.example\"></iframe>", "<div onclick=\"steal()\">x</div>",
                         "<style>body{display:none}</style>", "<SCRIPT>alert(1)</SCRIPT>"}) {
    std::string html = Lower(RenderMarkdown(md));
    EXPECT_FALSE(Contains(html, "<iframe")) << html;
    EXPECT_FALSE(Contains(html, "<div")) << html;
    EXPECT_FALSE(Contains(html, "<style")) << html;
    EXPECT_FALSE(Contains(html, "<script")) << html;
  }
}

TEST(RenderMarkdownSafetyTest, JavascriptLinksAreNotEmittedAsHref) {
  for (const char* md :
       {"[click](javascript:alert(1))", "[click](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)", "<javascript:alert(1)>", "[ref]\n\n[ref]: javascript:alert(1)"}) {
    std::string html = Lower(RenderMarkdown(md));
    EXPECT_FALSE(Contains(html, "href=\"javascript:")) << md << " → " << html;
    EXPECT_FALSE(Contains(html, "href=\"vbscript:")) << md << " → " << html;
    EXPECT_FALSE(Contains(html, "href=\"data:text/html")) << md << " → " << html;
  }
}

TEST(RenderMarkdownSafetyTest, JavascriptImagesAreNotEmittedAsSrc) {
  std::string html = Lower(RenderMarkdown("![x](javascript:alert(1))"));
  EXPECT_FALSE(Contains(html, "src=\"javascript:")) << html;
}

TEST(RenderMarkdownSafetyTest, SafeLinksAreKept) {
  std::string html = RenderMarkdown("[docs](https://example.com/a?b=1&c=2) and [home](/roles/x)");
  EXPECT_TRUE(Contains(html, "<a href=\"https://example.com/a?b=1&amp;c=2\">docs</a>")) << html;
  EXPECT_TRUE(Contains(html, "<a href=\"/roles/x\">home</a>")) << html;
}

TEST(RenderMarkdownSafetyTest, EscapesTextAndAttributes) {
  std::string html = RenderMarkdown("a < b & \"c\"\n\n[t](/x \"say \\\"hi\\\"\")");
  EXPECT_TRUE(Contains(html, "a &lt; b &amp;")) << html;
  EXPECT_FALSE(Contains(html, "title=\"say \"hi\"\"")) << html;
}

// --- Rendering --------------------------------------------------------------------------------

TEST(RenderMarkdownTest, Emphasis) {
  std::string html = RenderMarkdown("Use *emphasis* and **strong** words.");
  EXPECT_TRUE(Contains(html, "<em>emphasis</em>")) << html;
  EXPECT_TRUE(Contains(html, "<strong>strong</strong>")) << html;
}

TEST(RenderMarkdownTest, InlineCodeIsEscaped) {
  std::string html = RenderMarkdown("Run `a < b && c` now.");
  EXPECT_TRUE(Contains(html, "<code>a &lt; b &amp;&amp; c</code>")) << html;
}

TEST(RenderMarkdownTest, FencedCodeBlock) {
  std::string html = RenderMarkdown("```\nif (x < y) {}\n```\n");
  EXPECT_TRUE(Contains(html, "<pre><code>if (x &lt; y) {}\n</code></pre>")) << html;
}

TEST(RenderMarkdownTest, BulletAndOrderedLists) {
  std::string html = RenderMarkdown("- one\n- two\n\n1. first\n2. second\n");
  EXPECT_TRUE(Contains(html, "<ul>")) << html;
  EXPECT_TRUE(Contains(html, "<li>one</li>")) << html;
  EXPECT_TRUE(Contains(html, "<li>two</li>")) << html;
  EXPECT_TRUE(Contains(html, "<ol>")) << html;
  EXPECT_TRUE(Contains(html, "<li>first</li>")) << html;
  EXPECT_TRUE(Contains(html, "<li>second</li>")) << html;
}

TEST(RenderMarkdownTest, HeadingsAndParagraphs) {
  std::string html = RenderMarkdown("### Situation\n\nWe had an outage.\n");
  EXPECT_TRUE(Contains(html, "<h3>Situation</h3>")) << html;
  EXPECT_TRUE(Contains(html, "<p>We had an outage.</p>")) << html;
}

TEST(RenderMarkdownTest, EmptyInput) {
  EXPECT_EQ(RenderMarkdown(""), "");
}

TEST(RenderMarkdownTest, UsesOnlyTheGivenBytes) {
  // The view is not NUL-terminated at its end: only its own bytes are rendered.
  const std::string buffer = "*em*TRAILING";
  std::string html = RenderMarkdown(std::string_view(buffer).substr(0, 4));
  EXPECT_EQ(html, "<p><em>em</em></p>\n");
}

// --- RenderInlineMarkdown ---------------------------------------------------------------------

TEST(RenderInlineMarkdownTest, StripsTheSingleParagraph) {
  EXPECT_EQ(RenderInlineMarkdown("Use *STAR* to structure answers."), "Use <em>STAR</em> to structure answers.");
  EXPECT_EQ(RenderInlineMarkdown("plain"), "plain");
}

TEST(RenderInlineMarkdownTest, KeepsSeveralParagraphsWrapped) {
  std::string html = RenderInlineMarkdown("one\n\ntwo");
  EXPECT_EQ(html, "<p>one</p>\n<p>two</p>\n");
}

TEST(RenderInlineMarkdownTest, IsAsSafeAsBlockRendering) {
  std::string html = Lower(RenderInlineMarkdown("x <script>alert(1)</script> [a](javascript:alert(1))"));
  EXPECT_FALSE(Contains(html, "<script")) << html;
  EXPECT_FALSE(Contains(html, "href=\"javascript:")) << html;
  EXPECT_FALSE(html.starts_with("<p>")) << html;
}

TEST(RenderInlineMarkdownTest, EmptyInput) {
  EXPECT_EQ(RenderInlineMarkdown(""), "");
}

// --- MarkdownToText ---------------------------------------------------------------------------

TEST(MarkdownToTextTest, GivesPlainText) {
  std::string text = MarkdownToText("**Bold** and *em* and `code` and [a link](https://example.com).");
  EXPECT_EQ(text, "Bold and em and code and a link.");
}

TEST(MarkdownToTextTest, NoMarkupOrTrailingNewline) {
  std::string text = MarkdownToText("### Result\n\nLatency fell by **40%**.\n\n");
  EXPECT_FALSE(Contains(text, "#")) << text;
  EXPECT_FALSE(Contains(text, "*")) << text;
  EXPECT_FALSE(Contains(text, "<")) << text;
  EXPECT_TRUE(Contains(text, "Result")) << text;
  EXPECT_TRUE(Contains(text, "Latency fell by 40%.")) << text;
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text.back(), '\n');
  EXPECT_NE(text.back(), ' ');
}

TEST(MarkdownToTextTest, RawHtmlDoesNotBecomeMarkup) {
  std::string text = MarkdownToText("Hi <script>alert(1)</script>");
  EXPECT_TRUE(Contains(text, "Hi")) << text;
  EXPECT_FALSE(Contains(text, "<script>")) << text;
}

TEST(MarkdownToTextTest, EmptyInput) {
  EXPECT_EQ(MarkdownToText(""), "");
}

// --- Worst inputs -----------------------------------------------------------------------------

TEST(RenderMarkdownWorstInputTest, NulBytesBecomeTheReplacementCharacter) {
  const std::string html = RenderMarkdown(std::string("a\0b", 3));
  EXPECT_EQ(html,
            "<p>a\xEF\xBF\xBD"
            "b</p>\n");
}

TEST(RenderMarkdownWorstInputTest, InvalidUtf8IsEscapedNotInterpreted) {
  // Bytes that are not UTF-8 pass through (callers validate text first) but never open markup.
  const std::string html = RenderMarkdown("\xFF<\xFE>[x](\xFF) \xC3*");
  EXPECT_FALSE(Contains(html, "<\xFE")) << html;
  EXPECT_TRUE(Contains(html, "&lt;\xFE&gt;")) << html;
  EXPECT_TRUE(Contains(html, "href=\"%FF\"")) << html;  // a URL byte is percent-encoded
}

TEST(RenderMarkdownWorstInputTest, HugeAndDeeplyNestedInputRenders) {
  std::string big;
  for (int i = 0; i < 50000; ++i) big += "Paragraph *" + std::to_string(i) + "*.\n\n";
  const std::string html = RenderMarkdown(big);
  EXPECT_TRUE(Contains(html, "<p>Paragraph <em>49999</em>.</p>")) << html.size();
  const std::string quotes = RenderMarkdown(std::string(20000, '>') + " deep");
  EXPECT_TRUE(Contains(quotes, "deep"));
  EXPECT_EQ(RenderMarkdown(std::string(50000, '[')), "<p>" + std::string(50000, '[') + "</p>\n");
  const std::string stars = std::string(30000, '*') + "a" + std::string(30000, '*');
  EXPECT_TRUE(Contains(RenderMarkdown(stars), "a"));
}

TEST(RenderMarkdownWorstInputTest, OutOfRangeListNumbersAreText) {
  // CommonMark list numbers have at most nine digits; a longer one is a paragraph. Character
  // references beyond U+10FFFF, surrogates and overlong numbers become U+FFFD.
  EXPECT_EQ(RenderMarkdown("999999999. x"), "<ol start=\"999999999\">\n<li>x</li>\n</ol>\n");
  EXPECT_EQ(RenderMarkdown("1234567890. x"), "<p>1234567890. x</p>\n");
  EXPECT_EQ(RenderMarkdown("&#1114112; &#xD800; &#99999999;"), "<p>\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD</p>\n");
}

}  // namespace

TEST(MarkdownToTextWorstInputTest, NoncharactersStayValidUtf8) {
  // cmark's plain-text renderer wrote U+FFFF and U+FFFE as a single stray byte (tests/fuzz).
  for (const std::string& in : {std::string("y\xEF\xBF\xBF"
                                            "a,"),
                                std::string("\xEF\xBF\xBE"
                                            "a"),
                                std::string("---\ny\xEF\xBF\xBF"
                                            "a,")}) {
    const std::string out = starprep::web::MarkdownToText(in);
    EXPECT_TRUE(starprep::html::IsValidUtf8(out)) << "from " << in.size() << " bytes: " << out;
    EXPECT_NE(out.find('a'), std::string::npos) << out;
  }
}
