// SPDX-License-Identifier: Apache-2.0
// The store's full-text search: freshness after content imports and job writes, expired and
// deleted jobs, facets and filters, paging, operator-laden queries, typos ranked below exact
// matches, prefixes, marked snippets and the vocabulary. A contract suite that runs on every
// backend (tests/unit/test_store.h: SQLite always, PostgreSQL when a test server is configured).

#include <algorithm>
#include <limits>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../temp_dir.h"
#include "../test_store.h"
#include "search/query.h"
#include "store/postgres/migrations.h"
#include "store/sqlite/db.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/search.h"
#include "store/store.h"

namespace starprep::store {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

constexpr const char* kNow = "2026-11-29T12:00:00Z";

jobs::Job MakeJob(const std::string& id, const std::string& title, std::vector<std::string> roles,
                  jobs::RemotePolicy remote = jobs::RemotePolicy::kRemote) {
  jobs::Job j;
  j.title = title;
  j.company_name = "Acme";
  j.description_md = "You will run " + title + " in production with a small team.";
  j.apply_url = "https://acme.example/" + id;
  j.date_posted = "2026-11-20";
  j.source = "test";
  j.source_id = id;
  j.roles = std::move(roles);
  j.employment_type = "FULL_TIME";
  j.skills = {"Go"};
  j.remote = remote;
  if (remote == jobs::RemotePolicy::kHybrid) j.offices = {jobs::Place{"Berlin", "", "DE"}};
  return j;
}

class SearchStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    store_ = &**db_;
    auto imported = store_->ReplaceContent(starprep::testing::SamplePack());
    ASSERT_TRUE(imported.ok()) << imported.error().message;
  }

  SearchPage Find(const std::string& text, SearchFilter filter = {}, int limit = 20, int offset = 0) {
    return FindQuery(search::Parse(text), std::move(filter), limit, offset);
  }
  SearchPage FindQuery(search::Query query, SearchFilter filter = {}, int limit = 20, int offset = 0) {
    SearchQuery q{std::move(query), std::move(filter), kNow, limit, offset};
    auto page = store_->Search(q);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : SearchPage{};
  }
  // Every word of the index with its documents (what the search service passes to WarmSearch).
  std::vector<search::VocabularyEntry> Vocabulary() {
    auto words = store_->SearchVocabulary({"", 0, 0, std::numeric_limits<int>::max()});
    EXPECT_TRUE(words.ok()) << words.error().message;
    return words.ok() ? *words : std::vector<search::VocabularyEntry>{};
  }
  static std::vector<std::string> Ids(const SearchPage& page) {
    std::vector<std::string> ids;
    for (const auto& h : page.hits) ids.push_back(h.type + ":" + h.id);
    return ids;
  }
  std::int64_t AddJob(const jobs::Job& job) {
    auto stats = store_->UpsertJobs({job}, {});
    EXPECT_TRUE(stats.ok()) << stats.error().message;
    return stats.ok() && !stats->ids.empty() ? stats->ids.front() : 0;
  }

  std::unique_ptr<TestStore> db_;
  Store* store_ = nullptr;
};

TEST_P(SearchStoreTest, FindsQuestionsAndRolesOfTheImportedContent) {
  const SearchPage page = Find("outage ");
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"question:be-outage"}));
  ASSERT_EQ(page.total, 1);
  const SearchHit& hit = page.hits.front();
  EXPECT_EQ(hit.slug, "be-outage");
  EXPECT_EQ(hit.role, "backend");
  EXPECT_EQ(hit.title, "Tell me about a time you handled a production outage.");
  EXPECT_TRUE(hit.exact);
  EXPECT_GT(hit.score, 0);

  EXPECT_EQ(Ids(Find("interfaces ")), (std::vector<std::string>{"role:frontend"}));
  // Stemming: "handling" finds "handled" and "handle" (every question); skills are searchable.
  EXPECT_EQ(Find("handling ").total, 4);
  EXPECT_EQ(Ids(Find("incident response")), (std::vector<std::string>{"role:backend"}));
}

TEST_P(SearchStoreTest, SnippetsMarkTheMatchedWords) {
  const SearchPage page = Find("logs ");
  ASSERT_EQ(page.total, 4);
  for (const auto& hit : page.hits) {
    const auto marked = std::find_if(hit.snippet.begin(), hit.snippet.end(), [](const auto& p) { return p.match; });
    ASSERT_NE(marked, hit.snippet.end()) << hit.id;
    EXPECT_EQ(marked->text, "logs");
    for (const auto& part : hit.snippet) EXPECT_EQ(part.text.find_first_of("\x01\x02"), std::string::npos);
  }
}

TEST_P(SearchStoreTest, ContentImportsAreSearchableAtOnce) {
  content::Pack pack = starprep::testing::SamplePack();
  pack.roles[0].questions[1] = starprep::testing::SampleQuestion("be-review", "backend", 2, "a Kubernetes upgrade");
  pack.roles.pop_back();  // frontend retired
  ASSERT_TRUE(store_->ReplaceContent(pack).ok());
  EXPECT_EQ(Ids(Find("kubernetes ")), (std::vector<std::string>{"question:be-review"}));
  EXPECT_EQ(Find("accessibility ").total, 0);
  EXPECT_EQ(Find("interfaces ").total, 0);
  // The old title's words went with it.
  EXPECT_EQ(Find("difficult ").total, 0);
}

