// SPDX-License-Identifier: Apache-2.0
// Unit tests for http/metrics: the Prometheus text exposition of request counters, the latency
// histogram (cumulative buckets, +Inf == count, sum) and the page-cache counters.

#include "http/metrics.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

using starprep::http::Metrics;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Sample value of the line that starts with `series` followed by a space; NaN if absent.
double Sample(const std::string& text, const std::string& series) {
  for (const auto& line : Lines(text))
    if (line.starts_with(series + " ")) return std::stod(line.substr(series.size() + 1));
  return std::numeric_limits<double>::quiet_NaN();
}

struct Bucket {
  std::string le;
  double count;
};

// The histogram buckets of `route`, in output order.
std::vector<Bucket> Buckets(const std::string& text, const std::string& route) {
  std::vector<Bucket> out;
  const std::regex re("starprep_http_request_duration_seconds_bucket\\{route=\"" + route +
                      "\",le=\"([^\"]+)\"\\} ([0-9.e+-]+)");
  for (const auto& line : Lines(text)) {
    std::smatch m;
    if (std::regex_match(line, m, re)) out.push_back({m[1], std::stod(m[2])});
  }
  return out;
}

TEST(MetricsTest, EmptyRegistryStillDescribesEveryMetric) {
  Metrics m;
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE starprep_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE starprep_http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE starprep_page_cache_hits_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE starprep_page_cache_misses_total counter\n"), std::string::npos);
  EXPECT_EQ(Sample(text, "starprep_page_cache_hits_total"), 0);
  EXPECT_EQ(Sample(text, "starprep_page_cache_misses_total"), 0);
  EXPECT_EQ(text.find("starprep_http_requests_total{"), std::string::npos);
}

TEST(MetricsTest, CountsRequestsByRouteMethodAndStatus) {
  Metrics m;
  m.ObserveRequest("/roles/{slug}", "GET", 200, 0.002);
  m.ObserveRequest("/roles/{slug}", "GET", 200, 0.003);
  m.ObserveRequest("/roles/{slug}", "GET", 304, 0.001);
  m.ObserveRequest("/feedback", "POST", 303, 0.01);
  m.ObserveRequest("-", "GET", 404, 0.0001);
  std::string text = m.Render();
  EXPECT_EQ(Sample(text, "starprep_http_requests_total{route=\"/roles/{slug}\",method=\"GET\",status=\"200\"}"), 2);
  EXPECT_EQ(Sample(text, "starprep_http_requests_total{route=\"/roles/{slug}\",method=\"GET\",status=\"304\"}"), 1);
  EXPECT_EQ(Sample(text, "starprep_http_requests_total{route=\"/feedback\",method=\"POST\",status=\"303\"}"), 1);
  EXPECT_EQ(Sample(text, "starprep_http_requests_total{route=\"-\",method=\"GET\",status=\"404\"}"), 1);
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndEndInInfEqualToCount) {
  Metrics m;
  const std::vector<double> observations = {0.00005, 0.0001, 0.0003, 0.003, 0.003, 0.2, 0.9, 1.0, 5.0, 12.5};
  double sum = 0;
  for (double s : observations) {
    m.ObserveRequest("/", "GET", 200, s);
    sum += s;
  }
  std::string text = m.Render();
  auto buckets = Buckets(text, "/");
  ASSERT_EQ(buckets.size(), Metrics::kBuckets.size() + 1);
  for (std::size_t i = 0; i < Metrics::kBuckets.size(); ++i) {
    EXPECT_DOUBLE_EQ(std::stod(buckets[i].le), Metrics::kBuckets[i]) << i;
    std::size_t expected = 0;
    for (double s : observations) expected += s <= Metrics::kBuckets[i];
    EXPECT_EQ(buckets[i].count, static_cast<double>(expected)) << "le=" << buckets[i].le;
    if (i > 0) {
      EXPECT_GE(buckets[i].count, buckets[i - 1].count);
    }
  }
  EXPECT_EQ(buckets.back().le, "+Inf");
  EXPECT_EQ(buckets.back().count, static_cast<double>(observations.size()));
  EXPECT_EQ(Sample(text, "starprep_http_request_duration_seconds_count{route=\"/\"}"),
            static_cast<double>(observations.size()));
  EXPECT_NEAR(Sample(text, "starprep_http_request_duration_seconds_sum{route=\"/\"}"), sum, 1e-9);
}

