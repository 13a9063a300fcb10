// SPDX-License-Identifier: Apache-2.0
// Tests for http::RequestParser on raw bytes: the framings that could smuggle a second request
// (RFC 9112 sections 3.2, 5.2, 6.1, 6.3) are errors with a code that names the problem, and the
// well-formed requests next to each of them still parse.

#include "http/request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace {

using starprep::http::MakeErrorCode;
using starprep::http::RequestError;
using starprep::http::RequestParser;
namespace bhttp = boost::beast::http;

struct Parsed {
  boost::system::error_code ec;  // after ClassifyError
  bool done = false;
  std::string body;
  std::size_t unread = 0;  // bytes after the end of the request (or the error)
};

// Feeds `raw` in pieces of `step` bytes (all at once when 0), as a socket might deliver it.
Parsed Parse(std::string_view raw, std::size_t step = 0) {
  RequestParser parser;
  parser.eager(true);
  Parsed out;
  std::size_t available = step == 0 ? raw.size() : std::min(step, raw.size());
  std::size_t used = 0;
  for (int guard = 0; guard < 100000 && !parser.is_done(); ++guard) {
    boost::system::error_code ec;
    if (used < available)  // like Beast's own reads: never put() an empty buffer
      used += parser.put(boost::asio::buffer(raw.data() + used, available - used), ec);
    else
      ec = bhttp::error::need_more;
    if (ec == bhttp::error::need_more) {
      if (available == raw.size()) break;
      available = std::min(raw.size(), available + (step == 0 ? raw.size() : step));
      continue;
    }
    if (ec) {
      out.ec = parser.ClassifyError(ec);
      break;
    }
  }
  out.done = parser.is_done() && !out.ec;
  out.body = parser.request.body;
  out.unread = raw.size() - used;
  return out;
}

const std::string kNext = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(RequestParserTest, UnknownTransferEncodingsAreRefusedNotReadAsNoBody) {
  // Beast alone reads each of these as a request without a body and leaves `kNext` to be parsed
  // as a second request.
  for (std::string coding : {"identity", "xchunked", "chunked, identity", "gzip, chunked", "chunked;q=1", "chunkedx",
                             "chunked chunked", ""}) {
    for (std::size_t step : {0u, 1u, 7u}) {
      Parsed p = Parse(
          "POST /feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n0\r\n\r\n" + kNext, step);
      EXPECT_EQ(p.ec, MakeErrorCode(RequestError::kUnsupportedTransferEncoding))
          << "Transfer-Encoding: " << coding << " (step " << step << "): " << p.ec.message();
      EXPECT_FALSE(p.done);
    }
  }
}

