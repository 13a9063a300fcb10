// SPDX-License-Identifier: Apache-2.0
#pragma once
// The job list's filters, sorting and paging, as the /jobs page and GET /api/v1/jobs read them
// from query parameters. Pure.
//
//   role=SLUG | other     jobs of one role ("other": jobs no role matched)
//   remote=1              remote-only jobs (hybrid ones are left out)
//   type=FULL_TIME        one schema.org employment type
//   min_salary=N          the BOTTOM of the salary range, per year, is at least N in the chosen
//                         currency (postings without a salary are left out); needs currency=,
//                         since amounts in different currencies cannot be compared
//   currency=EUR          only salaries in this currency
//   posted_within=N       posted in the last N days (1..365)
//   sort=newest|salary|title
//   limit, offset         page size (1..100, default 20) and start

#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "jobs/model.h"

namespace starprep::jobs {

enum class JobSort { kNewest, kSalary, kTitle };

struct JobFilter {
  std::string role;  // "" any; "other": unmapped
  bool remote_only = false;
  std::string employment_type;  // "" any
  double min_salary = 0;        // 0: no minimum
  std::string currency;         // "" any
  int posted_within_days = 0;   // 0: any age
  JobSort sort = JobSort::kNewest;
  int limit = 20;
  int offset = 0;
};

// Looks a query parameter up: its decoded value, nullopt if absent.
using QueryLookup = std::function<std::optional<std::string>(const char* name)>;

// ParseJobFilter's message when min_salary (above 0) comes without currency.
inline constexpr std::string_view kMinSalaryNeedsCurrency =
    "A minimum salary needs a currency: salaries are compared per year in one currency, so choose the "
    "currency of the minimum (query parameter \"currency\" with \"min_salary\").";

// Reads every filter; kInvalidArgument names the first bad parameter and what it accepts, or is
// kMinSalaryNeedsCurrency for a minimum salary without a currency.
// Empty values count as absent (an HTML form sends "type=" for "any").
Result<JobFilter> ParseJobFilter(const QueryLookup& query);

// The minimum-salary filter for one posting: true when `f` sets no minimum, or when `salary`
// is in f.currency and the bottom of its range, per year (Annualise: 2080 hours, 260 days, 52
// weeks, 12 months), is at least f.min_salary. A posting without a salary never meets a minimum.
// The store's SQL implements the same rule (checked by the store's tests).
bool MeetsMinimumSalary(const JobFilter& f, const std::optional<Salary>& salary);

std::string_view SortName(JobSort s);  // "newest" | "salary" | "title"

}  // namespace starprep::jobs