TEST(MetricsTest, BoundaryValuesFallInTheirOwnBucket) {
  Metrics m;
  m.ObserveRequest("/b", "GET", 200, 0.001);  // exactly a bucket bound: le is "less or equal"
  auto buckets = Buckets(m.Render(), "/b");
  ASSERT_EQ(buckets.size(), Metrics::kBuckets.size() + 1);
  for (std::size_t i = 0; i < Metrics::kBuckets.size(); ++i)
    EXPECT_EQ(buckets[i].count, Metrics::kBuckets[i] >= 0.001 ? 1.0 : 0.0) << buckets[i].le;
}

TEST(MetricsTest, HistogramsAreKeptPerRoute) {
  Metrics m;
  m.ObserveRequest("/a", "GET", 200, 0.0001);
  m.ObserveRequest("/a", "POST", 400, 0.0001);
  m.ObserveRequest("/b", "GET", 200, 2.0);
  std::string text = m.Render();
  EXPECT_EQ(Sample(text, "starprep_http_request_duration_seconds_count{route=\"/a\"}"), 2);
  EXPECT_EQ(Sample(text, "starprep_http_request_duration_seconds_count{route=\"/b\"}"), 1);
  auto b = Buckets(text, "/b");
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b[b.size() - 2].count, 0);  // le="1"
  EXPECT_EQ(b.back().count, 1);         // le="+Inf"
}

TEST(MetricsTest, CacheCounters) {
  Metrics m;
  m.CacheHit();
  m.CacheHit();
  m.CacheMiss();
  std::string text = m.Render();
  EXPECT_EQ(Sample(text, "starprep_page_cache_hits_total"), 2);
  EXPECT_EQ(Sample(text, "starprep_page_cache_misses_total"), 1);
}

TEST(MetricsTest, EveryLineIsValidExpositionFormat) {
  Metrics m;
  m.ObserveRequest("/roles/{slug}", "GET", 200, 0.004);
  m.ObserveRequest("/api/v1/roles", "HEAD", 200, 0.02);
  m.CacheMiss();
  std::string text = m.Render();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const std::regex comment("# (HELP|TYPE) [a-z_]+ .+");
  const std::regex sample("[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)+\\})? [-+0-9.eInf]+");
  std::map<std::string, int> type_lines;
  for (const auto& line : Lines(text)) {
    EXPECT_TRUE(std::regex_match(line, comment) || std::regex_match(line, sample)) << line;
    if (line.starts_with("# TYPE ")) ++type_lines[line.substr(7, line.find(' ', 7) - 7)];
  }
  for (const auto& [name, n] : type_lines) EXPECT_EQ(n, 1) << name;
  EXPECT_EQ(type_lines.size(), 7u);
}

TEST(MetricsTest, ConnectionGaugeAndCounters) {
  Metrics m;
  for (int i = 0; i < 3; ++i) m.ConnectionOpened();
  m.ConnectionClosed();
  m.ConnectionRefused();
  m.ConnectionEvicted();
  m.ConnectionEvicted();
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE starprep_http_open_connections gauge\n"), std::string::npos);
  EXPECT_EQ(Sample(text, "starprep_http_open_connections"), 2);
  EXPECT_EQ(Sample(text, "starprep_http_connections_refused_total"), 1);
  EXPECT_EQ(Sample(text, "starprep_http_connections_evicted_total"), 2);
}

}  // namespace
