// SPDX-License-Identifier: Apache-2.0
// Slowloris on loopback: several hundred connections from three other addresses (127.0.0.2-4)
// trickle header bytes and reconnect when closed, while normal clients on 127.0.0.1 open a fresh
// connection per request for /healthz and a role page. The server runs with a file-descriptor
// limit of 256, so without its connection caps the attackers would take every descriptor and
// normal clients would wait for the attackers' header deadline (10 s).
//
// Asserted: every normal request is answered 200 within 2 s (a generous bound, not a speed
// test); each attacking address keeps at most 64 connections open; over-cap connections get a
// 503 and are closed. Reported (stdout): median and p99 latency of the normal clients without
// and with the attack, and the server's refused/evicted counters.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "fixture.h"

namespace starprep::it {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kServerFdLimit = 256;  // the server's RLIMIT_NOFILE: default cap 256 - 64 = 192
constexpr int kPerAddressCap = 64;   // the server's default
constexpr int kAttackersPerAddress = 100;
const std::vector<std::string> kAttackAddresses = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};

// A non-blocking TCP connection from `source` to 127.0.0.1:port; -1 on failure.
int ConnectFrom(const std::string& source, std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// True if the server has closed `fd` (EOF or reset), reading and dropping what it sent first.
bool ClosedByServer(int fd, std::string* sent = nullptr) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      if (sent) sent->append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return true;
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  }
}

// The attackers: each connection sends a request line and then one header line a second,
// never the blank line that ends the header; a connection the server closes is opened again.
class Slowloris {
 public:
  Slowloris(std::uint16_t port, std::chrono::seconds max_duration) : port_(port), until_(Clock::now() + max_duration) {}
  ~Slowloris() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Opened at least once each, and the first round of header bytes sent.
  bool WaitEstablished(std::chrono::milliseconds timeout) {
    for (auto until = Clock::now() + timeout; Clock::now() < until; std::this_thread::sleep_for(20ms))
      if (established_) return true;
    return false;
  }
  // Connections currently open per address, as seen by the client.
  std::map<std::string, int> OpenPerAddress() {
    std::lock_guard lock(mu_);
    std::map<std::string, int> out;
    for (const auto& s : slots_)
      if (s.fd >= 0 && !ClosedByServer(s.fd)) ++out[s.address];
    return out;
  }
  int refusals_seen() const { return refusals_seen_; }
  int connects() const { return connects_; }

 private:
  struct Slot {
    std::string address;
    int fd = -1;
  };

  void Open(Slot& s) {
    if (connects_ >= 3000) return;  // bounded: never more than this many connects in all
    s.fd = ConnectFrom(s.address, port_);
    if (s.fd < 0) return;
    ++connects_;
    std::string line = "GET /roles/backend-developer HTTP/1.1\r\nHost: x\r\n";
    (void)::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }

  void Run() {
    {
      std::lock_guard lock(mu_);
      for (int i = 0; i < kAttackersPerAddress; ++i)
        for (const auto& a : kAttackAddresses) slots_.push_back(Slot{a, -1});
      for (auto& s : slots_) Open(s);
    }
    established_ = true;
    auto next_tick = Clock::now();
    int tick = 0;
    while (!stop_ && Clock::now() < until_) {
      if (Clock::now() >= next_tick) {
        std::lock_guard lock(mu_);
        const std::string header = "X-Slow-" + std::to_string(tick++) + ": a\r\n";
        for (auto& s : slots_) {
          std::string sent;
          if (s.fd >= 0 && ClosedByServer(s.fd, &sent)) {
            if (sent.starts_with("HTTP/1.1 503 ")) ++refusals_seen_;
            ::close(s.fd);
            s.fd = -1;
          }
          if (s.fd < 0) {
            Open(s);
            continue;
          }
          (void)::send(s.fd, header.data(), header.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        next_tick += 1s;
      }
      std::this_thread::sleep_for(50ms);
    }
    std::lock_guard lock(mu_);
    for (auto& s : slots_)
      if (s.fd >= 0) ::close(s.fd);
    slots_.clear();
  }

  const std::uint16_t port_;
  const Clock::time_point until_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Slot> slots_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> established_{false};
  std::atomic<int> refusals_seen_{0};
  std::atomic<int> connects_{0};
};

struct Latencies {
  std::vector<double> ms;
  int failed = 0;
  std::string first_failure;
  double Percentile(double p) const {
    if (ms.empty()) return -1;
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
  }
  double Max() const { return ms.empty() ? -1 : *std::max_element(ms.begin(), ms.end()); }
};

// `clients` threads, each making requests on fresh connections from 127.0.0.1 (alternating
// /healthz and a role page, 20 ms apart) until it has made `requests` and `duration` has passed;
// the time of each from connect to complete response.
Latencies NormalClients(std::uint16_t port, int clients, int requests, std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  Latencies out;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < requests || (Clock::now() < until && i < 10 * requests); ++i) {
        const std::string target = (i + t) % 2 ? "/roles/backend-developer" : "/healthz";
        auto start = Clock::now();
        HttpResponse r = Get(port, target);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        std::lock_guard lock(mu);
        out.ms.push_back(ms);
        if (r.status != 200 && out.failed++ == 0)
          out.first_failure = target + ": " + std::to_string(r.status) + " " + r.error;
        if (ms > 5000) break;  // starved: one such request is enough to fail, stop early
        std::this_thread::sleep_for(20ms);
      }
    });
  }
  for (auto& th : threads) th.join();
  return out;
}

