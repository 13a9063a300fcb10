// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/jobs.h"

#include "core/dates.h"
#include "store/codec.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

Result<jobs::Job> ReadJob(const Statement& row) {
  jobs::Job j;
  j.id = row.ColumnInt64(0);
  j.source = row.ColumnText(1);
  j.source_id = row.ColumnText(2);
  j.title = row.ColumnText(3);
  j.company_name = row.ColumnText(4);
  j.company_url = row.ColumnText(5);
  j.company_logo = row.ColumnText(6);
  j.remote = row.ColumnText(7) == "hybrid" ? jobs::RemotePolicy::kHybrid : jobs::RemotePolicy::kRemote;
  auto locations = DecodeStringList(row.ColumnText(8));
  auto offices = DecodeOffices(row.ColumnText(9));
  auto skills = DecodeStringList(row.ColumnText(19));
  auto roles = DecodeStringList(row.ColumnText(20));
  if (!locations || !offices || !skills || !roles)
    return Error{ErrorCode::kInternal, "sqlite store: malformed JSON list in job " + std::to_string(j.id)};
  j.applicant_locations = std::move(*locations);
  j.offices = std::move(*offices);
  j.skills = std::move(*skills);
  j.roles = std::move(*roles);
  j.employment_type = row.ColumnText(10);
  if (!row.ColumnIsNull(11))
    j.salary = jobs::Salary{row.ColumnDouble(11), row.ColumnDouble(12), row.ColumnText(13), row.ColumnText(14)};
  j.description_md = row.ColumnText(15);
  j.apply_url = row.ColumnText(16);
  j.date_posted = row.ColumnText(17);
  j.valid_through = row.ColumnText(18);
  return j;
}

// Binds kInsertJob's ?1..?22, and ?23 = `id` for kUpdateJob.
void BindJob(Statement& stmt, const jobs::Job& j, std::optional<std::int64_t> id = std::nullopt) {
  std::optional<double> lo, hi, annual;
  std::string currency, unit;
  if (j.salary) {
    lo = j.salary->min;
    hi = j.salary->max;
    annual = jobs::Annualise(j.salary->max, j.salary->unit);
    currency = j.salary->currency;
    unit = j.salary->unit;
  }
  const std::string_view remote = jobs::RemotePolicyName(j.remote);
  const std::string locations = EncodeStringList(j.applicant_locations), offices = EncodeOffices(j.offices),
                    skills = EncodeStringList(j.skills), roles = EncodeStringList(j.roles), hash = JobHash(j);
  if (id) {
    stmt.Bind(j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo, remote, locations, offices,
              j.employment_type, lo, hi, currency, unit, annual, j.description_md, j.apply_url, j.date_posted,
              j.valid_through, skills, roles, hash, *id);
  } else {
    stmt.Bind(j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo, remote, locations, offices,
              j.employment_type, lo, hi, currency, unit, annual, j.description_md, j.apply_url, j.date_posted,
              j.valid_through, skills, roles, hash);
  }
}

// Replaces the job_roles rows of `id`.
Status WriteRoles(Connection& conn, std::int64_t id, const std::vector<std::string>& roles) {
  auto del = Statement::Prepare(conn, sql::kDeleteJobRoles);
  if (!del) return del.error();
  if (auto s = del->Bind(id).Run(); !s) return s;
  auto ins = Statement::Prepare(conn, sql::kInsertJobRole);
  if (!ins) return ins.error();
  for (const auto& slug : roles) {
    ins->Reset();
    if (auto s = ins->Bind(id, slug).Run(); !s) return s;
  }
  return {};
}

Status BumpVersion(Connection& conn) {
  auto bump = Statement::Prepare(conn, sql::kBumpJobsVersion);
  if (!bump) return bump.error();
  return bump->Run();
}

Status Check(const jobs::Job& job, std::size_t index) {
  if (auto s = jobs::Validate(job); !s) {
    return Invalid("job " + std::to_string(index + 1) + ": " + s.error().message);
  }
  return {};
}

