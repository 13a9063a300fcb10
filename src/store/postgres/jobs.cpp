// SPDX-License-Identifier: Apache-2.0
// PostgresStore: jobs (store/store.h has the contract of each call). TODO(pg-jobs): stubs to replace.
#include "store/postgres/postgres_store.h"

namespace starprep::store::postgres {

namespace {
Error NotYet(const char* what) {
  return Error{ErrorCode::kInternal, std::string("postgres: ") + what + " is not implemented yet"};
}
}  // namespace

Result<JobWriteStats> PostgresStore::UpsertJobs(const std::vector<jobs::Job>&, const JobProgress&) {
  return NotYet("UpsertJobs");
}

Result<jobs::Job> PostgresStore::CreateJob(const jobs::Job&) {
  return NotYet("CreateJob");
}

Result<jobs::Job> PostgresStore::UpdateJob(std::int64_t, const jobs::Job&) {
  return NotYet("UpdateJob");
}

Status PostgresStore::DeleteJob(std::int64_t) {
  return NotYet("DeleteJob");
}

Result<std::optional<jobs::Job>> PostgresStore::GetJob(std::int64_t) {
  return NotYet("GetJob");
}

Result<JobList> PostgresStore::ListJobs(const jobs::JobFilter&, const std::string&) {
  return NotYet("ListJobs");
}

Result<std::map<std::string, int>> PostgresStore::CountOpenJobsByRole(const std::string&) {
  return NotYet("CountOpenJobsByRole");
}

Result<JobsState> PostgresStore::GetJobsState(const std::string&) {
  return NotYet("GetJobsState");
}

Result<bool> PostgresStore::HasJobs() {
  return NotYet("HasJobs");
}

}  // namespace starprep::store::postgres
