// SPDX-License-Identifier: Apache-2.0
// The store's jobs: upserts by (source, source_id), filters, sorting, paging, expiry, counts per
// role, the state a server watches, and editor writes. A contract suite that runs on every backend
// (tests/unit/test_store.h: SQLite always, PostgreSQL when a test server is configured).

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../test_store.h"
#include "content/model.h"
#include "jobs/filter.h"
#include "store/store.h"

namespace starprep::store {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

constexpr const char* kNow = "2026-11-29T12:00:00Z";

jobs::Job MakeJob(const std::string& id, const std::string& title, std::vector<std::string> roles,
                  const std::string& posted = "2026-11-20") {
  jobs::Job j;
  j.title = title;
  j.company_name = "Acme";
  j.description_md = "Do *good* work.";
  j.apply_url = "https://acme.example/" + id;
  j.date_posted = posted;
  j.source = "test";
  j.source_id = id;
  j.roles = std::move(roles);
  j.employment_type = "FULL_TIME";
  return j;
}

// A fresh database per test on the backend of the parameter.
class JobsStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    store_ = &**db_;
  }

  std::vector<std::string> Ids(const jobs::JobFilter& f) {
    auto list = store_->ListJobs(f, kNow);
    EXPECT_TRUE(list.ok()) << list.error().message;
    std::vector<std::string> ids;
    if (list.ok())
      for (const auto& j : list->items) ids.push_back(j.source_id);
    return ids;
  }

  // a: backend, remote, EUR 60-80k/yr, posted 11-20; b: frontend, hybrid, USD 50/h (104k/yr),
  // posted 11-27; c: unmapped, contractor, no salary, posted 10-01; d: backend, expired.
  void Seed() {
    jobs::Job a = MakeJob("a", "Backend Engineer", {"backend"});
    a.salary = jobs::Salary{60000, 80000, "EUR", "YEAR"};
    jobs::Job b = MakeJob("b", "Frontend Engineer", {"frontend"}, "2026-11-27");
    b.remote = jobs::RemotePolicy::kHybrid;
    b.offices = {{"Berlin", "", "Germany"}};
    b.salary = jobs::Salary{50, 50, "USD", "HOUR"};
    jobs::Job c = MakeJob("c", "Technical Writer", {}, "2026-10-01");
    c.employment_type = "CONTRACTOR";
    jobs::Job d = MakeJob("d", "Old Backend Engineer", {"backend"}, "2026-09-01");
    d.valid_through = "2026-10-01T23:59:59Z";
    auto stats = store_->UpsertJobs({a, b, c, d}, {});
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    ASSERT_EQ(stats->added, 4);
  }

  std::vector<std::string> Dump(const std::string& select) { return db_->Dump(select); }

  std::unique_ptr<TestStore> db_;
  Store* store_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(Backends, JobsStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

TEST_P(JobsStoreTest, UpsertAddsUpdatesAndKeepsIds) {
  jobs::Job a = MakeJob("a", "Backend Engineer", {"backend"});
  auto first = store_->UpsertJobs({a}, {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->added, 1);
  const std::int64_t id = first->ids.at(0);
  auto same = store_->UpsertJobs({a}, {});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->unchanged, 1);
  EXPECT_EQ(same->added + same->updated, 0);
  a.title = "Senior Backend Engineer";
  a.salary = jobs::Salary{1, 2, "EUR", "YEAR"};
  auto changed = store_->UpsertJobs({a, MakeJob("b", "Other", {})}, {});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->added, 1);
  EXPECT_EQ(changed->ids.at(0), id);
  auto got = store_->GetJob(id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->title, "Senior Backend Engineer");
  jobs::Job expected = a;
  expected.id = id;
  EXPECT_EQ(**got, expected);  // every field round-trips
}

TEST_P(JobsStoreTest, AnInvalidJobWritesNothing) {
  jobs::Job bad = MakeJob("x", "", {});
  auto r = store_->UpsertJobs({MakeJob("a", "A", {}), bad}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*store_->HasJobs(), false);
}

