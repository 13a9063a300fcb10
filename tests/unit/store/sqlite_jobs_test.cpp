// SPDX-License-Identifier: Apache-2.0
// The SQLite store's jobs: upserts by (source, source_id), filters, sorting, paging, expiry,
// counts per role, the state a server watches, and editor writes.

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "jobs/filter.h"
#include "store/store.h"

namespace starprep::store {
namespace {

namespace fs = std::filesystem;

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

class SqliteJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sp-jobs-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto opened = OpenSqliteStore((dir_ / "db.sqlite").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
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

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteJobsTest, UpsertAddsUpdatesAndKeepsIds) {
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

TEST_F(SqliteJobsTest, AnInvalidJobWritesNothing) {
  jobs::Job bad = MakeJob("x", "", {});
  auto r = store_->UpsertJobs({MakeJob("a", "A", {}), bad}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*store_->HasJobs(), false);
}

TEST_F(SqliteJobsTest, ProgressIsReported) {
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

TEST_F(SqliteJobsTest, Filters) {
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
TEST_F(SqliteJobsTest, MinimumSalaryFilterAgreesWithTheRule) {
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

TEST_F(SqliteJobsTest, SortingAndPaging) {
  Seed();
  jobs::JobFilter f;
  f.sort = jobs::JobSort::kSalary;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{"b", "a", "c"}));  // no salary last
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

TEST_F(SqliteJobsTest, CountsAndStateFollowWritesAndExpiry) {
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

TEST_F(SqliteJobsTest, EditorWrites) {
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

}  // namespace
}  // namespace starprep::store
