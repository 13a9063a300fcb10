// SPDX-License-Identifier: Apache-2.0
#pragma once
// Job reads and writes on one SQLite connection (see store/store.h for the contracts).
// Writers are called with the store's write mutex held; each write is one IMMEDIATE transaction
// that bumps jobs_state.version when it changes anything.

#include <string>
#include <vector>

#include "store/job_list_index.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::store::sqlite {

Result<JobWriteStats> UpsertJobs(Connection& writer, const std::vector<jobs::Job>& jobs, const JobProgress& progress);
Result<jobs::Job> CreateJob(Connection& writer, const jobs::Job& job);
Result<jobs::Job> UpdateJob(Connection& writer, std::int64_t id, const jobs::Job& job);
Status DeleteJob(Connection& writer, std::int64_t id);

// Inside the caller's write transaction (a content import): recomputes every job's roles with
// jobs::RemapRoles(before -> after) and rewrites the jobs whose roles change (their search
// documents follow); bumps jobs_state.version when any did. Returns how many changed.
Result<int> RemapJobRoles(Connection& writer, const std::vector<jobs::RoleInfo>& before,
                          const std::vector<jobs::RoleInfo>& after);

Result<std::optional<jobs::Job>> GetJob(Connection& reader, std::int64_t id);
// From `index` (store/job_list_index.h), rebuilt in this read's snapshot when its stamp is older.
Result<JobList> ListJobs(Connection& reader, JobListIndexCache& index, const jobs::JobFilter& filter,
                         const std::string& now_utc);
Result<std::map<std::string, int>> CountOpenJobsByRole(Connection& reader, JobListIndexCache& index,
                                                       const std::string& now_utc);
Result<JobsState> GetJobsState(Connection& reader, const std::string& now_utc);

}  // namespace starprep::store::sqlite
