// SPDX-License-Identifier: Apache-2.0
// Failure behaviour when PostgreSQL goes away (issue 18, item 7, the database part): cached
// public pages are still served; uncached pages and writes answer 503 with Retry-After and a clear
// message (an HTML page for pages, the JSON error for the API); /readyz says the database is
// unreachable; nothing hangs beyond the connect timeout. When PostgreSQL is back, writes work again
// without a restart. The test runs its own cluster (tests/pg/cluster.sh), which it stops and starts.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "fixture.h"

namespace starprep::it {
namespace {

using Clock = std::chrono::steady_clock;

TEST(DbOutageTest, CachedPagesServedOthersAnswer503AndWritesRecoverWithoutRestart) {
  if (TestPostgresServer().empty())
    GTEST_SKIP() << "needs the test PostgreSQL: runs as pg.* (STARPREP_TEST_POSTGRES is unset here)";
  PrivateCluster cluster;
  std::string error;
  ASSERT_TRUE(cluster.Start(&error)) << error;
  const std::string url = CreateTestDatabase(&error, cluster.url());
  ASSERT_FALSE(url.empty()) << error;
  TempDir dir("outage");
  ServerProcess server(dir / "data");
  server.set_extra_args({"--database", url});
  ASSERT_TRUE(server.Start()) << server.error();
  const std::uint16_t port = server.port();

  Browser voter(port);
  ASSERT_EQ(voter.VoteApi("be-project-impact", R"({"helpful":true})").status, 200);
  // After the vote (which makes its role's page stale): served from the page cache from now on.
  const std::string warm = "/roles/backend-developer";
  ASSERT_EQ(Get(port, warm).status, 200);
  ASSERT_EQ(Get(port, warm).status, 200);

  ASSERT_TRUE(cluster.Pause(&error)) << error;
  const auto down = Clock::now();

  HttpResponse cached = Get(port, warm);
  EXPECT_EQ(cached.status, 200) << cached.body.substr(0, 300);

  HttpResponse ready = Get(port, "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("database unreachable"), std::string::npos) << ready.body;

  HttpResponse page = Get(port, "/roles/frontend-developer", {{"Accept", "text/html"}});
  EXPECT_EQ(page.status, 503);
  EXPECT_GT(std::atoi(page.Header("retry-after").c_str()), 0);
  EXPECT_NE(page.Header("content-type").find("text/html"), std::string::npos) << page.Header("content-type");
  EXPECT_NE(page.body.find("database is unreachable"), std::string::npos) << page.body.substr(0, 500);

  HttpResponse write = voter.VoteApi("be-project-impact", R"({"helpful":false})");
  EXPECT_TRUE(IsJsonError(write, 503, "unavailable"));
  EXPECT_GT(std::atoi(write.Header("retry-after").c_str()), 0);
  EXPECT_NE(write.body.find("database is unreachable"), std::string::npos) << write.body;

  HttpResponse api_read = Get(port, "/api/v1/questions/be-project-impact/feedback");
  EXPECT_TRUE(IsJsonError(api_read, 503, "unavailable"));
  // Every answer above came quickly: no request waited on the dead database past the connect timeout.
  EXPECT_LT(Clock::now() - down, std::chrono::seconds(20));
  EXPECT_TRUE(server.running());

  ASSERT_TRUE(cluster.Resume(&error)) << error;
  // Recovery without a restart: the pool replaces its dead connections (bounded poll).
  int status = 0;
  for (auto deadline = Clock::now() + std::chrono::seconds(30); Clock::now() < deadline;) {
    status = voter.VoteApi("be-project-impact", R"({"helpful":false})").status;
    if (status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Get(port, "/readyz").status, 200);
  EXPECT_EQ(Get(port, "/roles/frontend-developer").status, 200);
  EXPECT_EQ(server.Stop(), 0) << server.StderrLog();
}

}  // namespace
}  // namespace starprep::it
