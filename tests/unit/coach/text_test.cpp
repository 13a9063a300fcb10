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

std::vector<std::string> Clauses(std::string_view text, int min_words = kMinClauseWords) {
  std::vector<std::string> out;
  const Span all{0, static_cast<std::uint32_t>(text.size())};
  for (Span s : SplitClauses(text, all, min_words)) out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(SplitClauses, SplitsASentenceThatCarriesTwoParts) {
  EXPECT_EQ(Clauses("While we were moving the clinic to a new booking system, I was asked to keep waiting "
                    "times under ten minutes."),
            (std::vector<std::string>{"While we were moving the clinic to a new booking system,",
                                      "I was asked to keep waiting times under ten minutes."}));
  EXPECT_EQ(Clauses("I was hired as director of sales at the hotel; occupancy was at 74% and falling every month."),
            (std::vector<std::string>{"I was hired as director of sales at the hotel;",
                                      "occupancy was at 74% and falling every month."}));
  EXPECT_EQ(Clauses("I rewrote the whole rota for the summer season \xE2\x80\x94 overtime fell by a third within "
                    "two months."),
            (std::vector<std::string>{"I rewrote the whole rota for the summer season",
                                      "overtime fell by a third within two months."}));
}

TEST(SplitClauses, KeepsListsShortOpenersAndShortClausesWhole) {
  for (const char* whole : {"In 2021, we moved the whole payments platform to a new cloud provider in six weeks.",
                            "I used Go, Rust, Python and a little C to build the new ingestion service.",
                            "I added an index, which cut p99 latency by 80% on the busiest endpoint.",
                            "No boundary at all in this rather long sentence about a migration we did"})
    EXPECT_EQ(Clauses(whole), std::vector<std::string>{whole}) << whole;
  // The minimum applies to both sides, and a smaller one splits more.
  EXPECT_EQ(Clauses("I added an index, which cut p99 latency by 80% on the busiest endpoint.", 3).size(), 2u);
}

TEST(SplitClauses, SpansCoverTheSentenceInOrderOnOddInput) {
  const std::string inputs[] = {"",
                                ",,,,,,",
                                std::string(5000, ','),
                                "a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p",
                                "one two three four five six seven, - \xE2\x80\x94 \xE2\x80\x93 ; : eight nine "
                                "ten eleven twelve thirteen fourteen",
                                std::string("\xFF\xFE\xFD, \xC3\x28 invalid \xE2\x80 bytes, more more more more "
                                            "more more more more, \xF0\x9F\x98\x80 end"),
                                "trailing dash and words one two three four five six seven eight -",
                                std::string(20000, 'w') + ", " + std::string(20000, 'x')};
  for (const std::string& text : inputs) {
    const Span all{0, static_cast<std::uint32_t>(text.size())};
    for (int min_words : {0, 1, 7}) {
      const std::vector<Span> spans = SplitClauses(text, all, min_words);
      ASSERT_FALSE(spans.empty());
      EXPECT_EQ(spans.front().start, 0u);
      EXPECT_EQ(spans.back().end, text.size());
      for (std::size_t i = 0; i < spans.size(); ++i) {
        EXPECT_LE(spans[i].start, spans[i].end);
        if (i > 0) {
          EXPECT_LE(spans[i - 1].end, spans[i].start) << "overlap";
          EXPECT_GT(spans[i].start, spans[i - 1].start) << "no progress";
        }
      }
    }
  }
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
