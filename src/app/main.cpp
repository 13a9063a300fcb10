// SPDX-License-Identifier: Apache-2.0
// starprep: the command-line entry point. See `starprep --help`.

#include <sodium.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "app/admin_cli.h"
#include "app/app.h"
#include "app/coach_cli.h"
#include "app/db_copy.h"
#include "app/open_store.h"

namespace {

int Run(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fputs("starprep: libsodium failed to initialise\n", stderr);
    return 1;
  }
  CLI::App cli{"starprep: interview questions, STAR model answers and feedback, served over HTTP"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", STARPREP_VERSION);

  starprep::app::ServeConfig serve;
  serve.content_dir = starprep::app::DefaultContentDir();
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the web pages and the JSON API");
  serve_cmd->add_option("--listen", serve.listen, "Address to listen on, HOST:PORT (port 0 picks a free port)")
      ->capture_default_str();
  serve_cmd->add_option("--data", serve.data_dir, "Directory for the database and secret key")->capture_default_str();
  serve_cmd->add_option(
      "--database", serve.database_url,
      "PostgreSQL database URL (postgresql://...; default: $STARPREP_DATABASE_URL, else SQLite in --data)");
  serve_cmd->add_option("--content", serve.content_dir, "Content pack imported when the database is empty")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "Worker threads (0: one per core)")->capture_default_str();
  serve_cmd->add_flag("!--no-access-log", serve.access_log, "Do not log one line per request");
  serve_cmd->add_flag("--secure-cookies", serve.secure_cookies, "Mark cookies Secure (when served behind TLS)");
  serve_cmd
      ->add_option("--metrics-listen", serve.metrics_listen,
                   "Address for Prometheus /metrics, HOST:PORT (port 0 picks one), or off; never on --listen")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections", serve.max_connections,
                   "Open connections in all (0: the file-descriptor limit minus an eighth)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections-per-address", serve.max_connections_per_address,
                   "Open connections per client address, IPv6 per /64 (0: no cap; behind a load balancer)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve_cmd
      ->add_option("--shared-cache-seconds", serve.shared_cache_seconds,
                   "How long a CDN may serve an anonymous public page (s-maxage, and as long again stale while "
                   "it refetches); 0: revalidate every time")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  serve_cmd
      ->add_option("--drain-seconds", serve.drain_seconds,
                   "On SIGTERM, answer /readyz 503 and keep serving this long before shutting down, so a load "
                   "balancer moves traffic away first (0: shut down at once)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  serve_cmd->add_option("--trusted-proxy", serve.trusted_proxies,
                        "IP address of a reverse proxy (HAProxy, a CDN) whose X-Forwarded-For names the client; "
                        "repeat for several; per-address limits then count clients, not the proxy");
  serve_cmd->add_option("--public-url", serve.public_url,
                        "The site's public address, an http(s) origin such as https://prep.example.com: absolute "
                        "canonical links, og:url, JSON-LD URLs and the sitemap (default: $STARPREP_PUBLIC_URL)");
  serve_cmd->add_option("--allowed-host", serve.allowed_hosts,
                        "Without --public-url: a Host (example.com[:port], https assumed, or an origin such as "
                        "http://localhost:8080) whose requests get absolute links; repeat for several; other Hosts "
                        "get relative links");
  serve_cmd
      ->add_option("--sitemap-urls-per-file", serve.sitemap_urls_per_file,
                   "URLs per sitemap file before /sitemap.xml becomes a sitemap index (tests)")
      ->check(CLI::Range(1, 50000))
      ->group("");
  serve_cmd->add_flag("!--no-sample-jobs", serve.sample_jobs,
                      "Do not load the bundled sample job feed (CONTENT/jobs) into an empty jobs table");

  auto* content_cmd = cli.add_subcommand("content", "Validate and import content packs");
  content_cmd->require_subcommand(1);
  std::string check_dir;
  auto* check_cmd = content_cmd->add_subcommand("check", "Validate a content pack and list every error");
  check_cmd->add_option("DIR", check_dir, "Content pack directory (contains roles/)")->required();
  std::string import_dir;
  std::string import_data = "var";
  auto* import_cmd =
      content_cmd->add_subcommand("import", "Validate a content pack and replace the live content in one transaction");
  import_cmd->add_option("DIR", import_dir, "Content pack directory (contains roles/)")->required();
  import_cmd->add_option("--data", import_data, "Directory of the database")->capture_default_str();

