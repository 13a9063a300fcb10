// SPDX-License-Identifier: Apache-2.0
// The SQLite search's in-memory documents (filters, expiry, facet counts) and its bounded
// ranking order (store/sqlite/search_docs.h): pure, no database.

#include "store/sqlite/search_docs.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace starprep::store::sqlite {
namespace {

std::vector<SearchDocRow> Rows() {
  return {
      {-3, "job", "3", "|backend-developer|", "", "||", "remote", "2026-12-31T00:00:00Z"},
      {-2, "job", "2", "|other|", "", "||", "hybrid", "2026-01-01T00:00:00Z"},        // expired at "now" below
      {-1, "job", "1", "|backend-developer|data-engineer|", "", "||", "hybrid", ""},  // never expires
      {1, "role", "backend-developer", "|backend-developer|", "", "||", "", ""},
      {2, "question", "be-q", "|backend-developer|", "technical", "|caching|apis|", "", ""},
  };
}

constexpr const char* kNow = "2026-06-01T00:00:00Z";

std::vector<std::int64_t> Passing(const SearchDocs& docs, const SearchFilter& f, const std::string& now) {
  const auto compiled = docs.Compile(f, now);
  std::vector<std::int64_t> out;
  for (const std::int64_t id : {-3, -2, -1, 1, 2}) {
    const auto pos = docs.Find(id);
    if (pos != SearchDocs::kNone && docs.Passes(pos, compiled)) out.push_back(id);
  }
  return out;
}

TEST(SearchDocs, FindsEveryDocidAndNothingElse) {
  const SearchDocs docs({1, 2}, Rows());
  EXPECT_EQ(docs.size(), 5U);
  for (const std::int64_t id : {-3, -2, -1, 1, 2}) EXPECT_NE(docs.Find(id), SearchDocs::kNone) << id;
  EXPECT_EQ(docs.Find(0), SearchDocs::kNone);
  EXPECT_EQ(docs.Find(-4), SearchDocs::kNone);
  EXPECT_EQ(docs.Find(3), SearchDocs::kNone);
  // A hint at or before the docid finds it; the scan's ascending order passes the previous one.
  EXPECT_EQ(docs.Find(2, docs.Find(1)), docs.Find(2));
  EXPECT_EQ(docs.Ref(docs.Find(-3)), "3");
  EXPECT_EQ(docs.Ref(docs.Find(2)), "be-q");
  EXPECT_EQ(docs.DocType(docs.Find(1)), "role");
  EXPECT_TRUE(docs.IsJob(docs.Find(-1)));
  EXPECT_FALSE(docs.IsJob(docs.Find(1)));
}

TEST(SearchDocs, ExpiredJobsNeverPassAndFiltersCombine) {
  const SearchDocs docs({1, 2}, Rows());
  EXPECT_EQ(Passing(docs, {}, kNow), (std::vector<std::int64_t>{-3, -1, 1, 2}));
  // At the expiry itself a job is still open (valid_through >= now).
  EXPECT_EQ(Passing(docs, {}, "2026-01-01T00:00:00Z"), (std::vector<std::int64_t>{-3, -2, -1, 1, 2}));
  EXPECT_EQ(Passing(docs, {}, "2027-01-01T00:00:00Z"), (std::vector<std::int64_t>{-1, 1, 2}));
  EXPECT_EQ(Passing(docs, {.type = "job"}, kNow), (std::vector<std::int64_t>{-3, -1}));
  EXPECT_EQ(Passing(docs, {.role = "data-engineer"}, kNow), (std::vector<std::int64_t>{-1}));
  EXPECT_EQ(Passing(docs, {.role = "backend-developer", .remote = "hybrid"}, kNow), (std::vector<std::int64_t>{-1}));
  EXPECT_EQ(Passing(docs, {.kind = "technical", .competency = "apis"}, kNow), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(Passing(docs, {.competency = "cach"}, kNow), (std::vector<std::int64_t>{}));  // whole values only
  EXPECT_EQ(Passing(docs, {.role = "nobody"}, kNow), (std::vector<std::int64_t>{}));
}

TEST(SearchDocs, FacetsCountWhatWasTallied) {
  const SearchDocs docs({1, 2}, Rows());
  auto tally = docs.NewTally();
  for (const std::int64_t id : {-3, -1, 1, 2}) docs.Tally(docs.Find(id), tally);
  const SearchFacets f = docs.Facets(tally);
  EXPECT_EQ(f.type, (std::map<std::string, int>{{"job", 2}, {"question", 1}, {"role", 1}}));
  EXPECT_EQ(f.role, (std::map<std::string, int>{{"backend-developer", 4}, {"data-engineer", 1}}));
  EXPECT_EQ(f.kind, (std::map<std::string, int>{{"technical", 1}}));
  EXPECT_EQ(f.competency, (std::map<std::string, int>{{"apis", 1}, {"caching", 1}}));
  EXPECT_EQ(f.remote, (std::map<std::string, int>{{"hybrid", 1}, {"remote", 1}}));
  EXPECT_GT(docs.MemoryBytes(), 5 * sizeof(std::int64_t));
}

TEST(SearchDocsCache, BuildsOncePerStamp) {
  SearchDocsCache cache;
  int builds = 0;
  const auto rows = [&]() -> Result<std::vector<SearchDocRow>> {
    ++builds;
    return Rows();
  };
  auto a = cache.Get({1, 1}, rows);
  auto b = cache.Get({1, 1}, rows);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ(builds, 1);
  auto c = cache.Get({1, 2}, rows);  // a job write
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->get(), c->get());
  EXPECT_EQ(builds, 2);
  auto failed = cache.Get({2, 2}, []() -> Result<std::vector<SearchDocRow>> {
    return Error{ErrorCode::kUnavailable, "busy"};
  });
  EXPECT_FALSE(failed.ok());
}

std::vector<std::pair<std::int64_t, bool>> Order(const SearchOrder& order, std::size_t offset, std::size_t limit,
                                                 const std::map<std::int64_t, double>& scores) {
  std::vector<std::pair<std::int64_t, bool>> out;
  const auto page = order.Page(
      offset, limit, [&](std::int64_t d) { return scores.count(d) > 0 ? scores.at(d) : 0.0; },
      [](std::int64_t d) {
        return std::pair<std::string, std::string>(d < 0 ? "job" : "question", std::to_string(d));
      });
  out.reserve(page.size());
  for (const auto& e : page) out.emplace_back(e.docid, e.exact);
  return out;
}

TEST(SearchOrder, RanksEverythingWhenFewJobsMatch) {
  SearchOrder order(10);
  // Scan order: jobs newest first, then the others.
  EXPECT_TRUE(order.Add(-5, true, true));
  EXPECT_TRUE(order.Add(-4, true, false));
  EXPECT_TRUE(order.Add(-3, true, true));
  EXPECT_TRUE(order.Add(7, false, true));
  EXPECT_EQ(order.size(), 4U);
  EXPECT_EQ(order.Ranked(), (std::vector<std::int64_t>{-5, -4, -3, 7}));
  const std::map<std::int64_t, double> scores{{-5, 1.0}, {-4, 9.0}, {-3, 2.0}, {7, 2.0}};
  // Exact first (even below a typo match's score), then score, then type and ref.
  EXPECT_EQ(Order(order, 0, 10, scores),
            (std::vector<std::pair<std::int64_t, bool>>{{-3, true}, {7, true}, {-5, true}, {-4, false}}));
  EXPECT_EQ(Order(order, 1, 2, scores), (std::vector<std::pair<std::int64_t, bool>>{{7, true}, {-5, true}}));
  EXPECT_EQ(Order(order, 4, 2, scores), (std::vector<std::pair<std::int64_t, bool>>{}));
}

TEST(SearchOrder, RanksOnlyTheNewestJobsThenListsTheRestNewestFirst) {
  SearchOrder order(2);
  EXPECT_TRUE(order.Add(-9, true, true));
  EXPECT_TRUE(order.Add(-8, true, true));
  EXPECT_FALSE(order.Add(-7, true, true));  // past the window: not scored
  EXPECT_TRUE(order.Add(-6, true, false));
  EXPECT_FALSE(order.Add(-5, true, true));
  EXPECT_TRUE(order.Add(3, false, true));  // questions and roles are always ranked
  EXPECT_EQ(order.Ranked(), (std::vector<std::int64_t>{-9, -8, -6, 3}));
  const std::map<std::int64_t, double> scores{{-9, 1.0}, {-8, 5.0}, {-6, 7.0}, {3, 3.0}};
  const std::vector<std::pair<std::int64_t, bool>> all{{-8, true}, {3, true},  {-9, true},
                                                       {-7, true}, {-5, true}, {-6, false}};
  EXPECT_EQ(Order(order, 0, 10, scores), all);
  // Pages cut the same order: no overlap, nothing lost.
  std::vector<std::pair<std::int64_t, bool>> paged;
  for (std::size_t offset = 0; offset < all.size(); offset += 4) {
    const auto page = Order(order, offset, 4, scores);
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(paged, all);
}

// ---- document sets ----

TEST(DocSet, AlgebraAgreesWithOrderedSets) {
  std::mt19937 rng(5);
  for (int round = 0; round < 50; ++round) {
    const std::size_t size = 1 + rng() % 300;
    DocSet a(size), b(size);
    std::set<std::uint32_t> sa, sb;
    for (std::size_t i = 0; i < size; ++i) {
      const auto pos = static_cast<std::uint32_t>(i);
      if (rng() % 3 == 0) a.Add(pos), sa.insert(pos);
      if (rng() % 2 == 0) b.Add(pos), sb.insert(pos);
    }
    a.Add(0), sa.insert(0);  // twice: counted once
    const auto members = [](const DocSet& s) {
      std::vector<std::uint32_t> out;
      s.ForEach([&](std::uint32_t pos) { out.push_back(pos); });
      return out;
    };
    std::vector<std::uint32_t> want;
    std::set_union(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(want));
    EXPECT_EQ(members(DocSet::Union(a, b)), want);
    EXPECT_EQ(DocSet::Union(a, b).count(), want.size());
    want.clear();
    std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(want));
    EXPECT_EQ(members(DocSet::Intersection(a, b)), want);
    EXPECT_EQ(DocSet::Intersection(a, b).count(), want.size());
    want.clear();
    std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(want));
    EXPECT_EQ(members(DocSet::Difference(a, b)), want);
    EXPECT_EQ(a.count(), sa.size());
    for (std::size_t i = 0; i < size; ++i)
      EXPECT_EQ(a.Has(static_cast<std::uint32_t>(i)), sa.count(static_cast<std::uint32_t>(i)) == 1);
  }
}

