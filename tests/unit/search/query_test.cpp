// SPDX-License-Identifier: Apache-2.0
#include "search/query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/html.h"

namespace starprep::search {
namespace {

std::vector<std::vector<std::string>> Words(const Query& q) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : q.clauses) out.push_back(c.words);
  return out;
}

TEST(SearchParse, LowerCasesFoldsAndSplits) {
  const Query q = Parse("Kafka, Café-Résumé  ÉTÉ");
  EXPECT_EQ(Words(q), (std::vector<std::vector<std::string>>{{"kafka"}, {"cafe"}, {"resume"}, {"ete"}}));
  EXPECT_TRUE(q.clauses.back().prefix);
  EXPECT_FALSE(q.clauses.front().prefix);
}

TEST(SearchParse, LastWordIsAPrefixOnlyWhileTyping) {
  EXPECT_TRUE(Parse("cach").clauses.back().prefix);
  EXPECT_FALSE(Parse("cach ").clauses.back().prefix);
  EXPECT_FALSE(Parse("cach.").clauses.back().prefix);
  EXPECT_FALSE(Parse("\"load balancer\"").clauses.back().prefix);
}

TEST(SearchParse, QuotesMakePhrases) {
  const Query q = Parse("jobs \"Load  Balancer\" x");
  ASSERT_EQ(q.clauses.size(), 3U);
  EXPECT_TRUE(q.clauses[1].phrase);
  EXPECT_EQ(q.clauses[1].words, (std::vector<std::string>{"load", "balancer"}));
  EXPECT_FALSE(q.clauses[0].phrase);
  // An unclosed quote runs to the end; a one-word phrase is a plain word (not a prefix).
  const Query open = Parse("\"zero downtime");
  ASSERT_EQ(open.clauses.size(), 1U);
  EXPECT_TRUE(open.clauses[0].phrase);
  const Query one = Parse("\"kafka\"");
  ASSERT_EQ(one.clauses.size(), 1U);
  EXPECT_FALSE(one.clauses[0].phrase);
  EXPECT_FALSE(one.clauses[0].prefix);
}

TEST(SearchParse, OperatorsAreNeutralised) {
  for (const char* text : {"\"", "*", "NEAR(", "-", "AND", "OR NOT", "a:b", "^x", "(((", "'", "\\", "col:* + -"}) {
    const Query q = Parse(text);
    for (const auto& c : q.clauses)
      for (const auto& w : c.words) {
        ASSERT_FALSE(w.empty()) << text;
        for (char ch : w) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) << text << " gave " << w;
      }
  }
  EXPECT_TRUE(Parse("\"").empty());
  EXPECT_TRUE(Parse("*").empty());
  EXPECT_TRUE(Parse("-").empty());
  EXPECT_EQ(Words(Parse("NEAR(")), (std::vector<std::vector<std::string>>{{"near"}}));
  EXPECT_EQ(Words(Parse("AND")), (std::vector<std::vector<std::string>>{{"and"}}));
}

TEST(SearchParse, WorstInputsStayBounded) {
  EXPECT_TRUE(Parse("").empty());
  const Query big = Parse(std::string(100 * 1024, 'a'));
  ASSERT_EQ(big.clauses.size(), 1U);
  EXPECT_EQ(big.clauses[0].words[0].size(), kMaxWordBytes);
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "word" + std::to_string(i) + " ";
  EXPECT_EQ(Parse(many).clauses.size(), kMaxClauses);
  const Query invalid = Parse(
      "ab\xff\xfe"
      "cd\xc3");
  EXPECT_EQ(Words(invalid), (std::vector<std::vector<std::string>>{{"ab"}, {"cd"}}));
  std::string phrase = "\"";
  for (int i = 0; i < 50; ++i) phrase += "w ";
  EXPECT_EQ(Parse(phrase).clauses[0].words.size(), kMaxPhraseWords);
}

TEST(SearchParse, KeepsNonAsciiLettersAndCutsAtCodePoints) {
  const Query q = Parse("Straße — 東京");
  EXPECT_EQ(Words(q), (std::vector<std::vector<std::string>>{{"stra\xC3\x9F"
                                                              "e"},
                                                             {"東京"}}));
  std::string long_word;
  for (int i = 0; i < 40; ++i) long_word += "é";  // folds to "e"
  EXPECT_EQ(Parse(long_word).clauses[0].words[0], std::string(40, 'e'));
  std::string cjk;
  for (int i = 0; i < 40; ++i) cjk += "東";
  const std::string cut = Parse(cjk).clauses[0].words[0];
  EXPECT_LE(cut.size(), kMaxWordBytes);
  EXPECT_TRUE(html::IsValidUtf8(cut));
}

TEST(SearchParse, ToTextRoundTrips) {
  const Query q = Parse("kafka \"load balancer\" cach");
  EXPECT_EQ(ToText(q), "kafka \"load balancer\" cach");
  EXPECT_EQ(Parse(ToText(q)), q);
}

