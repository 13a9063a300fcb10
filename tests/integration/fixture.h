// SPDX-License-Identifier: Apache-2.0
#pragma once
// A gtest fixture whose suite shares one server (bundled content, fresh data dir), started in
// SetUpTestSuite and stopped with SIGTERM in TearDownTestSuite, which also checks exit code 0.
// Tests on a shared server must not depend on the order they run in: they use their own
// Browser (a new visitor) and compare feedback counts before and after, never absolute values.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "harness.h"

namespace starprep::it {

class SharedServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>("shared");
    server_ = std::make_unique<ServerProcess>(dir_->path() / "data");
    start_error_.clear();
    if (!server_->Start()) start_error_ = server_->error();
  }

  static void TearDownTestSuite() {
    if (server_ && server_->running()) {
      int code = server_->Stop();
      EXPECT_EQ(code, 0) << "the server must exit 0 on SIGTERM; stderr:\n" << server_->StderrLog();
    }
    server_.reset();
    dir_.reset();
  }

  void SetUp() override { ASSERT_TRUE(start_error_.empty()) << "server did not start: " << start_error_; }

  static std::uint16_t port() { return server_->port(); }
  static ServerProcess& server() { return *server_; }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::string start_error_;
};

// The CSP, nosniff and Referrer-Policy headers every response must carry.
inline ::testing::AssertionResult HasSecurityHeaders(const HttpResponse& r) {
  std::string csp = r.Header("content-security-policy");
  if (csp.empty()) return ::testing::AssertionFailure() << "no Content-Security-Policy (status " << r.status << ")";
  if (csp.find("unsafe-inline") != std::string::npos)
    return ::testing::AssertionFailure() << "CSP allows 'unsafe-inline': " << csp;
  if (csp.find("frame-ancestors 'none'") == std::string::npos)
    return ::testing::AssertionFailure() << "CSP lacks frame-ancestors 'none': " << csp;
  if (r.Header("x-content-type-options") != "nosniff")
    return ::testing::AssertionFailure() << "X-Content-Type-Options is '" << r.Header("x-content-type-options")
                                         << "' (status " << r.status << ")";
  if (r.Header("referrer-policy").empty())
    return ::testing::AssertionFailure() << "no Referrer-Policy (status " << r.status << ")";
  return ::testing::AssertionSuccess();
}

// {"error":{"code":CODE,"message":non-empty}} with a JSON content type.
inline ::testing::AssertionResult IsJsonError(const HttpResponse& r, int status, const std::string& code = "") {
  if (r.status != status)
    return ::testing::AssertionFailure() << "status " << r.status << " (want " << status << "): " << r.error << r.body;
  if (!r.Header("content-type").starts_with("application/json"))
    return ::testing::AssertionFailure() << "content type '" << r.Header("content-type") << "': " << r.body;
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);  // also rejects bodies that are not UTF-8
  if (ec) return ::testing::AssertionFailure() << "body is not valid JSON (" << ec.message() << "): " << r.body;
  if (!v.is_object() || !v.as_object().contains("error") || !v.at("error").is_object())
    return ::testing::AssertionFailure() << "not an error object: " << r.body;
  const auto& e = v.at("error").as_object();
  if (!e.contains("code") || !e.at("code").is_string() || !e.contains("message") || !e.at("message").is_string() ||
      e.at("message").as_string().empty())
    return ::testing::AssertionFailure() << "error lacks code/message: " << r.body;
  if (!code.empty() && e.at("code").as_string() != code)
    return ::testing::AssertionFailure() << "error code " << e.at("code") << " (want " << code << "): " << r.body;
  return ::testing::AssertionSuccess();
}

// Feedback counts of a question through the API: {helpful, not_helpful, comments}; -1s on error.
struct Counts {
  std::int64_t helpful = -1, not_helpful = -1, comments = -1;
  bool operator==(const Counts&) const = default;
};
inline std::ostream& operator<<(std::ostream& os, const Counts& c) {
  return os << "{helpful " << c.helpful << ", not_helpful " << c.not_helpful << ", comments " << c.comments << "}";
}
inline Counts FeedbackCounts(std::uint16_t port, const std::string& question_id) {
  HttpResponse r = Get(port, "/api/v1/questions/" + question_id + "/feedback");
  Counts c;
  auto v = r.Json();
  if (r.status != 200 || !v.is_object()) return c;
  const auto& o = v.as_object();
  if (o.contains("helpful")) c.helpful = o.at("helpful").to_number<std::int64_t>();
  if (o.contains("not_helpful")) c.not_helpful = o.at("not_helpful").to_number<std::int64_t>();
  if (o.contains("comments")) c.comments = o.at("comments").to_number<std::int64_t>();
  return c;
}

inline constexpr const char* kBackend = "backend-developer";
inline constexpr const char* kDebugQuestion = "be-debugging-complex-issue";

}  // namespace starprep::it
