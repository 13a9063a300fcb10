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
  EXPECT_EQ(Words(q), (std::vector<std::vector<std::string>>{{"kafka"}, {"cafe", "resume"}, {"ete"}}));
  EXPECT_TRUE(q.clauses[1].hyphenated);
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

TEST(SearchParse, HyphensJoinWordsIntoOneClause) {
  const Query q = Parse("Front-End developer");
  ASSERT_EQ(q.clauses.size(), 2U);
  EXPECT_EQ(q.clauses[0].words, (std::vector<std::string>{"front", "end"}));
  EXPECT_TRUE(q.clauses[0].hyphenated);
  EXPECT_TRUE(q.clauses[0].phrase);
  EXPECT_FALSE(q.clauses[0].prefix);
  EXPECT_EQ(Joined(q.clauses[0]), "frontend");
  EXPECT_FALSE(q.clauses[1].hyphenated);
  EXPECT_EQ(Joined(q.clauses[1]), "");
  // Typed last, it is the prefix clause; chains join every part; U+2010 and U+2011 join too.
  const Query typing = Parse("senior front-e");
  EXPECT_TRUE(typing.clauses.back().prefix);
  EXPECT_TRUE(typing.clauses.back().hyphenated);
  EXPECT_EQ(Words(Parse("state-of-the-art")), (std::vector<std::vector<std::string>>{{"state", "of", "the", "art"}}));
  EXPECT_EQ(Words(Parse("e\u2010mail co\u2011founder")),
            (std::vector<std::vector<std::string>>{{"e", "mail"}, {"co", "founder"}}));
  // Inside quotes a hyphen only separates the phrase's words.
  const Query quoted = Parse("\"front-end developer\"");
  ASSERT_EQ(quoted.clauses.size(), 1U);
  EXPECT_FALSE(quoted.clauses[0].hyphenated);
  EXPECT_EQ(quoted.clauses[0].words, (std::vector<std::string>{"front", "end", "developer"}));
  // Dashes and spaced hyphens separate words.
  EXPECT_EQ(Words(Parse("front \u2013 end")), (std::vector<std::vector<std::string>>{{"front"}, {"end"}}));
  EXPECT_EQ(Words(Parse("front - end")), (std::vector<std::vector<std::string>>{{"front"}, {"end"}}));
  // Numbers only: the parts, never a joined number ("2-3" is not "23").
  EXPECT_EQ(Joined(Parse("2-3").clauses[0]), "");
  EXPECT_EQ(Joined(Parse("covid-19").clauses[0]), "covid19");
}