  auto* jobs_cmd = cli.add_subcommand("jobs", "Import job postings");
  jobs_cmd->require_subcommand(1);
  std::vector<std::filesystem::path> job_files;
  std::string jobs_data = "var";
  auto* jobs_import_cmd = jobs_cmd->add_subcommand(
      "import",
      "Import schema.org JobPosting JSON-LD (an object, an array, an @graph, NDJSON or an HTML page); upsert by "
      "identifier; report rejected postings; exit 1 if any were rejected");
  jobs_import_cmd->add_option("FILE", job_files, "JSON-LD, NDJSON or HTML files")->required()->check(CLI::ExistingFile);
  jobs_import_cmd->add_option("--data", jobs_data, "Directory of the database")->capture_default_str();
  std::string jobs_source_url;
  jobs_import_cmd->add_option("--source-url", jobs_source_url,
                              "The address the files were saved from (http/https): the apply link of postings with "
                              "no url, sameAs or canonical link of their own");

  starprep::app::CoachOptions coach;
  coach.content_dir = starprep::app::DefaultContentDir();
  auto* coach_cmd = cli.add_subcommand(
      "coach", "Analyse an interview answer read from standard input: STAR parts, metrics, score, suggestions");
  coach_cmd->require_subcommand(0, 1);
  coach_cmd->add_option("--role", coach.role, "Role slug: its skills count as keywords (without --question)");
  coach_cmd->add_option("--question", coach.question, "Question id: its topic words count as keywords");
  coach_cmd->add_flag("--json", coach.json, "Print the JSON result (docs/coach.md) instead of a report");
  coach_cmd->add_option("--content", coach.content_dir, "Content pack holding the role and question")
      ->capture_default_str();
  starprep::app::CoachEvalOptions eval;
  eval.content_dir = starprep::app::DefaultContentDir();
  auto* eval_cmd = coach_cmd->add_subcommand(
      "eval", "Measure the coach: cross-validation on the training corpus, or the held-out sets with --heldout");
  eval_cmd->add_option("--content", eval.content_dir, "Content directory (roles/, coach/training, coach/heldout*)")
      ->capture_default_str();
  eval_cmd->add_option("--folds", eval.folds, "Number of cross-validation folds")
      ->check(CLI::Range(2, 20))
      ->capture_default_str();
  eval_cmd->add_option("--transition-weight", eval.transition_weight,
                       "Weight of STAR order against each sentence's own evidence (tuning; default: the built-in one)");
  eval_cmd->add_flag("--show-mistakes", eval.show_mistakes, "List the sentences cross-validation labelled wrongly");
  eval_cmd->add_flag("--heldout", eval.heldout,
                     "Score the held-out sets instead (once per model change, after the choices are made)");
  eval_cmd
      ->add_option("--check", eval.check_file,
                   "With --heldout: fail when a figure is worse than recorded in this file (the quality floor)")
      ->check(CLI::ExistingFile);
  eval_cmd->add_option("--margin", eval.margin, "Points a figure may fall below the recorded one")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();

  auto* corrections_cmd = coach_cmd->add_subcommand(
      "corrections", "Coach corrections that signed-in candidates sent from the practice panel");
  corrections_cmd->require_subcommand(1);
  std::string corrections_data = "var";
  std::filesystem::path corrections_out;
  auto* corrections_export_cmd = corrections_cmd->add_subcommand(
      "export", "Write every shared correction, unsealed, as coach corpus entries for editors to review");
  corrections_export_cmd->add_option("--data", corrections_data, "Directory of the database and data.keys")
      ->capture_default_str();
  corrections_export_cmd->add_option("--out", corrections_out, "File to write (default: standard output)");

  auto* user_cmd = cli.add_subcommand("user", "Manage accounts");
  user_cmd->require_subcommand(1);
  std::string user_email, user_role = "member", user_data = "var";
  auto* user_add_cmd = user_cmd->add_subcommand(
      "add", "Create an account; the password is read from standard input (asked twice on a terminal)");
  user_add_cmd->add_option("EMAIL", user_email, "Email address of the account")->required();
  user_add_cmd->add_option("--role", user_role, "member, editor or admin")
      ->check(CLI::IsMember({"member", "editor", "admin"}))
      ->capture_default_str();
  user_add_cmd->add_option("--data", user_data, "Directory of the database")->capture_default_str();
  auto* user_password_cmd = user_cmd->add_subcommand(
      "set-password", "Set a new password for an account (read like `user add`) and end its sessions");
  user_password_cmd->add_option("EMAIL", user_email, "Email address of the account")->required();
  user_password_cmd->add_option("--data", user_data, "Directory of the database")->capture_default_str();
  auto* user_role_cmd = user_cmd->add_subcommand("set-role", "Change an account's role");
  user_role_cmd->add_option("EMAIL", user_email, "Email address of the account")->required();
  user_role_cmd->add_option("ROLE", user_role, "member, editor or admin")
      ->required()
      ->check(CLI::IsMember({"member", "editor", "admin"}));
  user_role_cmd->add_option("--data", user_data, "Directory of the database")->capture_default_str();

