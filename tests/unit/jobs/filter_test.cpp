// SPDX-License-Identifier: Apache-2.0
// jobs/filter: query parameters -> JobFilter, and the errors for bad values.

#include "jobs/filter.h"

#include <gtest/gtest.h>

#include <map>

namespace starprep::jobs {
namespace {

Result<JobFilter> Parse(std::map<std::string, std::string> q) {
  return ParseJobFilter([q](const char* name) -> std::optional<std::string> {
    auto it = q.find(name);
    if (it == q.end()) return std::nullopt;
    return it->second;
  });
}

TEST(JobFilterTest, Defaults) {
  auto f = Parse({});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->role, "");
  EXPECT_FALSE(f->remote_only);
  EXPECT_EQ(f->min_salary, 0);
  EXPECT_EQ(f->posted_within_days, 0);
  EXPECT_EQ(f->sort, JobSort::kNewest);
  EXPECT_EQ(f->limit, 20);
  EXPECT_EQ(f->offset, 0);
}

TEST(JobFilterTest, ReadsEveryParameter) {
  auto f = Parse({{"role", "data-engineer"},
                  {"remote", "1"},
                  {"type", "CONTRACTOR"},
                  {"min_salary", "60000"},
                  {"currency", "eur"},
                  {"posted_within", "7"},
                  {"sort", "salary"},
                  {"limit", "5"},
                  {"offset", "10"}});
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->role, "data-engineer");
  EXPECT_TRUE(f->remote_only);
  EXPECT_EQ(f->employment_type, "CONTRACTOR");
  EXPECT_EQ(f->min_salary, 60000);
  EXPECT_EQ(f->currency, "EUR");
  EXPECT_EQ(f->posted_within_days, 7);
  EXPECT_EQ(f->sort, JobSort::kSalary);
  EXPECT_EQ(f->limit, 5);
  EXPECT_EQ(f->offset, 10);
}

TEST(JobFilterTest, EmptyFormValuesMeanAny) {
  auto f =
      Parse({{"role", ""}, {"type", ""}, {"min_salary", ""}, {"currency", ""}, {"posted_within", ""}, {"sort", ""}});
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->employment_type, "");
  EXPECT_EQ(f->min_salary, 0);
}

TEST(JobFilterTest, BadValuesNameTheParameter) {
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{{"role", "Back End"},
                                                                             {"remote", "yes please"},
                                                                             {"type", "full-time"},
                                                                             {"min_salary", "-1"},
                                                                             {"min_salary", "lots"},
                                                                             {"currency", "EURO"},
                                                                             {"posted_within", "0"},
                                                                             {"posted_within", "366"},
                                                                             {"sort", "random"},
                                                                             {"limit", "0"},
                                                                             {"limit", "101"},
                                                                             {"offset", "-5"}}) {
    auto f = Parse({{name, value}});
    ASSERT_FALSE(f.ok()) << name << "=" << value;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(f.error().message.find("\"" + name + "\""), std::string::npos) << f.error().message;
  }
}

}  // namespace
}  // namespace starprep::jobs