// A batch (UpsertJobs) indexes its postings once, after writing them, in the same transaction:
// added and changed postings are found by their new words only, unchanged ones still by theirs,
// a posting listed twice is indexed once, and the vocabulary counts stay exact (a word of an old
// text is gone). Single writes and deletes after a batch still keep the index exact.
TEST_P(SearchStoreTest, BatchWritesKeepTheIndexExact) {
  auto first = store_->UpsertJobs({MakeJob("b1", "Kafka Engineer", {"backend"}), MakeJob("b2", "Zeppelin Operator", {}),
                                   MakeJob("b3", "Quasar Analyst", {})},
                                  {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->ids.size(), 3U);
  EXPECT_EQ(Find("zeppelin ").total, 1);
  EXPECT_EQ(Find("kafka ").total, 1);

  // b1 changes, b2 stays, b3 is listed twice (the second copy changes it again), b4 is new.
  auto second = store_->UpsertJobs({MakeJob("b1", "Pulsar Engineer", {"backend"}),
                                    MakeJob("b2", "Zeppelin Operator", {}), MakeJob("b3", "Nebula Analyst", {}),
                                    MakeJob("b3", "Comet Analyst", {}), MakeJob("b4", "Kafka Engineer", {"backend"})},
                                   {});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->added, 1);
  EXPECT_EQ(second->unchanged, 1);
  EXPECT_EQ(second->updated, 3);
  EXPECT_EQ(Ids(Find("pulsar ")), (std::vector<std::string>{"job:" + std::to_string(first->ids[0])}));
  EXPECT_EQ(Ids(Find("kafka ")), (std::vector<std::string>{"job:" + std::to_string(second->ids[4])}));
  EXPECT_EQ(Find("zeppelin ").total, 1);
  EXPECT_EQ(Find("quasar ").total, 0);
  EXPECT_EQ(Find("nebula ").total, 0);
  EXPECT_EQ(Ids(Find("comet ")), (std::vector<std::string>{"job:" + std::to_string(first->ids[2])}));
  auto vocabulary = [&](const std::string& word) {
    auto words = store_->SearchVocabulary({word, 0, 0, 10});
    EXPECT_TRUE(words.ok());
    std::int64_t docs = 0;
    if (words.ok())
      for (const auto& w : *words)
        if (w.term == word) docs = w.docs;
    return docs;
  };
  EXPECT_EQ(vocabulary("quasar"), 0);
  EXPECT_EQ(vocabulary("nebula"), 0);
  EXPECT_EQ(vocabulary("comet"), 1);
  EXPECT_EQ(vocabulary("kafka"), 1);
  EXPECT_EQ(vocabulary("pulsar"), 1);

  // Single writes after a batch go through the triggers.
  ASSERT_TRUE(store_->UpdateJob(first->ids[1], MakeJob("b2", "Blimp Operator", {})).ok());
  EXPECT_EQ(Find("zeppelin ").total, 0);
  EXPECT_EQ(vocabulary("zeppelin"), 0);
  EXPECT_EQ(Find("blimp ").total, 1);
  ASSERT_TRUE(store_->DeleteJob(first->ids[0]).ok());
  EXPECT_EQ(Find("pulsar ").total, 0);
  EXPECT_EQ(vocabulary("pulsar"), 0);
  auto created = store_->CreateJob(MakeJob("b5", "Glacier Engineer", {}));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(Find("glacier ").total, 1);
}

TEST_P(SearchStoreTest, JobWritesAreSearchableAtOnceAndExpiredOrDeletedJobsAreNot) {
  const std::int64_t kafka = AddJob(MakeJob("k1", "Kafka Engineer", {"backend"}));
  ASSERT_NE(kafka, 0);
  SearchPage page = Find("kafka ");
  ASSERT_EQ(Ids(page), (std::vector<std::string>{"job:" + std::to_string(kafka)}));
  EXPECT_EQ(page.hits[0].role, "backend");

  jobs::Job renamed = MakeJob("k1", "Pulsar Engineer", {"backend"});
  ASSERT_TRUE(store_->UpdateJob(kafka, renamed).ok());
  EXPECT_EQ(Find("kafka ").total, 0);
  EXPECT_EQ(Find("pulsar ").total, 1);

  jobs::Job expired = MakeJob("old", "Flink Engineer", {});
  expired.date_posted = "2026-10-01";
  expired.valid_through = "2026-11-01T00:00:00Z";
  ASSERT_NE(AddJob(expired), 0);
  EXPECT_EQ(Find("flink ").total, 0);  // stored, but expired
  jobs::Job open = MakeJob("new", "Flink Developer", {});
  open.valid_through = "2026-12-31T00:00:00Z";
  const std::int64_t flink = AddJob(open);
  page = Find("flink ");
  ASSERT_EQ(Ids(page), (std::vector<std::string>{"job:" + std::to_string(flink)}));
  EXPECT_EQ(page.hits[0].role, "");  // no role: "other"
  EXPECT_EQ(page.facets.role, (std::map<std::string, int>{{"other", 1}}));

  ASSERT_TRUE(store_->DeleteJob(kafka).ok());
  EXPECT_EQ(Find("pulsar ").total, 0);
}

