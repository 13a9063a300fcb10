// SPDX-License-Identifier: Apache-2.0
// Tests for http/server's connection handling on a real loopback socket: the read timeout (idle
// keep-alive and a request that stops half-way), the header deadline, the write deadline against
// a peer that stops reading, large bodies to a slow reader from memory and by sendfile(2), the
// connection caps (per address: 127.0.0.2 and 127.0.0.3 are other clients; in total: eviction
// of the longest-waiting connection, or a wait when every connection is busy), Stop(), Drain()
// (serving on through the drain period, then stopping; Stop() cutting it short), a dispatch that
// throws, and blocking handlers on the worker pool (queue cap, I/O threads kept free, work
// dropped for clients that left).
// Routing, pages and the protocol edge cases are covered by the integration suites.

#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using starprep::http::Metrics;
using starprep::http::Request;
using starprep::http::Response;
using starprep::http::Server;
using starprep::http::ServerOptions;
using Clock = std::chrono::steady_clock;

constexpr auto kReadTimeout = 300ms;

// A body of `n` bytes whose every byte depends on its offset, so reordering or loss shows.
std::string Pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  return s;
}

// Serves, on a background thread, a few fixed routes:
//   /small  "ok"; /memory  the pattern in two pieces from memory; /file  the pattern from a memfd.
class ServerTest : public ::testing::Test {
 protected:
  static constexpr std::size_t kBodyBytes = 3 * 1024 * 1024;

  void SetUp() override {
    body_ = Pattern(kBodyBytes);
    fd_ = ::memfd_create("server-test", MFD_CLOEXEC);
    ASSERT_GE(fd_, 0);
    ASSERT_EQ(::write(fd_, body_.data(), body_.size()), static_cast<ssize_t>(body_.size()));
    Start(kBodyBytes);
  }

  void TearDown() override {
    StopServer();
    if (fd_ >= 0) ::close(fd_);
  }

