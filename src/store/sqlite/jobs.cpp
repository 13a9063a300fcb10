// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/jobs.h"

#include <algorithm>
#include <cstdint>

#include "core/dates.h"
#include "store/codec.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// A statement's current row for ReadJobRow and ReadJobListRow.
struct StatementColumns {
  const Statement& stmt;
  std::int64_t Int(int i) const { return stmt.ColumnInt64(i); }
  double Double(int i) const { return stmt.ColumnDouble(i); }
  std::string Text(int i) const { return stmt.ColumnText(i); }
  bool Null(int i) const { return stmt.ColumnIsNull(i); }
};

Result<jobs::Job> ReadJob(const Statement& row) {
  return ReadJobRow(StatementColumns{row}, "sqlite store");
}

// Binds kInsertJob's and kUpdateJob's ?1..?22, ?23 = `id` (kUpdateJob's; 0 and unused for an
// insert) and ?24 = the title's sort key.
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
  stmt.Bind(j.source, j.source_id, j.title, j.company_name, j.company_url, j.company_logo, remote, locations, offices,
            j.employment_type, lo, hi, currency, unit, annual, j.description_md, j.apply_url, j.date_posted,
            j.valid_through, skills, roles, hash, id.value_or(0), jobs::TitleSortKey(j.title));
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

struct Existing {
  std::int64_t id = 0;
  std::string hash;
};

// The statements of a job write, prepared once per transaction: an import of many postings
// reuses them for each one instead of compiling five statements per posting.
class JobWriter {
 public:
  static Result<JobWriter> Prepare(Connection& conn) {
    auto find = Statement::Prepare(conn, sql::kFindJobBySource);
    if (!find) return find.error();
    auto insert = Statement::Prepare(conn, sql::kInsertJob);
    if (!insert) return insert.error();
    auto update = Statement::Prepare(conn, sql::kUpdateJob);
    if (!update) return update.error();
    auto delete_roles = Statement::Prepare(conn, sql::kDeleteJobRoles);
    if (!delete_roles) return delete_roles.error();
    auto insert_role = Statement::Prepare(conn, sql::kInsertJobRole);
    if (!insert_role) return insert_role.error();
    return JobWriter(conn, std::move(*find), std::move(*insert), std::move(*update), std::move(*delete_roles),
                     std::move(*insert_role));
  }

  // The id and content hash of the job with this (source, source_id); nullopt if none.
  Result<std::optional<Existing>> Find(const std::string& source, const std::string& source_id) {
    find_.Reset();
    auto row = find_.Bind(source, source_id).Step();
    if (!row) return row.error();
    if (!*row) return std::optional<Existing>();
    return std::optional<Existing>(Existing{find_.ColumnInt64(0), find_.ColumnText(1)});
  }

  // Inserts `job` and its job_roles rows; returns the new id.
  Result<std::int64_t> Insert(const jobs::Job& job) {
    insert_.Reset();
    BindJob(insert_, job);
    if (auto s = insert_.Run(); !s) return s.error();
    const std::int64_t id = sqlite3_last_insert_rowid(conn_->handle());
    if (auto s = WriteRoles(id, job.roles); !s) return s.error();
    return id;
  }

  // Replaces every column of job `id` and its job_roles rows.
  Status Update(std::int64_t id, const jobs::Job& job) {
    update_.Reset();
    BindJob(update_, job, id);
    if (auto s = update_.Run(); !s) return s;
    return WriteRoles(id, job.roles);
  }

 private:
  JobWriter(Connection& conn, Statement find, Statement insert, Statement update, Statement delete_roles,
            Statement insert_role)
      : conn_(&conn),
        find_(std::move(find)),
        insert_(std::move(insert)),
        update_(std::move(update)),
        delete_roles_(std::move(delete_roles)),
        insert_role_(std::move(insert_role)) {}

  Status WriteRoles(std::int64_t id, const std::vector<std::string>& roles) {
    delete_roles_.Reset();
    if (auto s = delete_roles_.Bind(id).Run(); !s) return s;
    for (const auto& slug : roles) {
      insert_role_.Reset();
      if (auto s = insert_role_.Bind(id, slug).Run(); !s) return s;
    }
    return {};
  }

  Connection* conn_;
  Statement find_, insert_, update_, delete_roles_, insert_role_;
};

