// SPDX-License-Identifier: Apache-2.0
#include "app/db_copy.h"

#include <sqlite3.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>

#include "app/app.h"
#include "app/open_store.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pg.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::app {
namespace {

namespace pg = store::postgres;
namespace fs = std::filesystem;

// Tables whose `id` is an identity column on PostgreSQL.
constexpr const char* kIdentityTables[] = {"users", "jobs",           "api_tokens",        "attempts",   "stories",
                                           "votes", "feedback_audit", "coach_corrections", "review_log", "mocks"};
// Seeded by the migrations with one row each: replaced, not required to be empty.
bool Seeded(std::string_view table) {
  return table == "content_state" || table == "jobs_state";
}

Error Failed(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message)};
}

struct StmtCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

Result<Stmt> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    return Failed("sqlite: " + sql + ": " + sqlite3_errmsg(db));
  return Stmt(raw);
}

Result<long long> SqliteCount(sqlite3* db, const std::string& table) {
  auto stmt = Prepare(db, "SELECT count(*) FROM " + table);
  if (!stmt) return stmt.error();
  if (sqlite3_step(stmt->get()) != SQLITE_ROW) return Failed(std::string("sqlite: count: ") + sqlite3_errmsg(db));
  return static_cast<long long>(sqlite3_column_int64(stmt->get(), 0));
}

Result<long long> PostgresCount(pg::Conn& c, const std::string& table) {
  auto rows = c.Query("SELECT count(*) FROM " + table);
  if (!rows) return rows.error();
  return static_cast<long long>(rows->Int(0, 0));
}

// The SQLite database of a data directory, which must exist already (a wrong path must not copy
// an empty database), migrated to this binary's schema as any open does.
Result<std::string> ExistingSqlite(const std::string& path) {
  if (!fs::exists(path)) return Error{ErrorCode::kNotFound, "no SQLite database at " + path};
  auto store = store::OpenSqliteStore(path);  // migrates; closed at once
  if (!store) return store.error();
  return path;
}

// A PostgreSQL connection to a database with this binary's schema.
Result<std::unique_ptr<pg::Conn>> MigratedPostgres(const std::string& url) {
  auto conn = pg::Conn::Open(url);
  if (!conn) return conn.error();
  if (auto s = pg::CheckSchema(**conn); !s) return s.error();
  return conn;
}

// OK when the source (`want`) and the target (`got`) both hold the `copied` rows of `table`.
Status Verified(const char* table, long long copied, const Result<long long>& want, const Result<long long>& got) {
  if (!want) return want.error();
  if (!got) return got.error();
  if (*want == copied && *got == copied) return {};
  return Failed(std::string(table) + ": read " + std::to_string(copied) + " rows of " + std::to_string(*want) +
                ", the target holds " + std::to_string(*got));
}

