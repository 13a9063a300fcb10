// SPDX-License-Identifier: Apache-2.0
// jobs/filter: query parameters -> JobFilter, the errors for bad values, and the minimum-salary
// rule (the bottom of the range, per year, in one currency).

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

TEST(JobFilterTest, AMinimumSalaryNeedsACurrency) {
  auto f = Parse({{"min_salary", "300000"}});
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(f.error().message, kMinSalaryNeedsCurrency);
  EXPECT_NE(f.error().message.find("\"currency\""), std::string::npos);
  EXPECT_NE(f.error().message.find("\"min_salary\""), std::string::npos);
  EXPECT_FALSE(Parse({{"min_salary", "300000"}, {"currency", ""}}).ok()) << "the form's \"Any currency\"";
  EXPECT_TRUE(Parse({{"min_salary", "0"}}).ok()) << "0 is no minimum";
  EXPECT_TRUE(Parse({{"min_salary", ""}}).ok());
  EXPECT_TRUE(Parse({{"currency", "SEK"}}).ok()) << "a currency alone is a filter of its own";
  auto ok = Parse({{"min_salary", "300000"}, {"currency", "sek"}});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->currency, "SEK");
}

JobFilter Minimum(double min, std::string currency) {
  JobFilter f;
  f.min_salary = min;
  f.currency = std::move(currency);
  return f;
}

TEST(MeetsMinimumSalaryTest, NoMinimumLetsEverythingThrough) {
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(0, ""), std::nullopt));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(0, ""), Salary{1, 2, "SEK", "YEAR"}));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(0, "EUR"), Salary{1, 2, "SEK", "YEAR"}))
      << "the currency filter alone is applied elsewhere";
}

TEST(MeetsMinimumSalaryTest, AMissingSalaryNeverMeetsAMinimum) {
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(1, "EUR"), std::nullopt));
}

TEST(MeetsMinimumSalaryTest, OnlyTheChosenCurrencyIsCompared) {
  // The cases: SEK 550-650k is about EUR 50k; monthly PLN is not a yearly amount.
  const Salary sek{550000, 650000, "SEK", "YEAR"};
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(300000, "EUR"), sek));
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(300000, ""), sek)) << "no currency: nothing to compare with";
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(300000, "SEK"), sek));
  const Salary pln{15000, 22000, "PLN", "MONTH"};
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(100000, "EUR"), pln));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(180000, "PLN"), pln)) << "15,000 a month is 180,000 a year";
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(180001, "PLN"), pln));
}

TEST(MeetsMinimumSalaryTest, UnitsAreAnnualised) {
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(62400, "EUR"), Salary{30, 30, "EUR", "HOUR"}));  // x 2080
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(62401, "EUR"), Salary{30, 30, "EUR", "HOUR"}));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(65000, "EUR"), Salary{250, 250, "EUR", "DAY"}));  // x 260
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(65001, "EUR"), Salary{250, 250, "EUR", "DAY"}));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(52000, "EUR"), Salary{1000, 1000, "EUR", "WEEK"}));  // x 52
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(52001, "EUR"), Salary{1000, 1000, "EUR", "WEEK"}));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(60000, "EUR"), Salary{5000, 5000, "EUR", "MONTH"}));  // x 12
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(60001, "EUR"), Salary{5000, 5000, "EUR", "MONTH"}));
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(60000, "EUR"), Salary{60000, 60000, "EUR", "YEAR"}));
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(60001, "EUR"), Salary{60000, 60000, "EUR", "YEAR"}));
}

TEST(MeetsMinimumSalaryTest, TheBottomOfTheRangeCounts) {
  const Salary range{60000, 80000, "EUR", "YEAR"};
  EXPECT_TRUE(MeetsMinimumSalary(Minimum(60000, "EUR"), range));
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(70000, "EUR"), range)) << "a minimum inside the range is not met";
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(80000, "EUR"), range)) << "the top of the range does not count";
  EXPECT_FALSE(MeetsMinimumSalary(Minimum(100000, "EUR"), Salary{4000, 9000, "EUR", "MONTH"}))
      << "48,000-108,000 a year starts below 100,000";
}

}  // namespace
}  // namespace starprep::jobs
