// SPDX-License-Identifier: Apache-2.0
#include "store/job_list_index.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <numeric>
#include <tuple>
#include <utility>

#include "core/dates.h"
#include "jobs/roles.h"

namespace starprep::store {

namespace {

// The sorted distinct values of `values`.
std::vector<std::string> Distinct(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

// The index of `value` in the sorted distinct `values`, or nullopt.
std::optional<std::size_t> IndexOf(const std::vector<std::string>& values, const std::string& value) {
  auto it = std::lower_bound(values.begin(), values.end(), value);
  if (it == values.end() || *it != value) return std::nullopt;
  return static_cast<std::size_t>(it - values.begin());
}

}  // namespace

JobListIndex::JobListIndex(JobCountStamp stamp, std::vector<JobListRow> rows)
    : stamp_(std::move(stamp)), rows_(std::move(rows)) {
  const auto n = static_cast<std::uint32_t>(rows_.size());
  std::vector<std::string> slugs, types, currencies, dates;
  annual_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    JobListRow& r = rows_[i];
    std::sort(r.roles.begin(), r.roles.end());
    r.roles.erase(std::unique(r.roles.begin(), r.roles.end()), r.roles.end());
    if (r.roles.empty()) ++by_role_[jobs::kOtherRole];
    for (const auto& slug : r.roles) {
      ++by_role_[slug];
      if (by_role_[slug] == 1) slugs.push_back(slug);
    }
    types.push_back(r.employment_type);
    if (r.salary) currencies.push_back(r.salary->currency);
    dates.push_back(r.date_posted);
    annual_[i] = r.salary ? jobs::Annualise(r.salary->max, r.salary->unit) : 0;
  }
  role_slugs_ = Distinct(std::move(slugs));
  types_ = Distinct(std::move(types));
  currencies_ = Distinct(std::move(currencies));
  dates_ = Distinct(std::move(dates));
  std::vector<Key> keys(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const JobListRow& r = rows_[i];
    Key& k = keys[i];
    k.row = i;
    for (const auto& slug : r.roles) {
      const std::size_t bit = *IndexOf(role_slugs_, slug);
      k.roles |= bit < 63 ? std::uint64_t{1} << bit : kSpill;
    }
    if (r.salary) {
      k.min_annual = jobs::Annualise(r.salary->min, r.salary->unit);
      k.currency = static_cast<std::uint16_t>(*IndexOf(currencies_, r.salary->currency) + 1);
    }
    k.posted = static_cast<std::uint32_t>(*IndexOf(dates_, r.date_posted));
    k.type = static_cast<std::uint16_t>(*IndexOf(types_, r.employment_type));
    k.remote = r.remote;
  }
  newest_ = keys;
  std::sort(newest_.begin(), newest_.end(), [this](const Key& a, const Key& b) {
    return std::tie(a.posted, rows_[a.row].id) > std::tie(b.posted, rows_[b.row].id);
  });
  title_ = keys;
  std::sort(title_.begin(), title_.end(), [this](const Key& a, const Key& b) {
    return std::tie(rows_[a.row].title_key, rows_[a.row].id) < std::tie(rows_[b.row].title_key, rows_[b.row].id);
  });
  for (const Key& k : keys)
    if (k.currency != 0) salary_.push_back(k);
  std::sort(salary_.begin(), salary_.end(), [this](const Key& a, const Key& b) {
    if (a.currency != b.currency) return a.currency < b.currency;
    return std::tie(annual_[a.row], rows_[a.row].id) > std::tie(annual_[b.row], rows_[b.row].id);
  });
}

JobListIndex::Compiled JobListIndex::Compile(const jobs::JobFilter& f, const std::string& earliest_posted) const {
  Compiled c;
  if (f.role == jobs::kOtherRole) {
    c.other = true;
  } else if (!f.role.empty()) {
    auto bit = IndexOf(role_slugs_, f.role);
    if (!bit) c.none = true;
    c.role_bit = bit && *bit < 63 ? std::uint64_t{1} << *bit : kSpill;
    if (c.role_bit == kSpill) c.spilled_role = f.role;
  }
  c.remote_only = f.remote_only;
  if (!f.employment_type.empty()) {
    auto type = IndexOf(types_, f.employment_type);
    if (!type) c.none = true;
    c.type = static_cast<std::uint16_t>(type.value_or(0));
  }
  if (!f.currency.empty()) {
    auto currency = IndexOf(currencies_, f.currency);
    if (!currency) c.none = true;
    c.currency = static_cast<std::uint16_t>(currency.value_or(0) + 1);
  }
  // jobs::MeetsMinimumSalary: the bottom per year, in the filter's currency (none: no match).
  if (f.min_salary > 0) {
    c.min_annual = f.min_salary;
    if (f.currency.empty()) c.none = true;
  }
  if (!earliest_posted.empty())
    c.posted_from =
        static_cast<std::uint32_t>(std::lower_bound(dates_.begin(), dates_.end(), earliest_posted) - dates_.begin());
  return c;
}

bool JobListIndex::Matches(const Key& k, const Compiled& c) const {
  if (c.other ? k.roles != 0 : c.role_bit != 0 && (k.roles & c.role_bit) == 0) return false;
  if (c.remote_only && !k.remote) return false;
  if (c.type && k.type != *c.type) return false;
  if (c.currency && k.currency != *c.currency) return false;
  if (c.min_annual > 0 && !(k.min_annual >= c.min_annual)) return false;
  if (k.posted < c.posted_from) return false;
  if (!c.spilled_role.empty()) {
    const auto& roles = rows_[k.row].roles;
    return std::binary_search(roles.begin(), roles.end(), c.spilled_role);
  }
  return true;
}

std::string JobListIndex::TotalKey(const jobs::JobFilter& f, const std::string& earliest_posted) {
  char salary[64];
  auto [end, ec] = std::to_chars(salary, salary + sizeof salary, f.min_salary);
  std::string key = f.role + '|' + (f.remote_only ? "1" : "0") + '|' + f.employment_type + '|';
  key.append(salary, ec == std::errc() ? end : salary);
  key += '|' + f.currency + '|' + earliest_posted;
  return key;
}

JobListPage JobListIndex::Find(const jobs::JobFilter& f, const std::string& earliest_posted) const {
  JobListPage page;
  const Compiled c = Compile(f, earliest_posted);
  if (c.none) return page;
  // The rows in the sort's order: [begin, end) of `order`.
  const std::vector<Key>& order = f.sort == jobs::JobSort::kNewest  ? newest_
                                  : f.sort == jobs::JobSort::kTitle ? title_
                                                                    : salary_;
  auto begin = order.begin(), end = order.end();
  if (f.sort == jobs::JobSort::kSalary) {  // one currency's range (the sort needs one)
    const std::uint16_t currency = c.currency.value_or(0);
    begin = std::partition_point(begin, end, [&](const Key& k) { return k.currency < currency; });
    end = std::partition_point(begin, end, [&](const Key& k) { return k.currency == currency; });
  }
  // The page starts after the cursor's row: the rows at or before it come first in `order`.
  auto start = begin;
  if (f.after) {
    const jobs::JobCursor& cursor = *f.after;
    start = std::partition_point(begin, end, [&](const Key& k) {
      const JobListRow& r = rows_[k.row];
      switch (f.sort) {
        case jobs::JobSort::kNewest:
          return !(std::tie(r.date_posted, r.id) < std::tie(cursor.text, cursor.id));
        case jobs::JobSort::kTitle:
          return std::tie(r.title_key, r.id) <= std::tie(cursor.text, cursor.id);
        case jobs::JobSort::kSalary:
          return !(std::tie(annual_[k.row], r.id) < std::tie(cursor.amount, cursor.id));
      }
      return true;
    });
  }
  const std::string key = TotalKey(f, earliest_posted);
  std::optional<int> known;
  {
    std::lock_guard lock(totals_mu_);
    if (auto it = totals_.find(key); it != totals_.end()) known = it->second;
  }
  const int skip_first = std::max(0, f.offset);
  if (known && (*known == 0 || (!f.after && skip_first >= *known))) {  // nothing to list
    page.total = *known;
    return page;
  }
  // One pass: the page (after the cursor, past the offset, one row more than the limit to tell
  // whether more follow) and, unless known, the total (every match, the cursor aside).
  const std::size_t want = f.limit < 0 ? SIZE_MAX : static_cast<std::size_t>(f.limit) + 1;
  int skip = skip_first;
  int total = 0;
  for (auto it = known ? start : begin; it != end; ++it) {
    if (!Matches(*it, c)) continue;
    ++total;
    if (it < start) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    if (page.ids.size() < want) {
      page.ids.push_back(rows_[it->row].id);
    } else if (known) {
      break;
    }
  }
  if (!known) {
    std::lock_guard lock(totals_mu_);
    if (totals_.size() >= kMaxTotals) totals_.clear();  // many filters (any minimum salary): start over
    totals_[key] = total;
  }
  page.total = known ? *known : total;
  if (f.limit >= 0 && page.ids.size() > static_cast<std::size_t>(f.limit)) {
    page.ids.pop_back();
    page.more = true;
  }
  return page;
}

Result<std::shared_ptr<const JobListIndex>> JobListIndexCache::Get(const JobListSource& source) {
  auto stamp = source.stamp();
  if (!stamp) return stamp.error();
  auto current = [&]() -> std::shared_ptr<const JobListIndex> {
    std::lock_guard lock(mu_);
    return current_ && current_->stamp() == *stamp ? current_ : nullptr;
  };
  if (auto index = current()) return index;
  // One build at a time: those that waited find the index built (when of their stamp).
  std::lock_guard building(build_mu_);
  if (auto index = current()) return index;
  auto rows = source.rows();
  if (!rows) return rows.error();
  auto index = std::make_shared<const JobListIndex>(std::move(*stamp), std::move(*rows));
  std::lock_guard lock(mu_);
  current_ = index;
  return std::shared_ptr<const JobListIndex>(index);
}

Result<JobList> ListJobsFrom(JobListIndexCache& cache, const jobs::JobFilter& f, const std::string& now_utc,
                             const JobListSource& source) {
  if (f.sort == jobs::JobSort::kSalary && f.currency.empty())
    return Error{ErrorCode::kInvalidArgument, std::string(jobs::kSalarySortNeedsCurrency)};
  std::string earliest;
  if (f.posted_within_days > 0) {
    auto now = dates::ParseIsoTime(now_utc);
    if (!now) return Error{ErrorCode::kInvalidArgument, "bad clock value " + now_utc};
    earliest = dates::FormatDate(*now - static_cast<std::int64_t>(f.posted_within_days) * 86400);
  }
  auto index = cache.Get(source);
  if (!index) return index.error();
  JobListPage page = (*index)->Find(f, earliest);
  JobList out;
  out.total = page.total;
  out.more = page.more;
  if (page.ids.empty()) return out;
  auto rows = source.jobs(page.ids);
  if (!rows) return rows.error();
  std::map<std::int64_t, jobs::Job*> by_id;
  for (auto& j : *rows) by_id[j.id] = &j;
  out.items.reserve(page.ids.size());
  for (std::int64_t id : page.ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) return Error{ErrorCode::kInternal, "job " + std::to_string(id) + " left the snapshot"};
    out.items.push_back(std::move(*it->second));
  }
  return out;
}

Result<std::map<std::string, int>> CountOpenJobsByRoleFrom(JobListIndexCache& cache, const JobListSource& source) {
  auto index = cache.Get(source);
  if (!index) return index.error();
  return (*index)->CountByRole();
}

std::string IdListJson(const std::vector<std::int64_t>& ids) {
  std::string list = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) list += ',';
    list += std::to_string(ids[i]);
  }
  list += ']';
  return list;
}

}  // namespace starprep::store