// Rewrites the search documents of `ids` (sorted, distinct) in one statement per index table:
// what the job triggers do row by row (migration 12 says why a batch does it this way).
Status ReindexJobs(Connection& conn, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  const std::string list = IdListJson(ids);
  for (const char* text : sql::kReindexJobs) {
    auto stmt = Statement::Prepare(conn, text);
    if (!stmt) return stmt.error();
    if (auto s = stmt->Bind(list).Run(); !s) return s;
  }
  return {};
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
  auto jobs_writer = JobWriter::Prepare(writer);
  if (!jobs_writer) return jobs_writer.error();
  if (auto s = writer.Exec(sql::kDeferJobIndex); !s) return s.error();
  JobWriteStats stats;
  std::vector<std::int64_t> written;  // added or updated: their documents are rewritten below
  const int total = static_cast<int>(list.size());
  for (int i = 0; i < total; ++i) {
    const jobs::Job& job = list[static_cast<std::size_t>(i)];
    auto existing = jobs_writer->Find(job.source, job.source_id);
    if (!existing) return existing.error();
    if (!*existing) {
      auto id = jobs_writer->Insert(job);
      if (!id) return id.error();
      ++stats.added;
      stats.ids.push_back(*id);
      written.push_back(*id);
    } else if ((*existing)->hash == JobHash(job)) {
      ++stats.unchanged;
      stats.ids.push_back((*existing)->id);
    } else {
      if (auto s = jobs_writer->Update((*existing)->id, job); !s) return s.error();
      ++stats.updated;
      stats.ids.push_back((*existing)->id);
      written.push_back((*existing)->id);
    }
    if (progress && (i + 1) % 500 == 0 && i + 1 < total) progress(i + 1, total);
  }
  // A posting listed twice is written twice but indexed once.
  std::sort(written.begin(), written.end());
  written.erase(std::unique(written.begin(), written.end()), written.end());
  if (auto s = ReindexJobs(writer, written); !s) return s.error();
  if (auto s = writer.Exec(sql::kResumeJobIndex); !s) return s.error();
  if (!written.empty())
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
  if (!changed.empty()) {
    auto jobs_writer = JobWriter::Prepare(writer);
    if (!jobs_writer) return jobs_writer.error();
    for (const auto& job : changed)
      if (auto s = jobs_writer->Update(job.id, job); !s) return s.error();
  }
  if (!changed.empty())
    if (auto s = BumpVersion(writer); !s) return s.error();
  return static_cast<int>(changed.size());
}

Result<jobs::Job> CreateJob(Connection& writer, const jobs::Job& job) {
  if (auto s = Check(job, 0); !s) return s.error();
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto jobs_writer = JobWriter::Prepare(writer);
  if (!jobs_writer) return jobs_writer.error();
  auto existing = jobs_writer->Find(job.source, job.source_id);
  if (!existing) return existing.error();
  if (*existing) return Conflict(job);
  auto id = jobs_writer->Insert(job);
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
  auto jobs_writer = JobWriter::Prepare(writer);
  if (!jobs_writer) return jobs_writer.error();
  auto existing = jobs_writer->Find(job.source, job.source_id);
  if (!existing) return existing.error();
  if (*existing && (*existing)->id != id) return Conflict(job);
  if (auto s = jobs_writer->Update(id, job); !s) return s.error();
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

namespace {

// The job list index's reads on `reader`, in the caller's transaction.
JobListSource ListSource(Connection& reader, const std::string& now_utc) {
  JobListSource source;
  source.stamp = [&reader, &now_utc]() -> Result<JobCountStamp> {
    auto stmt = Statement::Prepare(reader, sql::kJobCountStamp);
    if (!stmt) return stmt.error();
    auto row = stmt->Bind(now_utc).Step();
    if (!row) return row.error();
    if (!*row) return Error{ErrorCode::kInternal, "jobs_state row is missing"};
    return JobCountStamp{stmt->ColumnInt64(0), stmt->ColumnText(1)};
  };
  source.rows = [&reader, &now_utc]() -> Result<std::vector<JobListRow>> {
    auto stmt = Statement::Prepare(reader, sql::kJobListRows);
    if (!stmt) return stmt.error();
    stmt->Bind(now_utc);
    std::vector<JobListRow> rows;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      auto r = ReadJobListRow(StatementColumns{*stmt}, "sqlite store");
      if (!r) return r.error();
      rows.push_back(std::move(*r));
    }
    return rows;
  };
  source.jobs = [&reader](const std::vector<std::int64_t>& ids) -> Result<std::vector<jobs::Job>> {
    auto stmt = Statement::Prepare(reader, sql::kJobsByIds);
    if (!stmt) return stmt.error();
    stmt->Bind(IdListJson(ids));
    std::vector<jobs::Job> out;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      auto job = ReadJob(*stmt);
      if (!job) return job.error();
      out.push_back(std::move(*job));
    }
    return out;
  };
  return source;
}

}  // namespace

Result<JobList> ListJobs(Connection& reader, JobListIndexCache& index, const jobs::JobFilter& f,
                         const std::string& now_utc) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // stamp, index and page from one snapshot
  if (!tx) return tx.error();
  return ListJobsFrom(index, f, now_utc, ListSource(reader, now_utc));
}

Result<std::map<std::string, int>> CountOpenJobsByRole(Connection& reader, JobListIndexCache& index,
                                                       const std::string& now_utc) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // stamp and counts from one snapshot
  if (!tx) return tx.error();
  return CountOpenJobsByRoleFrom(index, ListSource(reader, now_utc));
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
