// SPDX-License-Identifier: Apache-2.0
// PostgresStore: jobs (store/store.h has the contract of each call; the SQLite twin is
// store/sqlite/jobs.cpp).
//
// Every write is one transaction that first locks the jobs_state row (kLockJobsState), so job
// writers of every instance run one after the other, as under SQLite's single writer: an upsert's
// find-then-insert cannot race another's, and a write that changes anything bumps
// jobs_state.version in the same transaction (a no-op upsert leaves it alone).
#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/dates.h"
#include "store/codec.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// Row `r` of a result for ReadJobRow and ReadJobListRow.
struct RowColumns {
  const Rows& rows;
  int r;
  std::int64_t Int(int i) const { return rows.Int(r, i); }
  double Double(int i) const { return rows.Double(r, i); }
  std::string Text(int i) const { return rows.Text(r, i); }
  bool Null(int i) const { return rows.Null(r, i); }
};

// Row `r` of kGetJob / kListJobsNewest, kListJobsTitle, kListJobsSalary.
Result<jobs::Job> ReadJob(const Rows& rows, int r) {
  return ReadJobRow(RowColumns{rows, r}, "postgres store");
}

Status Check(const jobs::Job& job, std::size_t index) {
  if (auto s = jobs::Validate(job); !s) return Invalid("job " + std::to_string(index + 1) + ": " + s.error().message);
  return {};
}

// kInsertJob's columns of a job that are not plain fields of it.
struct JobRecord {
  explicit JobRecord(const jobs::Job& j)
      : remote(jobs::RemotePolicyName(j.remote)),
        locations(EncodeStringList(j.applicant_locations)),
        offices(EncodeOffices(j.offices)),
        skills(EncodeStringList(j.skills)),
        roles(EncodeStringList(j.roles)),
        hash(JobHash(j)),
        title_key(jobs::TitleSortKey(j.title)) {
    if (j.salary) {
      lo = j.salary->min;
      hi = j.salary->max;
      annual = jobs::Annualise(j.salary->max, j.salary->unit);
      currency = j.salary->currency;
      unit = j.salary->unit;
    }
  }
  // Every column of kInsertJobs' records, by name.
  boost::json::object Json(const jobs::Job& j) const {
    auto number = [](const std::optional<double>& v) { return v ? boost::json::value(*v) : boost::json::value(); };
    return boost::json::object{{"source", j.source},
                               {"source_id", j.source_id},
                               {"title", j.title},
                               {"company_name", j.company_name},
                               {"company_url", j.company_url},
                               {"company_logo", j.company_logo},
                               {"remote", remote},
                               {"applicant_locations_json", locations},
                               {"offices_json", offices},
                               {"employment_type", j.employment_type},
                               {"salary_min", number(lo)},
                               {"salary_max", number(hi)},
                               {"salary_currency", currency},
                               {"salary_unit", unit},
                               {"salary_annual_max", number(annual)},
                               {"description_md", j.description_md},
                               {"apply_url", j.apply_url},
                               {"date_posted", j.date_posted},
                               {"valid_through", j.valid_through},
                               {"skills_json", skills},
                               {"roles_json", roles},
                               {"content_hash", hash},
                               {"title_key", title_key}};
  }

  std::optional<double> lo, hi, annual;
  std::string currency, unit;
  std::string_view remote;
  std::string locations, offices, skills, roles, hash, title_key;
};

// Runs kInsertJob ($1..$23) or, with `id`, kUpdateJob ($1..$23 and $24 = id).
Result<Rows> WriteJobRow(Conn& c, const jobs::Job& j, std::optional<std::int64_t> id) {
  const JobRecord r(j);
  if (id)
    return c.Exec(sql::kUpdateJob, j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo,
                  r.remote, r.locations, r.offices, j.employment_type, r.lo, r.hi, r.currency, r.unit, r.annual,
                  j.description_md, j.apply_url, j.date_posted, j.valid_through, r.skills, r.roles, r.hash, r.title_key,
                  *id);
  return c.Exec(sql::kInsertJob, j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo,
                r.remote, r.locations, r.offices, j.employment_type, r.lo, r.hi, r.currency, r.unit, r.annual,
                j.description_md, j.apply_url, j.date_posted, j.valid_through, r.skills, r.roles, r.hash, r.title_key);
}

Status InsertRoles(Conn& c, std::int64_t id, const std::vector<std::string>& roles) {
  if (roles.empty()) return {};
  if (auto s = c.Exec(sql::kInsertJobRoles, id, EncodeStringList(roles)); !s) return s.error();
  return {};
}

