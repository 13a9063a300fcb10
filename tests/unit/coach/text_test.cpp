// SPDX-License-Identifier: Apache-2.0
#include "coach/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace starprep::coach {
namespace {

std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  for (Span s : SplitSentences(text)) out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(SplitSentences, SplitsOnTerminalPunctuation) {
  EXPECT_EQ(Sentences("We had outages. I was on call! Did it work? Yes."),
            (std::vector<std::string>{"We had outages.", "I was on call!", "Did it work?", "Yes."}));
}

TEST(SplitSentences, KeepsAbbreviationsInsideASentence) {
  EXPECT_EQ(Sentences("We moved e.g. billing and i.e. the ledger to Postgres. Then we tested."),
            (std::vector<std::string>{"We moved e.g. billing and i.e. the ledger to Postgres.", "Then we tested."}));
  EXPECT_EQ(Sentences("Dr. Patel and Mr. Jones approved it. It shipped."),
            (std::vector<std::string>{"Dr. Patel and Mr. Jones approved it.", "It shipped."}));
  EXPECT_EQ(Sentences("Our U.S. customers saw it first. Europe followed."),
            (std::vector<std::string>{"Our U.S. customers saw it first.", "Europe followed."}));
  EXPECT_EQ(Sentences("It ran in the U.S. Then it went global."),
            (std::vector<std::string>{"It ran in the U.S.", "Then it went global."}));
}

TEST(SplitSentences, KeepsNumbersAndVersionsWhole) {
  EXPECT_EQ(Sentences("Uptime went to 99.99% after v2.3.1 shipped. Costs fell by $1.2M."),
            (std::vector<std::string>{"Uptime went to 99.99% after v2.3.1 shipped.", "Costs fell by $1.2M."}));
}

TEST(SplitSentences, HandlesMissingFinalPunctuationAndLineBreaks) {
  EXPECT_EQ(Sentences("the build was slow\nso i cached the layers\nnow it takes 4 min"),
            (std::vector<std::string>{"the build was slow", "so i cached the layers", "now it takes 4 min"}));
  EXPECT_EQ(Sentences("  Trailing text without a stop  "), (std::vector<std::string>{"Trailing text without a stop"}));
}

TEST(SplitSentences, JoinsHardWrappedParagraphs) {
  EXPECT_EQ(Sentences("When I joined the payments team the nightly settlement job\nregularly ran past the morning "
                      "cut-off. I fixed it."),
            (std::vector<std::string>{
                "When I joined the payments team the nightly settlement job\nregularly ran past the morning cut-off.",
                "I fixed it."}));
}

TEST(SplitSentences, TypedLinesAreSentencesEvenInLowerCase) {
  const std::string first(120, 'x');
  EXPECT_EQ(Sentences("marketing said traffic would triple on launch day and the database " + first +
                      "\nmy job was to make sure we did not go down on the day itself no matter what\nwe load tested"),
            (std::vector<std::string>{"marketing said traffic would triple on launch day and the database " + first,
                                      "my job was to make sure we did not go down on the day itself no matter what",
                                      "we load tested"}));
}

TEST(SplitSentences, SplitsBulletsAndDropsTheirMarkers) {
  EXPECT_EQ(
      Sentences("Situation:\n- checkout was slow\n- users left\n1. I profiled it\n2) I added an index"),
      (std::vector<std::string>{"Situation:", "checkout was slow", "users left", "I profiled it", "I added an index"}));
  EXPECT_EQ(Sentences("• one\n• two"), (std::vector<std::string>{"one", "two"}));
}

TEST(SplitSentences, SpansAreOrderedTrimmedAndDisjoint) {
  const std::string text = "  A first one.  \n\n  - a bullet  \nAnd a last one";
  const auto spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 3u);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    EXPECT_LT(spans[i].start, spans[i].end);
    EXPECT_NE(text[spans[i].start], ' ');
    EXPECT_NE(text[spans[i].end - 1], ' ');
    if (i > 0) {
      EXPECT_LE(spans[i - 1].end, spans[i].start);
    }
  }
}

TEST(SplitSentences, EmptyAndBlankInputHaveNoSentences) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences(" \n\t\n ").empty());
}

TEST(Tokenize, SplitsWordsAndNumbersKeepingInnerJoiners) {
  Tokens t;
  Tokenize("Don't re-run the on-call job: it took 1,200 ms (99.9%).", t);
  std::vector<std::string> words;
  for (const Token& tok : t.items) words.emplace_back(tok.lower);
  EXPECT_EQ(words, (std::vector<std::string>{"don't", "re-run", "the", "on-call", "job", "it", "took", "1,200", "ms",
                                             "99.9"}));
  EXPECT_EQ(t.items[7].kind, TokenKind::kNumber);
}

TEST(Tokenize, TreatsNonAsciiLettersAsLettersAndCurlyPunctuationAsPunctuation) {
  Tokens t;
  Tokenize("Café “naïve” don’t", t);
  ASSERT_EQ(t.items.size(), 3u);
  EXPECT_EQ(t.items[0].lower, "café");
  EXPECT_EQ(t.items[1].lower, "naïve");
  EXPECT_EQ(t.items[2].lower, "don’t");
}

TEST(Stem, MergesInflections) {
  std::string scratch;
  auto stem = [&](std::string_view w) { return std::string(Stem(w, scratch)); };
  EXPECT_EQ(stem("reduced"), stem("reducing"));
  EXPECT_EQ(stem("reduces"), stem("reduce"));
  EXPECT_EQ(stem("queries"), "query");
  EXPECT_EQ(stem("running"), "run");
  EXPECT_EQ(stem("api"), "api");
  EXPECT_EQ(stem("quickly"), "quick");
}

TEST(Hash, IsStreamable) {
  EXPECT_EQ(Hash("bc", Hash("a")), Hash("abc"));
}

}  // namespace
}  // namespace starprep::coach