TEST_P(JobsStoreTest, ProgressIsReported) {
  std::vector<jobs::Job> many;
  for (int i = 0; i < 1200; ++i) many.push_back(MakeJob(std::to_string(i), "Job " + std::to_string(i), {}));
  std::vector<int> calls;
  auto r = store_->UpsertJobs(many, [&](int done, int total) {
    EXPECT_EQ(total, 1200);
    calls.push_back(done);
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls, (std::vector<int>{500, 1000, 1200}));
}

TEST_P(JobsStoreTest, Filters) {
  Seed();
  jobs::JobFilter all;
  EXPECT_EQ(Ids(all), (std::vector<std::string>{"b", "a", "c"}));  // newest first, expired left out
  jobs::JobFilter f;
  f.role = "backend";
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"a"}));
  f = {};
  f.role = "other";
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"c"}));
  f = {};
  f.remote_only = true;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"a", "c"}));
  f = {};
  f.employment_type = "CONTRACTOR";
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"c"}));
  f = {};
  f.min_salary = 90000;
  f.currency = "USD";  // b: 50 USD an hour is 104,000 a year
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"b"}));
  f.currency = "EUR";  // a: EUR 60-80k starts below 90,000
  EXPECT_TRUE(Ids(f).empty());
  f.min_salary = 60000;  // the bottom of a's range
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"a"}));
  f.min_salary = 70000;  // inside a's range: its bottom is below the minimum
  EXPECT_TRUE(Ids(f).empty());
  f.currency = "";  // a minimum without a currency compares nothing (ParseJobFilter refuses it)
  EXPECT_TRUE(Ids(f).empty());
  f = {};
  f.posted_within_days = 7;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"b"}));
  f.posted_within_days = 30;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"b", "a"}));
}

// The SQL filter and jobs::MeetsMinimumSalary (the rule the docs state) agree for every unit,
// currency, range and missing salary: the SQL repeats Annualise's factors.
TEST_P(JobsStoreTest, MinimumSalaryFilterAgreesWithTheRule) {
  struct Posting {
    std::string id;
    std::optional<jobs::Salary> salary;
  };
  const std::vector<Posting> postings = {
      {"sek-year", jobs::Salary{550000, 650000, "SEK", "YEAR"}},
      {"pln-month", jobs::Salary{15000, 22000, "PLN", "MONTH"}},
      {"eur-year", jobs::Salary{60000, 80000, "EUR", "YEAR"}},
      {"eur-month", jobs::Salary{5000, 5000, "EUR", "MONTH"}},
      {"eur-week", jobs::Salary{1000, 1500, "EUR", "WEEK"}},
      {"eur-day", jobs::Salary{250, 400, "EUR", "DAY"}},
      {"eur-hour", jobs::Salary{30, 45.5, "EUR", "HOUR"}},
      {"usd-hour", jobs::Salary{50, 50, "USD", "HOUR"}},
      {"none", std::nullopt},
  };
  std::vector<jobs::Job> feed;
  for (const auto& p : postings) {
    jobs::Job j = MakeJob(p.id, "Engineer " + p.id, {"backend"});
    j.salary = p.salary;
    feed.push_back(j);
  }
  ASSERT_TRUE(store_->UpsertJobs(feed, {}).ok());
  for (const std::string currency : {"", "EUR", "SEK", "PLN", "USD", "GBP"}) {
    for (double min :
         {0.0, 1.0, 60000.0, 62400.0, 65000.0, 100000.0, 104000.0, 180000.0, 300000.0, 550000.0, 600000.0}) {
      jobs::JobFilter f;
      f.currency = currency;
      f.min_salary = min;
      f.limit = 100;
      std::vector<std::string> expected;
      for (const auto& p : postings)
        if ((currency.empty() || (p.salary && p.salary->currency == currency)) && jobs::MeetsMinimumSalary(f, p.salary))
          expected.push_back(p.id);
      std::vector<std::string> got = Ids(f);
      std::sort(expected.begin(), expected.end());
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, expected) << "currency=" << currency << " min_salary=" << min;
    }
  }
}

TEST_P(JobsStoreTest, SortingAndPaging) {
  Seed();
  jobs::JobFilter f;
  f.sort = jobs::JobSort::kSalary;
  auto mixed = store_->ListJobs(f, kNow);  // EUR and USD amounts do not compare
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, ErrorCode::kInvalidArgument);
  f.currency = "USD";
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"b"}));
  f.currency = "";
  f.sort = jobs::JobSort::kTitle;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"a", "b", "c"}));
  f.limit = 2;
  f.offset = 2;
  auto page = store_->ListJobs(f, kNow);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].source_id, "c");
}

TEST_P(JobsStoreTest, CountsAndStateFollowWritesAndExpiry) {
  Seed();
  auto counts = store_->CountOpenJobsByRole(kNow);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::map<std::string, int>{{"backend", 1}, {"frontend", 1}, {"other", 1}}));
  auto before = store_->GetJobsState(kNow);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->open, 3);
  // Back when d was open, there were four.
  EXPECT_EQ(store_->GetJobsState("2026-09-15T00:00:00Z")->open, 4);
  // A write bumps the version; a no-op upsert does not.
  jobs::Job a = MakeJob("a", "Backend Engineer", {"backend"});
  a.salary = jobs::Salary{60000, 80000, "EUR", "YEAR"};
  ASSERT_TRUE(store_->UpsertJobs({a}, {}).ok());
  EXPECT_EQ(store_->GetJobsState(kNow)->version, before->version);
  auto list = store_->ListJobs({}, kNow);
  ASSERT_TRUE(store_->DeleteJob(list->items[0].id).ok());
  EXPECT_NE(store_->GetJobsState(kNow)->version, before->version);
  EXPECT_EQ(store_->GetJobsState(kNow)->open, 2);
}

