// SPDX-License-Identifier: Apache-2.0
// HTTP/1.1 behaviour on raw sockets: keep-alive, pipelining, Connection: close, HTTP/1.0,
// header and body limits (431/413), malformed requests (400), and the ops endpoints.

#include <gtest/gtest.h>

#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "fixture.h"

namespace starprep::it {
namespace {

class ProtocolTest : public SharedServerTest {};

TEST_F(ProtocolTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Connection c(port());
  ASSERT_TRUE(c.ok());
  struct Step {
    std::string method, target;
    int status;
  };
  const std::vector<Step> steps = {{"GET", "/healthz", 200},
                                   {"GET", "/", 200},
                                   {"GET", "/roles/backend-developer", 200},
                                   {"GET", "/api/v1/roles", 200},
                                   {"GET", "/nope", 404},
                                   {"POST", "/api/v1/questions/be-debugging-complex-issue/feedback", 403},
                                   {"DELETE", "/", 405},
                                   {"GET", "/static/site.css", 200},
                                   {"HEAD", "/questions/be-debugging-complex-issue", 200},
                                   {"GET", "/readyz", 200}};
  for (const auto& s : steps) {
    HttpResponse r = c.Request(s.method, s.target);
    ASSERT_EQ(r.status, s.status) << s.method << " " << s.target << ": " << r.error;
    EXPECT_EQ(r.Header("connection"), "keep-alive") << s.target;
  }
}

TEST_F(ProtocolTest, PipelinedRequestsAreAnsweredInOrder) {
  Connection c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send(BuildRequest("GET", "/healthz") + BuildRequest("GET", "/api/v1/roles/backend-developer")));
  HttpResponse first = c.Read();
  HttpResponse second = c.Read();
  ASSERT_EQ(first.status, 200) << first.error;
  EXPECT_EQ(first.body, R"({"status":"ok"})");
  ASSERT_EQ(second.status, 200) << second.error;
  EXPECT_EQ(second.Json().at("slug"), "backend-developer");

  // Ten at once, different targets, one write.
  std::string batch;
  std::vector<std::string> ids;
  auto list = Get(port(), "/api/v1/roles/backend-developer/questions?limit=10").Json().at("items").as_array();
  for (const auto& q : list) {
    ids.emplace_back(q.at("id").as_string());
    batch += BuildRequest("GET", "/api/v1/questions/" + ids.back());
  }
  ASSERT_EQ(ids.size(), 10u);
  ASSERT_TRUE(c.Send(batch));
  for (const auto& id : ids) {
    HttpResponse r = c.Read();
    ASSERT_EQ(r.status, 200) << id << ": " << r.error;
    EXPECT_EQ(r.Json().at("id"), boost::json::value(id));
  }
  // A pipelined POST with a body between GETs keeps the framing right.
  ASSERT_TRUE(c.Send(BuildRequest("GET", "/healthz") +
                     BuildRequest("POST", "/api/v1/questions/x/feedback", {{"Content-Type", "application/json"}},
                                  R"({"helpful":true})") +
                     BuildRequest("GET", "/readyz")));
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 403);
  HttpResponse last = c.Read();
  EXPECT_EQ(last.status, 200) << last.error;
  EXPECT_EQ(last.body, R"({"status":"ready"})");
}

TEST_F(ProtocolTest, ManyPipelinedRequestsBeyondTheReadBufferAreAllAnswered) {
  // 1500 requests (~95 KiB) written while the responses are read: more than the server buffers at once.
  Connection c(port());
  ASSERT_TRUE(c.ok());
  constexpr int kRequests = 1500;
  std::string all;
  for (int i = 0; i < kRequests; ++i)
    all += BuildRequest("GET", i % 3 == 2 ? "/readyz" : "/healthz", {{"X-Request-Number", std::to_string(i)}});
  ASSERT_GT(all.size(), 64u * 1024u);
  std::atomic<bool> sent{false};
  std::thread writer([&] { sent = c.Send(all); });
  int answered = 0;
  for (int i = 0; i < kRequests; ++i) {
    HttpResponse r = c.Read();
    if (r.status != 200) {
      ADD_FAILURE() << "response " << i << ": " << r.status << " " << r.error;
      break;
    }
    EXPECT_EQ(r.body, i % 3 == 2 ? R"({"status":"ready"})" : R"({"status":"ok"})") << i;
    ++answered;
  }
  if (answered < kRequests) ::shutdown(c.fd(), SHUT_RDWR);  // unblock the writer
  writer.join();
  EXPECT_TRUE(sent.load());
  EXPECT_EQ(answered, kRequests);
}

