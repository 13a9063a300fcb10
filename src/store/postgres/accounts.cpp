// SPDX-License-Identifier: Apache-2.0
// PostgresStore: users, sessions and API tokens (store/store.h has the contract of each call; the
// SQLite twin is store/sqlite/accounts.cpp). Single statements run through Pool::Read (a lost
// connection repeats them once: each is safe to repeat, see below); DeleteUser is one transaction.
#include <string>
#include <utility>

#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {

namespace {

Error NotFound(std::string what) {
  return Error{ErrorCode::kNotFound, std::move(what)};
}

// The User whose columns start at `first` (the order of sql::kUserById).
User ReadUser(const Rows& rows, int row, int first) {
  return User{rows.Int(row, first),      rows.Text(row, first + 1), rows.Text(row, first + 2),
              rows.Text(row, first + 3), rows.Text(row, first + 4), rows.Text(row, first + 5)};
}

// The columns of sql::kListApiTokens / kGetApiToken.
ApiTokenInfo ReadApiToken(const Rows& rows, int row) {
  return ApiTokenInfo{rows.Int(row, 0), rows.Text(row, 1), rows.Text(row, 2), rows.Text(row, 3), rows.Text(row, 4)};
}

Result<std::optional<User>> OneUser(Conn& c, const char* sql, const auto& key) {
  auto rows = c.Exec(sql, key);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<User>();
  return std::optional<User>(ReadUser(*rows, 0, 0));
}

// Runs a single-statement write; kNotFound(`missing`) when it changed no row.
Status WriteOne(Conn& c, const char* sql, const std::string& missing, const auto&... args) {
  auto rows = c.Exec(sql, args...);
  if (!rows) return rows.error();
  if (rows->affected() == 0) return NotFound(missing);
  return {};
}

// Runs a DELETE and returns how many rows it removed.
Result<int> DeleteCount(Conn& c, const char* sql, const auto&... args) {
  auto rows = c.Exec(sql, args...);
  if (!rows) return rows.error();
  return rows->affected();
}

}  // namespace

// Not repeated after a lost connection (Write, not Read): an INSERT whose outcome is unknown
// could have committed, and running it again would answer kConflict for the user's own row.
// Write repeats only when nothing can have been committed.
Result<User> PostgresStore::CreateUser(const User& user) {
  return pool_.Write([&](Conn& c) -> Result<User> {
    auto rows = c.Exec(sql::kInsertUser, user.email, user.display_name, user.password_hash, user.role, user.created_at);
    if (!rows) {
      if (rows.error().code == ErrorCode::kConflict)
        return Error{ErrorCode::kConflict, "An account with this email already exists."};
      return rows.error();
    }
    User created = user;
    created.id = rows->Int(0, 0);
    return created;
  });
}

Result<std::optional<User>> PostgresStore::FindUserByEmail(const std::string& email) {
  if (!CanHold(email)) return std::optional<User>();  // "ann@example.org\0x" is not ann's
  return pool_.Read([&](Conn& c) { return OneUser(c, sql::kUserByEmail, email); });
}

Result<std::optional<User>> PostgresStore::GetUser(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) { return OneUser(c, sql::kUserById, user_id); });
}

// The UPDATEs below set a value: running one again after a lost connection changes nothing more.
Status PostgresStore::UpdatePasswordHash(std::int64_t user_id, const std::string& password_hash) {
  return pool_.Read(
      [&](Conn& c) { return WriteOne(c, sql::kUpdatePasswordHash, "no such user", user_id, password_hash); });
}

Status PostgresStore::SetUserRole(std::int64_t user_id, const std::string& role) {
  return pool_.Read([&](Conn& c) { return WriteOne(c, sql::kSetUserRole, "no such user", user_id, role); });
}