TEST_P(JobsStoreTest, EditorWrites) {
  auto created = store_->CreateJob(MakeJob("e1", "Data Engineer", {"data"}));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_GT(created->id, 0);
  auto dup = store_->CreateJob(MakeJob("e1", "Another", {}));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  jobs::Job changed = MakeJob("e1", "Senior Data Engineer", {});
  auto updated = store_->UpdateJob(created->id, changed);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ((*store_->GetJob(created->id))->title, "Senior Data Engineer");
  jobs::Job other = MakeJob("e2", "X", {});
  auto second = store_->CreateJob(other);
  ASSERT_TRUE(second.ok());
  auto collide = store_->UpdateJob(second->id, changed);  // takes e1's source id
  ASSERT_FALSE(collide.ok());
  EXPECT_EQ(collide.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->UpdateJob(9999, changed).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->DeleteJob(created->id).ok());
  EXPECT_FALSE(store_->GetJob(created->id)->has_value());
  EXPECT_EQ(store_->DeleteJob(created->id).error().code, ErrorCode::kNotFound);
  jobs::JobFilter data;
  data.role = "data";
  EXPECT_TRUE(Ids(data).empty());  // its role rows went with it
}

TEST_P(JobsStoreTest, RoleRowsFollowEveryWrite) {
  auto created = store_->CreateJob(MakeJob("r1", "Platform Engineer", {"backend", "devops", "backend"}));
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string id = std::to_string(created->id);
  EXPECT_EQ(Dump("SELECT role_slug FROM job_roles WHERE job_id = " + id + " ORDER BY role_slug"),
            (std::vector<std::string>{"backend|", "devops|"}));  // a repeated slug is stored once
  ASSERT_TRUE(store_->UpdateJob(created->id, MakeJob("r1", "Platform Engineer", {"data"})).ok());
  EXPECT_EQ(Dump("SELECT role_slug FROM job_roles WHERE job_id = " + id), std::vector<std::string>{"data|"});
  ASSERT_TRUE(store_->UpsertJobs({MakeJob("r1", "Platform Engineer", {})}, {}).ok());
  EXPECT_TRUE(Dump("SELECT role_slug FROM job_roles WHERE job_id = " + id).empty());
  auto counts = store_->CountOpenJobsByRole(kNow);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(*counts, (std::map<std::string, int>{{"other", 1}}));
  // What the list filters read is stored as bound, salary and all.
  jobs::Job paid = MakeJob("r2", "Paid", {});
  paid.salary = jobs::Salary{30.25, 40.5, "EUR", "HOUR"};
  ASSERT_TRUE(store_->CreateJob(paid).ok());
  EXPECT_EQ(Dump("SELECT salary_min, salary_max, CASE WHEN salary_annual_max = 84240 THEN 'yes' ELSE 'no' END,"
                 " salary_currency, salary_unit, remote FROM jobs WHERE source_id = 'r2'"),
            std::vector<std::string>{"30.25|40.5|yes|EUR|HOUR|remote|"});  // 40.5 an hour, 2080 hours a year
}

TEST_P(JobsStoreTest, FractionalMinimumSalaryAndCaseInsensitiveTitles) {
  Seed();
  jobs::JobFilter f;
  f.currency = "EUR";
  f.min_salary = 59999.5;  // a starts at 60,000 a year
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"a"}));
  f.min_salary = 60000.5;
  EXPECT_TRUE(Ids(f).empty());
  ASSERT_TRUE(store_->UpsertJobs({MakeJob("e", "api designer", {}), MakeJob("f", "Zebra Keeper", {})}, {}).ok());
  f = {};
  f.sort = jobs::JobSort::kTitle;  // ASCII letters fold, as SQLite's NOCASE does
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"e", "a", "b", "c", "f"}));
}

TEST_P(JobsStoreTest, PagesPastTheEndAndNegativeLimits) {
  Seed();
  jobs::JobFilter f;
  f.offset = 10;
  auto past = store_->ListJobs(f, kNow);
  ASSERT_TRUE(past.ok()) << past.error().message;
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->total, 3);
  f.offset = -5;  // counts as 0
  f.limit = -1;   // no limit (ParseJobFilter never asks for it; the store still answers the same everywhere)
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"b", "a", "c"}));
  f.limit = 0;
  EXPECT_TRUE(Ids(f).empty());
  EXPECT_EQ(store_->ListJobs(f, kNow)->total, 3);
}

