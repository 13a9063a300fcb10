// SPDX-License-Identifier: Apache-2.0
// A sign-up flood: password hashing runs on the server's small worker pool, so requests beyond
// its queue are refused at once with 503 "busy" + Retry-After, and other routes are still served
// while every worker hashes. (Latency under a flood is measured by bench/signup_flood.py.)

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fixture.h"

namespace starprep::it {
namespace {

TEST(SignUpFloodTest, BeyondTheQueueIsBusyAndOtherRoutesAreServed) {
  TempDir dir("flood");
  ServerProcess server(dir / "data");
  ASSERT_TRUE(server.Start()) << server.error();
  constexpr int kClients = 20;  // the per-address limit allows a burst of 20; the queue holds 8
  std::vector<std::unique_ptr<Connection>> conns;
  for (int i = 0; i < kClients; ++i) {
    conns.push_back(std::make_unique<Connection>(server.port()));
    ASSERT_TRUE(conns.back()->ok());
  }
  for (int i = 0; i < kClients; ++i) {
    std::string body =
        R"({"email":"flood)" + std::to_string(i) + R"(@example.org","password":"Vq7!rLp2#xWm9zTk-flood"})";
    ASSERT_TRUE(
        conns[i]->Send(BuildRequest("POST", "/api/v1/auth/signup", {{"Content-Type", "application/json"}}, body)));
  }
  HttpResponse health = Get(server.port(), "/healthz");
  EXPECT_EQ(health.status, 200) << health.error;
  int created = 0, busy = 0;
  for (auto& c : conns) {
    HttpResponse r = c->Read();
    if (r.status == 201) {
      ++created;
    } else {
      ASSERT_TRUE(IsJsonError(r, 503, "busy"));
      EXPECT_FALSE(r.Header("retry-after").empty());
      ++busy;
    }
  }
  EXPECT_GE(created, 2);
  EXPECT_GE(busy, 1) << "all " << kClients << " sign-ups were queued: the queue is not bounded";
  EXPECT_EQ(server.Stop(), 0) << server.StderrLog();
}

}  // namespace
}  // namespace starprep::it
