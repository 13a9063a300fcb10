// SPDX-License-Identifier: Apache-2.0
// PostgresStore: content (store/store.h has the contract of each call). TODO(pg-content): stubs to replace.
#include "store/postgres/postgres_store.h"

namespace starprep::store::postgres {

namespace {
Error NotYet(const char* what) {
  return Error{ErrorCode::kInternal, std::string("postgres: ") + what + " is not implemented yet"};
}
}  // namespace

Result<ImportStats> PostgresStore::ReplaceContent(const content::Pack&) {
  return NotYet("ReplaceContent");
}

Result<std::int64_t> PostgresStore::ContentVersion() {
  return NotYet("ContentVersion");
}

Result<bool> PostgresStore::HasContent() {
  return NotYet("HasContent");
}

Result<std::vector<RoleSummary>> PostgresStore::ListRoles() {
  return NotYet("ListRoles");
}

Result<std::optional<content::Role>> PostgresStore::GetRole(const std::string&) {
  return NotYet("GetRole");
}

Result<std::vector<content::Role>> PostgresStore::ListLiveRoles() {
  return NotYet("ListLiveRoles");
}

Result<std::optional<content::Question>> PostgresStore::GetQuestion(const std::string&) {
  return NotYet("GetQuestion");
}

Status PostgresStore::PutVote(const Vote&) {
  return NotYet("PutVote");
}

Result<FeedbackSummary> PostgresStore::GetFeedbackSummary(const std::string&) {
  return NotYet("GetFeedbackSummary");
}

Result<std::map<std::string, FeedbackSummary>> PostgresStore::GetRoleFeedback(const std::string&) {
  return NotYet("GetRoleFeedback");
}

Result<std::map<std::string, Vote>> PostgresStore::GetVoterVotes(const std::string&, const std::string&) {
  return NotYet("GetVoterVotes");
}

Result<std::vector<Comment>> PostgresStore::ListComments(const std::string&, int, int) {
  return NotYet("ListComments");
}

}  // namespace starprep::store::postgres
