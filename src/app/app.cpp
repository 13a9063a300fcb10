// SPDX-License-Identifier: Apache-2.0
#include "app/app.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "api/account_api.h"
#include "api/api.h"
#include "app/open_store.h"
#include "app/watcher.h"
#include "auth/accounts.h"
#include "auth/editor_token.h"
#include "auth/keyring.h"
#include "coach/coach.h"
#include "content/parser.h"
#include "core/dates.h"
#include "core/log.h"
#include "core/secret_file.h"
#include "http/client_address.h"
#include "http/csrf.h"
#include "http/page_cache.h"
#include "http/public_origin.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/jsonld.h"
#include "jobs/roles.h"
#include "practice/corrections.h"
#include "practice/journal.h"
#include "practice/mocks.h"
#include "search/service/searcher.h"
#include "store/store.h"
#include "web/account_pages.h"
#include "web/attempt_pages.h"
#include "web/editor_pages.h"
#include "web/mock_pages.h"
#include "web/pages.h"
#include "web/progress_pages.h"
#include "web/review_pages.h"
#include "web/session_gate.h"
#include "web/story_pages.h"

namespace starprep::app {
namespace fs = std::filesystem;
namespace {

// The mock interviews' clock (seconds since the epoch): the system's. A test seam, for tests only:
// when STARPREP_TEST_CLOCK_FILE names a file, the whole number of seconds it holds (read at every
// call; 0 when missing or unreadable) is added, so a test moves the server's time forward (the
// browser tests move the page's clock with it) instead of waiting for a time-out.
std::int64_t MockNow() {
  std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (const char* file = std::getenv("STARPREP_TEST_CLOCK_FILE"); file && *file) {
    std::ifstream in(file);
    std::int64_t offset = 0;
    if (in >> offset) now += offset;
  }
  return now;
}

void SetUpLogging() {
  auto logger = spdlog::stderr_logger_mt("starprep");
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","data":%v})", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
}

// Reads the 32-byte secret from DATA/secret.key, creating it (mode 0600) on first start.
// STARPREP_SECRET (64 hex characters) overrides the file, so several instances can share it.
Result<http::Csrf::Secret> LoadSecret(const fs::path& data_dir) {
  http::Csrf::Secret secret{};
  if (const char* env = std::getenv("STARPREP_SECRET")) {
    std::size_t len = 0;
    if (sodium_hex2bin(secret.data(), secret.size(), env, std::strlen(env), nullptr, &len, nullptr) != 0 ||
        len != secret.size())
      return MakeError(ErrorCode::kInvalidArgument, "STARPREP_SECRET must be 64 hexadecimal characters");
    return secret;
  }
  fs::path path = data_dir / "secret.key";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = ::read(fd, secret.data(), secret.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(secret.size()))
      return MakeError(ErrorCode::kInternal, path.string() + " is damaged: expected 32 bytes");
    return secret;
  }
  randombytes_buf(secret.data(), secret.size());
  const std::string_view bytes(reinterpret_cast<const char*>(secret.data()), secret.size());
  if (auto s = CreateSecretFile(path, bytes); !s) return s.error();
  return secret;
}

void PrintErrors(const std::vector<content::ContentError>& errors) {
  for (const auto& e : errors) std::cerr << content::FormatError(e) << "\n";
}

// Imports `dir` into `store`; logs and returns false on any error.
bool ImportPack(store::Store& store, const fs::path& dir, bool print) {
  auto loaded = content::LoadPack(dir);
  if (!loaded.errors.empty()) {
    if (print) PrintErrors(loaded.errors);
    for (const auto& e : loaded.errors) log::Error("content_error", {{"error", FormatError(e)}});
    return false;
  }
  auto stats = store.ReplaceContent(loaded.pack);
  if (!stats.ok()) {
    log::Error("import_failed", {{"error", stats.error().message}});
    if (print) std::cerr << "import failed: " << stats.error().message << "\n";
    return false;
  }
  std::string summary = std::to_string(stats->roles) + " roles; questions: " + std::to_string(stats->questions_added) +
                        " added, " + std::to_string(stats->questions_updated) + " updated, " +
                        std::to_string(stats->questions_unchanged) + " unchanged, " +
                        std::to_string(stats->questions_retired) + " retired";
  if (stats->jobs_remapped > 0)
    summary += "; roles of " + std::to_string(stats->jobs_remapped) + " stored job" +
               (stats->jobs_remapped == 1 ? "" : "s") + " re-mapped to the new roles";
  if (print) std::cout << "imported " << dir.string() << ": " << summary << "\n";
  log::Info("content_imported", {{"dir", dir.string()}, {"summary", summary}});
  return true;
}

std::string ReadWholeFile(const fs::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  if (!ok) return "";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ok = !in.bad();
  return text;
}

struct JobImportOptions {
  bool print = true;          // report to stdout/stderr (the CLI); else log only
  bool rebase_dates = false;  // the sample feed: move every date so the newest posting is today
  std::string source_url;     // where the files were saved from: an apply-link fallback (jobs/jsonld.h)
};

// Parses every file, reports rejections, upserts the valid postings in one transaction.
// Returns true when nothing was rejected and the write succeeded.
bool ImportJobFiles(store::Store& store, const std::vector<fs::path>& files, const JobImportOptions& opt) {
  auto roles = store::LiveRoleInfos(store);
  if (!roles.ok()) {
    if (opt.print) std::cerr << "starprep: " << roles.error().message << "\n";
    return false;
  }
  if (roles->empty() && opt.print)
    std::cerr << "note: no roles in the database yet, so these jobs have no role (listed under Other); they are "
                 "mapped to roles when content is imported (`starprep content import`, or `starprep serve` on "
                 "first start)\n";
  std::vector<jobs::Job> valid;
  std::map<std::pair<std::string, std::string>, std::string> seen;  // (source, id) -> where
  std::map<std::string, int> fallbacks;                             // apply links found other than by `url`, per source
  int rejected = 0, ignored = 0;
  bool io_ok = true;
  auto reject = [&](const std::string& where, const std::string& reason) {
    ++rejected;
    if (opt.print) std::cerr << where << ": rejected: " << reason << "\n";
    log::Warn("job_rejected", {{"where", where}, {"reason", reason}});
  };
  for (const auto& file : files) {
    bool ok = false;
    std::string text = ReadWholeFile(file, ok);
    if (!ok) {
      io_ok = false;
      if (opt.print) std::cerr << file.string() << ": cannot read the file\n";
      continue;
    }
    jobs::ParsedFeed feed = jobs::ParseJobPostings(text, *roles, opt.source_url);
    for (const auto& r : feed.rejected) reject(file.string() + ": " + jobs::DescribePosition(r.item, r.line), r.reason);
    ignored += feed.ignored;
    for (auto& p : feed.postings) {
      std::string where = file.string() + ": " + jobs::DescribePosition(p.item, p.line);
      auto [it, inserted] = seen.emplace(std::make_pair(p.job.source, p.job.source_id), where);
      if (!inserted) {
        reject(where,
               "same identifier (source \"" + p.job.source + "\", id \"" + p.job.source_id + "\") as " + it->second);
        continue;
      }
      if (p.apply_from != jobs::ApplyLinkFrom::kUrl) ++fallbacks[std::string(jobs::ApplyLinkFromName(p.apply_from))];
      valid.push_back(std::move(p.job));
    }
    if (opt.print && files.size() > 1) std::cerr << file.string() << ": " << feed.postings.size() << " postings read\n";
  }
  if (opt.rebase_dates && !valid.empty()) {
    std::string newest;
    for (const auto& j : valid) newest = std::max(newest, j.date_posted);
    auto shift = dates::DaysBetween(newest, dates::NowUtc());
    if (shift)
      for (auto& j : valid) j = jobs::ShiftDates(std::move(j), *shift);
  }
  store::JobProgress progress;
  if (opt.print && valid.size() >= 1000)
    progress = [](int done, int total) { std::cerr << "written " << done << " of " << total << " postings\n"; };
  auto stats = store.UpsertJobs(valid, progress);
  if (!stats.ok()) {
    if (opt.print) std::cerr << "jobs import failed, nothing was written: " << stats.error().message << "\n";
    log::Error("jobs_import_failed", {{"error", stats.error().message}});
    return false;
  }
  std::string summary = std::to_string(stats->added) + " added, " + std::to_string(stats->updated) + " updated, " +
                        std::to_string(stats->unchanged) + " unchanged, " + std::to_string(rejected) + " rejected";
  if (ignored > 0) summary += " (" + std::to_string(ignored) + " other schema.org nodes ignored)";
  if (!fallbacks.empty()) {
    summary += "; postings without a url took their apply link from";
    std::string sep = " ";
    for (const auto& [from, count] : fallbacks) {
      summary += sep + from + " (" + std::to_string(count) + ")";
      sep = ", ";
    }
  }
  if (opt.print) std::cout << "jobs import: " << summary << "\n";
  log::Info("jobs_imported", {{"summary", summary}});
  return rejected == 0 && io_ok;
}

// The bundled sample feed(s): content_dir/jobs/*.jsonld and *.json, sorted by name.
std::vector<fs::path> SampleJobFiles(const fs::path& content_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(content_dir / "jobs", ec), end; !ec && it != end; it.increment(ec)) {
    auto ext = it->path().extension();
    if (it->is_regular_file() && (ext == ".jsonld" || ext == ".json" || ext == ".ndjson")) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool ParseListen(const std::string& listen, std::string& host, std::uint16_t& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  return !host.empty();
}

// /metrics on a listener of its own (--metrics-listen), so the public port never shows it: one
// thread, a router with that one route, stopped after the public server has drained.
class MetricsListener {
 public:
  // Binds `host:port`; returns the bound port.
  Result<std::uint16_t> Listen(const std::string& host, std::uint16_t port, http::Metrics& metrics) {
    router_.Get("/metrics", [&metrics](http::Request&) {
      http::Response r;
      r.SetBody(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
      return r;
    });
    http::ServerOptions o;
    o.host = host;
    o.port = port;
    o.threads = 1;
    o.blocking_threads = 1;
    o.access_log = false;  // a scrape every few seconds would drown the request log
    o.max_connections = 64;
    o.handle_signals = false;  // Stop() below, once the public server is done
    server_ = std::make_unique<http::Server>(
        o, [this](http::Request& req, std::string& route) { return router_.Dispatch(req, route); }, metrics);
    return server_->Listen();
  }
  void Start() {
    if (server_) thread_ = std::thread([this] { server_->Run(); });
  }
  ~MetricsListener() {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
  }

 private:
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace

fs::path DatabasePath(const fs::path& data_dir) {
  return data_dir / "starprep.db";
}

std::string DatabaseUrl(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("STARPREP_DATABASE_URL");
  return env ? env : "";
}

std::optional<std::string> PublicUrlOrigin(const std::string& flag) {
  const char* env = std::getenv("STARPREP_PUBLIC_URL");
  const std::string url = flag.empty() && env ? std::string(env) : flag;
  if (url.empty()) return std::string();
  auto parsed = http::ParsePublicUrl(url);
  if (!parsed.ok()) {
    std::cerr << "starprep: " << (flag.empty() ? "STARPREP_PUBLIC_URL" : "--public-url") << ": "
              << parsed.error().message << "\n";
    return std::nullopt;
  }
  return *parsed;
}

namespace {

// Creates the data directory (mode 0700) if it is missing.
Status EnsureDataDir(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot create " + data_dir.string() + ": " + ec.message());
  ::chmod(data_dir.c_str(), 0700);
  return {};
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenStore(const fs::path& data_dir, const std::string& database_url) {
  const bool postgres = !database_url.empty();
  if (postgres && !database_url.starts_with("postgresql://") && !database_url.starts_with("postgres://"))
    return MakeError(ErrorCode::kInvalidArgument,
                     "--database (or STARPREP_DATABASE_URL) must be a postgresql:// URL; leave it out for SQLite");
  // The directory holds the secret key and the data keys whichever the database.
  if (auto s = EnsureDataDir(data_dir); !s) return s.error();
  if (postgres) return store::OpenPostgresStore(database_url);
  return store::OpenSqliteStore(DatabasePath(data_dir).string());
}

int DbMigrate(const std::string& database_url) {
  if (database_url.empty()) {
    std::cerr << "starprep: db migrate needs --database postgresql://... (or STARPREP_DATABASE_URL); the SQLite "
                 "database of a data directory is migrated whenever it is opened\n";
    return 2;
  }
  auto store = store::OpenPostgresStore(database_url, store::PostgresOptions{.pool_size = 1, .migrate = true});
  if (!store.ok()) {
    std::cerr << "starprep: " << store.error().message << "\n";
    return 1;
  }
  std::cout << "PostgreSQL schema is up to date\n";
  return 0;
}

fs::path DefaultContentDir() {
  if (fs::exists("content/roles")) return "content";
  return fs::path(STARPREP_SOURCE_DIR) / "content";
}

int ContentCheck(const fs::path& dir) {
  auto loaded = content::LoadPack(dir);
  if (!loaded.errors.empty()) {
    PrintErrors(loaded.errors);
    std::cerr << loaded.errors.size() << (loaded.errors.size() == 1 ? " error" : " errors") << " in " << dir.string()
              << "\n";
    return 1;
  }
  std::size_t questions = 0;
  for (const auto& r : loaded.pack.roles) questions += r.questions.size();
  std::cout << dir.string() << ": OK (" << loaded.pack.roles.size() << " roles, " << questions << " questions)\n";
  return 0;
}

int ContentImport(const fs::path& dir, const fs::path& data_dir) {
  SetUpLogging();
  spdlog::set_level(spdlog::level::warn);
  auto store = OpenStore(data_dir);
  if (!store.ok()) {
    std::cerr << "starprep: " << store.error().message << "\n";
    return 1;
  }
  return ImportPack(**store, dir, true) ? 0 : 1;
}

int JobsImport(const std::vector<fs::path>& files, const fs::path& data_dir, const std::string& source_url) {
  if (!source_url.empty() && !jobs::IsHttpUrl(source_url)) {
    std::cerr << "starprep: --source-url must be an absolute http:// or https:// URL, got \"" << source_url << "\"\n";
    return 2;
  }
  SetUpLogging();
  spdlog::set_level(spdlog::level::off);  // the report goes to stdout/stderr
  auto store = OpenStore(data_dir);
  if (!store.ok()) {
    std::cerr << "starprep: " << store.error().message << "\n";
    return 1;
  }
  return ImportJobFiles(**store, files, JobImportOptions{.source_url = source_url}) ? 0 : 1;
}

namespace {

// ---- Serve, step by step -----------------------------------------------------------------------

// Where to listen: the public server's options (--listen, threads, access log, connection caps)
// and the metrics listener's HOST:PORT, unless --metrics-listen is off.
struct Addresses {
  http::ServerOptions server;
  std::optional<std::pair<std::string, std::uint16_t>> metrics;
};

// Prints what is wrong and returns nullopt when an address does not parse.
std::optional<Addresses> ReadAddresses(const ServeConfig& config) {
  Addresses a;
  if (!ParseListen(config.listen, a.server.host, a.server.port)) {
    std::cerr << "starprep: --listen must be HOST:PORT, got \"" << config.listen << "\"\n";
    return std::nullopt;
  }
  if (config.metrics_listen != "off") {
    std::string host;
    std::uint16_t port = 0;
    if (!ParseListen(config.metrics_listen, host, port)) {
      std::cerr << "starprep: --metrics-listen must be HOST:PORT or off, got \"" << config.metrics_listen << "\"\n";
      return std::nullopt;
    }
    a.metrics.emplace(std::move(host), port);
  }
  a.server.threads = config.threads;
  a.server.access_log = config.access_log;
  a.server.max_connections = config.max_connections;
  a.server.max_connections_per_address = config.max_connections_per_address;
  a.server.drain_period = std::chrono::milliseconds(static_cast<std::int64_t>(config.drain_seconds * 1000));
  for (const auto& proxy : config.trusted_proxies)
    if (!http::IsIpLiteral(proxy)) {
      std::cerr << "starprep: --trusted-proxy must be an IP address such as 127.0.0.1, got \"" << proxy << "\"\n";
      return std::nullopt;
    }
  a.server.trusted_proxies = config.trusted_proxies;
  return a;
}

// The public origin from --public-url (or STARPREP_PUBLIC_URL) and --allowed-host, checked; prints
// what is wrong and returns nullopt when a value is not valid. Warns (log) when neither is given.
std::optional<web::PublicSite> ReadPublicSite(const ServeConfig& config) {
  const auto public_origin = PublicUrlOrigin(config.public_url);
  if (!public_origin) return std::nullopt;
  const std::string& origin = *public_origin;
  std::vector<http::AllowedHost> allowed;
  for (const auto& value : config.allowed_hosts) {
    auto host = http::ParseAllowedHost(value);
    if (!host.ok()) {
      std::cerr << "starprep: " << host.error().message << "\n";
      return std::nullopt;
    }
    allowed.push_back(*host);
  }
  web::PublicSite site{http::PublicOrigin(origin, allowed), config.sitemap_urls_per_file};
  if (!origin.empty())
    log::Info("public_url", {{"origin", origin}});
  else if (!allowed.empty())
    log::Info("public_url", {{"origin", "the request's Host, when allowed"}, {"allowed_hosts", allowed.size()}});
  else
    log::Warn("public_url_unset",
              {{"message",
                "no --public-url (or STARPREP_PUBLIC_URL) and no --allowed-host: canonical links stay relative, pages "
                "carry no og:url and /sitemap.xml is not served; search engines prefer absolute links"}});
  return site;
}

// What the data directory provides: the database, the CSRF secret, the editor tokens and the data
// keys (the last three may come from the environment instead; where each came from is logged).
struct DataDir {
  std::unique_ptr<store::Store> store;
  http::Csrf::Secret secret{};
  std::optional<auth::EditorTokens> editor_tokens;
  std::unique_ptr<auth::Keyring> keyring;
};

// Opens (or creates) each; prints the first problem and returns nullopt if one fails.
std::optional<DataDir> OpenDataDir(const fs::path& data_dir, const std::string& database_url) {
  auto fail = [](const Error& e) {
    std::cerr << "starprep: " << e.message << "\n";
    return std::nullopt;
  };
  DataDir d;
  auto opened = OpenStore(data_dir, database_url);
  if (!opened.ok()) return fail(opened.error());
  d.store = std::move(*opened);
  auto secret = LoadSecret(data_dir);
  if (!secret.ok()) return fail(secret.error());
  d.secret = *secret;
  auto editor_tokens = auth::EditorTokens::Load(data_dir);
  if (!editor_tokens.ok()) return fail(editor_tokens.error());
  d.editor_tokens.emplace(*editor_tokens);
  log::Info("editor_token",
            {{"source", std::getenv("STARPREP_EDITOR_TOKEN") ? std::string("environment")
                                                             : auth::EditorTokenPath(data_dir).string()}});
  auto keyring = auth::Keyring::Load(data_dir);
  if (!keyring.ok()) return fail(keyring.error());
  d.keyring = std::move(*keyring);
  log::Info("data_keys", {{"source", std::getenv("STARPREP_DATA_KEYS") ? std::string("environment")
                                                                       : auth::DataKeysPath(data_dir).string()},
                          {"current", d.keyring->current_id()}});
  return d;
}

// Everything a request can reach, built in the order each part needs the others (the members
// refer to each other and to `data`, which must outlive this). Register() puts the routes on
// `router`.
struct Services {
  Services(DataDir& data, const ServeConfig& config, const web::PublicSite& site)
      : store(*data.store),
        cache(metrics),
        csrf(data.secret, config.secure_cookies),
        coaching(store, coach::EmbeddedModel()),
        accounts(store, hasher),
        journal(store, *data.keyring, coaching),
        corrections(store, *data.keyring),
        mocks(store, *data.keyring, coaching),
        gate(accounts, csrf, config.shared_cache_seconds),
        pages(store, cache, gate, coaching, coach_limiter, journal, searcher, site),
        account_pages(store, gate, journal, corrections, mocks, MockNow),
        attempt_pages(store, gate, journal, coaching, pages, coach_limiter),
        progress_pages(store, gate, journal),
        review_pages(store, gate),
        story_pages(store, gate, journal),
        editor_pages(store, gate, cache, site.origin),
        mock_pages(store, gate, mocks, MockNow),
        api(store, cache, csrf, coaching, coach_limiter, *data.editor_tokens, accounts, site.origin, searcher),
        account_api(store, csrf, accounts, journal, corrections, mocks, MockNow) {}
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  // /healthz and /readyz, every component's routes, the HTML error pages, and the start-up gate:
  // until `ready`, everything but the two ops routes answers 503 "starting" with Retry-After.
  // Once `draining` (SIGTERM with --drain-seconds), /readyz answers 503 "draining".
  void Register() {
    router.Get("/healthz", [](http::Request&) { return http::JsonResponse(200, R"({"status":"ok"})"); });
    router.Get("/readyz", [this](http::Request&) {
      if (draining.load()) return http::JsonResponse(503, R"({"status":"draining"})");
      if (!ready.load()) return http::JsonResponse(503, R"({"status":"starting"})");
      auto ok = store.HasContent();
      // A load balancer takes the instance out until the database answers again.
      if (!ok.ok()) return http::JsonResponse(503, R"({"status":"database unreachable"})");
      return http::JsonResponse(200, R"({"status":"ready"})");
    });
    pages.Register(router);
    account_pages.Register(router);
    attempt_pages.Register(router);
    progress_pages.Register(router);
    review_pages.Register(router);
    story_pages.Register(router);
    editor_pages.Register(router);
    mock_pages.Register(router);
    api.Register(router);
    account_api.Register(router);
    router.SetHtmlErrorRenderer([this](const http::Request& req, int status, const std::string& message) {
      return pages.RenderError(req, status, message);
    });
    router.SetGate([this](const http::Request& req) -> std::optional<http::Response> {
      bool ops = req.path == "/healthz" || req.path == "/readyz";
      if (ready.load() || ops) return std::nullopt;
      http::Response r = http::ErrorReply(503, http::codes::kStarting, "starprep is starting; retry in a moment.");
      r.SetHeader("Retry-After", "1");
      return r;
    });
  }

  store::Store& store;
  http::Metrics metrics;
  http::PageCache cache;
  http::Csrf csrf;
  std::atomic<bool> ready{false};     // set by StartUp once the content is in and the caches are fresh
  std::atomic<bool> draining{false};  // set when a drain begins (the server's on_drain)
  http::Router router;
  // The coach: answers are analysed in-process; a client may check about ten a second (typing
  // with the panel's debounce needs two or three), with bursts of 30.
  practice::Coaching coaching;
  RateLimiter coach_limiter{10, 30};
  // Two argon2id hashes at a time (64 MiB each) bound the memory a flood of sign-ins can take.
  auth::PasswordHasher hasher{auth::PasswordHasher::Interactive(), 2};
  auth::Accounts accounts;
  practice::Journal journal;
  practice::Corrections corrections;  // with its per-user limit on saved corrections
  practice::Mocks mocks;
  // The search service of the pages and the API (one vocabulary, one answer cache), warmed by the
  // watcher thread after every content or jobs change (Watch, StartUp).
  search::Searcher searcher{store};
  web::SessionGate gate;
  web::Pages pages;
  web::AccountPages account_pages;
  web::AttemptPages attempt_pages;
  web::ProgressPages progress_pages;
  web::ReviewPages review_pages;
  web::StoryPages story_pages;
  web::EditorPages editor_pages;
  web::MockPages mock_pages;
  api::Api api;
  api::AccountApi account_api;
};

// Binds the public server and (when asked) the metrics listener, then says where each listens
// (stdout and the log). False, after printing why, when one cannot bind.
bool Bind(http::Server& server, MetricsListener& metrics_listener, const Addresses& addresses, http::Metrics& metrics) {
  auto port = server.Listen();
  if (!port.ok()) {
    std::cerr << "starprep: " << port.error().message << "\n";
    return false;
  }
  std::optional<std::uint16_t> metrics_port;
  if (addresses.metrics) {
    auto bound = metrics_listener.Listen(addresses.metrics->first, addresses.metrics->second, metrics);
    if (!bound.ok()) {
      std::cerr << "starprep: --metrics-listen: " << bound.error().message << " (choose another HOST:PORT, or off)\n";
      return false;
    }
    metrics_port = *bound;
  }
  const std::string& host = addresses.server.host;
  std::cout << "listening on http://" << host << ":" << *port << std::endl;
  log::Info("listening", {{"host", host}, {"port", *port}});
  if (metrics_port) {
    const std::string& metrics_host = addresses.metrics->first;
    std::cout << "metrics on http://" << metrics_host << ":" << *metrics_port << "/metrics" << std::endl;
    log::Info("metrics_listening", {{"host", metrics_host}, {"port", *metrics_port}});
  }
  return true;
}

// Builds what the first search after a write would build (the store's per-state search caches and
// the vocabulary), timed in the log; a failure only leaves that to the next search.
void WarmSearch(Services& s) {
  const auto start = std::chrono::steady_clock::now();
  auto warmed = s.searcher.Warm(dates::NowUtc());
  if (!warmed) {
    log::Warn("search_warm_failed", {{"error", warmed.error().message}});
    return;
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  log::Info("search_warmed", {{"ms", static_cast<std::int64_t>(ms)}});
}

// The periodic work (the watcher's thread): reload the data keys, purge dead sessions, and drop
// the page cache when another process (the CLI) imported content or jobs. Role pages show
// open-job counts, so a job write elsewhere or a posting expiring also clears it.
void Watch(VersionWatcher& watcher, Services& s, auth::Keyring& keyring) {
  watcher.Every(1, [&keyring] { (void)keyring.ReloadIfChanged(); });  // a new key from `starprep keys rotate`
  watcher.Every(3600, [&s] {  // hourly (and soon after start): sessions nobody will use again
    auto purged = s.accounts.PurgeExpiredSessions();
    if (purged.ok() && *purged > 0) log::Info("sessions_purged", {{"count", *purged}});
  });
  watcher.Every(60, [&s] {  // sign-in limits whose time is over: the tables hold only recent keys
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto purged = s.store.PurgeLimits(now);
    if (!purged.ok()) log::Warn("limits_purge_failed", {{"error", purged.error().message}});
  });
  watcher.OnChange<std::int64_t>(
      [&s]() -> std::optional<std::int64_t> {
        auto version = s.store.ContentVersion();
        return version.ok() ? std::optional(*version) : std::nullopt;
      },
      [&s] {
        s.cache.Clear();
        s.coaching.Clear();
        WarmSearch(s);
        log::Info("content_changed", {{"message", "page cache and coach keywords cleared, search warmed"}});
      });
  // Other instances' votes (PostgreSQL's change feed; SQLite has no other writers of pages).
  s.store.OnRemoteChange([&s](const std::string& key) {
    if (key == "*")
      s.cache.Clear();
    else
      s.cache.Invalidate(key);
  });
  watcher.OnChange<store::JobsState>(
      [&s]() -> std::optional<store::JobsState> {
        auto state = s.store.GetJobsState(dates::NowUtc());
        return state.ok() ? std::optional(*state) : std::nullopt;
      },
      [&s] {
        s.cache.Clear();
        // Rebuilds the store's job list index and the search's per-state caches now, on this
        // thread, rather than in the next request.
        (void)s.store.CountOpenJobsByRole(dates::NowUtc());
        WarmSearch(s);
        log::Info("jobs_changed", {{"message", "page cache cleared, job list index rebuilt, search warmed"}});
      });
}

// Start-up, on its own thread while the server already answers (503 "starting"): an empty
// database gets the bundled content, then (after the roles, which it maps to) the sample job
// feed if asked. The watcher is armed (records the versions) before the caches are cleared, so
// a CLI import that lands between that clear and the watcher's next look is still noticed.
void StartUp(const ServeConfig& config, Services& s, VersionWatcher& watcher) {
  auto has = s.store.HasContent();
  if (has.ok() && !*has) ImportPack(s.store, config.content_dir, false);
  auto has_jobs = s.store.HasJobs();
  if (config.sample_jobs && has_jobs.ok() && !*has_jobs) {
    auto files = SampleJobFiles(config.content_dir);
    if (!files.empty()) ImportJobFiles(s.store, files, JobImportOptions{false, true});
  }
  watcher.Arm();
  s.cache.Clear();
  s.coaching.Clear();
  (void)s.store.CountOpenJobsByRole(dates::NowUtc());  // builds the job list index before the first list
  WarmSearch(s);                                       // and the search's caches before the first search
  s.ready.store(true);
  log::Info("ready");
}

}  // namespace

// Serves until SIGINT/SIGTERM: read the addresses, open the data directory, build the services,
// bind, start the watcher and (in the background) start-up, run, then stop in reverse order.
int Serve(const ServeConfig& config) {
  SetUpLogging();
  const auto addresses = ReadAddresses(config);
  if (!addresses) return 2;
  const auto site = ReadPublicSite(config);
  if (!site) return 2;
  auto data = OpenDataDir(config.data_dir, DatabaseUrl(config.database_url));
  if (!data) return 1;
  Services services(*data, config, *site);
  services.Register();
  http::ServerOptions server_options = addresses->server;
  server_options.on_drain = [&services] { services.draining.store(true); };
  http::Server server(
      server_options,
      [&services](http::Request& req, std::string& route) { return services.router.Dispatch(req, route); },
      services.metrics);
  MetricsListener metrics_listener;  // declared after `server`: stopped first, before `metrics` goes away
  if (!Bind(server, metrics_listener, *addresses, services.metrics)) return 1;
  metrics_listener.Start();
  VersionWatcher watcher(std::chrono::seconds(1));
  Watch(watcher, services, *data->keyring);
  watcher.Start();
  std::thread starter([&] { StartUp(config, services, watcher); });
  server.Run();
  watcher.Stop();
  starter.join();
  services.store.OnRemoteChange({});  // the feed calls into `services`: stop it first
  return 0;
}

}  // namespace starprep::app
