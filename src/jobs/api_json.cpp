// SPDX-License-Identifier: Apache-2.0
#include "jobs/api_json.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/dates.h"

namespace starprep::jobs {
namespace json = boost::json;
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}

json::value Amount(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return json::value(static_cast<std::int64_t>(d));
  return json::value(d);
}

Result<std::string> OptString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return Invalid("Field \"" + std::string(key) + "\" must be a string.");
  return std::string(v->as_string());
}

Result<std::vector<std::string>> OptStrings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return Invalid("Field \"" + std::string(key) + "\" must be an array of strings.");
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return Invalid("Field \"" + std::string(key) + "\" must be an array of strings.");
    out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<double> Num(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

bool Only(const json::object& o, std::initializer_list<std::string_view> keys, std::string& unknown) {
  for (const auto& [k, v] : o) {
    if (std::find(keys.begin(), keys.end(), std::string_view(k)) == keys.end()) {
      unknown = std::string(k);
      return false;
    }
  }
  return true;
}

// ---- FromApiJson's steps, in the order it checks (the first problem found is the one reported) --

// Top-level strings that need parsing after they are read.
struct RawFields {
  std::string date_posted, valid_through, remote, employment_type;
};

// The top-level string fields: each absent or null (empty) or a string.
Status ReadStrings(const json::object& o, Job& job, RawFields& raw) {
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"title", &job.title},
                          {"description", &job.description_md},
                          {"apply_url", &job.apply_url},
                          {"source", &job.source},
                          {"source_id", &job.source_id},
                          {"date_posted", &raw.date_posted},
                          {"valid_through", &raw.valid_through},
                          {"remote", &raw.remote},
                          {"employment_type", &raw.employment_type}}) {
    auto v = OptString(o, key);
    if (!v) return v.error();
    *out = std::move(*v);
  }
  return {};
}

// "company": required, {name, url, logo} and nothing else.
Status ReadCompany(const json::object& o, Job& job) {
  const json::value* company = o.if_contains("company");
  if (!company || !company->is_object()) return Invalid("Field \"company\" is required: {\"name\": ...}.");
  std::string unknown;
  if (!Only(company->as_object(), {"name", "url", "logo"}, unknown))
    return Invalid("Unknown field \"company." + unknown + "\".");
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"name", &job.company_name},
                          {"url", &job.company_url},
                          {"logo", &job.company_logo}}) {
    auto v = OptString(company->as_object(), key);
    if (!v) return Invalid("Field \"company." + std::string(key) + "\" must be a string.");
    *out = std::move(*v);
  }
  return {};
}

// "remote" (required) and "employment_type" (optional, a schema.org name as it is normalised).
Status ReadPolicyAndType(const RawFields& raw, Job& job) {
  if (raw.remote.empty()) return Invalid("Field \"remote\" is required: \"remote\" or \"hybrid\".");
  auto policy = ParseRemotePolicy(raw.remote);
  if (!policy) return Invalid("Field \"remote\" must be \"remote\" or \"hybrid\".");
  job.remote = *policy;
  if (!raw.employment_type.empty()) {
    job.employment_type = NormaliseEmploymentType(raw.employment_type);
    if (job.employment_type != raw.employment_type)
      return Invalid("Field \"employment_type\" must be a schema.org employment type such as FULL_TIME.");
  }
  return {};
}

// "date_posted" (required, kept as a date) and "valid_through" (a date means the end of that day).
Status ReadDates(const RawFields& raw, Job& job) {
  if (raw.date_posted.empty()) return Invalid("Field \"date_posted\" is required (YYYY-MM-DD).");
  auto posted = dates::ParseIsoTime(raw.date_posted);
  if (!posted) return Invalid("Field \"date_posted\" must be an ISO 8601 date.");
  job.date_posted = dates::FormatDate(*posted);
  if (!raw.valid_through.empty()) {
    auto t = dates::ParseIsoTime(raw.valid_through);
    if (!t) return Invalid("Field \"valid_through\" must be an ISO 8601 date or date-time.");
    job.valid_through = dates::FormatUtc(dates::IsDateOnly(raw.valid_through) ? *t + 86399 : *t);
  }
  return {};
}

// "applicant_locations" and "skills": arrays of strings.
Status ReadStringLists(const json::object& o, Job& job) {
  for (auto [key, out] :
       {std::pair<std::string_view, std::vector<std::string>*>{"applicant_locations", &job.applicant_locations},
        {"skills", &job.skills}}) {
    auto v = OptStrings(o, key);
    if (!v) return v.error();
    *out = std::move(*v);
  }
  return {};
}

// "offices": an array of {locality, region, country}, or absent/null.
Status ReadOffices(const json::object& o, Job& job) {
  const json::value* offices = o.if_contains("offices");
  if (!offices || offices->is_null()) return {};
  if (!offices->is_array()) return Invalid("Field \"offices\" must be an array of {locality, region, country}.");
  for (const auto& item : offices->as_array()) {
    if (!item.is_object()) return Invalid("Field \"offices\" must be an array of {locality, region, country}.");
    Place p;
    for (auto [key, out] : {std::pair<std::string_view, std::string*>{"locality", &p.locality},
                            {"region", &p.region},
                            {"country", &p.country}}) {
      auto v = OptString(item.as_object(), key);
      if (!v) return Invalid("Field \"offices[]." + std::string(key) + "\" must be a string.");
      *out = std::move(*v);
    }
    job.offices.push_back(std::move(p));
  }
  return {};
}