Result<std::int64_t> Insert(Conn& c, const jobs::Job& job) {
  auto rows = WriteJobRow(c, job, std::nullopt);
  if (!rows) return rows.error();
  if (rows->empty()) return Error{ErrorCode::kInternal, "postgres store: INSERT INTO jobs returned no id"};
  const std::int64_t id = rows->Int(0, 0);
  if (auto s = InsertRoles(c, id, job.roles); !s) return s.error();  // a new id has no role rows yet
  return id;
}

// Replaces every column of job `id` and its job_roles rows.
Status Update(Conn& c, std::int64_t id, const jobs::Job& job) {
  if (auto rows = WriteJobRow(c, job, id); !rows) return rows.error();
  if (auto s = c.Exec(sql::kDeleteJobRoles, id); !s) return s.error();
  return InsertRoles(c, id, job.roles);
}

Status LockJobs(Conn& c) {
  auto rows = c.Exec(sql::kLockJobsState);
  if (!rows) return rows.error();
  if (rows->empty()) return Error{ErrorCode::kInternal, "jobs_state row is missing"};
  return {};
}

Status BumpVersion(Conn& c) {
  if (auto s = c.Exec(sql::kBumpJobsVersion); !s) return s.error();
  return {};
}

struct Existing {
  std::int64_t id = 0;
  std::string hash;
};

Result<std::optional<Existing>> FindBySource(Conn& c, const std::string& source, const std::string& source_id) {
  auto rows = c.Exec(sql::kFindJobBySource, source, source_id);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Existing>();
  return std::optional<Existing>(Existing{rows->Int(0, 0), rows->Text(0, 1)});
}

Result<std::optional<jobs::Job>> ReadOne(Conn& c, std::int64_t id) {
  auto rows = c.Exec(sql::kGetJob, id);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<jobs::Job>();
  auto job = ReadJob(*rows, 0);
  if (!job) return job.error();
  return std::optional<jobs::Job>(std::move(*job));
}

// (source, source_id) belongs to another job: a conflict the caller can fix.
Error Conflict(const jobs::Job& job) {
  return Error{ErrorCode::kConflict,
               "a job with source \"" + job.source + "\" and source id \"" + job.source_id + "\" already exists"};
}

// Rewrites the search documents of `ids` and their word counts with one statement each: what
// the job triggers do row by row (migration 7 says why a batch does it this way). A posting
// written twice is indexed once.
Status ReindexJobs(Conn& c, std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return {};
  const std::string refs = IdListJson(ids);
  for (const char* text : sql::kReindexJobs)
    if (auto s = c.Exec(text, refs); !s) return s.error();
  return {};
}

// The job list index's reads on `c`, in the caller's snapshot.
JobListSource ListSource(Conn& c, const std::string& now_utc) {
  JobListSource source;
  source.stamp = [&c, &now_utc]() -> Result<JobCountStamp> {
    auto rows = c.Exec(sql::kJobCountStamp, now_utc);
    if (!rows) return rows.error();
    if (rows->empty()) return Error{ErrorCode::kInternal, "jobs_state row is missing"};
    return JobCountStamp{rows->Int(0, 0), rows->Text(0, 1)};
  };
  source.rows = [&c, &now_utc]() -> Result<std::vector<JobListRow>> {
    auto rows = c.Exec(sql::kJobListRows, now_utc);
    if (!rows) return rows.error();
    std::vector<JobListRow> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) {
      auto row = ReadJobListRow(RowColumns{*rows, r}, "postgres store");
      if (!row) return row.error();
      out.push_back(std::move(*row));
    }
    return out;
  };
  source.jobs = [&c](const std::vector<std::int64_t>& ids) -> Result<std::vector<jobs::Job>> {
    auto rows = c.Exec(sql::kJobsByIds, IdListJson(ids));
    if (!rows) return rows.error();
    std::vector<jobs::Job> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) {
      auto job = ReadJob(*rows, r);
      if (!job) return job.error();
      out.push_back(std::move(*job));
    }
    return out;
  };
  return source;
}

Error NoSuchJob(std::int64_t id) {
  return Error{ErrorCode::kNotFound, "there is no job " + std::to_string(id)};
}

// Postings per round trip of UpsertJobs (and per progress report).
constexpr int kUpsertBatch = 500;

// UpsertJobs' writes in batches: per batch one look-up of the stored (source, source_id) pairs,
// one multi-row INSERT of the new postings and one of their role rows; a changed posting is
// updated on its own (imports are mostly new or unchanged postings). The result is what
// writing the postings one by one in order gives, a posting listed twice included.
class BulkJobWriter {
 public:
  BulkJobWriter(Conn& c, const std::vector<jobs::Job>& list) : c_(c), list_(list), ids_(list.size(), 0) {}