TEST(SearchParse, HyphenWorstInputs) {
  for (const char* text : {"-", "--", "---", " - ", "-\"-\"-"}) EXPECT_TRUE(Parse(text).empty()) << text;
  for (const char* text : {"a-", "-a", "--a", "a--", "-a-"}) {
    const Query q = Parse(text);
    ASSERT_EQ(q.clauses.size(), 1U) << text;
    EXPECT_EQ(q.clauses[0].words, (std::vector<std::string>{"a"})) << text;
    EXPECT_FALSE(q.clauses[0].hyphenated) << text;
  }
  EXPECT_TRUE(Parse("-a").clauses[0].prefix);  // still typing "a"
  EXPECT_FALSE(Parse("a-").clauses[0].prefix);
  EXPECT_EQ(Words(Parse("a--b")), (std::vector<std::vector<std::string>>{{"a"}, {"b"}}));
  EXPECT_EQ(Words(Parse("a-\"b\"")), (std::vector<std::vector<std::string>>{{"a"}, {"b"}}));
  // A 500-byte chain: clauses of kMaxPhraseWords parts, at most kMaxClauses of them.
  std::string chain = "a";
  while (chain.size() < 499) chain += "-a";
  const Query q = Parse(chain);
  ASSERT_EQ(q.clauses.size(), kMaxClauses);
  for (const auto& c : q.clauses) {
    EXPECT_EQ(c.words.size(), kMaxPhraseWords);
    EXPECT_TRUE(c.hyphenated);
  }
  EXPECT_EQ(Parse(ToText(q)), q);
  // Long parts: each cut at kMaxWordBytes; no joined word longer than that.
  const Query longer = Parse(std::string(60, 'x') + "-" + std::string(60, 'y'));
  ASSERT_EQ(longer.clauses.size(), 1U);
  EXPECT_EQ(longer.clauses[0].words,
            (std::vector<std::string>{std::string(kMaxWordBytes, 'x'), std::string(kMaxWordBytes, 'y')}));
  EXPECT_EQ(Joined(longer.clauses[0]), "");
  EXPECT_EQ(Fts5Expression(longer, true),
            "\"" + std::string(kMaxWordBytes, 'x') + " " + std::string(kMaxWordBytes, 'y') + "\"*");
  // Invalid UTF-8 next to a hyphen separates, as anywhere else.
  EXPECT_EQ(Words(Parse("ab\xff-cd")), (std::vector<std::vector<std::string>>{{"ab"}, {"cd"}}));
  EXPECT_EQ(Words(Parse("ab-\xff"
                        "cd")),
            (std::vector<std::vector<std::string>>{{"ab"}, {"cd"}}));
  EXPECT_EQ(Words(Parse("ab-\xc3")), (std::vector<std::vector<std::string>>{{"ab"}}));
  const Query utf8 = Parse("caf\xc3\xa9-cr\xc3\xa8me");
  EXPECT_EQ(Words(utf8), (std::vector<std::vector<std::string>>{{"cafe", "creme"}}));
  EXPECT_EQ(Joined(utf8.clauses[0]), "cafecreme");
}

TEST(SearchParse, HyphenatedToTextRoundTrips) {
  for (const char* text : {"front-end developer", "senior front-e", "e-mail \"load balancer\" on-call x"}) {
    const Query q = Parse(text);
    EXPECT_EQ(ToText(q), text);
    EXPECT_EQ(Parse(ToText(q)), q) << text;
  }
}

TEST(SearchSyntax, HyphenatedWordsAreAPhraseOrOneWord) {
  const Query q = Parse("front-end dev");
  EXPECT_EQ(Fts5Expression(q, true), "(\"front end\" OR \"frontend\") AND \"dev\"");
  EXPECT_EQ(TsQueryExpression(q, true), "(('front' <-> 'end') | 'frontend') & 'dev'");
  const Query typing = Parse("front-e");
  EXPECT_EQ(Fts5Expression(typing, true), "(\"front e\"* OR \"fronte\"*)");
  EXPECT_EQ(TsQueryExpression(typing, true), "(('front' <-> 'e':*) | 'fronte':*)");
  EXPECT_EQ(Fts5Expression(Parse("2-3 years "), true), "\"2 3\" AND \"years\"");
}

TEST(SearchSyntax, LocationWordsAreRequiredOfJobsOnly) {
  const Query q = Parse("remote data engineer ");
  EXPECT_TRUE(IsLocationClause(q.clauses[0]));
  EXPECT_FALSE(IsLocationClause(q.clauses[1]));
  EXPECT_TRUE(LocationForJobsOnly(q));
  EXPECT_EQ(Fts5Expression(q, true),
            "((\"data\" AND \"engineer\") AND (\"remote\")) OR ((\"data\" AND \"engineer\") NOT (\"remote\" OR "
            "\"hybrid\"))");
  EXPECT_EQ(TsQueryExpression(q, true),
            "(('data' & 'engineer') & ('remote')) | (('data' & 'engineer') & !('remote' | 'hybrid'))");
  // Alone, together, in quotes or as part of a hyphenated word, they are plain words.
  for (const char* text : {"remote", "remote hybrid", "\"remote work\"", "remote-first"})
    EXPECT_FALSE(LocationForJobsOnly(Parse(text))) << text;
  EXPECT_EQ(Fts5Expression(Parse("remote "), true), "\"remote\"");
  EXPECT_EQ(Fts5Expression(Parse("hybrid remote "), true), "\"hybrid\" AND \"remote\"");
}

