// SPDX-License-Identifier: Apache-2.0
#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "../unit/test_store.h"
#include "store/postgres/pg.h"

extern char** environ;

namespace starprep::it {
namespace {

using Clock = std::chrono::steady_clock;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

void PollSleep() {
  std::this_thread::sleep_for(10ms);
}  // the step of every bounded poll

// Spawns `argv` with stdin from `in_fd` (-1: /dev/null), stdout/stderr to the given fds. Returns
// the pid or -1. The child gets SIGKILL if the test process dies (a crashed test leaves no
// server behind).
// `env`: variables ("NAME=value") set for the child on top of this process's environment.
pid_t Spawn(const std::vector<std::string>& args, int out_fd, int err_fd, int in_fd = -1,
            const std::vector<std::string>& env = {}) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  envp.reserve(env.size());
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  for (char** e = environ; *e; ++e) {
    const std::string_view var(*e);
    const bool overridden = std::any_of(env.begin(), env.end(), [&](const std::string& mine) {
      return var.substr(0, var.find('=') + 1) == std::string_view(mine).substr(0, mine.find('=') + 1);
    });
    if (!overridden) envp.push_back(*e);
  }
  envp.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid != 0) return pid;  // parent (or -1)
  // Child: only async-signal-safe calls until exec.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  if (in_fd < 0) in_fd = ::open("/dev/null", O_RDONLY);
  if (in_fd < 0 || ::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(127);
  ::execve(argv[0], argv.data(), envp.data());
  ::_exit(127);
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -999;
}

// Waits for `pid` with a deadline; the decoded status or nullopt on timeout.
std::optional<int> WaitPid(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return DecodeStatus(status);
    if (r < 0 && errno != EINTR) return -998;
    if (Clock::now() >= deadline) return std::nullopt;
    PollSleep();
  }
}