TEST_P(SearchStoreTest, FacetsCountMatchesAndFiltersCombine) {
  AddJob(MakeJob("a", "Production Support Engineer", {"backend"}));
  AddJob(MakeJob("b", "Production Web Engineer", {"frontend", "backend"}, jobs::RemotePolicy::kHybrid));
  // "production": the outage question and both jobs (title and description).
  SearchPage page = Find("production ");
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.facets.type, (std::map<std::string, int>{{"job", 2}, {"question", 1}}));
  EXPECT_EQ(page.facets.role, (std::map<std::string, int>{{"backend", 3}, {"frontend", 1}}));
  EXPECT_EQ(page.facets.kind, (std::map<std::string, int>{{"behavioral", 1}}));
  EXPECT_EQ(page.facets.competency, (std::map<std::string, int>{{"communication", 1}, {"ownership", 1}}));
  EXPECT_EQ(page.facets.remote, (std::map<std::string, int>{{"hybrid", 1}, {"remote", 1}}));

  EXPECT_EQ(Find("production ", {.type = "job"}).total, 2);
  EXPECT_EQ(Find("production ", {.type = "job", .remote = "hybrid"}).total, 1);
  EXPECT_EQ(Find("production ", {.role = "frontend"}).total, 1);
  EXPECT_EQ(Find("production ", {.competency = "ownership"}).total, 1);
  EXPECT_EQ(Find("production ", {.type = "job", .kind = "behavioral"}).total, 0);
  EXPECT_EQ(Find("production ", {.role = "back"}).total, 0);  // exact values, not substrings
}

TEST_P(SearchStoreTest, PagesDoNotOverlapAndKeepTheTotal) {
  for (int i = 0; i < 7; ++i) AddJob(MakeJob("p" + std::to_string(i), "Platform Engineer " + std::to_string(i), {}));
  std::set<std::string> seen;
  for (int offset = 0; offset < 8; offset += 3) {
    const SearchPage page = Find("platform ", {}, 3, offset);
    EXPECT_EQ(page.total, 7);
    EXPECT_EQ(page.hits.size(), static_cast<std::size_t>(std::min(3, 7 - offset)));
    for (const auto& id : Ids(page)) EXPECT_TRUE(seen.insert(id).second) << id;
  }
  EXPECT_EQ(seen.size(), 7U);
  EXPECT_TRUE(Find("platform ", {}, 3, 30).hits.empty());
}

// More matches than a backend may rank (SQLite ranks the newest 1,000 jobs of a search, then
// lists the others newest first: store/sqlite/search_docs.h): the total and the facets still count
// every match, expired postings still never match, pages still cover every match exactly once,
// and a page without a count has the same hits.
TEST_P(SearchStoreTest, ManyMatchesKeepExactCountsAndPagesCoverEveryMatch) {
  std::vector<jobs::Job> batch;
  for (int i = 0; i < 1150; ++i) {
    jobs::Job j = MakeJob("z" + std::to_string(i), i % 7 == 0 ? "Zircon Lead" : "Platform Engineer", {"backend"},
                          i % 3 == 0 ? jobs::RemotePolicy::kHybrid : jobs::RemotePolicy::kRemote);
    j.description_md += " Zircon tooling.";
    if (i % 10 == 0) {  // expired at kNow
      j.date_posted = "2026-10-01";
      j.valid_through = "2026-11-01T00:00:00Z";
    }
    batch.push_back(std::move(j));
  }
  auto written = store_->UpsertJobs(batch, {});
  ASSERT_TRUE(written.ok()) << written.error().message;
  const int open = 1150 - 115;
  int hybrid = 0;
  for (int i = 0; i < 1150; ++i) hybrid += i % 10 != 0 && i % 3 == 0 ? 1 : 0;

  const SearchPage first = Find("zircon ", {}, 20, 0);
  EXPECT_EQ(first.total, open);
  EXPECT_EQ(first.facets.type, (std::map<std::string, int>{{"job", open}}));
  EXPECT_EQ(first.facets.role, (std::map<std::string, int>{{"backend", open}}));
  EXPECT_EQ(first.facets.remote, (std::map<std::string, int>{{"hybrid", hybrid}, {"remote", open - hybrid}}));
  EXPECT_EQ(Find("zircon ", {.remote = "hybrid"}).total, hybrid);
  ASSERT_EQ(first.hits.size(), 20U);
  // Title matches rank first within what is ranked.
  EXPECT_EQ(first.hits.front().title, "Zircon Lead");

  SearchQuery uncounted{search::Parse("zircon "), {}, kNow, 20, 0};
  uncounted.count = false;
  auto page = store_->Search(uncounted);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(Ids(*page), Ids(first));

  std::set<std::string> seen;
  std::set<std::string> expired;
  for (int i = 0; i < 1150; i += 10) expired.insert("job:" + std::to_string(written->ids[static_cast<std::size_t>(i)]));
  for (int offset = 0; offset < open + 100; offset += 100) {
    const SearchPage p = Find("zircon ", {}, 100, offset);
    EXPECT_EQ(p.total, open);
    EXPECT_EQ(p.hits.size(), static_cast<std::size_t>(std::clamp(open - offset, 0, 100))) << offset;
    for (const auto& id : Ids(p)) {
      EXPECT_TRUE(seen.insert(id).second) << id << " twice";
      EXPECT_EQ(expired.count(id), 0U) << id << " has expired";
    }
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(open));
}

TEST_P(SearchStoreTest, OperatorQueriesNeverFail) {
  for (const char* text :
       {"\"", "*", "NEAR(", "-", "AND", "OR", "NOT", "a:b", "'", "\\", "(", "^outage", "outage*", "title:outage",
        "\"production outage", "NEAR(outage logs, 2)", "&|!<->", "the and of", "\xff\xfe"}) {
    SearchQuery q{search::Parse(text), {}, kNow, 20, 0};
    auto page = store_->Search(q);
    ASSERT_TRUE(page.ok()) << text << ": " << page.error().message;
  }
  EXPECT_EQ(Find("\"production outage\"").total, 1);
  EXPECT_EQ(Find("\"outage production\"").total, 0);
  EXPECT_EQ(Find("").total, 0);
}