  // Writes list[begin, end).
  Status Write(std::size_t begin, std::size_t end) {
    boost::json::array keys;
    for (std::size_t i = begin; i < end; ++i)
      if (!known_.contains(Key(i))) keys.push_back(boost::json::array{list_[i].source, list_[i].source_id});
    if (!keys.empty()) {
      auto rows = c_.Exec(sql::kFindJobsBySource, boost::json::serialize(keys));
      if (!rows) return rows.error();
      for (int r = 0; r < rows->size(); ++r)
        known_[{rows->Text(r, 2), rows->Text(r, 3)}] = Existing{rows->Int(r, 0), rows->Text(r, 1)};
    }
    for (std::size_t i = begin; i < end; ++i) {
      const auto key = Key(i);
      if (pending_keys_.contains(key))  // listed twice: the first one is written before the second is looked at
        if (auto s = Flush(); !s) return s;
      auto it = known_.find(key);
      if (it == known_.end()) {
        pending_.push_back(i);
        pending_keys_.insert(key);
        ++stats_.added;
        continue;
      }
      ids_[i] = it->second.id;
      const std::string hash = JobHash(list_[i]);
      if (it->second.hash == hash) {
        ++stats_.unchanged;
        continue;
      }
      if (auto s = Update(c_, it->second.id, list_[i]); !s) return s;
      it->second.hash = hash;
      written_.push_back(it->second.id);
      ++stats_.updated;
    }
    return Flush();
  }

  JobWriteStats Stats() const {
    JobWriteStats out = stats_;
    out.ids = ids_;
    return out;
  }
  // The ids added or updated (their search documents are rewritten).
  std::vector<std::int64_t> Written() const { return written_; }

 private:
  using SourceKey = std::pair<std::string, std::string>;
  SourceKey Key(std::size_t i) const { return {list_[i].source, list_[i].source_id}; }

  // Inserts the pending new postings and their role rows.
  Status Flush() {
    if (pending_.empty()) return {};
    boost::json::array records;
    for (std::size_t i : pending_) records.push_back(JobRecord(list_[i]).Json(list_[i]));
    auto rows = c_.Exec(sql::kInsertJobs, boost::json::serialize(records));
    if (!rows) return rows.error();
    std::map<SourceKey, std::int64_t> inserted;
    for (int r = 0; r < rows->size(); ++r) inserted[{rows->Text(r, 1), rows->Text(r, 2)}] = rows->Int(r, 0);
    boost::json::array pairs;
    for (std::size_t i : pending_) {
      auto it = inserted.find(Key(i));
      if (it == inserted.end())
        return Error{ErrorCode::kInternal, "postgres store: a bulk INSERT INTO jobs lost a row"};
      ids_[i] = it->second;
      written_.push_back(it->second);
      known_[Key(i)] = Existing{it->second, JobHash(list_[i])};
      for (const auto& slug : list_[i].roles) pairs.push_back(boost::json::array{it->second, slug});
    }
    if (!pairs.empty())
      if (auto s = c_.Exec(sql::kInsertJobRolePairs, boost::json::serialize(pairs)); !s) return s.error();
    pending_.clear();
    pending_keys_.clear();
    return {};
  }

  Conn& c_;
  const std::vector<jobs::Job>& list_;
  std::vector<std::int64_t> ids_;  // per posting, in the list's order
  std::vector<std::int64_t> written_;
  JobWriteStats stats_;
  std::map<SourceKey, Existing> known_;  // stored postings (and those this writer inserted)
  std::vector<std::size_t> pending_;     // new postings not inserted yet
  std::set<SourceKey> pending_keys_;
};

}  // namespace

Result<int> RemapJobRoles(Conn& c, const std::vector<jobs::RoleInfo>& before,
                          const std::vector<jobs::RoleInfo>& after) {
  if (auto s = LockJobs(c); !s) return s.error();
  auto rows = c.Exec(sql::kListAllJobs);
  if (!rows) return rows.error();
  int changed = 0;
  for (int r = 0; r < rows->size(); ++r) {
    auto job = ReadJob(*rows, r);
    if (!job) return job.error();
    auto roles = jobs::RemapRoles(job->title, job->skills, job->roles, before, after);
    if (roles == job->roles) continue;
    job->roles = std::move(roles);
    if (auto s = Update(c, job->id, *job); !s) return s.error();
    ++changed;
  }
  if (changed > 0)
    if (auto s = BumpVersion(c); !s) return s.error();
  return changed;
}