  auto* feedback_cmd = cli.add_subcommand("feedback", "Readers' votes and comments on the model answers");
  feedback_cmd->require_subcommand(1);
  std::string feedback_data = "var", feedback_db, feedback_format = "csv", feedback_public_url;
  auto* feedback_export_cmd = feedback_cmd->add_subcommand(
      "export", "Write every question's vote counts and every comment (CSV or JSON) to standard output");
  feedback_export_cmd->add_option("--data", feedback_data, "Directory of the database")->capture_default_str();
  feedback_export_cmd->add_option("--database", feedback_db,
                                  "PostgreSQL database URL (default: $STARPREP_DATABASE_URL, else SQLite in --data)");
  feedback_export_cmd->add_option("--format", feedback_format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  feedback_export_cmd->add_option("--public-url", feedback_public_url,
                                  "The site's public address (https://prep.example.com): the questions' links become "
                                  "absolute (default: $STARPREP_PUBLIC_URL; without either they stay relative)");

  auto* keys_cmd = cli.add_subcommand("keys", "Data keys that encrypt answers, stories and coach corrections at rest");
  keys_cmd->require_subcommand(1);
  std::string keys_data = "var";
  auto* keys_rotate_cmd = keys_cmd->add_subcommand(
      "rotate", "Add a new data key and re-encrypt every sealed record under it (servers keep running)");
  keys_rotate_cmd->add_option("--data", keys_data, "Directory of the database and data.keys")->capture_default_str();
  auto* keys_status_cmd = keys_cmd->add_subcommand("status", "Show the current key and the records under each key");
  keys_status_cmd->add_option("--data", keys_data, "Directory of the database and data.keys")->capture_default_str();

  auto* db_cmd = cli.add_subcommand("db", "The PostgreSQL database (several instances; SQLite needs none of this)");
  db_cmd->require_subcommand(1);
  std::string db_url;
  auto* db_migrate_cmd =
      db_cmd->add_subcommand("migrate", "Apply pending schema migrations (run as the database's owner role)");
  db_migrate_cmd->add_option("--database", db_url, "postgresql://... (default: $STARPREP_DATABASE_URL)");
  std::string copy_from, copy_to;
  auto* db_copy_cmd = db_cmd->add_subcommand(
      "copy", "Copy every table between a data directory (SQLite) and an empty, migrated PostgreSQL database");
  db_copy_cmd->add_option("--from", copy_from, "Data directory or postgresql:// URL to read")->required();
  db_copy_cmd->add_option("--to", copy_to, "postgresql:// URL or new data directory to write")->required();

  CLI11_PARSE(cli, argc, argv);

  if (*serve_cmd) return starprep::app::Serve(serve);
  if (*db_migrate_cmd) return starprep::app::DbMigrate(starprep::app::DatabaseUrl(db_url));
  if (*db_copy_cmd) return starprep::app::DbCopy(copy_from, copy_to);
  if (*user_add_cmd) return starprep::app::UserAdd(user_email, user_role, user_data);
  if (*user_role_cmd) return starprep::app::UserSetRole(user_email, user_role, user_data);
  if (*user_password_cmd) return starprep::app::UserSetPassword(user_email, user_data);
  if (*feedback_export_cmd)
    return starprep::app::FeedbackExport(feedback_data, feedback_db, feedback_format, feedback_public_url);
  if (*keys_rotate_cmd) return starprep::app::KeysRotate(keys_data);
  if (*keys_status_cmd) return starprep::app::KeysStatus(keys_data);
  if (*jobs_import_cmd) return starprep::app::JobsImport(job_files, jobs_data, jobs_source_url);
  if (*check_cmd) return starprep::app::ContentCheck(check_dir);
  if (*import_cmd) return starprep::app::ContentImport(import_dir, import_data);
  if (*eval_cmd) return starprep::app::CoachEval(eval);
  if (*corrections_export_cmd) return starprep::app::CoachCorrectionsExport(corrections_data, corrections_out);
  if (*coach_cmd) return starprep::app::Coach(coach);
  return 2;
}

}  // namespace

// Whatever a command throws (a failed file read, a bad allocation) ends the process with a message
// and exit code 1, never with std::terminate's abort.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "starprep: unexpected error: %s\n", e.what());
  } catch (...) {
    std::fputs("starprep: unexpected error\n", stderr);
  }
  return 1;
}
