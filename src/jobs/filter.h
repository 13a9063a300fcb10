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
//                         newest: date_posted, then id, both descending; title: TitleSortKey,
//                         then id, ascending; salary: the top of the range per year, then id,
//                         descending, within ONE currency: it needs currency= (amounts in
//                         different currencies cannot be compared)
//   cursor=...            keyset pagination: the page starts after the job the cursor names (the
//                         API's next_cursor: opaque, checked, tied to the sort)
//   limit, offset         page size (1..100, default 20) and start (after the cursor, if any)

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "jobs/model.h"

namespace starprep::jobs {

enum class JobSort { kNewest, kSalary, kTitle };

// Where a page starts (keyset pagination): the sort key of the last job of the page before.
struct JobCursor {
  JobSort sort = JobSort::kNewest;
  std::string text;     // newest: date_posted; title: TitleSortKey(title); salary: the currency
  double amount = 0;    // salary: Annualise(salary max, unit)
  std::int64_t id = 0;  // the job's id: the tie-breaker of every sort
  bool operator==(const JobCursor&) const = default;
};

struct JobFilter {
  std::string role;  // "" any; "other": unmapped
  bool remote_only = false;
  std::string employment_type;  // "" any
  double min_salary = 0;        // 0: no minimum
  std::string currency;         // "" any
  int posted_within_days = 0;   // 0: any age
  JobSort sort = JobSort::kNewest;
  std::optional<JobCursor> after;  // keyset: start after this job (its sort matches `sort`)
  int limit = 20;
  int offset = 0;
};

// Looks a query parameter up: its decoded value, nullopt if absent.
using QueryLookup = std::function<std::optional<std::string>(const char* name)>;

// ParseJobFilter's message when min_salary (above 0) comes without currency.
inline constexpr std::string_view kMinSalaryNeedsCurrency =
    "A minimum salary needs a currency: salaries are compared per year in one currency, so choose the "
    "currency of the minimum (query parameter \"currency\" with \"min_salary\").";

// ParseJobFilter's message when sort=salary comes without currency.
inline constexpr std::string_view kSalarySortNeedsCurrency =
    "Sorting by salary needs a currency: salaries in different currencies cannot be compared, so choose "
    "one (query parameter \"currency\" with \"sort=salary\").";

// Reads every filter; kInvalidArgument names the first bad parameter and what it accepts, or is
// kMinSalaryNeedsCurrency for a minimum salary without a currency, or kSalarySortNeedsCurrency
// for sort=salary without one. A cursor that is not one EncodeJobCursor made for this sort (and
// currency) is kInvalidArgument too, never anything worse.
// Empty values count as absent (an HTML form sends "type=" for "any").
Result<JobFilter> ParseJobFilter(const QueryLookup& query);

// The minimum-salary filter for one posting: true when `f` sets no minimum, or when `salary`
// is in f.currency and the bottom of its range, per year (Annualise: 2080 hours, 260 days, 52
// weeks, 12 months), is at least f.min_salary. A posting without a salary never meets a minimum.
// The store's SQL implements the same rule (checked by the store's tests).
bool MeetsMinimumSalary(const JobFilter& f, const std::optional<Salary>& salary);

std::string_view SortName(JobSort s);  // "newest" | "salary" | "title"

// The title as the title sort compares it: ASCII letters lower-cased, other bytes kept (byte
// order after that). The store keeps it per job (jobs.title_key).
std::string TitleSortKey(std::string_view title);

// The cursor of the page that follows `last`, the last job of a page listed with `f`.
JobCursor CursorAfter(const JobFilter& f, const Job& last);

// Opaque URL-safe text (base64url) for a cursor, and back. DecodeJobCursor gives nullopt for
// anything EncodeJobCursor did not make.
std::string EncodeJobCursor(const JobCursor& c);
std::optional<JobCursor> DecodeJobCursor(std::string_view text);

}  // namespace starprep::jobs
