// SPDX-License-Identifier: Apache-2.0
// store::JobListIndex on its own (pure): what the store contract suite (jobs_test.cpp) cannot
// reach cheaply, such as more distinct roles than the index has role bits, and many filters.

#include "store/job_list_index.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace starprep::store {
namespace {

JobListRow Row(std::int64_t id, std::vector<std::string> roles) {
  JobListRow r;
  r.id = id;
  r.date_posted = "2026-11-" + std::to_string(10 + id % 10);
  r.title_key = "job " + std::to_string(id);
  r.employment_type = "FULL_TIME";
  r.roles = std::move(roles);
  if (id % 2 == 0)
    r.salary = jobs::Salary{1000.0 * static_cast<double>(id), 2000.0 * static_cast<double>(id), "EUR", "YEAR"};
  return r;
}

// 70 roles, one posting each (role-00 .. role-69), plus two with two roles and one with none.
JobListIndex Seventy() {
  std::vector<JobListRow> rows;
  for (int i = 0; i < 70; ++i) {
    char slug[16];
    std::snprintf(slug, sizeof slug, "role-%02d", i);
    rows.push_back(Row(i + 1, {slug}));
  }
  rows.push_back(Row(71, {"role-68", "role-00"}));
  rows.push_back(Row(72, {"role-69", "role-69"}));  // a slug listed twice counts once
  rows.push_back(Row(73, {}));
  return JobListIndex({1, ""}, std::move(rows));
}

std::vector<std::int64_t> Ids(const JobListIndex& index, const std::string& role) {
  jobs::JobFilter f;
  f.role = role;
  f.sort = jobs::JobSort::kTitle;
  f.limit = -1;
  return index.Find(f, "").ids;
}

TEST(JobListIndex, RolesPastTheRoleBitsAreComparedByName) {
  const JobListIndex index = Seventy();
  EXPECT_EQ(Ids(index, "role-00"), (std::vector<std::int64_t>{1, 71}));
  EXPECT_EQ(Ids(index, "role-62"), (std::vector<std::int64_t>{63}));
  EXPECT_EQ(Ids(index, "role-63"), (std::vector<std::int64_t>{64}));  // the first role without a bit of its own
  EXPECT_EQ(Ids(index, "role-68"), (std::vector<std::int64_t>{69, 71}));
  EXPECT_EQ(Ids(index, "role-69"), (std::vector<std::int64_t>{70, 72}));
  EXPECT_EQ(Ids(index, "other"), (std::vector<std::int64_t>{73}));
  EXPECT_TRUE(Ids(index, "role-99").empty());
  EXPECT_EQ(index.CountByRole().at("role-69"), 2);
  EXPECT_EQ(index.CountByRole().at("other"), 1);
  EXPECT_EQ(index.CountByRole().size(), 71U);
}

TEST(JobListIndex, ManyFiltersKeepTheirTotalsRight) {
  const JobListIndex index = Seventy();
  // More distinct minimums than the totals it keeps: each total is still the number of matches.
  for (int min = 1; min <= 2500; ++min) {
    jobs::JobFilter f;
    f.currency = "EUR";
    f.min_salary = static_cast<double>(min) * 30;
    f.limit = 1;
    int expected = 0;
    for (std::int64_t id = 2; id <= 72; id += 2)
      if (1000.0 * static_cast<double>(id) >= f.min_salary) ++expected;
    ASSERT_EQ(index.Find(f, "").total, expected) << min;
    ASSERT_EQ(index.Find(f, "").total, expected) << min << " (kept)";
  }
}

TEST(JobListIndex, IdListJsonIsAJsonArrayOfNumbersInOrder) {
  EXPECT_EQ(IdListJson({}), "[]");
  EXPECT_EQ(IdListJson({7}), "[7]");
  EXPECT_EQ(IdListJson({3, 1, 2}), "[3,1,2]");
  EXPECT_EQ(IdListJson({-1, 9223372036854775807}), "[-1,9223372036854775807]");
}

// A kJobListRows row as a backend reads it (column i of `values`; "\x01" is NULL).
struct FakeColumns {
  std::vector<std::string> values;
  std::int64_t Int(int i) const { return std::stoll(values.at(static_cast<std::size_t>(i))); }
  double Double(int i) const { return std::stod(values.at(static_cast<std::size_t>(i))); }
  std::string Text(int i) const { return values.at(static_cast<std::size_t>(i)); }
  bool Null(int i) const { return values.at(static_cast<std::size_t>(i)) == "\x01"; }
};

TEST(JobListIndex, ReadJobListRowDecodesEveryColumn) {
  auto row = ReadJobListRow(FakeColumns{{"42", "2026-11-30", "data engineer", "50000", "70000.5", "EUR", "YEAR",
                                         "hybrid", "FULL_TIME", R"(["data-engineer","backend-developer"])"}},
                            "test store");
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->id, 42);
  EXPECT_EQ(row->date_posted, "2026-11-30");
  EXPECT_EQ(row->title_key, "data engineer");
  ASSERT_TRUE(row->salary.has_value());
  EXPECT_EQ(*row->salary, (jobs::Salary{50000, 70000.5, "EUR", "YEAR"}));
  EXPECT_FALSE(row->remote);
  EXPECT_EQ(row->employment_type, "FULL_TIME");
  EXPECT_EQ(row->roles, (std::vector<std::string>{"data-engineer", "backend-developer"}));