TEST_P(JobsStoreTest, AWriteByAnotherInstanceChangesTheVersion) {
  Seed();
  auto second = db_->OpenAnother();  // a second store on the same database: like a second process
  auto before = store_->GetJobsState(kNow);
  ASSERT_TRUE(before.ok()) << before.error().message;
  auto created = second->CreateJob(MakeJob("x", "Elsewhere", {"backend"}));
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto after = store_->GetJobsState(kNow);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->version, before->version);
  EXPECT_EQ(after->open, before->open + 1);
  ASSERT_TRUE(second->UpdateJob(created->id, MakeJob("x", "Elsewhere, updated", {})).ok());
  auto updated = store_->GetJobsState(kNow);
  EXPECT_NE(updated->version, after->version);
  EXPECT_EQ((*store_->GetJob(created->id))->title, "Elsewhere, updated");
  ASSERT_TRUE(second->DeleteJob(created->id).ok());
  EXPECT_NE(store_->GetJobsState(kNow)->version, updated->version);
  // Failed writes commit nothing and leave the version alone.
  const auto settled = *store_->GetJobsState(kNow);
  EXPECT_EQ(second->DeleteJob(created->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(second->CreateJob(MakeJob("a", "Duplicate", {})).error().code, ErrorCode::kConflict);
  EXPECT_EQ(*store_->GetJobsState(kNow), settled);
}

// Writers on two instances race on the same postings: every write succeeds (no duplicate-key
// conflict from two upserts inserting the same new posting), and each write that changed
// something bumped the version exactly once.
TEST_P(JobsStoreTest, ConcurrentWritersFromTwoInstances) {
  auto second = db_->OpenAnother();
  constexpr int kThreads = 6;
  constexpr int kRounds = 8;
  constexpr int kShared = 5;
  std::atomic<int> failures{0};
  std::atomic<int> changing_writes{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *store_ : *second;
      for (int i = 0; i < kRounds; ++i) {
        std::vector<jobs::Job> batch;
        for (int k = 0; k < kShared; ++k)
          batch.push_back(MakeJob("shared-" + std::to_string(k),
                                  "Shared " + std::to_string(k) + " v" + std::to_string(i), {"backend"}));
        auto upserted = store.UpsertJobs(batch, {});
        if (!upserted.ok()) {
          ++failures;
          ADD_FAILURE() << upserted.error().message;
        } else if (upserted->added + upserted->updated > 0) {
          ++changing_writes;
        }
        auto created = store.CreateJob(MakeJob("own-" + std::to_string(t) + "-" + std::to_string(i), "Own", {"data"}));
        if (!created.ok()) {
          ++failures;
          ADD_FAILURE() << created.error().message;
        } else {
          ++changing_writes;
        }
        if (!store.ListJobs({}, kNow).ok() || !store.GetJobsState(kNow).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto state = store_->GetJobsState(kNow);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->version, changing_writes.load());
  EXPECT_EQ(state->open, kShared + kThreads * kRounds);
  EXPECT_EQ(Dump("SELECT count(*) FROM jobs"),
            std::vector<std::string>{std::to_string(kShared + kThreads * kRounds) + "|"});
  EXPECT_EQ(Dump("SELECT count(*) FROM job_roles WHERE role_slug = 'backend'"),
            std::vector<std::string>{std::to_string(kShared) + "|"});
}

// A pack of roles without questions: what role mapping reads is the slug, title and skills.
content::Pack RolesPack(const std::vector<jobs::RoleInfo>& roles) {
  content::Pack pack;
  for (const auto& info : roles) {
    content::Role r;
    r.slug = info.slug;
    r.title = info.title;
    r.summary = "Summary of " + info.title;
    r.updated = "2026-11-01";
    r.skills = info.skills;
    pack.roles.push_back(std::move(r));
  }
  return pack;
}

// Jobs imported into an empty database (no roles to map against) get their roles once content
// arrives, in the import's transaction; roles an editor chose stay; the jobs version moves.
TEST_P(JobsStoreTest, ContentImportRemapsJobRoles) {
  jobs::Job backend = MakeJob("m1", "Senior Backend Engineer", {});
  jobs::Job writer = MakeJob("m2", "Technical Writer", {"frontend"});  // an editor's choice
  jobs::Job platform = MakeJob("m3", "Platform Engineer", {});
  platform.skills = {"Kubernetes", "observability"};
  ASSERT_TRUE(store_->UpsertJobs({backend, writer, platform}, {}).ok());
  auto before = store_->GetJobsState(kNow);
  ASSERT_TRUE(before.ok());

  const std::vector<jobs::RoleInfo> roles = {
      {"backend", "Back-end Developer", {"APIs", "databases"}},
      {"devops", "DevOps / Site Reliability Engineer", {"Kubernetes", "observability", "CI/CD"}},
      {"frontend", "Front-end Developer", {"CSS"}}};
  auto stats = store_->ReplaceContent(RolesPack(roles));
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(stats->jobs_remapped, 2);
  jobs::JobFilter f;
  f.role = "backend";
  EXPECT_EQ(Ids(f), std::vector<std::string>{"m1"});
  f.role = "devops";
  EXPECT_EQ(Ids(f), std::vector<std::string>{"m3"});
  f.role = "frontend";
  EXPECT_EQ(Ids(f), std::vector<std::string>{"m2"});
  auto after = store_->GetJobsState(kNow);
  ASSERT_TRUE(after.ok());
  EXPECT_GT(after->version, before->version);
  // The stored job says the same as the role rows, and a re-import of the feed is a no-op.
  auto listed = store_->ListJobs(jobs::JobFilter{}, kNow);
  ASSERT_TRUE(listed.ok());
  for (const auto& j : listed->items)
    if (j.source_id == "m1") {
      EXPECT_EQ(j.roles, std::vector<std::string>{"backend"});
    }
  backend.roles = {"backend"};
  platform.roles = {"devops"};
  auto again = store_->UpsertJobs({backend, writer, platform}, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 3);

  // The same roles again: nothing to remap. A role's skills change: the skill-mapped job follows.
  stats = store_->ReplaceContent(RolesPack(roles));
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->jobs_remapped, 0);
  auto changed = roles;
  changed[1].skills = {"Terraform"};
  stats = store_->ReplaceContent(RolesPack(changed));
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->jobs_remapped, 1);
  f.role = "devops";
  EXPECT_TRUE(Ids(f).empty());
  f.role = jobs::kOtherRole;
  EXPECT_EQ(Ids(f), std::vector<std::string>{"m3"});
}

}  // namespace
}  // namespace starprep::store