Result<JobWriteStats> PostgresStore::UpsertJobs(const std::vector<jobs::Job>& list, const JobProgress& progress) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (auto s = Check(list[i], i); !s) return s.error();
  const int total = static_cast<int>(list.size());
  // The pool may run this again after a failure that rolled back: it starts from scratch, and
  // `progress` then counts again from the start of the repeated transaction.
  auto stats = pool_.Write([&](Conn& c) -> Result<JobWriteStats> {
    if (auto s = LockJobs(c); !s) return s.error();
    if (auto s = c.Exec(sql::kDeferJobIndex); !s) return s.error();
    BulkJobWriter writer(c, list);
    for (int start = 0; start < total; start += kUpsertBatch) {
      const int end = std::min(total, start + kUpsertBatch);
      if (auto s = writer.Write(static_cast<std::size_t>(start), static_cast<std::size_t>(end)); !s) return s.error();
      if (progress && end < total) progress(end, total);
    }
    JobWriteStats out = writer.Stats();
    if (auto s = ReindexJobs(c, writer.Written()); !s) return s.error();
    if (auto s = c.Exec(sql::kResumeJobIndex); !s) return s.error();
    if (out.added + out.updated > 0)
      if (auto s = BumpVersion(c); !s) return s.error();
    return out;
  });
  if (stats && progress) progress(total, total);
  return stats;
}

Result<jobs::Job> PostgresStore::CreateJob(const jobs::Job& job) {
  if (auto s = Check(job, 0); !s) return s.error();
  return pool_.Write([&](Conn& c) -> Result<jobs::Job> {
    if (auto s = LockJobs(c); !s) return s.error();
    auto existing = FindBySource(c, job.source, job.source_id);
    if (!existing) return existing.error();
    if (*existing) return Conflict(job);
    auto id = Insert(c, job);
    if (!id) return id.error();
    if (auto s = BumpVersion(c); !s) return s.error();
    jobs::Job stored = job;
    stored.id = *id;
    return stored;
  });
}

Result<jobs::Job> PostgresStore::UpdateJob(std::int64_t id, const jobs::Job& job) {
  if (auto s = Check(job, 0); !s) return s.error();
  return pool_.Write([&](Conn& c) -> Result<jobs::Job> {
    if (auto s = LockJobs(c); !s) return s.error();
    auto current = ReadOne(c, id);
    if (!current) return current.error();
    if (!*current) return NoSuchJob(id);
    auto existing = FindBySource(c, job.source, job.source_id);
    if (!existing) return existing.error();
    if (*existing && (*existing)->id != id) return Conflict(job);
    if (auto s = Update(c, id, job); !s) return s.error();
    if (auto s = BumpVersion(c); !s) return s.error();
    jobs::Job stored = job;
    stored.id = id;
    return stored;
  });
}

Status PostgresStore::DeleteJob(std::int64_t id) {
  return pool_.Write([&](Conn& c) -> Status {
    if (auto s = LockJobs(c); !s) return s.error();
    auto deleted = c.Exec(sql::kDeleteJob, id);  // its job_roles rows go with it (ON DELETE CASCADE)
    if (!deleted) return deleted.error();
    if (deleted->affected() == 0) return NoSuchJob(id);
    return BumpVersion(c);
  });
}

Result<std::optional<jobs::Job>> PostgresStore::GetJob(std::int64_t id) {
  return pool_.Read([&](Conn& c) { return ReadOne(c, id); });
}

Result<JobList> PostgresStore::ListJobs(const jobs::JobFilter& f, const std::string& now_utc) {
  // The stamp, the index and the page come from one snapshot (READ COMMITTED would take one per
  // statement).
  return pool_.Snapshot(
      [&](Conn& c) -> Result<JobList> { return ListJobsFrom(job_index_, f, now_utc, ListSource(c, now_utc)); });
}

Result<std::map<std::string, int>> PostgresStore::CountOpenJobsByRole(const std::string& now_utc) {
  return pool_.Snapshot([&](Conn& c) -> Result<std::map<std::string, int>> {  // the stamp and the counts alike
    return CountOpenJobsByRoleFrom(job_index_, ListSource(c, now_utc));
  });
}

Result<JobsState> PostgresStore::GetJobsState(const std::string& now_utc) {
  return pool_.Read([&](Conn& c) -> Result<JobsState> {
    auto rows = c.Exec(sql::kJobsState, now_utc);
    if (!rows) return rows.error();
    if (rows->empty() || rows->Null(0, 0)) return Error{ErrorCode::kInternal, "jobs_state row is missing"};
    return JobsState{rows->Int(0, 0), static_cast<int>(rows->Int(0, 1))};
  });
}

Result<bool> PostgresStore::HasJobs() {
  return pool_.Read([&](Conn& c) -> Result<bool> {
    auto rows = c.Exec(sql::kHasJobs);
    if (!rows) return rows.error();
    return !rows->empty() && rows->Bool(0, 0);
  });
}

}  // namespace starprep::store::postgres
