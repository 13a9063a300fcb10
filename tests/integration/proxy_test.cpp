// SPDX-License-Identifier: Apache-2.0
// Behind a load balancer (issue 18): with --trusted-proxy, the per-address limits count the
// clients HAProxy names in X-Forwarded-For, not HAProxy; without it, the header is ignored, so a
// client cannot pick its own address.

#include <gtest/gtest.h>

#include <string>

#include "fixture.h"

namespace starprep::it {
namespace {

const std::string kAnswer = R"({"answer":"We shipped late. I owned the release. I split the work. We shipped."})";

// Posts answers to the coach as `client` (via X-Forwarded-For) until one is refused with 429;
// the number of answers accepted first (capped at `max`).
int AcceptedBefore429(std::uint16_t port, const std::string& client, int max) {
  for (int i = 0; i < max; ++i) {
    HttpResponse r = Fetch(port, "POST", "/api/v1/coach",
                           {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}}, kAnswer);
    if (r.status == 429) return i;
    if (r.status != 200) return -r.status;
  }
  return max;
}

TEST(ProxyTest, ATrustedProxysClientsHaveTheirOwnLimits) {
  TempDir dir("proxy");
  ServerProcess server(dir / "data");
  server.set_extra_args({"--trusted-proxy", "127.0.0.1"});
  ASSERT_TRUE(server.Start()) << server.error();
  // The coach allows a burst of 30 per address (refilled at 10 a second).
  const int first = AcceptedBefore429(server.port(), "198.51.100.1", 100);
  EXPECT_GE(first, 25) << "the burst";
  EXPECT_LT(first, 100) << "client 1 was never limited";
  // Another client behind the same proxy still has its whole burst.
  EXPECT_GE(AcceptedBefore429(server.port(), "198.51.100.2", 20), 20) << "client 2 shares client 1's bucket";
  // A hop the client forged to the left of the one HAProxy appended is not believed.
  HttpResponse forged =
      Fetch(server.port(), "POST", "/api/v1/coach",
            {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.50, 198.51.100.1"}}, kAnswer);
  EXPECT_EQ(forged.status, 429) << "a forged left-hand hop escaped client 1's limit";
  EXPECT_EQ(server.Stop(), 0) << server.StderrLog();
}

TEST(ProxyTest, WithoutTrustedProxiesTheHeaderIsIgnored) {
  TempDir dir("noproxy");
  ServerProcess server(dir / "data");
  ASSERT_TRUE(server.Start()) << server.error();
  const int first = AcceptedBefore429(server.port(), "198.51.100.1", 100);
  EXPECT_LT(first, 100);
  EXPECT_EQ(AcceptedBefore429(server.port(), "198.51.100.2", 5), 0) << "X-Forwarded-For chose a new bucket";
  EXPECT_EQ(server.Stop(), 0) << server.StderrLog();
}

TEST(ProxyTest, AMalformedTrustedProxyIsRefusedAtStart) {
  TempDir dir("badproxy");
  CommandResult r = RunStarprep({"serve", "--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data",
                                 (dir / "data").string(), "--trusted-proxy", "haproxy.local"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--trusted-proxy must be an IP address"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace starprep::it