TEST_P(SearchStoreTest, PrefixOfTheLastWordMatchesWhileTyping) {
  // A prefix clause matches its word and its completions (the search service fills them from the
  // vocabulary), no other word starting with it.
  EXPECT_EQ(Find("outa").total, 0);
  search::Query typing = search::Parse("outa");
  typing.clauses[0].completions = {"outage"};
  EXPECT_EQ(Ids(FindQuery(typing)), (std::vector<std::string>{"question:be-outage"}));
  typing = search::Parse("outa ");
  typing.clauses[0].completions = {"outage"};
  EXPECT_EQ(FindQuery(typing).total, 0);  // a finished word is whole: completions are not searched
  typing = search::Parse("outa");
  typing.clauses[0].completions = {"outage"};
  typing.clauses[0].all_completions = true;  // every word with the prefix (PostgreSQL: its operator too)
  EXPECT_EQ(Ids(FindQuery(typing)), (std::vector<std::string>{"question:be-outage"}));
  // A completion (a whole word of the vocabulary) matches its stemmed forms.
  search::Query q = search::Parse("accessib");
  q.clauses[0].completions = {"accessibility"};
  EXPECT_EQ(FindQuery(q).total, 2);
}

TEST_P(SearchStoreTest, TyposFindTheWordAndRankBelowExactMatches) {
  const std::int64_t exact = AddJob(MakeJob("e", "Kafka Engineer", {}));
  const std::int64_t typo = AddJob(MakeJob("t", "Kafke Engineer", {}));
  search::Query q = search::Parse("kafka ");
  q.clauses[0].typos = {"kafke"};
  const SearchPage page = FindQuery(q);
  ASSERT_EQ(Ids(page), (std::vector<std::string>{"job:" + std::to_string(exact), "job:" + std::to_string(typo)}));
  EXPECT_TRUE(page.hits[0].exact);
  EXPECT_FALSE(page.hits[1].exact);

  // The vocabulary gives the candidates for a misspelt word.
  const search::VocabularySlice slice = search::SliceFor("outgae");
  auto vocabulary = store_->SearchVocabulary({slice.first, slice.min_length, slice.max_length, 500});
  ASSERT_TRUE(vocabulary.ok()) << vocabulary.error().message;
  const auto candidates = search::TypoCandidates("outgae", *vocabulary);
  ASSERT_FALSE(candidates.empty());
  EXPECT_EQ(candidates.front(), "outage");
  search::Query misspelt = search::Parse("outgae ");
  EXPECT_EQ(FindQuery(misspelt).total, 0);
  misspelt.clauses[0].typos = candidates;
  EXPECT_EQ(Ids(FindQuery(misspelt)), (std::vector<std::string>{"question:be-outage"}));
}

TEST_P(SearchStoreTest, VocabularyIsWholeWordsWithDocumentCounts) {
  auto words = store_->SearchVocabulary({"handl", 0, 0, 10});
  ASSERT_TRUE(words.ok()) << words.error().message;
  ASSERT_GE(words->size(), 2U);
  // "handled" (every question's title) and "handle" (every question's why) in four documents each.
  std::map<std::string, std::int64_t> docs;
  for (const auto& w : *words) docs[w.term] = w.docs;
  EXPECT_EQ(docs["handled"], 4);
  EXPECT_EQ(docs["handle"], 4);
  for (std::size_t i = 1; i < words->size(); ++i) EXPECT_GE((*words)[i - 1].docs, (*words)[i].docs);

  auto bounded = store_->SearchVocabulary({"handl", 7, 7, 10});
  ASSERT_TRUE(bounded.ok());
  for (const auto& w : *bounded) EXPECT_EQ(w.term.size(), 7U) << w.term;
  auto one = store_->SearchVocabulary({"", 0, 0, 1});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1U);

  const std::int64_t job = AddJob(MakeJob("z", "Zookeeper Operator", {}));
  auto zoo = store_->SearchVocabulary({"zookeeper", 0, 0, 10});
  ASSERT_TRUE(zoo.ok());
  ASSERT_EQ(zoo->size(), 1U);
  ASSERT_TRUE(store_->DeleteJob(job).ok());
  zoo = store_->SearchVocabulary({"zookeeper", 0, 0, 10});
  ASSERT_TRUE(zoo.ok());
  EXPECT_TRUE(zoo->empty());
}

TEST_P(SearchStoreTest, IndexStateChangesWithEveryIndexWriteAndExpiry) {
  auto before = store_->GetSearchIndexState(kNow);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(before->next_expiry, "");
  auto same = store_->GetSearchIndexState(kNow);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, *before);

  jobs::Job job = MakeJob("s", "State Keeper", {});
  job.valid_through = "2026-12-31T00:00:00Z";
  const std::int64_t id = AddJob(job);
  auto added = store_->GetSearchIndexState(kNow);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->content_version, before->content_version);
  EXPECT_NE(added->jobs_version, before->jobs_version);
  EXPECT_EQ(added->next_expiry, "2026-12-31T00:00:00Z");
  // Past the expiry the state differs: an answer cached before must not be reused.
  auto later = store_->GetSearchIndexState("2027-01-01T00:00:00Z");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->next_expiry, "");

  ASSERT_TRUE(store_->DeleteJob(id).ok());
  auto deleted = store_->GetSearchIndexState(kNow);
  ASSERT_TRUE(deleted.ok());
  EXPECT_NE(deleted->jobs_version, added->jobs_version);

  content::Pack pack = starprep::testing::SamplePack();
  pack.roles.front().summary += " Now with zeppelins.";
  ASSERT_TRUE(store_->ReplaceContent(pack).ok());
  auto imported = store_->GetSearchIndexState(kNow);
  ASSERT_TRUE(imported.ok());
  EXPECT_NE(imported->content_version, deleted->content_version);
}

