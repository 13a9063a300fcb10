// SPDX-License-Identifier: Apache-2.0
#pragma once
// The job-listing model: one posting as starprep stores and shows it. Plain values, no I/O.
// Postings come from schema.org JobPosting JSON-LD (jobs/jsonld.h) or the editor API
// (jobs/api_json.h); both produce a Job and run Validate() on it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace starprep::jobs {

// starprep lists remote work only: fully remote, or remote with some days in an office.
enum class RemotePolicy { kRemote, kHybrid };

std::string_view RemotePolicyName(RemotePolicy p);  // "remote" | "hybrid"
std::optional<RemotePolicy> ParseRemotePolicy(std::string_view s);

// An office (schema.org Place/PostalAddress); at least one field is set.
struct Place {
  std::string locality;  // city
  std::string region;
  std::string country;  // name or ISO code, as given
  bool operator==(const Place&) const = default;
};

// A salary range (schema.org MonetaryAmount with a QuantitativeValue). min <= max; a single
// value has min == max.
struct Salary {
  double min = 0;
  double max = 0;
  std::string currency;  // ISO 4217, upper case ("EUR")
  std::string unit;      // HOUR | DAY | WEEK | MONTH | YEAR
  bool operator==(const Salary&) const = default;
};

// Salary units and their factor to a year (2080 hours, 260 days, 52 weeks, 12 months).
inline constexpr std::string_view kSalaryUnits[] = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"};
// The yearly equivalent of `amount` per `unit` (unit must be one of kSalaryUnits).
double Annualise(double amount, std::string_view unit);

// schema.org employmentType values we keep (others become OTHER).
inline constexpr std::string_view kEmploymentTypes[] = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY",
                                                        "INTERN",    "VOLUNTEER", "PER_DIEM",   "OTHER"};
// "full-time", "Full Time", "FULL_TIME" -> "FULL_TIME"; unknown non-empty values -> "OTHER".
std::string NormaliseEmploymentType(std::string_view s);
// "FULL_TIME" -> "Full-time" (for pages).
std::string EmploymentTypeLabel(std::string_view type);

// Source of the bundled sample feed: its postings are labelled "Sample listing" on pages.
inline constexpr std::string_view kSampleSource = "starprep-sample";

struct Job {
  std::int64_t id = 0;  // assigned by the store; 0 for a posting not stored yet
  std::string title;
  std::string company_name;
  std::string company_url;         // optional, http(s)
  std::string company_logo;        // optional, http(s)
  std::vector<std::string> roles;  // role slugs; empty: listed under "Other"
  RemotePolicy remote = RemotePolicy::kRemote;
  std::vector<std::string> applicant_locations;  // countries or time zones applicants may work from; empty: anywhere
  std::vector<Place> offices;                    // hybrid: where the office days are
  std::string employment_type;                   // one of kEmploymentTypes, or "" if not given
  std::optional<Salary> salary;
  std::string description_md;  // Markdown (HTML descriptions are converted on import)
  std::string apply_url;       // http(s)
  std::string date_posted;     // YYYY-MM-DD (UTC)
  std::string valid_through;   // YYYY-MM-DDTHH:MM:SSZ (UTC), "" if open-ended
  std::string source;          // who published it (an identifier's name, or the company)
  std::string source_id;       // unique within `source`; imports upsert by (source, source_id)
  std::vector<std::string> skills;

  bool operator==(const Job&) const = default;
};

// Checks what every stored job must satisfy; the message names the field and the problem.
// (title, company name, description, apply URL (http/https), date_posted, valid_through format,
// salary currency/unit/range, hybrid jobs need an office, source and source_id, lengths.)
Status Validate(const Job& job);

// True if `url` is an absolute http:// or https:// URL without spaces or control characters.
bool IsHttpUrl(std::string_view url);

// True when the posting's valid_through is before `now_utc` (YYYY-MM-DDTHH:MM:SSZ).
bool IsExpired(const Job& job, std::string_view now_utc);

// `job` with date_posted and valid_through moved by `days` (used to keep the bundled sample
// feed current: its newest posting is re-dated to today).
Job ShiftDates(Job job, int days);

// "EUR 60,000–80,000 per year", "USD 45.50 per hour".
std::string FormatSalary(const Salary& s);

// "Berlin, Germany" from the non-empty fields.
std::string FormatPlace(const Place& p);

}  // namespace starprep::jobs
