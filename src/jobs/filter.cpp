// SPDX-License-Identifier: Apache-2.0
#include "jobs/filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "jobs/model.h"

namespace starprep::jobs {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::optional<long long> Integer(const std::string& s) {
  long long n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return n;
}

bool IsSlug(const std::string& s) {
  return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::string_view SortName(JobSort s) {
  switch (s) {
    case JobSort::kSalary:
      return "salary";
    case JobSort::kTitle:
      return "title";
    case JobSort::kNewest:
      break;
  }
  return "newest";
}

Result<JobFilter> ParseJobFilter(const QueryLookup& query) {
  JobFilter f;
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto v = query(name);
    if (v && v->empty()) return std::nullopt;
    return v;
  };
  auto int_param = [&](const char* name, long long lo, long long hi, long long& out) -> Status {
    auto v = get(name);
    if (!v) return {};
    auto n = Integer(*v);
    if (!n || *n < lo || *n > hi)
      return Invalid(std::string("Query parameter \"") + name + "\" must be an integer from " + std::to_string(lo) +
                     " to " + std::to_string(hi) + ".");
    out = *n;
    return {};
  };
  if (auto role = get("role")) {
    if (!IsSlug(*role)) return Invalid("Query parameter \"role\" must be a role slug or \"other\".");
    f.role = *role;
  }
  if (auto remote = get("remote")) {
    if (*remote == "1" || *remote == "true" || *remote == "on")
      f.remote_only = true;
    else if (*remote != "0" && *remote != "false")
      return Invalid("Query parameter \"remote\" must be 1 or 0.");
  }
  if (auto type = get("type")) {
    if (std::find(std::begin(kEmploymentTypes), std::end(kEmploymentTypes), *type) == std::end(kEmploymentTypes))
      return Invalid(
          "Query parameter \"type\" must be one of FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, "
          "VOLUNTEER, PER_DIEM, OTHER.");
    f.employment_type = *type;
  }
  long long n = 0;
  if (auto s = int_param("min_salary", 0, 100'000'000, n); !s) return s.error();
  f.min_salary = static_cast<double>(n);
  if (auto currency = get("currency")) {
    std::string c;
    for (char ch : *currency) c += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (c.size() != 3 || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      return Invalid("Query parameter \"currency\" must be a three-letter ISO 4217 code such as EUR.");
    f.currency = c;
  }
  if (f.min_salary > 0 && f.currency.empty()) return Invalid(std::string(kMinSalaryNeedsCurrency));
  n = 0;
  if (auto s = int_param("posted_within", 1, 365, n); !s) return s.error();
  f.posted_within_days = static_cast<int>(n);
  if (auto sort = get("sort")) {
    if (*sort == "newest")
      f.sort = JobSort::kNewest;
    else if (*sort == "salary")
      f.sort = JobSort::kSalary;
    else if (*sort == "title")
      f.sort = JobSort::kTitle;
    else
      return Invalid("Query parameter \"sort\" must be newest, salary or title.");
  }
  n = f.limit;
  if (auto s = int_param("limit", 1, 100, n); !s) return s.error();
  f.limit = static_cast<int>(n);
  n = 0;
  if (auto s = int_param("offset", 0, 1'000'000, n); !s) return s.error();
  f.offset = static_cast<int>(n);
  return f;
}

bool MeetsMinimumSalary(const JobFilter& f, const std::optional<Salary>& salary) {
  if (f.min_salary <= 0) return true;
  if (!salary || salary->currency != f.currency) return false;
  return Annualise(salary->min, salary->unit) >= f.min_salary;
}

}  // namespace starprep::jobs