TEST(DocSet, EvaluateCombinesAsTheExpressionSays) {
  const auto tree = search::ParseFts5Expression("(\"a\" OR \"b\") AND \"c\" NOT \"d\" OR \"e\"");
  ASSERT_TRUE(tree.has_value());
  ASSERT_EQ(tree->phrases.size(), 5U);
  std::mt19937 rng(9);
  constexpr std::size_t kSize = 200;
  std::vector<DocSet> sets(5, DocSet(kSize));
  for (auto& set : sets)
    for (std::uint32_t pos = 0; pos < kSize; ++pos)
      if (rng() % 2 == 0) set.Add(pos);
  const std::vector<const DocSet*> raw{&sets[0], &sets[1], &sets[2], &sets[3], &sets[4]};
  const DocSet got = Evaluate(*tree, raw);
  std::size_t count = 0;
  for (std::uint32_t pos = 0; pos < kSize; ++pos) {
    const auto in = [&](int i) { return sets[static_cast<std::size_t>(i)].Has(pos); };
    const bool want = ((in(0) || in(1)) && (in(2) && !in(3))) || in(4);  // NOT, then AND, then OR
    EXPECT_EQ(got.Has(pos), want) << pos;
    count += want ? 1 : 0;
  }
  EXPECT_EQ(got.count(), count);
}

