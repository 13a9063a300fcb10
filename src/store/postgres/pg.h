// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small layer over libpq, used only by store/postgres (the PostgreSQL twin of sqlite/db.h).
//
// - Conn owns one PGconn. Not thread-safe: one thread uses it at a time (Pool hands it out).
//   Exec prepares each named SQL constant once per connection (PQprepare, keyed by the constant's
//   address) and runs it with every value bound as a parameter: text for strings and numbers,
//   binary for Bytes (bytea). Results come back in text format; Rows decodes them.
// - Pool keeps up to `size` connections, opened on demand. Read() runs a function on a pooled
//   connection and repeats it once on a fresh connection if the first one was lost (reads are
//   safe to repeat). Snapshot() runs reads in one read-only REPEATABLE READ transaction (one
//   snapshot for all). Write() runs it in one transaction (BEGIN .. COMMIT) and repeats the whole
//   transaction, up to kMaxAttempts times, only when nothing can have been committed: a
//   serialization failure or deadlock (SQLSTATE 40001, 40P01), or a connection lost before
//   COMMIT was sent. A connection lost during COMMIT is not retried (the outcome is unknown).
// Nothing here throws (beyond std::bad_alloc); failures are Errors:
//   connection failures, SQLSTATE classes 08 (connection), 53 (resources), 57 (operator
//   intervention) and 40 (rollback) -> kUnavailable with a message for clients;
//   class 23 (integrity constraint) -> kConflict; anything else -> kInternal.
// Parameters are never logged: a failure logs the statement's SQLSTATE and libpq's message only.

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace starprep::store::postgres {

inline constexpr const char* kUnreachableMessage =
    "The database is unreachable, so your request did not complete. Please retry in a few seconds.";
inline constexpr int kUnreachableRetryAfterSeconds = 5;
inline constexpr int kMaxAttempts = 3;
// How long Pool waits for a free connection before answering kUnavailable.
inline constexpr std::chrono::seconds kPoolWait{5};

// True when PostgreSQL can hold `text` in a text column: valid UTF-8 without NUL. A key that is
// not (a path such as /roles/%FF) matches no row, so a lookup answers "not found" without asking
// the server, which would refuse the parameter (SQLSTATE 22021) or, for a NUL, read only the bytes
// before it (text parameters are C strings): SQLite compares the whole bytes and finds nothing.
bool CanHold(std::string_view text);

// Binds as bytea (binary); a std::string binds as text.
struct Bytes {
  std::string_view bytes;
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Query parameters in libpq's form. NULL for std::nullopt and nullptr.
class Params {
 public:
  template <class... Args>
  explicit Params(const Args&... args) {
    values_.reserve(sizeof...(args));
    (Add(args), ...);
  }
  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

  // One more parameter, for callers that build the list at run time.
  void AddText(std::string_view text);
  void AddBinary(std::string_view bytes);
  void AddNull();

 private:
  template <class T>
  void Add(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      AddText(v ? "1" : "0");  // flags are 0/1 integers, as in the SQLite schema
    } else if constexpr (std::is_same_v<T, Bytes>) {
      AddBinary(v.bytes);
    } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
      AddNull();
    } else if constexpr (IsOptional<T>::value) {
      if (v)
        Add(*v);
      else
        AddNull();
    } else if constexpr (std::is_floating_point_v<T>) {
      AddText(FormatDouble(static_cast<double>(v)));
    } else if constexpr (std::is_integral_v<T>) {
      AddText(std::to_string(v));
    } else {
      AddText(std::string_view(v));
    }
  }
  static std::string FormatDouble(double v);

  std::vector<std::string> storage_;  // owned copies, one per parameter
  std::vector<bool> null_;
  mutable std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// A query's result rows (text format). Row and column indexes are 0-based.
class Rows {
 public:
  explicit Rows(PGresult* r = nullptr) : r_(r) {}
  Rows(Rows&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Rows& operator=(Rows&& o) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  ~Rows() { PQclear(r_); }

  int size() const { return r_ ? PQntuples(r_) : 0; }
  int columns() const { return r_ ? PQnfields(r_) : 0; }
  std::string_view Name(int col) const { return PQfname(r_, col); }
  bool IsBytea(int col) const { return PQftype(r_, col) == 17; }  // BYTEAOID
  bool empty() const { return size() == 0; }
  // Rows an INSERT/UPDATE/DELETE changed.
  int affected() const;
  bool Null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view View(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
  }
  std::string Text(int row, int col) const { return std::string(View(row, col)); }
  std::int64_t Int(int row, int col) const;   // 0 for NULL
  double Double(int row, int col) const;      // 0 for NULL
  bool Bool(int row, int col) const;          // a boolean ('t') or a 0/1 integer
  std::string Bytea(int row, int col) const;  // a bytea column, decoded from its hex text form

 private:
  friend class Conn;
  PGresult* r_ = nullptr;
};

class Conn {
 public:
  // Opens `url` (a postgresql:// URL or a key=value string) with a connect timeout of 5 s and,
  // over TCP, a dead peer noticed within about 25 s (unacknowledged data: tcp_user_timeout 10 s;
  // an idle connection waiting for an answer: keepalives after 10 s, every 5 s, 3 probes), unless
  // the URL sets these itself. kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<Conn>> Open(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs `sql` (a named constant: its address keys the prepared statement) with `args` bound.
  template <class... Args>
  Result<Rows> Exec(const char* sql, const Args&... args) {
    return ExecParams(sql, Params(args...));
  }
  Result<Rows> ExecParams(const char* sql, const Params& params);
  // Runs SQL without parameters and without preparing it (BEGIN, COMMIT, migration scripts of
  // constants only; several statements are allowed).
  Status Run(const char* sql);
  // Runs SQL without parameters, unprepared, and returns its rows: for tests and tools that
  // inspect a database (never with values from outside).
  Result<Rows> Query(const std::string& sql);
  // Runs SQL built at run time (from names the program chose, never from values) with bound
  // parameters, unprepared: for tools such as `db copy`.
  Result<Rows> QueryParams(const std::string& sql, const Params& params);

  // True once the connection is lost: the pool drops it.
  bool broken() const;
  // True when the last failure may succeed if the whole transaction is run again.
  bool retryable() const { return retryable_; }
  PGconn* handle() const { return conn_; }

 private:
  explicit Conn(PGconn* c) : conn_(c) {}
  Error Fail(const PGresult* r, std::string_view what);

  PGconn* conn_ = nullptr;
  std::unordered_map<const char*, std::string> prepared_;  // SQL constant -> statement name
  bool retryable_ = false;
};

class Pool {
 public:
  Pool(std::string url, int size) : url_(std::move(url)), size_(size) {}

  // Runs f(Conn&) -> Result<T> or Status on a pooled connection, once more on a new connection
  // if the first was lost. For reads, and for single statements safe to repeat.
  template <class F>
  auto Read(F&& f) -> decltype(f(std::declval<Conn&>())) {
    return Run(nullptr, f);
  }
  // Runs f(Conn&) inside BEGIN .. COMMIT; an error from f rolls back. Repeats the transaction
  // as the header says.
  template <class F>
  auto Write(F&& f) -> decltype(f(std::declval<Conn&>())) {
    return Run(kBegin, f);
  }
  // Runs f(Conn&) in one read-only REPEATABLE READ transaction: every statement of f sees the
  // same snapshot, taken by its first statement. The BEGIN that sets the isolation level is one
  // round trip (BEGIN then SET TRANSACTION were two). Repeated as Write is; f must only read.
  template <class F>
  auto Snapshot(F&& f) -> decltype(f(std::declval<Conn&>())) {
    return Run(kBeginSnapshot, f);
  }

  const std::string& url() const { return url_; }

 private:
  static constexpr const char* kBegin = "BEGIN";
  static constexpr const char* kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  Result<std::unique_ptr<Conn>> Acquire();
  void Release(std::unique_ptr<Conn> conn);

  // `begin`: the statement that opens f's transaction, nullptr for none.
  template <class F>
  auto Run(const char* begin, F& f) -> decltype(f(std::declval<Conn&>())) {
    using R = decltype(f(std::declval<Conn&>()));
    std::optional<R> last;
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
      auto conn = Acquire();
      if (!conn) return R(conn.error());
      bool repeat = false;
      Error failure;
      try {
        if (auto done = Once(begin, f, **conn, repeat, failure)) {
          Release(std::move(*conn));
          return std::move(*done);
        }
      } catch (const std::exception& e) {  // bad_alloc: never across the Store interface
        Drop(std::move(*conn));
        return R(Error{ErrorCode::kInternal, std::string("postgres store: ") + e.what()});
      }
      last.emplace(std::move(failure));
      Release(std::move(*conn));
      if (!repeat) break;
    }
    return std::move(*last);
  }

  // One run of f on `c`: the result when it is final (success, or an error not worth repeating),
  // otherwise nullopt with the error in `failure` and `repeat` saying whether to run f again.
  template <class F>
  auto Once(const char* begin, F& f, Conn& c, bool& repeat, Error& failure)
      -> std::optional<decltype(f(std::declval<Conn&>()))> {
    using R = decltype(f(std::declval<Conn&>()));
    if (begin == nullptr) {
      R r = f(c);
      if (r.ok() || !c.broken()) return r;
      failure = r.error();
      repeat = true;
      return std::nullopt;
    }
    if (Status begun = c.Run(begin); !begun) {
      failure = begun.error();
      repeat = c.broken();
      return std::nullopt;
    }
    R r = f(c);
    if (!r.ok()) {
      failure = r.error();
      repeat = c.broken() || c.retryable();
      if (!c.broken()) (void)c.Run("ROLLBACK");
      if (!repeat) return r;
      return std::nullopt;
    }
    Status done = c.Run("COMMIT");
    if (done) return r;
    failure = done.error();
    repeat = c.retryable() && !c.broken();  // a COMMIT lost on the way may have committed
    return std::nullopt;
  }

  void Drop(std::unique_ptr<Conn> conn);

  std::string url_;
  int size_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Conn>> idle_;  // guarded by mu_
  int open_ = 0;                             // connections handed out or idle; guarded by mu_
};

}  // namespace starprep::store::postgres
