// SPDX-License-Identifier: Apache-2.0
#pragma once
// The store backends a contract test runs on: SQLite always, PostgreSQL when the environment
// variable STARPREP_TEST_POSTGRES holds the URL of a server where the tests may create databases
// (CTest sets it for every unit test when PostgreSQL 15 is installed: the `postgres` fixture,
// tests/pg/cluster.sh, starts a throwaway cluster; `make test` requires it).
//
//   class MyTest : public ::testing::TestWithParam<Backend> { ... TestStore db_{GetParam()}; };
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, ::testing::ValuesIn(Backends()), BackendName);
//
// Each TestStore is a fresh, migrated database: a file in its own temp directory for SQLite, a
// database of its own (created here, dropped with everything in it on destruction) for
// PostgreSQL, so tests run in parallel without seeing each other.

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/postgres/pg.h"
#include "store/store.h"
#include "temp_dir.h"

namespace starprep::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string PostgresServer() {
  const char* url = std::getenv("STARPREP_TEST_POSTGRES");
  return url ? url : "";
}

inline std::vector<Backend> Backends() {
  std::vector<Backend> out{Backend::kSqlite};
  if (!PostgresServer().empty()) out.push_back(Backend::kPostgres);
  return out;
}

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// `url` (a postgresql:// URL, possibly with ?query) with its database replaced by `database`.
inline std::string WithDatabase(const std::string& url, const std::string& database) {
  const std::size_t query = url.find('?');
  const std::string base = url.substr(0, query);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  const std::size_t slash = base.find('/', base.find("//") + 2);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + database + rest;
}

class TestStore {
 public:
  explicit TestStore(Backend backend) : backend_(backend) {
    if (backend_ == Backend::kPostgres) {
      static std::atomic<int> counter{0};
      database_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
      auto admin = store::postgres::Conn::Open(PostgresServer());
      if (!admin) throw std::runtime_error("test PostgreSQL: " + admin.error().message);
      const std::string create = "CREATE DATABASE " + database_;  // our own name: digits and letters
      if (auto s = (*admin)->Run(create.c_str()); !s) throw std::runtime_error(s.error().message);
    }
    Reopen();
  }
  ~TestStore() {
    store_.reset();
    if (backend_ == Backend::kPostgres) {
      if (auto admin = store::postgres::Conn::Open(PostgresServer())) {
        const std::string drop = "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)";
        (void)(*admin)->Run(drop.c_str());
      }
    }
  }
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  // Closes and opens the store again (the data stays): what a restart of the server sees.
  void Reopen() {
    store_.reset();
    auto opened = backend_ == Backend::kSqlite
                      ? store::OpenSqliteStore((dir_.path() / "db.sqlite").string())
                      : store::OpenPostgresStore(url(), store::PostgresOptions{.pool_size = 4, .migrate = true});
    if (!opened) throw std::runtime_error("opening the test store: " + opened.error().message);
    store_ = std::move(*opened);
  }

  // Another store on the same database: what a second process or instance sees.
  std::unique_ptr<store::Store> OpenAnother() const {
    auto opened = backend_ == Backend::kSqlite
                      ? store::OpenSqliteStore(sqlite_path())
                      : store::OpenPostgresStore(url(), store::PostgresOptions{.pool_size = 4});
    if (!opened) throw std::runtime_error("opening the test store again: " + opened.error().message);
    return std::move(*opened);
  }

  // Every row of `select` as "v1|v2|...|" (NULL as "NULL"), read on a connection of its own, so
  // tests can check what is stored independently of the code under test. Literal test SQL only.
  std::vector<std::string> Dump(const std::string& select) {
    std::vector<std::string> rows;
    if (backend_ == Backend::kSqlite) {
      sqlite3* db = nullptr;
      EXPECT_EQ(sqlite3_open_v2(sqlite_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
      sqlite3_stmt* stmt = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, select.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
          const unsigned char* text = sqlite3_column_text(stmt, i);
          row += (text ? reinterpret_cast<const char*>(text) : "NULL") + std::string("|");
        }
        rows.push_back(row);
      }
      sqlite3_finalize(stmt);
      sqlite3_close(db);
      return rows;
    }
    auto conn = store::postgres::Conn::Open(url());
    EXPECT_TRUE(conn.ok()) << conn.error().message;
    if (!conn) return rows;
    auto result = (*conn)->Query(select);
    EXPECT_TRUE(result.ok()) << result.error().message;
    if (!result) return rows;
    for (int r = 0; r < result->size(); ++r) {
      std::string row;
      for (int c = 0; c < result->columns(); ++c) row += (result->Null(r, c) ? "NULL" : result->Text(r, c)) + "|";
      rows.push_back(row);
    }
    return rows;
  }
  // Runs literal test SQL (statements without results) on a connection of its own.
  void Exec(const std::string& sql) {
    if (backend_ == Backend::kSqlite) {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(sqlite_path().c_str(), &db), SQLITE_OK);
      sqlite3_busy_timeout(db, 5000);
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      sqlite3_close(db);
      return;
    }
    auto conn = store::postgres::Conn::Open(url());
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    auto result = (*conn)->Query(sql);
    EXPECT_TRUE(result.ok()) << result.error().message;
  }

  store::Store& operator*() { return *store_; }
  store::Store* operator->() { return store_.get(); }
  Backend backend() const { return backend_; }
  // The PostgreSQL URL of this test's database ("" for SQLite).
  std::string url() const { return backend_ == Backend::kPostgres ? WithDatabase(PostgresServer(), database_) : ""; }
  // The SQLite file ("" for PostgreSQL).
  std::string sqlite_path() const { return backend_ == Backend::kSqlite ? (dir_.path() / "db.sqlite").string() : ""; }

 private:
  Backend backend_;
  TempDir dir_;
  std::string database_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace starprep::testing
