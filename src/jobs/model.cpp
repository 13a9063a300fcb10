// SPDX-License-Identifier: Apache-2.0
#include "jobs/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/dates.h"
#include "core/html.h"

namespace starprep::jobs {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

constexpr std::size_t kMaxShort = 300;  // titles, names, ids
constexpr std::size_t kMaxUrl = 2000;
constexpr std::size_t kMaxDescription = 100'000;  // bytes of Markdown
constexpr std::size_t kMaxListItems = 50;

}  // namespace

std::string_view RemotePolicyName(RemotePolicy p) {
  return p == RemotePolicy::kHybrid ? "hybrid" : "remote";
}

std::optional<RemotePolicy> ParseRemotePolicy(std::string_view s) {
  if (s == "remote") return RemotePolicy::kRemote;
  if (s == "hybrid") return RemotePolicy::kHybrid;
  return std::nullopt;
}

double Annualise(double amount, std::string_view unit) {
  if (unit == "HOUR") return amount * 2080;
  if (unit == "DAY") return amount * 260;
  if (unit == "WEEK") return amount * 52;
  if (unit == "MONTH") return amount * 12;
  return amount;
}

std::string NormaliseEmploymentType(std::string_view s) {
  std::string t;
  for (char c : s) {
    if (c == '-' || c == ' ')
      t += '_';
    else
      t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  while (!t.empty() && t.back() == '_') t.pop_back();
  while (!t.empty() && t.front() == '_') t.erase(t.begin());
  if (t.empty()) return "";
  if (t == "FULLTIME") t = "FULL_TIME";
  if (t == "PARTTIME") t = "PART_TIME";
  if (t == "CONTRACT" || t == "CONTRACTOR") t = "CONTRACTOR";
  if (t == "INTERNSHIP") t = "INTERN";
  for (auto known : kEmploymentTypes)
    if (t == known) return t;
  return "OTHER";
}

std::string EmploymentTypeLabel(std::string_view type) {
  if (type == "FULL_TIME") return "Full-time";
  if (type == "PART_TIME") return "Part-time";
  if (type == "CONTRACTOR") return "Contract";
  if (type == "TEMPORARY") return "Temporary";
  if (type == "INTERN") return "Internship";
  if (type == "VOLUNTEER") return "Volunteer";
  if (type == "PER_DIEM") return "Per diem";
  if (type == "OTHER") return "Other";
  return "";
}

bool IsHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://"))
    rest = url.substr(8);
  else if (url.starts_with("http://"))
    rest = url.substr(7);
  else
    return false;
  if (rest.empty() || rest.front() == '/' || url.size() > kMaxUrl) return false;
  return std::none_of(url.begin(), url.end(),
                      [](unsigned char c) { return c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>'; });
}

Status Validate(const Job& job) {
  auto text = [](const std::string& value, const char* field, bool required, std::size_t max) -> Status {
    if (required && Blank(value)) return Invalid(std::string(field) + " is missing");
    if (!html::IsValidUtf8(value)) return Invalid(std::string(field) + " is not valid UTF-8");
    if (value.size() > max) return Invalid(std::string(field) + " is longer than " + std::to_string(max) + " bytes");
    return {};
  };
  if (auto s = text(job.title, "title", true, kMaxShort); !s) return s;
  if (auto s = text(job.company_name, "hiringOrganization.name", true, kMaxShort); !s) return s;
  if (auto s = text(job.description_md, "description", true, kMaxDescription); !s) return s;
  if (auto s = text(job.source, "source", true, kMaxShort); !s) return s;
  if (auto s = text(job.source_id, "source id", true, kMaxShort); !s) return s;
  if (!IsHttpUrl(job.apply_url)) {
    return Invalid(job.apply_url.empty() ? "url (the apply link) is missing"
                                         : "url (the apply link) must be an absolute http(s) URL");
  }
  if (!job.company_url.empty() && !IsHttpUrl(job.company_url))
    return Invalid("hiringOrganization.sameAs must be an absolute http(s) URL");
  if (!job.company_logo.empty() && !IsHttpUrl(job.company_logo))
    return Invalid("hiringOrganization.logo must be an absolute http(s) URL");
  if (job.date_posted.size() != 10 || !dates::ParseIsoTime(job.date_posted))
    return Invalid(job.date_posted.empty() ? "datePosted is missing" : "datePosted must be a date (YYYY-MM-DD)");
  if (!job.valid_through.empty() && (job.valid_through.size() != 20 || !dates::ParseIsoTime(job.valid_through)))
    return Invalid("validThrough must be a date or date-time");
  if (!job.valid_through.empty() && job.valid_through.substr(0, 10) < job.date_posted)
    return Invalid("validThrough is before datePosted");
  if (job.remote == RemotePolicy::kHybrid && job.offices.empty())
    return Invalid("a hybrid job needs a jobLocation (the office)");
  for (const auto& p : job.offices) {
    if (p.locality.empty() && p.region.empty() && p.country.empty()) return Invalid("jobLocation has no address");
    for (const auto* f : {&p.locality, &p.region, &p.country})
      if (auto s = text(*f, "jobLocation address", false, kMaxShort); !s) return s;
  }
  if (job.offices.size() > kMaxListItems || job.applicant_locations.size() > kMaxListItems ||
      job.skills.size() > kMaxListItems || job.roles.size() > kMaxListItems)
    return Invalid("too many locations, skills or roles (at most " + std::to_string(kMaxListItems) + " each)");
  for (const auto& l : job.applicant_locations)
    if (auto s = text(l, "applicantLocationRequirements", true, kMaxShort); !s) return s;
  for (const auto& l : job.skills)
    if (auto s = text(l, "skills", true, kMaxShort); !s) return s;
  if (!job.employment_type.empty() && EmploymentTypeLabel(job.employment_type).empty())
    return Invalid("employmentType \"" + job.employment_type + "\" is not a schema.org employment type");
  if (job.salary) {
    const Salary& s = *job.salary;
    if (s.currency.size() != 3 ||
        !std::all_of(s.currency.begin(), s.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      return Invalid("baseSalary.currency must be an ISO 4217 code such as EUR");
    if (std::find(std::begin(kSalaryUnits), std::end(kSalaryUnits), s.unit) == std::end(kSalaryUnits))
      return Invalid("baseSalary unitText must be HOUR, DAY, WEEK, MONTH or YEAR");
    if (!(s.min > 0) || !(s.max >= s.min) || s.max > 1e9)
      return Invalid("baseSalary must be positive, with minValue <= maxValue");
  }
  return {};
}

bool IsExpired(const Job& job, std::string_view now_utc) {
  return !job.valid_through.empty() && job.valid_through < now_utc;
}

namespace {

std::string Amount(double v) {
  const bool whole = v == static_cast<double>(static_cast<long long>(v));
  long long units = static_cast<long long>(v);
  std::string digits = std::to_string(units);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  if (!whole) {
    long long cents = std::llround((v - static_cast<double>(units)) * 100);
    if (cents >= 100) cents = 99;
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
  }
  return out;
}

}  // namespace

Job ShiftDates(Job job, int days) {
  const std::int64_t delta = static_cast<std::int64_t>(days) * 86400;
  if (auto t = dates::ParseIsoTime(job.date_posted)) job.date_posted = dates::FormatDate(*t + delta);
  if (auto t = dates::ParseIsoTime(job.valid_through)) job.valid_through = dates::FormatUtc(*t + delta);
  return job;
}

std::string FormatSalary(const Salary& s) {
  std::string unit = s.unit == "HOUR"    ? "hour"
                     : s.unit == "DAY"   ? "day"
                     : s.unit == "WEEK"  ? "week"
                     : s.unit == "MONTH" ? "month"
                                         : "year";
  std::string range = Amount(s.min);
  if (s.max != s.min) range += "\u2013" + Amount(s.max);
  return s.currency + " " + range + " per " + unit;
}

std::string FormatPlace(const Place& p) {
  std::string out;
  for (const auto* f : {&p.locality, &p.region, &p.country}) {
    if (f->empty()) continue;
    if (!out.empty()) out += ", ";
    out += *f;
  }
  return out;
}

}  // namespace starprep::jobs
