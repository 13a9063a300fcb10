// SPDX-License-Identifier: Apache-2.0
// Unit tests for core/log: the shape of a JSON log line, escaping as Boost.JSON does it, invalid
// UTF-8 replaced, numbers and booleans bare, nothing written below the logger's level.

#include "core/log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <memory>
#include <sstream>
#include <string>

namespace {

namespace log = starprep::log;

// Points spdlog's default logger at a string stream (message only) for one test.
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("log_test", sink);
    logger->set_pattern("%v");
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  // The lines written so far, without the final newline.
  std::string Written() {
    std::string s = out_.str();
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LogTest, WritesEventThenFieldsInOrder) {
  log::Info("listening", {{"host", "127.0.0.1"}, {"port", std::uint16_t{8080}}, {"ok", true}, {"delta", -3}});
  EXPECT_EQ(Written(), R"({"event":"listening","host":"127.0.0.1","port":8080,"ok":true,"delta":-3})");
}

TEST_F(LogTest, EventWithoutFields) {
  log::Warn("ready");
  EXPECT_EQ(Written(), R"({"event":"ready"})");
}

TEST_F(LogTest, EscapesTextLikeBoostJson) {
  const std::string samples[] = {"plain",
                                 "quote \" and backslash \\",
                                 "tab\tnew\nline\rcr\bback\fform",
                                 std::string("nul\0one\x01\x1f", 10),
                                 "del \x7f",
                                 "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                                 "/path?q=a&b=<c>",
                                 ""};
  for (const std::string& s : samples) {
    EXPECT_EQ(log::JsonQuote(s), boost::json::serialize(boost::json::string(s))) << s;
    out_.str("");
    log::Info("e", {{"v", s}});
    EXPECT_EQ(Written(), "{\"event\":\"e\",\"v\":" + boost::json::serialize(boost::json::string(s)) + "}");
  }
}

TEST_F(LogTest, ReplacesInvalidUtf8SoTheLineStaysJson) {
  // A lone continuation byte, a truncated sequence, an overlong encoding and a surrogate.
  const std::string bad = "a\x80z \xE2\x82 \xC0\xAF \xED\xA0\x80";
  log::Error("bad", {{"target", bad}});
  const std::string line = Written();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  ASSERT_FALSE(ec) << line;
  const std::string target(v.at("target").as_string());
  EXPECT_EQ(target.substr(0, 5), "a\xEF\xBF\xBDz");
  EXPECT_EQ(target.find('\x80'), std::string::npos);
  EXPECT_EQ(target.find('\xC0'), std::string::npos);
}

TEST_F(LogTest, NothingBelowTheLevel) {
  spdlog::default_logger()->set_level(spdlog::level::warn);
  log::Info("quiet", {{"k", "v"}});
  EXPECT_EQ(Written(), "");
  log::Warn("loud");
  EXPECT_EQ(Written(), R"({"event":"loud"})");
}

}  // namespace