// One transaction: the votes lose their link (explicitly, although the foreign key's ON DELETE
// SET NULL would do it), then the user's row goes and the foreign keys' ON DELETE CASCADE takes
// sessions, API tokens, attempts, stories (and their question links) and coach corrections; then
// the editors' audit forgets the email. kNotFound rolls the unlinking back too.
Status PostgresStore::DeleteUser(std::int64_t user_id) {
  return pool_.Write([&](Conn& c) -> Status {
    if (auto unlinked = c.Exec(sql::kUnlinkUserVotes, user_id); !unlinked) return unlinked.error();
    if (auto s = WriteOne(c, sql::kDeleteUser, "no such user", user_id); !s) return s;
    if (auto audit = c.Exec(sql::kAnonymiseDeletedEditorsAudit); !audit) return audit.error();
    return {};
  });
}

// What "unreadable" means on PostgreSQL, honestly:
// - There is no log to checkpoint the way SQLite does: a deleted row is invisible to every SQL
//   reader from the moment DeleteUser commits (no snapshot taken later sees it, and no role can
//   read older row versions through SQL).
// - Its bytes stay in the table and index files as a dead tuple until VACUUM prunes it. This call
//   runs VACUUM on the tables DeleteUser changes when the connected role may (the tables' or the
//   database's owner, or a superuser: typically `starprep db migrate`'s role). VACUUM removes dead
//   tuples and their index entries; the freed space in a page is reused later, not necessarily
//   overwritten now. A transaction still open elsewhere that may see the rows keeps them until a
//   later VACUUM.
// - A runtime role without those rights (the recommended set-up) may not VACUUM: the call then
//   does nothing and succeeds, and autovacuum (on by default) does the same work on its schedule.
//   Checking first, rather than letting VACUUM skip each table, keeps its warnings off stderr.
// - Out of this store's reach either way: the server's write-ahead log (pg_wal, recycled after
//   checkpoints), WAL archives, base backups and replicas; their retention is the operator's.
// Unlike SQLite, readers never make it fail; errors are the server's (kUnavailable when it cannot
// be reached). VACUUM cannot run in a transaction, hence Read (no BEGIN); safe to repeat.
Status PostgresStore::PurgeDeletedData() {
  return pool_.Read([&](Conn& c) -> Status {
    auto may = c.Exec(sql::kMayVacuumUserData);
    if (!may) return may.error();
    if (may->empty() || !may->Bool(0, 0)) return {};  // autovacuum's job
    return c.Run(sql::kVacuumUserData);
  });
}

// A lost connection is not retried: repeating an INSERT whose first run may have committed
// would answer kConflict (the hash taken) for the caller's own session.
Status PostgresStore::CreateSession(const SessionRecord& s) {
  return pool_.Write([&](Conn& c) -> Status {
    auto rows = c.Exec(sql::kInsertSession, s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at);
    if (!rows) return rows.error();
    return {};
  });
}

Result<std::optional<std::pair<SessionRecord, User>>> PostgresStore::GetSession(const std::string& token_hash) {
  using Found = std::optional<std::pair<SessionRecord, User>>;
  return pool_.Read([&](Conn& c) -> Result<Found> {
    auto rows = c.Exec(sql::kGetSession, token_hash);
    if (!rows) return rows.error();
    if (rows->empty()) return Found();
    SessionRecord s{rows->Text(0, 0), rows->Int(0, 1), rows->Text(0, 2), rows->Text(0, 3), rows->Text(0, 4)};
    return Found(std::make_pair(std::move(s), ReadUser(*rows, 0, 5)));
  });
}

Status PostgresStore::TouchSession(const std::string& token_hash, const std::string& last_seen_at) {
  return pool_.Read(
      [&](Conn& c) { return WriteOne(c, sql::kTouchSession, "no such session", token_hash, last_seen_at); });
}

// Deleting what is already gone is fine (no kNotFound), so repeating is safe.
Status PostgresStore::DeleteSession(const std::string& token_hash) {
  return pool_.Read([&](Conn& c) -> Status {
    auto rows = c.Exec(sql::kDeleteSession, token_hash);
    if (!rows) return rows.error();
    return {};
  });
}

