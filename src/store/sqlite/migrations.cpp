// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/migrations.h"

#include <string>

namespace starprep::store::sqlite {
namespace {

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
constexpr const char* kSelectSchemaVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kInsertMigration =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

Status TooNew(int db_version, int known) {
  return Error{ErrorCode::kInternal, "sqlite: database schema version " + std::to_string(db_version) +
                                         " is newer than this binary supports (" + std::to_string(known) +
                                         "); upgrade starprep"};
}

}  // namespace

Result<int> SchemaVersion(Connection& conn) {
  auto stmt = Statement::Prepare(conn, kSelectSchemaVersion);
  if (!stmt) return stmt.error();
  auto row = stmt->Step();
  if (!row) return row.error();
  return *row ? stmt->ColumnInt(0) : 0;
}

Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations) {
  if (auto s = conn.Exec(kCreateMigrationsTable); !s) return s;
  const int known = migrations.empty() ? 0 : migrations.back().version;
  for (const Migration& m : migrations) {
    auto tx = Transaction::Begin(conn, Transaction::Kind::kImmediate);
    if (!tx) return tx.error();
    auto version = SchemaVersion(conn);  // read under the write lock: no other opener races us
    if (!version) return version.error();
    if (*version > known) return TooNew(*version, known);
    if (*version >= m.version) continue;  // already applied; `tx` rolls back a no-op
    if (*version != m.version - 1) {
      return Error{ErrorCode::kInternal, "sqlite: migration " + std::to_string(m.version) + " (" + m.name +
                                             ") found the database at version " + std::to_string(*version)};
    }
    if (auto s = conn.Exec(m.sql); !s) {
      return Error{s.error().code,
                   "migration " + std::to_string(m.version) + " (" + m.name + "): " + s.error().message};
    }
    auto insert = Statement::Prepare(conn, kInsertMigration);
    if (!insert) return insert.error();
    if (auto s = insert->Bind(m.version).Run(); !s) return s;
    if (auto s = tx->Commit(); !s) return s;
  }
  if (migrations.empty()) {  // still refuse a database from the future
    auto version = SchemaVersion(conn);
    if (!version) return version.error();
    if (*version > known) return TooNew(*version, known);
  }
  return {};
}

}  // namespace starprep::store::sqlite