namespace starprep::store {
namespace {

// Keyset pagination: for every sort, pages of two that follow each other's cursor list every
// open job exactly once, in the sort's order with ties broken by id, and say whether more follow.
TEST_P(JobsStoreTest, CursorPagesCoverEveryJobOnceInOrder) {
  std::vector<jobs::Job> batch;
  const char* dates[] = {"2026-11-20", "2026-11-20", "2026-11-25", "2026-11-20", "2026-11-01",
                         "2026-11-25", "2026-11-20", "2026-11-02", "2026-11-20"};
  const char* titles[] = {"Backend", "backend", "Zeta", "alpha", "Backend", "Mid", "mid", "Alpha", "Omega"};
  for (int i = 0; i < 9; ++i) {
    jobs::Job j = MakeJob("k" + std::to_string(i), titles[i], {"backend"}, dates[i]);
    if (i < 7) j.salary = jobs::Salary{1000, i % 3 == 0 ? 90000.0 : 70000.0, "EUR", "YEAR"};  // ties
    if (i == 7) j.salary = jobs::Salary{1000, 500000, "USD", "YEAR"};                         // another currency
    batch.push_back(j);
  }
  jobs::Job expired = MakeJob("gone", "Aardvark", {"backend"}, "2026-10-21");
  expired.valid_through = "2026-11-01T00:00:00Z";
  batch.push_back(expired);
  auto stats = store_->UpsertJobs(batch, {});
  ASSERT_TRUE(stats.ok()) << stats.error().message;

  for (jobs::JobSort sort : {jobs::JobSort::kNewest, jobs::JobSort::kTitle, jobs::JobSort::kSalary}) {
    SCOPED_TRACE(std::string(jobs::SortName(sort)));
    jobs::JobFilter f;
    f.sort = sort;
    if (sort == jobs::JobSort::kSalary) f.currency = "EUR";
    f.limit = 100;
    auto all = store_->ListJobs(f, kNow);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_FALSE(all->more);
    const std::size_t expected_count = sort == jobs::JobSort::kSalary ? 7 : 9;
    ASSERT_EQ(all->items.size(), expected_count);
    EXPECT_EQ(all->total, static_cast<int>(expected_count));
    // The order, ties by id.
    for (std::size_t i = 1; i < all->items.size(); ++i) {
      const jobs::Job& a = all->items[i - 1];
      const jobs::Job& b = all->items[i];
      if (sort == jobs::JobSort::kNewest) {
        EXPECT_TRUE(a.date_posted > b.date_posted || (a.date_posted == b.date_posted && a.id > b.id)) << i;
      }
      if (sort == jobs::JobSort::kTitle) {
        const std::string ka = jobs::TitleSortKey(a.title), kb = jobs::TitleSortKey(b.title);
        EXPECT_TRUE(ka < kb || (ka == kb && a.id < b.id)) << i;
      }
      if (sort == jobs::JobSort::kSalary) {
        EXPECT_TRUE(a.salary->max > b.salary->max || (a.salary->max == b.salary->max && a.id > b.id)) << i;
      }
    }
    // Pages of two, each after the last job of the one before.
    f.limit = 2;
    std::vector<std::int64_t> paged;
    for (int page = 0; page < 10; ++page) {
      auto list = store_->ListJobs(f, kNow);
      ASSERT_TRUE(list.ok()) << list.error().message;
      EXPECT_EQ(list->total, static_cast<int>(expected_count));
      for (const auto& j : list->items) paged.push_back(j.id);
      EXPECT_EQ(list->more, paged.size() < expected_count) << page;
      if (!list->more) break;
      ASSERT_FALSE(list->items.empty());
      f.after = jobs::CursorAfter(f, list->items.back());
    }
    std::vector<std::int64_t> whole;
    for (const auto& j : all->items) whole.push_back(j.id);
    EXPECT_EQ(paged, whole);
    // An offset counts from the cursor.
    f.after = jobs::CursorAfter(f, all->items[1]);
    f.offset = 1;
    auto skipped = store_->ListJobs(f, kNow);
    ASSERT_TRUE(skipped.ok());
    ASSERT_FALSE(skipped->items.empty());
    EXPECT_EQ(skipped->items[0].id, whole[3]);
  }
}

// A job that expires while someone pages leaves the later pages; nothing repeats or goes missing.
TEST_P(JobsStoreTest, ExpiryBetweenPagesDropsOnlyTheExpiredJob) {
  std::vector<jobs::Job> batch;
  for (int i = 0; i < 6; ++i)
    batch.push_back(MakeJob("p" + std::to_string(i), "Job", {}, "2026-11-2" + std::to_string(i)));
  batch[1].valid_through = "2026-11-30T00:00:00Z";  // p1: second oldest, open at kNow only
  ASSERT_TRUE(store_->UpsertJobs(batch, {}).ok());
  jobs::JobFilter f;
  f.limit = 2;
  auto first = store_->ListJobs(f, kNow);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2U);
  EXPECT_EQ(first->total, 6);
  EXPECT_EQ(first->items[0].source_id, "p5");
  std::vector<std::string> rest;
  f.after = jobs::CursorAfter(f, first->items.back());
  for (;;) {
    auto list = store_->ListJobs(f, "2026-12-01T00:00:00Z");
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->total, 5);
    for (const auto& j : list->items) rest.push_back(j.source_id);
    if (!list->more) break;
    f.after = jobs::CursorAfter(f, list->items.back());
  }
  EXPECT_EQ(rest, (std::vector<std::string>{"p3", "p2", "p0"}));
}

