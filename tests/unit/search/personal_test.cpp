// SPDX-License-Identifier: Apache-2.0
// Personal search in memory (search/personal.h): words as Parse folds them, every clause must
// match, plurals, prefixes, phrases, typos ranked below exact matches, snippets around the match.

#include "search/personal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace starprep::search {
namespace {

std::string Plain(const std::vector<SnippetPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.match ? "[" + p.text + "]" : p.text;
  return out;
}

TEST(SearchWords, FoldsLikeParseAndKeepsTheirPlaces) {
  const std::string text = "Café  ROLL-out, v2!";
  const auto words = Words(text);
  ASSERT_EQ(words.size(), 4U);
  EXPECT_EQ(words[0].word, "cafe");
  EXPECT_EQ(text.substr(words[0].begin, words[0].end - words[0].begin), "Café");
  EXPECT_EQ(words[1].word, "roll");
  EXPECT_EQ(words[2].word, "out");
  EXPECT_EQ(words[3].word, "v2");
  EXPECT_EQ(words[3].end, text.size() - 1);
  EXPECT_TRUE(Words("").empty());
  EXPECT_EQ(Words("\xff"
                  "ab\xc3")
                .size(),
            1U);  // invalid bytes separate words
}

class PersonalSearch : public ::testing::Test {
 protected:
  std::vector<PersonalDoc> docs_{
      {"story", "1", "The checkout race condition", "Checkout failed at random under load. I fixed the lock ordering."},
      {"attempt", "2", "Tell me about a time you debugged a complex issue in production.",
       "Our payment service dropped requests. I added tracing and found the race in the retry queue."},
      {"story", "3", "Migrating the billing database", "We moved billing to PostgreSQL without downtime."},
  };
  std::vector<PersonalHit> Find(const std::string& text, std::size_t limit = 10) {
    return SearchPersonal(Parse(text), docs_, limit);
  }
};

TEST_F(PersonalSearch, EveryClauseMustMatchAndTitlesWeighMore) {
  auto hits = Find("race ");
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].doc, 0U);  // in the title: 3 points
  EXPECT_EQ(hits[0].score, 3.0);
  EXPECT_EQ(hits[1].doc, 1U);  // in the text: 1
  EXPECT_TRUE(Find("race billing ").empty());
  EXPECT_TRUE(Find("").empty());
  EXPECT_TRUE(Find("\"").empty());
  ASSERT_EQ(Find("race", 1).size(), 1U);
}

TEST_F(PersonalSearch, PluralsPrefixesAndPhrases) {
  ASSERT_EQ(Find("requests ").size(), 1U);
  ASSERT_EQ(Find("request ").size(), 1U);  // "requests" in the text
  ASSERT_EQ(Find("postg").size(), 1U);     // the last word as a prefix
  EXPECT_TRUE(Find("postg ").empty());     // a finished word is whole
  ASSERT_EQ(Find("\"lock ordering\"").size(), 1U);
  EXPECT_TRUE(Find("\"ordering lock\"").empty());
}

TEST_F(PersonalSearch, TyposMatchLongWordsAndRankBelowExactOnes) {
  docs_.push_back({"story", "4", "Tracing a slow checkout", "A checkuot page was slow."});
  auto hits = Find("checkuot ");  // 8 letters: one typo allowed
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].doc, 3U);  // the exact "checkuot" first
  EXPECT_TRUE(hits[0].exact);
  EXPECT_EQ(hits[1].doc, 0U);
  EXPECT_FALSE(hits[1].exact);
  EXPECT_TRUE(Find("lokc ").empty());  // four letters: no typo allowed
}

TEST_F(PersonalSearch, SnippetsMarkTheMatchesInTheText) {
  auto hits = Find("tracing race ");
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(Plain(hits[0].snippet),
            "Our payment service dropped requests. I added [tracing] and found the [race] in the retry queue.");
  docs_[2].text = std::string(40, 'x') + " " + std::string(200, ' ');
  for (int i = 0; i < 60; ++i) docs_[2].text += "word" + std::to_string(i) + " ";
  docs_[2].text += "needle and more words after it to cut";
  for (int i = 0; i < 60; ++i) docs_[2].text += " tail" + std::to_string(i);
  hits = Find("needle ");
  ASSERT_EQ(hits.size(), 1U);
  const std::string s = Plain(hits[0].snippet);
  EXPECT_TRUE(s.starts_with("\xE2\x80\xA6")) << s;
  EXPECT_TRUE(s.ends_with("\xE2\x80\xA6")) << s;
  EXPECT_NE(s.find("[needle]"), std::string::npos) << s;
}

TEST_F(PersonalSearch, HyphenatedWordsMatchTheirPartsOrOneWord) {
  docs_.push_back({"story", "4", "Rebuilding the frontend", "The front-end team shipped a new checkout."});
  docs_.push_back({"story", "5", "Email outage", "Our e-mail provider went down."});
  auto hits = Find("front-end ");
  ASSERT_EQ(hits.size(), 1U);  // "frontend" in the title, "front-end" in the text
  EXPECT_TRUE(hits[0].exact);
  EXPECT_EQ(Plain(hits[0].snippet), "The [front]-[end] team shipped a new checkout.");
  ASSERT_EQ(Find("e-mail ").size(), 1U);      // "e-mail" in the text
  ASSERT_EQ(Find("e-mai").size(), 1U);        // typing: the last part is a prefix
  ASSERT_EQ(Find("front-ends ").size(), 1U);  // plurals as anywhere
  EXPECT_TRUE(Find("end-front ").empty());
}

TEST_F(PersonalSearch, LocationWordsAreNotRequiredOfStories) {
  ASSERT_EQ(Find("remote billing ").size(), 1U);  // a story is no job: "remote" may be missing
  EXPECT_TRUE(Find("remote ").empty());           // alone it is the word itself
  docs_.push_back({"story", "4", "Remote billing", "Billing, remotely."});
  auto hits = Find("remote billing ");
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].doc, 3U);  // the one that has the word ranks first
}

}  // namespace
}  // namespace starprep::search