Result<std::int64_t> Insert(Connection& conn, const jobs::Job& job) {
  auto ins = Statement::Prepare(conn, sql::kInsertJob);
  if (!ins) return ins.error();
  BindJob(*ins, job);
  if (auto s = ins->Run(); !s) return s.error();
  std::int64_t id = sqlite3_last_insert_rowid(conn.handle());
  if (auto s = WriteRoles(conn, id, job.roles); !s) return s.error();
  return id;
}

Status Update(Connection& conn, std::int64_t id, const jobs::Job& job) {
  auto upd = Statement::Prepare(conn, sql::kUpdateJob);
  if (!upd) return upd.error();
  BindJob(*upd, job, id);
  if (auto s = upd->Run(); !s) return s;
  return WriteRoles(conn, id, job.roles);
}

struct Existing {
  std::int64_t id = 0;
  std::string hash;
};

Result<std::optional<Existing>> FindBySource(Connection& conn, const std::string& source,
                                             const std::string& source_id) {
  auto find = Statement::Prepare(conn, sql::kFindJobBySource);
  if (!find) return find.error();
  auto row = find->Bind(source, source_id).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<Existing>();
  return std::optional<Existing>(Existing{find->ColumnInt64(0), find->ColumnText(1)});
}

Result<std::optional<jobs::Job>> ReadOne(Connection& conn, std::int64_t id) {
  auto stmt = Statement::Prepare(conn, sql::kGetJob);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(id).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<jobs::Job>();
  auto job = ReadJob(*stmt);
  if (!job) return job.error();
  return std::optional<jobs::Job>(std::move(*job));
}

// A constraint failure on (source, source_id) is a conflict the caller can fix.
Error Conflict(const jobs::Job& job) {
  return Error{ErrorCode::kConflict,
               "a job with source \"" + job.source + "\" and source id \"" + job.source_id + "\" already exists"};
}

}  // namespace

Result<JobWriteStats> UpsertJobs(Connection& writer, const std::vector<jobs::Job>& list, const JobProgress& progress) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (auto s = Check(list[i], i); !s) return s.error();
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  JobWriteStats stats;
  const int total = static_cast<int>(list.size());
  for (int i = 0; i < total; ++i) {
    const jobs::Job& job = list[static_cast<std::size_t>(i)];
    auto existing = FindBySource(writer, job.source, job.source_id);
    if (!existing) return existing.error();
    if (!*existing) {
      auto id = Insert(writer, job);
      if (!id) return id.error();
      ++stats.added;
      stats.ids.push_back(*id);
    } else if ((*existing)->hash == JobHash(job)) {
      ++stats.unchanged;
      stats.ids.push_back((*existing)->id);
    } else {
      if (auto s = Update(writer, (*existing)->id, job); !s) return s.error();
      ++stats.updated;
      stats.ids.push_back((*existing)->id);
    }
    if (progress && (i + 1) % 500 == 0 && i + 1 < total) progress(i + 1, total);
  }
  if (stats.added + stats.updated > 0)
    if (auto s = BumpVersion(writer); !s) return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  if (progress) progress(total, total);
  return stats;
}

Result<int> RemapJobRoles(Connection& writer, const std::vector<jobs::RoleInfo>& before,
                          const std::vector<jobs::RoleInfo>& after) {
  std::vector<jobs::Job> changed;
  {
    auto all = Statement::Prepare(writer, sql::kListAllJobs);
    if (!all) return all.error();
    for (;;) {
      auto row = all->Step();
      if (!row) return row.error();
      if (!*row) break;
      auto job = ReadJob(*all);
      if (!job) return job.error();
      auto roles = jobs::RemapRoles(job->title, job->skills, job->roles, before, after);
      if (roles == job->roles) continue;
      job->roles = std::move(roles);
      changed.push_back(std::move(*job));
    }
  }  // the read is finished before the writes
  for (const auto& job : changed)
    if (auto s = Update(writer, job.id, job); !s) return s.error();
  if (!changed.empty())
    if (auto s = BumpVersion(writer); !s) return s.error();
  return static_cast<int>(changed.size());
}