// Totals and role counts are cached per jobs version, yet follow every write (this instance's or
// another's) and every expiry, at whatever time they are asked for.
TEST_P(JobsStoreTest, CachedCountsFollowWritesExpiryAndOtherInstances) {
  Seed();
  jobs::JobFilter backend;
  backend.role = "backend";
  auto total = [&](const jobs::JobFilter& f, const char* now) {
    auto list = store_->ListJobs(f, now);
    EXPECT_TRUE(list.ok()) << list.error().message;
    return list.ok() ? list->total : -1;
  };
  EXPECT_EQ(total({}, kNow), 3);
  EXPECT_EQ(total({}, kNow), 3);
  EXPECT_EQ(total(backend, kNow), 1);
  EXPECT_EQ(total(backend, "2026-09-15T00:00:00Z"), 2);  // d was open then
  EXPECT_EQ(total(backend, kNow), 1);
  EXPECT_EQ(store_->CountOpenJobsByRole(kNow)->at("backend"), 1);
  EXPECT_EQ(store_->CountOpenJobsByRole("2026-09-15T00:00:00Z")->at("backend"), 2);

  jobs::Job soon = MakeJob("soon", "Backend Lead", {"backend"});
  soon.valid_through = "2026-12-01T00:00:00Z";
  ASSERT_TRUE(store_->UpsertJobs({soon}, {}).ok());
  EXPECT_EQ(total({}, kNow), 4);
  EXPECT_EQ(total(backend, kNow), 2);
  EXPECT_EQ(store_->CountOpenJobsByRole(kNow)->at("backend"), 2);
  EXPECT_EQ(total(backend, "2026-12-01T00:00:00Z"), 2);  // valid through that second
  EXPECT_EQ(total(backend, "2026-12-01T00:00:01Z"), 1);
  EXPECT_EQ(store_->CountOpenJobsByRole("2026-12-01T00:00:01Z")->at("backend"), 1);
  EXPECT_EQ(total(backend, kNow), 2);

  auto second = db_->OpenAnother();
  ASSERT_TRUE(second->CreateJob(MakeJob("x", "Backend Elsewhere", {"backend"})).ok());
  EXPECT_EQ(total(backend, kNow), 3);
  EXPECT_EQ(store_->CountOpenJobsByRole(kNow)->at("backend"), 3);
  auto list = store_->ListJobs(backend, kNow);
  ASSERT_TRUE(second->DeleteJob(list->items[0].id).ok());
  EXPECT_EQ(total(backend, kNow), 2);
  EXPECT_EQ(store_->CountOpenJobsByRole(kNow)->at("backend"), 2);
}