// A prefix clause (the last word, typed without a space after it) is its word and its
// completions: never the backend's prefix operator, whose cost grows with every word of the index
// sharing the prefix (FTS5 merges all their doclists). A hyphenated one keeps the operator.
TEST(SearchSyntax, APrefixIsItsWordAndItsCompletions) {
  Query q = Parse("eng");
  ASSERT_TRUE(q.clauses[0].prefix);
  EXPECT_EQ(Fts5Expression(q, true), "\"eng\"");
  EXPECT_EQ(TsQueryExpression(q, true), "'eng'");
  q.clauses[0].completions = {"engineer", "engineering", "english"};
  q.clauses[0].typos = {"end"};
  EXPECT_EQ(Fts5Expression(q, false), "(\"eng\" OR \"engineer\" OR \"engineering\" OR \"english\")");
  EXPECT_EQ(Fts5Expression(q, true), "(\"eng\" OR \"engineer\" OR \"engineering\" OR \"english\" OR \"end\")");
  EXPECT_EQ(TsQueryExpression(q, false), "('eng' | 'engineer' | 'engineering' | 'english')");
  // When the completions are every word with the prefix, PostgreSQL keeps its operator beside
  // them (it costs no more there); FTS5 does not (it would merge every doclist of the prefix on
  // each statement), and the SQLite store ranks the clause's words as one instead.
  q.clauses[0].all_completions = true;
  EXPECT_EQ(Fts5Expression(q, true), "(\"eng\" OR \"engineer\" OR \"engineering\" OR \"english\" OR \"end\")");
  EXPECT_EQ(TsQueryExpression(q, false), "('eng':* | 'engineer' | 'engineering' | 'english')");
  // Completions of a finished word (not a prefix) are not searched.
  Query done = Parse("eng ");
  done.clauses[0].completions = {"engineer"};
  EXPECT_EQ(Fts5Expression(done, true), "\"eng\"");
  EXPECT_EQ(Fts5Expression(Parse("front-e"), true), "(\"front e\"* OR \"fronte\"*)");
}