TEST(RequestParserTest, ChunkedInAnyLetterCaseStillWorks) {
  for (std::string coding : {"chunked", "Chunked", "CHUNKED", "chunked  "}) {
    Parsed p =
        Parse("POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + kNext);
    EXPECT_FALSE(p.ec) << coding << ": " << p.ec.message();
    EXPECT_TRUE(p.done) << coding;
    EXPECT_EQ(p.body, "abc") << coding;
    EXPECT_EQ(p.unread, kNext.size()) << coding;
  }
}

TEST(RequestParserTest, RepeatedTransferEncodingIsRefused) {
  for (std::string first : {"identity", "chunked"}) {
    Parsed p = Parse("POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + first +
                     "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kNext);
    EXPECT_EQ(p.ec, MakeErrorCode(RequestError::kUnsupportedTransferEncoding)) << first << ": " << p.ec.message();
  }
}

TEST(RequestParserTest, ContentLengthWithTransferEncodingIsRefusedInEitherOrder) {
  const std::string body = "0\r\n\r\n" + kNext;
  const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  const std::string chunked = "Transfer-Encoding: chunked\r\n";
  for (const auto& headers : {length + chunked, chunked + length}) {
    Parsed p = Parse("POST /f HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body);
    EXPECT_EQ(p.ec, MakeErrorCode(RequestError::kLengthAndTransferEncoding)) << headers << p.ec.message();
  }
  // An unknown coding with a length: refused for the coding, whichever comes first.
  Parsed te_first = Parse("POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n" + length + "\r\n" + body);
  EXPECT_EQ(te_first.ec, MakeErrorCode(RequestError::kUnsupportedTransferEncoding)) << te_first.ec.message();
  Parsed cl_first = Parse("POST /f HTTP/1.1\r\nHost: x\r\n" + length + "Transfer-Encoding: identity\r\n\r\n" + body);
  EXPECT_EQ(cl_first.ec, MakeErrorCode(RequestError::kLengthAndTransferEncoding)) << cl_first.ec.message();
}

TEST(RequestParserTest, Http11NeedsExactlyOneHost) {
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\n\r\n").ec, MakeErrorCode(RequestError::kMissingHost));
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 3).ec, MakeErrorCode(RequestError::kMissingHost));
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").ec, MakeErrorCode(RequestError::kRepeatedHost));
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n").ec, MakeErrorCode(RequestError::kRepeatedHost));
  EXPECT_EQ(Parse("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n").ec, MakeErrorCode(RequestError::kRepeatedHost));
  // HTTP/1.0 may omit it; an empty Host is valid (RFC 9112 3.2).
  EXPECT_TRUE(Parse("GET / HTTP/1.0\r\n\r\n").done);
  EXPECT_TRUE(Parse("GET / HTTP/1.1\r\nHost:\r\n\r\n").done);
  EXPECT_TRUE(Parse("GET / HTTP/1.1\r\nHOST: example.org:8080\r\n\r\n").done);
}

TEST(RequestParserTest, ObsoleteLineFoldingIsRefused) {
  const std::vector<std::string> folded = {
      "GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n\ttwo\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX-A:\r\n two\r\n\r\n",         // the value only on the next line
      "GET / HTTP/1.1\r\nHost: x\r\nX-A:\r\n \r\nX-B: b\r\n\r\n",  // a blank continuation
      "GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n three\r\n\r\n",
      "POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n , identity\r\n\r\n0\r\n\r\n",
  };
  for (const auto& raw : folded) {
    for (std::size_t step : {0u, 1u, 5u}) {
      Parsed p = Parse(raw, step);
      EXPECT_EQ(p.ec, MakeErrorCode(RequestError::kObsoleteLineFolding))
          << testing::PrintToString(raw) << " step " << step << ": " << p.ec.message();
    }
  }
  // A first header line that starts with a space is already a syntax error in Beast.
  EXPECT_TRUE(Parse("GET / HTTP/1.1\r\n Host: x\r\n\r\n").ec);
}

TEST(RequestParserTest, OrdinaryHeadersAreKeptAsSent) {
  Parsed p = Parse("GET / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Blank: \t \r\nX-Spaces:   a  b  \r\n\r\n", 2);
  ASSERT_FALSE(p.ec) << p.ec.message();
  EXPECT_TRUE(p.done);
  RequestParser parser;
  parser.eager(true);
  boost::system::error_code ec;
  const std::string raw = "POST /f?x=1 HTTP/1.1\r\nHost: x\r\nX-Spaces:   a  b  \r\nContent-Length: 3\r\n\r\nabc";
  parser.put(boost::asio::buffer(raw), ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_TRUE(parser.is_done());
  const auto& headers = parser.request.headers;
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0], (std::pair<std::string, std::string>{"host", "x"}));
  EXPECT_EQ(headers[1], (std::pair<std::string, std::string>{"x-spaces", "a  b"}));
  EXPECT_EQ(parser.request.target, "/f?x=1");
  EXPECT_EQ(parser.request.body, "abc");
}

TEST(RequestParserTest, ErrorsHaveTheirOwnCategoryAndReadableMessages) {
  for (auto e : {RequestError::kUnsupportedTransferEncoding, RequestError::kLengthAndTransferEncoding,
                 RequestError::kMissingHost, RequestError::kRepeatedHost, RequestError::kObsoleteLineFolding}) {
    auto ec = MakeErrorCode(e);
    EXPECT_STREQ(ec.category().name(), "starprep.request");
    EXPECT_GT(ec.message().size(), 20u);
  }
  // Other Beast errors pass through unchanged.
  RequestParser parser;
  EXPECT_EQ(parser.ClassifyError(bhttp::error::bad_field), boost::system::error_code(bhttp::error::bad_field));
}

}  // namespace