// "salary": {min, max, currency, unit} with min or max (one alone is both), or absent/null.
Status ReadSalary(const json::object& o, Job& job) {
  const json::value* salary = o.if_contains("salary");
  if (!salary || salary->is_null()) return {};
  if (!salary->is_object()) return Invalid("Field \"salary\" must be {min, max, currency, unit} or null.");
  const json::object& s = salary->as_object();
  auto lo = Num(s.if_contains("min"));
  auto hi = Num(s.if_contains("max"));
  if (!lo && !hi) return Invalid("Field \"salary\" needs min or max (numbers).");
  Salary out;
  out.min = lo ? *lo : *hi;
  out.max = hi ? *hi : *lo;
  auto currency = OptString(s, "currency");
  auto unit = OptString(s, "unit");
  if (!currency || !unit) return Invalid("Fields \"salary.currency\" and \"salary.unit\" must be strings.");
  out.currency = *currency;
  out.unit = *unit;
  job.salary = out;
  return {};
}

// "roles": slugs of `roles` (duplicates dropped); absent or null maps title and skills to roles.
// Needs the title and skills read first.
Status ReadRoles(const json::object& o, const std::vector<RoleInfo>& roles, Job& job) {
  if (!o.contains("roles") || o.at("roles").is_null()) {
    job.roles = MapRoles(job.title, job.skills, roles);
    return {};
  }
  auto list = OptStrings(o, "roles");
  if (!list) return list.error();
  for (const auto& slug : *list) {
    if (std::none_of(roles.begin(), roles.end(), [&](const RoleInfo& r) { return r.slug == slug; }))
      return Invalid("Field \"roles\": there is no role \"" + slug + "\".");
    if (std::find(job.roles.begin(), job.roles.end(), slug) == job.roles.end()) job.roles.push_back(slug);
  }
  return {};
}

}  // namespace

json::object ToApiJson(const Job& job, std::string_view now_utc) {
  json::object company{{"name", job.company_name},
                       {"url", job.company_url.empty() ? json::value(nullptr) : json::value(job.company_url)},
                       {"logo", job.company_logo.empty() ? json::value(nullptr) : json::value(job.company_logo)}};
  json::array offices;
  for (const auto& p : job.offices)
    offices.push_back({{"locality", p.locality}, {"region", p.region}, {"country", p.country}});
  json::value salary = nullptr;
  if (job.salary)
    salary = json::object{{"min", Amount(job.salary->min)},
                          {"max", Amount(job.salary->max)},
                          {"currency", job.salary->currency},
                          {"unit", job.salary->unit}};
  return {{"id", job.id},
          {"title", job.title},
          {"company", std::move(company)},
          {"roles", Strings(job.roles)},
          {"remote", RemotePolicyName(job.remote)},
          {"applicant_locations", Strings(job.applicant_locations)},
          {"offices", std::move(offices)},
          {"employment_type", job.employment_type.empty() ? json::value(nullptr) : json::value(job.employment_type)},
          {"salary", std::move(salary)},
          {"description", job.description_md},
          {"apply_url", job.apply_url},
          {"date_posted", job.date_posted},
          {"valid_through", job.valid_through.empty() ? json::value(nullptr) : json::value(job.valid_through)},
          {"source", job.source},
          {"source_id", job.source_id},
          {"skills", Strings(job.skills)},
          {"sample", job.source == kSampleSource},
          {"expired", IsExpired(job, now_utc)},
          {"url", "/jobs/" + std::to_string(job.id)}};
}

Result<Job> FromApiJson(const json::value& body, const std::vector<RoleInfo>& roles,
                        const std::string& default_source_id) {
  if (!body.is_object()) return Invalid("The request body must be a JSON object.");
  const json::object& o = body.as_object();
  std::string unknown;
  if (!Only(o,
            {"title", "company", "roles", "remote", "applicant_locations", "offices", "employment_type", "salary",
             "description", "apply_url", "date_posted", "valid_through", "source", "source_id", "skills"},
            unknown))
    return Invalid("Unknown field \"" + unknown + "\".");
  Job job;
  RawFields raw;
  if (auto s = ReadStrings(o, job, raw); !s) return s.error();
  if (auto s = ReadCompany(o, job); !s) return s.error();
  if (auto s = ReadPolicyAndType(raw, job); !s) return s.error();
  if (auto s = ReadDates(raw, job); !s) return s.error();
  if (auto s = ReadStringLists(o, job); !s) return s.error();
  if (auto s = ReadOffices(o, job); !s) return s.error();
  if (auto s = ReadSalary(o, job); !s) return s.error();
  if (auto s = ReadRoles(o, roles, job); !s) return s.error();
  if (job.source.empty()) job.source = "editor";
  if (job.source_id.empty()) job.source_id = default_source_id;
  if (auto s = Validate(job); !s) return s.error();
  return job;
}

}  // namespace starprep::jobs
