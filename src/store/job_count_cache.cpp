// SPDX-License-Identifier: Apache-2.0
#include "store/job_count_cache.h"

#include <charconv>
#include <utility>

namespace starprep::store {

std::optional<std::map<std::string, int>> JobCountCache::Get(const std::string& key, const JobCountStamp& stamp) {
  std::lock_guard lock(mu_);
  if (stamp != stamp_) return std::nullopt;
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void JobCountCache::Put(const std::string& key, const JobCountStamp& stamp, std::map<std::string, int> counts) {
  std::lock_guard lock(mu_);
  if (stamp != stamp_ || entries_.size() >= kMaxEntries) {
    entries_.clear();
    stamp_ = stamp;
  }
  entries_[key] = std::move(counts);
}

std::string JobCountCache::TotalKey(const jobs::JobFilter& f, const std::string& earliest_posted) {
  char salary[64];
  auto [end, ec] = std::to_chars(salary, salary + sizeof salary, f.min_salary);
  std::string key = "total|";
  key += f.role + '|' + (f.remote_only ? "1" : "0") + '|' + f.employment_type + '|';
  key.append(salary, ec == std::errc() ? end : salary);
  key += '|' + f.currency + '|' + earliest_posted;
  return key;
}

}  // namespace starprep::store