// Job lists at scale (issue 12): every filter, sort, offset (deep ones too) and limit answers what
// a full scan of the open postings gives: the same jobs in the same order, the same total, and
// `more` exactly when jobs follow. The counts per role agree too.
TEST_P(JobsStoreTest, EveryFilterSortAndOffsetAgreesWithAFullScan) {
  std::vector<jobs::Job> batch;
  const std::vector<std::vector<std::string>> roles = {{"backend"}, {"frontend"}, {}, {"backend", "frontend"}};
  const char* units[] = {"YEAR", "MONTH", "HOUR"};
  for (int i = 0; i < 240; ++i) {
    char posted[16];
    std::snprintf(posted, sizeof posted, "2026-%02d-%02d", 9 + i % 3, 1 + (i * 7) % 28);
    jobs::Job j = MakeJob("s" + std::to_string(i), (i % 5 == 0 ? "alpha " : "Role ") + std::to_string(i % 17),
                          roles[static_cast<std::size_t>(i % 4)], posted);
    if (i % 3 == 1) {
      j.remote = jobs::RemotePolicy::kHybrid;
      j.offices = {{"Berlin", "", "Germany"}};
    }
    if (i % 4 == 2) j.employment_type = "CONTRACTOR";
    if (i % 5 != 4) {
      const double base = i % 3 == 0 ? 5000 : 40000 + 1000 * (i % 40);
      j.salary = jobs::Salary{base, base * 1.25, i % 2 == 0 ? "EUR" : "USD", units[i % 3]};
    }
    if (i % 11 == 3) j.valid_through = "2026-11-28T23:00:00Z";  // expired at kNow
    batch.push_back(j);
  }
  auto stats = store_->UpsertJobs(batch, {});
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  ASSERT_EQ(stats->ids.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].id = stats->ids[i];

  // The reference: the open postings that pass `f`, in its order.
  auto scan = [&](const jobs::JobFilter& f) {
    std::vector<const jobs::Job*> out;
    for (const auto& j : batch) {
      if (!j.valid_through.empty() && j.valid_through < kNow) continue;
      if (f.role == "other" ? !j.roles.empty()
                            : !f.role.empty() && std::find(j.roles.begin(), j.roles.end(), f.role) == j.roles.end())
        continue;
      if (f.remote_only && j.remote != jobs::RemotePolicy::kRemote) continue;
      if (!f.employment_type.empty() && j.employment_type != f.employment_type) continue;
      if (!f.currency.empty() && (!j.salary || j.salary->currency != f.currency)) continue;
      if (!jobs::MeetsMinimumSalary(f, j.salary)) continue;
      if (f.posted_within_days > 0 && j.date_posted < "2026-10-30") continue;  // kNow - 30 days
      out.push_back(&j);
    }
    auto key = [&](const jobs::Job* j) {
      return f.sort == jobs::JobSort::kSalary ? jobs::Annualise(j->salary->max, j->salary->unit) : 0.0;
    };
    std::sort(out.begin(), out.end(), [&](const jobs::Job* a, const jobs::Job* b) {
      if (f.sort == jobs::JobSort::kTitle) {
        const std::string ka = jobs::TitleSortKey(a->title), kb = jobs::TitleSortKey(b->title);
        return ka != kb ? ka < kb : a->id < b->id;
      }
      if (f.sort == jobs::JobSort::kSalary) return key(a) != key(b) ? key(a) > key(b) : a->id > b->id;
      return a->date_posted != b->date_posted ? a->date_posted > b->date_posted : a->id > b->id;
    });
    return out;
  };

  int checked = 0;
  for (const char* role : {"", "backend", "other"})
    for (bool remote : {false, true})
      for (const char* type : {"", "CONTRACTOR"})
        for (const char* currency : {"", "EUR"})
          for (double min : {0.0, 60000.0})
            for (int within : {0, 30})
              for (jobs::JobSort sort : {jobs::JobSort::kNewest, jobs::JobSort::kTitle, jobs::JobSort::kSalary})
                for (int offset : {0, 7, 150}) {
                  if ((min > 0 || sort == jobs::JobSort::kSalary) && std::string(currency).empty()) continue;
                  jobs::JobFilter f;
                  f.role = role;
                  f.remote_only = remote;
                  f.employment_type = type;
                  f.currency = currency;
                  f.min_salary = min;
                  f.posted_within_days = within;
                  f.sort = sort;
                  f.offset = offset;
                  f.limit = 5;
                  SCOPED_TRACE(::testing::Message()
                               << "role=" << role << " remote=" << remote << " type=" << type
                               << " currency=" << currency << " min=" << min << " within=" << within
                               << " sort=" << jobs::SortName(sort) << " offset=" << offset);
                  const auto expected = scan(f);
                  auto list = store_->ListJobs(f, kNow);
                  ASSERT_TRUE(list.ok()) << list.error().message;
                  EXPECT_EQ(list->total, static_cast<int>(expected.size()));
                  std::vector<std::int64_t> want, got;
                  for (std::size_t i = static_cast<std::size_t>(offset); i < expected.size() && want.size() < 5; ++i)
                    want.push_back(expected[i]->id);
                  for (const auto& j : list->items) got.push_back(j.id);
                  EXPECT_EQ(got, want);
                  EXPECT_EQ(list->more, expected.size() > static_cast<std::size_t>(offset) + 5);
                  ++checked;
                }
  EXPECT_GT(checked, 300);
  // Counts per role from the same postings.
  std::map<std::string, int> by_role;
  for (const auto& j : batch) {
    if (!j.valid_through.empty() && j.valid_through < kNow) continue;
    if (j.roles.empty()) ++by_role["other"];
    for (const auto& r : j.roles) ++by_role[r];
  }
  auto counts = store_->CountOpenJobsByRole(kNow);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(*counts, by_role);
}

