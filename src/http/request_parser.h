// SPDX-License-Identifier: Apache-2.0
#pragma once
// Parses one HTTP/1.1 request straight into an http::Request. Includes Beast: only server.cpp, its
// unit test (tests/unit/http/request_parser_test.cpp) and the request fuzzer (tests/fuzz) may include
// this header.
//
// The header limit (header_limit(): request line and fields together) and the body limit
// (body_limit()) are enforced before any byte past them reaches the Request; a limit or syntax
// error ends the parse with a Beast error code.
//
// On top of Beast, the parser refuses the framings that let a request hide another one
// (request smuggling, RFC 9112 sections 3.2, 5.2 and 6), each with a RequestError code:
//   - a Transfer-Encoding other than exactly one "chunked" coding (Beast reads `identity`,
//     `xchunked` or `chunked, identity` as "no body" and would parse the body as a second request);
//   - Transfer-Encoding together with Content-Length, in either order;
//   - an HTTP/1.1 request without Host, or any request with more than one Host;
//   - obsolete line folding (a header line that starts with a space or tab), which Beast accepts.
// After any error the connection must be closed: the parser cannot know where the next request
// begins. ClassifyError() turns the Beast codes that mean the same thing into these codes.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <system_error>

#include "core/strings.h"
#include "http/message.h"

namespace starprep::http {

inline Method ToMethod(boost::beast::http::verb v) {
  switch (v) {
    case boost::beast::http::verb::get:
      return Method::kGet;
    case boost::beast::http::verb::head:
      return Method::kHead;
    case boost::beast::http::verb::post:
      return Method::kPost;
    case boost::beast::http::verb::put:
      return Method::kPut;
    case boost::beast::http::verb::patch:
      return Method::kPatch;
    case boost::beast::http::verb::delete_:
      return Method::kDelete;
    case boost::beast::http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

// Framing errors found by RequestParser (category "starprep.request"). Every one is a 400 that
// closes the connection; message() names the problem in words a client developer understands.
enum class RequestError {
  kUnsupportedTransferEncoding = 1,  // not exactly one "chunked" coding, or the header repeated
  kLengthAndTransferEncoding,        // both Content-Length and Transfer-Encoding
  kMissingHost,                      // HTTP/1.1 without Host
  kRepeatedHost,                     // more than one Host
  kObsoleteLineFolding,              // a header line starting with SP or HTAB
};

class RequestErrorCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "starprep.request"; }
  std::string message(int code) const override {
    switch (static_cast<RequestError>(code)) {
      case RequestError::kUnsupportedTransferEncoding:
        return "Transfer-Encoding must be exactly \"chunked\" (one coding, one header); other codings are not "
               "supported";
      case RequestError::kLengthAndTransferEncoding:
        return "a request must not carry both Content-Length and Transfer-Encoding";
      case RequestError::kMissingHost:
        return "an HTTP/1.1 request needs a Host header";
      case RequestError::kRepeatedHost:
        return "a request must carry exactly one Host header";
      case RequestError::kObsoleteLineFolding:
        return "a header line starts with a space or tab (obsolete line folding is not accepted)";
    }
    return "malformed request";
  }
};

inline const boost::system::error_category& RequestErrorCategoryInstance() {
  static const RequestErrorCategory category;
  return category;
}

inline boost::system::error_code MakeErrorCode(RequestError e) {
  return {static_cast<int>(e), RequestErrorCategoryInstance()};
}

// Fills `request` without Beast's header container: names lower-cased, the body appended.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser() { request.headers.reserve(16); }
  Request request;

  // The error to report for `ec`, an error this parser returned: Beast's own codes for a
  // Content-Length/Transfer-Encoding conflict or a repeated Transfer-Encoding become RequestError
  // codes (Beast checks those before our callback sees the field); anything else is unchanged.
  boost::system::error_code ClassifyError(boost::system::error_code ec) const {
    namespace bhttp = boost::beast::http;
    if (ec == bhttp::error::bad_transfer_encoding)  // Beast: a second TE, or TE after Content-Length
      return MakeErrorCode(saw_content_length_ ? RequestError::kLengthAndTransferEncoding
                                               : RequestError::kUnsupportedTransferEncoding);
    if (ec == bhttp::error::bad_content_length && saw_transfer_encoding_)  // Beast: CL after TE: chunked
      return MakeErrorCode(RequestError::kLengthAndTransferEncoding);
    return ec;
  }