TEST_P(SearchStoreTest, APageWithoutCountsHasTheSameHits) {
  SearchQuery counted{search::Parse("handled"), {}, kNow, 3, 0};
  SearchQuery uncounted = counted;
  uncounted.count = false;
  auto a = store_->Search(counted);
  auto b = store_->Search(uncounted);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_FALSE(a->hits.empty());
  EXPECT_GT(a->total, 0);
  EXPECT_EQ(b->total, 0);
  EXPECT_TRUE(b->facets.type.empty());
  ASSERT_EQ(a->hits.size(), b->hits.size());
  for (std::size_t i = 0; i < a->hits.size(); ++i) EXPECT_EQ(a->hits[i].id, b->hits[i].id);
}

// More matches than a backend may rank in full (PostgreSQL ranks a window of the best 200 by its
// precise ranking): the pages of one query, walked to the end, still list every match exactly
// once, all exact matches before those matched through a typo, with scores that never rise
// within a page among hits of the same kind, and the total and facets count every match.
TEST_P(SearchStoreTest, PagesOfAManyMatchQueryNeitherOverlapNorSkip) {
  std::vector<jobs::Job> list;
  list.reserve(262);
  for (int i = 0; i < 250; ++i) {
    jobs::Job j = MakeJob("z" + std::to_string(i), i % 5 == 0 ? "Zircon Engineer" : "Platform Engineer", {"backend"});
    j.description_md = "Zircon " + std::string(static_cast<std::size_t>(i % 7), 'x') + " work, " +
                       (i % 3 == 0 ? "more zircon tooling." : "other tooling.");
    list.push_back(std::move(j));
  }
  for (int i = 0; i < 12; ++i) {
    jobs::Job j = MakeJob("k" + std::to_string(i), "Zirkon Analyst", {});
    list.push_back(std::move(j));
  }
  auto written = store_->UpsertJobs(list, {});
  ASSERT_TRUE(written.ok()) << written.error().message;
  search::Query query = search::Parse("zircon");
  ASSERT_EQ(query.clauses.size(), 1U);
  query.clauses[0].typos = {"zirkon"};
  std::set<std::string> seen;
  bool typo_seen = false;
  for (int offset = 0; offset < 300; offset += 40) {
    const SearchPage page = FindQuery(query, {}, 40, offset);
    EXPECT_EQ(page.total, 262) << "offset " << offset;
    EXPECT_EQ(page.facets.type.at("job"), 262);
    EXPECT_EQ(page.facets.role.at("backend"), 250);
    for (std::size_t i = 0; i < page.hits.size(); ++i) {
      const SearchHit& hit = page.hits[i];
      EXPECT_TRUE(seen.insert(hit.id).second) << hit.id << " listed twice (offset " << offset << ")";
      if (!hit.exact) typo_seen = true;
      EXPECT_FALSE(hit.exact && typo_seen) << "exact match " << hit.id << " after a typo match";
      if (i > 0 && page.hits[i - 1].exact == hit.exact) {
        EXPECT_GE(page.hits[i - 1].score, hit.score) << "offset " << offset << ", hit " << i;
      }
    }
  }
  EXPECT_EQ(seen.size(), 262U);
  EXPECT_TRUE(typo_seen);
}

// ---- search warm-up ----
// WarmSearch builds what the next search would (SQLite: the documents' filter and facet values)
// and changes no answer: a write after a warm-up is searchable at once, as is one never warmed.
TEST_P(SearchStoreTest, WarmSearchChangesNoAnswer) {
  ASSERT_TRUE(store_->WarmSearch(Vocabulary()).ok());
  EXPECT_EQ(Find("kafka ").total, 0);
  const std::int64_t first = AddJob(MakeJob("w1", "Kafka Engineer", {"backend"}));
  EXPECT_EQ(Find("kafka ").total, 1);  // not warmed: the search builds what it needs
  ASSERT_TRUE(store_->WarmSearch(Vocabulary()).ok());
  ASSERT_TRUE(store_->WarmSearch(Vocabulary()).ok());  // nothing changed: cheap, and still no other answer
  EXPECT_EQ(Find("kafka ").total, 1);
  AddJob(MakeJob("w2", "Kafka Developer", {"backend"}));
  SearchPage page = Find("kafka ");  // warmed before the write: still the current data
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.facets.role.at("backend"), 2);
  ASSERT_TRUE(store_->WarmSearch(Vocabulary()).ok());
  ASSERT_TRUE(store_->DeleteJob(first).ok());
  EXPECT_EQ(Find("kafka ").total, 1);
  auto imported = store_->ReplaceContent(starprep::testing::SamplePack());
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_TRUE(store_->WarmSearch(Vocabulary()).ok());
  EXPECT_EQ(Ids(Find("outage ")), (std::vector<std::string>{"question:be-outage"}));
}

