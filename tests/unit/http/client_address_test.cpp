// SPDX-License-Identifier: Apache-2.0
#include "http/client_address.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/message.h"

namespace starprep::http {
namespace {

const std::vector<std::string> kProxy = {"127.0.0.1"};
const std::vector<std::string> kTwoProxies = {"127.0.0.1", "10.0.0.5"};

TEST(ClientAddressTest, WithoutTrustedProxiesThePeerIsTheClient) {
  EXPECT_EQ(ClientAddress("203.0.113.7", "198.51.100.1", {}), "203.0.113.7");
  EXPECT_EQ(ClientAddress("203.0.113.7", "198.51.100.1", kProxy), "203.0.113.7") << "the peer is no proxy of ours";
}

TEST(ClientAddressTest, ATrustedProxyNamesTheClient) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1", kProxy), "198.51.100.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", " 2001:db8::1 ", kProxy), "2001:db8::1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "", kProxy), "127.0.0.1") << "no header: the proxy itself";
}

TEST(ClientAddressTest, OnlyHopsAddedByTrustedProxiesAreBelieved) {
  // The client forged "1.2.3.4"; HAProxy appended the address it really saw.
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4, 198.51.100.1", kProxy), "198.51.100.1");
  // Two proxies of ours in a row (a CDN edge we trust, then HAProxy).
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.5", kTwoProxies), "198.51.100.1");
  // Every hop is ours: the leftmost one is the best we know.
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.0.0.5, 127.0.0.1", kTwoProxies), "10.0.0.5");
}

TEST(ClientAddressTest, MalformedHopsStopAtTheLastGoodAddress) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1, unknown", kProxy), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9:443", kProxy), "127.0.0.1") << "a port is not an address";
  EXPECT_EQ(ClientAddress("127.0.0.1", "[2001:db8::1]", kProxy), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1,,", kProxy), "198.51.100.1") << "empty elements are skipped";
  EXPECT_EQ(ClientAddress("127.0.0.1", ",,,,", kProxy), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "\xff\xfe, \xc3\x28", kProxy), "127.0.0.1") << "invalid UTF-8";
  EXPECT_EQ(ClientAddress("127.0.0.1", "999.1.1.1", kProxy), "127.0.0.1") << "out-of-range octet";
  EXPECT_EQ(ClientAddress("127.0.0.1", std::string(100, '1'), kProxy), "127.0.0.1") << "longer than any address";
}

TEST(ClientAddressTest, HugeHeadersEndInOnePass) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "127.0.0.1, ";
  EXPECT_EQ(ClientAddress("127.0.0.1", many + "198.51.100.1", kProxy), "198.51.100.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1, " + many, kProxy), "198.51.100.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", std::string(8000, ','), kProxy), "127.0.0.1");
}

TEST(ClientAddressTest, SeveralHeadersAreOneListInOrder) {
  Request req;
  req.headers = {{"x-forwarded-for", "1.2.3.4"}, {"host", "x"}, {"x-forwarded-for", "198.51.100.1"}};
  EXPECT_EQ(ClientAddressOf(req, "127.0.0.1", kProxy), "198.51.100.1");
  EXPECT_EQ(ClientAddressOf(req, "127.0.0.1", {}), "127.0.0.1");
}

TEST(ClientAddressTest, IpLiterals) {
  EXPECT_TRUE(IsIpLiteral("192.0.2.1"));
  EXPECT_TRUE(IsIpLiteral("::1"));
  EXPECT_TRUE(IsIpLiteral("::ffff:192.0.2.1"));
  EXPECT_FALSE(IsIpLiteral(""));
  EXPECT_FALSE(IsIpLiteral("localhost"));
  EXPECT_FALSE(IsIpLiteral("192.0.2.1 "));
  EXPECT_FALSE(IsIpLiteral(std::string("192.0.2.1\0x", 11)));
}

}  // namespace
}  // namespace starprep::http
