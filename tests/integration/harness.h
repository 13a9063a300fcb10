// SPDX-License-Identifier: Apache-2.0
#pragma once
// Integration-test harness: runs the real `starprep` binary (STARPREP_BINARY) as a child process
// on an ephemeral port with a temporary data directory, and talks to it over real sockets with a
// small blocking HTTP/1.1 client that can also send raw bytes (malformed requests, pipelining,
// partial bodies).
//
// Nothing here asserts: helpers return values (status 0 / nullopt / false on failure) and the
// tests assert, so a failure is reported where it matters. Every wait is bounded.

#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace starprep::it {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

// The source tree (derived from this file's path) and its bundled content pack.
fs::path SourceDir();
fs::path BundledContent();

// A fresh, uniquely named directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  explicit TempDir(std::string_view tag = "it");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(std::string_view sub) const { return path_ / sub; }

 private:
  fs::path path_;
};

// ---------------------------------------------------------------------------------------------
// The database backend under test
//
// SQLite by default: every data directory holds its own starprep.db. With the environment
// variable STARPREP_IT_DATABASE=postgres (CTest's `pg.` copy of this suite sets it), every data
// directory is paired with a fresh PostgreSQL database on the test cluster named by
// STARPREP_TEST_POSTGRES: created (a copy of a template database that `starprep db migrate`
// prepared once per cluster and binary) the first time a server or a CLI command uses the
// directory, dropped when the test process exits. ServerProcess passes it
// as `serve --database URL`, RunStarprep as STARPREP_DATABASE_URL to any command given
// `--data DIR`, so tests written for data directories run unchanged on both backends.

// True when this run targets PostgreSQL (STARPREP_IT_DATABASE=postgres). Aborts the process
// with a message when it asks for PostgreSQL but STARPREP_TEST_POSTGRES is unset.
bool UsesPostgres();
// The PostgreSQL URL of `data_dir`'s database, creating and migrating it on first use; "" when
// the run uses SQLite. Aborts with a message when the test cluster refuses (a broken set-up,
// not a test failure). Thread-safe.
std::string DatabaseUrlFor(const fs::path& data_dir);
// Runs `sql` (literal test SQL) on `data_dir`'s database, whichever the backend: the SQLite file
// data_dir/starprep.db (read-write, so a WAL left by a killed server is recovered first) or its
// PostgreSQL database. The first column of the first row; "" when there is no row or it is NULL;
// "<error: ...>" on failure. Write SQL both engines accept (count, max, CAST(... AS TEXT), ...).
std::string DataSql(const fs::path& data_dir, const std::string& sql);
// True when `needle` is stored in `data_dir`'s database as it is now: in the bytes of the SQLite
// file, its WAL or shared memory (so deleted rows not yet overwritten count), or in a data-only
// `pg_dump` of its PostgreSQL database (live rows, text and bytea columns, searched as text and
// as bytea hex).
bool DatabaseHolds(const fs::path& data_dir, std::string_view needle);

// Runs `starprep ARGS...` to completion (bounded by `timeout`, then SIGKILL), with `input` on
// standard input (nullopt: /dev/null).
struct CommandResult {
  int exit_code = -1;  // -signal if killed by a signal; -1000 on timeout or spawn failure
  std::string out;
  std::string err;
};
CommandResult RunStarprep(const std::vector<std::string>& args, std::chrono::milliseconds timeout = 30s,
                          std::optional<std::string_view> input = std::nullopt);

// ---------------------------------------------------------------------------------------------
// HTTP

struct HttpResponse {
  int status = 0;  // 0: no (complete) response; `error` says why
  std::string error;
  std::string version;  // "HTTP/1.1"
  std::string reason;
  Headers headers;  // names lower-cased, in order
  std::string body;