  auto plain = ReadJobListRow(
      FakeColumns{{"7", "2026-11-01", "rust", "\x01", "\x01", "", "", "remote", "CONTRACTOR", "[]"}}, "test store");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->salary.has_value());
  EXPECT_TRUE(plain->remote);
  EXPECT_TRUE(plain->roles.empty());
}

TEST(JobListIndex, ReadJobListRowRejectsMalformedRoles) {
  auto row = ReadJobListRow(
      FakeColumns{{"9", "2026-11-01", "x", "\x01", "\x01", "", "", "remote", "FULL_TIME", "{not json"}}, "test store");
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().code, ErrorCode::kInternal);
  EXPECT_EQ(row.error().message, "test store: malformed roles of job 9");
}

TEST(JobListIndex, ReadJobRowDecodesEveryColumn) {
  const std::vector<std::string> columns{"12",
                                         "feed",
                                         "abc-1",
                                         "Data Engineer",
                                         "Acme",
                                         "https://acme.example",
                                         "https://acme.example/logo.png",
                                         "hybrid",
                                         R"(["Germany"])",
                                         R"([["Porto","","Portugal"]])",
                                         "FULL_TIME",
                                         "50000",
                                         "70000",
                                         "EUR",
                                         "YEAR",
                                         "Build pipelines.",
                                         "https://acme.example/apply",
                                         "2026-11-20",
                                         "2099-01-31",
                                         R"(["SQL","Airflow"])",
                                         R"(["data-engineer"])"};
  auto job = ReadJobRow(FakeColumns{columns}, "test store");
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->id, 12);
  EXPECT_EQ(job->source, "feed");
  EXPECT_EQ(job->source_id, "abc-1");
  EXPECT_EQ(job->title, "Data Engineer");
  EXPECT_EQ(job->company_name, "Acme");
  EXPECT_EQ(job->company_url, "https://acme.example");
  EXPECT_EQ(job->company_logo, "https://acme.example/logo.png");
  EXPECT_EQ(job->remote, jobs::RemotePolicy::kHybrid);
  EXPECT_EQ(job->applicant_locations, (std::vector<std::string>{"Germany"}));
  ASSERT_EQ(job->offices.size(), 1U);
  EXPECT_EQ(job->offices[0].locality, "Porto");
  EXPECT_EQ(job->employment_type, "FULL_TIME");
  EXPECT_EQ(job->salary, (jobs::Salary{50000, 70000, "EUR", "YEAR"}));
  EXPECT_EQ(job->description_md, "Build pipelines.");
  EXPECT_EQ(job->apply_url, "https://acme.example/apply");
  EXPECT_EQ(job->date_posted, "2026-11-20");
  EXPECT_EQ(job->valid_through, "2099-01-31");
  EXPECT_EQ(job->skills, (std::vector<std::string>{"SQL", "Airflow"}));
  EXPECT_EQ(job->roles, (std::vector<std::string>{"data-engineer"}));

  std::vector<std::string> plain = columns;
  plain[7] = "remote";
  plain[11] = plain[12] = "\x01";
  auto remote = ReadJobRow(FakeColumns{plain}, "test store");
  ASSERT_TRUE(remote.ok());
  EXPECT_EQ(remote->remote, jobs::RemotePolicy::kRemote);
  EXPECT_FALSE(remote->salary.has_value());

  for (const std::size_t list : {8U, 9U, 19U, 20U}) {
    std::vector<std::string> bad = columns;
    bad[list] = "{";
    auto broken = ReadJobRow(FakeColumns{bad}, "test store");
    ASSERT_FALSE(broken.ok()) << list;
    EXPECT_EQ(broken.error().message, "test store: malformed JSON list in job 12");
  }
}

}  // namespace
}  // namespace starprep::store