Result<jobs::Job> CreateJob(Connection& writer, const jobs::Job& job) {
  if (auto s = Check(job, 0); !s) return s.error();
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto existing = FindBySource(writer, job.source, job.source_id);
  if (!existing) return existing.error();
  if (*existing) return Conflict(job);
  auto id = Insert(writer, job);
  if (!id) return id.error();
  if (auto s = BumpVersion(writer); !s) return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  jobs::Job stored = job;
  stored.id = *id;
  return stored;
}

Result<jobs::Job> UpdateJob(Connection& writer, std::int64_t id, const jobs::Job& job) {
  if (auto s = Check(job, 0); !s) return s.error();
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto current = ReadOne(writer, id);
  if (!current) return current.error();
  if (!*current) return Error{ErrorCode::kNotFound, "there is no job " + std::to_string(id)};
  auto existing = FindBySource(writer, job.source, job.source_id);
  if (!existing) return existing.error();
  if (*existing && (*existing)->id != id) return Conflict(job);
  if (auto s = Update(writer, id, job); !s) return s.error();
  if (auto s = BumpVersion(writer); !s) return s.error();
  if (auto s = tx->Commit(); !s) return s.error();
  jobs::Job stored = job;
  stored.id = id;
  return stored;
}

Status DeleteJob(Connection& writer, std::int64_t id) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto del = Statement::Prepare(writer, sql::kDeleteJob);
  if (!del) return del.error();
  if (auto s = del->Bind(id).Run(); !s) return s;
  if (writer.Changes() == 0) return Error{ErrorCode::kNotFound, "there is no job " + std::to_string(id)};
  if (auto s = BumpVersion(writer); !s) return s;
  return tx->Commit();
}

Result<std::optional<jobs::Job>> GetJob(Connection& reader, std::int64_t id) {
  return ReadOne(reader, id);
}

Result<JobList> ListJobs(Connection& reader, const jobs::JobFilter& f, const std::string& now_utc) {
  std::string earliest;
  if (f.posted_within_days > 0) {
    auto now = dates::ParseIsoTime(now_utc);
    if (!now) return Invalid("bad clock value " + now_utc);
    earliest = dates::FormatDate(*now - static_cast<std::int64_t>(f.posted_within_days) * 86400);
  }
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // count and page from one snapshot
  if (!tx) return tx.error();
  const std::string_view sort = jobs::SortName(f.sort);
  JobList out;
  {
    auto count = Statement::Prepare(reader, sql::kCountJobs);
    if (!count) return count.error();
    auto row =
        count->Bind(now_utc, f.role, f.remote_only, f.employment_type, f.min_salary, f.currency, earliest).Step();
    if (!row) return row.error();
    out.total = *row ? count->ColumnInt(0) : 0;
  }
  auto list = Statement::Prepare(reader, sql::kListJobs);
  if (!list) return list.error();
  list->Bind(now_utc, f.role, f.remote_only, f.employment_type, f.min_salary, f.currency, earliest, sort, f.limit,
             f.offset < 0 ? 0 : f.offset);
  for (;;) {
    auto row = list->Step();
    if (!row) return row.error();
    if (!*row) break;
    auto job = ReadJob(*list);
    if (!job) return job.error();
    out.items.push_back(std::move(*job));
  }
  return out;
}

Result<std::map<std::string, int>> CountOpenJobsByRole(Connection& reader, const std::string& now_utc) {
  auto stmt = Statement::Prepare(reader, sql::kCountOpenJobsByRole);
  if (!stmt) return stmt.error();
  stmt->Bind(now_utc);
  std::map<std::string, int> counts;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return counts;
    counts[stmt->ColumnText(0)] = stmt->ColumnInt(1);
  }
}

Result<JobsState> GetJobsState(Connection& reader, const std::string& now_utc) {
  auto stmt = Statement::Prepare(reader, sql::kJobsState);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(now_utc).Step();
  if (!row) return row.error();
  if (!*row) return Error{ErrorCode::kInternal, "jobs_state row is missing"};
  return JobsState{stmt->ColumnInt64(0), stmt->ColumnInt(1)};
}

}  // namespace starprep::store::sqlite