TEST(SearchDocs, AWordsSetIsSharedByEveryWordOfItsStem) {
  const SearchDocs docs({1, 1}, Rows());
  auto set = std::make_shared<DocSet>(docs.size());
  set->Add(1);
  EXPECT_FALSE(docs.HasStems());
  docs.KeepPhraseSet("\"careful\"", set, false);  // no stems yet: kept by its text
  EXPECT_EQ(docs.PhraseSet("\"careful\""), set);
  EXPECT_EQ(docs.PhraseSet("\"cares\""), nullptr);
  docs.SetStems({{"careful", "care"}, {"cares", "care"}, {"car", "car"}});
  EXPECT_TRUE(docs.HasStems());
  EXPECT_EQ(docs.PhraseSet("\"careful\""), nullptr);  // now looked up by its stem
  docs.KeepPhraseSet("\"cares\"", set, true);
  EXPECT_EQ(docs.PhraseSet("\"careful\""), set);
  EXPECT_EQ(docs.PhraseSet("\"cares\""), set);
  EXPECT_EQ(docs.PhraseSet("\"car\""), nullptr);
  EXPECT_EQ(docs.PhraseSet("\"careful\"*"), nullptr);  // a prefix is its own phrase
  EXPECT_EQ(docs.PhraseSet("\"careful cares\""), nullptr);
}

TEST(SearchDocs, SearchesKeepABoundedNumberOfSetsAndTheWarmUpsStay) {
  const SearchDocs docs({1, 1}, Rows());
  auto set = std::make_shared<DocSet>(std::size_t{1} << 23);  // 1 MiB: the bounds are in bytes
  docs.KeepPhraseSet("\"warm\"", set, true);
  const std::size_t fit = SearchDocs::kMaxSearchedSetBytes / set->MemoryBytes();
  for (std::size_t i = 0; i <= fit; ++i) docs.KeepPhraseSet("\"w" + std::to_string(i) + "\"", set, false);
  EXPECT_NE(docs.PhraseSet("\"warm\""), nullptr);
  EXPECT_EQ(docs.PhraseSet("\"w0\""), nullptr);  // the searches' sets started again when full
  EXPECT_NE(docs.PhraseSet("\"w" + std::to_string(fit) + "\""), nullptr);
  EXPECT_EQ(docs.WarmSetBytes(), set->MemoryBytes());
  // The warm-up's sets have their own bound.
  for (std::size_t i = 0; i <= SearchDocs::kMaxWarmSetBytes / set->MemoryBytes(); ++i)
    docs.KeepPhraseSet("\"v" + std::to_string(i) + "\"", set, true);
  EXPECT_LE(docs.WarmSetBytes(), SearchDocs::kMaxWarmSetBytes);
  EXPECT_EQ(docs.PhraseSet("\"v" + std::to_string(SearchDocs::kMaxWarmSetBytes / set->MemoryBytes()) + "\""), nullptr);
}

}  // namespace
}  // namespace starprep::store::sqlite
