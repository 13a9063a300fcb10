// SPDX-License-Identifier: Apache-2.0
#include "store/postgres/migrations.h"

#include <string>

namespace starprep::store::postgres {
namespace {

inline constexpr const char* kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
))sql";
// Whether schema_migrations exists (the runtime role may not create it).
inline constexpr const char* kHasMigrationsTable = "SELECT to_regclass('schema_migrations') IS NOT NULL";
inline constexpr const char* kMaxVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";
inline constexpr const char* kRecordMigration = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)";
// Serialises migrators (any constant works; this one spells "starprep" in ASCII).
inline constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(8315172127834943856)";

}  // namespace

Result<int> SchemaVersion(Conn& conn) {
  auto has = conn.Exec(kHasMigrationsTable);
  if (!has) return has.error();
  if (!has->Bool(0, 0)) return 0;
  auto v = conn.Exec(kMaxVersion);
  if (!v) return v.error();
  return static_cast<int>(v->Int(0, 0));
}

Status Migrate(Conn& conn, std::span<const Migration> migrations) {
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  for (const Migration& m : migrations) {
    if (auto s = conn.Run("BEGIN"); !s) return s;
    auto step = [&]() -> Status {
      if (auto s = conn.Exec(kMigrationLock); !s) return s.error();
      if (auto s = conn.Run(kCreateMigrationsTable); !s) return s;
      auto version = SchemaVersion(conn);
      if (!version) return version.error();
      if (*version > newest)
        return Error{ErrorCode::kInternal, "the PostgreSQL schema is at version " + std::to_string(*version) +
                                               ", newer than this starprep knows (" + std::to_string(newest) +
                                               "): run the newer starprep, or restore a backup"};
      if (*version >= m.version) return {};
      if (auto s = conn.Run(m.sql); !s)
        return Error{s.error().code,
                     "migration " + std::to_string(m.version) + " (" + m.name + "): " + s.error().message};
      if (auto s = conn.Exec(kRecordMigration, m.version, m.name); !s) return s.error();
      return {};
    };
    if (Status s = step(); !s) {
      (void)conn.Run("ROLLBACK");
      return s;
    }
    if (auto s = conn.Run("COMMIT"); !s) return s;
  }
  return {};
}

Status CheckSchema(Conn& conn, std::span<const Migration> migrations) {
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  auto version = SchemaVersion(conn);
  if (!version) return version.error();
  if (*version == newest) return {};
  return Error{ErrorCode::kUnavailable,
               "the PostgreSQL schema is at version " + std::to_string(*version) + " but this starprep needs version " +
                   std::to_string(newest) +
                   (*version < newest ? ": run `starprep db migrate --database URL` as the database owner first"
                                      : ": this starprep is older than the schema; deploy the newer one")};
}

}  // namespace starprep::store::postgres
