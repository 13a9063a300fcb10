// SPDX-License-Identifier: Apache-2.0
#include "jobs/filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

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

constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kMaxCursorChars = 2000;

std::string ToBase64Url(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = ((acc << 8) | c) & 0xFFFFFu;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(acc >> bits) & 63u];
    }
  }
  if (bits > 0) out += kBase64Url[(acc << (6 - bits)) & 63u];
  return out;
}

// Only the canonical form (unused trailing bits zero) decodes.
std::optional<std::string> FromBase64Url(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const auto v = kBase64Url.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = ((acc << 6) | static_cast<std::uint32_t>(v)) & 0xFFFFFu;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFFu);
    }
  }
  if (bits >= 6 || (acc & ((1u << bits) - 1u)) != 0) return std::nullopt;
  return out;
}

// The next '|'-separated field of `rest` (all of it when there is no '|'); `rest` moves past it.
std::string_view NextField(std::string_view& rest) {
  const auto bar = rest.find('|');
  std::string_view field = rest.substr(0, bar);
  rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  return field;
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

bool IsCurrency(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
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
    if (!IsCurrency(c))
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
  if (f.sort == JobSort::kSalary && f.currency.empty()) return Invalid(std::string(kSalarySortNeedsCurrency));
  if (auto cursor = get("cursor")) {
    auto after = DecodeJobCursor(*cursor);
    if (!after || after->sort != f.sort || (f.sort == JobSort::kSalary && after->text != f.currency))
      return Invalid(
          "Query parameter \"cursor\" must be the next_cursor of an earlier page with the same sort and "
          "currency.");
    f.after = std::move(*after);
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

namespace starprep::jobs {

std::string TitleSortKey(std::string_view title) {
  std::string key(title);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

JobCursor CursorAfter(const JobFilter& f, const Job& last) {
  JobCursor c;
  c.sort = f.sort;
  c.id = last.id;
  switch (f.sort) {
    case JobSort::kNewest:
      c.text = last.date_posted;
      break;
    case JobSort::kTitle:
      c.text = TitleSortKey(last.title);
      break;
    case JobSort::kSalary:
      c.text = f.currency;
      if (last.salary) c.amount = Annualise(last.salary->max, last.salary->unit);
      break;
  }
  return c;
}

// The payload: "1|<n|t|s>|<id>|<date or title key>" or "1|s|<id>|<amount>|<currency>".
std::string EncodeJobCursor(const JobCursor& c) {
  std::string payload = "1|";
  payload += c.sort == JobSort::kNewest ? 'n' : c.sort == JobSort::kTitle ? 't' : 's';
  payload += '|' + std::to_string(c.id) + '|';
  if (c.sort == JobSort::kSalary) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, c.amount);
    payload.append(buf, ec == std::errc() ? end : buf);
    payload += '|';
  }
  payload += c.text;
  return ToBase64Url(payload);
}

std::optional<JobCursor> DecodeJobCursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursorChars) return std::nullopt;
  auto payload = FromBase64Url(text);
  if (!payload) return std::nullopt;
  std::string_view rest = *payload;
  if (NextField(rest) != "1") return std::nullopt;
  const std::string_view sort = NextField(rest);
  JobCursor c;
  if (sort == "n")
    c.sort = JobSort::kNewest;
  else if (sort == "t")
    c.sort = JobSort::kTitle;
  else if (sort == "s")
    c.sort = JobSort::kSalary;
  else
    return std::nullopt;
  const std::string_view id = NextField(rest);
  auto [id_end, id_ec] = std::from_chars(id.data(), id.data() + id.size(), c.id);
  if (id_ec != std::errc() || id_end != id.data() + id.size() || c.id <= 0 || std::to_string(c.id) != id)
    return std::nullopt;
  if (c.sort == JobSort::kSalary) {
    const std::string_view amount = NextField(rest);
    auto [end, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), c.amount);
    if (amount.empty() || ec != std::errc() || end != amount.data() + amount.size() || !std::isfinite(c.amount) ||
        c.amount < 0)
      return std::nullopt;
    if (!IsCurrency(rest)) return std::nullopt;
  } else if (c.sort == JobSort::kNewest) {
    if (!IsDate(rest)) return std::nullopt;
  } else if (rest.size() > 1000 || TitleSortKey(rest) != rest) {
    return std::nullopt;
  }
  c.text = std::string(rest);
  return c;
}

}  // namespace starprep::jobs
