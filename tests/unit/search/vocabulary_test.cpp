// SPDX-License-Identifier: Apache-2.0
// The in-memory vocabulary (search/vocabulary.h): lookups equal to what a store's vocabulary
// query returns, typo candidates within Meilisearch's bounds (exact below 5 characters, one typo
// from 5, two from 9), prefix completions, an empty vocabulary, and hostile words.

#include "search/vocabulary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace starprep::search {
namespace {

Vocabulary Sample() {
  return Vocabulary({{"kafka", 40},
                     {"kafkaesque", 1},
                     {"karma", 3},
                     {"kotlin", 12},
                     {"postgres", 20},
                     {"postgresql", 25},
                     {"posters", 2},
                     {"infrastructure", 9},
                     {"infrastructures", 1},
                     {"cat", 5},
                     {"cart", 4},
                     {"caché", 2},
                     {"kafka", 99}});  // a duplicate keeps its first entry
}

std::vector<std::string> Terms(const std::vector<VocabularyEntry>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(e.term);
  return out;
}

TEST(Vocabulary, LookupOrdersByDocumentsThenBytesWithinBounds) {
  const Vocabulary v = Sample();
  EXPECT_EQ(v.size(), 12U);
  EXPECT_EQ(Terms(v.Lookup("k", 0, 0, 10)), (std::vector<std::string>{"kafka", "kotlin", "karma", "kafkaesque"}));
  EXPECT_EQ(Terms(v.Lookup("k", 0, 0, 2)), (std::vector<std::string>{"kafka", "kotlin"}));
  EXPECT_EQ(Terms(v.Lookup("k", 5, 6, 10)), (std::vector<std::string>{"kafka", "kotlin", "karma"}));
  EXPECT_EQ(Terms(v.Lookup("ka", 5, 5, 10)), (std::vector<std::string>{"kafka", "karma"}));
  EXPECT_EQ(v.Lookup("kafka", 0, 0, 10).front().docs, 40);
  EXPECT_EQ(Terms(v.Lookup("c", 4, 5, 10)), (std::vector<std::string>{"cart", "caché"}));  // é is one character
  EXPECT_TRUE(v.Lookup("z", 0, 0, 10).empty());
  EXPECT_TRUE(v.Lookup("k", 0, 0, 0).empty());
  EXPECT_EQ(v.Lookup("", 0, 0, 100).size(), 12U);
}

TEST(Vocabulary, CompletesAPrefixWithOtherWordsMostFrequentFirst) {
  const Vocabulary v = Sample();
  EXPECT_EQ(v.Completions("post", 8), (std::vector<std::string>{"postgresql", "postgres", "posters"}));
  EXPECT_EQ(v.Completions("postgres", 8), (std::vector<std::string>{"postgresql"}));  // never the word itself
  EXPECT_EQ(v.Completions("post", 1), (std::vector<std::string>{"postgresql"}));
  EXPECT_TRUE(v.Completions("xyz", 8).empty());
}

TEST(Vocabulary, TyposFollowTheLengthBounds) {
  const Vocabulary v = Sample();
  EXPECT_TRUE(v.Typos("kafk", 2000, 8).empty());                              // 4 characters: exact only
  EXPECT_EQ(v.Typos("kafak", 2000, 8), (std::vector<std::string>{"kafka"}));  // 5: one typo (transposition)
  EXPECT_TRUE(v.Typos("kbfbk", 2000, 8).empty());                             // two typos are too many
  EXPECT_EQ(v.Typos("postgers", 2000, 8), (std::vector<std::string>{"postgres", "posters"}));
  EXPECT_EQ(v.Typos("infrastrcutre", 2000, 8), (std::vector<std::string>{"infrastructure"}));  // 13: two
  EXPECT_EQ(v.Typos("infrstrctre", 2000, 8), (std::vector<std::string>{}));                    // three typos: none
  EXPECT_TRUE(v.Typos("kafka", 2000, 8).empty());                            // itself is never a candidate
  EXPECT_EQ(v.Typos("cta", 2000, 8, 1), (std::vector<std::string>{"cat"}));  // "did you mean" looks further
}

TEST(Vocabulary, AnswersLikeTheSliceItReplaces) {
  const Vocabulary v = Sample();
  const std::vector<VocabularyEntry> all = v.Lookup("", 0, 0, 100);
  for (const char* word : {"kafak", "postgers", "infrastrcutre", "karmaa", "kotlni"}) {
    const VocabularySlice slice = SliceFor(word);
    EXPECT_EQ(v.Typos(word, 2000, 8), TypoCandidates(word, all)) << word;
    EXPECT_EQ(v.Typos(word, 1, 8), TypoCandidates(word, v.Lookup(slice.first, slice.min_length, slice.max_length, 1)))
        << word;
  }
  EXPECT_TRUE(v.KnownInSlice("kafka", 2000, 1));
  EXPECT_FALSE(v.KnownInSlice("kafak", 2000, 1));
  EXPECT_FALSE(v.KnownInSlice("kafka", 0, 1));
}

TEST(Vocabulary, SplitsACompoundIntoTwoKnownWords) {
  const Vocabulary v({{"front", 3}, {"end", 9}, {"fronte", 1}, {"nd", 4}, {"back", 2}, {"frontend", 1}});
  EXPECT_TRUE(v.Contains("front"));
  EXPECT_FALSE(v.Contains("fron"));
  EXPECT_EQ(v.Splits("frontend", 4), (std::vector<std::vector<std::string>>{{"front", "end"}}));  // not "fronte nd"
  EXPECT_EQ(v.Splits("backend", 4), (std::vector<std::vector<std::string>>{{"back", "end"}}));
  EXPECT_TRUE(v.Splits("backend", 0).empty());
  EXPECT_TRUE(v.Splits("endend", 4).size() == 1U);
  EXPECT_TRUE(v.Splits("frontendx", 4).empty());
  EXPECT_TRUE(v.Splits("front-end", 4).empty());  // only letters and digits
  EXPECT_TRUE(v.Splits("\xff\xfe\xfd\xfc\xfb\xfa", 4).empty());
  EXPECT_TRUE(v.Splits(std::string(100000, 'a'), 4).empty());
}

TEST(Vocabulary, EmptyAndHostileWordsAreHarmless) {
  const Vocabulary empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(empty.Lookup("", 0, 0, 10).empty());
  EXPECT_TRUE(empty.Completions("a", 8).empty());
  EXPECT_TRUE(empty.Typos("kafkaa", 2000, 8).empty());
  EXPECT_GT(empty.MemoryBytes(), 0U);

  const Vocabulary v({{"\xff\xfe", 1}, {"", 2}, {std::string(1000, 'a'), 1}, {"kafka", 3}});
  EXPECT_EQ(v.size(), 4U);
  const std::string huge(100000, 'k');
  EXPECT_TRUE(v.Typos(huge, 2000, 8).empty());
  EXPECT_TRUE(v.Completions(huge, 8).empty());
  EXPECT_EQ(v.Typos("\xff\xfe\xfd\xfc\xfb", 2000, 8).size(), 0U);  // invalid UTF-8: no crash, no candidate
  EXPECT_EQ(v.Completions("\xff", 8), (std::vector<std::string>{"\xff\xfe"}));
  EXPECT_EQ(v.Typos("kafak", 2000, 8), (std::vector<std::string>{"kafka"}));
  EXPECT_GT(v.MemoryBytes(), 1000U);  // the long word's bytes count
}

}  // namespace
}  // namespace starprep::search