// An import of many postings (written in batches by PostgreSQL) gives what writing them one by one
// in order gives: across batch boundaries, with postings listed twice (the second time unchanged
// or changed), stored ones unchanged or changed, their roles and every field as given.
TEST_P(JobsStoreTest, ALargeImportEqualsWritingOneByOne) {
  jobs::Job a = MakeJob("a", "Backend Engineer", {"backend"});
  jobs::Job b = MakeJob("b", "Frontend Engineer", {"frontend"});
  auto first = store_->UpsertJobs({a, b}, {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::vector<jobs::Job> list{a};  // stored, unchanged
  b.title = "Senior Frontend Engineer";
  list.push_back(b);  // stored, changed
  for (int i = 0; i < 1100; ++i) {
    jobs::Job n = MakeJob("n" + std::to_string(i), "New " + std::to_string(i), {i % 2 ? "data" : "backend", "devops"});
    if (i % 3 == 0) n.salary = jobs::Salary{100, 200.5, "EUR", "DAY"};
    list.push_back(n);
  }
  list.push_back(list[7]);  // n5 listed twice, the same
  jobs::Job n6 = list[8];
  n6.title = "New 6, changed";
  n6.roles = {"qa"};
  list.push_back(n6);  // n6 listed twice, changed the second time
  jobs::Job a2 = a;
  a2.roles = {"data"};
  list.push_back(a2);  // stored, then changed in the same list
  auto stats = store_->UpsertJobs(list, {});
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(stats->added, 1100);
  EXPECT_EQ(stats->updated, 3);    // b, n6 and a (the last time)
  EXPECT_EQ(stats->unchanged, 2);  // a (the first time), n5 again
  ASSERT_EQ(stats->ids.size(), list.size());
  EXPECT_EQ(stats->ids[0], first->ids[0]);
  EXPECT_EQ(stats->ids[1], first->ids[1]);
  EXPECT_EQ(stats->ids[list.size() - 3], stats->ids[7]);
  EXPECT_EQ(stats->ids[list.size() - 2], stats->ids[8]);
  EXPECT_EQ(stats->ids[list.size() - 1], first->ids[0]);
  for (std::size_t i = 3; i < 1102; ++i) EXPECT_LT(stats->ids[i - 1], stats->ids[i]) << "ids follow the feed";
  // Every field as the list's last word on it.
  for (std::size_t i :
       {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{1101}, list.size() - 2, list.size() - 1}) {
    auto got = store_->GetJob(stats->ids[i]);
    ASSERT_TRUE(got.ok() && got->has_value()) << i;
    jobs::Job expected = list[i];
    expected.id = stats->ids[i];
    EXPECT_EQ(**got, expected) << i;
  }
  auto counts = store_->CountOpenJobsByRole(kNow);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(*counts, (std::map<std::string, int>{
                         {"backend", 549}, {"data", 551}, {"devops", 1099}, {"frontend", 1}, {"qa", 1}}));
  EXPECT_EQ(Dump("SELECT role_slug FROM job_roles WHERE job_id = " + std::to_string(first->ids[0])),
            std::vector<std::string>{"data|"});
}

}  // namespace
}  // namespace starprep::store