// Starts the server with a lowered RLIMIT_NOFILE (inherited by the child, restored here after).
bool StartWithFdLimit(ServerProcess& server, int limit) {
  rlimit saved{};
  ::getrlimit(RLIMIT_NOFILE, &saved);
  rlimit lowered = saved;
  lowered.rlim_cur = static_cast<rlim_t>(limit);
  ::setrlimit(RLIMIT_NOFILE, &lowered);
  bool started = server.Start();
  ::setrlimit(RLIMIT_NOFILE, &saved);
  return started;
}

TEST(SlowlorisTest, NormalClientsAreServedPromptlyWhileHundredsOfConnectionsTrickleHeaders) {
  rlimit own{};
  ::getrlimit(RLIMIT_NOFILE, &own);
  if (own.rlim_cur < 1024) GTEST_SKIP() << "needs 1024 file descriptors in the test process, has " << own.rlim_cur;
  TempDir dir("slowloris");
  ServerProcess server(dir / "data");
  server.set_extra_args({"--no-access-log"});
  ASSERT_TRUE(StartWithFdLimit(server, kServerFdLimit)) << server.error();

  constexpr int kClients = 4, kRequests = 25;
  Latencies baseline = NormalClients(server.port(), kClients, kRequests, 4s);
  ASSERT_EQ(baseline.failed, 0) << baseline.first_failure;

  Slowloris attack(server.port(), 60s);
  attack.Start();
  ASSERT_TRUE(attack.WaitEstablished(20s));
  // Let the server see every attacker before measuring.
  bool saturated = false;
  for (auto until = Clock::now() + 10s; !saturated && Clock::now() < until; std::this_thread::sleep_for(50ms)) {
    std::string m = ScrapeMetrics(server.metrics_port());
    saturated = MetricValue(m, "starprep_http_open_connections") >= 150;
  }
  EXPECT_TRUE(saturated) << "the attack never held 150 connections: " << ScrapeMetrics(server.metrics_port());

  // Long enough for several rounds of trickled bytes and reconnects.
  Latencies attacked = NormalClients(server.port(), kClients, kRequests, 4s);
  auto open = attack.OpenPerAddress();
  std::string metrics = ScrapeMetrics(server.metrics_port());
  attack.Stop();

  std::printf(
      "slowloris: %d attacking connections from %zu addresses (%d connects), server RLIMIT_NOFILE %d\n"
      "  normal clients without attack: median %.1f ms, p99 %.1f ms, max %.1f ms (%zu requests)\n"
      "  normal clients under attack:   median %.1f ms, p99 %.1f ms, max %.1f ms (%zu requests)\n"
      "  server: refused %.0f, evicted %.0f; client saw %d refusals (503)\n",
      kAttackersPerAddress * static_cast<int>(kAttackAddresses.size()), kAttackAddresses.size(), attack.connects(),
      kServerFdLimit, baseline.Percentile(0.5), baseline.Percentile(0.99), baseline.Max(), baseline.ms.size(),
      attacked.Percentile(0.5), attacked.Percentile(0.99), attacked.Max(), attacked.ms.size(),
      MetricValue(metrics, "starprep_http_connections_refused_total"),
      MetricValue(metrics, "starprep_http_connections_evicted_total"), attack.refusals_seen());
  RecordProperty("baseline_p99_ms", std::to_string(baseline.Percentile(0.99)));
  RecordProperty("attack_p99_ms", std::to_string(attacked.Percentile(0.99)));

  EXPECT_EQ(attacked.failed, 0) << attacked.first_failure;
  EXPECT_GE(attacked.ms.size(), static_cast<std::size_t>(kClients * kRequests));
  EXPECT_LT(attacked.Max(), 2000.0) << "a normal request waited more than 2 s under the attack";
  for (const auto& a : kAttackAddresses)
    EXPECT_LE(open[a], kPerAddressCap) << a << " kept more connections than the per-address cap";
  EXPECT_GT(attack.refusals_seen(), 0) << "no attacker connection was refused with a 503";
  EXPECT_GE(MetricValue(metrics, "starprep_http_connections_refused_total"),
            kAttackersPerAddress * static_cast<double>(kAttackAddresses.size()) - 3 * kPerAddressCap);

  // Afterwards the server is healthy and exits cleanly.
  EXPECT_EQ(Get(server.port(), "/healthz").status, 200);
  EXPECT_EQ(server.Stop(), 0) << server.StderrLog();
}

}  // namespace
}  // namespace starprep::it
