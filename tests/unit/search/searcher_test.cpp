// SPDX-License-Identifier: Apache-2.0
// The search service: request parameters, cursors, typo expansion from the store's vocabulary,
// "did you mean" and suggestions, on every store backend (tests/unit/test_store.h).

#include "search/service/searcher.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "../sample_pack.h"
#include "../test_store.h"

namespace starprep::search {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

constexpr const char* kNow = "2026-11-29T12:00:00Z";

Result<SearchRequest> FromParams(const std::map<std::string, std::string>& params) {
  return ParseSearchRequest([&](const char* name) -> std::optional<std::string> {
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
  });
}

TEST(SearchRequestParams, ReadsEveryParameter) {
  auto r = FromParams({{"q", "kafka"},
                       {"type", "job"},
                       {"role", "backend"},
                       {"kind", ""},
                       {"remote", "hybrid"},
                       {"limit", "5"},
                       {"cursor", "10"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "kafka");
  EXPECT_EQ(r->filter.type, "job");
  EXPECT_EQ(r->filter.role, "backend");
  EXPECT_EQ(r->filter.kind, "");
  EXPECT_EQ(r->filter.remote, "hybrid");
  EXPECT_EQ(r->limit, 5);
  EXPECT_EQ(r->offset, 10);
  auto defaults = FromParams({{"q", ""}});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->limit, kDefaultLimit);
  EXPECT_EQ(defaults->offset, 0);
}

TEST(SearchRequestParams, RefusesBadOnesByName) {
  const std::map<std::string, std::string> bad[] = {
      {},
      {{"q", std::string(kMaxQueryBytes + 1, 'a')}},
      {{"q", "\xff"}},
      {{"q", "x"}, {"type", "page"}},
      {{"q", "x"}, {"remote", "onsite"}},
      {{"q", "x"}, {"limit", "0"}},
      {{"q", "x"}, {"limit", "101"}},
      {{"q", "x"}, {"limit", "1e3"}},
      {{"q", "x"}, {"cursor", "-1"}},
      {{"q", "x"}, {"cursor", "10001"}},
      {{"q", "x"}, {"role", std::string(101, 'r')}},
  };
  for (const auto& params : bad) {
    auto r = FromParams(params);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("Query parameter \""), std::string::npos) << r.error().message;
  }
}

TEST(SearchCursor, PointsToTheNextPageUntilTheLast) {
  EXPECT_EQ(NextCursor(0, 20, 45), "20");
  EXPECT_EQ(NextCursor(40, 20, 45), "");
  EXPECT_EQ(NextCursor(0, 20, 20), "");
  EXPECT_EQ(NextCursor(kMaxOffset - 10, 20, 1'000'000), "");
}

class SearcherTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    ASSERT_TRUE((*db_)->ReplaceContent(starprep::testing::SamplePack()).ok());
  }
  SearchResult Run(const std::string& text, store::SearchFilter filter = {}) {
    auto r = searcher().Search({text, std::move(filter), 20, 0}, kNow);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : SearchResult{};
  }
  Searcher& searcher() {
    if (!searcher_) searcher_.emplace(**db_);
    return *searcher_;
  }
  std::unique_ptr<TestStore> db_;
  std::optional<Searcher> searcher_;
};

TEST_P(SearcherTest, TyposAreForgivenAndRankedBelowExactMatches) {
  const SearchResult r = Run("outgae ");  // "outage": one transposition in six letters
  ASSERT_EQ(r.page.total, 1);
  EXPECT_EQ(r.page.hits[0].id, "be-outage");
  EXPECT_FALSE(r.page.hits[0].exact);
  EXPECT_EQ(r.query, "outgae");
  EXPECT_TRUE(r.did_you_mean.empty());
  const SearchResult exact = Run("outage");
  ASSERT_EQ(exact.page.total, 1);
  EXPECT_TRUE(exact.page.hits[0].exact);
}

TEST_P(SearcherTest, DidYouMeanWhenNothingIsFound) {
  const SearchResult r = Run("lgos ");  // four letters: no typo allowed, so nothing...
  EXPECT_EQ(r.page.total, 0);
  EXPECT_EQ(r.did_you_mean, "logs");  // ...but a correction that finds something
  EXPECT_TRUE(Run("qqqqzzzz").did_you_mean.empty());
  EXPECT_TRUE(Run("\"").did_you_mean.empty());
  EXPECT_EQ(Run("\"").page.total, 0);
}

TEST_P(SearcherTest, SuggestCompletesTheLastWord) {
  auto s = searcher().Suggest("production outa", kNow);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_FALSE(s->completions.empty());
  EXPECT_EQ(s->completions[0].text, "production outage");
  ASSERT_EQ(s->hits.size(), 1U);
  EXPECT_EQ(s->hits[0].id, "be-outage");
  auto none = searcher().Suggest("", kNow);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->completions.empty());
  EXPECT_TRUE(none->hits.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, SearcherTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

}  // namespace
}  // namespace starprep::search
