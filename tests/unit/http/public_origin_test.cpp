// SPDX-License-Identifier: Apache-2.0
// http/public_origin: validating --public-url and --allowed-host, and which origin a request gets.

#include "http/public_origin.h"

#include <gtest/gtest.h>

namespace starprep::http {
namespace {

Request WithHost(const std::string& host) {
  Request r;
  r.headers.emplace_back("host", host);
  return r;
}

TEST(PublicUrlTest, AcceptsAndNormalisesAnOrigin) {
  EXPECT_EQ(*ParsePublicUrl("https://Prep.Example.com"), "https://prep.example.com");
  EXPECT_EQ(*ParsePublicUrl("HTTP://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  EXPECT_EQ(*ParsePublicUrl("https://[::1]:8443"), "https://[::1]:8443");
}

TEST(PublicUrlTest, RejectsWithAReason) {
  struct Case {
    const char* url;
    const char* reason;
  };
  for (const Case& c : {Case{"example.com", "absolute http"}, Case{"ftp://example.com", "absolute http"},
                        Case{"/relative", "absolute http"}, Case{"https://example.com/?a=1", "query"},
                        Case{"https://example.com#top", "fragment"}, Case{"https://u:p@example.com", "user name"},
                        Case{"https://example.com/prep", "without a path"}, Case{"https://", "host"},
                        Case{"https://exa mple.com", "host"}, Case{"https://example.com:99999999", "host"},
                        Case{"https://example.com:", "host"}}) {
    auto parsed = ParsePublicUrl(c.url);
    ASSERT_FALSE(parsed.ok()) << c.url;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(c.reason), std::string::npos) << c.url << ": " << parsed.error().message;
  }
}

TEST(AllowedHostTest, HostsAndOrigins) {
  auto bare = ParseAllowedHost("Prep.Example.com");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->host, "prep.example.com");
  EXPECT_EQ(bare->origin, "https://prep.example.com");
  auto plain = ParseAllowedHost("http://localhost:8080");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->host, "localhost:8080");
  EXPECT_EQ(plain->origin, "http://localhost:8080");
  EXPECT_FALSE(ParseAllowedHost("").ok());
  EXPECT_FALSE(ParseAllowedHost("evil.example/path").ok());
  EXPECT_FALSE(ParseAllowedHost("a b").ok());
}

TEST(PublicOriginTest, TheFixedOriginWinsAndNeverVaries) {
  PublicOrigin origin("https://prep.example.com", {*ParseAllowedHost("other.example")});
  EXPECT_EQ(origin.For(WithHost("evil.example")), "https://prep.example.com");
  EXPECT_EQ(origin.For(WithHost("other.example")), "https://prep.example.com");
  EXPECT_EQ(origin.CacheVariant(WithHost("evil.example")), "");
  EXPECT_TRUE(origin.Configured());
}

TEST(PublicOriginTest, OnlyAllowedHostsAppear) {
  PublicOrigin origin("", {*ParseAllowedHost("prep.example.com"), *ParseAllowedHost("http://localhost:8080")});
  EXPECT_EQ(origin.For(WithHost("PREP.example.com")), "https://prep.example.com");
  EXPECT_EQ(origin.For(WithHost("localhost:8080")), "http://localhost:8080");
  EXPECT_EQ(origin.For(WithHost("evil.example")), "");
  EXPECT_EQ(origin.For(Request{}), "");
  // Each allowed host is its own cache variant; every other Host shares the relative one.
  EXPECT_EQ(origin.CacheVariant(WithHost("prep.example.com")), "https://prep.example.com");
  EXPECT_EQ(origin.CacheVariant(WithHost("evil.example")), "relative");
  EXPECT_EQ(origin.CacheVariant(WithHost("evil2.example")), "relative");
}

TEST(PublicOriginTest, NothingConfiguredMeansRelative) {
  PublicOrigin origin;
  EXPECT_FALSE(origin.Configured());
  EXPECT_EQ(origin.For(WithHost("prep.example.com")), "");
  EXPECT_EQ(origin.CacheVariant(WithHost("prep.example.com")), "");
}

}  // namespace
}  // namespace starprep::http