  void Start(std::size_t stream_bytes, const std::function<void(ServerOptions&)>& tweak = {}) {
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.read_timeout = kReadTimeout;
    o.shutdown_deadline = 5s;
    o.access_log = false;
    o.blocking_threads = 1;
    o.blocking_queue = 2;
    if (tweak) tweak(o);
    auto piece = [](std::string s) { return std::make_shared<const std::string>(std::move(s)); };
    auto first = piece(body_.substr(0, body_.size() / 3)), rest = piece(body_.substr(body_.size() / 3));
    auto whole = piece(body_);
    auto stream = piece(std::string(stream_bytes, 'x'));
    server_ = std::make_unique<Server>(
        o,
        [=, this](Request& req, std::string& route) {
          route = req.path;
          Response r;
          r.SetHeader("Content-Type", "application/octet-stream");
          if (req.path == "/memory") {
            r.body = {first, rest};
          } else if (req.path == "/file") {
            r.body = {whole};
            r.body_files = {{fd_, 0}};
          } else if (req.path == "/stream") {
            r.body = {stream};
          } else if (req.path == "/throw") {
            throw std::runtime_error("handler bug");
          } else if (req.path == "/offload") {
            // A blocking handler: runs on the pool and waits until the test releases it.
            r.offload = std::make_shared<Response::Offload>();
            r.offload->run = [this] {
              ++offload_runs_;
              release_.wait();
              Response done;
              done.SetBody("done", "text/plain");
              return done;
            };
            r.offload->busy = [] {
              Response busy;
              busy.status = 503;
              busy.SetBody("busy", "text/plain");
              return busy;
            };
          } else {
            r.SetBody("ok", "text/plain");
          }
          return r;
        },
        metrics_);
    auto port = server_->Listen();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  // A connection from `source` (any 127.0.0.0/8 address is this host), or -1.
  int Connect(const char* source = nullptr) const {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (source) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      ::inet_pton(AF_INET, source, &local.sin_addr);
      if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
        ::close(fd);
        return -1;
      }
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  static bool SendAll(int fd, std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads until the peer closes (or `limit` passes); returns what arrived.
  static std::string ReadToEnd(int fd, std::chrono::milliseconds limit, bool* closed = nullptr) {
    std::string out;
    char buf[65536];
    auto until = Clock::now() + limit;
    if (closed) *closed = false;
    while (Clock::now() < until) {
      pollfd p{fd, POLLIN, 0};
      int ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
      if (::poll(&p, 1, std::max(ms, 1)) <= 0) continue;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

  // Reads one response with a Content-Length body; returns the body ("" on failure).
  static std::string ReadBody(int fd) {
    std::string got;
    char buf[65536];
    std::size_t head_end = std::string::npos, length = 0;
    for (;;) {
      if (head_end == std::string::npos && (head_end = got.find("\r\n\r\n")) != std::string::npos) {
        auto cl = got.find("Content-Length: ");
        if (cl == std::string::npos || cl > head_end) return "";
        length = std::stoul(got.substr(cl + 16));
        head_end += 4;
      }
      if (head_end != std::string::npos && got.size() >= head_end + length) return got.substr(head_end, length);
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return "";
      got.append(buf, static_cast<std::size_t>(n));
    }
  }

  // A GET /small on `fd` answered "ok".
  static bool Served(int fd) { return SendAll(fd, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n") && ReadBody(fd) == "ok"; }

  // Polls the metrics until `line` (a whole sample line) appears, within 5 s.
  bool WaitMetric(const std::string& line) {
    for (auto until = Clock::now() + 5s; Clock::now() < until; std::this_thread::sleep_for(5ms))
      if (metrics_.Render().find("\n" + line + "\n") != std::string::npos) return true;
    return false;
  }

  std::string body_;
  int fd_ = -1;
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
  std::atomic<int> offload_runs_{0};
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterTheReadTimeout) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(ReadBody(fd), "ok");
  auto idle_since = Clock::now();
  bool closed = false;
  std::string extra = ReadToEnd(fd, 10s, &closed);
  EXPECT_TRUE(closed) << "the idle connection stayed open";
  EXPECT_EQ(extra, "");
  EXPECT_GE(Clock::now() - idle_since, kReadTimeout - 50ms) << "closed before the timeout";
  ::close(fd);
}

TEST_F(ServerTest, RequestThatStopsHalfWayIsClosedAfterTheReadTimeout) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /small HTTP/1.1\r\nHost: t\r\n"));  // no blank line: never complete
  bool closed = false;
  std::string got = ReadToEnd(fd, 10s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(got, "") << "no response for a request that never arrived";
  ::close(fd);
}

TEST_F(ServerTest, ConnectionStaysUsableWhileRequestsKeepComing) {
  // Each request re-arms the deadline: nine requests a third of a timeout apart keep one
  // connection open for three timeouts. Counted by requests, not by how many fit in a window.
  int fd = Connect();
  ASSERT_GE(fd, 0);
  const auto start = Clock::now();
  for (int served = 0; served < 9; ++served) {
    ASSERT_TRUE(SendAll(fd, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n")) << "after " << served << " requests";
    ASSERT_EQ(ReadBody(fd), "ok") << "after " << served << " requests";
    std::this_thread::sleep_for(kReadTimeout / 3);
  }
  EXPECT_GE(Clock::now() - start, 2 * kReadTimeout) << "the connection outlived the read timeout";
  ::close(fd);
}

TEST_F(ServerTest, LargeBodiesReachASlowReaderIntact) {
  for (const char* path : {"/memory", "/file"}) {
    SCOPED_TRACE(path);
    int fd = Connect();
    ASSERT_GE(fd, 0);
    // A small receive buffer and a late start make the server wait for writability many times.
    int small = 16 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    ASSERT_TRUE(SendAll(fd, std::string("GET ") + path + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    std::this_thread::sleep_for(kReadTimeout / 2);
    std::string body = ReadBody(fd);
    ASSERT_EQ(body.size(), body_.size());
    EXPECT_TRUE(body == body_) << "the bytes differ";
    ::close(fd);
  }
}

TEST_F(ServerTest, PeerThatStopsReadingIsDroppedAfterTheDeadline) {
  StopServer();
  Start(64 * 1024 * 1024);  // more than the socket buffers on both sides can hold
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /stream HTTP/1.1\r\nHost: t\r\n\r\n"));
  // Read nothing: the server gives up on its own (and counts the request) once the deadline
  // passes, not only when the peer reads again.
  bool given_up = false;
  for (auto until = Clock::now() + 10s; !given_up && Clock::now() < until; std::this_thread::sleep_for(20ms))
    given_up = metrics_.Render().find("route=\"/stream\"") != std::string::npos;
  EXPECT_TRUE(given_up) << "the server still waits on a peer that stopped reading";
  bool closed = false;
  std::string got = ReadToEnd(fd, 10s, &closed);
  EXPECT_TRUE(closed) << "the server kept the stalled connection";
  EXPECT_LT(got.size(), 64u * 1024 * 1024) << "the whole body arrived: the peer was not stalled";
  ::close(fd);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndRunReturns) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(ReadBody(fd), "ok");
  server_->Stop();
  bool closed = false;
  ReadToEnd(fd, 10s, &closed);
  EXPECT_TRUE(closed);
  thread_.join();  // Run() returned
  EXPECT_LT(Connect(), 0) << "still accepting after Stop()";
  ::close(fd);
}

TEST_F(ServerTest, DrainKeepsServingForThePeriodThenStops) {
  constexpr auto kDrain = 400ms;
  std::atomic<int> drains{0};
  StopServer();
  Start(kBodyBytes, [&](ServerOptions& o) {
    o.read_timeout = 10s;  // the idle connection must outlive the drain
    o.drain_period = kDrain;
    o.on_drain = [&] { ++drains; };
  });
  int idle = Connect();
  ASSERT_GE(idle, 0);
  ASSERT_TRUE(Served(idle));
  const auto began = Clock::now();
  server_->Drain();
  server_->Drain();  // idempotent
  for (auto until = Clock::now() + 5s; drains.load() == 0 && Clock::now() < until;) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(drains.load(), 1);
  // During the drain: the open connection and new ones are served.
  EXPECT_TRUE(Served(idle));
  int fresh = Connect();
  ASSERT_GE(fresh, 0);
  EXPECT_TRUE(Served(fresh));
  ::close(fresh);
  EXPECT_LT(Clock::now() - began, kDrain) << "the checks above took longer than the drain: the test proves nothing";
  // Then the shutdown: the idle connection is closed and Run() returns.
  bool closed = false;
  ReadToEnd(idle, 10s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_GE(Clock::now() - began, kDrain) << "closed before the drain period was over";
  thread_.join();
  EXPECT_LT(Connect(), 0) << "still accepting after the drain";
  EXPECT_EQ(drains.load(), 1);
  ::close(idle);
}

TEST_F(ServerTest, StopDuringADrainStopsAtOnce) {
  std::atomic<int> drains{0};
  StopServer();
  Start(kBodyBytes, [&](ServerOptions& o) {
    o.drain_period = 60s;
    o.on_drain = [&] { ++drains; };
  });
  server_->Drain();
  for (auto until = Clock::now() + 5s; drains.load() == 0 && Clock::now() < until;) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(drains.load(), 1);
  const auto began = Clock::now();
  server_->Stop();
  thread_.join();
  EXPECT_LT(Clock::now() - began, 5s) << "Stop() waited for the drain period";
}

TEST_F(ServerTest, ThrowingDispatchAnswers500AndTheServerKeepsServing) {
  StopServer();
  Start(kBodyBytes, [](ServerOptions& o) { o.shutdown_deadline = 60s; });  // a leak would hold Stop() a minute
  for (int i = 0; i < 50; ++i) {
    int fd = Connect();
    ASSERT_GE(fd, 0) << "request " << i;
    ASSERT_TRUE(SendAll(fd, "GET /throw HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
    std::string got = ReadToEnd(fd, 10s);
    ASSERT_TRUE(got.starts_with("HTTP/1.1 500 ")) << "request " << i << " got: " << got;
    EXPECT_EQ(got.find("handler bug"), std::string::npos) << "internals reached the client";
    ::close(fd);
  }
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(ReadBody(fd), "ok");
  ::close(fd);
  // Every connection was cleaned up, so shutdown does not wait for the 60 s deadline.
  auto stopped = std::async(std::launch::async, [this] { StopServer(); });
  EXPECT_EQ(stopped.wait_for(20s), std::future_status::ready) << "Stop() waited for connections that were never closed";
}

TEST_F(ServerTest, BlockingHandlersRunOffTheIoThreadsWithABoundedQueue) {
  int a = Connect();
  ASSERT_GE(a, 0);
  ASSERT_TRUE(SendAll(a, "POST /offload HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"));
  for (auto until = Clock::now() + 10s; offload_runs_ == 0 && Clock::now() < until;) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(offload_runs_, 1);
  // The worker is busy with a; the queue (2) has room for one more: of b and c, one waits and the
  // other is refused at once (which one depends on which I/O thread gets there first).
  int b = Connect(), c = Connect();
  ASSERT_GE(b, 0);
  ASSERT_GE(c, 0);
  for (int fd : {b, c}) ASSERT_TRUE(SendAll(fd, "POST /offload HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"));
  pollfd both[2] = {{b, POLLIN, 0}, {c, POLLIN, 0}};
  ASSERT_EQ(::poll(both, 2, 10000), 1) << "exactly one of the two should be answered before the worker is free";
  const int refused = (both[0].revents & POLLIN) ? b : c, queued = refused == b ? c : b;
  EXPECT_EQ(ReadBody(refused), "busy");
  for (int i = 0; i < 4; ++i) {  // both I/O threads are free while the worker is busy
    int d = Connect();
    ASSERT_GE(d, 0);
    ASSERT_TRUE(SendAll(d, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
    EXPECT_EQ(ReadBody(d), "ok");
    ::close(d);
  }
  release_promise_.set_value();
  EXPECT_EQ(ReadBody(a), "done");
  EXPECT_EQ(ReadBody(queued), "done");
  EXPECT_EQ(offload_runs_, 2);
  for (int fd : {a, b, c}) ::close(fd);
}

TEST_F(ServerTest, BlockingWorkIsDroppedWhenTheClientHasGone) {
  int a = Connect();
  ASSERT_GE(a, 0);
  ASSERT_TRUE(SendAll(a, "POST /offload HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"));
  for (auto until = Clock::now() + 10s; offload_runs_ == 0 && Clock::now() < until;) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(offload_runs_, 1);
  int b = Connect();
  ASSERT_GE(b, 0);
  ASSERT_TRUE(SendAll(b, "POST /offload HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"));
  std::this_thread::sleep_for(100ms);  // let the server queue it before the client gives up
  ::close(b);
  release_promise_.set_value();
  EXPECT_EQ(ReadBody(a), "done");
  ::close(a);
  // The next request is served (the worker is free again) and b's job never ran.
  int c = Connect();
  ASSERT_GE(c, 0);
  ASSERT_TRUE(SendAll(c, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(ReadBody(c), "ok");
  ::close(c);
  StopServer();  // joins the worker: b's job, if it were run, has run by now
  EXPECT_EQ(offload_runs_, 1) << "the job of a client that left was run anyway";
}

TEST_F(ServerTest, HeaderMustArriveWithinTheHeaderDeadlineEvenWhenTrickled) {
  StopServer();
  Start(1024, [](ServerOptions& o) {
    o.header_timeout = 300ms;
    o.read_timeout = 5s;
  });
  int fd = Connect();
  ASSERT_GE(fd, 0);
  // One header byte every 50 ms: never idle long, but the header never completes.
  const std::string head = "GET /small HTTP/1.1\r\nHost: t\r\nX-Slow: " + std::string(200, 'a');
  auto start = Clock::now();
  bool closed = false;
  for (std::size_t i = 0; i < head.size() && !closed && Clock::now() - start < 4s; ++i) {
    closed = !SendAll(fd, head.substr(i, 1));
    if (!closed) ReadToEnd(fd, 50ms, &closed);
  }
  if (!closed) ReadToEnd(fd, 4s, &closed);
  auto took = Clock::now() - start;
  EXPECT_TRUE(closed) << "a header trickled byte by byte kept the connection";
  EXPECT_LT(took, 4s) << "closed by the whole-request timeout, not the header deadline";
  ::close(fd);
}

TEST_F(ServerTest, BodyGetsTheRestOfTheReadTimeoutAfterAPromptHeader) {
  StopServer();
  Start(1024, [](ServerOptions& o) {
    o.header_timeout = 200ms;
    o.read_timeout = 5s;
  });
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\n"));
  auto start = Clock::now();
  for (char c : std::string("abcdef")) {  // 6 x 100 ms: well past the header deadline
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(SendAll(fd, std::string(1, c)));
  }
  EXPECT_EQ(ReadBody(fd), "ok") << "the body was cut off by the header deadline";
  EXPECT_GE(Clock::now() - start, 500ms);
  ::close(fd);
}

TEST_F(ServerTest, ConnectionsOverThePerAddressCapAreRefusedAtOnce) {
  StopServer();
  Start(1024, [](ServerOptions& o) {
    o.max_connections_per_address = 3;
    o.read_timeout = 10s;
  });
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(Connect("127.0.0.2"));
    ASSERT_GE(held.back(), 0);
    ASSERT_TRUE(Served(held.back())) << i;  // admitted, and now idle on keep-alive
  }
  // The fourth from that address: a 503 and a close, long before any timeout.
  int extra = Connect("127.0.0.2");
  ASSERT_GE(extra, 0);
  auto start = Clock::now();
  bool closed = false;
  std::string got = ReadToEnd(extra, 5s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_TRUE(got.starts_with("HTTP/1.1 503 ")) << got;
  EXPECT_NE(got.find("Retry-After: 5"), std::string::npos) << got;
  EXPECT_NE(got.find("too_many_connections"), std::string::npos) << got;
  ::close(extra);
  EXPECT_TRUE(WaitMetric("starprep_http_connections_refused_total 1"));
  // Other addresses are not affected, and the held connections still work.
  int other = Connect("127.0.0.3");
  ASSERT_GE(other, 0);
  EXPECT_TRUE(Served(other));
  ::close(other);
  for (int fd : held) EXPECT_TRUE(Served(fd));
  // Once one closes, the address may open another.
  ::close(held.back());
  held.pop_back();
  EXPECT_TRUE(WaitMetric("starprep_http_open_connections 2"));
  int again = Connect("127.0.0.2");
  ASSERT_GE(again, 0);
  EXPECT_TRUE(Served(again));
  ::close(again);
  for (int fd : held) ::close(fd);
}

TEST_F(ServerTest, AtTheTotalCapTheLongestWaitingConnectionMakesRoom) {
  StopServer();
  Start(1024, [](ServerOptions& o) {
    o.max_connections = 3;
    o.max_connections_per_address = 0;
    o.read_timeout = 10s;
  });
  // Three connections, each served once in turn: the first has waited longest since.
  std::vector<int> fds;
  for (int i = 0; i < 3; ++i) {
    fds.push_back(Connect());
    ASSERT_GE(fds.back(), 0);
    ASSERT_TRUE(Served(fds.back())) << i;
  }
  int fourth = Connect();
  ASSERT_GE(fourth, 0);
  auto start = Clock::now();
  EXPECT_TRUE(Served(fourth));
  EXPECT_LT(Clock::now() - start, 3s) << "a new client waited for a timeout while idle ones held every slot";
  bool closed = false;
  EXPECT_EQ(ReadToEnd(fds[0], 5s, &closed), "");
  EXPECT_TRUE(closed) << "the longest-waiting connection was not the one closed";
  EXPECT_TRUE(Served(fds[1]));
  EXPECT_TRUE(Served(fds[2]));
  EXPECT_TRUE(WaitMetric("starprep_http_connections_evicted_total 1"));
  for (int fd : fds) ::close(fd);
  ::close(fourth);
}

TEST_F(ServerTest, AtTheTotalCapWithEveryConnectionBusyAcceptingWaits) {
  StopServer();
  Start(64 * 1024 * 1024, [](ServerOptions& o) {  // responses larger than the socket buffers
    o.max_connections = 2;
    o.max_connections_per_address = 0;
    o.read_timeout = 1s;  // the write deadline that ends the busy connections
  });
  // Two connections stuck writing to peers that do not read: busy, so not evictable.
  std::vector<int> busy;
  for (int i = 0; i < 2; ++i) {
    busy.push_back(Connect());
    ASSERT_GE(busy.back(), 0);
    ASSERT_TRUE(SendAll(busy.back(), "GET /stream HTTP/1.1\r\nHost: t\r\n\r\n"));
    // Its response has begun (so the server has read the request): no longer waiting, not evictable.
    pollfd p{busy.back(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1) << "the server did not start answering busy connection " << i;
  }
  auto start = Clock::now();
  int waiting = Connect();  // the kernel completes the handshake; the server holds it
  ASSERT_GE(waiting, 0);
  ASSERT_TRUE(SendAll(waiting, "GET /small HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(ReadBody(waiting), "ok");
  EXPECT_GE(Clock::now() - start, 500ms) << "served before a busy connection had ended";
  EXPECT_NE(metrics_.Render().find("\nstarprep_http_connections_evicted_total 0\n"), std::string::npos)
      << "a busy connection was evicted";
  for (int fd : busy) ::close(fd);
  ::close(waiting);
}

}  // namespace