// The warm-up's document sets (kept by stem on SQLite: "careful", "cares" and "caring" share the
// index's "care") give every search the answer it computes without them: totals, facets, hits and
// scores. Enough postings that the stems are worth keeping (SearchDocs::kMinCachedPhraseDocs).
TEST_P(SearchStoreTest, WarmedDocumentSetsChangeNoAnswer) {
  const char* titles[] = {"Careful Kafka Engineer", "Caring Data Engineer", "Engineer Who Cares About Rust",
                          "Platform Engineers Remote", "Data Platform Lead"};
  std::vector<jobs::Job> list;
  for (int i = 0; i < 600; ++i) {
    auto job = MakeJob("warm" + std::to_string(i), titles[i % 5], {i % 3 == 0 ? "backend" : "data"},
                       i % 4 == 0 ? jobs::RemotePolicy::kHybrid : jobs::RemotePolicy::kRemote);
    job.date_posted = "2026-11-" + std::to_string(10 + i % 15);
    list.push_back(std::move(job));
  }
  auto stats = store_->UpsertJobs(list, {});
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  const auto queries = [&] {
    std::vector<search::Query> out;
    for (const char* text : {"careful ", "cares ", "caring kafka ", "engineer ", "engineers remote ",
                             "remote data engineer ", "\"data engineer\" ", "rust", "platform lead ", "outage "})
      out.push_back(search::Parse(text));
    search::Query typo = search::Parse("enginer platfrm ");
    typo.clauses[0].typos = {"engineer"};
    typo.clauses[1].typos = {"platform"};
    out.push_back(typo);
    search::Query prefix = search::Parse("data car");
    prefix.clauses[1].completions = {"careful", "caring", "cares"};
    prefix.clauses[1].all_completions = true;
    out.push_back(prefix);
    return out;
  }();
  const auto pages = [&] {
    std::vector<SearchPage> out;
    for (const auto& q : queries) {
      out.push_back(FindQuery(q, {}, 20, 0));
      out.push_back(FindQuery(q, {"job", "data", "", "", "hybrid"}, 5, 10));
    }
    return out;
  };
  const std::vector<SearchPage> before = pages();
  ASSERT_TRUE(store_->WarmSearch(Vocabulary()).ok());
  const std::vector<SearchPage> after = pages();
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    SCOPED_TRACE(search::ToText(queries[i / 2]) + (i % 2 == 1 ? " (filtered, page 3)" : ""));
    EXPECT_EQ(before[i].total, after[i].total);
    EXPECT_EQ(before[i].facets, after[i].facets);
    ASSERT_EQ(Ids(before[i]), Ids(after[i]));
    for (std::size_t h = 0; h < before[i].hits.size(); ++h) EXPECT_EQ(before[i].hits[h].score, after[i].hits[h].score);
  }
  EXPECT_GT(before[0].total, 100);  // "careful" finds every posting with a word of its stem
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ(before[0].total, before[2].total);  // "cares": the same stem (porter), the same documents
  }
}

// A prefix clause matches its completions, words of the vocabulary (unstemmed) quoted: the index
// stems them as it stemmed the documents (FTS5's porter tokenizer runs on the query's words;
// PostgreSQL's to_tsquery('english')), so each finds every document holding it, stems that change
// when stemmed again included ("agreed" → "agre", "happiness" → "happi").
TEST_P(SearchStoreTest, VocabularyWordsFindTheDocumentsHoldingThem) {
  jobs::Job j = MakeJob("stems", "Generalist Engineering Lead", {});
  j.description_md = "We agreed that happiness matters; organisations analysed it.";
  const std::int64_t id = AddJob(j);
  ASSERT_NE(id, 0);
  for (const char* word : {"agreed", "engineering", "happiness", "generalist", "organisations", "analysed"}) {
    auto words = store_->SearchVocabulary({word, 0, 0, 5});
    ASSERT_TRUE(words.ok()) << words.error().message;
    EXPECT_TRUE(std::any_of(words->begin(), words->end(), [&](const auto& e) { return e.term == word; })) << word;
    search::Query typing = search::Parse(std::string(word).substr(0, 3));
    typing.clauses[0].completions = {word};
    const std::vector<std::string> ids = Ids(FindQuery(typing, {"job", "", "", "", ""}));
    EXPECT_EQ(ids, (std::vector<std::string>{"job:" + std::to_string(id)})) << word;
  }
}

// Suggestion pages (count false, quick: SQLite ranks 200 jobs and stops walking the jobs once its ranked
// window and the page are full): walked to the end, they still list every match exactly once,
// exact matches first, and the first page's hits are matches.
TEST_P(SearchStoreTest, PagesWithoutCountsOfAManyMatchQueryNeitherOverlapNorSkip) {
  std::vector<jobs::Job> list;
  for (int i = 0; i < 320; ++i) {
    jobs::Job j = MakeJob("u" + std::to_string(i), i % 4 == 0 ? "Quartz Engineer" : "Platform Engineer", {"backend"});
    j.description_md = "Quartz " + std::string(static_cast<std::size_t>(i % 9), 'q') + " work.";
    list.push_back(std::move(j));
  }
  for (int i = 0; i < 15; ++i) list.push_back(MakeJob("v" + std::to_string(i), "Quarts Analyst", {}));
  auto written = store_->UpsertJobs(list, {});
  ASSERT_TRUE(written.ok()) << written.error().message;
  search::Query query = search::Parse("quartz");
  query.clauses[0].typos = {"quarts"};
  std::set<std::string> seen;
  bool typo_seen = false;
  for (int offset = 0; offset < 400; offset += 50) {
    SearchQuery q{query, {}, kNow, 50, offset};
    q.count = false;
    q.quick = true;
    auto page = store_->Search(q);
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_EQ(page->total, 0);
    for (const SearchHit& hit : page->hits) {
      EXPECT_TRUE(seen.insert(hit.id).second) << hit.id << " listed twice (offset " << offset << ")";
      if (!hit.exact) typo_seen = true;
      EXPECT_FALSE(hit.exact && typo_seen) << "exact match " << hit.id << " after a typo match";
    }
  }
  EXPECT_EQ(seen.size(), 335U);
  EXPECT_TRUE(typo_seen);
  SearchQuery first{query, {}, kNow, 5, 0};
  first.count = false;
  first.quick = true;
  auto page = store_->Search(first);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->hits.size(), 5U);
  for (const SearchHit& hit : page->hits) {
    EXPECT_TRUE(hit.exact);
    EXPECT_EQ(hit.type, "job");
  }
}

