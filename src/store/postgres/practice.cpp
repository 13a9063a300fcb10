// SPDX-License-Identifier: Apache-2.0
// PostgresStore: practice (store/store.h has the contract of each call). TODO(pg-practice): stubs to replace.
#include "store/postgres/postgres_store.h"

namespace starprep::store::postgres {

namespace {
Error NotYet(const char* what) {
  return Error{ErrorCode::kInternal, std::string("postgres: ") + what + " is not implemented yet"};
}
}  // namespace

Result<std::int64_t> PostgresStore::CreateAttempt(const AttemptRecord&) {
  return NotYet("CreateAttempt");
}

Result<AttemptList> PostgresStore::ListAttempts(std::int64_t, const std::string&, int, int) {
  return NotYet("ListAttempts");
}

Result<std::optional<AttemptRecord>> PostgresStore::GetAttempt(std::int64_t, std::int64_t) {
  return NotYet("GetAttempt");
}

Status PostgresStore::DeleteAttempt(std::int64_t, std::int64_t) {
  return NotYet("DeleteAttempt");
}

Result<std::int64_t> PostgresStore::CreateStory(const StoryRecord&, int) {
  return NotYet("CreateStory");
}

Status PostgresStore::UpdateStory(const StoryRecord&) {
  return NotYet("UpdateStory");
}

Result<std::optional<StoryRecord>> PostgresStore::GetStory(std::int64_t, std::int64_t) {
  return NotYet("GetStory");
}

Result<std::vector<StoryRecord>> PostgresStore::ListStories(std::int64_t) {
  return NotYet("ListStories");
}

Status PostgresStore::DeleteStory(std::int64_t, std::int64_t) {
  return NotYet("DeleteStory");
}

Result<std::vector<Vote>> PostgresStore::ListUserVotes(std::int64_t) {
  return NotYet("ListUserVotes");
}

Result<std::int64_t> PostgresStore::CreateCorrection(const CorrectionRecord&) {
  return NotYet("CreateCorrection");
}

Result<CorrectionList> PostgresStore::ListCorrections(std::int64_t, int, int) {
  return NotYet("ListCorrections");
}

Result<std::vector<CorrectionRecord>> PostgresStore::ListSharedCorrections(std::int64_t, int) {
  return NotYet("ListSharedCorrections");
}

Result<int> PostgresStore::ResealBatch(int, int, const ResealFn&) {
  return NotYet("ResealBatch");
}

Result<std::map<int, int>> PostgresStore::CountSealedByKey() {
  return NotYet("CountSealedByKey");
}

}  // namespace starprep::store::postgres