Status CopyTableToPostgres(sqlite3* from, pg::Conn& to, const std::string& table, long long& copied) {
  auto select = Prepare(from, "SELECT * FROM " + table);
  if (!select) return select.error();
  sqlite3_stmt* s = select->get();
  const int n = sqlite3_column_count(s);
  std::string insert = "INSERT INTO " + table + " (";
  for (int c = 0; c < n; ++c) insert += std::string(c ? ", " : "") + sqlite3_column_name(s, c);
  insert += ") VALUES (";
  for (int c = 0; c < n; ++c) insert += (c ? ", $" : "$") + std::to_string(c + 1);
  insert += ")";
  copied = 0;
  for (int rc; (rc = sqlite3_step(s)) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return Failed("sqlite: reading " + table + ": " + sqlite3_errmsg(from));
    pg::Params params;
    for (int c = 0; c < n; ++c) {
      const int type = sqlite3_column_type(s, c);
      if (type == SQLITE_NULL) {
        params.AddNull();
      } else if (type == SQLITE_BLOB) {
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s, c));
        params.AddBinary(std::string_view(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        params.AddText(std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
      }
    }
    if (auto r = to.QueryParams(insert, params); !r) return Error{r.error().code, table + ": " + r.error().message};
    ++copied;
  }
  return {};
}

Status CopyTableToSqlite(pg::Conn& from, sqlite3* to, const std::string& table, long long& copied) {
  auto rows = from.Query("SELECT * FROM " + table);
  if (!rows) return rows.error();
  const int n = rows->columns();
  std::string insert = "INSERT INTO " + table + " (";
  for (int c = 0; c < n; ++c) insert += (c ? ", " : "") + std::string(rows->Name(c));
  insert += ") VALUES (";
  for (int c = 0; c < n; ++c) insert += c ? ", ?" : "?";
  insert += ")";
  auto stmt = Prepare(to, insert);
  if (!stmt) return stmt.error();
  sqlite3_stmt* s = stmt->get();
  copied = 0;
  for (int r = 0; r < rows->size(); ++r) {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    for (int c = 0; c < n; ++c) {
      if (rows->Null(r, c)) continue;  // cleared bindings are NULL
      if (rows->IsBytea(c)) {
        const std::string bytes = rows->Bytea(r, c);
        sqlite3_bind_blob(s, c + 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
      } else {
        const std::string_view text = rows->View(r, c);
        sqlite3_bind_text(s, c + 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
    }
    if (sqlite3_step(s) != SQLITE_DONE) return Failed("sqlite: writing " + table + ": " + sqlite3_errmsg(to));
    ++copied;
  }
  return {};
}

}  // namespace

Status CopySqliteToPostgres(const std::string& sqlite_path, const std::string& url, const CopyProgress& progress) {
  auto path = ExistingSqlite(sqlite_path);
  if (!path) return path.error();
  auto source = store::sqlite::Connection::Open(*path, store::sqlite::OpenMode::kReadOnly);
  if (!source) return source.error();
  sqlite3* from = source->handle();
  if (auto s = source->Exec("BEGIN"); !s) return s;  // one snapshot of every table
  auto target = MigratedPostgres(url);
  if (!target) return target.error();
  pg::Conn& to = **target;
  if (auto s = to.Run("BEGIN"); !s) return s;
  auto copy = [&]() -> Status {
    for (const char* table : kCopiedTables) {
      if (Seeded(table)) {
        if (auto r = to.Query(std::string("DELETE FROM ") + table); !r) return r.error();
      } else if (auto count = PostgresCount(to, table); !count || *count > 0) {
        if (!count) return count.error();
        return Error{ErrorCode::kConflict, std::string("the target database already holds ") + table +
                                               ": copy into an empty database (after `starprep db migrate`)"};
      }
    }
    for (const char* table : kCopiedTables) {
      long long copied = 0;
      if (auto s = CopyTableToPostgres(from, to, table, copied); !s) return s;
      if (auto s = Verified(table, copied, SqliteCount(from, table), PostgresCount(to, table)); !s) return s;
      if (progress) progress(table, copied);
    }
    for (const char* table : kIdentityTables) {
      std::string move_sequence = "SELECT setval(pg_get_serial_sequence('";
      move_sequence.append(table)
          .append("', 'id'), max(id)) FROM ")
          .append(table)
          .append(" HAVING max(id) IS NOT NULL");
      if (auto r = to.Query(move_sequence); !r) return r.error();
    }
    return to.Run("COMMIT");
  };
  Status done = copy();
  if (!done) (void)to.Run("ROLLBACK");
  return done;
}

Status CopyPostgresToSqlite(const std::string& url, const std::string& sqlite_path, const CopyProgress& progress) {
  auto source = MigratedPostgres(url);
  if (!source) return source.error();
  pg::Conn& from = **source;
  if (auto s = from.Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) return s;
  {
    auto created = store::OpenSqliteStore(sqlite_path);  // creates (mode 0600) and migrates
    if (!created) return created.error();
  }
  auto target = store::sqlite::Connection::Open(sqlite_path, store::sqlite::OpenMode::kReadWrite);
  if (!target) return target.error();
  sqlite3* to = target->handle();
  auto tx = store::sqlite::Transaction::Begin(*target, store::sqlite::Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  for (const char* table : kCopiedTables) {
    if (Seeded(table)) {
      if (auto s = target->Exec((std::string("DELETE FROM ") + table).c_str()); !s) return s;
    } else if (auto count = SqliteCount(to, table); !count || *count > 0) {
      if (!count) return count.error();
      return Error{ErrorCode::kConflict,
                   std::string("the target database already holds ") + table + ": copy into a new data directory"};
    }
  }
  for (const char* table : kCopiedTables) {
    long long copied = 0;
    if (auto s = CopyTableToSqlite(from, to, table, copied); !s) return s;
    if (auto s = Verified(table, copied, PostgresCount(from, table), SqliteCount(to, table)); !s) return s;
    if (progress) progress(table, copied);
  }
  return tx->Commit();
}

int DbCopy(const std::string& from, const std::string& to) {
  auto is_url = [](const std::string& s) { return s.starts_with("postgresql://") || s.starts_with("postgres://"); };
  if (is_url(from) == is_url(to)) {
    std::cerr << "starprep: db copy moves between a data directory (SQLite) and a postgresql:// URL: give one of "
                 "each\n";
    return 2;
  }
  long long total = 0;
  int tables = 0;
  auto progress = [&](const std::string& table, long long rows) {
    std::cout << "  " << table << ": " << rows << (rows == 1 ? " row\n" : " rows\n") << std::flush;
    total += rows;
    ++tables;
  };
  std::cout << "copying " << (is_url(from) ? "PostgreSQL" : (DatabasePath(from).string())) << " -> "
            << (is_url(to) ? "PostgreSQL" : DatabasePath(to).string()) << " in one transaction\n";
  if (is_url(from)) {  // the data directory, mode 0700, and its migrated database
    auto created = OpenStore(to, "");
    if (!created) {
      std::cerr << "starprep: " << created.error().message << "\n";
      return 1;
    }
  }
  Status s = is_url(from) ? CopyPostgresToSqlite(from, DatabasePath(to).string(), progress)
                          : CopySqliteToPostgres(DatabasePath(from).string(), to, progress);
  if (!s) {
    std::cerr << "starprep: db copy failed, nothing was written: " << s.error().message << "\n";
    return 1;
  }
  std::cout << "copied " << total << " rows in " << tables << " tables; row counts verified\n";
  return 0;
}

}  // namespace starprep::app
