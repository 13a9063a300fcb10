// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/db.h"

#include <utility>

namespace starprep::store::sqlite {

Error SqliteError(int rc, std::string_view what, sqlite3* db) {
  ErrorCode code = ErrorCode::kInternal;
  switch (rc & 0xff) {  // primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      code = ErrorCode::kUnavailable;
      break;
    case SQLITE_CONSTRAINT:
      code = ErrorCode::kConflict;
      break;
    default:
      break;
  }
  std::string message = "sqlite: ";
  message += what;
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on `db`, which is `rc` when given.
  message += (db != nullptr && sqlite3_errcode(db) == rc) ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  Error error{code, std::move(message)};
  // A full or failing disk is the operator's to fix, not the client's: say so, and that the
  // transaction was rolled back (SQLite undoes a statement or commit that fails this way).
  if ((rc & 0xff) == SQLITE_FULL) {
    error.retry_after = kDiskFullRetryAfterSeconds;
    error.client_message = kDiskFullMessage;
  } else if ((rc & 0xff) == SQLITE_IOERR) {
    error.retry_after = kDiskFullRetryAfterSeconds;
    error.client_message = kDiskErrorMessage;
  }
  return error;
}

// ---- Connection ----

Result<Connection> Connection::Open(const std::string& path, OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::kReadWrite ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Connection conn(raw);  // closes `raw` on every return path, even when open failed
  if (rc != SQLITE_OK) return SqliteError(rc, "open " + path, raw);
  sqlite3_extended_result_codes(raw, 1);
  if (rc = sqlite3_busy_timeout(raw, kBusyTimeoutMs); rc != SQLITE_OK) return SqliteError(rc, "busy_timeout", raw);
  if (auto s = conn.Exec(kPragmaForeignKeys); !s) return s.error();
  if (mode == OpenMode::kReadWrite) {
    {  // journal_mode answers with the mode in effect, which may not be the one asked for
      auto stmt = Statement::Prepare(conn, kPragmaJournalWal);
      if (!stmt) return stmt.error();
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row || stmt->ColumnText(0) != "wal") {
        return Error{ErrorCode::kUnavailable, "sqlite: cannot enable WAL journal mode for " + path};
      }
    }
    if (auto s = conn.Exec(kPragmaSynchronousFull); !s) return s.error();
    if (auto s = conn.Exec(kPragmaSecureDelete); !s) return s.error();
  }
  return conn;
}

Connection::Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Connection::~Connection() {
  sqlite3_close_v2(db_);
}  // no-op on nullptr

Status Connection::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) return SqliteError(rc, sql, db_);
  return {};
}

// ---- Statement ----

Result<Statement> Statement::Prepare(Connection& conn, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(conn.handle(), sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(rc, std::string("prepare ") + sql, conn.handle());
  }
  return Statement(stmt, conn.handle());
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_), bind_rc_(other.bind_rc_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = other.db_;
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}  // no-op on nullptr

void Statement::Record(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::BindText(int index, std::string_view text) {
  Record(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::BindBlob(int index, std::string_view bytes) {
  Record(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
}

void Statement::BindPointer(int index, const Pointer& pointer) {
  Record(sqlite3_bind_pointer(stmt_, index, pointer.object, pointer.type, nullptr));
}

std::string Statement::ColumnBlob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

void Statement::BindInt64(int index, std::int64_t value) {
  Record(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::BindDouble(int index, double value) {
  Record(sqlite3_bind_double(stmt_, index, value));
}

void Statement::BindNull(int index) {
  Record(sqlite3_bind_null(stmt_, index));
}

Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(bind_rc_, "bind", nullptr);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, sqlite3_sql(stmt_), db_);
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

std::string Statement::ColumnText(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

// ---- Transaction ----

namespace {
constexpr const char* kBeginDeferred = "BEGIN DEFERRED";
constexpr const char* kBeginImmediate = "BEGIN IMMEDIATE";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";
}  // namespace

Result<Transaction> Transaction::Begin(Connection& conn, Kind kind) {
  if (auto s = conn.Exec(kind == Kind::kImmediate ? kBeginImmediate : kBeginDeferred); !s) return s.error();
  return Transaction(&conn);
}

Transaction::Transaction(Transaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

Transaction::~Transaction() {
  // Skips the ROLLBACK when SQLite already rolled back on its own (e.g. after SQLITE_FULL).
  // A failing ROLLBACK cannot be reported from a destructor; SQLite then keeps the
  // transaction open and the connection's next BEGIN fails loudly rather than silently.
  if (conn_ != nullptr && sqlite3_get_autocommit(conn_->handle()) == 0) (void)conn_->Exec(kRollback);
}

Status Transaction::Commit() {
  if (conn_ == nullptr) return Error{ErrorCode::kInternal, "sqlite: commit without a transaction"};
  if (auto s = conn_->Exec(kCommit); !s) return s;
  conn_ = nullptr;
  return {};
}

}  // namespace starprep::store::sqlite
