// SPDX-License-Identifier: Apache-2.0
// jobs/filter: query parameters -> JobFilter, the errors for bad values, and the minimum-salary
// rule (the bottom of the range, per year, in one currency).

#include "jobs/filter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

TEST(JobFilterTest, SalarySortNeedsACurrency) {
  auto f = Parse({{"sort", "salary"}});
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(f.error().message, kSalarySortNeedsCurrency);
  EXPECT_TRUE(Parse({{"sort", "salary"}, {"currency", "usd"}}).ok());
}

TEST(JobFilterTest, CursorsRoundTripAndAreTiedToTheirSort) {
  Job last;
  last.id = 42;
  last.title = "Senior Back-End Engineer | Payments";
  last.date_posted = "2026-11-20";
  last.salary = Salary{40, 55.5, "USD", "HOUR"};
  const std::pair<const char*, const char*> cases[] = {{"newest", ""}, {"title", ""}, {"salary", "USD"}};
  for (auto [sort, currency] : cases) {
    auto f = Parse({{"sort", sort}, {"currency", currency}});
    ASSERT_TRUE(f.ok()) << f.error().message;
    const JobCursor c = CursorAfter(*f, last);
    EXPECT_EQ(c.id, 42);
    const std::string text = EncodeJobCursor(c);
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << text;
    EXPECT_EQ(DecodeJobCursor(text), c) << sort;
    auto next = Parse({{"sort", sort}, {"currency", currency}, {"cursor", text}});
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_EQ(next->after, c);
  }
  auto by_title = Parse({{"sort", "title"}});
  EXPECT_EQ(CursorAfter(*by_title, last).text, "senior back-end engineer | payments");
  auto by_salary = Parse({{"sort", "salary"}, {"currency", "USD"}});
  EXPECT_EQ(CursorAfter(*by_salary, last).amount, Annualise(55.5, "HOUR"));

  // Another sort's cursor, or another currency's, is refused.
  auto newest = Parse({});
  const std::string newest_cursor = EncodeJobCursor(CursorAfter(*newest, last));
  EXPECT_FALSE(Parse({{"sort", "title"}, {"cursor", newest_cursor}}).ok());
  const std::string usd = EncodeJobCursor(CursorAfter(*by_salary, last));
  auto eur = Parse({{"sort", "salary"}, {"currency", "EUR"}, {"cursor", usd}});
  ASSERT_FALSE(eur.ok());
  EXPECT_EQ(eur.error().code, ErrorCode::kInvalidArgument);
}

TEST(JobFilterTest, TamperedCursorsAreInvalidArguments) {
  auto f = Parse({});
  Job last;
  last.id = 7;
  last.date_posted = "2026-11-20";
  const std::string good = EncodeJobCursor(CursorAfter(*f, last));
  std::vector<std::string> bad = {
      "x", "====", "%%%", good + "A", good.substr(0, good.size() - 2), std::string(3000, 'A')};
  // Well-formed base64url of payloads that are not cursors.
  for (const char* payload :
       {"2|n|7|2026-11-20", "1|x|7|2026-11-20", "1|n|0|2026-11-20", "1|n|-7|2026-11-20", "1|n|007|2026-11-20",
        "1|n|7|2026-13", "1|n|7|", "1|t|7|Upper Case", "1|s|7|nan|USD", "1|s|7|-1|USD", "1|s|7|12|usd", "1|s|7||USD",
        "1|n|99999999999999999999|2026-11-20", "", "1"}) {
    std::string text;
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : std::string_view(payload)) {
      acc = ((acc << 8) | c) & 0xFFFFFu;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        text += kAlphabet[(acc >> bits) & 63u];
      }
    }
    if (bits > 0) text += kAlphabet[(acc << (6 - bits)) & 63u];
    bad.push_back(text);
  }
  for (const auto& text : bad) {
    EXPECT_FALSE(DecodeJobCursor(text).has_value()) << text;
    auto parsed = Parse({{"cursor", text}});
    if (text.empty()) continue;  // an empty value means "no cursor"
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace starprep::jobs