TEST_P(SearchStoreTest, TheIndexSurvivesAReopen) {
  AddJob(MakeJob("r", "Redis Engineer", {}));
  db_->Reopen();
  store_ = &**db_;
  EXPECT_EQ(Find("redis ").total, 1);
  EXPECT_EQ(Find("outage ").total, 1);
}

// Rows stored before the search migration, as literal SQL both backends accept.
constexpr const char* kRowsBeforeSearch = R"sql(
INSERT INTO roles (slug, title, summary, updated, skills_json, intro_md) VALUES ('air', 'Airship Pilot', 'Flies.', '2026-01-01', '["zeppelins"]', '');
INSERT INTO questions (id, role_slug, position, slug, question, competencies_json, kind, updated, why_md, dos_json,
  donts_json, situation, task, action, result, content_hash, created_at, updated_at)
VALUES ('air-1', 'air', 1, 'storm', 'Tell me about a storm over the zeppelin field.', '["calm"]', 'behavioral', '2026-01-01',
  'Why.', '[]', '[]', 's', 't', 'a', 'r', 'h', 't', 't');
INSERT INTO jobs (source, source_id, title, company_name, remote, description_md, apply_url, date_posted, content_hash,
  created_at, updated_at) VALUES ('s', '1', 'Zeppelin Mechanic', 'Air Co', 'remote', 'Fix them.', 'https://a.example', '2026-01-01', 'h', 't', 't');
)sql";

void ExpectTheRowsBeforeSearchAreFound(Store& store) {
  auto page = store.Search({search::Parse("zeppelin "), {}, kNow, 20, 0});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 3);  // the role (its skills), the question and the job
  EXPECT_EQ(page->facets.type, (std::map<std::string, int>{{"job", 1}, {"question", 1}, {"role", 1}}));
  auto words = store.SearchVocabulary({"zeppelin", 0, 0, 10});
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(words->size(), 2U);  // zeppelin, zeppelins
}

// The migrations before the one that adds the search index (later ones may follow it).
template <class M, std::size_t N>
std::span<const M> BeforeSearch(const M (&all)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (std::string_view(all[i].name).starts_with("search")) return std::span<const M>(all, i);
  return {};
}

// The migration that adds the index indexes what was stored before it.
TEST(SqliteSearchMigration, IndexesRowsStoredBeforeIt) {
  starprep::testing::TempDir dir;
  const std::string path = (dir.path() / "db.sqlite").string();
  {
    auto conn = sqlite::Connection::Open(path, sqlite::OpenMode::kReadWrite);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    const auto before = BeforeSearch(sqlite::kMigrations);
    ASSERT_FALSE(before.empty());
    ASSERT_TRUE(sqlite::ApplyMigrations(*conn, before).ok());
    ASSERT_TRUE(conn->Exec(kRowsBeforeSearch).ok());
  }
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ExpectTheRowsBeforeSearchAreFound(**store);
}

TEST(PostgresSearchMigration, IndexesRowsStoredBeforeIt) {
  if (starprep::testing::PostgresServer().empty()) GTEST_SKIP() << "no test PostgreSQL (STARPREP_TEST_POSTGRES)";
  const std::string database = "search_migration_" + std::to_string(::getpid());
  auto admin = postgres::Conn::Open(starprep::testing::PostgresServer());
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  ASSERT_TRUE((*admin)->Run(("CREATE DATABASE " + database).c_str()).ok());
  const std::string url = starprep::testing::WithDatabase(starprep::testing::PostgresServer(), database);
  {
    auto conn = postgres::Conn::Open(url);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    const auto before = BeforeSearch(postgres::kMigrations);
    ASSERT_FALSE(before.empty());
    ASSERT_TRUE(postgres::Migrate(**conn, before).ok());
    ASSERT_TRUE((*conn)->Run(kRowsBeforeSearch).ok());
  }
  {
    auto store = OpenPostgresStore(url, PostgresOptions{.pool_size = 2, .migrate = true});
    ASSERT_TRUE(store.ok()) << store.error().message;
    ExpectTheRowsBeforeSearchAreFound(**store);
  }
  (void)(*admin)->Run(("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").c_str());
}

// Migration 9: the full-text index flushes its pending list (which every search reads in full)
// at 256 kB, so a bulk job import leaves at most that much behind.
TEST(PostgresSearchIndex, ABulkImportLeavesAShortPendingList) {
  if (starprep::testing::PostgresServer().empty()) GTEST_SKIP() << "no test PostgreSQL (STARPREP_TEST_POSTGRES)";
  TestStore db(Backend::kPostgres);
  std::vector<jobs::Job> list;
  list.reserve(1500);
  for (int i = 0; i < 1500; ++i) list.push_back(MakeJob("p" + std::to_string(i), "Pending Engineer", {}));
  auto written = db->UpsertJobs(list, {});
  ASSERT_TRUE(written.ok()) << written.error().message;
  ASSERT_EQ(db.Dump("CREATE EXTENSION IF NOT EXISTS pgstattuple"), std::vector<std::string>{});
  const auto pending = db.Dump("SELECT pending_pages <= 32 FROM pgstatginindex('search_docs_document')");
  EXPECT_EQ(pending, std::vector<std::string>{"t|"});  // 256 kB of 8 kB pages (without the limit: over 100 here)
}

