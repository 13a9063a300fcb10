// SPDX-License-Identifier: Apache-2.0
#pragma once
// The job lists at scale (issue 12): an in-memory index of the open postings' list keys, built
// once per jobs version and next expiry, that answers every filter, sort, cursor and offset of
// ListJobs (and CountOpenJobsByRole) without asking the database more than for the page's rows.
//
// Why in memory: a database index serves one sort order well, but a filter that few rows match
// (role=other, an intern job of one role in the last week) walks it far, a deep page
// (offset=20000) walks it to the offset, and a count is a scan per filter. The index holds about
// 100 bytes per open posting (10 MB at 100,000) in three orders (newest, title, salary per
// currency); a page is a binary search to the cursor and a scan of compact rows, a count the
// same scan (kept per filter until the stamp changes). Both backends use it the same way
// (ListJobsFrom): read the stamp; if the index is of another stamp, read the open postings' keys
// and build it (once per stamp, whoever asks first); then read the page's rows by id, all in one
// snapshot.
//
// The stamp (JobCountStamp) is read in the same snapshot as the rows: jobs_state.version (bumped
// by every committed job write, in whichever process) and the earliest valid_through at or after
// `now` (when the next open posting expires). Two reads with the same stamp see the same open
// postings, whatever their `now`. Pure (no I/O); JobListIndexCache is thread-safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "jobs/filter.h"
#include "jobs/model.h"
#include "store/codec.h"
#include "store/store.h"

namespace starprep::store {

struct JobCountStamp {
  std::int64_t version = 0;
  std::string next_expiry;  // the earliest valid_through >= now; "" when no open posting expires
  bool operator==(const JobCountStamp&) const = default;
};

// What the lists filter and sort an open posting by.
struct JobListRow {
  std::int64_t id = 0;
  std::string date_posted;
  std::string title_key;               // jobs::TitleSortKey(title)
  std::optional<jobs::Salary> salary;  // the sort uses Annualise(max, unit), the minimum filter the bottom
  bool remote = true;                  // false: hybrid
  std::string employment_type;
  std::vector<std::string> roles;  // empty: jobs::kOtherRole
};

// ---- what both backends read the same way ----

// `ids` as a JSON array of numbers ("[3,1,2]", "[]" for none), in their order: how both backends
// bind a list of job ids to one statement parameter (json_each in SQLite,
// json_array_elements_text in PostgreSQL, which reads a number as its text).
std::string IdListJson(const std::vector<std::int64_t>& ids);

// A row of kJobListRows (both backends select id, date_posted, title_key, salary_min (NULL: no
// salary), salary_max, salary_currency, salary_unit, remote, employment_type, roles_json, in this
// order) read through `columns`: any type with Int(i), Double(i), Text(i) and Null(i) for column
// i of the row. `store` names the backend in the error ("sqlite store"): a roles_json that is not
// a JSON array of strings is kInternal.
template <typename Columns>
Result<JobListRow> ReadJobListRow(const Columns& columns, std::string_view store);

// A row of the queries that select a whole job (both backends' job columns: id, source,
// source_id, title, company_name, company_url, company_logo, remote, applicant_locations_json,
// offices_json, employment_type, salary_min (NULL: no salary), salary_max, salary_currency,
// salary_unit, description_md, apply_url, date_posted, valid_through, skills_json, roles_json, in
// this order) read through `columns`, as ReadJobListRow does. A JSON list that does not decode is
// kInternal ("<store>: malformed JSON list in job <id>").
template <typename Columns>
Result<jobs::Job> ReadJobRow(const Columns& columns, std::string_view store);

// The ids of one page, in the filter's order, with the filter's total.
struct JobListPage {
  std::vector<std::int64_t> ids;
  int total = 0;
  bool more = false;
};

class JobListIndex {
 public:
  JobListIndex(JobCountStamp stamp, std::vector<JobListRow> rows);

  const JobCountStamp& stamp() const { return stamp_; }
  // One page of the rows matching `f` (ListJobs' contract: after f.after, then f.offset more
  // matches skipped, f.limit of them; limit < 0: all) and the number of matches across all pages.
  // `earliest_posted`: the smallest date_posted f.posted_within_days admits ("" for any).
  JobListPage Find(const jobs::JobFilter& f, const std::string& earliest_posted) const;
  // Open postings per role slug (jobs::kOtherRole for those without one); roles without any absent.
  const std::map<std::string, int>& CountByRole() const { return by_role_; }

 private:
  // What a filter compares, per row, in a few bytes: the orders below hold these in sequence, so
  // a scan reads memory in order instead of jumping between rows.
  struct Key {
    std::uint64_t roles = 0;     // bit i: the i-th distinct role slug (kSpill: a role past the 63rd)
    double min_annual = 0;       // Annualise(salary min, unit): the minimum filter's bottom per year
    std::uint32_t row = 0;       // index in rows_
    std::uint32_t posted = 0;    // rank of date_posted among the distinct dates (string order)
    std::uint16_t type = 0;      // index in types_
    std::uint16_t currency = 0;  // index in currencies_ + 1; 0: no salary
    bool remote = false;
  };
  static constexpr std::uint64_t kSpill = std::uint64_t{1} << 63;
  // A filter in Key terms; `none` when it names a role, type or currency no posting has.
  struct Compiled {
    bool none = false;
    std::uint64_t role_bit = 0;  // 0: any role
    bool other = false;          // only postings without a role
    bool remote_only = false;
    std::optional<std::uint16_t> type, currency;
    double min_annual = 0;  // 0: no minimum
    std::uint32_t posted_from = 0;
    std::string spilled_role;  // a role without its own bit: compared by name
  };
  Compiled Compile(const jobs::JobFilter& f, const std::string& earliest_posted) const;
  bool Matches(const Key& k, const Compiled& c) const;
  static std::string TotalKey(const jobs::JobFilter& f, const std::string& earliest_posted);