  // First value of a header ("" if absent); all values of a header.
  std::string Header(std::string_view name) const;
  std::vector<std::string> AllHeaders(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // Parses the body as JSON; a null value when it is not JSON.
  boost::json::value Json() const;
};

// One blocking TCP connection to 127.0.0.1:port (send/receive timeouts of 10 s).
class Connection {
 public:
  explicit Connection(std::uint16_t port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  std::uint16_t local_port() const;

  // Writes all of `bytes`; false on error (e.g. the server closed the connection).
  bool Send(std::string_view bytes);
  // Reads one response. `head_request`: the response has no body whatever its headers say.
  HttpResponse Read(bool head_request = false);
  // Sends a request built from the parts and reads its response.
  HttpResponse Request(const std::string& method, const std::string& target, const Headers& headers = {},
                       const std::string& body = "");
  // True when the server closes the connection (EOF or reset) within `timeout` without sending
  // anything more. Bytes received meanwhile are kept in `unexpected`.
  bool WaitClosed(std::chrono::milliseconds timeout, std::string* unexpected = nullptr);
  void Close();

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline);  // reads more into buf_; false on EOF/error
  int fd_ = -1;
  std::string buf_;
  bool eof_ = false;
};

// Serialises a request (adds Host, and Content-Length when there is a body or the method is POST).
std::string BuildRequest(const std::string& method, const std::string& target, const Headers& headers = {},
                         const std::string& body = "");

// Prometheus text from the server's separate metrics listener ("" if it does not answer 200).
std::string ScrapeMetrics(std::uint16_t metrics_port);

// One request on a fresh connection, closed afterwards.
HttpResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                   const Headers& headers = {}, const std::string& body = "");
inline HttpResponse Get(std::uint16_t port, const std::string& target, const Headers& headers = {}) {
  return Fetch(port, "GET", target, headers);
}

// A browser with a cookie jar for sp_vid (and any other cookie the server sets).
class Browser {
 public:
  explicit Browser(std::uint16_t port) : port_(port) {}
  HttpResponse Get(const std::string& target, Headers headers = {});
  HttpResponse Post(const std::string& target, const std::string& content_type, const std::string& body,
                    Headers headers = {});
  // Any method, with this browser's cookies; remembers the cookies the response sets.
  HttpResponse Send(const std::string& method, const std::string& target, const std::string& content_type = "",
                    const std::string& body = "", Headers headers = {});
  // A cookie's value ("" if absent or cleared).
  std::string Cookie(std::string_view name) const;
  // The CSRF token embedded in `html`'s <form id="feedback"> ("" if absent).
  static std::string FormToken(const std::string& html);
  // GETs /api/v1/csrf-token (setting the cookie when absent) and returns the token.
  std::string ApiToken();
  // The headers a browser adds to a form post from one of this server's own pages.
  Headers SameOriginHeaders() const;
  // Loads `page` and POSTs the feedback form for `question_id` (vote yes/no, optional comment) as
  // a browser without JavaScript would (with the page's token if it has one, and SameOriginHeaders).
  HttpResponse VoteForm(const std::string& page, const std::string& question_id, bool helpful,
                        const std::string& comment = "");
  // POSTs JSON feedback through the API with this browser's cookie and token.
  HttpResponse VoteApi(const std::string& question_id, const std::string& json_body);
  std::string CookieHeader() const;
  std::string visitor_id() const;
  void set_port(std::uint16_t port) { port_ = port; }

 private:
  void Remember(const HttpResponse& r);
  std::uint16_t port_;
  std::vector<std::pair<std::string, std::string>> cookies_;
};

// ---------------------------------------------------------------------------------------------
// The server process

class ServerProcess {
 public:
  // `data_dir` is created by the server when missing. The content pack is imported on an empty DB.
  explicit ServerProcess(fs::path data_dir, fs::path content_dir = BundledContent());
  ~ServerProcess();  // SIGKILLs a server still running (a failed test), never leaves orphans
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Extra `serve` flags for the next Start(). Unless they include --metrics-listen, Start() passes
  // `--metrics-listen 127.0.0.1:0` and reads the metrics port from the second stdout line.
  void set_extra_args(std::vector<std::string> args) { extra_args_ = std::move(args); }