TEST_F(ProtocolTest, SmugglingFramingsGetOne400AndAClosedConnectionNeverASecondResponse) {
  // Each request hides a second one after what a lenient parser would take as its end; the
  // server must answer exactly one 400 that names the problem and close (RFC 9112 3.2, 5.2, 6).
  const std::string next = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string chunked_end = "0\r\n\r\n" + next;
  const std::string length = "Content-Length: " + std::to_string(chunked_end.size()) + "\r\n";
  struct Case {
    std::string raw;
    std::string says;  // part of the error message
  };
  const std::vector<Case> cases = {
      {"POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n" + next, "Transfer-Encoding"},
      {"POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n" + next, "Transfer-Encoding"},
      {"POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n" + next,
       "Transfer-Encoding"},
      {"POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n" +
           chunked_end,
       "Transfer-Encoding"},
      {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n" + length + "\r\n" + chunked_end,
       "Transfer-Encoding"},
      {"POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + length + "\r\n" + chunked_end,
       "both Content-Length and Transfer-Encoding"},
      {"POST /feedback HTTP/1.1\r\nHost: x\r\n" + length + "Transfer-Encoding: chunked\r\n\r\n" + chunked_end,
       "both Content-Length and Transfer-Encoding"},
      {"GET /healthz HTTP/1.1\r\nAccept: */*\r\n\r\n" + next, "Host"},
      {"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + next, "Host"},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n\r\n" + next, "folding"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.raw));
    Connection conn(port());
    ASSERT_TRUE(conn.Send(c.raw));
    HttpResponse r = conn.Read();
    ASSERT_TRUE(IsJsonError(r, 400, "bad_request")) << r.error;
    EXPECT_NE(r.Json().at("error").at("message").as_string().find(c.says), boost::json::string::npos) << r.body;
    EXPECT_EQ(r.Header("connection"), "close");
    EXPECT_TRUE(HasSecurityHeaders(r));
    std::string more;
    EXPECT_TRUE(conn.WaitClosed(5s, &more)) << "the connection stayed open after the 400";
    EXPECT_EQ(more, "") << "a second response came after the 400";
  }
  // The well-formed neighbours still work: chunked alone, and HTTP/1.0 without Host.
  Connection ok(port());
  ASSERT_TRUE(
      ok.Send("POST /api/v1/questions/x/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
              "Content-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n\r\n" +
              next));
  HttpResponse first = ok.Read();
  EXPECT_EQ(first.status, 403) << "routed (and refused for its missing CSRF token): " << first.error << first.body;
  HttpResponse second = ok.Read();
  EXPECT_EQ(second.status, 200) << "the request after a chunked body was lost: " << second.error;
  Connection old(port());
  ASSERT_TRUE(old.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old.Read().status, 200);
}