int ConnectTo(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

fs::path SourceDir() {
  // This file is <source>/tests/integration/harness.cpp.
  return fs::weakly_canonical(fs::path(__FILE__)).parent_path().parent_path().parent_path();
}

fs::path BundledContent() {
  return SourceDir() / "content";
}

TempDir::TempDir(std::string_view tag) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = fs::temp_directory_path() / ("starprep-" + std::string(tag) + "-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(counter++) + "-" + std::to_string(rd() % 1000000));
    std::error_code ec;
    if (fs::create_directory(p, ec)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

// ---------------------------------------------------------------------------------------------
// The database backend under test

namespace {

[[noreturn]] void SetupFailure(const std::string& what) {
  std::fprintf(stderr, "integration harness: %s\n", what.c_str());
  std::abort();
}

// A database name of our own, unique per process: letters, digits and `_`, safe in SQL text.
std::string NewDatabaseName() {
  static std::atomic<int> counter{0};
  return "it" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

// The test databases of this process on the test cluster (STARPREP_TEST_POSTGRES): each a copy
// of one migrated template, dropped when the process exits (servers still connected are
// disconnected: WITH (FORCE)).
class TestDatabases {
 public:
  ~TestDatabases() {
    if (created_.empty()) return;
    auto admin = store::postgres::Conn::Open(TestPostgresServer());
    if (!admin) return;
    for (const auto& name : created_) {
      const std::string drop = "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
      (void)(*admin)->Run(drop.c_str());
    }
  }

  // A new, migrated database: its URL.
  std::string Create() {
    std::lock_guard lock(mutex_);
    return CreateLocked();
  }

  // The database of a data directory: the same one for every call with that directory.
  std::string UrlFor(const fs::path& data_dir) {
    const std::string key = fs::absolute(data_dir).lexically_normal().string();
    std::lock_guard lock(mutex_);
    auto it = by_dir_.find(key);
    if (it == by_dir_.end()) it = by_dir_.emplace(key, CreateLocked()).first;
    return it->second;
  }

 private:
  std::string CreateLocked() {
    const std::string name = NewDatabaseName();
    auto admin = store::postgres::Conn::Open(TestPostgresServer());
    if (!admin) SetupFailure("cannot reach the test PostgreSQL (STARPREP_TEST_POSTGRES): " + admin.error().message);
    const std::string create = "CREATE DATABASE " + name + " TEMPLATE " + Template(**admin);
    if (auto made = (*admin)->Run(create.c_str()); !made) SetupFailure(create + ": " + made.error().message);
    created_.push_back(name);
    return starprep::testing::WithDatabase(TestPostgresServer(), name);
  }

  // A database migrated by this binary (`starprep db migrate`), which every test database copies:
  // one migration per cluster and binary instead of one per data directory. Named after the
  // binary's modification time, so a rebuilt binary gets a template of its own; built under a
  // cluster-wide advisory lock (test processes run in parallel) and published by a rename, so a
  // process killed half-way leaves no half-migrated template. Templates live as long as the
  // cluster (the CTest fixture's is removed after the run).
  const std::string& Template(store::postgres::Conn& admin) {
    if (!template_.empty()) return template_;
    const auto stamp = fs::last_write_time(STARPREP_BINARY).time_since_epoch().count();
    const std::string name = "it_template_" + std::to_string(static_cast<std::uint64_t>(stamp));
    auto sql = [&](const std::string& statement) {
      if (auto r = admin.Query(statement); !r) SetupFailure(statement + ": " + r.error().message);
    };
    sql("SELECT pg_advisory_lock(7201018)");
    auto found = admin.Query("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
    if (!found) SetupFailure("reading pg_database: " + found.error().message);
    if (found->empty()) {
      sql("DROP DATABASE IF EXISTS " + name + "_new WITH (FORCE)");
      sql("CREATE DATABASE " + name + "_new");
      CommandResult migrated = RunStarprep(
          {"db", "migrate", "--database", starprep::testing::WithDatabase(TestPostgresServer(), name + "_new")}, 60s);
      if (migrated.exit_code != 0) SetupFailure("starprep db migrate failed: " + migrated.err);
      sql("ALTER DATABASE " + name + "_new RENAME TO " + name);
    }
    sql("SELECT pg_advisory_unlock(7201018)");
    template_ = name;
    return template_;
  }

  std::string template_;
  std::mutex mutex_;
  std::vector<std::string> created_;           // to drop at exit
  std::map<std::string, std::string> by_dir_;  // data directory -> database URL
};

TestDatabases& Databases() {
  static TestDatabases databases;
  return databases;
}

// The value of a command's `--data DIR` ("" when absent).
std::string DataFlag(const std::vector<std::string>& args) {
  auto flag = std::find(args.begin(), args.end(), "--data");
  return flag != args.end() && flag + 1 != args.end() ? flag[1] : "";
}

std::string SqliteValue(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    out = std::string("<error: ") + sqlite3_errmsg(h) + ">";
    sqlite3_close(h);
    return out;
  }
  sqlite3_busy_timeout(h, 5000);
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
  if (rc == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    out = t ? reinterpret_cast<const char*>(t) : "";
  } else if (rc != SQLITE_DONE) {
    out = std::string("<error: ") + sqlite3_errmsg(h) + ">";
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

}  // namespace

bool UsesPostgres() {
  static const bool postgres = [] {
    const char* backend = std::getenv("STARPREP_IT_DATABASE");
    if (!backend || std::string_view(backend) != "postgres") return false;
    if (TestPostgresServer().empty())
      SetupFailure("STARPREP_IT_DATABASE=postgres needs STARPREP_TEST_POSTGRES (a test cluster)");
    return true;
  }();
  return postgres;
}

std::string DatabaseUrlFor(const fs::path& data_dir) {
  return UsesPostgres() ? Databases().UrlFor(data_dir) : "";
}

std::string DataSql(const fs::path& data_dir, const std::string& sql) {
  if (!UsesPostgres()) return SqliteValue(data_dir / "starprep.db", sql);
  auto conn = store::postgres::Conn::Open(DatabaseUrlFor(data_dir));
  if (!conn) return "<error: " + conn.error().message + ">";
  auto rows = (*conn)->Query(sql);
  if (!rows) return "<error: " + rows.error().message + ">";
  return rows->empty() || rows->Null(0, 0) ? "" : rows->Text(0, 0);
}

bool DatabaseHolds(const fs::path& data_dir, std::string_view needle) {
  if (!UsesPostgres()) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const fs::path file = data_dir / (std::string("starprep.db") + suffix);
      if (fs::exists(file) && ReadFile(file).find(needle) != std::string::npos) return true;
    }
    return false;
  }
  TempDir tmp("dump");
  const fs::path dump = tmp / "dump.sql", err = tmp / "err";
  int out_fd = ::open(dump.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid =
      Spawn({STARPREP_PG_BIN "/pg_dump", "--data-only", "--no-owner", DatabaseUrlFor(data_dir)}, out_fd, err_fd);
  ::close(out_fd);
  ::close(err_fd);
  if (pid < 0 || WaitPid(pid, 60s) != 0) SetupFailure("pg_dump failed: " + ReadFile(err));
  const std::string text = ReadFile(dump);
  std::string hex;
  for (unsigned char c : needle) {
    hex += "0123456789abcdef"[c >> 4];
    hex += "0123456789abcdef"[c & 15];
  }
  return text.find(needle) != std::string::npos || text.find(hex) != std::string::npos;
}

CommandResult RunStarprep(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                          std::optional<std::string_view> input) {
  CommandResult result;
  TempDir tmp("cmd");
  fs::path in = tmp / "in", out = tmp / "out", err = tmp / "err";
  int in_fd = -1;
  if (input) {
    WriteFile(in, *input);
    in_fd = ::open(in.c_str(), O_RDONLY | O_CLOEXEC);
  }
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  std::vector<std::string> argv{STARPREP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env;
  if (const std::string data = DataFlag(args); !data.empty() && UsesPostgres())
    env.push_back("STARPREP_DATABASE_URL=" + DatabaseUrlFor(data));
  pid_t pid = (input && in_fd < 0) ? -1 : Spawn(argv, out_fd, err_fd, in_fd, env);
  if (in_fd >= 0) ::close(in_fd);
  ::close(out_fd);
  ::close(err_fd);
  if (pid < 0) {
    result.exit_code = -1000;
    result.err = "spawn failed";
    return result;
  }
  auto code = WaitPid(pid, timeout);
  if (!code) {
    ::kill(pid, SIGKILL);
    WaitPid(pid, 5s);
    result.exit_code = -1000;
  } else {
    result.exit_code = *code;
  }
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

// ---------------------------------------------------------------------------------------------
// HttpResponse

std::string HttpResponse::Header(std::string_view name) const {
  std::string n = Lower(name);
  for (const auto& [k, v] : headers)
    if (k == n) return v;
  return {};
}

std::vector<std::string> HttpResponse::AllHeaders(std::string_view name) const {
  std::string n = Lower(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == n) out.push_back(v);
  return out;
}

bool HttpResponse::HasHeader(std::string_view name) const {
  std::string n = Lower(name);
  for (const auto& h : headers)
    if (h.first == n) return true;
  return false;
}

boost::json::value HttpResponse::Json() const {
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) return nullptr;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Connection

Connection::Connection(std::uint16_t port) : fd_(ConnectTo(port)) {}

Connection::~Connection() {
  Close();
}

void Connection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::uint16_t Connection::local_port() const {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (fd_ < 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  return ntohs(addr.sin_port);
}

bool Connection::Send(std::string_view bytes) {
  if (fd_ < 0) return false;
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Connection::Fill(Clock::time_point deadline) {
  if (fd_ < 0 || eof_) return false;
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, RemainingMs(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;  // timeout
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
}

HttpResponse Connection::Read(bool head_request) {
  HttpResponse r;
  auto deadline = Clock::now() + 10s;
  std::size_t end;
  while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(deadline)) {
      r.error = eof_ ? "connection closed before a complete response head" : "timed out waiting for a response head";
      if (!buf_.empty()) r.error += " (got " + std::to_string(buf_.size()) + " bytes)";
      return r;
    }
  }
  std::string head = buf_.substr(0, end);
  buf_.erase(0, end + 4);
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  line = std::string(Trim(line));
  auto sp1 = line.find(' ');
  auto sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos) {
    r.error = "bad status line: " + line;
    return r;
  }
  r.version = line.substr(0, sp1);
  int status = std::atoi(line.substr(sp1 + 1, sp2 - sp1 - 1).c_str());
  r.reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
  while (std::getline(lines, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    r.headers.emplace_back(Lower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
  }
  bool no_body = head_request || status == 204 || status == 304 || (status >= 100 && status < 200);
  if (!no_body) {
    std::string cl = r.Header("content-length");
    if (!cl.empty()) {
      std::size_t want = std::stoull(cl);
      while (buf_.size() < want) {
        if (!Fill(deadline)) {
          r.error = "body truncated: " + std::to_string(buf_.size()) + " of " + cl + " bytes";
          r.headers.clear();
          return r;
        }
      }
      r.body = buf_.substr(0, want);
      buf_.erase(0, want);
    } else if (Lower(r.Header("transfer-encoding")).find("chunked") != std::string::npos) {
      r.error = "chunked responses are not expected from starprep";
      return r;
    } else {
      while (Fill(deadline)) {
      }
      if (!eof_) {
        r.error = "timed out reading a body delimited by close";
        return r;
      }
      r.body = std::move(buf_);
      buf_.clear();
    }
  }
  r.status = status;
  return r;
}

HttpResponse Connection::Request(const std::string& method, const std::string& target, const Headers& headers,
                                 const std::string& body) {
  if (!Send(BuildRequest(method, target, headers, body))) {
    HttpResponse r;
    r.error = fd_ < 0 ? "not connected" : std::string("send failed: ") + std::strerror(errno);
    return r;
  }
  return Read(method == "HEAD");
}

bool Connection::WaitClosed(std::chrono::milliseconds timeout, std::string* unexpected) {
  auto deadline = Clock::now() + timeout;
  std::size_t before = buf_.size();
  while (Fill(deadline)) {
  }
  if (unexpected) *unexpected = buf_.substr(before);
  return eof_;
}

std::string BuildRequest(const std::string& method, const std::string& target, const Headers& headers,
                         const std::string& body) {
  std::string out = method + " " + target + " HTTP/1.1\r\n";
  bool has_host = false, has_length = false;
  for (const auto& [k, v] : headers) {
    has_host |= Lower(k) == "host";
    has_length |= Lower(k) == "content-length" || Lower(k) == "transfer-encoding";
  }
  if (!has_host) out += "Host: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  if (!has_length && (!body.empty() || method == "POST"))
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

HttpResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target, const Headers& headers,
                   const std::string& body) {
  Connection c(port);
  if (!c.ok()) {
    HttpResponse r;
    r.error = "cannot connect to port " + std::to_string(port);
    return r;
  }
  return c.Request(method, target, headers, body);
}

// ---------------------------------------------------------------------------------------------
// Browser

void Browser::Remember(const HttpResponse& r) {
  for (const auto& sc : r.AllHeaders("set-cookie")) {
    std::string_view pair = std::string_view(sc).substr(0, sc.find(';'));
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(Trim(pair.substr(0, eq))), value(Trim(pair.substr(eq + 1)));
    bool replaced = false;
    for (auto& [k, v] : cookies_)
      if (k == name) v = value, replaced = true;
    if (!replaced) cookies_.emplace_back(name, value);
  }
}

std::string Browser::CookieHeader() const {
  std::string out;
  for (const auto& [k, v] : cookies_) {
    if (!out.empty()) out += "; ";
    out += k + "=" + v;
  }
  return out;
}

std::string Browser::visitor_id() const {
  for (const auto& [k, v] : cookies_)
    if (k == "sp_vid") return v;
  return {};
}

HttpResponse Browser::Get(const std::string& target, Headers headers) {
  if (!cookies_.empty()) headers.emplace_back("Cookie", CookieHeader());
  HttpResponse r = Fetch(port_, "GET", target, headers);
  Remember(r);
  return r;
}

HttpResponse Browser::Post(const std::string& target, const std::string& content_type, const std::string& body,
                           Headers headers) {
  return Send("POST", target, content_type, body, std::move(headers));
}

HttpResponse Browser::Send(const std::string& method, const std::string& target, const std::string& content_type,
                           const std::string& body, Headers headers) {
  if (!cookies_.empty()) headers.emplace_back("Cookie", CookieHeader());
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  HttpResponse r = Fetch(port_, method, target, headers, body);
  Remember(r);
  return r;
}

std::string Browser::Cookie(std::string_view name) const {
  for (const auto& [k, v] : cookies_)
    if (k == name) return v;
  return {};
}

std::string Browser::FormToken(const std::string& html) {
  auto form = html.find("<form id=\"feedback\"");
  if (form == std::string::npos) return {};
  auto form_end = html.find("</form>", form);
  const std::string marker = "name=\"csrf\" value=\"";
  auto pos = html.find(marker, form);
  if (pos == std::string::npos || pos > form_end) return {};
  pos += marker.size();
  auto end = html.find('"', pos);
  return end == std::string::npos ? std::string() : html.substr(pos, end - pos);
}

std::string Browser::ApiToken() {
  HttpResponse r = Get("/api/v1/csrf-token");
  if (r.status != 200) return {};
  auto v = r.Json();
  if (!v.is_object() || !v.as_object().contains("csrf_token") || !v.at("csrf_token").is_string()) return {};
  return std::string(v.at("csrf_token").as_string());
}

HttpResponse Browser::VoteForm(const std::string& page, const std::string& question_id, bool helpful,
                               const std::string& comment) {
  HttpResponse p = Get(page);
  std::string token = FormToken(p.body);
  std::string body = "csrf=" + UrlEncode(token) + "&return=" + UrlEncode(page) +
                     "&vote=" + UrlEncode(question_id + (helpful ? ":yes" : ":no"));
  if (!comment.empty()) body += "&" + UrlEncode("comment-" + question_id) + "=" + UrlEncode(comment);
  // A public page carries no token: the browser's Fetch Metadata vouches for the form instead.
  return Post("/feedback", "application/x-www-form-urlencoded", body, SameOriginHeaders());
}

Headers Browser::SameOriginHeaders() const {
  return {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}, {"Sec-Fetch-Site", "same-origin"}};
}

HttpResponse Browser::VoteApi(const std::string& question_id, const std::string& json_body) {
  std::string token = ApiToken();
  return Post("/api/v1/questions/" + question_id + "/feedback", "application/json", json_body,
              {{"X-CSRF-Token", token}});
}

// ---------------------------------------------------------------------------------------------
// ServerProcess

ServerProcess::ServerProcess(fs::path data_dir, fs::path content_dir)
    : data_dir_(std::move(data_dir)), content_dir_(std::move(content_dir)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  std::error_code ec;
  if (!log_path_.empty()) fs::remove(log_path_, ec);
}

bool ServerProcess::Start() {
  if (pid_ > 0) {
    error_ = "already running";
    return false;
  }
  static std::atomic<int> starts{0};
  std::error_code ec;
  if (!log_path_.empty()) fs::remove(log_path_, ec);
  log_path_ = fs::temp_directory_path() /
              ("starprep-it-log-" + std::to_string(::getpid()) + "-" + std::to_string(starts++) + ".log");
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    error_ = "pipe failed";
    return false;
  }
  int err_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  std::vector<std::string> argv{STARPREP_BINARY,    "serve",     "--listen",           "127.0.0.1:0", "--data",
                                data_dir_.string(), "--content", content_dir_.string()};
  if (UsesPostgres() && std::find(extra_args_.begin(), extra_args_.end(), "--database") == extra_args_.end())
    argv.insert(argv.end(), {"--database", DatabaseUrlFor(data_dir_)});
  auto metrics_flag = std::find(extra_args_.begin(), extra_args_.end(), "--metrics-listen");
  const bool metrics_off =
      metrics_flag != extra_args_.end() && metrics_flag + 1 != extra_args_.end() && metrics_flag[1] == "off";
  if (metrics_flag == extra_args_.end()) argv.insert(argv.end(), {"--metrics-listen", "127.0.0.1:0"});
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  pid_ = Spawn(argv, pipe_fds[1], err_fd);
  ::close(pipe_fds[1]);
  ::close(err_fd);
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = pipe_fds[0];
  first_line_.clear();
  stdout_rest_.clear();
  port_ = 0;
  metrics_port_ = 0;
  if (pid_ < 0) {
    error_ = "fork failed";
    return false;
  }
  // The first stdout line carries the port; the second, with a metrics listener, its port.
  auto deadline = Clock::now() + 20s;
  std::string out;
  auto lines_wanted = [&] {
    auto first = out.find('\n');
    if (first == std::string::npos) return false;
    return metrics_off || out.find('\n', first + 1) != std::string::npos;
  };
  while (!lines_wanted()) {
    pollfd p{stdout_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, RemainingMs(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      error_ = "no 'listening on' line on stdout within 20 s; stderr: " + StderrLog();
      return false;
    }
    char tmp[512];
    ssize_t n = ::read(stdout_fd_, tmp, sizeof tmp);
    if (n <= 0) {
      error_ = "stdout closed before 'listening on'; stderr: " + StderrLog();
      return false;
    }
    out.append(tmp, static_cast<std::size_t>(n));
  }
  first_line_ = out.substr(0, out.find('\n'));
  stdout_rest_ = out.substr(out.find('\n') + 1);
  const std::string prefix = "listening on http://127.0.0.1:";
  if (!first_line_.starts_with(prefix)) {
    error_ = "unexpected first line: " + first_line_;
    return false;
  }
  port_ = static_cast<std::uint16_t>(std::atoi(first_line_.c_str() + prefix.size()));
  if (port_ == 0) {
    error_ = "no port in: " + first_line_;
    return false;
  }
  const std::string metrics_prefix = "metrics on http://127.0.0.1:";
  if (stdout_rest_.starts_with(metrics_prefix)) {
    metrics_port_ = static_cast<std::uint16_t>(std::atoi(stdout_rest_.c_str() + metrics_prefix.size()));
    stdout_rest_ = stdout_rest_.substr(stdout_rest_.find('\n') + 1);
  } else if (!metrics_off) {
    error_ = "no 'metrics on' line after: " + first_line_;
    return false;
  }
  // Poll readiness.
  while (Clock::now() < deadline) {
    HttpResponse r = Fetch(port_, "GET", "/readyz");
    if (r.status == 200) return true;
    if (r.status != 503 && r.status != 0) {
      error_ = "/readyz answered " + std::to_string(r.status);
      return false;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ =
          "server exited during start-up with " + std::to_string(DecodeStatus(status)) + "; stderr: " + StderrLog();
      return false;
    }
    PollSleep();
  }
  error_ = "/readyz did not answer 200 within 20 s";
  return false;
}

void ServerProcess::Signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

std::optional<int> ServerProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  auto code = WaitPid(pid_, timeout);
  if (code) {
    pid_ = -1;
    DrainStdout();
  }
  return code;
}

int ServerProcess::Stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1001;
  Signal(SIGTERM);
  auto code = WaitExit(timeout);
  if (code) return *code;
  Kill();
  return -1000;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  WaitPid(pid_, 10s);
  pid_ = -1;
  DrainStdout();
}

void ServerProcess::DrainStdout() {
  if (stdout_fd_ < 0) return;
  // The process has exited: the pipe has an EOF after whatever it wrote.
  int flags = ::fcntl(stdout_fd_, F_GETFL);
  ::fcntl(stdout_fd_, F_SETFL, flags | O_NONBLOCK);
  char tmp[4096];
  ssize_t n;
  while ((n = ::read(stdout_fd_, tmp, sizeof tmp)) > 0) stdout_rest_.append(tmp, static_cast<std::size_t>(n));
  ::close(stdout_fd_);
  stdout_fd_ = -1;
}

std::string ServerProcess::StderrLog() const {
  return log_path_.empty() ? "" : ReadFile(log_path_);
}

// ---------------------------------------------------------------------------------------------
// Utilities

std::string Gunzip(std::string_view gz, bool* ok) {
  z_stream zs{};
  std::string out;
  if (ok) *ok = false;
  if (inflateInit2(&zs, 16 + 15) != Z_OK) return out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  char buf[65536];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc != Z_STREAM_END);
  if (ok) *ok = rc == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string HiddenField(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t from = at + marker.size();
  return html.substr(from, html.find('"', from) - from);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

fs::path CopyBundledContent(const fs::path& dir) {
  fs::path dest = dir / "content";
  fs::copy(BundledContent(), dest, fs::copy_options::recursive);
  return dest;
}

std::string UnescapeHtml(std::string_view html) {
  static const std::pair<std::string_view, char> kRefs[] = {{"&amp;", '&'},   {"&lt;", '<'},    {"&gt;", '>'},
                                                            {"&quot;", '"'},  {"&#34;", '"'},   {"&#39;", '\''},
                                                            {"&apos;", '\''}, {"&#x27;", '\''}, {"&#x2F;", '/'}};
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    bool done = false;
    if (html[i] == '&') {
      for (const auto& [ref, c] : kRefs) {
        if (html.substr(i, ref.size()) == ref) {
          out += c;
          i += ref.size();
          done = true;
          break;
        }
      }
    }
    if (!done) out += html[i++];
  }
  return out;
}

std::size_t Count(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string_view::npos; pos = hay.find(needle, pos + needle.size())) ++n;
  return n;
}

std::string QuestionSection(const std::string& html, const std::string& id) {
  auto start = html.find("<section class=\"question\" id=\"" + id + "\"");
  if (start == std::string::npos) return {};
  auto end = html.find("</section>", start);
  return html.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

int SpanNumber(const std::string& html, const std::string& cls) {
  std::string marker = "<span class=\"" + cls + "\">";
  auto pos = html.find(marker);
  if (pos == std::string::npos) return -1;
  pos += marker.size();
  auto end = html.find('<', pos);
  std::string digits = html.substr(pos, end - pos);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoi(digits);
}

std::string ScrapeMetrics(std::uint16_t metrics_port) {
  if (metrics_port == 0) return "";
  HttpResponse r = Get(metrics_port, "/metrics");
  return r.status == 200 ? r.body : "";
}

double MetricValue(const std::string& metrics, const std::string& name_and_labels) {
  std::istringstream in(metrics);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(name_and_labels + " ")) return std::stod(line.substr(name_and_labels.size() + 1));
  }
  return -1;
}

bool WaitServerConsumed(std::uint16_t server_port, std::uint16_t client_port, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  char local[16], remote[16];
  std::snprintf(local, sizeof local, ":%04X", server_port);
  std::snprintf(remote, sizeof remote, ":%04X", client_port);
  for (;;) {
    std::ifstream in("/proc/net/tcp");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string sl, loc, rem, st, queues;
      f >> sl >> loc >> rem >> st >> queues;
      if (loc.ends_with(local) && rem.ends_with(remote)) {
        auto colon = queues.find(':');
        if (colon != std::string::npos && std::stoul(queues.substr(colon + 1), nullptr, 16) == 0) return true;
      }
    }
    if (Clock::now() >= deadline) return false;
    PollSleep();
  }
}

bool WaitConnectRefused(std::uint16_t port, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int fd = ConnectTo(port);
    if (fd < 0) return true;
    ::close(fd);
    if (Clock::now() >= deadline) return false;
    PollSleep();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

std::string TestPostgresServer() {
  return starprep::testing::PostgresServer();
}

std::string CreateTestDatabase(std::string* error, const std::string& server) {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return std::string();
  };
  if (server.empty()) return fail("no PostgreSQL server (STARPREP_TEST_POSTGRES is unset)");
  if (server == TestPostgresServer()) return Databases().Create();
  // Another cluster (a PrivateCluster): no template there, so migrate the new database itself.
  const std::string name = NewDatabaseName();
  auto admin = store::postgres::Conn::Open(server);
  if (!admin) return fail(admin.error().message);
  const std::string create = "CREATE DATABASE " + name;
  if (auto s = (*admin)->Run(create.c_str()); !s) return fail(s.error().message);
  const std::string url = starprep::testing::WithDatabase(server, name);
  CommandResult migrated = RunStarprep({"db", "migrate", "--database", url});
  if (migrated.exit_code != 0) return fail("starprep db migrate: " + migrated.err);
  return url;
}

PrivateCluster::PrivateCluster() {
  // Under /tmp, short (a socket path is at most 107 bytes) and reachable by `nobody`.
  std::string pattern = "/tmp/starprep-pg-it-XXXXXX";
  if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
}

PrivateCluster::~PrivateCluster() {
  if (!dir_.empty()) Run("stop", nullptr);
}

bool PrivateCluster::Run(const std::string& action, std::string* error) {
  if (dir_.empty()) {
    if (error) *error = "mkdtemp under /tmp failed";
    return false;
  }
  const std::string script = (SourceDir() / "tests" / "pg" / "cluster.sh").string();
  const std::string command = script + " " + action + " " + dir_.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    if (error) *error = "popen failed";
    return false;
  }
  std::string out;
  char buf[512];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  if (status != 0 && error) *error = "cluster.sh " + action + ": " + out;
  return status == 0;
}

bool PrivateCluster::Start(std::string* error) {
  return Run("start", error);
}
bool PrivateCluster::Pause(std::string* error) {
  return Run("pause", error);
}
bool PrivateCluster::Resume(std::string* error) {
  return Run("resume", error);
}
std::string PrivateCluster::url() const {
  return "postgresql://starprep@/postgres?host=" + dir_.string();
}

}  // namespace starprep::it
