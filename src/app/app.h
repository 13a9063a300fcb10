// SPDX-License-Identifier: Apache-2.0
#pragma once
// Wiring: CLI subcommands, configuration, start-up and shutdown. Boost stays out of here.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace starprep::app {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";   // HOST:PORT; port 0 picks a free port
  std::filesystem::path data_dir = "var";  // database and secret key live here
  std::string database_url;                // postgresql://...: that database instead of SQLite in data_dir
  std::filesystem::path content_dir;       // imported on an empty database; default: bundled content
  int threads = 0;                         // 0: one per core
  bool access_log = true;
  bool secure_cookies = false;  // set when served behind TLS
  bool sample_jobs = true;      // import content_dir/jobs/*.jsonld when no job is stored
  // Prometheus /metrics on its own listener (HOST:PORT, port 0 picks one), never on `listen`;
  // "off": not served at all.
  std::string metrics_listen = "127.0.0.1:8081";
  int max_connections = 0;               // 0: derived from the file-descriptor limit
  int max_connections_per_address = 64;  // 0: no per-address cap
  // How long a shared cache (a CDN) may serve an anonymous public page before asking again, and as
  // long again stale while it refetches (web::SessionGate::MarkShared); 0: revalidate every time.
  int shared_cache_seconds = 30;
  // On SIGTERM, answer /readyz 503 "draining" and keep serving this long before shutting down,
  // so a load balancer moves traffic away first; 0: shut down at once.
  double drain_seconds = 0;
  // Reverse proxies (IP addresses) whose X-Forwarded-For is believed for the client's address
  // (per-address limits behind a load balancer); empty: the peer's address.
  std::vector<std::string> trusted_proxies;
  // The site's public address for absolute links, the sitemap and robots.txt (an http(s) origin;
  // "" falls back to $STARPREP_PUBLIC_URL). Without one, `allowed_hosts` (Host values, or origins
  // for plain HTTP) may name it per request; with neither, links stay relative (a warning says so).
  std::string public_url;
  std::vector<std::string> allowed_hosts;
  int sitemap_urls_per_file = 50000;  // the sitemap protocol's limit; lower only to test the index
};

// The bundled content directory: ./content if present, else the source tree's.
std::filesystem::path DefaultContentDir();

// Runs the server until SIGINT/SIGTERM. Returns the process exit code.
int Serve(const ServeConfig& config);

// `content check DIR`: prints every error, returns 0 if the pack is valid, 1 otherwise.
int ContentCheck(const std::filesystem::path& dir);

// `content import DIR`: validates, then replaces the live content atomically. 0 on success.
int ContentImport(const std::filesystem::path& dir, const std::filesystem::path& data_dir);

// `jobs import FILE... [--data DIR]`: parses schema.org JobPosting JSON-LD (object, array,
// @graph, NDJSON or an HTML page's ld+json blocks), prints every rejected posting with its
// position and reason, upserts the valid ones in one transaction, prints the counts.
// `source_url` ("" for none) is the address the files were saved from: the apply link of postings
// without one of their own (jobs/jsonld.h gives the order). Says so when no role exists yet to map
// the jobs to (they are mapped when content is imported). 0 if nothing was rejected and the write
// succeeded, 1 otherwise; 2 if `source_url` is not an absolute http(s) URL.
int JobsImport(const std::vector<std::filesystem::path>& files, const std::filesystem::path& data_dir,
               const std::string& source_url);

// `db migrate`: applies pending migrations to the PostgreSQL database at `database_url` (run it
// as the database's owner role), printing the version before and after. 0 on success.
int DbMigrate(const std::string& database_url);

// The site's public origin for absolute links: `flag` (--public-url) when not empty, else
// $STARPREP_PUBLIC_URL, checked and normalised by http::ParsePublicUrl ("https://example.com");
// "" when neither is set. nullopt, after printing what is wrong (naming the flag or the
// variable) on standard error, when the value is not a valid origin.
std::optional<std::string> PublicUrlOrigin(const std::string& flag);

// Path of the SQLite database inside `data_dir`.
std::filesystem::path DatabasePath(const std::filesystem::path& data_dir);

}  // namespace starprep::app
