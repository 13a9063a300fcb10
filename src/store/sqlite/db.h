// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small RAII layer over the SQLite C API, used only by store/sqlite.
//
// - Connection owns one sqlite3* handle. It is NOT thread-safe: one thread uses it at a time
//   (handles are opened with SQLITE_OPEN_NOMUTEX; callers serialise access, see sqlite_store.cpp).
// - Statement owns one prepared statement. Bind() records the first failure and Step()/Run()
//   report it, so binds can be chained without checking each one.
// - Transaction rolls back in its destructor unless Commit() succeeded.
// Nothing here throws (beyond std::bad_alloc); every failure is an Error:
//   SQLITE_BUSY/LOCKED/IOERR/FULL/CANTOPEN/NOMEM/READONLY -> kUnavailable (retrying may help),
//   SQLITE_CONSTRAINT -> kConflict, anything else -> kInternal.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/result.h"

namespace starprep::store::sqlite {

// Maps a SQLite result code to an Error; `what` says which operation failed (for the log).
// SQLITE_FULL and SQLITE_IOERR also carry a client message (below) and a Retry-After.
Error SqliteError(int rc, std::string_view what, sqlite3* db = nullptr);

inline constexpr int kDiskFullRetryAfterSeconds = 60;
inline constexpr const char* kDiskFullMessage =
    "The server's disk is full, so your change was not saved. Please retry later.";
inline constexpr const char* kDiskErrorMessage =
    "The server could not use its disk, so your request did not complete. Please retry later.";

enum class OpenMode {
  kReadWrite,  // creates the file if missing; sets journal_mode=WAL and synchronous=FULL
  kReadOnly,   // for readers of an existing WAL database
};

// Per-connection settings applied by Connection::Open (SQL as named constants).
inline constexpr int kBusyTimeoutMs = 5000;
inline constexpr const char* kPragmaForeignKeys = "PRAGMA foreign_keys = ON";
inline constexpr const char* kPragmaSynchronousFull = "PRAGMA synchronous = FULL";
inline constexpr const char* kPragmaJournalWal = "PRAGMA journal_mode = WAL";
// Deleted rows are overwritten with zeros, so a deleted account leaves no text in free pages.
inline constexpr const char* kPragmaSecureDelete = "PRAGMA secure_delete = ON";

// Binds as a BLOB (a std::string binds as TEXT).
struct Blob {
  std::string_view bytes;
};

// Binds an object of ours for an application function (sqlite3_bind_pointer): SQL sees NULL,
// only a function asking sqlite3_value_pointer for the same `type` gets `object`. Not copied:
// it must outlive the statement's steps.
struct Pointer {
  void* object = nullptr;
  const char* type = "";  // a string literal (SQLite keeps the pointer)
};

class Connection {
 public:
  // Opens `path` and applies busy_timeout, foreign_keys=ON and, for kReadWrite,
  // journal_mode=WAL (fails unless the database really is in WAL mode), synchronous=FULL and
  // secure_delete=ON.
  static Result<Connection> Open(const std::string& path, OpenMode mode);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs SQL without parameters (pragmas, BEGIN/COMMIT, migration scripts of constants only).
  Status Exec(const char* sql);

  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  int Changes() const { return sqlite3_changes(db_); }

  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  static Result<Statement> Prepare(Connection& conn, const char* sql);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds args to placeholders 1..N. Accepts strings, string_views, integers, bool, double,
  // std::optional<double> (nullopt binds NULL), Blob and Pointer.
  // Text is copied (SQLITE_TRANSIENT), so temporaries are fine.
  template <class... Args>
  Statement& Bind(const Args&... args) {
    int index = 0;
    (BindOne(++index, args), ...);
    return *this;
  }

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Resets for re-execution with new bindings (bindings are cleared).
  void Reset();

  std::string ColumnText(int col) const;
  std::string ColumnBlob(int col) const;
  std::int64_t ColumnInt64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int ColumnInt(int col) const { return sqlite3_column_int(stmt_, col); }
  bool ColumnBool(int col) const { return sqlite3_column_int(stmt_, col) != 0; }
  bool ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  double ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  void BindText(int index, std::string_view text);
  void BindInt64(int index, std::int64_t value);
  void BindDouble(int index, double value);
  void BindNull(int index);
  void BindBlob(int index, std::string_view bytes);
  void BindPointer(int index, const Pointer& pointer);
  void Record(int rc);

  template <class T>
  void BindOne(int index, const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      BindInt64(index, value ? 1 : 0);
    } else if constexpr (std::is_same_v<T, Blob>) {
      BindBlob(index, value.bytes);
    } else if constexpr (std::is_same_v<T, Pointer>) {
      BindPointer(index, value);
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
      if (value)
        BindDouble(index, *value);
      else
        BindNull(index);
    } else if constexpr (std::is_floating_point_v<T>) {
      BindDouble(index, static_cast<double>(value));
    } else if constexpr (std::is_integral_v<T>) {
      BindInt64(index, static_cast<std::int64_t>(value));
    } else {
      BindText(index, std::string_view(value));
    }
  }

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  int bind_rc_ = SQLITE_OK;  // first bind failure, reported by Step()
};

class Transaction {
 public:
  enum class Kind {
    kDeferred,   // a consistent read snapshot; takes the write lock only when it writes
    kImmediate,  // takes the write lock now (waits up to the busy timeout)
  };
  static Result<Transaction> Begin(Connection& conn, Kind kind);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Rolls back unless Commit() succeeded.
  ~Transaction();

  // On failure the transaction is still open and the destructor rolls it back.
  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_ = nullptr;  // null once committed or moved from
};

}  // namespace starprep::store::sqlite