TEST_F(ProtocolTest, ConnectionCloseIsHonoured) {
  Connection c(port());
  ASSERT_TRUE(c.ok());
  HttpResponse r = c.Request("GET", "/healthz", {{"Connection", "close"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_TRUE(c.WaitClosed(5s)) << "server kept the connection open after Connection: close";
}

TEST_F(ProtocolTest, Http10ClosesByDefault) {
  Connection c(port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  HttpResponse r = c.Read();
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_TRUE(c.WaitClosed(5s));
}

TEST_F(ProtocolTest, OversizedHeadersAre431) {
  {
    Connection c(port());
    ASSERT_TRUE(c.ok());
    HttpResponse r = c.Request("GET", "/", {{"X-Big", std::string(9000, 'a')}});
    EXPECT_EQ(r.status, 431) << r.error;
    EXPECT_TRUE(c.WaitClosed(5s));
  }
  {
    // Many small headers adding up to more than 8 KiB.
    Headers many;
    for (int i = 0; i < 200; ++i) many.emplace_back("X-H" + std::to_string(i), std::string(50, 'v'));
    HttpResponse r = Fetch(port(), "GET", "/", many);
    EXPECT_EQ(r.status, 431) << r.error;
  }
  {
    // A huge cookie.
    HttpResponse r =
        Fetch(port(), "GET", "/roles/backend-developer", {{"Cookie", "sp_vid=" + std::string(10000, 'z')}});
    EXPECT_EQ(r.status, 431) << r.error;
  }
  {
    // A request line longer than the limit.
    std::string long_target(9001, 'p');
    long_target[0] = '/';
    HttpResponse r = Get(port(), long_target);
    EXPECT_TRUE(r.status == 431 || r.status == 414) << r.status << " " << r.error;
  }
  // Just under the limit is fine, also when the request line and the fields share it.
  EXPECT_EQ(Fetch(port(), "GET", "/healthz", {{"X-Big", std::string(7000, 'a')}}).status, 200);
  EXPECT_EQ(Fetch(port(), "GET", "/healthz?pad=" + std::string(3500, 'p'), {{"X-Big", std::string(3500, 'a')}}).status,
            200);
  EXPECT_EQ(Get(port(), "/healthz").status, 200) << "server unhealthy after oversized headers";
}

TEST_F(ProtocolTest, OversizedBodyIs413) {
  const std::string target = "/api/v1/questions/be-debugging-complex-issue/feedback";
  {
    // Declared length over 64 KiB: rejected from the headers alone.
    Connection c(port());
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c.Send("POST " + target +
                       " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 65537\r\n\r\n"));
    HttpResponse r = c.Read();
    EXPECT_EQ(r.status, 413) << r.error;
    EXPECT_TRUE(c.WaitClosed(5s));
  }
  {
    Connection c(port());
    ASSERT_TRUE(c.Send("POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"));
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    // Chunked, with a chunk larger than the limit.
    Connection c(port());
    ASSERT_TRUE(c.Send("POST " + target +
                       " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "20000\r\n"));
    HttpResponse r = c.Read();
    EXPECT_EQ(r.status, 413) << r.error;
  }
  {
    // Chunked, small chunks adding up to more than the limit.
    Connection c(port());
    std::string req = "POST " + target +
                      " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string chunk = "1000\r\n" + std::string(4096, 'a') + "\r\n";
    for (int i = 0; i < 17; ++i) req += chunk;  // 17 * 4096 = 69632 > 65536
    ASSERT_TRUE(c.Send(req));
    HttpResponse r = c.Read();
    EXPECT_EQ(r.status, 413) << r.error;
  }
  EXPECT_EQ(Get(port(), "/healthz").status, 200);
}

TEST_F(ProtocolTest, MalformedRequestsAre400) {
  const std::vector<std::string> bad = {
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
      "GET / HTTZ/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET nothing-like-a-path HTTP/1.1\r\nHost: x\r\n\r\n",
      std::string("GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n", 30),
  };
  for (const auto& raw : bad) {
    Connection c(port());
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c.Send(raw));
    HttpResponse r = c.Read();
    EXPECT_EQ(r.status, 400) << "request: " << testing::PrintToString(raw) << " " << r.error;
  }
  EXPECT_EQ(Get(port(), "/healthz").status, 200) << "server unhealthy after malformed requests";
}

TEST_F(ProtocolTest, ProtocolErrorResponsesCarrySecurityHeadersAndJsonErrors) {
  struct Case {
    std::string raw;
    int status;
  };
  const std::vector<Case> cases = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n", 431},
      {"POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n", 413},
  };
  for (const auto& c : cases) {
    Connection conn(port());
    ASSERT_TRUE(conn.Send(c.raw));
    HttpResponse r = conn.Read();
    ASSERT_EQ(r.status, c.status) << r.error;
    EXPECT_TRUE(HasSecurityHeaders(r)) << "status " << c.status;
    EXPECT_TRUE(IsJsonError(r, c.status)) << "status " << c.status;
  }
}

TEST_F(ProtocolTest, ClientClosingMidRequestDoesNotHurtTheServer) {
  for (int i = 0; i < 5; ++i) {
    Connection c(port());
    ASSERT_TRUE(c.Send("POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"));
    c.Close();
    Connection d(port());
    ASSERT_TRUE(d.Send("GET / HTTP/1.1\r\nHost: x\r\n"));
    d.Close();
  }
  EXPECT_EQ(Get(port(), "/healthz").status, 200);
  EXPECT_EQ(Get(port(), "/roles/backend-developer").status, 200);
}

TEST_F(ProtocolTest, ConcurrentClients) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      Connection c(port());
      for (int i = 0; i < 10; ++i) {
        HttpResponse r =
            c.Request("GET", i % 2 ? "/roles/backend-developer" : "/api/v1/roles", {{"Accept-Encoding", "gzip"}});
        if (r.status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

// --- Ops -----------------------------------------------------------------------------------------

TEST_F(ProtocolTest, HealthAndReadiness) {
  HttpResponse h = Get(port(), "/healthz");
  ASSERT_EQ(h.status, 200);
  EXPECT_TRUE(h.Header("content-type").starts_with("application/json"));
  EXPECT_EQ(h.Json().at("status"), "ok");
  HttpResponse r = Get(port(), "/readyz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().at("status"), "ready");
}

TEST_F(ProtocolTest, MetricsAreNotOnThePublicPort) {
  ASSERT_NE(server().metrics_port(), 0);
  ASSERT_NE(server().metrics_port(), port());
  HttpResponse pub = Fetch(port(), "GET", "/metrics", {{"Accept", "application/json"}});
  EXPECT_TRUE(IsJsonError(pub, 404, "not_found")) << pub.body;
  EXPECT_EQ(pub.body.find("starprep_http_requests_total"), std::string::npos);
  EXPECT_EQ(Get(port(), "/metrics").status, 404);
  EXPECT_EQ(Fetch(port(), "HEAD", "/metrics").status, 404);
  // The metrics listener serves /metrics and nothing else.
  HttpResponse m = Get(server().metrics_port(), "/metrics");
  ASSERT_EQ(m.status, 200) << m.error;
  EXPECT_NE(m.body.find("starprep_http_open_connections"), std::string::npos);
  EXPECT_EQ(Get(server().metrics_port(), "/healthz").status, 404);
  EXPECT_EQ(Get(server().metrics_port(), "/roles/backend-developer").status, 404);
  EXPECT_EQ(Get(server().metrics_port(), "/api/v1/roles").status, 404);
}

TEST_F(ProtocolTest, MetricsCountRequestsAndCacheHits) {
  auto metrics = [&] { return Get(server().metrics_port(), "/metrics"); };
  HttpResponse m0 = metrics();
  ASSERT_EQ(m0.status, 200);
  EXPECT_TRUE(m0.Header("content-type").starts_with("text/plain")) << m0.Header("content-type");
  EXPECT_NE(m0.body.find("# TYPE starprep_http_requests_total counter"), std::string::npos);
  EXPECT_NE(m0.body.find("# TYPE starprep_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(m0.body.find("# TYPE starprep_page_cache_hits_total counter"), std::string::npos);
  const std::string req = "starprep_http_requests_total{route=\"/roles/{slug}\",method=\"GET\",status=\"200\"}";
  const std::string hits = "starprep_page_cache_hits_total";
  const std::string misses = "starprep_page_cache_misses_total";
  const std::string count = "starprep_http_request_duration_seconds_count{route=\"/roles/{slug}\"}";
  const std::string inf = "starprep_http_request_duration_seconds_bucket{route=\"/roles/{slug}\",le=\"+Inf\"}";
  double req0 = std::max(0.0, MetricValue(m0.body, req));
  double count0 = std::max(0.0, MetricValue(m0.body, count));
  double hits0 = MetricValue(m0.body, hits);
  double misses0 = MetricValue(m0.body, misses);
  ASSERT_GE(hits0, 0);
  ASSERT_GE(misses0, 0);

  ASSERT_EQ(Get(port(), "/roles/data-engineer").status, 200);
  ASSERT_EQ(Get(port(), "/roles/data-engineer").status, 200);

  // A request is counted after its response is written: poll briefly for the second one.
  HttpResponse m1;
  for (int i = 0; i < 200; ++i) {
    m1 = metrics();
    if (MetricValue(m1.body, req) >= req0 + 2) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(MetricValue(m1.body, req), req0 + 2);
  EXPECT_EQ(MetricValue(m1.body, count), count0 + 2);
  EXPECT_EQ(MetricValue(m1.body, inf), MetricValue(m1.body, count));
  double hits1 = MetricValue(m1.body, hits), misses1 = MetricValue(m1.body, misses);
  EXPECT_EQ((hits1 + misses1) - (hits0 + misses0), 2) << "each page GET is one hit or one miss";
  // The second GET of a page is a hit, unless the cache was dropped in between (the server clears
  // it when it notices a content import): retry a few times before calling it a failure.
  bool hit = hits1 >= hits0 + 1;
  for (int attempt = 0; attempt < 5 && !hit; ++attempt) {
    double before = MetricValue(metrics().body, hits);
    Get(port(), "/roles/devops-engineer");
    Get(port(), "/roles/devops-engineer");
    hit = MetricValue(metrics().body, hits) >= before + 1;
  }
  EXPECT_TRUE(hit) << "the second GET of the same page is never a cache hit";
  // Histogram buckets are cumulative.
  double prev = -1;
  std::istringstream lines(m1.body);
  std::string line;
  int buckets = 0;
  while (std::getline(lines, line)) {
    if (!line.starts_with("starprep_http_request_duration_seconds_bucket{route=\"/roles/{slug}\"")) continue;
    double v = std::stod(line.substr(line.rfind(' ') + 1));
    EXPECT_GE(v, prev) << line;
    prev = v;
    ++buckets;
  }
  EXPECT_GE(buckets, 5);
  // Error statuses are counted too.
  ASSERT_EQ(Get(port(), "/api/v1/roles/nope").status, 404);
  // Poll for this series itself: other tests on the shared server may have counted other 404s.
  const std::string not_found = "route=\"/api/v1/roles/{slug}\",method=\"GET\",status=\"404\"";
  HttpResponse m2;
  for (int i = 0; i < 200; ++i) {
    m2 = metrics();
    if (m2.body.find(not_found) != std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(m2.body.find(not_found), std::string::npos);
}

}  // namespace
}  // namespace starprep::it
