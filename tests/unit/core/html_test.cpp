// SPDX-License-Identifier: Apache-2.0
// Unit tests for core/html: HTML escaping, UTF-8 validation and code point counting.

#include "core/html.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using starprep::html::CodePoints;
using starprep::html::Escape;
using starprep::html::IsValidUtf8;

// Builds a std::string from bytes, keeping embedded NULs.
template <std::size_t N>
std::string Bytes(const char (&s)[N]) {
  return std::string(s, N - 1);
}

// --- Escape -----------------------------------------------------------------------------------

TEST(HtmlEscapeTest, EscapesEachOfTheFiveCharacters) {
  EXPECT_EQ(Escape("&"), "&amp;");
  EXPECT_EQ(Escape("<"), "&lt;");
  EXPECT_EQ(Escape(">"), "&gt;");
  EXPECT_EQ(Escape("\""), "&quot;");
  EXPECT_EQ(Escape("'"), "&#39;");
}

TEST(HtmlEscapeTest, EscapesAllInOneString) {
  EXPECT_EQ(Escape("<a href=\"x\" title='y'>Tom & Jerry</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
}

TEST(HtmlEscapeTest, DoesNotDoubleDecodeEntities) {
  // An already-escaped entity is text and must be escaped again.
  EXPECT_EQ(Escape("&amp;"), "&amp;amp;");
}

TEST(HtmlEscapeTest, PassesOtherTextThroughUnchanged) {
  EXPECT_EQ(Escape(""), "");
  EXPECT_EQ(Escape("plain text 123 /?=;:"), "plain text 123 /?=;:");
  const std::string utf8 = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
  EXPECT_EQ(Escape(utf8), utf8);
  const std::string with_nul = Bytes("a\0b");
  EXPECT_EQ(Escape(with_nul), with_nul);
}

// --- IsValidUtf8 ------------------------------------------------------------------------------

TEST(IsValidUtf8Test, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("hello, world"));
  EXPECT_TRUE(IsValidUtf8(Bytes("\0")));
  EXPECT_TRUE(IsValidUtf8("\x7F"));
}

TEST(IsValidUtf8Test, AcceptsValidMultiByteSequences) {
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9"));          // é
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));          // U+07FF, largest 2-byte
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the largest code point
  EXPECT_TRUE(
      IsValidUtf8("a\xC3\xA9"
                  "b\xE2\x82\xAC"
                  "c\xF0\x9F\x98\x80"
                  "d"));
}

TEST(IsValidUtf8Test, RejectsOverlongEncodings) {
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // NUL in 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // '/' in 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // U+007F in 2 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));      // NUL in 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // '/' in 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF in 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\x80"));  // NUL in 4 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in 4 bytes
}

TEST(IsValidUtf8Test, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xAD\xBF"));  // U+DB7F
  EXPECT_FALSE(IsValidUtf8("\xED\xB0\x80"));  // U+DC00
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));  // U+DFFF
  // A CESU-8 style surrogate pair for 😀.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));
}

TEST(IsValidUtf8Test, RejectsTruncatedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xE2"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F"));
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));
  // Truncated in the middle of the string: the next byte is not a continuation.
  EXPECT_FALSE(
      IsValidUtf8("\xC3"
                  "a"));
  EXPECT_FALSE(
      IsValidUtf8("\xE2\x82"
                  "a"));
  EXPECT_FALSE(
      IsValidUtf8("\xF0\x9F\x98"
                  "a"));
}

TEST(IsValidUtf8Test, RejectsCodePointsAboveU10FFFF) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF7\xBF\xBF\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));      // old 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xFC\x84\x80\x80\x80\x80"));  // old 6-byte form
}

TEST(IsValidUtf8Test, RejectsStrayAndInvalidBytes) {
  EXPECT_FALSE(IsValidUtf8("\x80"));  // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xBF"));
  EXPECT_FALSE(
      IsValidUtf8("a\x80"
                  "b"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));  // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xE2\x28\xA1"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x28\x8C\xBC"));
  EXPECT_FALSE(IsValidUtf8("\xFE"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xC3\xA9\xC3\xA9\xFF"));  // valid prefix, bad tail
}

// --- CodePoints -------------------------------------------------------------------------------

TEST(CodePointsTest, CountsAscii) {
  EXPECT_EQ(CodePoints(""), 0u);
  EXPECT_EQ(CodePoints("abc"), 3u);
  EXPECT_EQ(CodePoints(Bytes("a\0b")), 3u);
}

TEST(CodePointsTest, CountsMultiByteCharactersOnce) {
  EXPECT_EQ(CodePoints("\xC3\xA9"), 1u);
  EXPECT_EQ(CodePoints("\xE2\x82\xAC"), 1u);
  EXPECT_EQ(CodePoints("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(CodePoints("h\xC3\xA9llo"), 5u);
  EXPECT_EQ(CodePoints("\xE2\x82\xAC\xF0\x9F\x98\x80"
                       "a\xC3\xA9"),
            4u);
}

TEST(CodePointsTest, AgreesWithRepeatedCharacters) {
  std::string s;
  for (int i = 0; i < 250; ++i) s += "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  EXPECT_EQ(s.size(), 250u * 10u);
  EXPECT_EQ(CodePoints(s), 1000u);
}

}  // namespace