  // Spawns the server, reads its "listening on" line and polls /readyz until 200 (bounded).
  // On failure returns false and describes the problem in `error()`.
  bool Start();
  std::uint16_t port() const { return port_; }
  // The port of the separate /metrics listener (0 when it is off).
  std::uint16_t metrics_port() const { return metrics_port_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  const std::string& error() const { return error_; }
  const std::string& first_line() const { return first_line_; }

  void Signal(int sig);
  // Waits for the process to exit: its exit code (or -signal), nullopt on timeout.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  // SIGTERM, then waits up to `timeout`: the exit status (-1000 if it had to be SIGKILLed).
  int Stop(std::chrono::milliseconds timeout = 15s);
  // SIGKILL and reap.
  void Kill();

  // What the server wrote to stdout after its first line (read once it has exited).
  const std::string& stdout_rest() const { return stdout_rest_; }
  // Everything the server wrote to stderr (its log file).
  std::string StderrLog() const;

 private:
  void DrainStdout();
  fs::path data_dir_;
  fs::path content_dir_;
  fs::path log_path_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::uint16_t metrics_port_ = 0;
  std::vector<std::string> extra_args_;
  std::string first_line_;
  std::string stdout_rest_;
  std::string error_;
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL (servers started with `--database URL`, see ServerProcess::set_extra_args)

// The test server's URL from STARPREP_TEST_POSTGRES (CTest's `postgres` fixture sets it, and
// STARPREP_REQUIRE_POSTGRES builds always have it); "" when unset: tests that need PostgreSQL
// GTEST_SKIP then, saying why.
std::string TestPostgresServer();
// A new, migrated database with a unique name on `server` (default: TestPostgresServer()): its
// URL, or "" with the reason in `error`. On the test cluster it is a copy of the template every
// test database copies (the same as a data directory's, DatabaseUrlFor) and is dropped when the
// process exits; on another server (a PrivateCluster) it is migrated with `starprep db migrate`
// and lives as long as that cluster.
std::string CreateTestDatabase(std::string* error = nullptr, const std::string& server = TestPostgresServer());

// A PostgreSQL cluster of the test's own (tests/pg/cluster.sh) under /tmp, for tests that stop and
// start the database server. Stopped and removed on destruction.
class PrivateCluster {
 public:
  PrivateCluster();
  ~PrivateCluster();
  PrivateCluster(const PrivateCluster&) = delete;
  PrivateCluster& operator=(const PrivateCluster&) = delete;

  bool Start(std::string* error = nullptr);   // initdb and start (cluster.sh start)
  bool Pause(std::string* error = nullptr);   // stops the server, keeps the data (cluster.sh pause)
  bool Resume(std::string* error = nullptr);  // starts it again on the same data (cluster.sh resume)
  // postgresql://starprep@/postgres?host=DIR
  std::string url() const;

 private:
  bool Run(const std::string& action, std::string* error);
  fs::path dir_;
};

// ---------------------------------------------------------------------------------------------
// Utilities

std::string Gunzip(std::string_view gz, bool* ok = nullptr);
std::string UrlEncode(std::string_view s);
// The value of the hidden field `name` in `html` ("" if absent), unescaped enough for a token
// (base64url and digits need no escaping).
std::string HiddenField(const std::string& html, const std::string& name);
std::string ReadFile(const fs::path& path);
void WriteFile(const fs::path& path, std::string_view text);
// Copies the bundled content pack to `dir` / "content" and returns that path.
fs::path CopyBundledContent(const fs::path& dir);
// Decodes the character references templates produce (&amp; &lt; &gt; &quot; &#39; &apos; &#x27;).
std::string UnescapeHtml(std::string_view html);
// Number of non-overlapping occurrences of `needle` in `hay`.
std::size_t Count(std::string_view hay, std::string_view needle);
// The text of <section class="question" id="ID"> ... </section> in a page ("" if absent).
std::string QuestionSection(const std::string& html, const std::string& id);
// Integer inside <span class="CLASS">N</span> in `html` (-1 if absent).
int SpanNumber(const std::string& html, const std::string& cls);
// Value of a Prometheus sample line "NAME{LABELS} V" or "NAME V" (-1 if absent).
double MetricValue(const std::string& metrics, const std::string& name_and_labels);

// Polls /proc/net/tcp until the server's end of the connection (local port `server_port`, peer
// port `client_port`) has an empty receive queue, i.e. the server process has read every byte
// the client sent. False on timeout.
bool WaitServerConsumed(std::uint16_t server_port, std::uint16_t client_port, std::chrono::milliseconds timeout);
// Polls until a TCP connect to the port is refused (the server stopped accepting). False on timeout.
bool WaitConnectRefused(std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace starprep::it