  // Beast checks its header limit against the request line and against the fields separately,
  // so each could reach the limit (found by tests/fuzz/http_request). This one also limits their
  // sum: request line plus fields, counted as parsed (without optional white space), over
  // `bytes` ends the parse with http::error::header_limit.
  void header_limit(std::uint32_t bytes) {
    header_limit_bytes_ = bytes;
    basic_parser::header_limit(bytes);
  }

 private:
  std::size_t header_limit_bytes_ = 8192;  // Beast's default
  std::size_t header_bytes_ = 0;

  void CountHeaderBytes(std::size_t n, boost::beast::error_code& ec) {
    header_bytes_ += n;
    if (header_bytes_ > header_limit_bytes_) ec = boost::beast::http::error::header_limit;
  }

  void on_request_impl(boost::beast::http::verb method, boost::beast::string_view method_text,
                       boost::beast::string_view target, int version, boost::beast::error_code& ec) override {
    CountHeaderBytes(method_text.size() + target.size() + 12, ec);  // "<method> <target> HTTP/1.1\r\n"
    request.method = ToMethod(method);
    request.target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, boost::beast::string_view, int, boost::beast::error_code&) override {}
  void on_field_impl(boost::beast::http::field field, boost::beast::string_view name, boost::beast::string_view value,
                     boost::beast::error_code& ec) override {
    CountHeaderBytes(name.size() + value.size() + 4, ec);  // "<name>: <value>\r\n"
    if (ec) return;
    if (Folded(name, value)) {
      ec = MakeErrorCode(RequestError::kObsoleteLineFolding);
      return;
    }
    switch (field) {
      case boost::beast::http::field::host:
        if (++hosts_ > 1) ec = MakeErrorCode(RequestError::kRepeatedHost);
        break;
      case boost::beast::http::field::content_length:
        // Beast refuses Content-Length after Transfer-Encoding: chunked (see ClassifyError), and a
        // non-chunked Transfer-Encoding never gets this far.
        saw_content_length_ = true;
        break;
      case boost::beast::http::field::transfer_encoding:
        // Beast refuses Transfer-Encoding after Content-Length and after "chunked" (ClassifyError);
        // what reaches here is the first one, or a second one after a non-chunked first.
        if (saw_transfer_encoding_ || !AsciiIEquals(std::string_view(value.data(), value.size()), "chunked"))
          ec = MakeErrorCode(RequestError::kUnsupportedTransferEncoding);
        saw_transfer_encoding_ = true;
        break;
      default:
        break;
    }
    if (ec) return;
    request.headers.emplace_back(AsciiLower(name), std::string(value));
  }
  void on_header_impl(boost::beast::error_code& ec) override {
    if (hosts_ == 0 && version_ >= 11) ec = MakeErrorCode(RequestError::kMissingHost);
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, boost::beast::error_code&) override {
    if (length) request.body.reserve(static_cast<std::size_t>(*length));  // already checked against the limit
  }
  std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code&) override {
    request.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, boost::beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, boost::beast::error_code&) override {
    request.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(boost::beast::error_code&) override {}

  // True when the field's value was folded over several lines. Beast accepts obs-fold and hands
  // us the lines joined, so the raw bytes must tell: `name` points into the input, and Beast has
  // checked that ':', the optional whitespace after it and the first line's end are there too.
  // An unfolded value starts right after that whitespace (an empty one too, at the CR); a folded
  // value is either a copy (the lines joined elsewhere) or starts on a later line.
  static bool Folded(boost::beast::string_view name, boost::beast::string_view value) {
    const char* p = name.data() + name.size() + 1;  // just past ':'
    while (*p == ' ' || *p == '\t') ++p;
    return value.data() != p;
  }

  int version_ = 11;
  int hosts_ = 0;
  bool saw_content_length_ = false;
  bool saw_transfer_encoding_ = false;
};

}  // namespace starprep::http
