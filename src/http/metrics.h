// SPDX-License-Identifier: Apache-2.0
#pragma once
// Prometheus metrics: requests by route, method and status; a latency histogram by route;
// page-cache hits and misses; open connections and those the connection caps closed. Thread-safe.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace starprep::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

  void ObserveRequest(std::string_view route, std::string_view method, int status, double seconds);
  void CacheHit() { cache_hits_.fetch_add(1, std::memory_order_relaxed); }
  void CacheMiss() { cache_misses_.fetch_add(1, std::memory_order_relaxed); }
  // The server's connection accounting (http/server.h): one more or one fewer open connection;
  // a connection refused because its address had too many open; one closed to make room.
  void ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void ConnectionRefused() { connections_refused_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionEvicted() { connections_evicted_.fetch_add(1, std::memory_order_relaxed); }

  // Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  // Orders (route, method, status) keys held as strings or as views alike, so a lookup by views
  // allocates nothing (std::less<> on mixed tuples does not compile with clang 14's libstdc++).
  struct KeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return std::tuple<std::string_view, std::string_view, int>(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
             std::tuple<std::string_view, std::string_view, int>(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    }
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, KeyLess> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;
  std::atomic<std::uint64_t> cache_hits_{0};
  std::atomic<std::uint64_t> cache_misses_{0};
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> connections_refused_{0};
  std::atomic<std::uint64_t> connections_evicted_{0};
};

}  // namespace starprep::http