TEST(SearchSyntax, QuotesEveryWord) {
  Query q = Parse("kafka \"load balancer\" cach");
  q.clauses[0].typos = {"kafke"};
  q.clauses[2].completions = {"caching", "cache"};
  q.clauses[2].typos = {"each"};
  EXPECT_EQ(Fts5Expression(q, false), "\"kafka\" AND \"load balancer\" AND (\"cach\"* OR \"caching\" OR \"cache\")");
  EXPECT_EQ(Fts5Expression(q, true),
            "(\"kafka\" OR \"kafke\") AND \"load balancer\" AND (\"cach\"* OR \"caching\" OR \"cache\" OR \"each\")");
  EXPECT_EQ(TsQueryExpression(q, false), "'kafka' & ('load' <-> 'balancer') & ('cach':* | 'caching' | 'cache')");
  EXPECT_TRUE(HasTypos(q));
  EXPECT_FALSE(HasTypos(Parse("kafka")));
  EXPECT_EQ(Fts5Expression(Parse("NEAR( AND \""), true), "\"near\" AND \"and\"");
  EXPECT_EQ(Fts5Expression(Parse("\""), true), "");
  // Alternatives from elsewhere (the vocabulary) lose quotes; empty ones are dropped.
  Query odd = Parse("word ");
  odd.clauses[0].typos = {"it's", "\"", "a\\b"};
  EXPECT_EQ(Fts5Expression(odd, true), "(\"word\" OR \"its\" OR \"ab\")");
  EXPECT_EQ(TsQueryExpression(odd, true), "('word' | 'its' | 'ab')");
}

TEST(SearchTypos, AllowedTyposFollowWordLength) {
  EXPECT_EQ(AllowedTypos(4), 0);
  EXPECT_EQ(AllowedTypos(5), 1);
  EXPECT_EQ(AllowedTypos(8), 1);
  EXPECT_EQ(AllowedTypos(9), 2);
}

TEST(SearchTypos, BoundedDistance) {
  EXPECT_EQ(BoundedDistance("kafka", "kafka", 1), 0);
  EXPECT_EQ(BoundedDistance("kafak", "kafka", 1), 1);  // transposition
  EXPECT_EQ(BoundedDistance("kafk", "kafka", 1), 1);
  EXPECT_EQ(BoundedDistance("cafka", "kafka", 1), 1);
  EXPECT_EQ(BoundedDistance("kubernetes", "kubernetis", 2), 1);
  EXPECT_EQ(BoundedDistance("abcdef", "azcdxf", 1), 2);  // max + 1 when above
  EXPECT_EQ(BoundedDistance("abc", "abcdefgh", 2), 3);
  EXPECT_EQ(BoundedDistance("résumé", "resume", 2), 2);  // code points, not bytes
  EXPECT_EQ(BoundedDistance("", "ab", 2), 2);
}

TEST(SearchTypos, CandidatesRankedByDistanceThenFrequency) {
  const std::vector<VocabularyEntry> vocab = {
      {"caching", 40}, {"cachinf", 1},  {"catching", 5}, {"coaching", 9},
      {"cashing", 2},  {"caching", 40}, {"kaching", 99}, {"cache", 50},
  };
  // "cahcing": 7 letters, one typo allowed; "caching" is a transposition away.
  EXPECT_EQ(TypoCandidates("cahcing", vocab), (std::vector<std::string>{"caching"}));
  // "cachng" → caching (1); "cashing"? distance 2; "kaching" has another first letter.
  EXPECT_EQ(TypoCandidates("cachng", vocab), (std::vector<std::string>{"caching"}));
  // Ties on distance: more documents first.
  EXPECT_EQ(TypoCandidates("cachino", vocab), (std::vector<std::string>{"caching", "cachinf"}));
  // Short words are exact only; the word itself is never a candidate.
  EXPECT_TRUE(TypoCandidates("cach", vocab).empty());
  EXPECT_TRUE(TypoCandidates("caching", std::vector<VocabularyEntry>{{"caching", 3}}).empty());
  // Nine letters and more: two typos.
  EXPECT_EQ(TypoCandidates("kubrenetis", std::vector<VocabularyEntry>{{"kubernetes", 3}, {"kubectl", 9}}),
            (std::vector<std::string>{"kubernetes"}));
  // The cap.
  std::vector<VocabularyEntry> many;
  for (char c = 'a'; c <= 'z'; ++c) many.push_back({std::string("cachin") + c, 1});
  EXPECT_EQ(TypoCandidates("cachinx", many, 3).size(), 3U);
}

TEST(SearchTypos, SliceBoundsTheVocabulary) {
  const VocabularySlice s = SliceFor("kafkas");
  EXPECT_EQ(s.first, "k");
  EXPECT_EQ(s.min_length, 5);
  EXPECT_EQ(s.max_length, 7);
  EXPECT_TRUE(SliceFor("kafk").first.empty());
  EXPECT_EQ(SliceFor("éxamples").first, "é");
}

TEST(SearchSnippet, SplitsAndEscapes) {
  const auto parts = SplitSnippet(
      "use \x01<b>redis</b>\x02 for \x01"
      "cache\x02"
      "s & more");
  ASSERT_EQ(parts.size(), 5U);
  EXPECT_EQ(parts[1], (SnippetPart{"<b>redis</b>", true}));
  EXPECT_EQ(SnippetHtml(parts), "use <mark>&lt;b&gt;redis&lt;/b&gt;</mark> for <mark>cache</mark>s &amp; more");
  // Stray and unbalanced markers never reach the output.
  EXPECT_EQ(SnippetHtml(SplitSnippet("\x02"
                                     "a\x01\x01"
                                     "b")),
            "a<mark>b</mark>");
  EXPECT_TRUE(SplitSnippet("").empty());
}

}  // namespace
}  // namespace starprep::search
