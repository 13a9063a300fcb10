// SPDX-License-Identifier: Apache-2.0
// PostgresStore: accounts (store/store.h has the contract of each call). TODO(pg-accounts): stubs to replace.
#include "store/postgres/postgres_store.h"

namespace starprep::store::postgres {

namespace {
Error NotYet(const char* what) {
  return Error{ErrorCode::kInternal, std::string("postgres: ") + what + " is not implemented yet"};
}
}  // namespace

Result<User> PostgresStore::CreateUser(const User&) {
  return NotYet("CreateUser");
}

Result<std::optional<User>> PostgresStore::FindUserByEmail(const std::string&) {
  return NotYet("FindUserByEmail");
}

Result<std::optional<User>> PostgresStore::GetUser(std::int64_t) {
  return NotYet("GetUser");
}

Status PostgresStore::UpdatePasswordHash(std::int64_t, const std::string&) {
  return NotYet("UpdatePasswordHash");
}

Status PostgresStore::SetUserRole(std::int64_t, const std::string&) {
  return NotYet("SetUserRole");
}

Status PostgresStore::DeleteUser(std::int64_t) {
  return NotYet("DeleteUser");
}

Status PostgresStore::PurgeDeletedData() {
  return NotYet("PurgeDeletedData");
}

Status PostgresStore::CreateSession(const SessionRecord&) {
  return NotYet("CreateSession");
}

Result<std::optional<std::pair<SessionRecord, User>>> PostgresStore::GetSession(const std::string&) {
  return NotYet("GetSession");
}

Status PostgresStore::TouchSession(const std::string&, const std::string&) {
  return NotYet("TouchSession");
}

Status PostgresStore::DeleteSession(const std::string&) {
  return NotYet("DeleteSession");
}

Result<int> PostgresStore::DeleteUserSessions(std::int64_t) {
  return NotYet("DeleteUserSessions");
}

Result<int> PostgresStore::CountUserSessions(std::int64_t) {
  return NotYet("CountUserSessions");
}

Result<int> PostgresStore::DeleteExpiredSessions(const std::string&, const std::string&) {
  return NotYet("DeleteExpiredSessions");
}

Result<std::int64_t> PostgresStore::CreateApiToken(std::int64_t, const std::string&, const std::string&,
                                                   const std::string&, const std::string&) {
  return NotYet("CreateApiToken");
}

Result<std::vector<ApiTokenInfo>> PostgresStore::ListApiTokens(std::int64_t) {
  return NotYet("ListApiTokens");
}

Status PostgresStore::DeleteApiToken(std::int64_t, std::int64_t) {
  return NotYet("DeleteApiToken");
}

Result<std::optional<std::pair<ApiTokenInfo, User>>> PostgresStore::GetApiToken(const std::string&) {
  return NotYet("GetApiToken");
}

Status PostgresStore::TouchApiToken(std::int64_t, const std::string&) {
  return NotYet("TouchApiToken");
}

}  // namespace starprep::store::postgres