TEST(SearchSyntax, QuotesEveryWord) {
  Query q = Parse("kafka \"load balancer\" cach");
  q.clauses[0].typos = {"kafke"};
  q.clauses[2].completions = {"caching", "cache"};
  q.clauses[2].typos = {"each"};
  EXPECT_EQ(Fts5Expression(q, false), "\"kafka\" AND \"load balancer\" AND (\"cach\" OR \"caching\" OR \"cache\")");
  EXPECT_EQ(Fts5Expression(q, true),
            "(\"kafka\" OR \"kafke\") AND \"load balancer\" AND (\"cach\" OR \"caching\" OR \"cache\" OR \"each\")");
  EXPECT_EQ(TsQueryExpression(q, false), "'kafka' & ('load' <-> 'balancer') & ('cach' | 'caching' | 'cache')");
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

// ---- ParseFts5Expression: the structure of what Fts5Expression writes ----

// The quoted phrases of an expression in order, as written (with a trailing `*`).
std::vector<std::string> QuotedPhrases(const std::string& e) {
  std::vector<std::string> out;
  for (std::size_t i = e.find('"'); i != std::string::npos; i = e.find('"', i)) {
    const std::size_t close = e.find('"', i + 1);
    std::size_t end = close + 1;
    if (end < e.size() && e[end] == '*') ++end;
    out.push_back(e.substr(i, end - i));
    i = end;
  }
  return out;
}

TEST(Fts5Tree, ParsesEveryKindOfClauseWithItsPhrasesInOrder) {
  Query q = Parse("remote front-end kafak \"event streams\" frontend eng");
  ASSERT_EQ(q.clauses.size(), 6U);
  q.clauses[2].typos = {"kafka", "katak"};
  q.clauses[4].splits = {{"front", "end"}};
  q.clauses[5].completions = {"engineer", "engine"};
  for (const bool typos : {true, false}) {
    const std::string e = Fts5Expression(q, typos);
    const auto tree = ParseFts5Expression(e);
    ASSERT_TRUE(tree.has_value()) << e;
    EXPECT_EQ(tree->phrases, QuotedPhrases(e)) << e;
    EXPECT_GE(tree->root, 0);
  }
  // The location form, with NOT: (R AND L) OR (R NOT (remote OR hybrid)), R twice.
  const std::string located = Fts5Expression(Parse("remote kafka "), true);
  const auto tree = ParseFts5Expression(located);
  ASSERT_TRUE(tree.has_value()) << located;
  EXPECT_EQ(tree->phrases,
            (std::vector<std::string>{"\"kafka\"", "\"remote\"", "\"kafka\"", "\"remote\"", "\"hybrid\""}));
  EXPECT_EQ(tree->nodes[static_cast<std::size_t>(tree->root)].kind, Fts5Tree::Kind::kOr);
}

TEST(Fts5Tree, NotBindsTighterThanAndWhichBindsTighterThanOr) {
  const auto tree = ParseFts5Expression("\"a\" OR \"b\" AND \"c\" NOT \"d\"*");
  ASSERT_TRUE(tree.has_value());
  EXPECT_EQ(tree->phrases, (std::vector<std::string>{"\"a\"", "\"b\"", "\"c\"", "\"d\"*"}));
  using Kind = Fts5Tree::Kind;
  const auto& n = tree->nodes;
  const auto at = [&](int i) { return n[static_cast<std::size_t>(i)]; };
  const auto root = at(tree->root);  // a OR (b AND (c NOT d))
  ASSERT_EQ(root.kind, Kind::kOr);
  EXPECT_EQ(at(root.left).phrase, 0);
  const auto conj = at(root.right);
  ASSERT_EQ(conj.kind, Kind::kAnd);
  EXPECT_EQ(at(conj.left).phrase, 1);
  const auto negation = at(conj.right);
  ASSERT_EQ(negation.kind, Kind::kNot);
  EXPECT_EQ(at(negation.left).phrase, 2);
  EXPECT_EQ(at(negation.right).phrase, 3);
}

TEST(Fts5Tree, RefusesAnythingElse) {
  for (const char* bad : {"", " ", "a", "\"a", "\"\"", "(\"a\"", "\"a\")", "\"a\" OR", "OR \"a\"", "\"a\" XOR \"b\"",
                          "\"a\" \"b\"", "\"a\" ORX \"b\"", "()", "\"a\"**", "\"a\" AND NOT \"b\""}) {
    EXPECT_FALSE(ParseFts5Expression(bad).has_value()) << bad;
  }
  // Deep nesting is refused, not recursed into (100,000 parentheses), and 32 levels parse.
  EXPECT_FALSE(ParseFts5Expression(std::string(100'000, '(') + "\"a\"" + std::string(100'000, ')')).has_value());
  EXPECT_TRUE(ParseFts5Expression(std::string(32, '(') + "\"a\"" + std::string(32, ')')).has_value());
  EXPECT_FALSE(ParseFts5Expression(std::string(33, '(') + "\"a\"" + std::string(33, ')')).has_value());
  // Invalid UTF-8 and a huge phrase are phrases like any other (the parser only looks for quotes).
  const auto odd = ParseFts5Expression("\"\xff\xfe\" OR \"" + std::string(100'000, 'x') + "\"");
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(odd->phrases.size(), 2U);
}

}  // namespace
}  // namespace starprep::search
