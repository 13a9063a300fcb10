// SPDX-License-Identifier: Apache-2.0
#pragma once
// Job counts that change only when a job is written or expires: ListJobs' totals per filter and
// CountOpenJobsByRole. Both backends keep one of these and ask it before counting, with a stamp
// read in the same snapshot as the counts: jobs_state.version (bumped by every committed job
// write, in whichever process) and the earliest valid_through at or after `now` (when the next
// open posting expires). Two reads with the same stamp see the same open postings, whatever
// their `now`: no job expires between them. So a count is computed once per filter and stamp,
// however many requests ask. Thread-safe; bounded (at most kMaxEntries filters per stamp).

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "jobs/filter.h"

namespace starprep::store {

struct JobCountStamp {
  std::int64_t version = 0;
  std::string next_expiry;  // the earliest valid_through >= now; "" when no open posting expires
  bool operator==(const JobCountStamp&) const = default;
};

class JobCountCache {
 public:
  static constexpr std::size_t kMaxEntries = 2000;

  // The counts stored under `key` for this stamp; nullopt when absent or stored for another.
  std::optional<std::map<std::string, int>> Get(const std::string& key, const JobCountStamp& stamp);
  // Stores `counts` under `key` for this stamp (forgetting every entry of an older stamp).
  void Put(const std::string& key, const JobCountStamp& stamp, std::map<std::string, int> counts);

  // The key of a filter's total: every field that narrows the list (not the sort, the cursor or
  // the page), with the earliest date_posted `posted_within_days` gives at the caller's `now`.
  static std::string TotalKey(const jobs::JobFilter& f, const std::string& earliest_posted);
  // The key of CountOpenJobsByRole.
  static constexpr const char* kRolesKey = "roles";

 private:
  std::mutex mu_;
  JobCountStamp stamp_{-1, ""};
  std::map<std::string, std::map<std::string, int>> entries_;
};

}  // namespace starprep::store