INSTANTIATE_TEST_SUITE_P(Backends, SearchStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

// A SQLite store at `path` with the sample content, for tests that read its file directly too.
std::unique_ptr<Store> SampleSqliteStore(const std::string& path) {
  auto store = OpenSqliteStore(path);
  EXPECT_TRUE(store.ok()) << store.error().message;
  if (!store.ok()) return nullptr;
  auto imported = (*store)->ReplaceContent(starprep::testing::SamplePack());
  EXPECT_TRUE(imported.ok()) << imported.error().message;
  return std::move(*store);
}

// The scores are FTS5's bm25 with the same weights: the document counts the store passes to its
// rank function (sqlite/rank.h) are those bm25 counts itself, for every kind of phrase.
TEST(SqliteSearchRank, ScoresAreFts5Bm25) {
  starprep::testing::TempDir dir;
  const std::string path = (dir.path() / "db.sqlite").string();
  auto store = SampleSqliteStore(path);
  ASSERT_NE(store, nullptr);
  std::vector<jobs::Job> list;
  for (int i = 0; i < 40; ++i)
    list.push_back(MakeJob("r" + std::to_string(i), i % 2 ? "Kafka Engineer" : "Data Engineer", {}));
  ASSERT_TRUE(store->UpsertJobs(list, {}).ok());
  auto conn = sqlite::Connection::Open(path, sqlite::OpenMode::kReadOnly);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  std::vector<search::Query> queries;
  for (const char* text : {"kafka ", "engineer ", "data engineer ", "\"data engineer\" ", "outage ", "remote kafka "})
    queries.push_back(search::Parse(text));
  search::Query typo = search::Parse("kafak engineer ");
  typo.clauses[0].typos = {"kafka"};
  queries.push_back(typo);
  int compared = 0;
  for (const auto& query : queries) {
    SCOPED_TRACE(search::ToText(query));
    auto page = store->Search(SearchQuery{query, {}, kNow, 50, 0});
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_FALSE(page->hits.empty());
    auto bm25 = sqlite::Statement::Prepare(
        *conn,
        "SELECT -bm25(search_index, 10.0, 1.0, 4.0) FROM search_index WHERE search_index MATCH ?1"
        " AND rowid = (SELECT id FROM search_index_content WHERE c3 = ?2 AND c4 = ?3)");
    ASSERT_TRUE(bm25.ok()) << bm25.error().message;
    for (const auto& hit : page->hits) {
      bm25->Reset();
      bm25->Bind(search::Fts5Expression(query, true), hit.type, hit.id);
      auto row = bm25->Step();
      ASSERT_TRUE(row.ok() && *row) << hit.type << " " << hit.id;
      EXPECT_DOUBLE_EQ(hit.score, bm25->ColumnDouble(0)) << hit.type << " " << hit.id;
      ++compared;
    }
  }
  EXPECT_GT(compared, 60);
}

// Batch writes leave the index in few segments (CompactSearchIndex): many small imports, each a
// transaction and a segment, then every posting still found.
TEST(SqliteSearchIndex, ImportsKeepTheIndexInFewSegments) {
  starprep::testing::TempDir dir;
  const std::string path = (dir.path() / "db.sqlite").string();
  auto store = SampleSqliteStore(path);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 30; ++i) {
    auto stats = store->UpsertJobs({MakeJob("seg" + std::to_string(i), "Segment Engineer", {})}, {});
    ASSERT_TRUE(stats.ok()) << stats.error().message;
  }
  auto conn = sqlite::Connection::Open(path, sqlite::OpenMode::kReadOnly);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto segments = sqlite::SearchSegments(*conn);
  ASSERT_TRUE(segments.ok()) << segments.error().message;
  EXPECT_GE(*segments, 1);
  EXPECT_LE(*segments, sqlite::kMaxSearchSegments);
  auto page = store->Search(SearchQuery{search::Parse("segment "), {}, kNow, 50, 0});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 30);
}

// The warm-up stems words with search_index's own tokenizer settings (sqlite/queries.h,
// kCreateStems): two words sharing a stem there share a document set, so the settings must be
// the index's, or a search would answer for the wrong words.
TEST(SqliteSearchIndex, TheStemTableTokenizesAsTheIndexDoes) {
  starprep::testing::TempDir dir;
  const std::string path = (dir.path() / "db.sqlite").string();
  ASSERT_TRUE(OpenSqliteStore(path).ok());
  auto conn = sqlite::Connection::Open(path, sqlite::OpenMode::kReadOnly);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto stmt = sqlite::Statement::Prepare(*conn, "SELECT sql FROM sqlite_master WHERE name = 'search_index'");
  ASSERT_TRUE(stmt.ok());
  auto row = stmt->Step();
  ASSERT_TRUE(row.ok() && *row);
  const std::string table = stmt->ColumnText(0);
  const std::size_t at = table.find("tokenize");
  ASSERT_NE(at, std::string::npos) << table;
  const std::string tokenize = table.substr(at, table.find('\'', table.find('\'', at) + 1) + 1 - at);
  EXPECT_NE(std::string_view(sqlite::sql::kCreateStems).find(tokenize), std::string_view::npos) << tokenize;
}

}  // namespace
}  // namespace starprep::store
