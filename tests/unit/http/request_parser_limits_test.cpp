// SPDX-License-Identifier: Apache-2.0
// http/request_parser on the worst requests: empty, over the header and body limits (also when
// the request line and the fields share the header limit), numbers out of range, bytes that are
// not UTF-8. Every input is parsed whole (as when it is already buffered) and in small slices (as
// it arrives from a slow client); both must agree.

#include "http/request_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace starprep::http {
namespace {

namespace bhttp = boost::beast::http;

struct Parsed {
  boost::beast::error_code ec;
  bool done = false;
  Request request;
};

// Parses `bytes` offered `slice` bytes more at a time (0: all at once), as Session does.
Parsed Parse(std::string_view bytes, std::size_t slice = 0) {
  RequestParser parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  if (slice == 0) slice = std::max<std::size_t>(bytes.size(), 1);
  Parsed out;
  std::size_t offered = std::min(slice, bytes.size());
  while (!parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::const_buffer(bytes.data(), offered), out.ec);
    bytes.remove_prefix(used);
    offered -= used;
    if (out.ec == bhttp::error::need_more && offered < bytes.size()) {
      out.ec = {};
      offered = std::min(bytes.size(), offered + slice);
      continue;
    }
    if (out.ec) break;
    if (offered == 0) {
      if (bytes.empty()) break;
      offered = std::min(slice, bytes.size());
    }
  }
  out.done = parser.is_done();
  out.request = std::move(parser.request);
  return out;
}

// The same outcome whole and in 7- and 100-byte slices.
Parsed ParseAllWays(const std::string& bytes) {
  Parsed whole = Parse(bytes);
  for (std::size_t slice : {7u, 100u}) {
    Parsed sliced = Parse(bytes, slice);
    EXPECT_EQ(sliced.ec, whole.ec) << "slice " << slice;
    EXPECT_EQ(sliced.done, whole.done) << "slice " << slice;
  }
  return whole;
}

TEST(RequestParserTest, ParsesARequestWithBody) {
  Parsed p = ParseAllWays("POST /a%20b?x=1 HTTP/1.1\r\nHost: h\r\nX-Mixed-Case: V\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_FALSE(p.ec) << p.ec.message();
  ASSERT_TRUE(p.done);
  EXPECT_EQ(p.request.method, Method::kPost);
  EXPECT_EQ(p.request.target, "/a%20b?x=1");
  EXPECT_EQ(p.request.Header("x-mixed-case"), "V");
  EXPECT_EQ(p.request.headers[1].first, "x-mixed-case");  // names lower-cased
  EXPECT_EQ(p.request.body, "abc");
}

TEST(RequestParserWorstInputTest, EmptyInputNeedsMore) {
  Parsed p = Parse("");
  EXPECT_EQ(p.ec, bhttp::error::need_more);
  EXPECT_FALSE(p.done);
}

// Found by tests/fuzz/http_request: Beast limits the request line and the fields separately, so
// a request whose header arrived whole could carry up to twice the limit.
TEST(RequestParserWorstInputTest, RequestLineAndFieldsShareTheHeaderLimit) {
  const std::string over =
      "GET /?pad=" + std::string(5000, 'p') + " HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(5000, 'a') + "\r\n\r\n";
  EXPECT_EQ(ParseAllWays(over).ec, bhttp::error::header_limit);
  const std::string under =
      "GET /?pad=" + std::string(3500, 'p') + " HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(3500, 'a') + "\r\n\r\n";
  Parsed ok = ParseAllWays(under);
  EXPECT_FALSE(ok.ec) << ok.ec.message();
  EXPECT_TRUE(ok.done);
  EXPECT_EQ(ok.request.Header("x-big").size(), 3500u);
}

TEST(RequestParserWorstInputTest, HugeHeadersAndBodiesHitTheLimits) {
  EXPECT_EQ(ParseAllWays("GET /" + std::string(9000, 't') + " HTTP/1.1\r\nHost: h\r\n\r\n").ec,
            bhttp::error::header_limit);
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 1000; ++i) many += "X-" + std::to_string(i) + ": v\r\n";  // about 10 KB
  EXPECT_EQ(ParseAllWays(many + "\r\n").ec, bhttp::error::header_limit);
  // A declared length over the limit is refused before any body byte is read.
  EXPECT_EQ(ParseAllWays("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65537\r\n\r\n").ec, bhttp::error::body_limit);
  // Chunks adding up to more than the limit.
  std::string chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) chunked += "4000\r\n" + std::string(0x4000, 'c') + "\r\n";
  EXPECT_EQ(Parse(chunked + "0\r\n\r\n").ec, bhttp::error::body_limit);
}

TEST(RequestParserWorstInputTest, OutOfRangeNumbersAreRefused) {
  EXPECT_EQ(ParseAllWays("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n").ec,
            bhttp::error::bad_content_length);
  EXPECT_EQ(ParseAllWays("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n").ec,
            bhttp::error::bad_content_length);
  Parsed chunk =
      ParseAllWays("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n");
  EXPECT_TRUE(chunk.ec == bhttp::error::bad_chunk || chunk.ec == bhttp::error::body_limit) << chunk.ec.message();
  EXPECT_EQ(ParseAllWays("GET / HTTP/9.9\r\nHost: h\r\n\r\n").ec, bhttp::error::bad_version);
}

TEST(RequestParserWorstInputTest, BytesThatAreNotUtf8StayBytes) {
  // Header values may hold any byte above 0x7F (obs-text); they reach the Request unchanged and
  // whoever echoes them must make them safe (see Router's error bodies).
  Parsed p = ParseAllWays("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\xC3\xA9 \xFF\xFE\r\n\r\n");
  ASSERT_FALSE(p.ec) << p.ec.message();
  EXPECT_EQ(p.request.Header("x-name"), "caf\xC3\xA9 \xFF\xFE");
  // Control bytes are not.
  const char with_nul[] = "GET / HTTP/1.1\r\nHost: h\r\nX-Name: a\0b\r\n\r\n";
  EXPECT_EQ(ParseAllWays(std::string(with_nul, sizeof with_nul - 1)).ec, bhttp::error::bad_value);
  EXPECT_TRUE(ParseAllWays("GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n").ec);
}

}  // namespace
}  // namespace starprep::http
