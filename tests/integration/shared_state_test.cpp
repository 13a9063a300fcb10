// SPDX-License-Identifier: Apache-2.0
// State shared across instances (issue 18, item 4): two server processes on one PostgreSQL
// database count one account's sign-in failures together, so a brute-force attempt spread over
// both is locked out after the same five failures as on one. Needs a test PostgreSQL
// (STARPREP_TEST_POSTGRES; CTest's `postgres` fixture provides it).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kJson = "application/json";
constexpr const char* kEmail = "ann@example.org";
constexpr const char* kPassword = "a long and unusual passphrase";

std::string Credentials(const std::string& password) {
  return json::serialize(json::object{{"email", kEmail}, {"password", password}});
}

TEST(SharedStateTest, SignInFailuresSpreadOverTwoInstancesLockTheAccount) {
  if (TestPostgresServer().empty())
    GTEST_SKIP() << "needs the test PostgreSQL: runs as pg.* (STARPREP_TEST_POSTGRES is unset here)";
  std::string error;
  const std::string url = CreateTestDatabase(&error);
  ASSERT_FALSE(url.empty()) << error;
  TempDir dir("shared");
  ServerProcess a(dir / "a"), b(dir / "b");
  a.set_extra_args({"--database", url});
  b.set_extra_args({"--database", url});
  ASSERT_TRUE(a.Start()) << a.error();
  ASSERT_TRUE(b.Start()) << b.error();

  ASSERT_EQ(Browser(a.port()).Post("/api/v1/auth/signup", kJson, Credentials(kPassword)).status, 201);
  // Five wrong passwords, alternating between the instances: each instance saw fewer than five.
  for (int i = 0; i < 5; ++i) {
    ServerProcess& s = i % 2 ? b : a;
    HttpResponse r =
        Browser(s.port()).Post("/api/v1/auth/signin", kJson, Credentials("wrong password " + std::to_string(i)));
    ASSERT_TRUE(IsJsonError(r, 401, "unauthenticated")) << "attempt " << i;
  }
  // The sixth attempt, even with the right password, is refused on either instance.
  for (ServerProcess* s : {&b, &a}) {
    HttpResponse r = Browser(s->port()).Post("/api/v1/auth/signin", kJson, Credentials(kPassword));
    EXPECT_TRUE(IsJsonError(r, 429, "rate_limited")) << "on port " << s->port();
    const int retry_after = std::atoi(r.Header("retry-after").c_str());
    EXPECT_GT(retry_after, 0);
    EXPECT_LE(retry_after, 15 * 60);
  }
  EXPECT_EQ(a.Stop(), 0) << a.StderrLog();
  EXPECT_EQ(b.Stop(), 0) << b.StderrLog();
}

}  // namespace
}  // namespace starprep::it
