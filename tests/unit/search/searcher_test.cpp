// SPDX-License-Identifier: Apache-2.0
// The search service: request parameters, cursors, typo expansion from the store's vocabulary,
// "did you mean" and suggestions, on every store backend (tests/unit/test_store.h).

#include "search/service/searcher.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
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

jobs::Job MakeJob(const std::string& id, const std::string& title, const std::string& valid_through = "") {
  jobs::Job j;
  j.title = title;
  j.company_name = "Acme";
  j.description_md = "You will keep " + title + " running.";
  j.apply_url = "https://acme.example/" + id;
  j.date_posted = "2026-11-20";
  j.valid_through = valid_through;
  j.source = "test";
  j.source_id = id;
  j.employment_type = "FULL_TIME";
  j.remote = jobs::RemotePolicy::kRemote;
  return j;
}

TEST_P(SearcherTest, VocabularyAndAnswersFollowEveryWrite) {
  auto empty = searcher().CurrentVocabulary(kNow);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_FALSE((*empty)->Contains("zeppelin"));
  EXPECT_EQ(Run("zeppelni ").page.total, 0);  // a typo of a word nobody wrote yet
  EXPECT_EQ(Run("zeppelin ").page.total, 0);

  auto added = (*db_)->UpsertJobs({MakeJob("z", "Zeppelin Mechanic")}, {});
  ASSERT_TRUE(added.ok()) << added.error().message;
  auto rebuilt = searcher().CurrentVocabulary(kNow);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_TRUE((*rebuilt)->Contains("zeppelin"));
  EXPECT_NE(rebuilt->get(), empty->get());
  EXPECT_EQ(Run("zeppelin ").page.total, 1);  // the cached "nothing" is not reused
  const SearchResult typo = Run("zeppelni ");
  ASSERT_EQ(typo.page.total, 1);
  EXPECT_FALSE(typo.page.hits[0].exact);
  auto again = searcher().CurrentVocabulary(kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), rebuilt->get());  // same index version: the same vocabulary

  ASSERT_TRUE((*db_)->DeleteJob(added->ids.front()).ok());
  EXPECT_EQ(Run("zeppelin ").page.total, 0);
}

TEST_P(SearcherTest, AnExpiredPostingIsNotServedFromTheCache) {
  ASSERT_TRUE((*db_)->UpsertJobs({MakeJob("a", "Airship Rigger", "2026-11-30T00:00:00Z")}, {}).ok());
  auto before = searcher().Search({"airship ", {}, 20, 0}, "2026-11-29T12:00:00Z");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->page.total, 1);
  auto same = searcher().Search({"airship ", {}, 20, 0}, "2026-11-29T13:00:00Z");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->page.total, 1);
  auto after = searcher().Search({"airship ", {}, 20, 0}, "2026-11-30T00:00:01Z");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->page.total, 0);
  auto suggest = searcher().Suggest("airsh", "2026-11-30T00:00:01Z");
  ASSERT_TRUE(suggest.ok());
  EXPECT_TRUE(suggest->hits.empty());
}

TEST_P(SearcherTest, FewMatchesAddThoseMatchingAllWordsButOne) {
  const SearchResult r = Run("production outage interfaces ");
  ASSERT_GE(r.page.total, 1);  // nothing holds all three words: the outage question holds two
  EXPECT_EQ(r.page.hits[0].id, "be-outage");
  EXPECT_TRUE(Run("qqqzzzx xxxqqqz ").page.hits.empty());
  EXPECT_TRUE(Run("outage production qqqzzzx ").page.hits.empty());  // a word the index has in no form
  const SearchResult single = Run("qqqzzzx ");
  EXPECT_EQ(single.page.total, 0);
}

TEST_P(SearcherTest, ACompoundFindsItsHyphenatedSpelling) {
  ASSERT_TRUE((*db_)->UpsertJobs({MakeJob("f", "Front-end Wrangler")}, {}).ok());
  const SearchResult r = Run("frontend wrangler ");
  ASSERT_GE(r.page.total, 1);
  EXPECT_EQ(r.page.hits[0].title, "Front-end Wrangler");
  EXPECT_TRUE(r.page.hits[0].exact);
}

TEST_P(SearcherTest, AHyphenatedWordFindsItsJoinedSpelling) {
  ASSERT_TRUE((*db_)->UpsertJobs({MakeJob("f", "Frontend Wrangler")}, {}).ok());
  for (const char* text :
       {"front-end wrangler ", "wrangler front-end ", "wrangler front-e", "Front\u2011End wrangler "}) {
    const SearchResult r = Run(text);
    ASSERT_GE(r.page.total, 1) << text;
    EXPECT_EQ(r.page.hits[0].title, "Frontend Wrangler") << text;
    EXPECT_TRUE(r.page.hits[0].exact) << text;
    EXPECT_EQ(r.page.facets.type, (std::map<std::string, int>{{"job", 1}})) << text;  // what matches every word
  }
  // The parts as written still match: the role "Front-end Developer".
  const SearchResult role = Run("front-end developer ");
  ASSERT_GE(role.page.total, 1);
  EXPECT_EQ(role.page.hits[0].id, "frontend");
  EXPECT_TRUE(Run("end-front wrangler ").page.facets.type.empty());  // the parts in their order only
}

TEST_P(SearcherTest, LocationWordsAreRequiredOfJobsOnly) {
  jobs::Job hybrid = MakeJob("h", "Back-end Developer, Billing");
  hybrid.remote = jobs::RemotePolicy::kHybrid;
  hybrid.offices = {{"Porto", "", "Portugal"}};
  ASSERT_TRUE((*db_)->UpsertJobs({MakeJob("r", "Back-end Developer, Payments"), hybrid}, {}).ok());
  // The documents matching every word (the facets count them; near matches may follow on the
  // page): the role page, which says nothing about remote work, and the job of that policy.
  const auto full = [&](const std::string& text) {
    const SearchResult r = Run(text);
    std::set<std::string> titles;
    const auto n = static_cast<std::size_t>(std::min<int>(2, static_cast<int>(r.page.hits.size())));
    for (std::size_t i = 0; i < n; ++i) titles.insert(r.page.hits[i].type + ":" + r.page.hits[i].title);
    EXPECT_EQ(r.page.facets.type, (std::map<std::string, int>{{"job", 1}, {"role", 1}})) << text;
    return titles;
  };
  EXPECT_EQ(full("remote back-end developer "),
            (std::set<std::string>{"role:Back-end Developer", "job:Back-end Developer, Payments"}));
  EXPECT_EQ(full("back-end developer hybrid "),
            (std::set<std::string>{"role:Back-end Developer", "job:Back-end Developer, Billing"}));
  // Alone, the word is the word: the remote job only.
  const SearchResult alone = Run("remote ");
  ASSERT_EQ(alone.page.total, 1);
  EXPECT_EQ(alone.page.hits[0].title, "Back-end Developer, Payments");
}

INSTANTIATE_TEST_SUITE_P(Backends, SearcherTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

}  // namespace
}  // namespace starprep::search