// Counts what it deleted: not repeated after a lost connection (a second run would count 0).
Result<int> PostgresStore::DeleteUserSessions(std::int64_t user_id) {
  return pool_.Write([&](Conn& c) { return DeleteCount(c, sql::kDeleteUserSessions, user_id); });
}

Result<int> PostgresStore::CountUserSessions(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<int> {
    auto rows = c.Exec(sql::kCountUserSessions, user_id);
    if (!rows) return rows.error();
    return static_cast<int>(rows->Int(0, 0));
  });
}

Result<int> PostgresStore::DeleteExpiredSessions(const std::string& now, const std::string& idle_cutoff) {
  return pool_.Write([&](Conn& c) { return DeleteCount(c, sql::kDeleteExpiredSessions, now, idle_cutoff); });
}

// A bad scope breaks the table's CHECK: kConflict, as on SQLite. Not repeated after a lost
// connection (the token's hash is unique: a second run could answer kConflict for its own row).
Result<std::int64_t> PostgresStore::CreateApiToken(std::int64_t user_id, const std::string& name,
                                                   const std::string& scope, const std::string& token_hash,
                                                   const std::string& created_at) {
  return pool_.Write([&](Conn& c) -> Result<std::int64_t> {
    auto rows = c.Exec(sql::kInsertApiToken, user_id, name, scope, token_hash, created_at);
    if (!rows) return rows.error();
    return rows->Int(0, 0);
  });
}

Result<std::vector<ApiTokenInfo>> PostgresStore::ListApiTokens(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<ApiTokenInfo>> {
    auto rows = c.Exec(sql::kListApiTokens, user_id);
    if (!rows) return rows.error();
    std::vector<ApiTokenInfo> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r) out.push_back(ReadApiToken(*rows, r));
    return out;
  });
}

// Not repeated after a lost connection: a second run would answer kNotFound for a token the
// first run deleted.
Status PostgresStore::DeleteApiToken(std::int64_t user_id, std::int64_t id) {
  return pool_.Write([&](Conn& c) {
    return WriteOne(c, sql::kDeleteApiToken, "There is no API token " + std::to_string(id) + ".", user_id, id);
  });
}

Result<std::optional<std::pair<ApiTokenInfo, User>>> PostgresStore::GetApiToken(const std::string& token_hash) {
  using Found = std::optional<std::pair<ApiTokenInfo, User>>;
  return pool_.Read([&](Conn& c) -> Result<Found> {
    auto rows = c.Exec(sql::kGetApiToken, token_hash);
    if (!rows) return rows.error();
    if (rows->empty()) return Found();
    return Found(std::make_pair(ReadApiToken(*rows, 0), ReadUser(*rows, 0, 5)));
  });
}

Status PostgresStore::TouchApiToken(std::int64_t id, const std::string& last_used_at) {
  return pool_.Read([&](Conn& c) {
    return WriteOne(c, sql::kTouchApiToken, "There is no API token " + std::to_string(id) + ".", id, last_used_at);
  });
}

Result<std::vector<std::string>> PostgresStore::ListTargetRoles(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<std::string>> {
    auto rows = c.Exec(sql::kListTargetRoles, user_id);
    if (!rows) return rows.error();
    std::vector<std::string> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r) out.push_back(rows->Text(r, 0));
    return out;
  });
}

// One transaction that sets the whole list: repeating it after a lost connection gives the same rows.
Status PostgresStore::SetTargetRoles(std::int64_t user_id, const std::vector<std::string>& slugs) {
  return pool_.Write([&](Conn& c) -> Status {
    auto exists = c.Exec(sql::kUserExists, user_id);
    if (!exists) return exists.error();
    if (!exists->Bool(0, 0)) return NotFound("no such user");
    if (auto cleared = c.Exec(sql::kClearTargetRoles, user_id); !cleared) return cleared.error();
    for (std::size_t i = 0; i < slugs.size(); ++i)
      if (auto added = c.Exec(sql::kInsertTargetRole, user_id, slugs[i], static_cast<int>(i)); !added)
        return added.error();
    return {};
  });
}

}  // namespace starprep::store::postgres