  JobCountStamp stamp_;
  std::vector<JobListRow> rows_;
  std::vector<double> annual_;  // per row: Annualise(salary max, unit), 0 without a salary
  std::vector<Key> newest_;     // date_posted, id descending
  std::vector<Key> title_;      // title_key, id ascending
  std::vector<Key> salary_;     // salaried only: currency ascending, annual max and id descending
  std::vector<std::string> role_slugs_, types_, currencies_, dates_;  // sorted, distinct
  std::map<std::string, int> by_role_;
  static constexpr std::size_t kMaxTotals = 2000;
  mutable std::mutex totals_mu_;
  mutable std::map<std::string, int> totals_;  // per filter (TotalKey): a total is counted once (at most kMaxTotals)
};

// The backend's reads for ListJobsFrom / CountOpenJobsByRoleFrom, all in the caller's one
// snapshot (a transaction the backend opened around the call).
struct JobListSource {
  std::function<Result<JobCountStamp>()> stamp;           // the stamp at `now`
  std::function<Result<std::vector<JobListRow>>()> rows;  // every posting open at `now`
  std::function<Result<std::vector<jobs::Job>>(const std::vector<std::int64_t>& ids)> jobs;  // by id, any order
};

// The current index, rebuilt when a read sees another stamp. Thread-safe: one build at a time;
// readers of the current stamp never wait for it.
class JobListIndexCache {
 public:
  // The index for the stamp `source.stamp()` reads, built from `source.rows()` when the cached one
  // is of another stamp.
  Result<std::shared_ptr<const JobListIndex>> Get(const JobListSource& source);

 private:
  std::mutex mu_;        // guards current_
  std::mutex build_mu_;  // one build at a time
  std::shared_ptr<const JobListIndex> current_;
};

// Store::ListJobs on `cache` and a backend's reads (validates the filter as the contract says).
Result<JobList> ListJobsFrom(JobListIndexCache& cache, const jobs::JobFilter& f, const std::string& now_utc,
                             const JobListSource& source);
// Store::CountOpenJobsByRole on `cache` and a backend's reads.
Result<std::map<std::string, int>> CountOpenJobsByRoleFrom(JobListIndexCache& cache, const JobListSource& source);

template <typename Columns>
Result<JobListRow> ReadJobListRow(const Columns& columns, std::string_view store) {
  JobListRow r;
  r.id = columns.Int(0);
  r.date_posted = columns.Text(1);
  r.title_key = columns.Text(2);
  if (!columns.Null(3)) r.salary = jobs::Salary{columns.Double(3), columns.Double(4), columns.Text(5), columns.Text(6)};
  r.remote = columns.Text(7) != "hybrid";
  r.employment_type = columns.Text(8);
  auto roles = DecodeStringList(columns.Text(9));
  if (!roles)
    return Error{ErrorCode::kInternal, std::string(store) + ": malformed roles of job " + std::to_string(r.id)};
  r.roles = std::move(*roles);
  return r;
}

template <typename Columns>
Result<jobs::Job> ReadJobRow(const Columns& columns, std::string_view store) {
  jobs::Job j;
  j.id = columns.Int(0);
  j.source = columns.Text(1);
  j.source_id = columns.Text(2);
  j.title = columns.Text(3);
  j.company_name = columns.Text(4);
  j.company_url = columns.Text(5);
  j.company_logo = columns.Text(6);
  j.remote = columns.Text(7) == "hybrid" ? jobs::RemotePolicy::kHybrid : jobs::RemotePolicy::kRemote;
  auto locations = DecodeStringList(columns.Text(8));
  auto offices = DecodeOffices(columns.Text(9));
  auto skills = DecodeStringList(columns.Text(19));
  auto roles = DecodeStringList(columns.Text(20));
  if (!locations || !offices || !skills || !roles)
    return Error{ErrorCode::kInternal, std::string(store) + ": malformed JSON list in job " + std::to_string(j.id)};
  j.applicant_locations = std::move(*locations);
  j.offices = std::move(*offices);
  j.skills = std::move(*skills);
  j.roles = std::move(*roles);
  j.employment_type = columns.Text(10);
  if (!columns.Null(11))
    j.salary = jobs::Salary{columns.Double(11), columns.Double(12), columns.Text(13), columns.Text(14)};
  j.description_md = columns.Text(15);
  j.apply_url = columns.Text(16);
  j.date_posted = columns.Text(17);
  j.valid_through = columns.Text(18);
  return j;
}

}  // namespace starprep::store
