// SPDX-License-Identifier: Apache-2.0
#include "store/postgres/pg.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>

#include "core/html.h"

namespace starprep::store::postgres {
namespace {

// kUnavailable with the client-facing text: the database is down or overloaded.
Error Unavailable(std::string message) {
  Error e{ErrorCode::kUnavailable, std::move(message)};
  e.retry_after = kUnreachableRetryAfterSeconds;
  e.client_message = kUnreachableMessage;
  return e;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// ---- Params ----

const char* const* Params::values() const {
  values_.clear();
  for (std::size_t i = 0; i < storage_.size(); ++i) values_.push_back(null_[i] ? nullptr : storage_[i].data());
  return values_.data();
}

void Params::AddText(std::string_view text) {
  storage_.emplace_back(text);  // libpq reads text parameters up to their terminating NUL
  null_.push_back(false);
  lengths_.push_back(0);
  formats_.push_back(0);
}

void Params::AddBinary(std::string_view bytes) {
  storage_.emplace_back(bytes);
  null_.push_back(false);
  lengths_.push_back(static_cast<int>(bytes.size()));
  formats_.push_back(1);
}

void Params::AddNull() {
  storage_.emplace_back();
  null_.push_back(true);
  lengths_.push_back(0);
  formats_.push_back(0);
}

std::string Params::FormatDouble(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back exactly
  return std::string(buf, r.ptr);
}

// ---- Rows ----

Rows& Rows::operator=(Rows&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = std::exchange(o.r_, nullptr);
  }
  return *this;
}

int Rows::affected() const {
  const char* n = r_ ? PQcmdTuples(r_) : "";
  int v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

std::int64_t Rows::Int(int row, int col) const {
  const std::string_view s = View(row, col);
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

double Rows::Double(int row, int col) const {
  const std::string_view s = View(row, col);
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool Rows::Bool(int row, int col) const {
  const std::string_view s = View(row, col);
  return s == "t" || s == "1" || s == "true";
}

std::string Rows::Bytea(int row, int col) const {
  const std::string_view s = View(row, col);  // "\x" followed by two hex digits per byte
  std::string out;
  if (s.size() < 2 || s[0] != '\\' || s[1] != 'x') return out;
  out.reserve((s.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<char>(HexValue(s[i]) << 4 | HexValue(s[i + 1])));
  return out;
}

// ---- Conn ----

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& url) {
  // Later keywords override earlier ones, so the URL's own settings win over these defaults.
  const char* keys[] = {"connect_timeout",  "tcp_user_timeout", "keepalives_idle", "keepalives_interval",
                        "keepalives_count", "application_name", "dbname",          nullptr};
  const char* values[] = {"5", "10000", "10", "5", "3", "starprep", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  std::unique_ptr<Conn> conn(new Conn(raw));
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
    std::string why = raw ? PQerrorMessage(raw) : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Unavailable("postgres: connect: " + why);
  }
  // Server notices and warnings (e.g. VACUUM skipping a table) are not errors: never on stderr.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  // Every timestamp the store writes itself is UTC; statements never wait forever on a lock.
  if (auto s = conn->Run("SET TIME ZONE 'UTC'; SET lock_timeout = '10s'; SET client_min_messages = warning"); !s)
    return s.error();
  return conn;
}

Conn::~Conn() {
  if (conn_) PQfinish(conn_);
}

bool CanHold(std::string_view text) {
  return text.find('\0') == std::string_view::npos && html::IsValidUtf8(text);
}

bool Conn::broken() const {
  return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK;
}

Error Conn::Fail(const PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state ? state : "";
  std::string message = "postgres: ";
  message += what;
  message += ": ";
  if (!sqlstate.empty()) {
    message += sqlstate;
    message += " ";
  }
  message += r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  retryable_ = sqlstate == "40001" || sqlstate == "40P01";
  if (broken() || sqlstate.empty() || sqlstate.starts_with("08") || sqlstate.starts_with("53") ||
      sqlstate.starts_with("57") || sqlstate.starts_with("40"))
    return Unavailable(std::move(message));
  if (sqlstate.starts_with("23")) return Error{ErrorCode::kConflict, std::move(message)};
  return Error{ErrorCode::kInternal, std::move(message)};
}

Result<Rows> Conn::ExecParams(const char* sql, const Params& params) {
  retryable_ = false;
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    Rows prepared(PQprepare(conn_, name.c_str(), sql, 0, nullptr));
    if (PQresultStatus(prepared.r_) != PGRES_COMMAND_OK) return Fail(prepared.r_, "prepare");
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  Rows rows(PQexecPrepared(conn_, it->second.c_str(), params.size(), params.values(), params.lengths(),
                           params.formats(), /*resultFormat=*/0));
  const ExecStatusType st = rows.r_ ? PQresultStatus(rows.r_) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Fail(rows.r_, "query");
  return rows;
}

Status Conn::Run(const char* sql) {
  retryable_ = false;
  Rows r(PQexec(conn_, sql));
  const ExecStatusType st = r.r_ ? PQresultStatus(r.r_) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Fail(r.r_, "exec");
  return {};
}

Result<Rows> Conn::Query(const std::string& sql) {
  retryable_ = false;
  Rows r(PQexec(conn_, sql.c_str()));
  const ExecStatusType st = r.r_ ? PQresultStatus(r.r_) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Fail(r.r_, "query");
  return r;
}

Result<Rows> Conn::QueryParams(const std::string& sql, const Params& params) {
  retryable_ = false;
  Rows r(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, params.values(), params.lengths(), params.formats(),
                      /*resultFormat=*/0));
  const ExecStatusType st = r.r_ ? PQresultStatus(r.r_) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Fail(r.r_, "query");
  return r;
}

// ---- Pool ----

Result<std::unique_ptr<Conn>> Pool::Acquire() {
  {
    std::unique_lock lock(mu_);
    if (!freed_.wait_for(lock, kPoolWait, [&] { return !idle_.empty() || open_ < size_; }))
      return Unavailable("postgres: all " + std::to_string(size_) + " connections stayed busy for " +
                         std::to_string(kPoolWait.count()) + " s");
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserve a slot, then connect without holding the lock
  }
  auto conn = Conn::Open(url_);
  if (!conn) {
    std::lock_guard lock(mu_);
    --open_;
    freed_.notify_one();
  }
  return conn;
}

void Pool::Release(std::unique_ptr<Conn> conn) {
  std::lock_guard lock(mu_);
  if (conn->broken())
    --open_;  // dropped: the next Acquire opens a new one
  else
    idle_.push_back(std::move(conn));
  freed_.notify_one();
}

void Pool::Drop(std::unique_ptr<Conn> conn) {
  conn.reset();
  std::lock_guard lock(mu_);
  --open_;
  freed_.notify_one();
}

}  // namespace starprep::store::postgres
