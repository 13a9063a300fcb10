// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.h"

#include <fmt/format.h>

namespace starprep::http {

void Metrics::ObserveRequest(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mu_);
  // Transparent lookup: no allocation once a (route, method, status) has been seen.
  auto key = std::tuple<std::string_view, std::string_view, int>(route, method, status);
  auto counter = requests_.find(key);
  if (counter == requests_.end())
    counter = requests_.emplace(std::tuple(std::string(route), std::string(method), status), 0).first;
  ++counter->second;
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
  Histogram& h = it->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  out += "# HELP starprep_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE starprep_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("starprep_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n", route, method,
                       status, n);
  }
  out += "# HELP starprep_http_request_duration_seconds Time from request read to response written.\n";
  out += "# TYPE starprep_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += fmt::format("starprep_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[i], cumulative);
    }
    out +=
        fmt::format("starprep_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, h.count);
    out += fmt::format("starprep_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("starprep_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
  }
  out += "# HELP starprep_page_cache_hits_total Pages served from the in-memory cache.\n";
  out += "# TYPE starprep_page_cache_hits_total counter\n";
  out += fmt::format("starprep_page_cache_hits_total {}\n", cache_hits_.load());
  out += "# HELP starprep_page_cache_misses_total Pages rendered because they were not cached.\n";
  out += "# TYPE starprep_page_cache_misses_total counter\n";
  out += fmt::format("starprep_page_cache_misses_total {}\n", cache_misses_.load());
  out += "# HELP starprep_http_open_connections Client connections open now.\n";
  out += "# TYPE starprep_http_open_connections gauge\n";
  out += fmt::format("starprep_http_open_connections {}\n", open_connections_.load());
  out +=
      "# HELP starprep_http_connections_refused_total Connections closed at once: their address had too many open.\n";
  out += "# TYPE starprep_http_connections_refused_total counter\n";
  out += fmt::format("starprep_http_connections_refused_total {}\n", connections_refused_.load());
  out +=
      "# HELP starprep_http_connections_evicted_total Waiting connections closed to make room under the total cap.\n";
  out += "# TYPE starprep_http_connections_evicted_total counter\n";
  out += fmt::format("starprep_http_connections_evicted_total {}\n", connections_evicted_.load());
  return out;
}

}  // namespace starprep::http
